package serve

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/serve/servetest"
)

// Every wait in these tests is bounded; the bounds are generous because
// the suite runs under -race on busy two-core machines.
const (
	waitScreen = 10 * time.Second
	waitEnd    = 10 * time.Second
)

// syncBuffer is a log the server writes from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitLog waits until the log has a line with every one of parts.
func (s *syncBuffer) waitLog(t *testing.T, parts ...string) string {
	t.Helper()
	deadline := time.Now().Add(waitEnd)
	for {
		for _, line := range strings.Split(s.String(), "\n") {
			if !slices.ContainsFunc(parts, func(p string) bool { return !strings.Contains(line, p) }) {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log line with %q in:\n%s", parts, s.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type agentSpec struct {
	name string
	role tracker.Role
}

type fixture struct {
	addr  string
	srv   *Server
	store *fakeStore
	ref   *fakeRefresher
	hub   *tracker.Hub
	log   *syncBuffer
	keys  map[string]gossh.Signer
	stop  func() error
}

// start runs a server on a loopback port for the agents, with tweak
// adjusting its options; it stops when the test ends.
func start(t *testing.T, tweak func(*Options), agents ...agentSpec) *fixture {
	t.Helper()
	f := &fixture{store: newFakeStore(), ref: &fakeRefresher{}, hub: tracker.NewHub(), log: &syncBuffer{}, keys: map[string]gossh.Signer{}}
	log := slog.New(slog.NewTextHandler(f.log, nil))
	var cfg []tracker.AgentConfig
	for _, a := range agents {
		signer, line, _ := servetest.NewKey(a.name + "@test")
		f.keys[a.name] = signer
		cfg = append(cfg, tracker.AgentConfig{Name: a.name, Role: string(a.role), PublicKey: line})
	}
	keys, err := NewKeys(cfg, "", tracker.RoleViewer, log)
	if err != nil {
		t.Fatal(err)
	}
	hostKey, _, err := HostKey(filepath.Join(t.TempDir(), "host_key"))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{
		HostKey: hostKey, Keys: keys, Log: log, MaxSessions: 50, MaxAuthPerMinute: 1000,
		Session: ui.Options{Reader: f.store, Service: f.store.service(f.hub), Refresher: f.ref, Hub: f.hub, Title: "test store"},
	}
	if tweak != nil {
		tweak(&opts)
	}
	f.srv, err = New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()
	var once sync.Once
	var stopErr error
	f.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(waitEnd):
				stopErr = errors.New("Serve did not return after its context ended")
			}
		})
		return stopErr
	}
	t.Cleanup(func() {
		if err := f.stop(); err != nil {
			t.Error(err)
		}
	})
	return f
}

// login connects as the named agent with their key and opens a screen.
func (f *fixture) login(t *testing.T, name string) *servetest.Session {
	t.Helper()
	return f.loginWith(t, servetest.Config(name, gossh.PublicKeys(f.keys[name])))
}

func (f *fixture) loginWith(t *testing.T, cfg *gossh.ClientConfig) *servetest.Session {
	t.Helper()
	client, err := servetest.Dial(f.addr, cfg)
	if err != nil {
		t.Fatalf("log in: %v\nserver log:\n%s", err, f.log.String())
	}
	s, err := servetest.Start(client, "xterm-256color", 120, 36)
	if err != nil {
		client.Close()
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func mustScreen(t *testing.T, s *servetest.Session, texts ...string) string {
	t.Helper()
	screen, err := s.WaitFor(waitScreen, texts...)
	if err != nil {
		t.Fatal(err)
	}
	return screen
}

// statusLine is the screen's status bar: the line above the help.
func statusLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) < 2 {
		return ""
	}
	return lines[len(lines)-2]
}

