package ui

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// exceptionsLimit bounds the triage queue read; the pane says "200+" when
// there may be more. The queue is worst first, so the cut drops the least
// urgent.
const exceptionsLimit = 200

// exceptionItem is one queue row: the display copy (sanitized), the raw
// tracking number, and what the row shows that the store does not hold.
type exceptionItem struct {
	tracker.ExceptionRow
	rawTracking string
	rawOrderNo  string      // as stored, for the extend key (ui/exextend.go)
	action      string      // the suggested next action (DESIGN §4)
	state       []statePart // what the State column shows; none when open and nobody's
}

// exceptionFilter is the queue's filter as the person set it (f).
type exceptionFilter struct {
	kinds   []tracker.ExceptionKind
	carrier string
	dest    string
	owner   string // a name, or tracker.OwnerNone
}

func (f exceptionFilter) active() bool {
	return len(f.kinds) > 0 || f.carrier != "" || f.dest != "" || f.owner != ""
}

// query is the store query of the filter; Now is set when it runs.
func (f exceptionFilter) query() tracker.ExceptionQuery {
	return tracker.ExceptionQuery{Kinds: slices.Clone(f.kinds), Carrier: f.carrier, Destination: f.dest,
		Owner: f.owner, Limit: exceptionsLimit}
}

// label is the filter as the pane title shows it: "lost,customs · 4px · to DE · @ana".
func (f exceptionFilter) label(tr *i18n.Printer) string {
	var parts []string
	if len(f.kinds) > 0 {
		ks := make([]string, len(f.kinds))
		for i, k := range f.kinds {
			ks[i] = kindWord(k, tr)
		}
		parts = append(parts, strings.Join(ks, ","))
	}
	if f.carrier != "" {
		parts = append(parts, f.carrier)
	}
	if f.dest != "" {
		parts = append(parts, tr.T("to %s", f.dest))
	}
	switch f.owner {
	case "":
	case tracker.OwnerNone:
		parts = append(parts, tr.T("nobody's"))
	default:
		parts = append(parts, "@"+f.owner)
	}
	return Sanitize(strings.Join(parts, " · "))
}

// exceptionsModel is the triage queue: open exceptions across all orders,
// worst first, filtered, with counts per kind, marks for acting on several,
// and the suggested next action of each.
type exceptionsModel struct {
	c *common

	width, height int
	wide          bool      // the next action has a column; otherwise a line under the rows
	keys          keyWidths // the key columns' widths, measured over items at each read

	items []exceptionItem
	cursor
	selID  int64 // exception id kept selected across reloads
	loaded bool
	err    error

	filter    exceptionFilter
	view      tracker.ExceptionView // v: the queue, or its history
	all       []exceptionItem       // the page read; items are those the text filter (/) keeps
	text      listFilter
	marked    map[int64]bool // exception ids
	counts    map[tracker.ExceptionKind]int
	countsErr error

	seq         int
	req         int
	shownReq    int  // the read whose rows are shown, for answers that come after them (onExtend)
	reloadAfter bool // a change notice came while a read was in flight
	sinceLoad   int  // seconds (of ticks) since the last read
}

func newExceptions(c *common) *exceptionsModel {
	return &exceptionsModel{c: c, marked: map[int64]bool{}}
}

func (m *exceptionsModel) setSize(w, h int) {
	m.width, m.height = w, h
	m.fit()
}

// fit lays the table out again for the pane's width and the tracking
// numbers it holds: whether the next action has a column decides how many
// rows there are.
func (m *exceptionsModel) fit() {
	m.wide = m.table().visible(exColNext)
	m.scroll()
}

func (m *exceptionsModel) table() table {
	return newTable(m.columns(), m.width-2)
}

// visibleRows is the rows the pane shows: borders, the counts line, the
// table header and, when narrow, the next-action line are not rows.
func (m *exceptionsModel) visibleRows() int {
	chrome := 4
	if !m.wide {
		chrome++
	}
	return max(1, m.height-chrome)
}

