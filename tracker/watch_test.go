package tracker

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

type counterVersion struct{ v atomic.Int64 }

func (c *counterVersion) DataVersion(context.Context) (int64, error) { return c.v.Load(), nil }

func TestWatchStorePublishesWhenAnotherWriterCommits(t *testing.T) {
	hub := NewHub()
	sub := hub.Subscribe()
	defer sub.Close()
	v := &counterVersion{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { WatchStore(ctx, v, time.Millisecond, hub); close(done) }()

	quiet, stop := context.WithTimeout(ctx, 30*time.Millisecond)
	if c, ok := sub.Next(quiet); ok {
		t.Fatalf("notice without a change: %+v", c)
	}
	stop()
	v.v.Add(1)
	wait, stop2 := context.WithTimeout(ctx, 2*time.Second)
	defer stop2()
	c, ok := sub.Next(wait)
	if !ok || !c.All {
		t.Fatalf("after a commit elsewhere: %+v, %v; want an All notice", c, ok)
	}
	cancel()
	<-done
}

// feedVersion is a store with a change feed: ListenChanges passes on what
// the test sends; its DataVersion never moves, so a notice can only have
// come through the feed.
type feedVersion struct {
	counterVersion
	notices chan Change
}

func (f *feedVersion) FeedsChanges() bool { return true }

func (f *feedVersion) ListenChanges(ctx context.Context, publish func(Change), ready func()) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case c := <-f.notices:
			publish(c)
		}
	}
}

// A store that feeds changes (PostgreSQL's NOTIFY) is listened to, and its
// notices keep the shipments they name.
func TestWatchStorePassesAFeedsNoticesOn(t *testing.T) {
	hub := NewHub()
	sub := hub.Subscribe()
	defer sub.Close()
	f := &feedVersion{notices: make(chan Change)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { WatchStore(ctx, f, time.Hour, hub); close(done) }()
	f.notices <- Change{ShipmentIDs: []int64{7, 9}}
	wait, stop := context.WithTimeout(ctx, 2*time.Second)
	defer stop()
	c, ok := sub.Next(wait)
	if !ok || c.All || len(c.ShipmentIDs) != 2 || c.ShipmentIDs[0] != 7 || c.ShipmentIDs[1] != 9 {
		t.Fatalf("after a notice naming 7 and 9: %+v, %v", c, ok)
	}
	cancel()
	<-done
}