func TestAgentLogsInAndSeesNameRoleAndQueue(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent})
	s := f.login(t, "alice")
	screen := mustScreen(t, s, "alice · agent", "WB-1", "RB000000001GB", "lost")
	if !strings.Contains(statusLine(screen), "alice · agent") {
		t.Errorf("the name and role are not in the status bar:\n%s", screen)
	}
	f.log.waitLog(t, "ssh login", "agent=alice", "role=agent", "addr=127.0.0.1")
	if err := s.Type("q"); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(waitEnd); err != nil {
		t.Fatal(err)
	}
	f.log.waitLog(t, "ssh logout", "agent=alice", "reason=quit")
}

// A terminal that reports no size still gets a screen.
func TestTerminalWithoutSizeGets80x24(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent})
	client, err := servetest.Dial(f.addr, servetest.Config("alice", gossh.PublicKeys(f.keys["alice"])))
	if err != nil {
		t.Fatal(err)
	}
	s, err := servetest.Start(client, "vt100", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustScreen(t, s, "alice · agent", "WB-1")
}

func TestUnknownKeyIsRefused(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent})
	stranger, _, _ := servetest.NewKey("stranger")
	_, err := servetest.Dial(f.addr, servetest.Config("alice", gossh.PublicKeys(stranger)))
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("a stranger's key logged in: %v", err)
	}
	f.log.waitLog(t, "ssh key refused", "user=alice", "key="+gossh.FingerprintSHA256(stranger.PublicKey()))
	f.log.waitLog(t, "ssh login refused", "addr=127.0.0.1")
}

// Passwords and keyboard-interactive are neither offered nor accepted,
// even from a client that tries them unasked, and even with an agent's
// name as the user.
func TestPasswordAndKeyboardInteractiveAreRefused(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAdmin})
	var allowed [][]string
	tries := []gossh.AuthMethod{
		gossh.Password("hunter2"),
		gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return []string{"hunter2"}, nil }),
	}
	cfg := servetest.Config("alice")
	cfg.AuthCallback = func(ctx *gossh.ClientAuthContext) (gossh.AuthMethod, error) {
		allowed = append(allowed, ctx.AllowedMethods)
		if len(tries) == 0 {
			return nil, errors.New("out of methods")
		}
		m := tries[0]
		tries = tries[1:]
		return m, nil
	}
	if _, err := servetest.Dial(f.addr, cfg); err == nil {
		t.Fatal("logged in without a key")
	}
	if len(tries) != 0 {
		t.Fatalf("the client did not get to try every method (%d left)", len(tries))
	}
	for _, methods := range allowed[1:] { // after "none"
		if !slices.Equal(methods, []string{"publickey"}) {
			t.Errorf("the server offers %v; want publickey alone", methods)
		}
	}
	line := f.log.waitLog(t, "ssh login refused")
	for _, want := range []string{"password auth not configured", "keyboard-interactive auth not configured"} {
		if !strings.Contains(line, want) {
			t.Errorf("refusal %q does not say %q", line, want)
		}
	}
}

