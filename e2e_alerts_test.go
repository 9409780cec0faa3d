package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/track17/track17fake"
)

// alertReceiver is a webhook receiver that checks signatures and counts the
// alerts it accepted, by key. Until stall is closed it holds the first
// request it gets without answering, and says so on stalled.
type alertReceiver struct {
	secret  string
	stalled chan struct{}
	// keepStalled: the receiver keeps the alert it holds (it acted on it)
	// but the answer never reaches the sender.
	keepStalled bool

	mu       sync.Mutex
	requests int
	accepted map[string]int
	bad      []string
}

func (h *alertReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.requests++
	first := h.requests == 1
	mac := hmac.New(sha256.New, []byte(h.secret))
	mac.Write(body)
	if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); r.Header.Get("X-Waybill-Signature") != want {
		h.bad = append(h.bad, "bad signature on "+string(body))
	}
	var a struct{ Key string }
	if err := json.Unmarshal(body, &a); err != nil || a.Key == "" || a.Key != r.Header.Get("X-Waybill-Alert-Key") {
		h.bad = append(h.bad, fmt.Sprintf("key %q / header %q in %s", a.Key, r.Header.Get("X-Waybill-Alert-Key"), body))
	}
	h.mu.Unlock()
	if first {
		// The sender is now between sending and marking sent: hold it
		// there until the test kills it.
		if h.keepStalled {
			h.mu.Lock()
			h.accepted[a.Key]++
			h.mu.Unlock()
		}
		close(h.stalled)
		<-r.Context().Done()
		return
	}
	h.mu.Lock()
	h.accepted[a.Key]++
	h.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// webhookOutbox reads the webhook channel's outbox rows: key → sent. It
