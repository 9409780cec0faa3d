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

	"waybill/carriers/track123/track123fake"
)

// Track123 end to end: the built binary, configured with [carriers.track123]
// and base_url, imports and queries a local fake that speaks Track123's
// documented protocol; a rejected key stops the service and says so.
func TestCLITrack123EndToEnd(t *testing.T) {
	fake := track123fake.New(t, 100)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.track123]\napi_key_env = \"T123_KEY\"\nbase_url = %q\n", fake.URL())), 0o600)
	t.Setenv("T123_KEY", fake.Key())

	const num = "LP00123456789012"
	// The scripted journey takes 174 hours: shipped 8 days ago, it has
	// ended by now.
	want := fake.AddDelivered(num, time.Now().Add(-8*24*time.Hour).UTC())
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num, "--country", "US"); r.code != 0 {
		t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, "track123") || !strings.Contains(r.stdout, fmt.Sprintf("new events %d", want)) {
		t.Fatalf("refresh: exit %d, want %d new events from track123\n%s%s", r.code, want, r.stdout, r.stderr)
	}
	if _, ok := fake.Imported(num); !ok {
		t.Fatal("the number was never imported into Track123")
	}
	show := waybill(t, "show", "--json", "--db", db, "--config", cfg, num)
	var o struct {
		Shipments []struct {
			Status string           `json:"status"`
			Events []map[string]any `json:"events"`
		} `json:"shipments"`
	}
	if err := json.Unmarshal([]byte(show.stdout), &o); err != nil || len(o.Shipments) != 1 {
		t.Fatalf("show: %v\n%s%s", err, show.stdout, show.stderr)
	}
	s := o.Shipments[0]
	if s.Status != "delivered" || len(s.Events) != want || s.Events[0]["raw_status"] != "DELIVERED_01" {
		t.Fatalf("shipment %s with %d events, newest %v; want delivered, %d, DELIVERED_01", s.Status, len(s.Events), s.Events[0], want)
	}
	for _, req := range fake.Requests() {
		if req.Header.Get("Track123-Api-Secret") != fake.Key() {
			t.Fatalf("a request to %s without the key header", req.Path)
		}
	}

	// A rejected key (A0230) stops the service, and nothing is lost.
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte(fmt.Sprintf("[carriers.track123]\napi_key = \"wrong-key\"\nbase_url = %q\n", fake.URL())), 0o600)
	if r := waybill(t, "add", "--db", db, "--config", bad, "--order", "SHOP-2", "--tracking", "LP00000000000001"); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	r = waybill(t, "refresh", "--once", "--db", db, "--config", bad)
	if r.code != 1 || !strings.Contains(r.stdout, "track123 stopped: key rejected") || !strings.Contains(r.stdout, "A0230") {
		t.Fatalf("refresh with a bad key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if again := waybill(t, "show", "--json", "--db", db, num); strings.Count(again.stdout, `"raw_status"`) != want {
		t.Fatalf("a failed pass changed stored events:\n%s", again.stdout)
	}
}

// A push from Track123 reaches the store through `waybill serve --http`
// when signed with the API key (webhook_secret_env names the same variable
// as api_key_env) at a fresh timestamp; a bad or stale signature changes
// nothing.
func TestServeAcceptsTrack123Webhook(t *testing.T) {
	fake := track123fake.New(t, 100)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.track123]\napi_key_env = \"T123_KEY\"\nwebhook_secret_env = \"T123_KEY\"\nbase_url = %q\n\n[refresh]\ninterval = \"1h\"\n", fake.URL())), 0o600)
	t.Setenv("T123_KEY", fake.Key())
	const num = "LP00123456789012"
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	// The pushed history comes from a second fake, so that serve's first
	// poll of the configured one finds nothing to store before the pushes.
	pushes := track123fake.New(t, 100)
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
	if err != nil || !strings.Contains(line, "/webhooks/track123") {
		t.Fatalf("serve said %q (%v)\n%s", line, err, stderr.String())
	}
	base := strings.Fields(strings.TrimPrefix(line, "listening on "))[0]

	// Signed in the headers, as the help centre documents; they take
	// precedence over the body's verify block.
	body := pushes.WebhookBody(num, time.Now())
	post := func(at time.Time, key string) int {
		ts := track123fake.Millis(at)
		req, _ := http.NewRequest("POST", base+"/webhooks/track123", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Track123-Timestamp", ts)
		req.Header.Set("X-Track123-Signature", track123fake.Signature(key, ts))
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
	if code := post(time.Now(), "not-the-key"); code != http.StatusUnauthorized {
		t.Fatalf("bad signature: HTTP %d, want 401", code)
	}
	if code := post(time.Now().Add(-10*time.Minute), fake.Key()); code != http.StatusUnauthorized {
		t.Fatalf("stale timestamp: HTTP %d, want 401", code)
	}
	if n := count(); n != 0 {
		t.Fatalf("refused pushes stored %d events", n)
	}
	for i := 0; i < 2; i++ { // a repeated push adds nothing
		if code := post(time.Now(), fake.Key()); code != http.StatusOK {
			t.Fatalf("signed push %d: HTTP %d\n%s", i, code, stderr.String())
		}
	}
	if n := count(); n != want {
		t.Fatalf("after two identical pushes: %d events, want %d", n, want)
	}
}