// Who the session is comes from the key it proved, never from a key it
// merely offered (soft-serve GHSA-pchf-49fh-w34r): sam, a viewer, offers
// ann's public key, which the server says may be used, cannot sign for it,
// then logs in with his own key. He is sam, a viewer; ann's role never
// reaches him.
func TestOfferedKeyIsNotWhoYouAre(t *testing.T) {
	f := start(t, nil, agentSpec{"ann", tracker.RoleAdmin}, agentSpec{"sam", tracker.RoleViewer})
	ann, sam := f.keys["ann"].PublicKey(), f.keys["sam"]
	var offers []*servetest.UnprovenSigner
	offer := func(k gossh.PublicKey) gossh.AuthMethod {
		u := servetest.Unproven(k)
		offers = append(offers, u)
		return gossh.PublicKeys(u)
	}
	for _, tt := range []struct {
		name    string
		methods []gossh.AuthMethod
	}{
		{"ann's key offered, then sam's proved", []gossh.AuthMethod{offer(ann), gossh.PublicKeys(sam)}},
		{"sam's offered, ann's offered, sam's proved", []gossh.AuthMethod{offer(sam.PublicKey()), offer(ann), gossh.PublicKeys(sam)}},
		{"ann's offered twice around sam's proof", []gossh.AuthMethod{offer(ann), offer(ann), gossh.PublicKeys(sam), offer(ann)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := servetest.Config("ann")
			cfg.AuthCallback = servetest.Methods(tt.methods...)
			s := f.loginWith(t, cfg)
			screen := mustScreen(t, s, "sam · viewer")
			if strings.Contains(screen, "ann") || strings.Contains(screen, "admin") {
				t.Errorf("the offered key's agent shows:\n%s", screen)
			}
			s.Type("\t\ta") // a viewer's acknowledge
			mustScreen(t, s, "read only")
			if w := f.store.wrote(); len(w) > 0 {
				t.Errorf("writes: %v", w)
			}
			s.Type("q")
			if err := s.Wait(waitEnd); err != nil {
				t.Fatal(err)
			}
		})
	}
	// The server did answer each offer made before the proof "yes, this
	// key may log in": the client got as far as being asked to sign.
	for i, o := range offers {
		if o.Accepted() == 0 && !(i == len(offers)-1) {
			t.Errorf("offer %d was not accepted by the server: the test proves nothing", i)
		}
	}
	// Only offered, never proved: no login at all.
	cfg := servetest.Config("ann")
	cfg.AuthCallback = servetest.Methods(offer(ann))
	if _, err := servetest.Dial(f.addr, cfg); err == nil {
		t.Fatal("an offered key without its signature logged in")
	}
	if strings.Contains(f.log.String(), "agent=ann") {
		t.Errorf("the log names ann, who never logged in:\n%s", f.log.String())
	}
}

// A viewer's action keys are refused by the screen, and the ports the
// server gives a viewer's session refuse writes whatever the screen does.
func TestViewerCannotChangeAnything(t *testing.T) {
	f := start(t, nil, agentSpec{"sam", tracker.RoleViewer})
	s := f.login(t, "sam")
	mustScreen(t, s, "sam · viewer", "WB-1")
	for _, k := range []string{"w", "c", "r", "\t\t", "a", "s", "o", "c"} {
		if err := s.Type(k); err != nil {
			t.Fatal(err)
		}
	}
	mustScreen(t, s, "read only: the viewer role cannot")
	// Give any stray write time to land before looking.
	time.Sleep(200 * time.Millisecond)
	if w := f.store.wrote(); len(w) > 0 {
		t.Errorf("a viewer's keys wrote: %v", w)
	}
	if n := f.ref.count(); n > 0 {
		t.Errorf("a viewer's r asked the carrier %d times", n)
	}
}

