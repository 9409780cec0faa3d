package ui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// The order view's extend key (KeyMap.Extend): a prompt asks how many days
// more of the buyer's protection, offering [deadlines] extend_days, and
// the service's ExtendProtection (the one `waybill extend` calls) runs in
// a tea.Cmd. Its answer, granted or refused in words, shows on the status
// line, and the order view reads the order again.

// extendOpts are Options.ExtendDays and ExtendBefore.
type extendOpts struct {
	days   int
	before time.Duration
}

// defaultExtendBefore is [deadlines] extend_before's default.
const defaultExtendBefore = 5 * 24 * time.Hour

// extendBefore is how close to the parcel's ETA p90 a protection end
// must be for the screens to propose extending.
func (o extendOpts) extendBefore() time.Duration {
	if o.before == 0 {
		return defaultExtendBefore
	}
	return o.before
}

// extendPrompt asks for the days of an extension of one order.
type extendPrompt struct {
	c       *common
	orderNo string
	days    lineEdit
	err     string
	onDays  func(days int) tea.Cmd
}

// extendDaysLimit bounds the typed days (365: three digits).
const extendDaysLimit = 3

func newExtendPrompt(c *common, orderNo string, onDays func(int) tea.Cmd) *extendPrompt {
	d := c.ext.days
	if d == 0 {
		d = tracker.DefaultExtendDays
	}
	return &extendPrompt{c: c, orderNo: orderNo, days: newLineEdit(strconv.Itoa(d), extendDaysLimit), onDays: onDays}
}

func (p *extendPrompt) title() string { return p.c.tr.T("Extend protection of %s", p.orderNo) }

func (p *extendPrompt) paste(text string) { p.days.paste(strings.TrimSpace(text)) }

func (p *extendPrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.Confirm):
		s := strings.TrimSpace(p.days.String())
		n, err := strconv.Atoi(s)
		if err != nil {
			p.err = p.c.tr.T("days %q: want a whole number of days", s)
			return false, nil
		}
		if err := tracker.CheckExtendDays(n); err != nil {
			p.err = errorText(p.c.tr, err)
			return false, nil
		}
		return true, p.onDays(n)
	}
	if p.days.update(msg) {
		p.err = ""
	}
	return false, nil
}

func (p *extendPrompt) body(w int) []string {
	st := p.c.styles
	label, lw := promptLabel(p.c.tr, "Days")
	out := []string{label + p.days.view(max(1, w-lw), st, true),
		st.Dim.Render(cell(p.c.tr.T("asks the marketplace; refused while a dispute is open"), w))}
	if p.err != "" {
		out = append(out, st.Error.Render(cell(Sanitize(p.err), w)))
	}
	return out
}

func (p *extendPrompt) ShortHelp() []key.Binding { return promptKeys(p.c.keys) }

func (p *extendPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// extendedMsg is the service's answer to an extension.
type extendedMsg struct {
	seq     int
	orderID int64
	res     tracker.ExtendResult
	err     error
}

// canExtend reports whether the order view may offer the extend key: a
// marketplace's order, in a session that may change things.
func (v *orderView) canExtend() bool {
	return v.loaded && v.order.Marketplace != "" && !v.c.readOnly && v.c.svc != nil
}

// openExtend opens the prompt for the shown order.
func (a *App) openExtend() tea.Cmd {
	v := a.orderView
	if why := a.mayChange("extend protection"); why != "" {
		a.status.say(why, true)
		return nil
	}
	if v.order.Marketplace == "" {
		a.status.say(a.c.tr.T("not a marketplace's order: there is no protection to extend"), true)
		return nil
	}
	return a.promptExtend(v.order.OrderNo, v.storedNo, v.orderID)
}

// promptExtend asks for the days and extends order orderNo (as stored;
// shown is it sanitized): the one prompt and call of the order view's and
// the queue's extend key.
func (a *App) promptExtend(shown, orderNo string, orderID int64) tea.Cmd {
	return a.openPrompt(newExtendPrompt(a.c, shown, func(days int) tea.Cmd {
		a.extendSeq++
		seq := a.extendSeq
		ctx, svc, actor := a.c.ctx, a.c.svc, a.c.actor
		a.status.say(a.c.tr.T("asking the marketplace for %s more days…", strconv.Itoa(days)), false)
		return func() tea.Msg {
			res, err := svc.ExtendProtection(ctx, actor, orderNo, days)
			return extendedMsg{seq: seq, orderID: orderID, res: res, err: err}
		}
	}))
}

// onExtended says the answer and reads the order again when it is shown,
// and the queue (the deadline moved: its proposal may be gone). An answer
// to an older request than the last one is dropped.
func (a *App) onExtended(msg extendedMsg) tea.Cmd {
	if msg.seq != a.extendSeq {
		return nil
	}
	switch {
	case msg.err != nil:
		a.status.say(a.c.tr.T("extend: %s", errorText(a.c.tr, msg.err)), true)
	default:
		a.status.say(tracker.ExtendSummary(msg.res), !msg.res.Extended)
	}
	reload := a.exceptions.load()
	if v := a.orderView; v != nil && v.orderID == msg.orderID {
		return tea.Batch(v.load(), reload)
	}
	return reload
}