// reload reads the queue again for a change notice. A read on its way is
// followed, not replaced: notices that come faster than a read (a busy
// refresher, a loaded server) would otherwise drop every answer, and the
// pane would say "counting…" for as long as they kept coming.
func (m *exceptionsModel) reload() tea.Cmd {
	if m.req != 0 {
		m.reloadAfter = true
		return nil
	}
	return m.load()
}

// load reads the queue as the pane's view and filter now ask; an answer
// to an earlier read is dropped.
func (m *exceptionsModel) load() tea.Cmd {
	m.sinceLoad = 0
	m.reloadAfter = false
	m.seq++
	id := m.seq
	m.req = id
	ctx, reader, clock, tr := m.c.ctx, m.c.reader, m.c.clock, m.c.tr
	q := m.filter.query()
	q.View, q.Urgent = m.view, m.c.urgent
	return func() tea.Msg {
		q.Now = clock.Now()
		var rows []tracker.ExceptionRow
		var err error
		if q.View == tracker.ViewQueue {
			rows, err = reader.OpenExceptions(ctx, q)
		} else {
			rows, err = reader.ListExceptions(ctx, q)
		}
		if err != nil {
			return exceptionsMsg{req: id, err: fmt.Errorf("read %s exceptions: %w", q.View.Name(), err)}
		}
		// The details in the session's language are made here, with the
		// read, not in Update: a long queue's take a while (the printer
		// and the catalog are only read, so any goroutine may).
		details := make([]string, len(rows))
		for i, r := range rows {
			details[i] = tr.StoredDetail(r.Detail)
		}
		if !q.View.Counted() {
			return exceptionsMsg{req: id, rows: rows, details: details, now: q.Now}
		}
		counts, cerr := reader.ExceptionCounts(ctx, q)
		if cerr != nil {
			cerr = fmt.Errorf("count exceptions: %w", cerr)
		}
		return exceptionsMsg{req: id, rows: rows, details: details, counts: counts, countsErr: cerr, now: q.Now}
	}
}

// onExceptions takes the answer to the latest read in, and starts the read
// a change notice held back while it was on its way.
func (m *exceptionsModel) onExceptions(msg exceptionsMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.req = 0
	if m.reloadAfter {
		// Show this answer, then read what changed since it was asked.
		return tea.Batch(m.show(msg), m.load())
	}
	return m.show(msg)
}

func (m *exceptionsModel) show(msg exceptionsMsg) tea.Cmd {
	if msg.err != nil {
		m.err = said(m.c.tr, msg.err)
		return nil
	}
	m.shownReq = msg.req
	m.err = nil
	m.loaded = true
	m.countsErr = said(m.c.tr, msg.countsErr)
	if msg.countsErr == nil {
		// Copy: the map belongs to the reader.
		m.counts = make(map[tracker.ExceptionKind]int, len(msg.counts))
		for k, n := range msg.counts {
			m.counts[k] = n
		}
	}
	items := make([]exceptionItem, len(msg.rows))
	for i, r := range msg.rows {
		it := exceptionItem{ExceptionRow: r, rawTracking: r.TrackingNo, rawOrderNo: r.OrderNo, action: nextAction(r.Kind, m.c.tr)}
		it.Detail = Sanitize(r.Detail)
		if i < len(msg.details) {
			it.Detail = Sanitize(msg.details[i])
		}
		it.Owner = Sanitize(r.Owner)
		it.OrderNo = Sanitize(r.OrderNo)
		it.TrackingNo = Sanitize(r.TrackingNo)
		it.Carrier = Sanitize(r.Carrier)
		it.Destination = Sanitize(r.Destination)
		it.Kind = tracker.ExceptionKind(Sanitize(string(r.Kind)))
		it.CaseStep = tracker.CaseStep(Sanitize(string(r.CaseStep)))
		it.state = exceptionState(it.ExceptionRow, m.c.now.Location(), m.c.tr)
		if p, ok := deadlinePart(it.ExceptionRow, m.c.now); ok {
			it.state = append([]statePart{p}, it.state...)
		}
		if m.view != tracker.ViewQueue {
			m.historyItem(&it)
		}
		items[i] = it
	}
	// Deadlines due soon first (soonest first), then due follow-ups,
	// then worst first, then the longest open; the
	// store sorts already, but the queue's order is this screen's promise,
	// so we make sure. The history's views keep the store's order.
	sort.SliceStable(items, func(a, b int) bool {
		if m.view != tracker.ViewQueue {
			return false
		}
		x, y := items[a], items[b]
		if xd, yd := !x.DeadlineDue.IsZero(), !y.DeadlineDue.IsZero(); xd != yd || (xd && !x.DeadlineDue.Equal(y.DeadlineDue)) {
			return xd && (!yd || x.DeadlineDue.Before(y.DeadlineDue))
		}
		if x.FollowUpDue != y.FollowUpDue {
			return x.FollowUpDue
		}
		if x.Severity != y.Severity {
			return x.Severity > y.Severity
		}
		if !x.OpenedAt.Equal(y.OpenedAt) {
			return x.OpenedAt.Before(y.OpenedAt)
		}
		return x.ID < y.ID
	})
	m.all = items
	m.applyText()
	if m.view != tracker.ViewQueue {
		return nil
	}
	return m.fetchExtend(msg.req, msg.rows, msg.now)
}

