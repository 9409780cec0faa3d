package tracker

import (
	"context"
	"time"
)

// Versioner reports a number that changes whenever the store's file is
// changed by another connection (SQLite's PRAGMA data_version).
type Versioner interface {
	DataVersion(ctx context.Context) (int64, error)
}

// ChangeFeed is a store that is told of every committed write as it
// commits, by any process (PostgreSQL's LISTEN/NOTIFY), so screens on
// several servers sharing it need not poll.
type ChangeFeed interface {
	// FeedsChanges reports whether ListenChanges has a feed to listen to.
	FeedsChanges() bool
	// ListenChanges publishes each change until ctx ends; ready, if not
	// nil, is called once it listens.
	ListenChanges(ctx context.Context, publish func(Change), ready func()) error
}

// WatchStore publishes an "everything changed" notice whenever the store's
// version moves, so a screen stays true while another process (a
// `waybill refresh` beside the TUI) writes the same file. It returns when
// ctx ends. A failed read is tried again on the next tick: the file being
// busy for a moment is no reason to stop watching.
//
// A store that is a ChangeFeed with a feed is listened to instead: its
// notices name the shipments changed where the writer knew them, and come
// as the write commits rather than on the next tick.
func WatchStore(ctx context.Context, v Versioner, every time.Duration, hub *Hub) {
	if f, ok := v.(ChangeFeed); ok && f.FeedsChanges() {
		_ = f.ListenChanges(ctx, hub.Publish, nil) // it tries again itself until ctx ends
		return
	}
	last, err := v.DataVersion(ctx)
	known := err == nil
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur, err := v.DataVersion(ctx)
		if err != nil {
			continue
		}
		if known && cur != last {
			hub.Publish(Change{All: true})
		}
		last, known = cur, true
	}
}
