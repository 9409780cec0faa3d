package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"waybill/carriers/track17/track17fake"
)

// terminalControls reports the first byte or character in s that a
// terminal would act on rather than print: ESC, C0 controls but newline and
// tab, DEL, C1 controls (as characters or raw bytes), bidi overrides.
func terminalControls(s string) (string, bool) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return s[max(0, i-10):min(len(s), i+10)], true
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f, r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return s[max(0, i-10):min(len(s), i+10)], true
		}
	}
	return "", false
}

// Imported cells with terminal attacks in them are stored as they came
// (the store keeps data) but reach the terminal only sanitized: the import
// report, list and show.
func TestImportedCellsReachTheTerminalSanitized(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	file := filepath.Join(dir, "evil.csv")
	// A raw 0x9B byte makes the file not UTF-8: it is refused whole (see
	// TestHostileMixedEncodingCSV); here C1 comes as characters.
	attacks := []string{
		"\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07", "\x1b[2J\x1b[H", "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\",
		"\x1bP+q544e\x1b\\", "\x1b_Gpayload\x1b\\", "\u009b31m", "\u009b2J", "ring\x07\x08\r", "\u202eevil", strings.Repeat("W", 100_000),
	}
	var b strings.Builder
	b.WriteString("order no,tracking no,buyer,country\n")
	nums := []string{"RB123456785GB", "EA123456785CN", "RB000000005GB", "LP00000000001CN"}
	for i, a := range attacks {
		b.WriteString(`"EVIL-` + string(rune('A'+i)) + `",` + nums[i%2] + `,"Buyer ` + strings.ReplaceAll(a, `"`, `""`) + `",GB` + "\n")
	}
	b.WriteString(`"EVIL-Z",RB123456784GB,"` + attacks[0] + `",GB` + "\n")               // bad rows: their problems are reported
	b.WriteString(`"EVIL-Y",RB123456785GB,Ann,"` + "\x1b]0;t\x07Z\u009b2J" + `"` + "\n") // with the attack as the value
	os.WriteFile(file, []byte(b.String()), 0o600)

	var seen strings.Builder
	r := waybill(t, "import", "--skip-invalid", "--db", db, file)
	seen.WriteString(r.stdout + r.stderr)
	if !strings.Contains(r.stdout, "line 13") {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{{"list"}, {"show", "EVIL-A"}, {"show", "EVIL-C"}, {"show", "EVIL-I"}} {
		r := waybill(t, append([]string{args[0], "--db", db}, args[1:]...)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		seen.WriteString(r.stdout + r.stderr)
		for _, line := range strings.Split(r.stdout, "\n") {
			if len(line) > 8192 {
				t.Errorf("%v: a line of %d bytes: outside text is not bounded", args, len(line))
			}
		}
	}
	if at, bad := terminalControls(seen.String()); bad {
		t.Fatalf("a terminal control reached the output near %q", at)
	}
	if !strings.Contains(seen.String(), "Buyer ringoverwrite") && !strings.Contains(seen.String(), "EVIL-") {
		t.Fatalf("the rows did not show:\n%s", seen.String())
	}
}

// A signed webhook push whose events carry terminal attacks is stored, and
// shows only sanitized.
func TestWebhookTextReachesTheTerminalSanitized(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	const secret = "push-secret"
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\nwebhook_secret = %q\n\n[refresh]\ninterval = \"1h\"\n", fake.Key(), fake.URL(), secret)), 0o600)
	const num = "RB123456785GB"
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	at := time.Now().Add(-48 * time.Hour)
	fake.AddEvents(num,
		track17fake.Event{Time: at, Stage: "PickedUp", SubStatus: "InTransit_PickedUp", Description: "Accepted\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07", Location: "\x1b[2J\x1b[HShenzhen"},
		track17fake.Event{Time: at.Add(time.Hour), SubStatus: "InTransit_Other", Description: "\u009b31mSorted\x1bP+q544e\x1b\\ \u202egnp.exe", Location: "ring\x07\x08\rGZ" + strings.Repeat("W", 20_000)})

	cmd := exec.Command(binary, "serve", "--http", "127.0.0.1:0", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	line, _ := bufio.NewReader(out).ReadString('\n')
	m := httpListenRE.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("serve said %q", line)
	}
	body := fake.PushBody("TRACKING_UPDATED", num)
	req, _ := http.NewRequest("POST", "http://"+m[1]+"/webhooks/17track", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("sign", track17fake.SignPush(body, secret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("push: %v %v", resp, err)
	}
	resp.Body.Close()
	// The store keeps what the carrier said; only the screen is cleaned.
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var raw int
	conn.QueryRow(`SELECT count(*) FROM events WHERE description LIKE '%' || char(27) || '%'`).Scan(&raw)
	conn.Close()
	if raw == 0 {
		t.Fatal("no stored event holds the attack: the push did not reach the store, and show has nothing to clean")
	}
	r := waybill(t, "show", "--db", db, num)
	if r.code != 0 || !strings.Contains(r.stdout, "Sorted") || !strings.Contains(r.stdout, "Accepted") {
		t.Fatalf("show: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if at, bad := terminalControls(r.stdout + r.stderr); bad {
		t.Fatalf("a terminal control reached show's output near %q", at)
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if len(l) > 8192 {
			t.Fatalf("a line of %d bytes", len(l))
		}
	}
}