func TestViewerSessionRefusesWrites(t *testing.T) {
	store, ref := newFakeStore(), &fakeRefresher{}
	base := ui.Options{Reader: store, Service: store.service(nil), Refresher: ref}
	var logBuf syncBuffer
	log := slog.New(slog.NewTextHandler(&logBuf, nil))
	o := sessionOptions(base, Agent{Name: "sam", Role: tracker.RoleViewer}, log)
	ctx := context.Background()
	svc, sam := o.Service, o.Actor
	checks := map[string]error{}
	_, checks["Acknowledge"] = svc.Acknowledge(ctx, sam, []int64{7})
	_, checks["Snooze"] = svc.Snooze(ctx, sam, []int64{7}, time.Now().Add(time.Hour))
	_, checks["Assign"] = svc.Assign(ctx, sam, []int64{7}, "sam")
	_, checks["Resolve"] = svc.Resolve(ctx, sam, []int64{7}, "")
	checks["SetWatch"] = svc.SetWatch(ctx, sam, 1, true)
	_, checks["MarkAlertsRead"] = svc.MarkAlertsRead(ctx, sam, []int64{1})
	_, checks["OpenCase"] = svc.OpenCase(ctx, sam, tracker.CaseRequest{OrderID: 1, ShipmentID: 1, Kind: tracker.ExLost})
	_, checks["DoCase"] = svc.DoCase(ctx, sam, 1, tracker.CaseAction{Type: tracker.ActNote, Text: "x"})
	_, checks["WriteOrders"] = svc.WriteOrders(ctx, sam, []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "X"}}}, time.Time{})
	_, checks["RefreshNow"] = o.Refresher.RefreshNow(ctx, 1)
	for name, err := range checks {
		if !errors.Is(err, tracker.ErrReadOnly) {
			t.Errorf("%s: %v, want ErrReadOnly", name, err)
		}
	}
	if w := store.wrote(); len(w) > 0 || ref.count() > 0 {
		t.Errorf("writes reached the store: %v, refreshes %d", w, ref.count())
	}
	if _, err := svc.Cases(ctx, tracker.CaseQuery{}); err != nil {
		t.Errorf("a viewer cannot read cases: %v", err)
	}
	if sam != (tracker.Actor{Name: "sam", Role: tracker.RoleViewer}) || o.SendBuyerEmail != nil {
		t.Errorf("options %+v", o)
	}

	a := sessionOptions(base, Agent{Name: "alice", Role: tracker.RoleAgent}, log)
	if _, err := a.Service.Acknowledge(ctx, a.Actor, []int64{7}); err != nil {
		t.Fatal(err)
	}
	if w := store.wrote(); !slices.Equal(w, []string{"Acknowledge by alice"}) {
		t.Errorf("an agent's write: %v", w)
	}
	if _, err := a.Refresher.RefreshNow(ctx, 3); err != nil || ref.count() != 1 {
		t.Errorf("an agent's refresh: %v, %d calls", err, ref.count())
	}
	if !strings.Contains(logBuf.String(), `msg="ssh refresh now" agent=alice shipment=3`) {
		t.Errorf("the refresh is not logged with its agent:\n%s", logBuf.String())
	}
}

// A change made in one session reaches every other screen at once.
func TestChangeInOneSessionShowsInTheOthers(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent}, agentSpec{"bob", tracker.RoleViewer})
	alice, bob := f.login(t, "alice"), f.login(t, "bob")
	mustScreen(t, alice, "alice · agent", "no scan for 30 days")
	if screen := mustScreen(t, bob, "bob · viewer", "no scan for 30 days"); acknowledged(screen) {
		t.Fatalf("acknowledged before anyone did:\n%s", screen)
	}
	alice.Type("\t\ta")
	mustScreen(t, alice, "acknowledged: 1")
	start := time.Now()
	if _, err := bob.WaitMatch(waitScreen, "the exception acknowledged", acknowledged); err != nil {
		t.Fatal(err)
	}
	t.Logf("bob saw alice's change %s after she saw it", time.Since(start).Round(time.Millisecond))
	if w := f.store.wrote(); !slices.Equal(w, []string{"Acknowledge by alice"}) {
		t.Errorf("writes %v, want alice's acknowledge under her name", w)
	}
}

// acknowledged reports whether the fake's exception shows as acknowledged:
// in its row's state column on a wide screen, under the queue on a narrow
// one.
func acknowledged(screen string) bool {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "no scan for 30 days") && strings.Contains(line, " ack ") || strings.Contains(line, "[ack]") {
			return true
		}
	}
	return false
}

func TestMaxSessions(t *testing.T) {
	f := start(t, func(o *Options) { o.MaxSessions = 1 }, agentSpec{"alice", tracker.RoleAgent}, agentSpec{"bob", tracker.RoleAgent})
	first := f.login(t, "alice")
	mustScreen(t, first, "alice · agent")
	second := f.login(t, "bob")
	if _, err := second.WaitFor(waitScreen, "all 1 sessions are in use"); err != nil {
		t.Fatal(err)
	}
	if err := second.Wait(waitEnd); err != nil {
		t.Fatal(err)
	}
	f.log.waitLog(t, "ssh session refused", "agent=bob", "sessions are in use")
	first.Type("q")
	if err := first.Wait(waitEnd); err != nil {
		t.Fatal(err)
	}
	// The place is free again.
	third := f.login(t, "bob")
	mustScreen(t, third, "bob · agent")
}

