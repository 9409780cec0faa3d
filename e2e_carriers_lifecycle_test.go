package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/carriers/track17/track17fake"
)

// Tracking that lasts as long as the buyer's protection, end to end: the
// built binary against a fake that speaks 17TRACK's documented lifecycle.
// 17TRACK stops following numbers that go quiet for 30 days; waybill
// restarts, once, the one whose order is still open and leaves the one
// past its protection; it stops following a delivered parcel with no
// case; `refresh --once` says all of it, with the plan's use.
func TestCLI17TrackLifecycle(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\n\n[tracking]\nfollow_days = 90\nrestarts_per_day = 10\n", fake.Key(), fake.URL())), 0o600)
	run := func(args ...string) result {
		t.Helper()
		r := waybill(t, append(args, "--db", db, "--config", cfg)...)
		if r.code != 0 {
			t.Fatalf("waybill %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
		return r
	}
	now := time.Now().UTC()
	open, late, done := contract.S10("RR", 51000001, "CN"), contract.S10("RR", 51000002, "CN"), contract.S10("RR", 51000003, "CN")
	parcels := []struct {
		order, number string
		shipped       time.Time
	}{
		{"OPEN-1", open, now.Add(-40 * 24 * time.Hour)},  // within follow_days
		{"LATE-1", late, now.Add(-100 * 24 * time.Hour)}, // past it
		{"DONE-1", done, now.Add(-20 * 24 * time.Hour)},
	}
	for _, p := range parcels {
		if p.number != done {
			fake.AddEvents(p.number, track17fake.Event{Time: p.shipped.Add(24 * time.Hour), SubStatus: "InTransit_Other", Description: "Departed", Location: "Guangzhou"})
		}
		run("add", "--order", p.order, "--tracking", p.number, "--carrier", "china-post", "--shipped", p.shipped.Format("2006-01-02"), "--country", "US")
	}
	fake.AddDelivered(done, now.Add(-20*24*time.Hour))

	// The first pass reads everything, stops following the delivered
	// parcel (no case on it) and says how much of the plan is used.
	r := run("refresh", "--once")
	for _, want := range []string{"checked 3", "lifecycle 17track: stopped following 1", "quota 17track: 3 of 100 used"} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("first pass lacks %q:\n%s", want, r.stdout)
		}
	}
	if stopped, why := fake.Stopped(done); !stopped || why != "ByRequest" {
		t.Fatalf("the delivered parcel: stopped %v (%s), want stopped by request", stopped, why)
	}

	// A month without news: 17TRACK stops following both parcels in
	// transit; the carrier's next scan of the open one waits unseen.
	fake.Advance(31 * 24 * time.Hour)
	fake.AddEvents(open, track17fake.Event{Time: now.Add(-time.Hour), SubStatus: "InTransit_Arrival", Description: "Arrived at the destination", Location: "New York"})
	run("refresh", "--once", open, late) // learns they stopped
	r = run("refresh", "--once")
	if !strings.Contains(r.stdout, "lifecycle 17track: restarted 1") {
		t.Fatalf("pass after the stop: no restart\n%s", r.stdout)
	}
	if !fake.Retracked(open) || fake.Retracked(late) {
		t.Fatalf("retracked: open %v, late %v; want the open order's parcel alone", fake.Retracked(open), fake.Retracked(late))
	}
	// Followed again: the scan it missed arrives.
	if r := run("refresh", "--once", open); !strings.Contains(r.stdout, "new events 1") {
		t.Fatalf("after the restart:\n%s", r.stdout)
	}
	// Never twice, and the delivered one is not stopped again.
	fake.Advance(31 * 24 * time.Hour)
	run("refresh", "--once", open)
	for range 2 {
		if r := run("refresh", "--once"); strings.Contains(r.stdout, "lifecycle") {
			t.Fatalf("a later pass restarted or stopped again:\n%s", r.stdout)
		}
	}
	if retracks, stops := fake.Lifecycle(); retracks != 1 || stops != 1 {
		t.Fatalf("the fake saw %d retracks and %d stops, want 1 and 1", retracks, stops)
	}
}
