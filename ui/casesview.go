package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// casesView is every complaint case over the panes (C): open, due today,
// mine, closed or all, what needs doing first at the top. It holds one
// page, the rows on screen, read by keyset through the service as `case
// list` reads them (tracker.CaseFilter), so screen and command line list
// the same cases in the same order. Enter resumes a case; o reopens a
// closed one.
type casesView struct {
	c             *common
	width, height int

	filter int // index into tracker.CaseFilters

	rows    []tracker.CaseRow // one page, sanitized
	pageNow time.Time         // the time the page was read by: its cursors' ranks
	sel     int
	base    int // the list index of rows[0], for "12/40"
	atStart bool
	atEnd   bool
	loaded  bool
	err     error
	counts  tracker.CaseCounts

	seq         int
	req         int  // the page read in flight, 0 when none
	reloadAfter bool // a change came while a read was in flight
	wantLast    bool // the page read before this one selects its last row (k)
	reopenReq   int
	sinceLoad   int // seconds since the page was read
}

// casesPage says what a page read was for, which decides where the
// selection lands.
type casesPage int

const (
	pageFirst  casesPage = iota // the filter's first page (g, a new filter)
	pageLast                    // G
	pageNext                    // below the last row, or PgDn
	pagePrev                    // above the first row, or PgUp
	pageReload                  // a change: the same page, fresh
)

// casesMsg answers a page read.
type casesMsg struct {
	req    int
	kind   casesPage
	filter int
	rows   []tracker.CaseRow
	more   bool // rows beyond the page, in the direction read
	now    time.Time
	counts tracker.CaseCounts
	keepID int64 // pageReload: the case to keep selected
	err    error
}

// casesReopenMsg answers a reopen from the list.
type casesReopenMsg struct {
	req int
	id  int64
	err error
}

func newCasesView(c *common) *casesView { return &casesView{c: c} }

func (v *casesView) setSize(w, h int) tea.Cmd {
	grew := h > v.height
	v.width, v.height = w, h
	v.sel = clampInt(v.sel, 0, max(0, len(v.rows)-1))
	// A taller view shows rows the page does not hold: read it again.
	if grew && v.loaded && len(v.rows) > 0 {
		return v.reload()
	}
	return nil
}

// pageRows is how many cases the view shows: inside the border, below
// the table's header.
func (v *casesView) pageRows() int { return max(1, v.height-3) }

func (v *casesView) current() tracker.CaseFilter { return tracker.CaseFilters[v.filter] }

// Selected is the selected case, if any.
func (v *casesView) Selected() (tracker.CaseRow, bool) {
	if v.sel < 0 || v.sel >= len(v.rows) {
		return tracker.CaseRow{}, false
	}
	return v.rows[v.sel], true
}

// fetch reads one page, and with a first page or a reload the counts of
// every filter. The closure sees copies only.
func (v *casesView) fetch(kind casesPage, cursor *tracker.CaseCursor, dir tracker.Direction, now time.Time) tea.Cmd {
	v.seq++
	req := v.seq
	v.req = req
	ctx, svc, actor, filter, limit := v.c.ctx, v.c.svc, v.c.actor.Name, v.filter, v.pageRows()
	var keep int64
	if r, ok := v.Selected(); ok && kind == pageReload {
		keep = r.ID
	}
	withCounts := kind == pageFirst || kind == pageReload || kind == pageLast || v.counts == nil
	return func() tea.Msg {
		q := tracker.CaseFilters[filter].Query(actor, now)
		// One row more than the page says whether there is more.
		q.Cursor, q.Dir, q.Limit = cursor, dir, limit+1
		msg := casesMsg{req: req, kind: kind, filter: filter, now: now, keepID: keep}
		rows, err := svc.Cases(ctx, q)
		if err != nil {
			msg.err = fmt.Errorf("read the %s cases: %w", tracker.CaseFilters[filter], err)
			return msg
		}
		if msg.more = len(rows) > limit; msg.more {
			if dir == tracker.Backward {
				rows = rows[1:]
			} else {
				rows = rows[:limit]
			}
		}
		for i := range rows {
			rows[i] = sanitizeCaseRow(rows[i])
		}
		msg.rows = rows
		if withCounts {
			if msg.counts, err = svc.CaseCounts(ctx, actor, now); err != nil {
				msg.err = err
			}
		}
		return msg
	}
}

// first reads the filter's first page.
func (v *casesView) first() tea.Cmd {
	return v.fetch(pageFirst, nil, tracker.Forward, v.c.now)
}