// reads the store with SQL, beside the store, so looking changes nothing.
func webhookOutbox(t *testing.T, db string) map[string]bool {
	t.Helper()
	conn := openStoreSQL(t, db, false)
	defer conn.Close()
	rows, err := conn.Query(`SELECT key, sent_at IS NOT NULL FROM outbox WHERE channel = 'webhook'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var key string
		var sent bool
		if err := rows.Scan(&key, &sent); err != nil {
			t.Fatal(err)
		}
		out[key] = sent
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// An alert written but not yet sent when the process is killed is sent
// after a restart. Delivery is at least once: an alert the receiver kept
// but whose answer the killed sender never read goes again, with the same
// X-Waybill-Alert-Key, so the receiver can drop it; one cut short before
// the receiver kept it arrives exactly once. The outbox itself never holds
// a duplicate row.
func TestAlertSurvivesSIGKILL(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	tests := []struct {
		name        string
		keepStalled bool
		wantTwice   int // alerts the receiver ends up with twice
	}{
		{"killed before the receiver kept the alert", false, 0},
		{"killed after the receiver kept it, before its answer", true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each its own store, carrier fake and receiver
			alertKill(t, tt.keepStalled, tt.wantTwice)
		})
	}
}

func alertKill(t *testing.T, keepStalled bool, wantTwice int) {
	fake := track17fake.New(t, 40)
	recv := &alertReceiver{secret: "hook-secret", stalled: make(chan struct{}), accepted: map[string]int{}, keepStalled: keepStalled}
	hook := httptest.NewServer(recv)
	defer hook.Close()

	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`[refresh]
lease = "10s"
[carriers.17track]
api_key = %q
base_url = %q
rate_per_second = 100
[alerts.webhook]
url = %q
secret_env = "TEST_HOOK_SECRET"
kinds = ["lost"]
`, fake.Key(), fake.URL(), hook.URL+"/waybill")), 0o600)
	// Every command checks the variables the config names, add too. The
	// secret goes to each command's environment, not the test process's
	// (t.Setenv): the test runs in parallel with others.
	env := append(os.Environ(), "HOME="+dir, "TEST_HOOK_SECRET=hook-secret")

	// Three parcels the carrier reports lost: three exceptions, three
	// webhook alerts, written by the refresh that finds them.
	const parcels = 3
	shipped := time.Now().Add(-72 * time.Hour)
	for i := range parcels {
		num := contract.S10("RB", 20000000+i, "GB")
		fake.AddEvents(num,
			track17fake.Event{Time: shipped, Zone: "+08:00", Stage: "PickedUp", SubStatus: "InTransit_PickedUp", Description: "Acceptance", Location: "Shenzhen", Provider: 3011},
			track17fake.Event{Time: shipped.Add(24 * time.Hour), Zone: "+08:00", SubStatus: "Exception_Lost", Description: "Item lost", Location: "Guangzhou", Provider: 3011})
		if r := waybillIn(t, env, "", "add", "--db", db, "--config", cfg, "--order", fmt.Sprint("ORD-", i), "--tracking", num); r.code != 0 {
			t.Fatalf("add %s: %s", num, r.stderr)
		}
	}

	cmd := exec.Command(binary, "refresh", "--once", "--db", db, "--config", cfg)
	cmd.Env = env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-recv.stalled:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("no alert arrived:\n%s", out.String())
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	// Killed between sending and marking: every alert is written, none is
	// marked sent.
	pending := webhookOutbox(t, db)
	if len(pending) != parcels || slices.Contains(slices.Collect(maps.Values(pending)), true) {
		t.Fatalf("after the kill: webhook alerts %v, want %d unsent\n%s", pending, parcels, out.String())
	}

	// The alert the killed process was sending stays its own for the
	// lease (10s); then a restart sends them all.
	time.Sleep(11 * time.Second)
	r := waybill2(t, env, "refresh", "--once", "--db", db, "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("alerts sent %d, failed 0", parcels)) {
		t.Fatalf("restart: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Nothing is left, and a further run sends nothing again.
	if r := waybill2(t, env, "refresh", "--once", "--db", db, "--config", cfg); r.code != 0 || strings.Contains(r.stdout, "alerts sent") {
		t.Fatalf("third run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if after := webhookOutbox(t, db); len(after) != parcels || slices.Contains(slices.Collect(maps.Values(after)), false) {
		t.Fatalf("after the restart: %v, want every alert sent", after)
	}

	recv.mu.Lock()
	defer recv.mu.Unlock()
	if len(recv.bad) > 0 {
		t.Errorf("receiver complaints:\n%s", strings.Join(recv.bad, "\n"))
	}
	keys := make([]string, 0, len(recv.accepted))
	twice := 0
	for k, n := range recv.accepted {
		keys = append(keys, k)
		switch n {
		case 1:
		case 2:
			twice++
		default:
			t.Errorf("alert %s accepted %d times", k, n)
		}
	}
	if twice != wantTwice {
		t.Errorf("%d alerts arrived twice, want %d: %v", twice, wantTwice, recv.accepted)
	}
	if n := outboxRows(t, db); n != parcels {
		t.Errorf("%d webhook rows in the outbox, want %d: no row written twice", n, parcels)
	}
	eventsPerNumber(t, db) // integrity_check
	slices.Sort(keys)
	want := make([]string, 0, len(pending))
	for k := range pending {
		want = append(want, k)
	}
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("accepted %v, want every alert the store wrote: %v", keys, want)
	}
	if recv.requests != parcels+1 {
		t.Errorf("%d requests, want %d: the one the kill cut short, then one per alert", recv.requests, parcels+1)
	}
}

// waybill2 is waybill with the given environment.
func waybill2(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return waybillIn(t, env, "", args...)
}

// waybillIn is waybill2 with stdin.
func waybillIn(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// outboxRows counts the webhook channel's outbox rows, and fails on a key
// stored twice.
func outboxRows(t *testing.T, db string) int {
	t.Helper()
	conn := openStoreSQL(t, db, false)
	defer conn.Close()
	var rows, keys int
	if err := conn.QueryRow(`SELECT count(*), count(DISTINCT key) FROM outbox WHERE channel = 'webhook'`).Scan(&rows, &keys); err != nil {
		t.Fatal(err)
	}
	if rows != keys {
		t.Fatalf("outbox: %d rows for %d keys", rows, keys)
	}
	return rows
}
