package store

import (
	"context"
	"testing"
	"time"
)

// Two processes on one store sync a marketplace one at a time: the lease
// is the holder's until it runs out or is given up.
func TestLeaseOneHolderAtATime(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		name    string
		owner   string
		now     time.Time
		release bool
		want    bool
	}{
		{"free: a takes it", "a", t0, false, true},
		{"b while a holds it", "b", t0.Add(time.Minute), false, false},
		{"a again (renews)", "a", t0.Add(2 * time.Minute), false, true},
		{"b before a's renewal runs out", "b", t0.Add(16 * time.Minute), false, false},
		{"b once it ran out", "b", t0.Add(17 * time.Minute), false, true},
		{"a while b holds it", "a", t0.Add(18 * time.Minute), false, false},
		{"a's release of b's lease does nothing", "a", t0.Add(18 * time.Minute), true, false},
		{"so a is still refused", "a", t0.Add(18 * time.Minute), false, false},
		{"b gives it up", "b", t0.Add(19 * time.Minute), true, false},
		{"a at once after", "a", t0.Add(19 * time.Minute), false, true},
	}
	for _, s := range steps {
		if s.release {
			if err := db.ReleaseLease(ctx, "sync:x", s.owner); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			continue
		}
		got, err := db.TakeLease(ctx, "sync:x", s.owner, s.now, s.now.Add(15*time.Minute))
		if err != nil || got != s.want {
			t.Fatalf("%s: held %v, %v; want %v", s.name, got, err, s.want)
		}
	}
	// A value that does not read as a lease blocks no one for ever.
	if err := db.SetMeta(ctx, leaseKey("sync:y"), "garbage"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.TakeLease(ctx, "sync:y", "a", t0, t0.Add(time.Minute)); err != nil || !got {
		t.Fatalf("an unreadable lease: held %v, %v; want it taken over", got, err)
	}
}