// reload reads the page again from its first row, by the time now, with
// the counts: after a change anyone made.
func (v *casesView) reload() tea.Cmd {
	if v.req != 0 {
		v.reloadAfter = true
		return nil
	}
	if len(v.rows) == 0 || v.atStart && v.base == 0 {
		return v.fetch(pageReload, nil, tracker.Forward, v.c.now)
	}
	// By the time now, from where the page's first case stands now.
	q := v.current().Query(v.c.actor.Name, v.c.now)
	c := q.Before(v.rows[0])
	return v.fetch(pageReload, &c, tracker.Forward, v.c.now)
}

// casesEverySeconds is how long the page may go unread: follow-ups fall
// due with time, not with a change anyone is told of, and a due one
// moves up.
const casesEverySeconds = 60

// tick counts the seconds of the app's tick, and reads the page again a
// minute after it was read, if nothing else did.
func (v *casesView) tick(secs int) tea.Cmd {
	v.sinceLoad += secs
	if v.sinceLoad < casesEverySeconds || v.req != 0 {
		return nil
	}
	v.sinceLoad = 0
	return v.reload()
}

// next and prev read the page after or before this one; by the time this
// page was read, so its cursors keep their places.
func (v *casesView) next() tea.Cmd {
	if v.req != 0 || v.atEnd || len(v.rows) == 0 {
		return nil
	}
	q := v.current().Query(v.c.actor.Name, v.pageNow)
	c := q.CursorOf(v.rows[len(v.rows)-1])
	return v.fetch(pageNext, &c, tracker.Forward, v.pageNow)
}

func (v *casesView) prev(lastSel bool) tea.Cmd {
	if v.req != 0 || v.atStart || len(v.rows) == 0 {
		return nil
	}
	q := v.current().Query(v.c.actor.Name, v.pageNow)
	c := q.CursorOf(v.rows[0])
	v.wantLast = lastSel
	return v.fetch(pagePrev, &c, tracker.Backward, v.pageNow)
}

func (v *casesView) onLoaded(msg casesMsg) tea.Cmd {
	if msg.req != v.req {
		return nil
	}
	v.req, v.sinceLoad = 0, 0
	if msg.counts != nil {
		v.counts = msg.counts
	}
	v.err = said(v.c.tr, msg.err)
	v.loaded = true
	var cmd tea.Cmd
	if msg.err == nil {
		cmd = v.land(msg)
	}
	if cmd == nil && v.reloadAfter {
		v.reloadAfter = false
		cmd = v.reload()
	}
	return cmd
}

// land puts a page on screen and the selection where the move wanted it;
// a page that emptied meanwhile sends the view back to the first.
func (v *casesView) land(msg casesMsg) tea.Cmd {
	wantLast := v.wantLast
	v.wantLast = false
	switch msg.kind {
	case pagePrev:
		if len(msg.rows) == 0 { // nothing before after all
			v.atStart = true
			return nil
		}
		v.base = max(0, v.base-len(msg.rows))
		v.rows, v.atStart, v.atEnd = msg.rows, !msg.more, false
		v.sel = 0
		if wantLast {
			v.sel = len(v.rows) - 1
		}
	case pageNext:
		if len(msg.rows) == 0 {
			v.atEnd = true
			return nil
		}
		v.base += len(v.rows)
		v.rows, v.atStart, v.atEnd = msg.rows, false, !msg.more
		v.sel = 0
	case pageLast:
		v.rows, v.atEnd, v.atStart = msg.rows, true, !msg.more
		v.base = 0
		if !v.atStart {
			v.base = max(0, v.counts[v.current()]-len(msg.rows))
		}
		v.sel = max(0, len(v.rows)-1)
	case pageReload:
		if len(msg.rows) == 0 && v.base > 0 {
			// Its cases moved on (closed, reopened, due): start over.
			return v.first()
		}
		v.rows, v.atEnd = msg.rows, !msg.more
		v.atStart = v.base == 0
		v.sel = clampInt(v.sel, 0, max(0, len(v.rows)-1))
		for i, r := range v.rows {
			if r.ID == msg.keepID {
				v.sel = i
			}
		}
	default: // pageFirst
		v.rows, v.atStart, v.atEnd, v.base, v.sel = msg.rows, true, !msg.more, 0, 0
	}
	v.pageNow = msg.now
	return nil
}

// setFilter shows another filter's list from its first page.
func (v *casesView) setFilter(i int) tea.Cmd {
	v.filter = i
	v.rows, v.sel, v.base, v.err = nil, 0, 0, nil
	v.loaded, v.reloadAfter = false, false
	return v.first()
}