// An address gets MaxAuthPerMinute connections a minute, whatever they
// carry; the next is closed before the SSH handshake.
func TestConnectionsPerAddressAreLimited(t *testing.T) {
	f := start(t, func(o *Options) { o.MaxAuthPerMinute = 3 }, agentSpec{"alice", tracker.RoleAgent})
	stranger, _, _ := servetest.NewKey("")
	for i := range 2 {
		if _, err := servetest.Dial(f.addr, servetest.Config("x", gossh.PublicKeys(stranger))); err == nil {
			t.Fatalf("attempt %d: a stranger logged in", i)
		}
	}
	s := f.login(t, "alice") // the third: still allowed
	mustScreen(t, s, "alice · agent")
	_, err := servetest.Dial(f.addr, servetest.Config("alice", gossh.PublicKeys(f.keys["alice"])))
	if err == nil {
		t.Fatal("a fourth connection within the minute was let in")
	}
	if strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("the fourth connection got as far as authentication: %v", err)
	}
	f.log.waitLog(t, "too many from this address", "addr=127.0.0.1", "limit_per_minute=3")
}

// The idle timeout counts key presses only: a screen kept busy by live
// updates still ends when nobody types.
func TestIdleTimeoutCountsKeysNotUpdates(t *testing.T) {
	const idle = 1500 * time.Millisecond
	f := start(t, func(o *Options) { o.IdleTimeout = idle }, agentSpec{"alice", tracker.RoleAgent})
	stop := make(chan struct{})
	defer close(stop)
	go func() { // a refresher's worth of notices: every screen re-reads and redraws
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
				f.hub.Publish(tracker.Change{ShipmentIDs: []int64{1}})
			}
		}
	}()
	s := f.login(t, "alice")
	mustScreen(t, s, "alice · agent")
	var last time.Time
	for first := time.Now(); time.Since(first) < 2*idle; { // typing keeps it open past the timeout
		s.Type("j")
		last = time.Now()
		select {
		case <-s.Done():
			t.Fatalf("closed while typing:\n%s", s.String())
		case <-time.After(idle / 4):
		}
	}
	select {
	case <-s.Done():
	case <-time.After(idle + waitEnd):
		t.Fatalf("still open %s after the last key, with live updates only", time.Since(last))
	}
	if took := time.Since(last); took < idle-100*time.Millisecond {
		t.Errorf("closed %s after the last key, before the %s timeout", took, idle)
	}
	mustScreen(t, s, "closed after 1.5s without a key press")
	f.log.waitLog(t, "ssh logout", "agent=alice", "reason=idle")
}

func TestSessionWithoutTerminalOrWithCommandIsRefused(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent})
	for _, tt := range []struct {
		name, cmd, want string
	}{
		{"no terminal", "", "no terminal"},
		{"a command", "cat /etc/passwd", "serves its screen only"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			client, err := servetest.Dial(f.addr, servetest.Config("alice", gossh.PublicKeys(f.keys["alice"])))
			if err != nil {
				t.Fatal(err)
			}
			defer client.Close()
			sess, err := client.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			var out syncBuffer
			sess.Stdout, sess.Stderr = &out, &out
			if tt.cmd != "" {
				if err := sess.RequestPty("xterm", 24, 80, nil); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			go func() {
				if tt.cmd == "" {
					done <- sess.Run("")
				} else {
					done <- sess.Run(tt.cmd)
				}
			}()
			select {
			case err := <-done:
				var exit *gossh.ExitError
				if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
					t.Errorf("exit: %v", err)
				}
			case <-time.After(waitEnd):
				t.Fatal("the session did not end")
			}
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("output %q lacks %q", out.String(), tt.want)
			}
		})
	}
}

