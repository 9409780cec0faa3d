package ui

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// scoreWindows are the time windows t cycles through, in days; 0 is all.
var scoreWindows = [...]int{30, 90, 180, 0}

// scoreGroupings are the groupings b cycles through.
var scoreGroupings = [...]tracker.Grouping{tracker.ByCarrier, tracker.ByRoute, tracker.ByRouteAndMethod}

// scorecardView is the carrier scorecard over the panes: a table of
// carriers (or carriers per route, or per route and method) and, for the
// selected line, the distribution of its transit times and its carrier's
// on-time share by week. History is read in a Cmd and every grouping is
// computed there, so switching groupings and drawing read nothing.
type scorecardView struct {
	c             *common
	width, height int
	win           int // index into scoreWindows
	by            int // index into scoreGroupings
	data          *scorecardData
	err           error
	cursor

	seq, req int
}

// scorecardData is one read of history, computed for every grouping.
type scorecardData struct {
	scores  [len(scoreGroupings)][]tracker.Score
	weekly  map[string][]tracker.WeekOnTime
	parcels int
}

// scorecardMsg answers a read of history for the scorecard.
type scorecardMsg struct {
	req  int
	data *scorecardData
	err  error
}

func newScorecard(c *common) *scorecardView { return &scorecardView{c: c, win: 1} }

func (v *scorecardView) setSize(w, h int) {
	v.width, v.height = w, h
	v.scroll()
}

// load reads history for the window and computes the scorecard.
func (v *scorecardView) load() tea.Cmd {
	v.seq++
	req := v.seq
	v.req = req
	ctx, history, rules, now, days := v.c.ctx, v.c.history, v.c.rules, v.c.now, scoreWindows[v.win]
	return func() tea.Msg {
		var since time.Time
		if days > 0 {
			since = now.AddDate(0, 0, -days)
		}
		recs, err := history.ShipmentHistory(ctx, since)
		if err != nil {
			return scorecardMsg{req: req, err: fmt.Errorf("read shipment history: %w", err)}
		}
		d := &scorecardData{parcels: len(recs)}
		o := tracker.ScoreOptions{Now: now, Since: since, Rules: rules}
		for i, g := range scoreGroupings {
			o.By = g
			d.scores[i] = tracker.Scorecard(recs, o)
		}
		d.weekly = tracker.OnTimeByWeek(recs, o)
		return scorecardMsg{req: req, data: d}
	}
}

func (v *scorecardView) onLoaded(msg scorecardMsg) {
	if msg.req != v.req {
		return
	}
	v.req = 0
	v.err = said(v.c.tr, msg.err)
	if msg.err == nil {
		v.data = msg.data
	}
	v.scroll()
}

func (v *scorecardView) lines() []tracker.Score {
	if v.data == nil {
		return nil
	}
	return v.data.scores[v.by]
}

// Update handles the keys of the scorecard; esc is the app's.
func (v *scorecardView) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.keys
	switch {
	case key.Matches(msg, k.GroupBy):
		v.by = (v.by + 1) % len(scoreGroupings)
		v.top, v.sel = 0, 0
		v.scroll()
		return nil
	case key.Matches(msg, k.Window):
		v.win = (v.win + 1) % len(scoreWindows)
		v.top, v.sel = 0, 0
		return v.load()
	}
	v.navigate(msg, k, len(v.lines()), v.tableRows())
	return nil
}

// Layout inside the border: the table (header and rows), a blank line,
// then the charts: side by side from chartsSideBySide columns, else one
// over the other.
const chartsSideBySide = 100

func (v *scorecardView) innerH() int { return max(0, v.height-2) }

func (v *scorecardView) tableRows() int {
	return max(1, min(len(v.lines()), v.innerH()*2/5-1))
}

func (v *scorecardView) scroll() { v.clamp(len(v.lines()), v.tableRows()) }

// ShortHelp implements help.KeyMap.
func (v *scorecardView) ShortHelp() []key.Binding {
	k := v.c.keys
	return []key.Binding{enabledIf(moveHelp(k), len(v.lines()) > 0), k.GroupBy, k.Window, k.Back}
}

// FullHelp implements help.KeyMap.
func (v *scorecardView) FullHelp() [][]key.Binding {
	k := v.c.keys
	has := len(v.lines()) > 0
	return [][]key.Binding{
		{enabledIf(k.Up, has), enabledIf(k.Down, has), enabledIf(k.PageUp, has), enabledIf(k.PageDown, has),
			enabledIf(k.Top, has), enabledIf(k.Bottom, has)},
		{k.GroupBy, k.Window, k.Back},
	}
}

