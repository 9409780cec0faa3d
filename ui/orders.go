package ui

import (
	"context"
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// windowKind says what a keyset read of the orders list was for, which
// decides how its rows join the ones already on screen.
type windowKind int

const (
	winFirst    windowKind = iota // g, and the first screen
	winLast                       // G
	winNext                       // moving below the last loaded row
	winPrev                       // moving above the first loaded row
	winPageDown                   // PgDn: the page after the last visible row
	winPageUp                     // PgUp: the page before the first visible row
	winReload                     // a change notice: the same window, fresh
	winJump                       // show a given shipment (from the exceptions queue)
)

// ordersMargin is how many rows beyond the visible ones a read asks for, so
// the next few j presses scroll without waiting for a read.
const ordersMargin = 4

// ordersModel is the orders list. It never holds the whole list: rows is one
// contiguous keyset window (at most about two screens), read with
// tracker.ListQuery from the cursor of a row at its edge. base is the
// absolute index of rows[0], kept from the reads so the pane can show "12/300"
// without counting rows above the window.
type ordersModel struct {
	c *common

	width, height int

	rows      []tracker.ShipmentRow // sanitized for display; cursors are untouched
	top, sel  int                   // indexes into rows
	base      int
	baseKnown bool
	atStart   bool // rows[0] is the first row of the list
	atEnd     bool // rows ends with the last row of the list
	loaded    bool
	err       error

	total        int
	totalKnown   bool
	totalAtLeast bool               // total is countCap and more match (ui/ordercount.go)
	exactCancel  context.CancelFunc // stops the exact count in flight
	countCap     int                // countCap; tests make it small
	settledQuery string             // the query typing has paused on: counted exactly

	seq          int
	winReq       int // id of the window read in flight, 0 when none
	countReq     int
	pendingDelta int  // j/k presses made while a read was in flight
	reloadAfter  bool // a change notice came while a read was in flight
	countAfter   bool // and while a count was

	query  string // the filter the reads apply ("" for none); see orderfilter.go
	filter orderFilter

	keys keyWidths // the key columns' widths, measured over rows at each read
}

func newOrders(c *common) *ordersModel { return &ordersModel{c: c, countCap: countCap} }

func (m *ordersModel) setSize(w, h int) tea.Cmd {
	grew := h > m.height
	m.width, m.height = w, h
	if len(m.rows) == 0 {
		return nil
	}
	m.scroll()
	// A taller pane may show rows we never read; read the window again.
	if grew && m.loaded && !m.atEnd && m.top+m.visibleRows() > len(m.rows) {
		return m.reload()
	}
	return nil
}

// visibleRows is the number of table rows the pane shows (borders and
// header excluded).
func (m *ordersModel) visibleRows() int { return max(1, m.height-3) }

// limit is what every read asks for: the visible rows plus a small margin.
// It is never zero, so a read is never unbounded.
func (m *ordersModel) limit() int { return m.visibleRows() + ordersMargin }

// Selected returns the selected row, if any.
func (m *ordersModel) Selected() (tracker.ShipmentRow, bool) {
	if m.sel < 0 || m.sel >= len(m.rows) {
		return tracker.ShipmentRow{}, false
	}
	return m.rows[m.sel], true
}

func (m *ordersModel) selectedID() int64 {
	if r, ok := m.Selected(); ok {
		return r.ShipmentID
	}
	return 0
}

func (m *ordersModel) indexOf(id int64) int {
	for i, r := range m.rows {
		if r.ShipmentID == id {
			return i
		}
	}
	return -1
}

// Init reads the first page and the total.
func (m *ordersModel) Init() tea.Cmd { return tea.Batch(m.first(), m.fetchCount()) }

func (m *ordersModel) first() tea.Cmd {
	m.pendingDelta = 0
	return m.fetch(winFirst, nil, tracker.Forward, 0, 0)
}

func (m *ordersModel) last() tea.Cmd {
	m.pendingDelta = 0
	return m.fetch(winLast, nil, tracker.Backward, 0, 0)
}

// fetch starts one keyset read. The closure sees only copies, never m.
func (m *ordersModel) fetch(kind windowKind, cur *tracker.Cursor, dir tracker.Direction, anchor int, target int64) tea.Cmd {
	m.seq++
	id := m.seq
	m.winReq = id
	q := tracker.ListQuery{Dir: dir, Limit: m.limit(), Query: m.query}
	if cur != nil {
		c := *cur
		q.Cursor = &c
	}
	ctx, reader := m.c.ctx, m.c.reader
	return func() tea.Msg {
		rows, err := reader.ListShipments(ctx, q)
		if err != nil {
			err = fmt.Errorf("read orders: %w", err)
		}
		msg := windowMsg{req: id, kind: kind, query: q, rows: rows, err: err, anchor: anchor, target: target}
		// A jump lands in the middle of the list: ask where, so the pane
		// can say "1234/100000" rather than "?".
		if kind == winJump && err == nil && len(rows) > 0 {
			if n, perr := reader.Position(ctx, q.Status, tracker.CursorOf(rows[0])); perr == nil {
				msg.before, msg.beforeKnown = n, true
			}
		}
		return msg
	}
}

// inclusive turns a row's cursor into one that a Forward read starts *at*
// rather than after: the list is ordered by (ShippedAt, ShipmentID)
// descending and keyset reads are strict, so (t, id+1) sorts immediately
// before (t, id). tracker.ListQuery has no inclusive flag; see the report.
func inclusive(c tracker.Cursor) tracker.Cursor {
	return tracker.Cursor{ShippedAt: c.ShippedAt, ShipmentID: c.ShipmentID + 1}
}

// reload reads the window again from its top visible row (from the head of
// the list when that is where we are, so new shipments appear), plus the
// total. One read per change notice; if a navigation read is in flight its
// answer is already fresh enough to show, and we reload right after it.
func (m *ordersModel) reload() tea.Cmd {
	count := m.recount()
	if m.winReq != 0 {
		m.reloadAfter = true
		return count
	}
	if len(m.rows) == 0 {
		return tea.Batch(m.first(), count)
	}
	if m.atStart && m.top == 0 {
		return tea.Batch(m.fetch(winReload, nil, tracker.Forward, 0, 0), count)
	}
	c := inclusive(tracker.CursorOf(m.rows[m.top]))
	return tea.Batch(m.fetch(winReload, &c, tracker.Forward, m.top, 0), count)
}

// jumpTo selects a shipment that may not be in the window: at the cursor
// of the shipment, read a window that starts with it.
func (m *ordersModel) jumpTo(id int64, at tracker.Cursor) tea.Cmd {
	if i := m.indexOf(id); i >= 0 {
		m.sel = i
		m.scroll()
		return nil
	}
	m.pendingDelta = 0
	var count tea.Cmd
	if m.query != "" {
		// The shipment may not match: show it in the whole list.
		m.query, m.filter.editing, m.totalKnown = "", false, false
		count = m.fetchCount()
	}
	c := inclusive(at)
	return tea.Batch(m.fetch(winJump, &c, tracker.Forward, 0, id), count)
}

// scroll keeps the selection inside the visible rows.
func (m *ordersModel) scroll() {
	v := m.visibleRows()
	m.sel = clampInt(m.sel, 0, len(m.rows)-1)
	if m.sel < m.top {
		m.top = m.sel
	}
	if m.sel >= m.top+v {
		m.top = m.sel - v + 1
	}
	m.top = clampInt(m.top, 0, max(0, len(m.rows)-1))
}

// move moves the selection by delta rows, reading the next or previous
// rows from the cursor at the window's edge when it runs out.
func (m *ordersModel) move(delta int) tea.Cmd {
	if delta == 0 || len(m.rows) == 0 {
		return nil
	}
	if m.winReq != 0 {
		// The window is about to change; apply the move to what comes.
		m.pendingDelta += delta
		return nil
	}
	target := m.sel + delta
	switch {
	case target >= len(m.rows) && !m.atEnd:
		lastIdx := len(m.rows) - 1
		m.sel = lastIdx
		m.scroll()
		m.pendingDelta = target - lastIdx
		c := tracker.CursorOf(m.rows[lastIdx])
		return m.fetch(winNext, &c, tracker.Forward, lastIdx, 0)
	case target < 0 && !m.atStart:
		m.sel = 0
		m.scroll()
		m.pendingDelta = target
		c := tracker.CursorOf(m.rows[0])
		return m.fetch(winPrev, &c, tracker.Backward, 0, 0)
	}
	m.sel = clampInt(target, 0, len(m.rows)-1)
	m.scroll()
	return nil
}

func (m *ordersModel) pageDown() tea.Cmd {
	if len(m.rows) == 0 {
		return nil
	}
	v := m.visibleRows()
	if m.atEnd { // everything below is loaded already
		m.pendingDelta = 0
		m.sel = min(m.sel+v, len(m.rows)-1)
		m.top = min(m.top+v, max(0, len(m.rows)-v))
		m.scroll()
		return nil
	}
	m.pendingDelta = 0
	anchor := min(m.top+v, len(m.rows)) - 1
	c := tracker.CursorOf(m.rows[anchor])
	return m.fetch(winPageDown, &c, tracker.Forward, anchor, 0)
}

func (m *ordersModel) pageUp() tea.Cmd {
	if len(m.rows) == 0 {
		return nil
	}
	v := m.visibleRows()
	m.pendingDelta = 0
	if m.top >= v || m.atStart {
		// The page above is loaded, or there is nothing above the window.
		if m.top == 0 {
			m.sel = 0 // already on the first page: to its first row, as a pager does
		} else {
			rel := m.sel - m.top
			m.top = max(0, m.top-v)
			m.sel = m.top + rel
		}
		m.scroll()
		return nil
	}
	c := tracker.CursorOf(m.rows[m.top])
	return m.fetch(winPageUp, &c, tracker.Backward, m.top, 0)
}

// onWindow merges the answer of a keyset read into the window.
func (m *ordersModel) onWindow(msg windowMsg) tea.Cmd {
	if msg.req != m.winReq {
		return nil // an older read, superseded
	}
	m.winReq = 0
	if msg.err != nil {
		m.err = said(m.c.tr, msg.err)
		m.pendingDelta = 0
		return m.after()
	}
	m.err = nil
	m.loaded = true
	r := sanitizeRows(msg.rows)
	v := m.visibleRows()
	full := len(r) >= msg.query.Limit
	prevID := m.selectedID()

	switch msg.kind {
	case winFirst:
		m.rows, m.top, m.sel = r, 0, 0
		m.base, m.baseKnown, m.atStart, m.atEnd = 0, true, true, !full
	case winLast:
		m.rows = r
		m.sel = len(r) - 1
		m.top = max(0, len(r)-v)
		m.atEnd, m.atStart = true, !full
		m.baseKnown = false
	case winNext:
		if len(r) == 0 {
			m.atEnd = true
			m.pendingDelta = 0
			break
		}
		// Keep from the top visible row down, then the new rows.
		rows := make([]tracker.ShipmentRow, 0, len(m.rows)-m.top+len(r))
		rows = append(append(rows, m.rows[m.top:]...), r...)
		if m.top > 0 {
			m.atStart = false // rows above the screen were let go
		}
		m.base += m.top
		m.sel -= m.top
		m.top = 0
		m.rows = rows
		m.atEnd = !full
	case winPrev:
		if len(r) == 0 {
			m.atStart = true
			m.pendingDelta = 0
			break
		}
		keep := m.rows[:min(len(m.rows), m.top+v)]
		if len(keep) < len(m.rows) {
			m.atEnd = false
		}
		rows := make([]tracker.ShipmentRow, 0, len(r)+len(keep))
		rows = append(append(rows, r...), keep...)
		m.top += len(r)
		m.sel += len(r)
		m.base -= len(r)
		m.rows = rows
		m.atStart = !full
	case winPageDown:
		if len(r) == 0 {
			m.atEnd = true
			m.sel = len(m.rows) - 1
			break
		}
		rel := m.sel - m.top
		m.base += msg.anchor + 1
		m.rows, m.top, m.sel = r, 0, min(rel, len(r)-1)
		m.atStart, m.atEnd = false, !full
	case winPageUp:
		if len(r) == 0 {
			// Nothing above the top visible row: it heads the list.
			m.rows = m.rows[m.top:]
			m.sel, m.top = 0, 0
			m.atStart = true
			break
		}
		rel := m.sel - m.top
		m.base += msg.anchor - len(r)
		m.rows = r
		m.top = max(0, len(r)-v)
		m.sel = min(m.top+rel, len(r)-1)
		m.atStart, m.atEnd = !full, false
	case winReload:
		oldRel := m.sel - m.top
		m.base += msg.anchor
		m.rows, m.top = r, 0
		m.atEnd = !full
		if msg.query.Cursor == nil {
			m.base, m.baseKnown, m.atStart = 0, true, true
		} else {
			m.atStart = false
		}
		// Keep the same shipment selected; if it left the list, keep the
		// same place on screen.
		if i := indexOfRow(r, prevID); i >= 0 {
			m.sel = i
		} else {
			m.sel = oldRel
		}
	case winJump:
		m.rows, m.top, m.sel = r, 0, 0
		if i := indexOfRow(r, msg.target); i >= 0 {
			m.sel = i
		}
		m.baseKnown, m.atStart, m.atEnd = msg.beforeKnown, false, !full
		m.base = msg.before
	}
	if m.atStart {
		// rows[0] is the head of the list: the position is exact again.
		m.base, m.baseKnown = 0, true
	}
	m.fixBaseFromEnd()
	m.scroll()
	m.keys = measureKeys(m.rows, func(r tracker.ShipmentRow) string { return r.TrackingNo },
		func(r tracker.ShipmentRow) string { return r.OrderNo })

	var cmds []tea.Cmd
	if d := m.pendingDelta; d != 0 {
		m.pendingDelta = 0
		cmds = append(cmds, m.move(d))
	}
	cmds = append(cmds, m.after())
	return tea.Batch(cmds...)
}

// after runs a reload that was held back by a read in flight.
func (m *ordersModel) after() tea.Cmd {
	if m.reloadAfter && m.winReq == 0 {
		m.reloadAfter = false
		return m.reload()
	}
	return nil
}

// fixBaseFromEnd derives the position from the total when the window holds
// the tail of the list and nothing better is known (after G, or a jump).
func (m *ordersModel) fixBaseFromEnd() {
	if !m.baseKnown && m.atEnd && m.totalKnown && !m.totalAtLeast {
		m.base, m.baseKnown = max(0, m.total-len(m.rows)), true
	}
}

func indexOfRow(rows []tracker.ShipmentRow, id int64) int {
	for i, r := range rows {
		if r.ShipmentID == id {
			return i
		}
	}
	return -1
}

// sanitizeRows copies rows with their text made safe to print, once per
// read rather than once per frame. Exception kinds are sorted worst first
// here too, so View only picks the first.
func sanitizeRows(in []tracker.ShipmentRow) []tracker.ShipmentRow {
	out := make([]tracker.ShipmentRow, len(in))
	for i, r := range in {
		r.OrderNo = Sanitize(r.OrderNo)
		r.Buyer = Sanitize(r.Buyer)
		r.TrackingNo = Sanitize(r.TrackingNo)
		r.Carrier = Sanitize(r.Carrier)
		r.LastMile = sanitizeLastMile(r.LastMile)
		r.Destination = Sanitize(r.Destination)
		r.Status = tracker.Status(Sanitize(string(r.Status)))
		r.CaseStep = tracker.CaseStep(Sanitize(string(r.CaseStep)))
		if len(r.Exceptions) > 0 {
			kinds := tracker.Worst(r.Exceptions)
			for j, k := range kinds {
				kinds[j] = tracker.ExceptionKind(Sanitize(string(k)))
			}
			r.Exceptions = kinds
		}
		out[i] = r
	}
	return out
}

// Update handles the keys of the focused orders pane.
func (m *ordersModel) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Down):
		return m.move(1)
	case key.Matches(msg, k.Up):
		return m.move(-1)
	case key.Matches(msg, k.Top):
		return m.first()
	case key.Matches(msg, k.Bottom):
		return m.last()
	case key.Matches(msg, k.PageDown):
		return m.pageDown()
	case key.Matches(msg, k.PageUp):
		return m.pageUp()
	case key.Matches(msg, k.Search):
		m.startFilter()
		return nil
	case msg.String() == "esc" && m.query != "":
		return m.setQuery("")
	}
	return nil
}

