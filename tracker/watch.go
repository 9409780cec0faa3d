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

// WatchStore publishes an "everything changed" notice whenever the store's
// version moves, so a screen stays true while another process (a
// `waybill refresh` beside the TUI) writes the same file. It returns when
// ctx ends. A failed read is tried again on the next tick: the file being
// busy for a moment is no reason to stop watching.
func WatchStore(ctx context.Context, v Versioner, every time.Duration, hub *Hub) {
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
