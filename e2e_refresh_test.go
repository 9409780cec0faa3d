package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/track17/track17fake"
	"waybill/store"
)

// seed17 adds n parcels to a store and scripts their journeys in the fake,
// returning each number's event count.
func seed17(t *testing.T, fake *track17fake.Server, db, cfg string, n int) map[string]int {
	t.Helper()
	want := map[string]int{}
	shipped := time.Now().Add(-96 * time.Hour)
	for i := range n {
		num := contract.S10("RB", 10000000+i, "GB")
		want[num] = fake.AddDelivered(num, shipped)
		if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", fmt.Sprint("ORD-", i), "--tracking", num); r.code != 0 {
			t.Fatalf("add %s: %s", num, r.stderr)
		}
	}
	return want
}

// eventsPerNumber reads what the store holds, and checks its integrity.
func eventsPerNumber(t *testing.T, db string) map[string]int {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	orders, err := s.ListOrders(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, o := range orders {
		d, err := s.FindOrder(ctx, o.OrderNo, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range d.Shipments {
			got[sh.TrackingNo] = len(sh.Events)
		}
	}
	return got
}

// parcelsWithEvents is how many parcels have an event stored, read with
// one small query: the kill's poll. (eventsPerNumber's integrity check and
// reads, under -race at load 11, took longer than the whole pass.)
func parcelsWithEvents(t *testing.T, db string) int {
	t.Helper()
	conn := openStoreSQL(t, db, false)
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT count(DISTINCT shipment_id) FROM events`).Scan(&n); err != nil {
		return 0 // busy: the next poll will tell
	}
	return n
}

// Killing the refresher mid-pass loses nothing: after a restart every parcel
// has its events exactly once and the database is intact.
func TestRefreshSurvivesSIGKILL(t *testing.T) {
	// Not in parallel: the kill must land mid-pass, a window of about a
	// second that other tests on the cores made it miss (60 of 60 done).
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	slow := filepath.Join(dir, "slow.toml")
	fast := filepath.Join(dir, "fast.toml")
	const tmpl = "[refresh]\nlease = \"10s\"\n[carriers.17track]\napi_key = %q\nbase_url = %q\nrate_per_second = %g\nbatch_size = 10\n"
	os.WriteFile(slow, []byte(fmt.Sprintf(tmpl, fake.Key(), fake.URL(), 4.0)), 0o600)
	os.WriteFile(fast, []byte(fmt.Sprintf(tmpl, fake.Key(), fake.URL(), 100.0)), 0o600)
	want := seed17(t, fake, db, slow, 60)

	cmd := exec.Command(binary, "refresh", "--once", "--db", db, "--config", slow)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it as soon as the first batch is stored: at 4 calls a second
	// the pass needs seconds more.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if parcelsWithEvents(t, db) > 0 {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	mid := eventsPerNumber(t, db)
	done := 0
	for num, n := range mid {
		if n != 0 && n != want[num] {
			t.Fatalf("%s half-written: %d of %d events", num, n, want[num])
		}
		if n != 0 {
			done++
		}
	}
	if done == 0 || done == len(want) {
		t.Fatalf("the kill came at the wrong time: %d of %d parcels done", done, len(want))
	}

	// The killed process's claims expire after the lease; then a new pass
	// finishes the work.
	time.Sleep(10 * time.Second)
	r := waybill(t, "refresh", "--once", "--db", db, "--config", fast)
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("checked %d", len(want)-done)) {
		t.Fatalf("restart: exit %d, want %d checked\n%s%s", r.code, len(want)-done, r.stdout, r.stderr)
	}
	after := eventsPerNumber(t, db)
	for num, n := range want {
		if after[num] != n {
			t.Fatalf("%s has %d events after the restart, want %d", num, after[num], n)
		}
	}
}

// refresh --watch runs until SIGINT, then stops cleanly and gives back its
// claims, so a --once right after it can take every parcel.
func TestRefreshWatchStopsCleanly(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[refresh]\ninterval = \"200ms\"\n[carriers.17track]\napi_key = %q\nbase_url = %q\nrate_per_second = 2\nbatch_size = 5\n", fake.Key(), fake.URL())), 0o600)
	want := seed17(t, fake, db, cfg, 30)

	cmd := exec.Command(binary, "refresh", "--watch", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "watching ") {
		t.Fatalf("watch said %q", lines.Text())
	}
	time.Sleep(1200 * time.Millisecond) // mid-pass: the rate allows 2 calls a second
	cmd.Process.Signal(os.Interrupt)
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("watch exit: %v\n%s", err, strings.Join(rest, "\n"))
	}
	if len(rest) == 0 || rest[len(rest)-1] != "stopped; claims released" {
		t.Fatalf("watch output:\n%s", strings.Join(rest, "\n"))
	}
	// No claim is left behind: a --once at once checks every parcel the
	// watcher did not finish.
	mid := eventsPerNumber(t, db)
	left := 0
	for num := range want {
		if mid[num] == 0 {
			left++
		}
	}
	fast := filepath.Join(dir, "fast.toml")
	os.WriteFile(fast, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\nrate_per_second = 100\n", fake.Key(), fake.URL())), 0o600)
	r := waybill(t, "refresh", "--once", "--db", db, "--config", fast)
	if left == 0 || r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("checked %d,", left)) {
		t.Fatalf("after watch: %d parcels left; refresh said (exit %d)\n%s%s", left, r.code, r.stdout, r.stderr)
	}
}
