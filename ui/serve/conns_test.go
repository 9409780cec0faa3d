package serve

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui/serve/servetest"
)

// dialAs logs in as name and opens nothing.
func (f *fixture) dialAs(t *testing.T, name string) *gossh.Client {
	t.Helper()
	client, err := servetest.Dial(f.addr, servetest.Config(name, gossh.PublicKeys(f.keys[name])))
	if err != nil {
		t.Fatalf("%s: log in: %v\nserver log:\n%s", name, err, f.log.String())
	}
	t.Cleanup(func() { client.Close() })
	return client
}

// closedBy reports when the server closes client's connection, or fails
// the test after within.
func closedBy(t *testing.T, client *gossh.Client, within time.Duration) time.Time {
	t.Helper()
	done := make(chan struct{})
	go func() { client.Wait(); close(done) }()
	select {
	case <-done:
		return time.Now()
	case <-time.After(within):
		t.Fatalf("the connection is still open after %s", within)
	}
	return time.Time{}
}

// stillOpen fails the test if the server closed client's connection.
func stillOpen(t *testing.T, client *gossh.Client) {
	t.Helper()
	// A global request the server answers (no: it handles none), which a
	// closed connection cannot.
	if _, _, err := client.SendRequest("keepalive@waybill", true, nil); err != nil {
		t.Fatalf("the connection was closed: %v", err)
	}
}

// A connection that logs in and holds no session is closed after
// SessionWait, however far towards a session it went; the wait starts
// again when a session ends.
func TestLoggedInConnectionWithoutSessionIsClosed(t *testing.T) {
	const wait = 700 * time.Millisecond
	f := start(t, func(o *Options) { o.SessionWait = wait }, agentSpec{"alice", tracker.RoleViewer})
	tests := []struct {
		name string
		do   func(t *testing.T, c *gossh.Client) // what the client does once logged in
	}{
		{"no session channel", func(*testing.T, *gossh.Client) {}},
		{"a session channel, no request", func(t *testing.T, c *gossh.Client) {
			if _, err := c.NewSession(); err != nil {
				t.Fatal(err)
			}
		}},
		{"a terminal, no shell", func(t *testing.T, c *gossh.Client) {
			s, err := c.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			if err := s.RequestPty("xterm", 24, 80, nil); err != nil {
				t.Fatal(err)
			}
		}},
		{"after a refused session", func(t *testing.T, c *gossh.Client) {
			s, err := c.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			var out syncBuffer
			s.Stdout, s.Stderr = &out, &out
			if err := s.Run(""); err == nil || !strings.Contains(out.String(), "no terminal") {
				t.Fatalf("a session without a terminal: %v, %q", err, out.String())
			}
		}},
		{"after a screen that quit", func(t *testing.T, c *gossh.Client) {
			s, err := servetest.Start(c, "xterm", 100, 30)
			if err != nil {
				t.Fatal(err)
			}
			mustScreen(t, s, "alice · viewer")
			time.Sleep(2 * wait) // a screen open past the wait keeps its connection
			stillOpen(t, c)
			s.Type("q")
			if err := s.Wait(waitEnd); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := f.dialAs(t, "alice")
			tt.do(t, c)
			from := time.Now()
			closed := closedBy(t, c, wait+waitEnd)
			if took := closed.Sub(from); took < wait-200*time.Millisecond {
				t.Errorf("closed %s after, before the %s wait", took, wait)
			}
		})
	}
	f.log.waitLog(t, "ssh connection closed: no session opened", "agent=alice", "session_wait=700ms")
}