func scoreColumns(g tracker.Grouping, tr *i18n.Printer) []column {
	cols := titled(tr, []column{
		{title: "Carrier", min: 7, max: 14, prio: 0},
		{title: "Route", min: 6, max: 7, prio: 1},
		{title: "Method", min: 8, max: 30, prio: 6, grow: 2},
		{title: "Parcels", min: 7, max: 7, prio: 0, right: true},
		{title: "Deliv", min: 5, max: 5, prio: 5, right: true},
		{title: "OnTime", min: 6, max: 6, prio: 0, right: true},
		{title: "p50 d", min: 5, max: 5, prio: 0, right: true},
		{title: "p90 d", min: 5, max: 5, prio: 1, right: true},
		{title: "1st scan", min: 8, max: 8, prio: 4, right: true},
		{title: "Lost", min: 5, max: 5, prio: 2, right: true},
		{title: "Dmg", min: 5, max: 5, prio: 3, right: true},
		{title: "Refund", min: 6, max: 6, prio: 4, right: true},
		{title: "Reiss", min: 5, max: 5, prio: 4, right: true},
		{title: "Exceptions", min: 10, want: 30, prio: 3},
		{title: "Root causes", min: 11, max: 24, prio: 7, grow: 3},
		// Money of closed claims, per currency; wide screens only.
		{title: "Claimed", min: 12, max: 24, prio: 8},
		{title: "Recovered", min: 12, max: 24, prio: 8},
		{title: "Net loss", min: 10, max: 24, prio: 5},
	})
	// Columns the grouping does not split by stay hidden, after titled,
	// which would widen them to their heads.
	if g < tracker.ByRoute {
		cols[1].min, cols[1].max, cols[1].prio = 0, 0, 99
	}
	if g < tracker.ByRouteAndMethod {
		cols[2].min, cols[2].max, cols[2].prio = 0, 0, 99
	}
	return cols
}

// claimMoneyCells are a line's claimed, recovered and net loss from closed
// claims, "45.99 USD" per currency; "—" without any.
func claimMoneyCells(s tracker.Score) (claimed, recovered, net tcell) {
	if len(s.ClaimMoney) == 0 {
		return plain("—"), plain("—"), plain("—")
	}
	var c, r, n []string
	for _, m := range s.ClaimMoney {
		cur := Sanitize(m.Currency)
		c = append(c, m.Claimed.String()+" "+cur)
		r = append(r, m.Recovered.String()+" "+cur)
		n = append(n, m.NetLoss().String()+" "+cur)
	}
	return plain(strings.Join(c, ", ")), plain(strings.Join(r, ", ")), plain(strings.Join(n, ", "))
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return strconv.FormatFloat(100*v, 'f', 0, 64) + "%"
}

