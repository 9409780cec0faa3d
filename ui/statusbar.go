package ui

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"waybill/tracker"
)

// messageTicks is how many ticks (seconds) a status message stays. Counted
// in ticks, not clock time, because the demo clock runs many times faster
// than the person reading.
const messageTicks = 6

// statusBar shows counts by status, the refresher's state and one-off
// messages (the result of `r`, a failed read).
type statusBar struct {
	c *common

	counts      map[tracker.Status]int
	checked     int // orders with pre-shipment warnings
	loaded      bool
	countErr    error
	seq, req    int
	countsAfter bool // a change notice came while a count was on its way

	ref     tracker.RefresherState
	hasRef  bool
	reasons []string // each service's reason, read into the screen's language and sanitized once

	msg      string
	msgErr   bool
	msgTicks int
}

func newStatusBar(c *common) *statusBar { return &statusBar{c: c} }

// reloadCounts counts again for a change notice, after the count on its
// way if there is one (exceptionsModel.reload says why).
func (m *statusBar) reloadCounts() tea.Cmd {
	if m.req != 0 {
		m.countsAfter = true
		return nil
	}
	return m.loadCounts()
}

func (m *statusBar) loadCounts() tea.Cmd {
	m.countsAfter = false
	m.seq++
	id := m.seq
	m.req = id
	ctx, reader := m.c.ctx, m.c.reader
	return func() tea.Msg {
		counts, err := reader.StatusCounts(ctx)
		if err != nil {
			return statusCountsMsg{req: id, err: fmt.Errorf("count by status: %w", err)}
		}
		checked, err := reader.CountChecked(ctx)
		if err != nil {
			err = fmt.Errorf("count orders to check: %w", err)
		}
		return statusCountsMsg{req: id, counts: counts, checked: checked, err: err}
	}
}

func (m *statusBar) onCounts(msg statusCountsMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.req = 0
	var next tea.Cmd
	if m.countsAfter {
		next = m.loadCounts()
	}
	if msg.err != nil {
		m.countErr = said(m.c.tr, msg.err)
		return next
	}
	m.countErr = nil
	m.loaded = true
	m.checked = msg.checked
	// Copy: the map belongs to the reader.
	m.counts = make(map[tracker.Status]int, len(msg.counts))
	for k, v := range msg.counts {
		m.counts[k] = v
	}
	return next
}

// setRefresher keeps the refresher's state, with each service's stored
// reason read back into the screen's language here, as the state comes in,
// rather than by every frame's View.
func (m *statusBar) setRefresher(st tracker.RefresherState) {
	m.ref, m.hasRef = st, true
	m.reasons = make([]string, len(st.Services))
	for i, h := range st.Services {
		if h.State == tracker.HealthStopped || h.State == tracker.HealthPaused {
			m.reasons[i] = Sanitize(m.c.tr.HealthReason(h.Reason))
		}
	}
}

func (m *statusBar) say(text string, isErr bool) {
	m.msg, m.msgErr, m.msgTicks = Sanitize(text), isErr, messageTicks
}

func (m *statusBar) tick() {
	if m.msgTicks > 0 {
		m.msgTicks--
		if m.msgTicks == 0 {
			m.msg = ""
		}
	}
}

// The status line's items by rank: when the line is short, the highest
// rank is dropped first, item by item, never cut inside a word. Who is
// working, a message, a service that stopped and the orders to check stay
// longest: each asks a person to act (a long message or reason gives up its
// end before the orders to check go). Then the counts of parcels that need
// one (customs, failed delivery, exception, returning), the total, when
// the refresher passes next and passed last (how fresh the screen is), the
// other counts (the moving ones before the finished ones), and last the
// refresher's particulars.
const (
	rankWho = iota
	rankMessage
	rankChecks
	rankLongText // the end of a long message or reason
	rankRunning
	rankCountsUrgent
	rankTotal
	rankNext
	rankLast
	rankCountsMoving
	rankCountsEarly
	rankCountsDone
	rankIdle
	rankPassSummary
)

// countRank is the rank of a status's count.
func countRank(s tracker.Status) int {
	switch s {
	case tracker.StatusCustoms, tracker.StatusDeliveryFailed, tracker.StatusException, tracker.StatusReturning:
		return rankCountsUrgent
	case tracker.StatusInTransit, tracker.StatusOutForDelivery, tracker.StatusAvailableForPickup:
		return rankCountsMoving
	case tracker.StatusPending, tracker.StatusInfoReceived:
		return rankCountsEarly
	}
	return rankCountsDone
}

// countItems is "⚠ 3 orders to check · 63 parcels: In transit 23 ·
// Customs 3 · …" in the order a parcel moves through the statuses; zero
// counts are left out. from and to bound the per-status counts in the
// result.
func (m *statusBar) countItems() (items []barItem, from, to int) {
	st, tr := m.c.styles, m.c.tr
	if m.countErr != nil {
		return []barItem{{text: tr.T("counts: %s", Sanitize(m.countErr.Error())), style: st.Error, rank: rankMessage, shrink: true, tail: rankLongText}}, 0, 0
	}
	if !m.loaded {
		return []barItem{{text: tr.T("counting…"), style: st.Dim, rank: rankTotal}}, 0, 0
	}
	if m.checked > 0 {
		items = append(items, barItem{text: tr.T("⚠ %d orders to check", m.checked),
			style: st.SeverityStyle(tracker.SeverityMedium), rank: rankChecks, sep: " · "})
	}
	total := 0
	for _, s := range tracker.Statuses {
		total += m.counts[s]
	}
	if total == 0 {
		return append(items, barItem{text: tr.T("no parcels"), style: st.Dim, rank: rankTotal}), 0, 0
	}
	items = append(items, barItem{text: tr.T("%d parcels", total), style: st.Dim, rank: rankTotal, sep: ": "})
	from = len(items)
	for _, s := range tracker.Statuses {
		if n := m.counts[s]; n > 0 {
			items = append(items, barItem{text: statusLabel(s, tr) + " " + strconv.Itoa(n), style: st.StatusStyle(s),
				rank: countRank(s), sep: " · "})
		}
	}
	return items, from, len(items)
}

