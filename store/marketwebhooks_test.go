package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// A webhook id is a repeat after a restart and to another process on the
// same store, until it is older than tracker.WebhookIDKeep and pruned.
func TestWebhookRepeatAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	path := testStore(t)
	open := func() *DB {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	clock := tracker.NewFixedClock(t0)
	first, second := open(), open()
	a := tracker.NewService(first, clock, nil, first)
	b := tracker.NewService(second, clock, nil, second)
	steps := []struct {
		name       string
		svc        *tracker.Service
		advance    time.Duration
		market, id string
		wantRepeat bool
	}{
		{"new", a, 0, "shopify", "w1", false},
		{"again to the same process", a, 0, "shopify", "w1", true},
		{"again to another process on the store", b, time.Hour, "shopify", "w1", true},
		{"the same id from another marketplace", b, 0, "other", "w1", false},
		{"no id is never a repeat", a, 0, "shopify", "", false},
		{"no id twice", a, 0, "shopify", "", false},
		{"within the keep", a, tracker.WebhookIDKeep - 2*time.Hour, "shopify", "w1", true},
		{"a new id later", b, 2 * time.Hour, "shopify", "w2", false},
		{"past the keep: pruned, new again", a, 0, "shopify", "w1", false},
	}
	for _, s := range steps {
		clock.Advance(s.advance)
		got, err := s.svc.WebhookRepeat(ctx, s.market, s.id)
		if err != nil || got != s.wantRepeat {
			t.Fatalf("%s: repeat %v, %v; want %v", s.name, got, err, s.wantRepeat)
		}
	}
	// A restart: a store opened again still knows w2.
	first.Close()
	again := open()
	if got, err := tracker.NewService(again, clock, nil, again).WebhookRepeat(ctx, "shopify", "w2"); err != nil || !got {
		t.Fatalf("after a restart: repeat %v, %v; want true", got, err)
	}
	var n int
	if err := again.read.QueryRowContext(ctx, `SELECT count(*) FROM market_webhooks WHERE seen_at < ?`, clock.Now().Add(-tracker.WebhookIDKeep).Unix()).Scan(&n); err != nil || n != 0 {
		t.Fatalf("ids older than the keep: %d, %v; want pruned", n, err)
	}
}