// Stopping the server ends every session, each restoring its terminal.
func TestShutdownEndsSessions(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent})
	sessions := []*servetest.Session{f.login(t, "alice"), f.login(t, "alice")}
	for _, s := range sessions {
		mustScreen(t, s, "alice · agent")
	}
	if err := f.stop(); err != nil {
		t.Fatal(err)
	}
	for _, s := range sessions {
		select {
		case <-s.Done():
		case <-time.After(waitEnd):
			t.Fatal("a session outlived the server")
		}
	}
	if n := f.srv.Sessions(); n != 0 {
		t.Errorf("%d sessions counted after shutdown", n)
	}
	f.log.waitLog(t, "ssh logout", "reason=\"server stopping\"")
	if _, err := net.DialTimeout("tcp", f.addr, time.Second); err == nil {
		t.Error("the port still accepts connections")
	}
}

// Twenty agents at once, with a stream of refresher notices: each screen is
// its own, one agent's change reaches all of them, and nothing races.
func TestTwentyConcurrentSessions(t *testing.T) {
	var agents []agentSpec
	for i := range 20 {
		role := tracker.RoleAgent
		if i%3 == 2 {
			role = tracker.RoleViewer
		}
		agents = append(agents, agentSpec{fmt.Sprintf("agent%02d", i), role})
	}
	f := start(t, nil, agents...)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				f.hub.Publish(tracker.Change{ShipmentIDs: []int64{int64(i%3 + 1)}})
			}
		}
	}()
	sessions := make([]*servetest.Session, len(agents))
	var wg sync.WaitGroup
	errs := make(chan error, len(agents))
	for i, a := range agents {
		wg.Go(func() {
			client, err := servetest.Dial(f.addr, servetest.Config(a.name, gossh.PublicKeys(f.keys[a.name])))
			if err != nil {
				errs <- fmt.Errorf("%s: %w", a.name, err)
				return
			}
			s, err := servetest.Start(client, "xterm-256color", 100+i, 30+i%5)
			if err != nil {
				client.Close()
				errs <- fmt.Errorf("%s: %w", a.name, err)
				return
			}
			sessions[i] = s
			if _, err := s.WaitFor(30*time.Second, a.name+" · "+string(a.role), "no scan for 30 days"); err != nil {
				errs <- fmt.Errorf("%s: %w", a.name, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for _, s := range sessions {
		if s != nil {
			defer s.Close()
		}
	}
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	if n := f.srv.Sessions(); n != len(agents) {
		t.Errorf("%d sessions counted, want %d", n, len(agents))
	}
	sessions[0].Type("\t\ta")
	for i, s := range sessions {
		if _, err := s.WaitMatch(30*time.Second, "the exception acknowledged", acknowledged); err != nil {
			t.Errorf("%s: %v", agents[i].name, err)
		}
	}
	for _, s := range sessions {
		s.Type("q")
	}
	for i, s := range sessions {
		if err := s.Wait(waitEnd); err != nil {
			t.Errorf("%s: %v", agents[i].name, err)
		}
	}
	if w := f.store.wrote(); !slices.Equal(w, []string{"Acknowledge by agent00"}) {
		t.Errorf("writes %v", w)
	}
	if strings.Contains(f.log.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", f.log.String())
	}
}

// Connections that never finish a handshake, from however many addresses,
// hold at most 2×MaxSessions+16 places: the next is closed before the
// SSH banner, and a place that closes is free again.
func TestOpenConnectionsAreCapped(t *testing.T) {
	f := start(t, func(o *Options) { o.MaxSessions = 1 }, agentSpec{"alice", tracker.RoleAgent})
	banner := func(c net.Conn) string {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		b, _ := bufio.NewReader(c).ReadString('\n')
		return b
	}
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for i := range 2*1 + 16 {
		c, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		if b := banner(c); !strings.HasPrefix(b, "SSH-2.0-") {
			t.Fatalf("connection %d: banner %q", i, b)
		}
	}
	over, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	if b := banner(over); b != "" {
		t.Fatalf("a connection past the cap got %q", b)
	}
	over.Close()
	f.log.waitLog(t, "too many open connections")
	held[0].Close()
	held = held[1:]
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		b := banner(c)
		c.Close()
		if strings.HasPrefix(b, "SSH-2.0-") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the place a closed connection left is not free again")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
