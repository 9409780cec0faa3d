package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// The shared pauses and stops (migration 0018): one record per service,
// read back as written (a pause's end to the second, never earlier; a
// stop with none), replaced by the next verdict, kept across a reopen (a
// cron job's `refresh --once` and the screen are separate processes), and
// cleared only for the key it is about.
func TestSharedHealthIsRecorded(t *testing.T) {
	ctx := context.Background()
	path := testStore(t)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	reset := time.Date(2025, 3, 11, 0, 0, 0, 0, time.UTC)
	pause := tracker.SharedHealth{Service: "dhl", State: tracker.HealthPaused, Until: reset,
		Reason: "daily quota used up, resets 00:00 GMT", KeyPrint: tracker.KeyPrint("k1", "", ""), At: t0, By: "host:1:ab"}
	stop := tracker.SharedHealth{Service: "17track", State: tracker.HealthStopped,
		Reason: "key rejected: 17track: auth (HTTP 401)", KeyPrint: tracker.KeyPrint("k2", "", ""), At: t0.Add(time.Minute)}
	for _, h := range []tracker.SharedHealth{pause, stop} {
		if err := db.RecordHealth(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordHealth(ctx, tracker.SharedHealth{Service: "dhl", State: tracker.HealthOK}); err == nil || !strings.Contains(err.Error(), `state "ok"`) {
		t.Fatalf("recording state ok: %v, want refused naming the state", err)
	}
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	read := func() map[string]tracker.SharedHealth {
		t.Helper()
		hs, err := db.SharedHealth(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]tracker.SharedHealth{}
		for _, h := range hs {
			out[h.Service] = h
		}
		return out
	}
	got := read()
	cases := []struct {
		name string
		want tracker.SharedHealth
	}{
		{"a quota pause keeps its end and reason", pause},
		{"a stop has no end", stop},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := got[tc.want.Service]
			if g.State != tc.want.State || !g.Until.Equal(tc.want.Until) || g.Reason != tc.want.Reason ||
				g.KeyPrint != tc.want.KeyPrint || !g.At.Equal(tc.want.At) || g.By != tc.want.By {
				t.Fatalf("read %+v, want %+v", g, tc.want)
			}
		})
	}

	// A pause that ends within a second ends at the next second, not before.
	frac := pause
	frac.Until = reset.Add(300 * time.Millisecond)
	if err := db.RecordHealth(ctx, frac); err != nil {
		t.Fatal(err)
	}
	if g := read()["dhl"]; !g.Until.Equal(reset.Add(time.Second)) {
		t.Errorf("pause until %v, want rounded up to %v", g.Until, reset.Add(time.Second))
	}
	// A call that worked with another key clears nothing; with the key, it does.
	if err := db.ClearHealth(ctx, "dhl", tracker.KeyPrint("k9", "", "")); err != nil {
		t.Fatal(err)
	}
	if _, ok := read()["dhl"]; !ok {
		t.Fatal("cleared by another key's call")
	}
	if err := db.ClearHealth(ctx, "dhl", pause.KeyPrint); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM service_health`); n != 1 {
		t.Fatalf("%d records after clearing dhl's, want 17track's alone", n)
	}
	// The key itself is never stored.
	if n := count(t, db, `SELECT count(*) FROM service_health WHERE key_print LIKE '%k2%'`); n != 0 || len(stop.KeyPrint) != 16 {
		t.Fatalf("key print %q", stop.KeyPrint)
	}
}