// Update handles the list's own keys: filters and movement. Enter, o and
// esc are the app's (they open a case or a prompt over the list).
func (v *casesView) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.keys
	switch {
	case key.Matches(msg, k.Filter):
		return v.setFilter((v.filter + 1) % len(tracker.CaseFilters))
	case key.Matches(msg, k.PickFilter):
		if d, err := strconv.Atoi(msg.String()); err == nil && d >= 1 && d <= len(tracker.CaseFilters) {
			return v.setFilter(d - 1)
		}
		return nil
	case key.Matches(msg, k.Down):
		if v.sel < len(v.rows)-1 {
			v.sel++
			return nil
		}
		return v.next()
	case key.Matches(msg, k.Up):
		if v.sel > 0 {
			v.sel--
			return nil
		}
		return v.prev(true)
	case key.Matches(msg, k.PageDown):
		if v.atEnd {
			v.sel = max(0, len(v.rows)-1)
			return nil
		}
		return v.next()
	case key.Matches(msg, k.PageUp):
		if v.atStart {
			v.sel = 0
			return nil
		}
		return v.prev(false)
	case key.Matches(msg, k.Top):
		if v.atStart {
			v.sel = 0
			return nil
		}
		return v.first()
	case key.Matches(msg, k.Bottom):
		if v.atEnd {
			v.sel = max(0, len(v.rows)-1)
			return nil
		}
		return v.fetch(pageLast, nil, tracker.Backward, v.c.now)
	}
	return nil
}

// reopen reopens the selected closed case through the service, logged
// with the session's actor; the list reads itself again after. why says
// why nothing was done.
func (v *casesView) reopen() (cmd tea.Cmd, why string) {
	r, ok := v.Selected()
	switch {
	case !ok:
		return nil, ""
	case v.c.readOnly:
		return nil, readOnlyNoteIn("reopen cases", v.c.tr)
	case r.State != tracker.CaseClosed:
		return nil, v.c.tr.T("case %d is open: enter resumes it", r.ID)
	case v.reopenReq != 0:
		return nil, v.c.tr.T("still reopening the last one…")
	}
	v.seq++
	req := v.seq
	v.reopenReq = req
	ctx, svc, actor, id := v.c.ctx, v.c.svc, v.c.actor, r.ID
	return func() tea.Msg {
		_, err := svc.DoCase(ctx, actor, id, tracker.CaseAction{Type: tracker.ActReopen})
		return casesReopenMsg{req: req, id: id, err: err}
	}, ""
}

// canReopen reports whether o would reopen the selected case.
func (v *casesView) canReopen() bool {
	r, ok := v.Selected()
	return ok && r.State == tracker.CaseClosed && v.c.canOpenCases()
}

// ShortHelp implements help.KeyMap. 1-5 is left to the full help: the
// title lists the filters in their keys' order.
func (v *casesView) ShortHelp() []key.Binding {
	k := v.c.keys
	has := len(v.rows) > 0
	return []key.Binding{
		enabledIf(moveHelp(k), has),
		enabledIf(withHelp(k.Open, "resume"), has),
		enabledIf(withHelp(k.Reopen, "reopen"), v.canReopen()),
		withHelp(k.Filter, "next filter"),
		k.Back,
	}
}

// FullHelp implements help.KeyMap.
func (v *casesView) FullHelp() [][]key.Binding {
	k := v.c.keys
	has := len(v.rows) > 0
	return [][]key.Binding{
		{enabledIf(k.Up, has), enabledIf(k.Down, has), enabledIf(k.PageUp, has), enabledIf(k.PageDown, has),
			enabledIf(k.Top, has), enabledIf(k.Bottom, has)},
		{enabledIf(withHelp(k.Open, "resume case"), has), enabledIf(withHelp(k.Reopen, "reopen closed case"), v.canReopen()),
			withHelp(k.Filter, "next filter"), k.PickFilter, k.Back},
	}
}

// caseFilterLabels name the filters as the title shows them.
var caseFilterLabels = map[tracker.CaseFilter]string{
	tracker.CasesOpen: "cases:open", tracker.CasesDue: "cases:due today", tracker.CasesMine: "cases:mine",
	tracker.CasesClosed: "cases:closed", tracker.CasesAll: "cases:all",
}

