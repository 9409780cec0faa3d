package ui

import (
	"context"
	"fmt"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The orders filter counts its matches in two steps. While a person types,
// each key counts no further than countCap: a word's first letter matches
// a third of the store, and counting a third of a million parcels takes
// half a second a key (issue 24). The pane says "10000+" then, and the
// exact count is read once typing has paused for exactCountAfter, in a read
// that the next key cancels.
const (
	countCap        = 10_000
	exactCountAfter = 300 * time.Millisecond
)

// exactCountDue says typing has paused on query: from now its counts are
// exact, a change notice's reload included.
type exactCountDue struct{ query string }

// recount counts again for a change notice, after the count on its way if
// there is one: notices faster than a count would otherwise drop every
// answer (and cancel every exact count), and the total would never show.
func (m *ordersModel) recount() tea.Cmd {
	if m.countReq != 0 {
		m.countAfter = true
		return nil
	}
	return m.fetchCount()
}

// fetchCount reads the total the pane shows: the list's; the filter's up
// to countCap while it is typed, exactly once typing has paused on it.
func (m *ordersModel) fetchCount() tea.Cmd {
	m.seq++
	id := m.seq
	m.countReq = id
	m.countAfter = false
	m.cancelExact()
	ctx, reader, query, limit := m.c.ctx, m.c.reader, m.query, m.countCap
	if query != "" && query == m.settledQuery {
		// A read the next key may replace: cancellable. A notice
		// waits for it (recount).
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		m.exactCancel = cancel
		return func() tea.Msg {
			defer cancel()
			n, err := reader.CountMatching(ctx, "", query)
			if ctx.Err() != nil {
				return nil // a newer count has taken its place
			}
			if err != nil {
				err = fmt.Errorf("count orders: %w", err)
			}
			return countMsg{req: id, n: n, err: err}
		}
	}
	return func() tea.Msg {
		var n int
		var err error
		capped := false
		if query == "" {
			n, err = reader.CountShipments(ctx, "")
		} else {
			n, err = reader.CountMatchingUpTo(ctx, "", query, limit)
			if n > limit {
				n, capped = limit, true
			}
		}
		if err != nil {
			err = fmt.Errorf("count orders: %w", err)
		}
		return countMsg{req: id, n: n, atLeast: capped, err: err}
	}
}

// onCount shows a count; a capped one asks for the exact count after the
// pause.
func (m *ordersModel) onCount(msg countMsg) tea.Cmd {
	if msg.req != m.countReq {
		return nil
	}
	m.countReq = 0
	var next tea.Cmd
	if m.countAfter {
		next = m.fetchCount()
	}
	if msg.err != nil {
		m.err = said(m.c.tr, msg.err)
		return next
	}
	m.total, m.totalKnown, m.totalAtLeast = msg.n, true, msg.atLeast
	m.fixBaseFromEnd()
	if !msg.atLeast {
		return next
	}
	query := m.query
	return tea.Batch(next, tea.Tick(exactCountAfter, func(time.Time) tea.Msg { return exactCountDue{query: query} }))
}

// onExactCountDue reads the exact count once typing has paused on the
// query, unless a key has changed it since. The query is settled from then
// on: a reload for a change notice counts it exactly too, so a busy
// refresher's notices cannot keep the count capped.
func (m *ordersModel) onExactCountDue(msg exactCountDue) tea.Cmd {
	if msg.query != m.query || m.query == m.settledQuery {
		return nil
	}
	m.settledQuery = m.query
	return m.fetchCount()
}

// cancelExact stops an exact count still running: its query is gone.
func (m *ordersModel) cancelExact() {
	if m.exactCancel != nil {
		m.exactCancel()
		m.exactCancel = nil
	}
}

// totalText is the total as the pane shows it: "10000+" while only a
// capped count is known.
func (m *ordersModel) totalText() string {
	if m.totalAtLeast {
		return strconv.Itoa(m.total) + "+"
	}
	return strconv.Itoa(m.total)
}
