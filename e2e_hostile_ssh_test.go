package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui/serve/servetest"
)

// Issue 19 item 4: connections that log in and never open a session were
// held for ever, outside idle_timeout, and counted toward the connection
// cap: 116 of them from one viewer's key locked every agent out. Against
// the built binary, with a client (golang.org/x/crypto/ssh) that logs in
// and holds the connection open:
//   - a logged-in connection without a session is closed after
//     session_wait;
//   - one key holds at most max_connections_per_key connections, the
//     refusal logged with the agent's name, while another agent still gets
//     a screen;
//   - a key taken out of authorized_keys, or out of [[agents]], loses its
//     live screens when the file is read again.
func TestHostileSSHHeldOpenConnections(t *testing.T) {
	const wait = 2 * time.Second // session_wait
	dir := t.TempDir()
	db, cfg, keys := e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "config.toml"), filepath.Join(dir, "team_keys")
	alice, bob := newAgent("alice", tracker.RoleAgent), newAgent("bob", tracker.RoleAgent)
	vic, wes := newAgent("vic", tracker.RoleViewer), newAgent("wes", tracker.RoleViewer) // from team_keys: named by the comment

	touches := 0
	write := func(path, text string) { // with a later mtime each time, whatever the clock's grain
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		touches++
		at := time.Now().Add(time.Duration(touches) * time.Second)
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	config := func(agents ...sshAgent) string {
		return "[ssh]\nauthorized_keys = \"team_keys\"\ndefault_role = \"viewer\"\nsession_wait = \"2s\"\n" +
			"max_connections_per_key = 2\nmax_auth_per_minute = 200\n" + agentsTOML(agents...)
	}
	write(keys, vic.line+"\n"+wes.line+"\n")
	write(cfg, config(alice, bob))
	if r := waybill(t, "demo", "--orders", "20", "--db", db, "--config", cfg); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}

	home := t.TempDir()
	cmd := exec.Command(binary, "serve", "--ssh", "127.0.0.1:0", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	logs := &lockedBuffer{}
	cmd.Stderr = logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	r := bufio.NewReader(out)
	addr, _ := readListen(t, r)
	go io.Copy(io.Discard, r)

	dial := func(a sshAgent) (*gossh.Client, error) {
		return servetest.Dial(addr, servetest.Config(a.name, gossh.PublicKeys(a.signer)))
	}
	mustDial := func(a sshAgent) *gossh.Client {
		t.Helper()
		c, err := dial(a)
		if err != nil {
			t.Fatalf("%s: log in: %v\nserver log:\n%s", a.name, err, logs.String())
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	closed := func(c *gossh.Client) <-chan struct{} {
		done := make(chan struct{})
		go func() { c.Wait(); close(done) }()
		return done
	}
	screen := func(c *gossh.Client, want string) *servetest.Session {
		t.Helper()
		s, err := servetest.Start(c, "xterm-256color", 100, 30) // RequestPty, then Shell
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		if _, err := s.WaitFor(sshWait, want); err != nil {
			t.Fatalf("%v\nserver log:\n%s", err, logs.String())
		}
		return s
	}
	ended := func(s *servetest.Session, within time.Duration, says string) {
		t.Helper()
		select {
		case <-s.Done():
		case <-time.After(within):
			t.Fatalf("the session is still live %s later:\n%s\nserver log:\n%s", within, s.String(), logs.String())
		}
		if !strings.Contains(s.String(), says) {
			t.Errorf("the screen does not say %q:\n%s", says, s.String())
		}
	}
	logged := func(parts ...string) {
		t.Helper()
		deadline := time.Now().Add(sshWait)
		for {
			for _, line := range strings.Split(logs.String(), "\n") {
				all := true
				for _, p := range parts {
					all = all && strings.Contains(line, p)
				}
				if all {
					return
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("no log line with %q:\n%s", parts, logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// 1. Logged in, no session: closed after session_wait, not before.
	held := mustDial(vic)
	from := time.Now()
	select {
	case <-closed(held):
		if took := time.Since(from); took < wait-300*time.Millisecond {
			t.Errorf("closed after %s, before session_wait (%s)", took, wait)
		}
	case <-time.After(wait + sshWait):
		t.Fatalf("a connection without a session is still open %s later", wait+sshWait)
	}
	logged(`msg="ssh connection closed: no session opened"`, "agent=vic@e2e", "session_wait=2s")

	// 2. The attack: one viewer's key opens connection after connection.
	// Two get in (each with a screen, so the wait does not close them);
	// the rest are refused at login, and alice still gets her screen.
	var vicScreens []*servetest.Session
	for range 2 {
		vicScreens = append(vicScreens, screen(mustDial(vic), "vic@e2e · viewer"))
	}
	refused := 0
	for range 20 {
		if c, err := dial(vic); err == nil {
			c.Close()
		} else {
			refused++
		}
	}
	if refused != 20 {
		t.Errorf("%d of 20 connections past max_connections_per_key were let in", 20-refused)
	}
	logged(`msg="ssh login refused: this key holds too many connections"`, "agent=vic@e2e", "role=viewer", "max_per_key=2")
	aliceScreen := screen(mustDial(alice), "alice · agent")
	bobScreen := screen(mustDial(bob), "bob · agent")

	// 3. vic is taken out of authorized_keys: his live screens end.
	write(keys, wes.line+"\n")
	for _, s := range vicScreens {
		ended(s, 10*time.Second, "waybill: closed: the key is no longer listed")
	}
	logged(`msg="ssh connection closed: the key is no longer listed as it was"`, "agent=vic@e2e")
	if c, err := dial(vic); err == nil {
		c.Close()
		t.Error("vic logs in after leaving authorized_keys")
	}

	// 4. bob is taken out of [[agents]]: his live screen ends too.
	write(cfg, config(alice))
	ended(bobScreen, 10*time.Second, "waybill: closed: the key is no longer listed")
	logged(`msg="ssh connection closed: the key is no longer listed as it was"`, "agent=bob")
	logged(`msg="ssh config read again"`, "agents=1")

	// alice, listed all along, kept her screen.
	select {
	case <-aliceScreen.Done():
		t.Fatalf("alice's session ended:\n%s", logs.String())
	default:
	}
	aliceScreen.Type("q")
	if err := aliceScreen.Wait(sshWait); err != nil {
		t.Fatal(err)
	}

	cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, logs.String())
		}
	case <-time.After(sshWait):
		t.Fatalf("serve did not stop on SIGINT:\n%s", logs.String())
	}
	exited <- nil // for the cleanup
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", logs.String())
	}
}