// applyText shows the rows the text filter keeps, the selection and the
// marks following the exceptions.
func (m *exceptionsModel) applyText() {
	items := m.all
	if m.text.active() {
		items = make([]exceptionItem, 0, len(m.all))
		for _, it := range m.all {
			if m.text.matches(it.OrderNo, it.TrackingNo, it.Carrier, it.Destination, string(it.Kind), it.Owner,
				it.Detail, fullState(it.state), it.action, string(it.CaseStep)) {
				items = append(items, it)
			}
		}
	}
	m.items = items
	// Marks follow the exceptions: one that left the queue (resolved,
	// snoozed, filtered out) is no longer marked.
	for id := range m.marked {
		if !slices.ContainsFunc(items, func(it exceptionItem) bool { return it.ID == id }) {
			delete(m.marked, id)
		}
	}
	for i, it := range items {
		if it.ID == m.selID {
			m.sel = i
			break
		}
	}
	m.keys = measureKeys(items, func(it exceptionItem) string { return it.TrackingNo },
		func(it exceptionItem) string { return it.OrderNo })
	m.fit()
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

// targets are what an action applies to: the marked exceptions in queue
// order, or else the selected one.
func (m *exceptionsModel) targets() []exceptionItem {
	if len(m.marked) > 0 {
		var out []exceptionItem
		for _, it := range m.items {
			if m.marked[it.ID] {
				out = append(out, it)
			}
		}
		return out
	}
	if it, ok := m.Selected(); ok {
		return []exceptionItem{it}
	}
	return nil
}

// toggleMark marks or unmarks the selected exception and moves on, so
// space space space marks three in a row.
func (m *exceptionsModel) toggleMark() {
	it, ok := m.Selected()
	if !ok {
		return
	}
	if m.marked[it.ID] {
		delete(m.marked, it.ID)
	} else {
		m.marked[it.ID] = true
	}
	m.move(1)
}

func (m *exceptionsModel) clearMarks() { clear(m.marked) }

// setFilter replaces the filter and reads the queue again under it.
func (m *exceptionsModel) setFilter(f exceptionFilter) tea.Cmd {
	m.filter = f
	m.sel, m.top = 0, 0
	return m.load()
}

// Update handles the keys of the focused queue that concern it alone;
// the root handles those that act through prompts or on other panes.
func (m *exceptionsModel) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Mark):
		m.toggleMark()
		return nil
	case key.Matches(msg, k.ClearMarks) && len(m.marked) > 0:
		m.clearMarks()
		return nil
	case key.Matches(msg, k.Search):
		m.text.start()
		return nil
	case key.Matches(msg, k.Close) && m.text.active():
		m.text.clear()
		m.applyText()
		return nil
	case key.Matches(msg, k.QueueView):
		return m.nextView()
	case key.Matches(msg, k.ClearFilter):
		if m.filter.active() {
			return m.setFilter(exceptionFilter{})
		}
		return nil
	}
	m.navigate(msg, k, len(m.items), m.visibleRows())
	m.scroll()
	return nil
}

