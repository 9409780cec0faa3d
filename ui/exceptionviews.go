package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The queue tells its history (issue 20): `v` cycles the Exceptions pane
// through the queue and the exceptions it hides (acknowledged, snoozed,
// resolved, all), each row saying who did the last thing to it and when;
// `/` narrows the rows read as the Orders filter narrows its list.

// nextView moves to the next view and reads it from its top.
func (m *exceptionsModel) nextView() tea.Cmd {
	i := slices.Index(tracker.ExceptionViews, m.view)
	m.view = tracker.ExceptionViews[(i+1)%len(tracker.ExceptionViews)]
	m.clearMarks()
	m.all, m.items, m.loaded = nil, nil, false
	m.counts, m.countsErr = nil, nil
	m.sel, m.top, m.selID = 0, 0, 0
	return m.load()
}

// title is the pane's title: the view when it is not the queue, the
// filter (f) and the text filter (/): "Exceptions · snoozed · lost /DE".
func (m *exceptionsModel) title() string {
	tr := m.c.tr
	name := tr.T("Exceptions")
	if m.view != tracker.ViewQueue {
		name += " · " + viewName(m.view, tr)
	}
	if m.filter.active() {
		name += " · " + m.filter.label(tr)
	}
	return m.text.title(name)
}

// countInfo is the pane's corner: "12 open", "3 of 200+ resolved".
func (m *exceptionsModel) countInfo() string {
	n := strconv.Itoa(len(m.all))
	if len(m.all) >= exceptionsLimit {
		n += "+"
	}
	tr := m.c.tr
	word := viewName(m.view, tr)
	if m.view == tracker.ViewAll {
		word = tr.T("in all")
	}
	if m.text.active() {
		return tr.T("%s of %s %s", strconv.Itoa(len(m.items)), n, word)
	}
	return tr.T("%s %s", n, word)
}

// emptyText is what the pane says with no row to show.
func (m *exceptionsModel) emptyText() string {
	tr := m.c.tr
	switch {
	case m.text.active() && len(m.all) > 0:
		return tr.T("No row matches /%s (Esc clears it).", m.text.query)
	case m.view == tracker.ViewAll && m.filter.active():
		return tr.T("No exceptions match the filter.")
	case m.view == tracker.ViewAll:
		return tr.T("No exceptions yet.")
	case m.filter.active():
		return tr.T("No %s exceptions match the filter.", viewName(m.view, tr))
	}
	return tr.T("No %s exceptions.", viewName(m.view, tr))
}

// viewHint is the line above a view that is not counted per kind.
func viewHint(v tracker.ExceptionView, tr *i18n.Printer) string {
	switch v {
	case tracker.ViewResolved:
		return tr.T("closed by a person or by the rules, the last closed first · l: who did what · v: next view")
	case tracker.ViewAll:
		return tr.T("every exception, open or closed, the newest first · l: who did what · v: next view")
	}
	return ""
}

// columns are the queue's columns. In the history the last one tells the
// last change instead of the next action, and it and the state (until
// when, by whom) come before the detail, which the queue showed already.
func (m *exceptionsModel) columns() []column {
	cols := exceptionColumns(m.keys, m.c.tr)
	if m.view != tracker.ViewQueue {
		hist := titled(m.c.tr, []column{
			{title: "State", min: 19, max: 19, prio: 3, cut: true}, // "snoozed 06-02 14:00"
			{title: "Last change", min: 22, want: 36, prio: 5, cut: true},
			{title: "Detail", min: 10, want: 12, prio: 8, cut: true},
		})
		cols[exColState], cols[exColNext], cols[exColDetail] = hist[0], hist[1], hist[2]
	}
	return cols
}

// historyItem fills what a history row shows: its state as of its view
// (until when it sleeps, who closed it) and its last change.
func (m *exceptionsModel) historyItem(it *exceptionItem) {
	it.ResolvedBy = Sanitize(it.ResolvedBy)
	it.Last.Actor = Sanitize(it.Last.Actor)
	it.Last.Action = Sanitize(it.Last.Action)
	it.Last.Detail = Sanitize(m.c.tr.StoredLogDetail(it.Last.Action, it.Last.Detail))
	loc := m.c.now.Location()
	var parts []string
	tr := m.c.tr
	switch {
	case it.State == tracker.ExSnoozed:
		parts = append(parts, tr.T("until %s", it.SnoozedUntil.In(loc).Format("01-02 15:04")))
	case it.State == tracker.ExResolved && it.ResolvedBy != "":
		parts = append(parts, tr.T("by %s", it.ResolvedBy))
	case it.State == tracker.ExResolved:
		parts = append(parts, tr.T("by the rules"))
	case it.State == tracker.ExAcknowledged:
		parts = append(parts, tr.T("state:ack"))
	case m.view == tracker.ViewAll:
		parts = append(parts, tr.T("view:open"))
	}
	if m.view == tracker.ViewAll && (it.State == tracker.ExSnoozed || it.State == tracker.ExResolved) {
		parts[0] = tr.T("view:"+string(it.State)) + " " + parts[0]
	}
	if it.Owner != "" {
		parts = append(parts, "@"+it.Owner)
	}
	it.state = nil
	if len(parts) > 0 {
		// One fact: the history's state is read whole, not fitted.
		it.state = []statePart{{forms: []string{strings.Join(parts, " ")}, rank: rankFollowUp}}
	}
	it.action = lastChange(it.Last, loc, tr)
}

// lastChange is a log entry on one line: "ana snoozed 06-01 14:00 · until …".
func lastChange(e tracker.ExceptionLogEntry, loc *time.Location, tr *i18n.Printer) string {
	if e.Action == "" {
		return tr.T("nothing logged")
	}
	s := logActorWord(e.Actor, tr) + " " + logActionWord(e.Action, tr) + " " + e.At.In(loc).Format("01-02 15:04")
	if e.Detail != "" {
		s += " · " + e.Detail
	}
	return s
}

// filtering reports whether the text filter line has the keys.
func (m *exceptionsModel) filtering() bool { return m.text.editing }

// onTextKey handles a key while the text filter line is open: ↑ ↓ and the
// page keys still move the rows.
func (m *exceptionsModel) onTextKey(msg tea.KeyPressMsg) tea.Cmd {
	changed, used := m.text.key(msg)
	if changed {
		m.applyText()
	}
	if !used {
		m.navigate(msg, m.c.keys, len(m.items), m.visibleRows())
		m.scroll()
	}
	return nil
}

// pasteText adds pasted text to the open text filter line.
func (m *exceptionsModel) pasteText(text string) {
	if m.text.paste(text) {
		m.applyText()
	}
}
