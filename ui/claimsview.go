package ui

import (
	"fmt"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// claimsView is the claims ledger over the panes ($): every claim with
// its state, amounts, party, reference and age, newest first; f cycles a
// filter by state. The claims are read through the service in a Cmd,
// tagged so that an older read never overwrites a newer one; changing a
// claim is `waybill claim set`, the one implementation both would call.
type claimsView struct {
	c             *common
	width, height int
	filter        int // index into claimFilters
	rows          []tracker.ClaimRow
	loaded        bool
	err           error
	cursor

	seq, req int
}

// claimFilters are the states f cycles through; "" is every claim.
var claimFilters = append([]tracker.ClaimState{""}, tracker.ClaimStates...)

// claimsListLimit bounds one read: a ledger longer than this is a matter
// for `waybill claims --json`, and the screen never reads a whole store.
const claimsListLimit = 500

// claimsMsg answers a read of the claims.
type claimsMsg struct {
	req  int
	rows []tracker.ClaimRow
	err  error
}

func newClaimsView(c *common) *claimsView { return &claimsView{c: c} }

func (v *claimsView) setSize(w, h int) {
	v.width, v.height = w, h
	v.clamp(len(v.rows), v.tableRows())
}

// load reads the claims of the filter.
func (v *claimsView) load() tea.Cmd {
	v.seq++
	req := v.seq
	v.req = req
	ctx, svc, q := v.c.ctx, v.c.svc, tracker.ClaimQuery{State: claimFilters[v.filter], Limit: claimsListLimit}
	return func() tea.Msg {
		rows, err := svc.Claims(ctx, q)
		if err != nil {
			return claimsMsg{req: req, err: fmt.Errorf("read the claims: %w", err)}
		}
		return claimsMsg{req: req, rows: rows}
	}
}

func (v *claimsView) onLoaded(msg claimsMsg) {
	if msg.req != v.req {
		return // an older read, overtaken by a newer one
	}
	v.req = 0
	v.loaded = true
	v.err = said(v.c.tr, msg.err)
	if msg.err == nil {
		v.rows = msg.rows
	}
	v.clamp(len(v.rows), v.tableRows())
}

// Update handles the keys of the claims list; esc is the app's.
func (v *claimsView) Update(msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.keys
	if key.Matches(msg, k.Filter) {
		v.filter = (v.filter + 1) % len(claimFilters)
		v.top, v.sel = 0, 0
		return v.load()
	}
	v.navigate(msg, k, len(v.rows), v.tableRows())
	return nil
}

// selected is the claim under the cursor.
func (v *claimsView) selected() (tracker.ClaimRow, bool) {
	if v.sel < 0 || v.sel >= len(v.rows) {
		return tracker.ClaimRow{}, false
	}
	return v.rows[v.sel], true
}

func (v *claimsView) tableRows() int { return max(1, v.height-3) }

// ShortHelp implements help.KeyMap.
func (v *claimsView) ShortHelp() []key.Binding {
	k := v.c.keys
	return []key.Binding{enabledIf(moveHelp(k), len(v.rows) > 0), enabledIf(withHelp(k.Open, "case"), len(v.rows) > 0),
		withHelp(k.Filter, "state"), k.Back}
}

// FullHelp implements help.KeyMap.
func (v *claimsView) FullHelp() [][]key.Binding {
	k := v.c.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{enabledIf(withHelp(k.Open, "open the claim's case"), len(v.rows) > 0), withHelp(k.Filter, "filter by state"), k.Back},
	}
}

func claimColumns(tr *i18n.Printer) []column {
	return titled(tr, []column{
		{title: "#", min: 3, max: 6, prio: 0, right: true},
		{title: "State", min: 9, max: 9, prio: 0},
		{title: "Claimed", min: 12, max: 14, prio: 0, right: true},
		{title: "Recovered", min: 9, max: 10, prio: 1, right: true},
		{title: "Party", min: 8, want: 20, prio: 1},
		{title: "Reference", min: 9, want: 18, prio: 2},
		{title: "Age", min: 4, max: 5, prio: 0, right: true},
		{title: "Order", min: 8, want: 16, prio: 3, grow: 1},
	})
}

// claimAge is a claim's age in whole days, as the list shows it.
func claimAge(r tracker.ClaimRow, now time.Time, tr *i18n.Printer) string {
	return tr.T("%dd", int(r.Age(now)/(24*time.Hour)))
}

func (v *claimsView) title() (string, string) {
	tr := v.c.tr
	info := tr.T("all states")
	if f := claimFilters[v.filter]; f != "" {
		info = claimStateWord(f, tr)
	}
	if v.loaded {
		info += " · " + tr.T("%d claims", len(v.rows))
	}
	return tr.T("Claims"), info
}

// View renders the list as exactly height lines of width cells.
func (v *claimsView) View() []string {
	st := v.c.styles
	iw := max(0, v.width-2)
	title, info := v.title()
	var body []string
	switch {
	case v.err != nil:
		body = append(body, st.Error.Render(cell(Sanitize(v.err.Error()), iw)))
	case !v.loaded:
		body = append(body, st.Empty.Render(v.c.tr.T("loading…")))
	case len(v.rows) == 0:
		body = append(body, st.Empty.Render(cell(v.c.tr.T("No claims. Add one with: waybill claim add CASE --party … --amount … --currency …"), iw)))
	}
	if len(v.rows) == 0 {
		return st.pane(title, info, body, v.width, v.height, true)
	}
	t := newTable(claimColumns(v.c.tr), iw)
	body = append(body, t.header(st.inkHeader))
	cells := make([]tcell, len(t.cols))
	end := min(len(v.rows), v.top+v.tableRows())
	for i := v.top; i < end; i++ {
		r := v.rows[i]
		party := Sanitize(r.Party)
		if r.PartyKind == tracker.PartyInsurer {
			party += v.c.tr.T(" (insurer)")
		}
		ref := Sanitize(r.Reference)
		if ref == "" {
			ref = "—"
		}
		cells[0] = plain(strconv.FormatInt(r.ID, 10))
		cells[1] = plain(claimStateWord(r.State, v.c.tr))
		cells[2] = plain(r.Claimed.String() + " " + Sanitize(r.Currency))
		cells[3] = plain(r.Recovered.String())
		cells[4] = plain(party)
		cells[5] = plain(ref)
		cells[6] = plain(claimAge(r, v.c.now, v.c.tr))
		cells[7] = plain(Sanitize(r.OrderNo))
		body = append(body, t.row(cells, i == v.sel, st.inkSelected))
	}
	return st.pane(title, info, body, v.width, v.height, true)
}

// openClaims covers the panes with the claims list and reads it.
func (a *App) openClaims() tea.Cmd {
	if !a.c.hasCases() {
		a.status.say(a.c.tr.T("no claims: this session has no service to read them through"), true)
		return nil
	}
	a.claims = newClaimsView(a.c)
	a.claims.setSize(a.lay.alerts.w, a.lay.alerts.h)
	return a.claims.load()
}

func (a *App) onClaimsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	switch {
	case key.Matches(msg, k.HardQuit):
		return a.quit()
	case key.Matches(msg, k.Back):
		a.claims = nil
		return nil
	case key.Matches(msg, k.Open):
		// The claim's case: its evidence, its log, its bundle (B).
		if r, ok := a.claims.selected(); ok {
			return a.showCase(r.CaseID)
		}
		return nil
	}
	return a.claims.Update(msg)
}
