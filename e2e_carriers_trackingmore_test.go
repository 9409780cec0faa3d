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

	"waybill/carriers/contract"
	"waybill/carriers/trackingmore/trackingmorefake"
)

// TrackingMore end to end: the built binary talks to a local fake that
// speaks TrackingMore's documented v4 protocol, through base_url. A known
// number's journey is stored; an unknown one is created once (TrackingMore
// bills per created number) and stays pending; a rejected key and a
// used-up plan say so.
func TestCLITrackingMoreEndToEnd(t *testing.T) {
	fake := trackingmorefake.New(t, 0)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.trackingmore]\napi_key_env = \"TM_KEY\"\nbase_url = %q\n", fake.URL())), 0o600)
	t.Setenv("TM_KEY", fake.Key())

	known, unknown := contract.S10("RB", 12345678, "CN"), contract.S10("RB", 22345678, "CN")
	want := fake.AddDelivered(known, time.Now().Add(-12*24*time.Hour).UTC())
	for i, n := range []string{known, unknown} {
		if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", fmt.Sprintf("SHOP-%d", i+1), "--tracking", n, "--country", "US"); r.code != 0 {
			t.Fatalf("add %s: exit %d\n%s%s", n, r.code, r.stdout, r.stderr)
		}
	}
	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("new events %d", want)) {
		t.Fatalf("refresh: exit %d, want %d new events\n%s%s", r.code, want, r.stdout, r.stderr)
	}
	show := func(n string) (status string, events int) {
		r := waybill(t, "show", "--json", "--db", db, "--config", cfg, n)
		var o struct {
			Shipments []struct {
				Status string           `json:"status"`
				Events []map[string]any `json:"events"`
			} `json:"shipments"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &o); err != nil || len(o.Shipments) != 1 {
			t.Fatalf("show %s: %v\n%s%s", n, err, r.stdout, r.stderr)
		}
		return o.Shipments[0].Status, len(o.Shipments[0].Events)
	}
	if st, n := show(known); st != "delivered" || n != want {
		t.Fatalf("%s: %s with %d events, want delivered with %d", known, st, n, want)
	}
	if st, n := show(unknown); st != "pending" || n != 0 {
		t.Fatalf("%s: %s with %d events, want pending", unknown, st, n)
	}
	created := fake.Created()
	if len(created) != 1 || created[0].TrackingNumber != unknown || created[0].CourierCode != "china-post" {
		t.Fatalf("created %+v, want %s under china-post only", created, unknown)
	}
	if r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg, unknown); r.code != 0 || !strings.Contains(r.stdout, "checked 1") {
		t.Fatalf("refresh by number: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(fake.Created()); n != 1 {
		t.Fatalf("%d creates after a second pass: a created number must not be billed again", n)
	}
	for _, h := range fake.Requests() {
		if h.Header.Get("Tracking-Api-Key") != fake.Key() {
			t.Fatalf("request %s %s without the v4 key header", h.Method, h.Path)
		}
	}

	// A used-up plan (meta 4190) pauses the service; a wrong key stops it.
	fake.Fail(contract.FaultQuota, 100)
	if r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg, unknown); !strings.Contains(r.stdout, "quota") {
		t.Fatalf("refresh with the plan used up: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	fake.ReplaceFaults("", 0)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte(fmt.Sprintf("[carriers.trackingmore]\napi_key = \"wrong\"\nbase_url = %q\n", fake.URL())), 0o600)
	if r := waybill(t, "refresh", "--once", "--db", db, "--config", bad, unknown); r.code != 1 || !strings.Contains(r.stdout, "trackingmore stopped: key rejected") {
		t.Fatalf("refresh with a bad key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A push from TrackingMore reaches the store through `waybill serve
// --http` at /webhooks/trackingmore; a push whose signature is wrong
// changes nothing, and a repeated push adds nothing.
func TestServeAcceptsTrackingMoreWebhook(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := trackingmorefake.New(t, 0)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	const secret = "tm-webhook-secret"
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.trackingmore]\napi_key = %q\nbase_url = %q\nwebhook_secret = %q\n\n[refresh]\ninterval = \"1h\"\n", fake.Key(), fake.URL(), secret)), 0o600)
	num := contract.S10("RB", 12345678, "CN")
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", num); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	// The pushed history comes from a second fake, so serve's own first
	// poll cannot store it before the refused pushes are counted.
	pushes := trackingmorefake.New(t, 0)
	want := pushes.AddDelivered(num, time.Now().Add(-12*24*time.Hour))
	body := pushes.WebhookBody(num)

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
	if err != nil || !strings.Contains(line, "/webhooks/trackingmore") {
		t.Fatalf("serve said %q (%v)\n%s", line, err, stderr.String())
	}
	base := strings.Fields(strings.TrimPrefix(line, "listening on "))[0]
	post := func(h http.Header) int {
		req, _ := http.NewRequest("POST", base+"/webhooks/trackingmore", bytes.NewReader(body))
		req.Header = h
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
	if code := post(trackingmorefake.PushHeaders("not-the-secret", time.Now())); code != http.StatusUnauthorized {
		t.Fatalf("bad signature: HTTP %d, want 401", code)
	}
	if code := post(http.Header{"Content-Type": {"application/json"}}); code != http.StatusUnauthorized {
		t.Fatalf("no signature: HTTP %d, want 401", code)
	}
	if n := count(); n != 0 {
		t.Fatalf("refused pushes stored %d events", n)
	}
	for i := 0; i < 2; i++ {
		if code := post(trackingmorefake.PushHeaders(secret, time.Now())); code != http.StatusOK {
			t.Fatalf("signed push %d: HTTP %d\n%s", i, code, stderr.String())
		}
	}
	if n := count(); n != want {
		t.Fatalf("after two identical pushes: %d events, want %d", n, want)
	}
}