// title is "Cases [open 12] · due today 3 · …": every filter with its
// count, the shown one in brackets, so it reads without colour too.
func (v *casesView) title() string {
	parts := make([]string, len(tracker.CaseFilters))
	for i, f := range tracker.CaseFilters {
		label := v.c.tr.T(caseFilterLabels[f])
		if v.counts != nil {
			label += " " + strconv.Itoa(v.counts[f])
		}
		if i == v.filter {
			label = "[" + label + "]"
		}
		parts[i] = label
	}
	return v.c.tr.T("Cases %s", strings.Join(parts, " · "))
}

// position is "3/12" in the shown list.
func (v *casesView) position() string {
	if len(v.rows) == 0 || v.counts == nil {
		return ""
	}
	return strconv.Itoa(v.base+v.sel+1) + "/" + strconv.Itoa(v.counts[v.current()])
}

// fullWidth is where the tracking and order numbers on screen are never
// cut (issue 20: the number a seller copies).
const fullWidth = 100

// casesColumns: the tracking number, the step and the follow-up survive
// the narrowest screens; on a screen fullWidth wide or more the tracking
// and order numbers on the page are shown whole; the buyer comes last.
// The step says whether a case is open ("2/4 verify") or closed.
func casesColumns(rows []tracker.CaseRow, width int, tr *i18n.Printer) []column {
	track, order, trackMax, orderMax := 13, 10, 22, 16
	if width >= fullWidth {
		for _, r := range rows {
			track, order = max(track, widthOf(r.TrackingNo)), max(order, widthOf(r.OrderNo))
		}
		// Whole, and no wider: the room left goes to the kind and the buyer.
		track, order = min(track, 30), min(order, 24)
		trackMax, orderMax = track, order
	}
	return titled(tr, []column{
		{title: "#", min: 3, max: 5, prio: 1, right: true},
		{title: "Order", min: order, max: orderMax, prio: 1, grow: 3},
		{title: "Tracking", min: track, max: trackMax, prio: 0, grow: 1},
		{title: "Kind", min: 7, max: 15, prio: 2, grow: 1, wide: 10},
		{title: "Step", min: 6, max: 13, prio: 0, grow: 2},
		{title: "Owner", min: 5, max: 10, prio: 1, grow: 4},
		{title: "Follow-up", min: 12, max: 12, prio: 0},
		{title: "Deadline", min: 10, max: 10, prio: 2},
		{title: "Age", min: 3, max: 4, prio: 3, grow: 5, right: true, wide: 6},
		{title: "Buyer", min: 8, prio: 4},
	})
}

// stepCell is "2/4 verify" when it fits in w, else "2/4"; "closed".
func stepCell(s tracker.CaseStep, w int, tr *i18n.Printer) string {
	n := s.Number()
	if s == tracker.StepClosed || n < 1 || n > 4 {
		return stepName(s, tr)
	}
	if l := strconv.Itoa(n) + "/4 " + stepName(s, tr); widthOf(l) <= w {
		return l
	}
	return strconv.Itoa(n) + "/4"
}

// followUpCell is the next follow-up, "today 15:00" or its day; one that
// is due is marked "!" and drawn as an error.
func (v *casesView) followUpCell(r tracker.CaseRow, alarm ink) tcell {
	if r.FollowUpAt.IsZero() || r.State == tracker.CaseClosed {
		return plain("—")
	}
	now := v.c.now
	t := r.FollowUpAt.In(now.Location())
	text := t.Format("2006-01-02")
	if y, m, d := now.Date(); t.Year() == y && t.Month() == m && t.Day() == d {
		text = v.c.tr.T("today %s", t.Format("15:04"))
	}
	if r.FollowUpDue(now) {
		return styled("!"+text, alarm)
	}
	return plain(text)
}

// deadlineCell is the date promised, drawn as an error once past on an
// open case.
func (v *casesView) deadlineCell(r tracker.CaseRow, alarm ink) tcell {
	d := r.Deadline()
	if d.IsZero() {
		return plain("—")
	}
	text := d.In(v.c.now.Location()).Format("2006-01-02")
	if r.State == tracker.CaseOpen && d.Before(v.c.now) {
		return styled(text, alarm)
	}
	return plain(text)
}

// emptyText says why the list is empty.
func (v *casesView) emptyText() string {
	tr := v.c.tr
	switch v.current() {
	case tracker.CasesOpen:
		return tr.T("No open cases. Press c on an order or an exception to open one.")
	case tracker.CasesDue:
		return tr.T("No follow-up is due today.")
	case tracker.CasesMine:
		return tr.T("No open case is yours (%s): assigned to you, or opened by you.", Sanitize(v.c.actor.Name))
	case tracker.CasesClosed:
		return tr.T("No closed cases.")
	}
	return tr.T("No cases yet. Press c on an order or an exception to open one.")
}