// openHelp is what enter does on the selected row: open its order (its
// case, if it has one, is c; its timeline is tab).
func (m *ordersModel) openHelp() key.Binding {
	return enabledIf(withHelp(m.c.keys.Open, "order"), len(m.rows) > 0)
}

// ShortHelp implements help.KeyMap: what works in this pane right now.
func (m *ordersModel) ShortHelp() []key.Binding {
	k := m.c.keys
	has := len(m.rows) > 0
	return []key.Binding{
		enabledIf(moveHelp(k), has),
		m.openHelp(),
		enabledIf(k.Refresh, has && m.c.canRefresh()),
		enabledIf(k.Watch, has && m.c.canTriage()),
		enabledIf(k.Complaint, has && m.c.canOpenCases()),
		enabledIf(k.Add, m.c.canAdd()),
		// i is in the full help: the short line keeps room for ? and q.
		// The way out of a filter is not left to be guessed.
		m.clearHelp(),
	}
}

// clearHelp is Esc while a filter is kept.
func (m *ordersModel) clearHelp() key.Binding {
	return enabledIf(key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")), m.query != "")
}

// FullHelp implements help.KeyMap.
func (m *ordersModel) FullHelp() [][]key.Binding {
	k := m.c.keys
	has := len(m.rows) > 0
	return [][]key.Binding{
		{enabledIf(k.Up, has), enabledIf(k.Down, has), enabledIf(k.PageUp, has), enabledIf(k.PageDown, has)},
		{enabledIf(k.Top, has), enabledIf(k.Bottom, has), m.openHelp(),
			enabledIf(withHelp(k.Refresh, "refresh parcel"), has && m.c.canRefresh()),
			enabledIf(withHelp(k.Watch, "watch order ★"), has && m.c.canTriage()),
			enabledIf(withHelp(k.Complaint, "complaint case"), has && m.c.canOpenCases()),
			withHelp(k.Search, "filter: order, tracking, buyer, dest, carrier, status"), m.clearHelp()},
		{enabledIf(withHelp(k.Add, "add order (or paste numbers)"), m.c.canAdd()),
			enabledIf(withHelp(k.Import, "import CSV/XLSX"), m.c.canImport())},
	}
}

// position is the "12/300" shown in the pane's border.
func (m *ordersModel) position() string {
	total := "?"
	if m.totalKnown {
		total = m.totalText()
	}
	if len(m.rows) == 0 {
		return "0/" + total
	}
	pos := "?"
	if m.baseKnown {
		p := m.base + m.sel + 1
		if m.totalKnown && !m.totalAtLeast {
			p = clampInt(p, 1, max(1, m.total))
		}
		pos = strconv.Itoa(p)
	}
	return pos + "/" + total
}

// watchMark marks a watched order in the list.
const watchMark = "★"

// View renders the pane as exactly height lines of width cells.
func (m *ordersModel) View(focused bool) []string {
	st := m.c.styles
	inner := m.width - 2
	info := m.position()
	if m.err != nil {
		info = m.c.tr.T("read failed")
	} else if m.winReq != 0 && !m.loaded {
		info = m.c.tr.T("loading…")
	}
	t := newTable(orderColumns(m.keys, m.c.tr), inner)
	body := make([]string, 0, m.height)
	body = append(body, t.header(st.inkHeader))
	switch {
	case m.err != nil && len(m.rows) == 0:
		body = append(body, st.Error.Render(Sanitize(m.err.Error())))
	case !m.loaded:
		body = append(body, st.Empty.Render(m.c.tr.T("loading…")))
	case len(m.rows) == 0 && m.query != "":
		body = append(body, st.Empty.Render(m.c.tr.T("No shipment matches. Esc clears the filter.")))
	case len(m.rows) == 0:
		body = append(body, st.Empty.Render(m.c.tr.T("No shipments yet.")))
	}
	now := m.c.now
	end := min(len(m.rows), m.top+m.visibleRows())
	cells := make([]tcell, len(t.cols))
	demoInk := m.demoInk()
	for i := m.top; i < end; i++ {
		r := m.rows[i]
		cells[orColWatch] = m.markCell(r, demoInk)
		cells[orColOrder] = plain(r.OrderNo)
		cells[orColTracking] = plain(r.TrackingNo)
		cells[orColCarrier] = plain(r.Carrier)
		cells[orColDest] = plain(r.Destination)
		cells[orColStatus] = styled(statusFit(r.Status, t.widths[orColStatus], m.c.tr), st.statusInk(r.Status))
		stop := now
		if r.Status.Final() && !r.LastEventAt.IsZero() {
			// ShipmentRow has no DeliveredAt; a final status is set by the
			// last event, so its time is when the parcel stopped moving.
			stop = r.LastEventAt
		}
		cells[orColDays] = plain(daysBetweenIn(r.ShippedAt, stop, m.c.tr))
		cells[orColUpd] = plain(sinceIn(now, r.LastEventAt, m.c.tr))
		cells[orColException] = plain("")
		switch {
		case r.CaseStep != "":
			// The complaint case is what a person acts on now; its kind
			// says what the exception was.
			cells[orColException] = styled(fitCaseLabel(r.CaseStep, t.widths[orColException], m.c.tr), st.inkTitleOn)
		case len(r.Exceptions) > 0:
			cells[orColException] = styled(exceptionMark(r.Exceptions, t.widths[orColException], m.c.tr),
				st.severityInk(tracker.SeverityOf(r.Exceptions[0])))
		}
		cells[orColBuyer] = plain(r.Buyer)
		selSt := st.inkSelectedOff
		if focused {
			selSt = st.inkSelected
		}
		body = append(body, t.row(cells, i == m.sel, selSt))
	}
	return st.pane(m.filterTitle(), info, body, m.width, m.height, focused)
}

// clickRow maps a click on screen line y (relative to the pane) to a row.
func (m *ordersModel) clickRow(y int) {
	i := m.top + y - 2 // border and header
	if y >= 2 && i < len(m.rows) && i < m.top+m.visibleRows() {
		m.sel = i
	}
}
