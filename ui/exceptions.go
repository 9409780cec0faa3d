package ui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// exceptionsLimit bounds the triage queue read; the pane says "200+" when
// there may be more. The queue is worst first, so the cut drops the least
// urgent.
const exceptionsLimit = 200

// exceptionItem is one queue row: the display copy (sanitized) and the raw
// tracking number, which is the key for looking the shipment up.
type exceptionItem struct {
	tracker.ExceptionRow
	rawTracking string
}

// exceptionsModel is the open exceptions across all orders, worst first.
type exceptionsModel struct {
	c *common

	width, height int

	items []exceptionItem
	cursor
	selID  int64 // exception id kept selected across reloads
	loaded bool
	err    error

	seq int
	req int
}

func newExceptions(c *common) *exceptionsModel { return &exceptionsModel{c: c} }

func (m *exceptionsModel) setSize(w, h int) {
	m.width, m.height = w, h
	m.scroll()
}

func (m *exceptionsModel) visibleRows() int { return max(1, m.height-3) }

func (m *exceptionsModel) load() tea.Cmd {
	m.seq++
	id := m.seq
	m.req = id
	ctx, reader := m.c.ctx, m.c.reader
	return func() tea.Msg {
		rows, err := reader.OpenExceptions(ctx, exceptionsLimit)
		if err != nil {
			err = fmt.Errorf("read open exceptions: %w", err)
		}
		return exceptionsMsg{req: id, rows: rows, err: err}
	}
}

func (m *exceptionsModel) onExceptions(msg exceptionsMsg) {
	if msg.req != m.req {
		return
	}
	m.req = 0
	if msg.err != nil {
		m.err = msg.err
		return
	}
	m.err = nil
	m.loaded = true
	items := make([]exceptionItem, len(msg.rows))
	for i, r := range msg.rows {
		it := exceptionItem{ExceptionRow: r, rawTracking: r.TrackingNo}
		it.Detail = Sanitize(r.Detail)
		it.Owner = Sanitize(r.Owner)
		it.OrderNo = Sanitize(r.OrderNo)
		it.TrackingNo = Sanitize(r.TrackingNo)
		it.Carrier = Sanitize(r.Carrier)
		it.Destination = Sanitize(r.Destination)
		it.Kind = tracker.ExceptionKind(Sanitize(string(r.Kind)))
		items[i] = it
	}
	// Worst first, then the longest open; the store likely sorts already,
	// but the queue's order is this screen's promise, so we make sure.
	sort.SliceStable(items, func(a, b int) bool {
		x, y := items[a], items[b]
		if x.Severity != y.Severity {
			return x.Severity > y.Severity
		}
		if !x.OpenedAt.Equal(y.OpenedAt) {
			return x.OpenedAt.Before(y.OpenedAt)
		}
		return x.ID < y.ID
	})
	m.items = items
	for i, it := range items {
		if it.ID == m.selID {
			m.sel = i
			break
		}
	}
	m.scroll()
}

func (m *exceptionsModel) scroll() {
	m.clamp(len(m.items), m.visibleRows())
	if m.sel < len(m.items) {
		m.selID = m.items[m.sel].ID
	}
}

func (m *exceptionsModel) move(delta int) {
	m.sel += delta
	m.scroll()
}

// Selected returns the selected exception, if any.
func (m *exceptionsModel) Selected() (exceptionItem, bool) {
	if m.sel < 0 || m.sel >= len(m.items) {
		return exceptionItem{}, false
	}
	return m.items[m.sel], true
}

// Update handles the keys of the focused queue. Enter is the root's: it
// involves the other panes.
func (m *exceptionsModel) Update(msg tea.KeyPressMsg) tea.Cmd {
	m.navigate(msg, m.c.keys, len(m.items), m.visibleRows())
	m.scroll()
	return nil
}

