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
