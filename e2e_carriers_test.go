package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/carriers/track17/track17fake"
)

// A real service end to end: the built binary talks to a local fake that
// speaks 17TRACK's documented protocol, through base_url.
func TestCLI17TrackEndToEnd(t *testing.T) {
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key_env = \"T17_KEY\"\nbase_url = %q\n", fake.URL())), 0o600)
	t.Setenv("T17_KEY", fake.Key())

	const num = "RB123456785GB"
	// The scripted journey takes 174 hours: shipped 8 days ago, it has
	// ended by now (a delivery dated days ahead would not count).
	shipped := time.Now().Add(-8 * 24 * time.Hour).UTC()
	want := fake.AddDelivered(num, shipped)

	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num, "--country", "GB"); r.code != 0 {
		t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("new events %d", want)) {
		t.Fatalf("refresh: exit %d, want %d new events\n%s%s", r.code, want, r.stdout, r.stderr)
	}
	events := func() []map[string]any {
		r := waybill(t, "show", "--json", "--db", db, "--config", cfg, num)
		var o struct {
			Shipments []struct {
				Status string           `json:"status"`
				Events []map[string]any `json:"events"`
			} `json:"shipments"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &o); err != nil || len(o.Shipments) != 1 {
			t.Fatalf("show: %v\n%s%s", err, r.stdout, r.stderr)
		}
		if o.Shipments[0].Status != "delivered" {
			t.Fatalf("status %q, want delivered", o.Shipments[0].Status)
		}
		return o.Shipments[0].Events
	}
	first := events()
	if len(first) != want || first[0]["status"] != "delivered" || first[0]["raw_status"] == "" {
		t.Fatalf("events after refresh: %v", first)
	}
	// Delivered parcels are not due again, so name it to check it now:
	// the same answer stored twice adds nothing.
	if r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg); r.code != 0 || !strings.Contains(r.stdout, "checked 0") {
		t.Fatalf("second pass: exit %d, want nothing due\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg, num); r.code != 0 || !strings.Contains(r.stdout, "checked 1") || !strings.Contains(r.stdout, "new events 0") {
		t.Fatalf("refresh by number: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if again := events(); len(again) != len(first) {
		t.Fatalf("events after a second refresh: %d, want %d", len(again), len(first))
	}

	// A rejected key stops the service and says so, and nothing is lost.
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte(fmt.Sprintf("[carriers.17track]\napi_key = \"wrong\"\nbase_url = %q\n", fake.URL())), 0o600)
	if r := waybill(t, "add", "--db", db, "--config", bad, "--order", "SHOP-2", "--tracking", "RB000000005GB"); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	r = waybill(t, "refresh", "--once", "--db", db, "--config", bad)
	if r.code != 1 || !strings.Contains(r.stdout, "17track stopped: key rejected") || !strings.Contains(r.stdout, "skipped 1") {
		t.Fatalf("refresh with a bad key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if again := events(); len(again) != len(first) {
		t.Fatalf("a failed pass changed stored events: %d, want %d", len(again), len(first))
	}
}

// A push from 17TRACK reaches the store through `waybill serve --http`;
// a push with a bad signature changes nothing.
func TestServeAccepts17TrackWebhook(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	const secret = "push-secret"
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\nwebhook_secret = %q\n\n[refresh]\ninterval = \"1h\"\n", fake.Key(), fake.URL(), secret)), 0o600)
	const num = "RB123456785GB"
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	// The pushes' history comes from a second fake: serve's first refresh
	// pass polls the configured one at once, and finding the history there
	// it stored it before the refused pushes were counted, now and then.
	pushes := track17fake.New(t, 40)
	want := pushes.AddDelivered(num, time.Now().Add(-8*24*time.Hour))

	cmd := exec.Command(binary, "serve", "--http", "127.0.0.1:0", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "/webhooks/17track") {
		t.Fatalf("serve said %q (%v)\n%s", line, err, stderr.String())
	}
	base := strings.Fields(strings.TrimPrefix(line, "listening on "))[0]

	body := pushes.PushBody("TRACKING_UPDATED", num)
	post := func(sign string) int {
		req, _ := http.NewRequest("POST", base+"/webhooks/17track", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if sign != "" {
			req.Header.Set("sign", sign)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	count := func() int {
		r := waybill(t, "show", "--json", "--db", db, num)
		return strings.Count(r.stdout, `"raw_status"`)
	}
	if code := post("0000"); code != http.StatusUnauthorized {
		t.Fatalf("bad signature: HTTP %d, want 401", code)
	}
	if code := post(""); code != http.StatusUnauthorized {
		t.Fatalf("no signature: HTTP %d, want 401", code)
	}
	if n := count(); n != 0 {
		t.Fatalf("refused pushes stored %d events", n)
	}
	sign := track17fake.SignPush(body, secret)
	for i := 0; i < 2; i++ { // a duplicate push adds nothing
		if code := post(sign); code != http.StatusOK {
			t.Fatalf("signed push %d: HTTP %d\n%s", i, code, stderr.String())
		}
	}
	if n := count(); n != want {
		t.Fatalf("after two identical pushes: %d events, want %d", n, want)
	}
}
