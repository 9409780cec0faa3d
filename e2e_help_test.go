package main

import (
	"bufio"
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

// A [keys] table the screen cannot use stops every command at its start,
// each problem with the file, the line, the action and the keys.
func TestKeysConfigRefusedAtStart(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	src := "[keys]\nacknowlege = [\"A\"]\nsnooze = []\nresolve = \"shift+x\"\nadd = \"w\"\n"
	if err := os.WriteFile(cfg, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	r := waybill(t, "list", "--config", cfg, "--db", filepath.Join(dir, "w.db"))
	if r.code == 0 {
		t.Fatalf("list with a bad [keys] ran: %s", r.stdout)
	}
	for _, want := range []string{
		"line 2: keys.acknowlege = [\"A\"]: no such action",
		"line 3: keys.snooze = []: no keys",
		"line 4: keys.resolve = \"shift+x\": key \"shift+x\": a terminal reports shift and a character as the character it types: write \"X\"",
	} {
		if !strings.Contains(r.stderr, cfg+" "+want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// A conflict is told once the names and keys are right.
	if err := os.WriteFile(cfg, []byte("[keys]\n\nadd = \"w\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = waybill(t, "list", "--config", cfg, "--db", filepath.Join(dir, "w.db"))
	if want := cfg + " line 3: keys.add = \"w\": key \"w\" is also watch in the orders pane"; r.code == 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr lacks %q:\n%s", r.code, want, r.stderr)
	}
}

// Over SSH at 80×24, with [keys] rebinding acknowledge: ? shows the whole
// help, scrolled to its end, with the bound key; the bound key acts, the
// old one does not; : finds the action by name and runs it.
func TestServeSSHHelpAndReboundKeys(t *testing.T) {
	dir := t.TempDir()
	db, cfg := e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "config.toml")
	agent := newAgent("ana", tracker.RoleAgent)
	conf := "[refresh]\ninterval = \"300ms\"\n\n[keys]\nacknowledge = \"A\"\n" + agentsTOML(agent)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := waybill(t, "demo", "--orders", "60", "--db", db, "--config", cfg); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	cmd := exec.Command(binary, "serve", "--ssh", "127.0.0.1:0", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(sshWait):
			_ = cmd.Process.Kill()
		}
	}()
	r := bufio.NewReader(out)
	addr, _ := readListen(t, r)
	go func() { _, _ = r.WriteTo(devNull{}) }()

	client, err := servetest.Dial(addr, servetest.Config(agent.name, gossh.PublicKeys(agent.signer)))
	if err != nil {
		t.Fatal(err)
	}
	s, err := servetest.Start(client, "xterm-256color", 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	must := func(_ string, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.WaitFor(sshWait, "Exceptions", "open ─", "? help", "q quit"))

	// The help of the exceptions pane, its end reached by scrolling.
	s.Type("\t\t?")
	must(s.WaitFor(sshWait, "Help · the exceptions pane", "A            acknowledge", "↓"))
	s.Type("G")
	must(s.WaitFor(sshWait, "tab          next pane", "!            alerts", "S            scorecard",
		"?/f1         help", "q/ctrl+c     quit", "wheel        scroll the pane under the pointer"))
	s.Type("\x1b")
	must(s.WaitGone(sshWait, "Help · the exceptions pane"))
	must(s.WaitFor(sshWait, "A ack"))

	// a no longer acknowledges; A does.
	s.Type("a")
	time.Sleep(300 * time.Millisecond)
	if acknowledgedCount(t, db) != 0 {
		t.Fatal("the default key still acknowledges")
	}
	s.Type("A")
	must(s.WaitFor(sshWait, "acknowledged: 1"))

	// The palette finds snooze by name and opens its prompt.
	s.Type(":snoo")
	must(s.WaitFor(sshWait, "Commands · the exceptions pane", "›snooze"))
	s.Type("\r")
	must(s.WaitFor(sshWait, "Snooze 1 exception"))
	s.Type("\x1b")
	must(s.WaitGone(sshWait, "Snooze 1 exception"))
	s.Type("q")
	if err := s.Wait(sshWait); err != nil {
		t.Fatal(err)
	}
}

type devNull struct{}

func (devNull) Write(p []byte) (int, error) { return len(p), nil }

// acknowledgedCount counts what ana changed in the exception log.
func acknowledgedCount(t *testing.T, db string) int {
	t.Helper()
	return exceptionLog(t, db)["ana"]
}