// One key holds at most MaxConnectionsPerKey connections and as many
// screens; the refusal names the agent, and other agents still log in.
func TestConnectionsPerKeyAreCapped(t *testing.T) {
	f := start(t, func(o *Options) { o.MaxConnectionsPerKey = 2; o.SessionWait = time.Minute },
		agentSpec{"vic", tracker.RoleViewer}, agentSpec{"bob", tracker.RoleAgent})
	held := []*gossh.Client{f.dialAs(t, "vic"), f.dialAs(t, "vic")}

	var banner syncBuffer
	cfg := servetest.Config("vic", gossh.PublicKeys(f.keys["vic"]))
	cfg.BannerCallback = func(msg string) error { banner.Write([]byte(msg)); return nil }
	if c, err := servetest.Dial(f.addr, cfg); err == nil {
		c.Close()
		t.Fatal("a third connection of one key was let in")
	}
	if !strings.Contains(banner.String(), "vic already has 2 connections open") {
		t.Errorf("the client was not told why: banner %q", banner.String())
	}
	f.log.waitLog(t, "ssh login refused: this key holds too many connections", "agent=vic", "role=viewer", "max_per_key=2")

	// Another agent is not locked out.
	mustScreen(t, f.login(t, "bob"), "bob · agent")

	// A place a connection gives back is free again.
	held[1].Close()
	deadline := time.Now().Add(waitEnd)
	for {
		c, err := servetest.Dial(f.addr, servetest.Config("vic", gossh.PublicKeys(f.keys["vic"])))
		if err == nil {
			held[1] = c
			t.Cleanup(func() { c.Close() })
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("vic cannot log in again after closing a connection: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Screens: one connection may carry several, but not past the key's share.
	var screens []*servetest.Session
	for _, c := range []*gossh.Client{held[0], held[1]} {
		s, err := servetest.Start(c, "xterm", 100, 30)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		mustScreen(t, s, "vic · viewer")
		screens = append(screens, s)
	}
	third, err := servetest.Start(held[0], "xterm", 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := third.WaitFor(waitScreen, "vic already has 2 sessions open"); err != nil {
		t.Fatal(err)
	}
	f.log.waitLog(t, "ssh session refused", "agent=vic", "2 sessions open")
	screens[0].Type("q")
	if err := screens[0].Wait(waitEnd); err != nil {
		t.Fatal(err)
	}
	again, err := servetest.Start(held[0], "xterm", 100, 30)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(again.Close)
	mustScreen(t, again, "vic · viewer")
}

// listed is a server whose agents come from an authorized_keys file and
// from [[agents]] read by a loader, as `waybill serve` has them; edit
// rewrites either and the server reads it within KeysCheck.
type listed struct {
	*fixture
	keysPath, cfgPath string
	lines             map[string]string // authorized_keys line by agent
	mu                sync.Mutex
	cfgAgents         []tracker.AgentConfig
	touches           int
}

func startListed(t *testing.T, file []string, cfgAgents []agentSpec, tweak func(*Options)) *listed {
	t.Helper()
	dir := t.TempDir()
	l := &listed{keysPath: filepath.Join(dir, "authorized_keys"), cfgPath: filepath.Join(dir, "config.toml"), lines: map[string]string{}}
	signers := map[string]gossh.Signer{}
	for _, name := range file {
		s, line, _ := servetest.NewKey(name)
		signers[name], l.lines[name] = s, line
	}
	for _, a := range cfgAgents {
		s, line, _ := servetest.NewKey(a.name + "@laptop")
		signers[a.name], l.lines[a.name] = s, line
		l.cfgAgents = append(l.cfgAgents, tracker.AgentConfig{Name: a.name, Role: string(a.role), PublicKey: line})
	}
	l.writeKeys(t, file...)
	l.touch(t, l.cfgPath)
	f := start(t, func(o *Options) {
		k, err := NewKeys(l.cfgAgents, l.keysPath, tracker.RoleAgent, o.Log)
		if err != nil {
			t.Fatal(err)
		}
		k.WatchConfig(l.cfgPath, func() ([]tracker.AgentConfig, error) {
			l.mu.Lock()
			defer l.mu.Unlock()
			return l.cfgAgents, nil
		})
		o.Keys = k
		o.KeysCheck = 50 * time.Millisecond
		o.SessionWait = time.Minute
		if tweak != nil {
			tweak(o)
		}
	})
	for name, s := range signers {
		f.keys[name] = s
	}
	l.fixture = f
	return l
}

// touch gives path a new modification time, later than any before, so a
// coarse clock cannot hide the change.
func (l *listed) touch(t *testing.T, path string) {
	t.Helper()
	l.touches++
	if _, err := os.Stat(path); err != nil {
		if err := os.WriteFile(path, []byte("# agents\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Now().Add(time.Duration(l.touches) * time.Second)
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}

// writeKeys writes the authorized_keys file with the lines of names.
func (l *listed) writeKeys(t *testing.T, names ...string) {
	t.Helper()
	var b strings.Builder
	for _, n := range names {
		b.WriteString(l.lines[n] + "\n")
	}
	if err := os.WriteFile(l.keysPath, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	l.touch(t, l.keysPath)
}

// setAgents changes the [[agents]] the loader returns and the config file's
// time, as an edit of the config does.
func (l *listed) setAgents(t *testing.T, agents []tracker.AgentConfig) {
	t.Helper()
	l.mu.Lock()
	l.cfgAgents = agents
	l.mu.Unlock()
	l.touch(t, l.cfgPath)
}

// A key taken off its list, or listed now as someone else, loses its live
// screens (each quits and says why) and its connections, when the list is
// read again; other agents keep theirs.
func TestRevokedKeyLosesItsConnections(t *testing.T) {
	tests := []struct {
		name   string
		who    string // the agent whose key changes
		other  string // an agent whose session goes on
		change func(t *testing.T, l *listed)
		why    string
		after  string // the screen's status bar when the key logs in again; "" when it cannot
	}{
		{"taken out of authorized_keys", "alice", "cy", func(t *testing.T, l *listed) { l.writeKeys(t, "bob") },
			"the key is no longer listed", ""},
		{"renamed in authorized_keys", "alice", "bob", func(t *testing.T, l *listed) {
			l.lines["alice"] = strings.Replace(l.lines["alice"], " alice", " eve", 1)
			l.writeKeys(t, "alice", "bob")
		}, "the key is now listed as eve · agent", "eve · agent"},
		{"authorized_keys removed", "alice", "cy", func(t *testing.T, l *listed) {
			if err := os.Remove(l.keysPath); err != nil {
				t.Fatal(err)
			}
		}, "the key is no longer listed", ""},
		{"taken out of [[agents]]", "cy", "bob", func(t *testing.T, l *listed) { l.setAgents(t, nil) },
			"the key is no longer listed", ""},
		{"made a viewer in [[agents]]", "cy", "alice", func(t *testing.T, l *listed) {
			l.setAgents(t, []tracker.AgentConfig{{Name: "cy", Role: "viewer", PublicKey: l.lines["cy"]}})
		}, "the key is now listed as cy · viewer", "cy · viewer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := startListed(t, []string{"alice", "bob"}, []agentSpec{{"cy", tracker.RoleAdmin}}, nil)
			screen := l.login(t, tt.who)
			mustScreen(t, screen, tt.who+" · ")
			bare := l.dialAs(t, tt.who) // logged in, no session yet
			other := l.login(t, tt.other)
			mustScreen(t, other, tt.other+" · ")

			tt.change(t, l)
			if _, err := screen.WaitFor(waitEnd, "waybill: closed: "+tt.why); err != nil {
				t.Fatal(err)
			}
			if err := screen.Wait(waitEnd); err != nil {
				t.Fatal(err)
			}
			closedBy(t, bare, waitEnd)
			l.log.waitLog(t, "ssh connection closed: the key is no longer listed as it was", "agent="+tt.who, tt.why)
			l.log.waitLog(t, "ssh logout", "agent="+tt.who, "reason=\"key revoked\"")

			select {
			case <-other.Done():
				t.Fatal("another agent's session ended too")
			default:
			}
			other.Type("j")
			mustScreen(t, other, tt.other+" · ")

			cfg := servetest.Config(tt.who, gossh.PublicKeys(l.keys[tt.who]))
			if tt.after == "" {
				if c, err := servetest.Dial(l.addr, cfg); err == nil {
					c.Close()
					t.Fatal("the revoked key logs in again")
				}
				return
			}
			mustScreen(t, l.loginWith(t, cfg), tt.after)
		})
	}
}

// A config that no longer loads keeps the [[agents]] as they were, so a
// typo elsewhere in it locks nobody out and ends nobody's session; once it
// loads, its agents count. Only a change to the list counts as one: the
// server acts on a list once it has stayed the same for a while, which a
// file saved again and again unchanged must not put off.
func TestConfigThatDoesNotLoadKeepsTheAgents(t *testing.T) {
	var logBuf syncBuffer
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfgPath, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	ann, annLine, _ := servetest.NewKey("ann")
	bo, boLine, _ := servetest.NewKey("bo")
	k, err := NewKeys([]tracker.AgentConfig{{Name: "ann", Role: "agent", PublicKey: annLine}}, "", tracker.RoleViewer, slog.New(slog.NewTextHandler(&logBuf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	next := func() ([]tracker.AgentConfig, error) {
		return nil, errors.New("config.toml line 9 key rules.stale_days: -1 is negative")
	}
	k.WatchConfig(cfgPath, func() ([]tracker.AgentConfig, error) { return next() })
	gen := k.Refresh()
	for i, step := range []struct {
		name     string
		load     func() ([]tracker.AgentConfig, error)
		ann, bo  bool
		newRead  bool
		logLines []string
	}{
		{"does not load", next, true, false, false, []string{"ssh config unreadable", "line 9 key rules.stale_days"}},
		{"loads, with bo for ann", func() ([]tracker.AgentConfig, error) {
			return []tracker.AgentConfig{{Name: "bo", Role: "viewer", PublicKey: boLine}}, nil
		}, false, true, true, []string{"ssh config read again", "agents=1"}},
		{"saved again unchanged", func() ([]tracker.AgentConfig, error) {
			return []tracker.AgentConfig{{Name: "bo", Role: "viewer", PublicKey: boLine}}, nil
		}, false, true, false, nil},
		{"loads, with a broken key", func() ([]tracker.AgentConfig, error) {
			return []tracker.AgentConfig{{Name: "bo", Role: "viewer", PublicKey: "ssh-ed25519 nope"}}, nil
		}, false, true, false, []string{"ssh config unreadable", "agents[0] bo: public_key"}},
	} {
		next = step.load
		at := time.Now().Add(time.Duration(i+1) * time.Second)
		if err := os.Chtimes(cfgPath, at, at); err != nil {
			t.Fatal(err)
		}
		if _, ok := k.Lookup(ann.PublicKey()); ok != step.ann {
			t.Errorf("%s: ann may log in: %v", step.name, ok)
		}
		if _, ok := k.Lookup(bo.PublicKey()); ok != step.bo {
			t.Errorf("%s: bo may log in: %v", step.name, ok)
		}
		if g := k.Refresh(); (g != gen) != step.newRead {
			t.Errorf("%s: read count %d after %d", step.name, g, gen)
		}
		gen = k.Refresh()
		for _, want := range step.logLines {
			if !strings.Contains(logBuf.String(), want) {
				t.Errorf("%s: the log does not say %q:\n%s", step.name, want, logBuf.String())
			}
		}
	}
}

// The server acts on a key list once it has stayed the same for a check:
// a file caught half written ends nobody's session, and a file saved over
// and over with the same keys does not put off ending a removed key's.
func TestKeyListsAreActedOnOnceSettled(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(t *testing.T, l *listed, stop <-chan struct{})
		revoked bool
	}{
		{"caught half written", func(t *testing.T, l *listed, _ <-chan struct{}) {
			if err := os.WriteFile(l.keysPath, nil, 0o600); err != nil { // an editor truncates…
				t.Fatal(err)
			}
			l.touch(t, l.keysPath)
			l.srv.opts.Keys.Refresh() // …the server reads it just then…
			l.writeKeys(t, "alice", "bob")
			l.srv.opts.Keys.Refresh() // …and again once it is whole.
		}, false},
		{"saved over and over", func(t *testing.T, l *listed, stop <-chan struct{}) {
			l.writeKeys(t, "bob")
			go func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
						at := time.Now().Add(time.Duration(time.Now().UnixNano() % 1e9))
						os.Chtimes(l.keysPath, at, at)
					}
				}
			}()
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := startListed(t, []string{"alice", "bob"}, nil, nil)
			s := l.login(t, "alice")
			mustScreen(t, s, "alice · agent")
			stop := make(chan struct{})
			defer close(stop)
			tt.edit(t, l, stop)
			select {
			case <-s.Done():
				if !tt.revoked {
					t.Fatalf("the session ended:\n%s", l.log.String())
				}
			case <-time.After(20 * 50 * time.Millisecond): // twenty checks
				if tt.revoked {
					t.Fatalf("the session of a removed key is still live:\n%s", l.log.String())
				}
			}
		})
	}
}