// ShortHelp implements help.KeyMap.
func (m *exceptionsModel) ShortHelp() []key.Binding {
	k := m.c.keys
	has := len(m.items) > 0
	return []key.Binding{
		enabledIf(moveHelp(k), has),
		enabledIf(withHelp(k.Open, "open"), has),
		enabledIf(k.Refresh, has && m.c.refresher != nil),
	}
}

// FullHelp implements help.KeyMap.
func (m *exceptionsModel) FullHelp() [][]key.Binding {
	k := m.c.keys
	has := len(m.items) > 0
	return [][]key.Binding{
		{enabledIf(k.Up, has), enabledIf(k.Down, has), enabledIf(k.PageUp, has), enabledIf(k.PageDown, has)},
		{enabledIf(k.Top, has), enabledIf(k.Bottom, has), enabledIf(withHelp(k.Open, "open"), has),
			enabledIf(withHelp(k.Refresh, "refresh parcel"), has && m.c.refresher != nil)},
	}
}

// exceptionColumns are the queue's columns in the order a person reads a
// row; in a narrow pane the order and tracking numbers give way first
// (prio): they are in the timeline's title one Enter away, while the detail
// says what is wrong. A function rather than a package variable, so no
// state in ui is shared between sessions, not even by accident.
func exceptionColumns() []column {
	return []column{
		{title: "Sev", min: 4, max: 4, prio: 0},
		{title: "Kind", min: 9, max: 13, prio: 1, grow: 1},
		{title: "Order", min: 8, max: 16, prio: 4, grow: 2},
		{title: "Tracking", min: 13, max: 20, prio: 5, grow: 3},
		{title: "Age", min: 3, max: 4, prio: 2, right: true},
		{title: "Detail", min: 12, want: 24, prio: 3},
	}
}

func severityLabel(s tracker.Severity) string {
	switch s {
	case tracker.SeverityCritical:
		return "CRIT"
	case tracker.SeverityHigh:
		return "HIGH"
	case tracker.SeverityMedium:
		return "MED"
	case tracker.SeverityLow:
		return "LOW"
	}
	return "?"
}

// View renders the pane as exactly height lines of width cells.
func (m *exceptionsModel) View(focused bool) []string {
	st := m.c.styles
	info := ""
	switch {
	case m.err != nil:
		info = "read failed"
	case m.loaded:
		n := strconv.Itoa(len(m.items))
		if len(m.items) >= exceptionsLimit {
			n += "+"
		}
		info = n + " open"
	}
	t := newTable(exceptionColumns(), m.width-2)
	body := make([]string, 0, m.height)
	body = append(body, t.header(st.inkHeader))
	switch {
	case m.err != nil && len(m.items) == 0:
		body = append(body, st.Error.Render(Sanitize(m.err.Error())))
	case !m.loaded:
		body = append(body, st.Empty.Render("loading…"))
	case len(m.items) == 0:
		body = append(body, st.Empty.Render("No open exceptions."))
	}
	now := m.c.now
	end := min(len(m.items), m.top+m.visibleRows())
	cells := make([]tcell, len(t.cols))
	selSt := st.inkSelectedOff
	if focused {
		selSt = st.inkSelected
	}
	for i := m.top; i < end; i++ {
		it := m.items[i]
		sev := st.severityInk(it.Severity)
		cells[0] = styled(severityLabel(it.Severity), sev)
		cells[1] = styled(strings.ReplaceAll(string(it.Kind), "_", " "), sev)
		cells[2] = plain(it.OrderNo)
		cells[3] = plain(it.TrackingNo)
		cells[4] = plain(since(now, it.OpenedAt))
		cells[5] = plain(it.Detail)
		body = append(body, t.row(cells, focused && i == m.sel, selSt))
	}
	return st.pane("Exceptions", info, body, m.width, m.height, focused)
}

func (m *exceptionsModel) clickRow(y int) {
	i := m.top + y - 2
	if y >= 2 && i < len(m.items) && i < m.top+m.visibleRows() {
		m.sel = i
		m.scroll()
	}
}
