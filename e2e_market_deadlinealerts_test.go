package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/carriers/contract"
)

// A case whose follow-up is due in 10h (inside both default lead times,
// 48h and 12h) sends one alert through [alerts.webhook] on the next
// refresh --once, naming the order and "follow-up"; a second refresh
// sends none.
func TestDeadlineAlertOnceThroughWebhook(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	recv := &deadlineReceiver{accepted: map[string]int{}}
	hook := httptest.NewServer(recv)
	defer hook.Close()

	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`[alerts.webhook]
url = %q
secret_env = "TEST_HOOK_SECRET"
kinds = ["lost"]
`, hook.URL+"/waybill")), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "USER=ana", "HOME=" + dir, "TZ=" + os.Getenv("TZ"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "cfg"), "XDG_DATA_HOME=" + filepath.Join(dir, "data"), "TEST_HOOK_SECRET=hook-secret"}
	run := func(args ...string) result {
		t.Helper()
		r := waybill2(t, env, append(args, "--db", db, "--config", cfg)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}
	num := contract.S10("RB", 20000077, "GB")
	run("add", "--order", "ORD-DL-7", "--tracking", num)
	r := run("case", "open", num, "--kind", "stale", "--json")
	var opened struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &opened); err != nil || opened.ID == 0 {
		t.Fatalf("case open --json: %v\n%s", err, r.stdout)
	}
	for _, step := range [][]string{
		{"reassure", "--text", "We are on it."},
		{"verify", "--text", "no scan for weeks"},
		{"solve", "--type", "refund", "--amount", "5", "--currency", "EUR"},
		{"follow-up", "--date", time.Now().Add(10 * time.Hour).Format("2006-01-02 15:04")},
	} {
		run(append([]string{"case", "do", fmt.Sprint(opened.ID)}, step...)...)
	}

	first := waybill2(t, env, "refresh", "--once", "--db", db, "--config", cfg)
	recv.mu.Lock()
	accepted := len(recv.accepted)
	recv.mu.Unlock()
	if accepted != 1 || !strings.Contains(first.stdout, "deadline alerts 1") || !strings.Contains(first.stdout, "alerts sent 1, failed 0") {
		t.Fatalf("first refresh: %d alerts accepted, want 1; exit %d\n%s%s", accepted, first.code, first.stdout, first.stderr)
	}
	if testing.Verbose() {
		t.Logf("first refresh:\n%s%s\n%v", first.stdout, first.stderr, recv.bodies)
	}
	sent := webhookOutbox(t, db)
	if len(sent) != 1 {
		t.Fatalf("webhook outbox %v, want one alert", sent)
	}
	for key := range sent {
		if !strings.HasPrefix(key, "deadline-") {
			t.Fatalf("alert key %q, want a deadline's", key)
		}
	}
	recv.mu.Lock()
	bodies := strings.Join(recv.bodies, "\n")
	recv.mu.Unlock()
	for _, want := range []string{"ORD-DL-7", "follow-up", num} {
		if !strings.Contains(bodies, want) {
			t.Errorf("the alert does not name %q:\n%s", want, bodies)
		}
	}

	second := waybill2(t, env, "refresh", "--once", "--db", db, "--config", cfg)
	recv.mu.Lock()
	defer recv.mu.Unlock()
	if len(recv.accepted) != 1 || recv.accepted[firstKey(sent)] != 1 || strings.Contains(second.stdout, "deadline alerts") {
		t.Fatalf("second refresh sent again: %v; exit %d\n%s%s", recv.accepted, second.code, second.stdout, second.stderr)
	}
}

// deadlineReceiver is a webhook receiver that keeps every alert it gets:
// its key (how many times) and its text.
type deadlineReceiver struct {
	mu       sync.Mutex
	accepted map[string]int
	bodies   []string
}

func (h *deadlineReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.accepted[r.Header.Get("X-Waybill-Alert-Key")]++
	h.bodies = append(h.bodies, string(body))
	w.WriteHeader(http.StatusNoContent)
}

func firstKey(m map[string]bool) string {
	for k := range m {
		return k
	}
	return ""
}
