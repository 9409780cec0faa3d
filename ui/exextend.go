package ui

import (
	"context"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// The queue's proposal to extend the buyer's protection (issue 22 item 5):
// a row whose order's protection ends (ExceptionRow.ProtectionEnd, read
// with the rows) before its parcel is likely to arrive, or within
// [deadlines] extend_before of it (tracker.ProposeExtend on the ETA's
// p90), says "extend?" in its state, and the extend key opens the order
// view's prompt (App.promptExtend) for the row's order.

// extendProposals are the queue rows (by exception id) that propose
// extending. It runs in the queue's read (a tea.Cmd), and asks the ETA
// only of rows whose order has a protection end (a marketplace's orders),
// once per parcel.
func extendProposals(ctx context.Context, eta tracker.ETAReader, rows []tracker.ExceptionRow, now time.Time, before time.Duration) map[int64]bool {
	if eta == nil {
		return nil
	}
	var out map[int64]bool
	byParcel := map[int64]bool{}
	for _, r := range rows {
		if r.ProtectionEnd.IsZero() {
			continue
		}
		propose, seen := byParcel[r.ShipmentID]
		if !seen {
			// ShipmentETA has none for a delivered parcel (ok false), so a
			// parcel with one is not delivered: no status to pass. A failed
			// read proposes nothing; the order view still can.
			if e, ok, err := eta.ShipmentETA(ctx, r.ShipmentID, now); err == nil && ok {
				propose = tracker.ProposeExtend(r.ProtectionEnd, "", e.To, before)
			}
			byParcel[r.ShipmentID] = propose
		}
		if propose {
			if out == nil {
				out = map[int64]bool{}
			}
			out[r.ID] = true
		}
	}
	return out
}

// fetchExtend asks for the rows' proposals after the rows are shown: they
// need the ETA model, which a store with no model built in the last
// minutes first learns from every delivered parcel (issue 24), and the
// queue should not wait for that.
func (m *exceptionsModel) fetchExtend(req int, rows []tracker.ExceptionRow, now time.Time) tea.Cmd {
	if m.c.eta == nil || !slices.ContainsFunc(rows, func(r tracker.ExceptionRow) bool { return !r.ProtectionEnd.IsZero() }) {
		return nil
	}
	ctx, eta, before := m.c.ctx, m.c.eta, m.c.ext.extendBefore()
	return func() tea.Msg {
		return extendMsg{req: req, extend: extendProposals(ctx, eta, rows, now, before)}
	}
}

// onExtend marks the rows of the shown read that propose extending.
func (m *exceptionsModel) onExtend(msg extendMsg) {
	if msg.req != m.shownReq || len(msg.extend) == 0 {
		return
	}
	for i := range m.all {
		if msg.extend[m.all[i].ID] {
			m.all[i].state = append(m.all[i].state, extendPart())
		}
	}
	m.applyText()
}

// extendPart is the state fact of a row that proposes extending; it ranks
// with a due follow-up: work today, or money lost.
func extendPart() statePart {
	return statePart{forms: []string{"extend?", "ext?"}, rank: rankFollowUp}
}

// canExtendRow reports whether the queue offers the extend key on the
// selected row: its order has a protection end, in a session that may
// change things.
func (m *exceptionsModel) canExtendRow() bool {
	it, ok := m.Selected()
	return ok && !it.ProtectionEnd.IsZero() && !m.c.readOnly && m.c.svc != nil
}

// extendFromException opens the extend prompt for the selected row's
// order.
func (a *App) extendFromException() tea.Cmd {
	if why := a.mayChange("extend protection"); why != "" {
		a.status.say(why, true)
		return nil
	}
	it, ok := a.exceptions.Selected()
	switch {
	case !ok:
		a.status.say(a.c.tr.T("no exception selected"), true)
		return nil
	case it.ProtectionEnd.IsZero():
		a.status.say(a.c.tr.T("order %s: no buyer protection end is kept (not a synced marketplace order): nothing to extend", it.OrderNo), true)
		return nil
	}
	return a.promptExtend(it.OrderNo, it.rawOrderNo, it.OrderID)
}