// refresherItems is the background refresher's state, short, for the
// right end of the line.
func (m *statusBar) refresherItems() []barItem {
	st, tr := m.c.styles, m.c.tr
	if !m.hasRef {
		if m.c.refresher == nil {
			return []barItem{{text: tr.T("refresher off"), style: st.Dim, rank: rankIdle, right: true}}
		}
		return nil
	}
	r := m.ref
	// A service that cannot be asked matters more than whether a pass is
	// running: its parcels stop moving until someone acts or waits.
	clock := func(t time.Time) string { return t.In(m.c.now.Location()).Format("15:04") }
	problem := func(text string, style lipgloss.Style, h tracker.ServiceHealth) []barItem {
		items := []barItem{{text: text, style: style, rank: rankMessage, right: true, sep: " · ", shrink: true, tail: rankLongText}}
		if !h.LastOK.IsZero() {
			items = append(items, barItem{text: tr.T("last ok %s", clock(h.LastOK)), style: style, rank: rankLast, right: true})
		}
		return items
	}
	for i, h := range r.Services {
		switch h.State {
		case tracker.HealthStopped:
			return problem(tr.T("%s stopped: %s", Sanitize(h.Service), m.reasons[i]), st.Error, h)
		case tracker.HealthPaused:
			// "paused until" first: a narrow bar cuts the reason's tail,
			// never when the service is asked again.
			return problem(tr.T("%s paused until %s: %s", Sanitize(h.Service), clock(h.Until), m.reasons[i]), st.Busy, h)
		}
	}
	if r.Running {
		return []barItem{{text: tr.T("⟳ refreshing…"), style: st.Busy, rank: rankRunning, right: true}}
	}
	if r.Err != "" {
		return []barItem{{text: tr.T("refresher: %s", Sanitize(r.Err)), style: st.Error, rank: rankMessage, right: true, shrink: true, tail: rankLongText}}
	}
	items := []barItem{{text: tr.T("idle"), style: st.Dim, rank: rankIdle, right: true, sep: " · "}}
	if !r.LastPass.IsZero() {
		items = append(items, barItem{text: tr.T("last %s", clock(r.LastPass)), style: st.Dim, rank: rankLast, right: true, sep: " · "})
	}
	if !r.NextPass.IsZero() {
		items = append(items, barItem{text: tr.T("next %s", clock(r.NextPass)), style: st.Dim, rank: rankNext, right: true, sep: " · "})
	}
	if !r.LastPass.IsZero() {
		items = append(items, barItem{text: tr.T("%d checked/%d new", r.Last.Checked, r.Last.NewEvents),
			style: st.Dim, rank: rankPassSummary, right: true})
	}
	return items
}

// View renders the status line in exactly width cells: over SSH, who is
// working and as what; then counts (or, for a few seconds, a message such
// as the result of `r`) on the left, the refresher on the right. Items
// that do not fit are left out whole, by rank; when some counts are, a
// "+3 more" says so.
func (m *statusBar) View(width int) string {
	var items []barItem
	if who := m.whoView(); who != "" {
		items = append(items, barItem{text: who, style: m.whoStyle(), rank: rankWho, sep: " "})
	}
	from, to := 0, 0
	if msg := m.messageItem(); msg.text != "" {
		items = append(items, msg)
	} else {
		counts, f, t := m.countItems()
		from, to = len(items)+f, len(items)+t
		items = append(items, counts...)
	}
	items = append(items, m.quotaItems()...) // statusquota.go
	items = append(items, m.refresherItems()...)
	keep := fitItems(items, width)
	if dropped(keep[from:to]) > 0 {
		// Make room for the most a marker can say, then say what it is.
		more := barItem{text: m.c.tr.T("+%d more", to-from), style: m.c.styles.Dim, rank: rankTotal}
		items = slices.Insert(items, to, more)
		keep = fitItems(items, width)
		items[to].text = m.c.tr.T("+%d more", dropped(keep[from:to]))
		if dropped(keep[from:to]) == 0 {
			keep[to] = false
		}
	}
	return renderBar(items, keep, width, m.c.styles.Dim)
}

// dropped counts the items left out.
func dropped(keep []bool) int {
	n := 0
	for _, k := range keep {
		if !k {
			n++
		}
	}
	return n
}

// whoView is the agent's name and role, "" in a local session.
func (m *statusBar) whoView() string {
	if m.c.actor.Role == "" {
		return ""
	}
	name := Sanitize(m.c.actor.Name)
	if r := []rune(name); len(r) > 24 {
		name = string(r[:23]) + "…"
	}
	return " " + name + " · " + string(m.c.actor.Role) + " "
}

func (m *statusBar) whoStyle() lipgloss.Style {
	if m.c.readOnly {
		return m.c.styles.WhoViewer
	}
	return m.c.styles.Who
}

// messageItem is the transient message, with no text when there is none.
func (m *statusBar) messageItem() barItem {
	if m.msg == "" {
		return barItem{}
	}
	st := m.c.styles.OK
	if m.msgErr {
		st = m.c.styles.Error
	}
	return barItem{text: m.msg, style: st, rank: rankMessage, shrink: true, tail: rankLongText}
}