// canTriage reports whether the session can change exceptions.
func (m *exceptionsModel) canTriage() bool { return m.c.canTriage() && len(m.items) > 0 }

// ShortHelp implements help.KeyMap.
func (m *exceptionsModel) ShortHelp() []key.Binding {
	k := m.c.keys
	has := len(m.items) > 0
	act := m.canTriage()
	// The triage keys come first: this line is narrow, and moving is the
	// same as in every pane.
	return []key.Binding{
		enabledIf(k.Acknowledge, act),
		enabledIf(k.Snooze, act),
		enabledIf(k.Assign, act),
		enabledIf(k.Mark, has),
		k.Filter,
		m.openHelp(),
		enabledIf(k.Complaint, has && m.c.canOpenCases()),
		enabledIf(withHelp(k.Extend, "extend"), m.canExtendRow()),
	}
}

// openHelp is what enter does on the selected row: open its case, if it
// has one, else show its parcel.
func (m *exceptionsModel) openHelp() key.Binding {
	k := m.c.keys
	if it, ok := m.Selected(); ok && (it.CaseID != 0 || it.CaseStep != "") && m.c.hasCases() {
		return withHelp(k.Open, "case")
	}
	return enabledIf(withHelp(k.Open, "open"), len(m.items) > 0)
}

// FullHelp implements help.KeyMap.
func (m *exceptionsModel) FullHelp() [][]key.Binding {
	k := m.c.keys
	has := len(m.items) > 0
	act := m.canTriage()
	return [][]key.Binding{
		{enabledIf(k.Up, has), enabledIf(k.Down, has), enabledIf(k.PageUp, has), enabledIf(k.PageDown, has)},
		{enabledIf(k.Top, has), enabledIf(k.Bottom, has), m.openHelp(),
			enabledIf(withHelp(k.Refresh, "refresh parcel"), has && m.c.canRefresh()),
			enabledIf(withHelp(k.Complaint, "complaint case"), has && m.c.canOpenCases()),
			withHelp(k.QueueView, "next view"), enabledIf(withHelp(k.History, "who did what"), has),
			enabledIf(k.Extend, m.canExtendRow())},
		{enabledIf(withHelp(k.Acknowledge, "acknowledge"), act), enabledIf(k.Snooze, act),
			enabledIf(withHelp(k.Assign, "assign owner"), act), enabledIf(k.Resolve, act)},
		{enabledIf(withHelp(k.Mark, "mark / unmark"), has), enabledIf(k.ClearMarks, len(m.marked) > 0),
			k.Filter, enabledIf(k.ClearFilter, m.filter.active()), withHelp(k.Search, "find"),
			enabledIf(withHelp(k.Close, "clear find"), m.text.active() && len(m.marked) == 0)},
	}
}

func severityLabel(s tracker.Severity, tr *i18n.Printer) string {
	switch s {
	case tracker.SeverityCritical:
		return tr.T("CRIT")
	case tracker.SeverityHigh:
		return tr.T("HIGH")
	case tracker.SeverityMedium:
		return tr.T("MED")
	case tracker.SeverityLow:
		return tr.T("LOW")
	}
	return "?"
}

// kindLabel is a kind as a person reads it: "no tracking".
func kindLabel(k tracker.ExceptionKind) string { return strings.ReplaceAll(string(k), "_", " ") }

// countsLine is "lost 2 · customs 5 · stale 12", worst kinds first. Under
// a kind filter, the kinds it leaves out are dimmed, not dropped, so the
// header still says what else is waiting.
func (m *exceptionsModel) countsLine() string {
	st := m.c.styles
	if !m.view.Counted() {
		return st.Dim.Render(viewHint(m.view, m.c.tr))
	}
	if m.countsErr != nil {
		return st.Error.Render(m.c.tr.T("counts: %s", Sanitize(m.countsErr.Error())))
	}
	if m.counts == nil {
		return st.Dim.Render(m.c.tr.T("counting…"))
	}
	kinds := make([]tracker.ExceptionKind, 0, len(m.counts))
	for _, k := range tracker.ExceptionKinds {
		if m.counts[k] > 0 {
			kinds = append(kinds, k)
		}
	}
	sort.SliceStable(kinds, func(a, b int) bool { return tracker.SeverityOf(kinds[a]) > tracker.SeverityOf(kinds[b]) })
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		text := kindWord(k, m.c.tr) + " " + strconv.Itoa(m.counts[k])
		if len(m.filter.kinds) > 0 && !containsKind(m.filter.kinds, k) {
			parts[i] = st.Dim.Render(text)
		} else {
			parts[i] = st.SeverityStyle(tracker.SeverityOf(k)).Render(text)
		}
	}
	return strings.Join(parts, st.Dim.Render(" · "))
}