func pct1(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

func daysFig(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// topKinds is the line's most common exception kinds with their rates.
// English names a kind as tracker does (the scorecard's words before the
// catalog, byte for byte); other languages by the catalog's word.
func topKinds(s tracker.Score, tr *i18n.Printer) string {
	ks := s.KindsByCount()
	parts := make([]string, len(ks))
	for i, k := range ks {
		name := string(k)
		if tr.Lang() != i18n.En {
			name = kindWord(k, tr)
		}
		parts[i] = name + " " + pct1(s.Rate(s.Exceptions[k]))
	}
	return strings.Join(parts, " · ")
}

// causes is the line's root causes with their counts, named as topKinds
// names kinds.
func causes(s tracker.Score, tr *i18n.Printer) string {
	cs := make([]string, 0, len(s.RootCauses))
	for c, n := range s.RootCauses {
		name := string(c)
		if tr.Lang() != i18n.En {
			name = causeWord(c, tr)
		}
		cs = append(cs, name+" "+strconv.Itoa(n))
	}
	sort.Strings(cs)
	return strings.Join(cs, " · ")
}

func (v *scorecardView) title() (string, string) {
	tr := v.c.tr
	days := tr.T("all time")
	if d := scoreWindows[v.win]; d > 0 {
		days = tr.T("last %d days", d)
	}
	by := [...]string{tr.T("by carrier"), tr.T("by carrier and route"), tr.T("by carrier, route and method")}[v.by]
	info := days + " · " + by
	if v.data != nil {
		info += " · " + tr.T("%d parcels", v.data.parcels)
	}
	return tr.T("Carrier scorecard"), info
}

// View renders the scorecard as exactly height lines of width cells.
func (v *scorecardView) View() []string {
	st := v.c.styles
	iw, ih := max(0, v.width-2), v.innerH()
	body := make([]string, 0, ih)
	title, info := v.title()
	lines := v.lines()
	switch {
	case v.err != nil:
		body = append(body, st.Error.Render(cell(Sanitize(v.err.Error()), iw)))
	case v.data == nil:
		body = append(body, st.Empty.Render(v.c.tr.T("loading…")))
	case len(lines) == 0:
		body = append(body, st.Empty.Render(v.c.tr.T("No parcels shipped in this window.")))
	}
	if len(lines) == 0 {
		return st.pane(title, info, body, v.width, v.height, true)
	}

	t := newTable(scoreColumns(scoreGroupings[v.by], v.c.tr), iw)
	body = append(body, t.header(st.inkHeader))
	cells := make([]tcell, len(t.cols))
	end := min(len(lines), v.top+v.tableRows())
	for i := v.top; i < end; i++ {
		s := lines[i]
		cells[0] = plain(Sanitize(s.Carrier))
		cells[1] = plain(Sanitize(s.Route()))
		cells[2] = plain(Sanitize(s.Method))
		cells[3] = plain(strconv.Itoa(s.Shipments))
		cells[4] = plain(strconv.Itoa(s.Delivered))
		cells[5] = plain(pct(s.OnTimeRate()))
		cells[6] = plain(daysFig(s.TransitP50))
		cells[7] = plain(daysFig(s.TransitP90))
		cells[8] = plain(daysFig(s.FirstScanP50))
		cells[9] = plain(pct1(s.Rate(s.Lost)))
		cells[10] = plain(pct1(s.Rate(s.Damaged)))
		cells[11] = plain(strconv.Itoa(s.Refunds))
		cells[12] = plain(strconv.Itoa(s.Reissues))
		cells[13] = plain(Sanitize(topKinds(s, v.c.tr)))
		cells[14] = plain(Sanitize(causes(s, v.c.tr)))
		cells[15], cells[16], cells[17] = claimMoneyCells(s)
		body = append(body, t.row(cells, i == v.sel, st.inkSelected))
	}
	for len(body) < 1+v.tableRows() {
		body = append(body, "")
	}
	body = append(body, "")
	body = append(body, v.charts(lines[v.sel], iw, ih-len(body))...)
	return st.pane(title, info, body, v.width, v.height, true)
}

// charts draws the selected line's transit distribution and its carrier's
// weekly on-time share into w × h.
func (v *scorecardView) charts(s tracker.Score, w, h int) []string {
	if h < 3 || w < 10 {
		return nil
	}
	st := v.c.styles
	name := Sanitize(s.Carrier)
	if r := s.Route(); r != "" {
		name += " " + Sanitize(r)
	}
	if s.Method != "" {
		name += " " + Sanitize(s.Method)
	}
	tr := v.c.tr
	transitTitle := tr.T("Transit days, %s (p50 %s, p90 %s)", name, daysFig(s.TransitP50), daysFig(s.TransitP90))
	trendTitle := tr.T("On time by week, %s (full bar 100%%)", Sanitize(s.Carrier))
	weeks := v.data.weekly[s.Carrier]
	loc := v.c.now.Location()
	var out []string
	if w >= chartsSideBySide {
		lw := (w - 1) / 2
		rw := w - 1 - lw
		left := append([]string{st.PaneTitleOn.Render(cell(transitTitle, lw))}, transitChart(s.Transits, lw, h-1, tr)...)
		right := append([]string{st.PaneTitleOn.Render(cell(trendTitle, rw))}, onTimeChart(weeks, loc, rw, h-1, tr)...)
		for i := range h {
			out = append(out, left[i]+" "+right[i])
		}
		return out
	}
	top := h / 2
	out = append(out, st.PaneTitleOn.Render(cell(transitTitle, w)))
	out = append(out, transitChart(s.Transits, w, top-1, tr)...)
	out = append(out, st.PaneTitleOn.Render(cell(trendTitle, w)))
	out = append(out, onTimeChart(weeks, loc, w, h-top-1, tr)...)
	return out
}

// openScorecard covers the panes with the scorecard and reads history.
func (a *App) openScorecard() tea.Cmd {
	if a.c.history == nil {
		a.status.say(a.c.tr.T("no scorecard: this session reads no shipment history"), true)
		return nil
	}
	a.scorecard = newScorecard(a.c)
	a.scorecard.setSize(a.lay.alerts.w, a.lay.alerts.h)
	return a.scorecard.load()
}

func (a *App) onScorecardKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	switch {
	case key.Matches(msg, k.HardQuit):
		return a.quit()
	case key.Matches(msg, k.Back):
		a.scorecard = nil
		return nil
	}
	return a.scorecard.Update(msg)
}
