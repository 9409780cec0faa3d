package serve

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"waybill/tracker"
	"waybill/ui/serve/servetest"
)

func TestParseAuthorizedKeysReportsAndSkipsBadLines(t *testing.T) {
	alice, aliceLine, _ := servetest.NewKey("alice@laptop")
	bob, bobLine, _ := servetest.NewKey("Bob Stone")
	carol, carolLine, _ := servetest.NewKey("")
	dave, daveLine, _ := servetest.NewKey("dave")
	file := strings.Join([]string{
		"# support team",                      // 1
		aliceLine,                             // 2
		"ssh-ed25519 AAAAnotbase64!! mallory", // 3
		"",                                    // 4
		`from="10.0.0.0/8" ` + daveLine,       // 5: options are not applied, so not trusted
		carolLine,                             // 6: no name
		"   " + bobLine + "   ",               // 7
		aliceLine[:len(aliceLine)-len("alice@laptop")] + "alice again", // 8: a repeat
		"ssh-rsa",                    // 9
		strings.Repeat("x", 100_000), // 10: very long, still one bad line
	}, "\n")
	agents, problems := ParseAuthorizedKeys([]byte(file), tracker.RoleAgent)
	want := map[int]string{3: "not a public key", 5: "options", 6: "no comment", 8: "same key as line 2", 9: "not a public key", 10: "not a public key"}
	if len(problems) != len(want) {
		t.Errorf("problems %v, want lines %v", problems, want)
	}
	for _, p := range problems {
		if w, ok := want[p.Line]; !ok || !strings.Contains(p.Reason, w) {
			t.Errorf("line %d: %q, want %q", p.Line, p.Reason, w)
		}
	}
	if len(agents) != 2 {
		t.Fatalf("agents %v", agents)
	}
	for _, tt := range []struct {
		key  gossh.PublicKey
		name string
		line string
	}{{alice.PublicKey(), "alice@laptop", "line 2"}, {bob.PublicKey(), "Bob Stone", "line 7"}} {
		a, ok := agents[keyID(tt.key)]
		if !ok || a.Name != tt.name || a.Role != tracker.RoleAgent || a.From != "authorized_keys "+tt.line ||
			a.Fingerprint != gossh.FingerprintSHA256(tt.key) {
			t.Errorf("agent for %s: %+v", tt.name, a)
		}
	}
	for _, k := range []gossh.PublicKey{carol.PublicKey(), dave.PublicKey()} {
		if _, ok := agents[keyID(k)]; ok {
			t.Errorf("a skipped line's key was taken: %s", gossh.FingerprintSHA256(k))
		}
	}
}

func TestKeysFromConfigAndFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "authorized_keys")
	ann, annLine, _ := servetest.NewKey("ann-in-file")
	bob, bobLine, _ := servetest.NewKey("bob")
	if err := os.WriteFile(path, []byte(annLine+"\nnonsense here\n"+bobLine+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var logBuf syncBuffer
	log := slog.New(slog.NewTextHandler(&logBuf, nil))
	k, err := NewKeys([]tracker.AgentConfig{{Name: "ann", Role: "admin", PublicKey: annLine}}, path, tracker.RoleViewer, log)
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := k.Lookup(ann.PublicKey()); !ok || a.Name != "ann" || a.Role != tracker.RoleAdmin || a.From != "[[agents]]" {
		t.Errorf("ann: %+v, %v: [[agents]] must win over the file", a, ok)
	}
	if a, ok := k.Lookup(bob.PublicKey()); !ok || a.Name != "bob" || a.Role != tracker.RoleViewer {
		t.Errorf("bob: %+v, %v", a, ok)
	}
	if n := k.Count(); n != 2 {
		t.Errorf("count %d", n)
	}
	if !strings.Contains(logBuf.String(), "line=2") || !strings.Contains(logBuf.String(), "authorized_keys line skipped") {
		t.Errorf("the bad line is not logged with its number:\n%s", logBuf.String())
	}

	// An agent added to the file can log in without a restart; one taken
	// out cannot.
	cy, cyLine, _ := servetest.NewKey("cy")
	if _, ok := k.Lookup(cy.PublicKey()); ok {
		t.Fatal("cy before being added")
	}
	if err := os.WriteFile(path, []byte(cyLine+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	future := time.Now().Add(2 * time.Second) // a new mtime, even on coarse clocks
	os.Chtimes(path, future, future)
	if a, ok := k.Lookup(cy.PublicKey()); !ok || a.Name != "cy" {
		t.Errorf("cy after being added: %+v, %v", a, ok)
	}
	if _, ok := k.Lookup(bob.PublicKey()); ok {
		t.Error("bob still logs in after leaving the file")
	}
	if _, ok := k.Lookup(nil); ok {
		t.Error("a nil key is someone")
	}
	os.Remove(path)
	if _, ok := k.Lookup(cy.PublicKey()); ok {
		t.Error("cy logs in after the file is gone")
	}
	if _, ok := k.Lookup(ann.PublicKey()); !ok {
		t.Error("[[agents]] stopped working without the file")
	}
}

func TestNewKeysRefusesAMissingFile(t *testing.T) {
	_, err := NewKeys(nil, filepath.Join(t.TempDir(), "nope"), tracker.RoleViewer, nil)
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("err = %v", err)
	}
}

func TestHostKeyIsCreatedPrivateAndReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "ssh_host_ed25519_key")
	first, created, err := HostKey(path)
	if err != nil || !created {
		t.Fatalf("first: created %v, %v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o, want 0600", fi.Mode().Perm())
	}
	again, created, err := HostKey(path)
	if err != nil || created {
		t.Fatalf("second: created %v, %v", created, err)
	}
	if !bytes.Equal(first.PublicKey().Marshal(), again.PublicKey().Marshal()) {
		t.Error("the host key changed between starts")
	}
	os.Chmod(path, 0o644)
	if _, _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key others can read: %v", err)
	}
}
