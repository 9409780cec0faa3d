package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/store"
	"waybill/tracker"
	"waybill/ui/serve/servetest"
)

// Every wait here is bounded, and generously: these tests run under -race
// on busy two-core machines, beside CI's other passes (.ci/run). Each is a
// hang guard (e2eHang), not a time the screen is expected to take: 30 s
// ran out for TestServeSSHTwentyAgentsShareOneStore at load 15-30.
const sshWait = e2eHang

// lockedBuffer collects a log written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type sshAgent struct {
	name   string
	role   tracker.Role
	signer gossh.Signer
	line   string // authorized_keys form
	pem    []byte
}

func newAgent(name string, role tracker.Role) sshAgent {
	s, line, pem := servetest.NewKey(name + "@e2e")
	return sshAgent{name: name, role: role, signer: s, line: line, pem: pem}
}

func agentsTOML(agents ...sshAgent) string {
	var b strings.Builder
	for _, a := range agents {
		fmt.Fprintf(&b, "\n[[agents]]\nname = %q\nrole = %q\npublic_key = %q\n", a.name, a.role, a.line)
	}
	return b.String()
}

// logInAll logs every agent in at once, agent i at addr(i) in a terminal
// of size(i), and waits until each one's screen shows want(agent); the
// test stops if any cannot. The caller closes the sessions (closeAll)
// before it stops the servers.
func logInAll(t *testing.T, agents []sshAgent, addr func(i int) string, size func(i int) (w, h int), want func(sshAgent) []string) []*servetest.Session {
	t.Helper()
	sessions := make([]*servetest.Session, len(agents))
	var wg sync.WaitGroup
	errs := make(chan error, len(agents))
	for i, a := range agents {
		wg.Go(func() {
			client, err := servetest.Dial(addr(i), servetest.Config(a.name, gossh.PublicKeys(a.signer)))
			if err != nil {
				errs <- fmt.Errorf("%s: log in: %w", a.name, err)
				return
			}
			w, h := size(i)
			s, err := servetest.Start(client, "xterm-256color", w, h)
			if err != nil {
				client.Close()
				errs <- fmt.Errorf("%s: %w", a.name, err)
				return
			}
			sessions[i] = s
			if _, err := s.WaitFor(sshWait, want(a)...); err != nil {
				errs <- fmt.Errorf("%s: %w", a.name, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	failed := false
	for err := range errs {
		t.Error(err)
		failed = true
	}
	if failed {
		closeAll(sessions)
		t.FailNow()
	}
	return sessions
}

// closeAll closes the sessions logInAll opened.
func closeAll(sessions []*servetest.Session) {
	for _, s := range sessions {
		if s != nil {
			s.Close()
		}
	}
}

// listenLine reads serve's output up to the line that says where SSH
// listens, and returns the address and the host key's fingerprint.
var sshListenRE = regexp.MustCompile(`listening on ssh://(\S+) \(host key (\S+);`)

func readListen(t *testing.T, r *bufio.Reader) (addr, fingerprint string) {
	t.Helper()
	type res struct {
		line string
		err  error
	}
	ch := make(chan res, 1)
	go func() {
		for {
			line, err := r.ReadString('\n')
			if err != nil || sshListenRE.MatchString(line) {
				ch <- res{line, err}
				return
			}
		}
	}()
	select {
	case got := <-ch:
		m := sshListenRE.FindStringSubmatch(got.line)
		if m == nil {
			t.Fatalf("serve never said where it listens (%v)", got.err)
		}
		return m[1], m[2]
	case <-time.After(sshWait):
		t.Fatal("serve did not start listening")
	}
	return "", ""
}

// exceptionLog counts exception_log rows by actor, read with SQL beside
// the running server.
func exceptionLog(t *testing.T, db string) map[string]int {
	t.Helper()
	conn := openStoreSQL(t, db, false)
	defer conn.Close()
	rows, err := conn.Query(`SELECT actor, count(*) FROM exception_log GROUP BY actor`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var actor string
		var n int
		if err := rows.Scan(&actor, &n); err != nil {
			t.Fatal(err)
		}
		out[actor] = n
	}
	return out
}

// acknowledgedBy returns the tracking number of the parcel whose exception
// actor acknowledged, once the log has it.
func acknowledgedBy(t *testing.T, db, actor string) (num, detail string) {
	t.Helper()
	conn := openStoreSQL(t, db, false)
	defer conn.Close()
	deadline := time.Now().Add(sshWait)
	for {
		err := conn.QueryRow(`SELECT s.tracking_no, x.detail FROM exception_log l JOIN exceptions x ON x.id = l.exception_id
			JOIN shipments s ON s.id = x.shipment_id WHERE l.actor = ? AND l.action = 'acknowledged'`, actor).Scan(&num, &detail)
		if err == nil {
			return num, detail
		}
		if time.Now().After(deadline) {
			t.Fatalf("no acknowledgement by %s in the log: %v", actor, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// One `waybill serve` process, twenty agents: each has a screen of its own
// (name, role, size), all work one store while its refresher runs, a
// change by one shows on every screen, each change is logged under its
// agent's name, and a viewer changes nothing.
func TestServeSSHTwentyAgentsShareOneStore(t *testing.T) {
	dir := t.TempDir()
	db, cfg := e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "config.toml")
	var agents []sshAgent
	for i := range 20 {
		role := tracker.RoleAgent
		switch {
		case i%4 == 3:
			role = tracker.RoleViewer
		case i == 1:
			role = tracker.RoleAdmin
		}
		agents = append(agents, newAgent(fmt.Sprintf("agent%02d", i), role))
	}
	conf := "[refresh]\ninterval = \"300ms\"\n\n[ssh]\nmax_sessions = 25\nmax_auth_per_minute = 100\n" + agentsTOML(agents...)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := waybill(t, "demo", "--orders", "80", "--db", db, "--config", cfg); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	log := &lockedBuffer{}
	done := make(chan int, 1)
	go func() { // in this process, its log (stderr) in log
		done <- run(ctx, []string{"serve", "--ssh", "127.0.0.1:0", "--db", db, "--config", cfg}, pw, log)
		pw.Close()
	}()
	out := bufio.NewReader(pr)
	addr, _ := readListen(t, out)
	go io.Copy(io.Discard, out) // alert lines, if any

	// "open ─" is the queue's count: its rows are loaded, so the keys
	// typed next find an exception to act on.
	sessions := logInAll(t, agents, func(int) string { return addr }, func(i int) (int, int) { return 120 + i, 30 + i%6 },
		func(a sshAgent) []string {
			return []string{a.name + " · " + string(a.role), "DEMO", "Exceptions", "open ─"}
		})
	defer closeAll(sessions)

	// A viewer's keys change nothing.
	before := exceptionLog(t, db)
	viewer := sessions[3]
	viewer.Type("\t\ta")
	viewer.Type("w")
	if _, err := viewer.WaitFor(sshWait, "read only: the viewer role cannot"); err != nil {
		t.Fatal(err)
	}

	// An agent's change is logged under the agent's name and reaches every
	// other screen.
	sessions[0].Type("\t\ta")
	if _, err := sessions[0].WaitFor(sshWait, "acknowledged: 1"); err != nil {
		t.Fatal(err)
	}
	// Below 160 columns the queue sits beside the timeline with no room
	// for the tracking number; the start of the detail names the row.
	_, detail := acknowledgedBy(t, db, "agent00")
	row := string([]rune(detail)[:min(20, len([]rune(detail)))])
	for i, s := range sessions {
		if _, err := s.WaitLine(sshWait, row, " ack "); err != nil {
			t.Errorf("%s does not see agent00's change: %v", agents[i].name, err)
		}
	}
	after := exceptionLog(t, db)
	for name, n := range after {
		want := before[name]
		if name == "agent00" {
			want++
		}
		if n != want {
			t.Errorf("exception log: %d rows by %s, want %d (before %v, after %v)", n, name, want, before, after)
		}
	}

	// A case opened by an agent names the agent.
	sessions[2].Type("\t\tc")
	if _, err := sessions[2].WaitFor(sshWait, "case opened on"); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := st.Cases(ctx, tracker.CaseQuery{})
	st.Close()
	if err != nil || len(cases) != 1 || cases[0].OpenedBy != "agent02" {
		t.Fatalf("cases %+v (%v), want one opened by agent02", cases, err)
	}

	sessions[2].Type("q") // out of the case view, back to the panes
	if _, err := sessions[2].WaitFor(sshWait, "Orders"); err != nil {
		t.Fatal(err)
	}
	for _, s := range sessions {
		s.Type("q")
	}
	for i, s := range sessions {
		if err := s.Wait(sshWait); err != nil {
			t.Errorf("%s: %v", agents[i].name, err)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve: exit %d\n%s", code, log)
		}
	case <-time.After(sshWait):
		t.Fatal("serve did not stop")
	}
	logged := log.String()
	for _, a := range agents {
		if !strings.Contains(logged, "msg=\"ssh login\" agent="+a.name+" role="+string(a.role)) {
			t.Errorf("no login logged for %s", a.name)
		}
	}
	if strings.Contains(logged, "level=ERROR") {
		t.Errorf("errors logged:\n%s", logged)
	}
}

// The real binary with the real OpenSSH client: log in with a key from
// [[agents]] and one from an authorized_keys file, act, leave; a stranger's
// key is refused; the host key is made once, private, and kept.
func TestServeSSHWithOpenSSHClient(t *testing.T) {
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("the OpenSSH client (ssh) is not installed; .ci/run installs openssh-client")
	}
	dir := t.TempDir()
	db, cfg := e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "config.toml")
	alice, bob := newAgent("alice", tracker.RoleAgent), newAgent("bob", tracker.RoleViewer)
	keyFile := func(a sshAgent) string {
		p := filepath.Join(dir, a.name+"_ed25519")
		if err := os.WriteFile(p, a.pem, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// bob comes from an authorized_keys file whose first line is broken:
	// it is reported, and bob's line still counts.
	if err := os.WriteFile(filepath.Join(dir, "team_keys"), []byte("ssh-ed25519 AAAA-broken someone\n"+bob.line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := "[ssh]\nauthorized_keys = \"team_keys\"\ndefault_role = \"viewer\"\n" + agentsTOML(alice)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := waybill(t, "demo", "--orders", "30", "--db", db, "--config", cfg); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	home := t.TempDir()
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"), "XDG_DATA_HOME="+filepath.Join(home, "data"))

	// waiter waits for a process once, whoever asks first: the test or its
	// cleanup.
	type waiter struct {
		once sync.Once
		err  error
		done chan struct{}
	}
	waiters := map[*exec.Cmd]*waiter{}
	var waitersMu sync.Mutex
	wait := func(cmd *exec.Cmd, timeout time.Duration) (error, bool) {
		waitersMu.Lock()
		w := waiters[cmd]
		if w == nil {
			w = &waiter{done: make(chan struct{})}
			waiters[cmd] = w
		}
		waitersMu.Unlock()
		w.once.Do(func() {
			go func() { w.err = cmd.Wait(); close(w.done) }()
		})
		select {
		case <-w.done:
			return w.err, true
		case <-time.After(timeout):
			return nil, false
		}
	}
	stopLater := func(cmd *exec.Cmd) {
		t.Cleanup(func() {
			cmd.Process.Kill()
			wait(cmd, sshWait)
		})
	}
	startServer := func() (*exec.Cmd, *lockedBuffer, string, string) {
		cmd := exec.Command(binary, "serve", "--ssh", "127.0.0.1:0", "--db", db, "--config", cfg)
		cmd.Env = env
		logs := &lockedBuffer{}
		cmd.Stderr = logs
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		stopLater(cmd)
		r := bufio.NewReader(out)
		addr, fp := readListen(t, r)
		go io.Copy(io.Discard, r)
		return cmd, logs, addr, fp
	}
	stopServer := func(cmd *exec.Cmd, logs *lockedBuffer) {
		cmd.Process.Signal(syscall.SIGINT)
		err, ok := wait(cmd, sshWait)
		switch {
		case !ok:
			t.Fatalf("serve did not stop on SIGINT:\n%s", logs.String())
		case err != nil:
			t.Fatalf("serve exited with %v:\n%s", err, logs.String())
		}
	}
	server, logs, addr, fingerprint := startServer()
	host, port, _ := strings.Cut(addr, ":")

	sshCmd := func(user, key string) *exec.Cmd {
		cmd := exec.Command(sshBin, "-tt", "-F", "/dev/null", "-i", key, "-p", port, "-l", user, "-e", "none",
			"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
			"-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20", host)
		cmd.Env = append(env, "TERM=xterm-256color", "SSH_AUTH_SOCK=")
		return cmd
	}
	session := func(a sshAgent) (*servetest.Session, *exec.Cmd, *lockedBuffer) {
		cmd := sshCmd(a.name, keyFile(a))
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		stderr := &lockedBuffer{}
		cmd.Stderr = stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		stopLater(cmd)
		// ssh -tt from a pipe asks for a terminal of no size: the server
		// draws 80×24.
		return servetest.Attach(out, in, 80, 24), cmd, stderr
	}
	waitExit := func(cmd *exec.Cmd, stderr *lockedBuffer) int {
		t.Helper()
		err, ok := wait(cmd, sshWait)
		if !ok {
			t.Fatalf("ssh did not exit; stderr: %s\nserver log:\n%s", stderr.String(), logs.String())
		}
		if ee, isExit := err.(*exec.ExitError); isExit {
			return ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0
	}

	s, cmd, stderr := session(alice)
	// The queue's count says the screen has read what the keys below act
	// on. The title bar names the store, then DEMO. A test database's URL
	// (its socket folder in the query) fills the 80 columns, and the
	// title is cut before the badge: on PostgreSQL the badge is not
	// looked for here (reported: the title should give way, not DEMO).
	want := []string{"alice · agent", "open ─"}
	if !pgPass() {
		want = append(want, "DEMO")
	}
	if _, err := s.WaitFor(sshWait, want...); err != nil {
		t.Fatalf("%v\nssh stderr: %s\nserver log:\n%s", err, stderr.String(), logs.String())
	}
	before := exceptionLog(t, db)["alice"]
	s.Type("\t\ta")
	if _, err := s.WaitFor(sshWait, "acknowledged: 1"); err != nil {
		t.Fatal(err)
	}
	if n := exceptionLog(t, db)["alice"]; n != before+1 {
		t.Errorf("exception log rows by alice: %d, want %d", n, before+1)
	}
	s.Type("q")
	if code := waitExit(cmd, stderr); code != 0 {
		t.Errorf("ssh exited %d after q; stderr: %s", code, stderr.String())
	}

	s, cmd, stderr = session(bob)
	if _, err := s.WaitFor(sshWait, "bob@e2e · viewer"); err != nil {
		t.Fatalf("%v\nssh stderr: %s\nserver log:\n%s", err, stderr.String(), logs.String())
	}
	s.Type("\t\ta")
	if _, err := s.WaitFor(sshWait, "read only"); err != nil {
		t.Fatal(err)
	}
	s.Type("q")
	if code := waitExit(cmd, stderr); code != 0 {
		t.Errorf("ssh exited %d after q; stderr: %s", code, stderr.String())
	}

	stranger := newAgent("mallory", tracker.RoleAdmin)
	cmd = sshCmd("alice", keyFile(stranger))
	stderr = &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopLater(cmd)
	if code := waitExit(cmd, stderr); code != 255 || !strings.Contains(stderr.String(), "Permission denied (publickey)") {
		t.Errorf("a stranger's key: exit %d, %q", code, stderr.String())
	}

	stopServer(server, logs)
	logged := logs.String()
	for _, want := range []string{
		`msg="ssh login" agent=alice role=agent`,
		`msg="ssh login" agent=bob@e2e role=viewer`,
		`msg="ssh logout" agent=alice`,
		`msg="ssh authorized_keys line skipped"`, "line=1",
		`msg="ssh key refused: not an agent's"`,
		`msg="ssh login refused"`,
	} {
		if !strings.Contains(logged, want) {
			t.Errorf("the log lacks %s:\n%s", want, logged)
		}
	}

	keyPath := filepath.Join(dir, "ssh_host_ed25519_key")
	fi, err := os.Stat(keyPath)
	if err != nil {
		t.Fatalf("no host key beside the store: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %04o, want 0600", fi.Mode().Perm())
	}
	server, logs, _, again := startServer()
	if again != fingerprint {
		t.Errorf("the host key changed across restarts: %s, then %s", fingerprint, again)
	}
	stopServer(server, logs)
}

// serve refuses to start an SSH server nobody can log in to, and says how
// to fix it.
func TestServeSSHWithoutAgents(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.toml")
	os.WriteFile(empty, nil, 0o600)
	db := e2eStoreIn(t, dir, "w.db")
	r := waybill(t, "serve", "--ssh", "127.0.0.1:0", "--db", db, "--config", empty)
	if r.code == 0 || !strings.Contains(r.stderr, "no agent can log in") || !strings.Contains(r.stderr, "[[agents]]") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[ssh]\nauthorized_keys = \"missing_keys\"\n"), 0o600)
	r = waybill(t, "serve", "--db", db, "--config", cfg)
	if r.code == 0 || !strings.Contains(r.stderr, "missing_keys") {
		t.Fatalf("a missing authorized_keys file: exit %d: %s", r.code, r.stderr)
	}
}
