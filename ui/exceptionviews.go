package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
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
	name := "Exceptions"
	if m.view != tracker.ViewQueue {
		name += " · " + m.view.Name()
	}
	if m.filter.active() {
		name += " · " + m.filter.label()
	}
	return m.text.title(name)
}

// countInfo is the pane's corner: "12 open", "3 of 200+ resolved".
func (m *exceptionsModel) countInfo() string {
	n := strconv.Itoa(len(m.all))
	if len(m.all) >= exceptionsLimit {
		n += "+"
	}
	word := m.view.Name()
	if m.view == tracker.ViewAll {
		word = "in all"
	}
	if m.text.active() {
		return strconv.Itoa(len(m.items)) + " of " + n + " " + word
	}
	return n + " " + word
}

// emptyText is what the pane says with no row to show.
func (m *exceptionsModel) emptyText() string {
	switch {
	case m.text.active() && len(m.all) > 0:
		return "No row matches /" + m.text.query + " (Esc clears it)."
	case m.view == tracker.ViewAll && m.filter.active():
		return "No exceptions match the filter."
	case m.view == tracker.ViewAll:
		return "No exceptions yet."
	case m.filter.active():
		return "No " + m.view.Name() + " exceptions match the filter."
	}
	return "No " + m.view.Name() + " exceptions."
}

// viewHint is the line above a view that is not counted per kind.
func viewHint(v tracker.ExceptionView) string {
	switch v {
	case tracker.ViewResolved:
		return "closed by a person or by the rules, the last closed first · l: who did what · v: next view"
	case tracker.ViewAll:
		return "every exception, open or closed, the newest first · l: who did what · v: next view"
	}
	return ""
}

// columns are the queue's columns. In the history the last one tells the
// last change instead of the next action, and it and the state (until
// when, by whom) come before the detail, which the queue showed already.
func (m *exceptionsModel) columns() []column {
	cols := exceptionColumns(m.keys)
	if m.view != tracker.ViewQueue {
		cols[exColState] = column{title: "State", min: 19, max: 19, prio: 3, cut: true} // "snoozed 06-02 14:00"
		cols[exColNext] = column{title: "Last change", min: 22, want: 36, prio: 5, cut: true}
		cols[exColDetail] = column{title: "Detail", min: 10, want: 12, prio: 8, cut: true}
	}
	return cols
}

// historyItem fills what a history row shows: its state as of its view
// (until when it sleeps, who closed it) and its last change.
func (m *exceptionsModel) historyItem(it *exceptionItem) {
	it.ResolvedBy = Sanitize(it.ResolvedBy)
	it.Last.Actor = Sanitize(it.Last.Actor)
	it.Last.Action = Sanitize(it.Last.Action)
	it.Last.Detail = Sanitize(it.Last.Detail)
	loc := m.c.now.Location()
	var parts []string
	switch {
	case it.State == tracker.ExSnoozed:
		parts = append(parts, "until "+it.SnoozedUntil.In(loc).Format("01-02 15:04"))
	case it.State == tracker.ExResolved && it.ResolvedBy != "":
		parts = append(parts, "by "+it.ResolvedBy)
	case it.State == tracker.ExResolved:
		parts = append(parts, "by the rules")
	case it.State == tracker.ExAcknowledged:
		parts = append(parts, "ack")
	case m.view == tracker.ViewAll:
		parts = append(parts, "open")
	}
	if m.view == tracker.ViewAll && (it.State == tracker.ExSnoozed || it.State == tracker.ExResolved) {
		parts[0] = string(it.State) + " " + parts[0]
	}
	if it.Owner != "" {
		parts = append(parts, "@"+it.Owner)
	}
	it.state = nil
	if len(parts) > 0 {
		// One fact: the history's state is read whole, not fitted.
		it.state = []statePart{{forms: []string{strings.Join(parts, " ")}, rank: rankFollowUp}}
	}
	it.action = lastChange(it.Last, loc)
}

// lastChange is a log entry on one line: "ana snoozed 06-01 14:00 · until …".
func lastChange(e tracker.ExceptionLogEntry, loc *time.Location) string {
	if e.Action == "" {
		return "nothing logged"
	}
	s := e.Actor + " " + e.Action + " " + e.At.In(loc).Format("01-02 15:04")
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
