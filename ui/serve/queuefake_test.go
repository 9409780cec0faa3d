package serve

import (
	"context"
	"time"

	"waybill/tracker"
)

// The fake's side of the queue's history (issue 20): no history to show,
// and undo recorded as a write like the others.

func (f *fakeStore) ListExceptions(ctx context.Context, q tracker.ExceptionQuery) ([]tracker.ExceptionRow, error) {
	if q.View == tracker.ViewQueue {
		return f.OpenExceptions(ctx, q)
	}
	return nil, nil
}

func (f *fakeStore) ExceptionLog(context.Context, int64, int) ([]tracker.ExceptionLogEntry, error) {
	return nil, nil
}

func (f *fakeStore) UndoTriage(_ context.Context, _ string, changes []tracker.TriageChange, actor string, _ time.Time) (tracker.Triaged, error) {
	f.write("UndoTriage", actor)
	return tracker.Triaged{Changed: len(changes)}, nil
}
