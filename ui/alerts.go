package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// alertsLimit bounds the in-app alert list; older alerts stay in the store.
const alertsLimit = 100

// alertsModel is the in-app alert list (`!`) and the unread count in the
// title bar. While the list is closed only the count is read; opening it
// reads the newest alerts and marks the unread ones read, and they keep a
// "new" mark until it closes, so the person sees which they had not seen.
type alertsModel struct {
	c *common

	width, height int // of the box, when open

	open   bool
	all    []tracker.Alert // sanitized, as read
	items  []tracker.Alert // those the text filter (/) keeps
	text   listFilter
	unread int
	failed int
	loaded bool // the count is known
	listed bool // items are from a read made while open
	err    error
	fresh  map[int64]bool // unread when shown in this opening
	cursor

	seq, req    int
	reloadAfter bool // a change notice came while a read was on its way
	markReq     int
}

func newAlerts(c *common) *alertsModel { return &alertsModel{c: c, fresh: map[int64]bool{}} }

// reload reads again for a change notice, after the read on its way if
// there is one (exceptionsModel.reload says why).
func (m *alertsModel) reload() tea.Cmd {
	if m.req != 0 {
		m.reloadAfter = true
		return nil
	}
	return m.load()
}

func (m *alertsModel) load() tea.Cmd {
	m.reloadAfter = false
	m.seq++
	id := m.seq
	m.req = id
	limit, list := 1, m.open // closed: the count is all we show
	if list {
		limit = alertsLimit
	}
	ctx, reader := m.c.ctx, m.c.reader
	return func() tea.Msg {
		alerts, unread, err := reader.Alerts(ctx, limit)
		if err != nil {
			return alertsMsg{req: id, list: list, err: fmt.Errorf("read alerts: %w", err)}
		}
		failed, err := reader.AlertFailures(ctx)
		if err != nil {
			err = fmt.Errorf("count failed alerts: %w", err)
		}
		return alertsMsg{req: id, list: list, alerts: alerts, unread: unread, failed: failed, err: err}
	}
}

// toggle opens or closes the list.
func (m *alertsModel) toggle() tea.Cmd {
	m.open = !m.open
	m.listed = false
	clear(m.fresh)
	m.sel, m.top = 0, 0
	if !m.open {
		m.items, m.all = nil, nil
		m.text.clear()
		return nil
	}
	return m.load()
}

// onAlerts takes a read in; while the list is open it marks what it shows
// unread as read.
func (m *alertsModel) onAlerts(msg alertsMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.req = 0
	if m.reloadAfter {
		return tea.Batch(m.show(msg), m.load())
	}
	return m.show(msg)
}

func (m *alertsModel) show(msg alertsMsg) tea.Cmd {
	if msg.err != nil {
		m.err = said(m.c.tr, msg.err)
		return nil
	}
	m.err = nil
	m.loaded = true
	m.unread, m.failed = msg.unread, msg.failed
	if !msg.list || !m.open {
		return nil
	}
	m.listed = true
	m.all = make([]tracker.Alert, len(msg.alerts))
	var unread []int64
	for i, a := range msg.alerts {
		// The list shows, and its filter finds, the alert in the
		// session's language; the store keeps tracker's English.
		subject, body := m.c.tr.StoredAlert(a.Subject, a.Body)
		a.Subject = Sanitize(subject)
		a.Body = Sanitize(body)
		a.Kind = Sanitize(a.Kind)
		a.TrackingNo = Sanitize(a.TrackingNo)
		if a.ReadAt.IsZero() {
			m.fresh[a.ID] = true
			unread = append(unread, a.ID)
		}
		m.all[i] = a
	}
	m.applyText()
	if len(unread) == 0 || !m.c.canTriage() {
		return nil
	}
	return m.markRead(unread)
}

func (m *alertsModel) markRead(ids []int64) tea.Cmd {
	m.seq++
	id := m.seq
	m.markReq = id
	ctx, svc, actor := m.c.ctx, m.c.svc, m.c.actor
	return func() tea.Msg {
		n, err := svc.MarkAlertsRead(ctx, actor, ids)
		if err != nil {
			err = fmt.Errorf("mark alerts read: %w", err)
		}
		return alertsReadMsg{req: id, n: n, err: err}
	}
}

// onRead re-reads the count once the alerts shown are marked read.
func (m *alertsModel) onRead(msg alertsReadMsg) tea.Cmd {
	if msg.req != m.markReq {
		return nil
	}
	m.markReq = 0
	if msg.err != nil {
		m.err = said(m.c.tr, msg.err)
		return nil
	}
	return m.load()
}

func (m *alertsModel) setSize(w, h int) {
	m.width, m.height = w, h
	m.scroll()
}

// visibleRows is the alerts the box shows: its borders, the table header
// and the selected alert's text line are not rows.
func (m *alertsModel) visibleRows() int { return max(1, m.height-4) }

func (m *alertsModel) scroll() { m.clamp(len(m.items), m.visibleRows()) }

// Update handles the keys of the open list.
func (m *alertsModel) Update(msg tea.KeyPressMsg) {
	m.navigate(msg, m.c.keys, len(m.items), m.visibleRows())
}

