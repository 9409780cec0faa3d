package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// exceptionLogLimit bounds the log read for one exception: its story, not
// an audit export (`waybill exception log` prints all of it).
const exceptionLogLimit = 200

// logWidth is the log box's width, at most: a log line wants room.
const logWidth = 100

// exceptionLogMsg answers the read of one exception's log.
type exceptionLogMsg struct {
	req     int
	entries []tracker.ExceptionLogEntry
	err     error
}

// logPrompt shows who did what to the selected exception, and when (`l`),
// newest first, from the exception_log, over the panes as a prompt is. It
// takes the keys while it is open: ↑ ↓ scroll, Esc or l closes.
type logPrompt struct {
	c       *common
	item    exceptionItem
	req     int
	entries []tracker.ExceptionLogEntry // sanitized
	loaded  bool
	err     error
	top     int
}

// openLog opens the log of the selected exception and reads it.
func (a *App) openLog() tea.Cmd {
	it, ok := a.exceptions.Selected()
	if !ok {
		a.status.say(a.c.tr.T("no exception selected"), true)
		return nil
	}
	a.triageSeq++
	p := &logPrompt{c: a.c, item: it, req: a.triageSeq}
	ctx, reader, id, req := a.c.ctx, a.c.reader, it.ID, p.req
	read := func() tea.Msg {
		entries, err := reader.ExceptionLog(ctx, id, exceptionLogLimit)
		if err != nil {
			err = fmt.Errorf("read the log of exception %d: %w", id, err)
		}
		return exceptionLogMsg{req: req, entries: entries, err: err}
	}
	return tea.Batch(a.openPrompt(p), read)
}

func (p *logPrompt) onLog(msg exceptionLogMsg) {
	if msg.req != p.req {
		return
	}
	p.loaded, p.err = true, msg.err
	p.entries = make([]tracker.ExceptionLogEntry, len(msg.entries))
	for i, e := range msg.entries {
		e.Actor, e.Action, e.Detail = Sanitize(e.Actor), Sanitize(e.Action), Sanitize(p.c.tr.StoredLogDetail(e.Action, e.Detail))
		p.entries[i] = e
	}
}

func (p *logPrompt) width() int { return logWidth }

func (p *logPrompt) title() string {
	return p.c.tr.T("Log of exception %d · %s · %s", p.item.ID, kindWord(p.item.Kind, p.c.tr), p.item.OrderNo)
}

func (p *logPrompt) paste(string) {}

// rows is how many entries the box shows: the screen less the title, the
// status and help lines, the box's borders and its header lines.
func (p *logPrompt) rows() int { return max(1, p.c.height-9) }

func (p *logPrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close), key.Matches(msg, k.History), key.Matches(msg, k.Back):
		return true, nil
	case key.Matches(msg, k.Down):
		p.top++
	case key.Matches(msg, k.Up):
		p.top--
	case key.Matches(msg, k.PageDown):
		p.top += p.rows()
	case key.Matches(msg, k.PageUp):
		p.top -= p.rows()
	case key.Matches(msg, k.Top):
		p.top = 0
	case key.Matches(msg, k.Bottom):
		p.top = len(p.entries)
	}
	p.top = clampInt(p.top, 0, max(0, len(p.entries)-p.rows()))
	return false, nil
}

func (p *logPrompt) body(w int) []string {
	st, tr := p.c.styles, p.c.tr
	loc := p.c.now.Location()
	it := p.item
	head := it.TrackingNo + " · " + it.Carrier + " · " + tr.T("exhead:opened %s", it.OpenedAt.In(loc).Format("2006-01-02 15:04"))
	if len(it.state) > 0 {
		head += " · " + fullState(it.state)
	}
	out := []string{st.Dim.Render(cell(head, w))}
	switch {
	case p.err != nil:
		return append(out, st.Error.Render(cell(Sanitize(p.err.Error()), w)))
	case !p.loaded:
		return append(out, st.Empty.Render(cell(tr.T("loading…"), w)))
	case len(p.entries) == 0:
		return append(out, st.Empty.Render(cell(tr.T("Nothing logged yet: the log starts with the first change."), w)))
	}
	who := 5
	for _, e := range p.entries {
		who = max(who, min(16, widthOf(logActorWord(e.Actor, tr))))
	}
	end := min(len(p.entries), p.top+p.rows())
	for _, e := range p.entries[p.top:end] {
		line := logWhen(e.At, loc, tr) + "  " + cell(logActorWord(e.Actor, tr), who) + "  " + logActionWord(e.Action, tr)
		if e.Detail != "" {
			line += " · " + e.Detail
		}
		out = append(out, cell(line, w))
	}
	if more := len(p.entries) - end; more > 0 || p.top > 0 {
		out = append(out, st.Dim.Render(cell(tr.T("%d–%d of %d, newest first · ↑ ↓ scroll", p.top+1, end, len(p.entries)), w)))
	}
	return out
}

// logWhen is a log entry's time: "12-06 15:04" in English, 2026-12-06
// 15:04 in Chinese (a date Chinese readers write, of one width on every
// line, so the actors and actions stay in line; 12月6日 varies).
func logWhen(t time.Time, loc *time.Location, tr *i18n.Printer) string {
	if tr.Lang() == i18n.En {
		return t.In(loc).Format("01-02 15:04")
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// logActorWord is who made a log entry: a person's name as it is; the
// rules, which open and close exceptions themselves, by the catalog's word
// (规则) outside English.
func logActorWord(actor string, tr *i18n.Printer) string {
	if actor != "rules" || tr.Lang() == i18n.En {
		return actor
	}
	return tr.T("actor:rules")
}

// logActionWord is a log entry's action as a person reads it: the store
// writes tracker's names (acknowledge, snooze, assign…); a name the
// catalog lacks (a newer store's) reads as written.
func logActionWord(action string, tr *i18n.Printer) string {
	if tr.Lang() == i18n.En {
		return action
	}
	return tr.WordOr("exlog:"+action, action)
}

func (p *logPrompt) ShortHelp() []key.Binding {
	k := p.c.keys
	// Back's keys (q) close it too, as in every view that only shows.
	closeKeys := append(append(append([]string(nil), k.Close.Keys()...), k.History.Keys()...), k.Back.Keys()...)
	return []key.Binding{enabledIf(moveHelp(k), len(p.entries) > p.rows()),
		key.NewBinding(key.WithKeys(closeKeys...), key.WithHelp(k.Close.Help().Key+"/"+k.History.Help().Key, "close"))}
}

func (p *logPrompt) FullHelp() [][]key.Binding {
	k := p.c.keys
	many := len(p.entries) > p.rows()
	return [][]key.Binding{p.ShortHelp(), {enabledIf(k.PageUp, many), enabledIf(k.PageDown, many), enabledIf(k.Top, many), enabledIf(k.Bottom, many)}}
}

func (p *logPrompt) showsOnly() {}
