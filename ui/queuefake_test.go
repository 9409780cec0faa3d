package ui

import (
	"context"
	"slices"
	"sort"
	"time"

	"waybill/tracker"
)

// The fake's side of the queue's history: the views, the exception log and
// undo, as the store does them (store/exception_history.go,
// store/triage_undo.go).

// fakeLogAction is the log action of a fake Triage method.
func fakeLogAction(method string) string {
	switch method {
	case "Acknowledge":
		return tracker.LogAcknowledged
	case "Snooze":
		return tracker.LogSnoozed
	case "Assign":
		return tracker.LogAssigned
	case "Resolve":
		return tracker.LogResolved
	}
	return ""
}

// fakeInView reports whether r is in q.View, a view of the history.
func fakeInView(r tracker.ExceptionRow, q tracker.ExceptionQuery) bool {
	switch q.View {
	case tracker.ViewAcknowledged:
		return r.State == tracker.ExAcknowledged
	case tracker.ViewSnoozed:
		return r.State == tracker.ExSnoozed && r.SnoozedUntil.After(q.Now)
	case tracker.ViewResolved:
		return r.State == tracker.ExResolved
	}
	return q.View == tracker.ViewAll
}

func fakeTriageState(r tracker.ExceptionRow) tracker.TriageState {
	return tracker.TriageState{State: r.State, Owner: r.Owner, SnoozedUntil: r.SnoozedUntil, Closed: r.State == tracker.ExResolved}
}

// logChange writes a log entry; f.mu is held.
func (f *fakeReader) logChange(id int64, actor, action string, at time.Time, detail string) {
	if f.exLog == nil {
		f.exLog = map[int64][]tracker.ExceptionLogEntry{}
	}
	f.exLog[id] = append(f.exLog[id], tracker.ExceptionLogEntry{At: at, Actor: actor, Action: action, Detail: detail})
}

func (f *fakeReader) ListExceptions(ctx context.Context, q tracker.ExceptionQuery) ([]tracker.ExceptionRow, error) {
	if q.View == tracker.ViewQueue {
		return f.OpenExceptions(ctx, q)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["list exceptions"]++
	f.exQueries = append(f.exQueries, q)
	var out []tracker.ExceptionRow
	for _, r := range f.exceptions {
		if !matches(r, q, true) {
			continue
		}
		if log := f.exLog[r.ID]; len(log) > 0 {
			r.Last = log[len(log)-1]
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].ID > out[b].ID })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (f *fakeReader) ExceptionLog(ctx context.Context, id int64, limit int) ([]tracker.ExceptionLogEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls["exception log"]++
	log := slices.Clone(f.exLog[id])
	slices.Reverse(log)
	if limit > 0 && len(log) > limit {
		log = log[:limit]
	}
	return log, nil
}

func (f *fakeReader) UndoTriage(ctx context.Context, action string, changes []tracker.TriageChange, actor string, now time.Time) (tracker.Triaged, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := make([]int64, len(changes))
	for i, c := range changes {
		ids[i] = c.ID
	}
	f.triage = append(f.triage, recordedCall{method: "UndoTriage", ids: ids, actor: actor, now: now, reason: action})
	if f.failTri != nil {
		return tracker.Triaged{}, f.failTri
	}
	t := tracker.Triaged{Action: tracker.UndoAction(action)}
	for _, c := range changes {
		for i := range f.exceptions {
			r := &f.exceptions[i]
			if r.ID != c.ID || fakeTriageState(*r) != c.After {
				continue
			}
			r.State, r.Owner, r.SnoozedUntil = c.Before.State, c.Before.Owner, c.Before.SnoozedUntil
			r.ClosedAt, r.ResolvedBy = time.Time{}, ""
			f.logChange(r.ID, actor, t.Action, now, "back to "+c.Before.Describe(action == tracker.LogAssigned))
			t.Changed++
			t.Changes = append(t.Changes, tracker.TriageChange{ID: c.ID, ShipmentID: c.ShipmentID, Before: c.After, After: c.Before})
			if !slices.Contains(t.Shipments, r.ShipmentID) {
				t.Shipments = append(t.Shipments, r.ShipmentID)
			}
		}
	}
	return t, nil
}