// closeHelp is ! and esc as one entry: both close the list.
func closeHelp(k *KeyMap) key.Binding {
	keys := append(append([]string(nil), k.Alerts.Keys()...), k.Close.Keys()...)
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k.Alerts.Help().Key+"/"+k.Close.Help().Key, "close"))
}

// ShortHelp implements help.KeyMap for the open list.
func (m *alertsModel) ShortHelp() []key.Binding {
	k := m.c.keys
	return []key.Binding{enabledIf(moveHelp(k), len(m.items) > 0), m.openHelp(), withHelp(k.Search, "filter"), m.closeHelp()}
}

// FullHelp implements help.KeyMap.
func (m *alertsModel) FullHelp() [][]key.Binding {
	k := m.c.keys
	has := len(m.items) > 0
	return [][]key.Binding{
		{enabledIf(k.Up, has), enabledIf(k.Down, has), enabledIf(k.PageUp, has), enabledIf(k.PageDown, has)},
		{enabledIf(k.Top, has), enabledIf(k.Bottom, has), m.openHelp(), withHelp(k.Search, "filter as you type"), m.closeHelp()},
	}
}

// titleBadge is the unread count for the title bar, "" when none.
func (m *alertsModel) titleBadge() string {
	var parts []string
	if m.unread > 0 {
		parts = append(parts, m.c.tr.T("! %d unread", m.unread))
	}
	if m.failed > 0 {
		// A channel that keeps failing (a wrong SMTP password) must be
		// seen, or nobody learns that alerts stopped going out.
		parts = append(parts, m.c.tr.T("%d alerts failed to send", m.failed))
	}
	if len(parts) == 0 {
		return ""
	}
	return m.c.styles.Error.Render(strings.Join(parts, " · "))
}

// View renders the open list as its box: one alert a line, newest first,
// and the selected alert's text under them.
func (m *alertsModel) View() []string {
	st, tr := m.c.styles, m.c.tr
	w, h := m.width, m.height
	inner := w - 2
	info := ""
	if m.unread > 0 {
		info = tr.T("%d unread", m.unread)
	}
	var body []string
	switch {
	case m.err != nil && len(m.items) == 0:
		body = append(body, st.Error.Render(Sanitize(m.err.Error())))
	case !m.listed:
		body = append(body, st.Empty.Render(tr.T("loading…")))
	case len(m.items) == 0 && m.text.active():
		body = append(body, st.Empty.Render(tr.T("No alert matches /%s (Esc clears it).", m.text.query)))
	case len(m.items) == 0:
		body = append(body, st.Empty.Render(tr.T("No alerts yet. They come when an exception opens or a watched order changes.")))
	}
	t := newTable(titled(tr, []column{
		{title: "", min: 3, max: 3, prio: 0},
		// 12月16日 15:04 outside English: 14 cells.
		{title: "When", min: 11, max: 11, prio: 1, wide: 14},
		{title: "Sev", min: 4, max: 4, prio: 2},
		{title: "Kind", min: 9, max: 15, prio: 3},
		{title: "Alert", min: 10, prio: 0},
	}), inner)
	if len(m.items) > 0 {
		body = append(body, t.header(st.inkHeader))
	}
	cells := make([]tcell, len(t.cols))
	loc := m.c.now.Location()
	end := min(len(m.items), m.top+m.visibleRows())
	for i := m.top; i < end; i++ {
		a := m.items[i]
		cells[0] = plain("")
		if m.fresh[a.ID] {
			cells[0] = styled(tr.T("new"), st.inkTitleOn)
		}
		cells[1] = plain(alertWhen(a, loc, tr))
		cells[2] = styled(severityLabel(a.Severity, tr), st.severityInk(a.Severity))
		cells[3] = plain(alertKindWord(a.Kind, tr))
		cells[4] = plain(a.Subject)
		body = append(body, t.row(cells, i == m.sel, st.inkSelected))
	}
	if m.sel < len(m.items) && h > 4 {
		for len(body) < h-3 {
			body = append(body, "")
		}
		body = append(body[:h-3], st.Dim.Render(" "+m.items[m.sel].Body))
	}
	return st.pane(m.text.title(tr.T("Alerts")), info, body, w, h, true)
}

// alertWhen is when an alert was made: "12-06 15:04" in English, 12月6日
// 15:04 in Chinese.
func alertWhen(a tracker.Alert, loc *time.Location, tr *i18n.Printer) string {
	return dayIn(a.CreatedAt, loc, tr) + " " + a.CreatedAt.In(loc).Format("15:04")
}

// alertKindWord is an alert's kind as a person reads it: an exception
// kind ("no tracking", 无轨迹), or a watched order's change or a deadline
// (关注, 期限); a kind the catalog lacks (a newer store's) reads as its name.
func alertKindWord(kind string, tr *i18n.Printer) string {
	name := kindLabel(tracker.ExceptionKind(kind))
	if tr.Lang() == i18n.En {
		return name
	}
	return tr.WordOr("alertkind:"+kind, tr.Word(name))
}