// View renders the pane as exactly height lines of width cells.
func (m *exceptionsModel) View(focused bool) []string {
	st := m.c.styles
	info := ""
	switch {
	case m.err != nil:
		info = m.c.tr.T("read failed")
	case m.loaded:
		info = m.countInfo()
		if len(m.marked) > 0 {
			info = m.c.tr.T("%d marked", len(m.marked)) + " · " + info
		}
	}
	title := m.title()
	t := m.table()
	body := make([]string, 0, m.height)
	body = append(body, " "+m.countsLine(), t.header(st.inkHeader))
	switch {
	case m.err != nil && len(m.items) == 0:
		body = append(body, st.Error.Render(Sanitize(m.err.Error())))
	case !m.loaded:
		body = append(body, st.Empty.Render(m.c.tr.T("loading…")))
	case len(m.items) == 0:
		body = append(body, st.Empty.Render(m.emptyText()))
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
		cells[exColMark] = plain("")
		if m.marked[it.ID] {
			cells[exColMark] = styled("•", st.inkTitleOn)
		}
		cells[exColSev] = styled(severityLabel(it.Severity, m.c.tr), sev)
		cells[exColKind] = styled(kindFit(it.Kind, t.widths[exColKind], m.c.tr), sev)
		cells[exColOrder] = plain(it.OrderNo)
		cells[exColTracking] = plain(it.TrackingNo)
		cells[exColAge] = plain(sinceIn(now, it.OpenedAt, m.c.tr))
		state := fitState(it.state, t.widths[exColState])
		cells[exColState] = plain(state)
		cells[exColDetail] = plain(it.Detail)
		if it.FollowUpDue || !it.DeadlineDue.IsZero() {
			// Whatever the width, a deadline or a due follow-up must be seen.
			cells[exColState] = styled(state, st.inkSeverity[tracker.SeverityHigh])
			if !t.visible(exColState) {
				lead := m.c.tr.T("follow-up due")
				if p, ok := deadlinePart(it.ExceptionRow, now); ok {
					lead = p.forms[0]
				}
				cells[exColDetail] = plain(lead + " · " + it.Detail)
			}
		}
		cells[exColNext] = plain(it.action)
		body = append(body, t.row(cells, i == m.sel, selSt))
	}
	if !m.wide {
		inner := m.height - 2
		for len(body) < inner-1 {
			body = append(body, "")
		}
		body = append(body[:max(0, inner-1)], m.nextLine())
	}
	out := st.pane(title, info, body, m.width, m.height, focused)
	// The State column shows what fits its width; the bottom border says
	// the selected row's state in full, whatever the width.
	if it, ok := m.Selected(); ok && len(it.state) > 0 {
		st.footer(out, "["+fullState(it.state)+"]", m.width, focused)
	}
	return out
}

// nextLine is the selected exception's suggested next action, under the
// rows of a pane too narrow for its column.
func (m *exceptionsModel) nextLine() string {
	it, ok := m.Selected()
	if !ok || it.action == "" {
		return ""
	}
	st := m.c.styles
	arrow := " → "
	if m.view != tracker.ViewQueue {
		arrow = " · " // the last change, not a next action
	}
	return st.PaneTitleOn.Render(arrow) + it.action
}

func (m *exceptionsModel) clickRow(y int) {
	// Border, counts line and table header come before the first row.
	i := m.top + y - 3
	if y >= 3 && i < len(m.items) && i < m.top+m.visibleRows() {
		m.sel = i
		m.scroll()
	}
}