// View renders the list as exactly height lines of width cells.
func (v *casesView) View() []string {
	st := v.c.styles
	iw := max(0, v.width-2)
	var body []string
	switch {
	case v.err != nil:
		body = append(body, st.Error.Render(cell(Sanitize(v.err.Error()), iw)))
	case !v.loaded:
		body = append(body, st.Empty.Render(v.c.tr.T("loading…")))
	case len(v.rows) == 0:
		body = append(body, st.Empty.Render(cell(v.emptyText(), iw)))
	default:
		page := v.rows[:min(len(v.rows), v.pageRows())]
		t := newTable(casesColumns(page, v.width, v.c.tr), iw)
		body = append(body, t.header(st.inkHeader))
		cells := make([]tcell, len(t.cols))
		now := v.c.now
		alarm := inkOf(st.Error) // once a frame, not once a cell
		for i, r := range page {
			cells[0] = plain(strconv.FormatInt(r.ID, 10))
			cells[1] = plain(r.OrderNo)
			cells[2] = plain(r.TrackingNo)
			cells[3] = plain(kindWord(r.Kind, v.c.tr))
			cells[4] = plain(stepCell(r.Step, t.widths[4], v.c.tr))
			cells[5] = plain(r.Owner)
			cells[6] = v.followUpCell(r, alarm)
			cells[7] = v.deadlineCell(r, alarm)
			cells[8] = plain(sinceIn(now, r.OpenedAt, v.c.tr))
			cells[9] = plain(r.Buyer)
			body = append(body, t.row(cells, i == v.sel, st.inkSelected))
		}
	}
	return st.pane(v.title(), v.position(), body, v.width, v.height, true)
}

// openCases covers the panes with the cases list and reads its first page.
func (a *App) openCases() tea.Cmd {
	if !a.c.hasCases() {
		a.status.say(a.c.tr.T("this session cannot keep complaint cases (no case store)"), true)
		return nil
	}
	a.cases = newCasesView(a.c)
	a.cases.setSize(a.lay.alerts.w, a.lay.alerts.h)
	return a.cases.first()
}

// onCasesKey gives a key to the cases list: enter resumes the selected
// case (a closed one asks first: reopen, new, or view), o reopens a
// closed one, esc leaves.
func (a *App) onCasesKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	v := a.cases
	switch {
	case key.Matches(msg, k.HardQuit):
		return a.quit()
	case key.Matches(msg, k.Back):
		a.cases = nil
		return nil
	case key.Matches(msg, k.Open):
		return a.resumeListed()
	case key.Matches(msg, k.Reopen):
		cmd, why := v.reopen()
		if why != "" {
			a.status.say(why, true)
		}
		return cmd
	}
	return v.Update(msg)
}

// resumeListed is enter on a listed case: an open one opens in the case
// view, as c does; a closed one shows the closed-case prompt (o reopen,
// n new case, enter view), or to a viewer the case itself.
func (a *App) resumeListed() tea.Cmd {
	r, ok := a.cases.Selected()
	if !ok {
		return nil
	}
	if r.State != tracker.CaseClosed || a.c.readOnly {
		return a.showCase(r.ID)
	}
	src := caseSource{orderID: r.OrderID, shipmentID: r.ShipmentID, exceptionID: r.ExceptionID, caseID: r.ID,
		orderNo: r.OrderNo, dest: r.Destination, kind: r.Kind}
	return a.openPrompt(newClosedCasePrompt(a.c, r, func(choice closedChoice) tea.Cmd {
		switch choice {
		case reopenClosed:
			return a.reopenCase(r.ID)
		case openFresh:
			return a.openNewCase(src, r.Kind, true)
		}
		return a.showCase(r.ID)
	}))
}

// onCasesReopen follows a reopen from the list: say so, and read the list
// again (a hub notice does it too; without one nobody else would).
func (a *App) onCasesReopen(msg casesReopenMsg) tea.Cmd {
	v := a.cases
	if v == nil || msg.req != v.reopenReq {
		return nil
	}
	v.reopenReq = 0
	if msg.err != nil {
		a.status.say(refusal(a.c.tr, msg.err, msg.id), true)
		return nil
	}
	a.status.say(a.c.tr.T("case %d reopened, at step 4 follow up", msg.id), false)
	return v.reload()
}
