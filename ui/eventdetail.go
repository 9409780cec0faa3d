package ui

import (
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// eventPrompt shows one timeline event in full (enter in the timeline):
// the time with its zone, the status and the carrier's raw code, the
// location, and the description the timeline's column cuts, wrapped. A
// description taller than the screen scrolls with the movement keys.
type eventPrompt struct {
	c      *common
	ev     tracker.Event // sanitized, as the timeline holds it
	parcel string
	top    int // the first description line shown
}

func newEventPrompt(c *common, ev tracker.Event, parcel string) *eventPrompt {
	// Whole, up to far more than a carrier writes (clip marks a cut).
	ev.Description, ev.Location, ev.RawStatus = clip(ev.Description), clip(ev.Location), clip(ev.RawStatus)
	return &eventPrompt{c: c, ev: ev, parcel: clip(parcel)}
}

func (p *eventPrompt) title() string {
	if p.parcel == "" {
		return p.c.tr.T("Event")
	}
	return p.c.tr.T("Event · %s", p.parcel)
}

func (p *eventPrompt) paste(string) {}

// fixed is the lines above the description.
const eventFixedLines = 5

// descRows is how many description lines the screen leaves room for: the
// panes' height less the box's border and the fixed lines.
func (p *eventPrompt) descRows() int {
	panes := p.c.height - 3 // title, status and help lines
	return max(1, panes-2-eventFixedLines-1)
}

func (p *eventPrompt) descLines(w int) []string {
	d := p.ev.Description
	if d == "" {
		return []string{p.c.styles.Dim.Render(p.c.tr.T("no description from the carrier"))}
	}
	// All of it: wrapText cuts only past the line count given.
	return wrapText(d, max(1, w-eventLabelW), 1<<16)
}

// eventLabelW is the label column, in cells: "Carrier code" and a space;
// the Chinese labels (承运商代码) are narrower.
const eventLabelW = 13

func (p *eventPrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close), key.Matches(msg, k.Confirm), key.Matches(msg, k.Back):
		return true, nil
	case key.Matches(msg, k.Down):
		p.top++
	case key.Matches(msg, k.Up):
		p.top--
	case key.Matches(msg, k.PageDown):
		p.top += p.descRows()
	case key.Matches(msg, k.PageUp):
		p.top -= p.descRows()
	}
	p.top = p.clampTop(p.innerW())
	return false, nil
}

// innerW is the width inside the box (App.promptBox sizes it).
func (p *eventPrompt) innerW() int { return min(p.c.width-4, promptWidth) - 2 }

// clampTop is p.top kept within the description at inner width w.
func (p *eventPrompt) clampTop(w int) int {
	return clampInt(p.top, 0, max(0, len(p.descLines(w))-p.descRows()))
}

func (p *eventPrompt) body(w int) []string {
	st, tr := p.c.styles, p.c.tr
	e := p.ev
	loc := p.c.now.Location()
	row := func(label, value string) string {
		if label != "" {
			label = tr.T(label)
		}
		if value == "" {
			value = st.Dim.Render("—")
		}
		return cell(st.Dim.Render(cell(label, eventLabelW))+value, w)
	}
	when := st.Dim.Render(tr.T("unknown"))
	if !e.Time.IsZero() {
		// The zone in full: an event from another continent is read in
		// this session's zone, and its offset says which that is.
		when = eventTimeIn(e.Time.In(loc), tr)
	}
	status := st.StatusStyle(e.Status).Render(statusLabel(e.Status, tr))
	if e.Exception != "" {
		status += st.Dim.Render(" · ") + st.SeverityStyle(tracker.SeverityOf(e.Exception)).Render(kindWord(e.Exception, tr))
	}
	out := []string{
		row("Time", when),
		row("Status", status),
		row("Carrier code", e.RawStatus),
		row("Location", e.Location),
		"",
	}
	desc := p.descLines(w)
	n := p.descRows()
	top := p.clampTop(w)
	shown := desc[top:min(len(desc), top+n)]
	for i, l := range shown {
		label := ""
		if i == 0 && top == 0 {
			label = "Description"
		}
		out = append(out, row(label, l))
	}
	if len(desc) > n {
		out = append(out, st.Dim.Render(cell(tr.T("↕ more: j/k scroll"), w)))
	}
	return out
}

// eventTimeIn is an event's time with its zone in full: "Mon 2006-01-02
// 15:04:05 MST (-07:00)" in English, 2006-01-02 周一 15:04:05 MST (-07:00)
// in Chinese.
func eventTimeIn(t time.Time, tr *i18n.Printer) string {
	if tr.Lang() == i18n.En {
		return t.Format("Mon 2006-01-02 15:04:05 MST (-07:00)")
	}
	return t.Format("2006-01-02") + " " + tr.T("wd:"+t.Format("Mon")) + " " + t.Format("15:04:05 MST (-07:00)")
}

func (p *eventPrompt) ShortHelp() []key.Binding {
	k := p.c.keys
	// Enter and q close it too (update says so): the binding holds
	// every key that does, so the full help lists them.
	closeKeys := slices.Concat(k.Close.Keys(), k.Confirm.Keys(), k.Back.Keys())
	return []key.Binding{withHelp(moveHelp(k), "scroll"),
		key.NewBinding(key.WithKeys(closeKeys...), key.WithHelp(k.Close.Help().Key, "close"))}
}

func (p *eventPrompt) FullHelp() [][]key.Binding {
	k := p.c.keys
	return [][]key.Binding{p.ShortHelp(), {k.PageUp, k.PageDown}}
}

// openEvent is enter in the timeline: the selected event in full.
func (a *App) openEvent() tea.Cmd {
	ev, ok := a.timeline.selectedEvent()
	if !ok {
		return nil
	}
	return a.openPrompt(newEventPrompt(a.c, ev, a.timeline.label))
}

func (p *eventPrompt) showsOnly() {}
