package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/orderfile"
	"waybill/ui/i18n"
)

// pasteSheet is the one confirmation screen of a pasted list: every line
// with what will become of it, the totals, and the order number the bare
// numbers go to. Enter writes the good lines in one write; esc writes
// nothing. Only the visible rows are drawn, so a paste of thousands scrolls
// as fast as one of ten.
type pasteSheet struct {
	c        *common
	lines    []pasteLine
	cut      int
	counts   [vCount]int
	bare     int // lines without an order number that would be written
	checkReq int // the check in flight
	writeReq int // the write in flight
	seq      int

	order   lineEdit // where the bare numbers go
	onOrder bool     // typing the order number
	force   bool     // write the invalid lines too, marked unverified

	top, sel int
	rows     int // visible rows at the last draw; paging uses it

	err  string
	done bool
	note string
	bad  bool
}

func newPasteSheet(c *common, text, bareOrder string) (*pasteSheet, tea.Cmd) {
	p := &pasteSheet{c: c, order: newLineEdit(bareOrder, maxPasteValue), rows: 10}
	p.seq++
	p.checkReq = p.seq
	return p, checkPaste(c.ctx, p.checkReq, text, c.svc)
}

func (p *pasteSheet) head() (string, string) {
	switch {
	case p.checkReq != 0:
		return p.c.tr.T("Add pasted parcels"), p.c.tr.T("checking…")
	case p.writeReq != 0:
		return p.c.tr.T("Add pasted parcels"), p.c.tr.T("writing…")
	}
	return p.c.tr.T("Add pasted parcels"), p.c.tr.T("%s lines", strconv.Itoa(len(p.lines)))
}

func (p *pasteSheet) closed() (string, bool, bool) { return p.note, p.bad, p.done }

func (p *pasteSheet) paste(text string) tea.Cmd {
	if p.onOrder {
		p.order.paste(strings.TrimSpace(text))
	}
	return nil
}

// recount totals the verdicts and the bare lines that would be written.
func (p *pasteSheet) recount() {
	p.counts = [vCount]int{}
	p.bare = 0
	for _, l := range p.lines {
		p.counts[l.Verdict]++
		if l.OrderNo == "" && l.Adds(p.force) {
			p.bare++
		}
	}
}

func (p *pasteSheet) toWrite() int {
	n := p.counts[vOK] + p.counts[vUntracked]
	if p.force {
		n += p.counts[vInvalid]
	}
	return n
}

func (p *pasteSheet) result(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case pasteCheckedMsg:
		if m.req != p.checkReq {
			return nil
		}
		p.checkReq = 0
		if m.err != nil {
			p.err = p.c.tr.T("check the pasted numbers: %s", errorText(p.c.tr, m.err))
			return nil
		}
		p.lines, p.cut = m.lines, m.cut
		p.recount()
		// The bare numbers need an order: ask for it first when empty.
		p.onOrder = p.bare > 0 && strings.TrimSpace(p.order.String()) == ""
	case writtenMsg:
		if m.req != p.writeReq {
			return nil
		}
		p.writeReq = 0
		if m.err != nil {
			p.err = p.c.tr.T("nothing added: %s", errorText(p.c.tr, m.err))
			return nil
		}
		// Counts as %s: the printer would group digits (1,000), and the
		// English line is what it always was.
		note := p.c.tr.T("added %s parcels to %s orders (%s new)", strconv.Itoa(m.ships), strconv.Itoa(m.orders), strconv.Itoa(m.newOrders))
		if skipped := len(p.lines) - m.ships; skipped > 0 {
			note += p.c.tr.T("; %s lines skipped", strconv.Itoa(skipped))
		}
		p.done, p.note = true, note
	}
	return nil
}

func (p *pasteSheet) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.keys
	switch {
	case p.writeReq != 0:
		return nil // the write is under way: its answer closes the sheet
	case key.Matches(msg, k.Close):
		p.done, p.note = true, p.c.tr.T("nothing added from the paste")
		return nil
	case p.checkReq != 0:
		return nil
	case key.Matches(msg, k.Confirm):
		return p.submit()
	case key.Matches(msg, k.NextPane, k.PrevPane): // the keys the help names
		p.onOrder = !p.onOrder
		return nil
	case p.onOrder && msg.String() == clearFieldKey:
		// ctrl+u is also page up: in the field it clears, as in every field.
		p.order.update(msg)
		return nil
	case key.Matches(msg, k.PageDown):
		p.move(p.rows)
		return nil
	case key.Matches(msg, k.PageUp):
		p.move(-p.rows)
		return nil
	case msg.String() == "down":
		p.move(1)
		return nil
	case msg.String() == "up":
		p.move(-1)
		return nil
	}
	if p.onOrder {
		if p.order.update(msg) {
			p.err = ""
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Down):
		p.move(1)
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Top):
		p.move(-len(p.lines))
	case key.Matches(msg, k.Bottom):
		p.move(len(p.lines))
	case key.Matches(msg, k.Force):
		p.force = !p.force
		p.err = ""
		p.recount()
	}
	return nil
}

// pasteHead is the most lines around the table: the order, the totals,
// two of error, the header, three of the selected line's detail.
const pasteHead = 8

func (p *pasteSheet) resize(_, h int) {
	p.rows = max(1, h-pasteHead)
	p.move(0)
}

// move moves the selection and keeps it in the rows that are surely shown.
func (p *pasteSheet) move(d int) {
	p.sel = clampInt(p.sel+d, 0, max(0, len(p.lines)-1))
	if p.sel < p.top {
		p.top = p.sel
	}
	if p.sel >= p.top+p.rows {
		p.top = p.sel - p.rows + 1
	}
	p.top = clampInt(p.top, 0, max(0, len(p.lines)-1))
}

func (p *pasteSheet) submit() tea.Cmd {
	if p.toWrite() == 0 {
		p.err = p.c.tr.T("nothing to add: no line has a good new number")
		if p.counts[vInvalid] > 0 && !p.force {
			p.err += p.c.tr.T(" (f adds the invalid ones, unverified)")
		}
		return nil
	}
	bare := strings.TrimSpace(p.order.String())
	if p.bare > 0 && bare == "" {
		p.err = p.c.tr.T("order no is empty: %s numbers have no order number beside them; type the order they belong to", strconv.Itoa(p.bare))
		p.onOrder = true
		return nil
	}
	orders := orderfile.PasteOrders(p.lines, bare, p.force, p.c.clock.Now())
	p.seq++
	p.writeReq = p.seq
	return p.c.writeOrders(p.writeReq, orders, "")
}

func pasteColumns(tr *i18n.Printer) []column {
	return titled(tr, []column{
		{title: "Line", min: 5, max: 6, prio: 3, right: true},
		{title: "Order", min: 8, max: 18, prio: 1, grow: 1},
		{title: "Tracking", min: 18, max: 22, prio: 0},
		{title: "Carrier", min: 8, max: 12, prio: 2, grow: 2},
		{title: "Verdict", min: 14, max: 0, want: 40, prio: 0},
	})
}

func (p *pasteSheet) body(w, h int) []string {
	st := p.c.styles
	var out []string
	label := cell(p.c.tr.T("Order no for numbers without one")+" ", 33)
	if p.onOrder {
		label = st.PaneTitleOn.Render(label)
	} else {
		label = st.Dim.Render(label)
	}
	out = append(out, label+p.order.view(max(1, min(30, w-34)), st, p.onOrder))
	if p.checkReq != 0 {
		return append(out, "", st.Busy.Render(p.c.tr.T("checking the pasted lines…")))
	}
	out = append(out, p.totals(w))
	if p.err != "" {
		for _, l := range wrapText(Sanitize(p.err), w, 2) {
			out = append(out, st.Error.Render(l))
		}
	}
	t := newTable(pasteColumns(p.c.tr), w)
	out = append(out, t.header(st.inkHeader))
	cells := make([]tcell, 5)
	bare := strings.TrimSpace(p.order.String())
	// The selected line in full below the table: verdicts run long.
	var detail []string
	if p.sel < len(p.lines) && h-len(out) > 4 {
		detail = append([]string{""}, wrapText(p.detail(p.lines[p.sel]), w, 2)...)
	}
	for i := p.top; i < len(p.lines) && len(out) < h-len(detail); i++ {
		l := p.lines[i]
		cells[0] = plain(strconv.Itoa(l.Line))
		switch {
		case l.OrderNo != "":
			cells[1] = plain(l.OrderNo)
		case bare != "":
			cells[1] = styled(Sanitize(bare), st.inkInfo)
		default:
			cells[1] = styled("?", st.severityInk(tracker.SeverityHigh))
		}
		cells[2] = plain(l.Tracking)
		cells[3] = plain(l.Carrier)
		cells[4] = p.verdictCell(l)
		out = append(out, t.row(cells, i == p.sel, st.inkSelected))
	}
	for len(out) < h-len(detail) {
		out = append(out, "")
	}
	for _, l := range detail {
		out = append(out, st.Dim.Render(l))
	}
	return out
}

// detail says everything about one line.
func (p *pasteSheet) detail(l pasteLine) string {
	tr := p.c.tr
	s := tr.T("line %s: %s", strconv.Itoa(l.Line), verdictWord(tr, l.Verdict))
	switch l.Verdict {
	case vOK, vUntracked:
		if l.Carrier != "" {
			s = tr.T("%s, %s", s, carrierLabel(l.Carrier)+" "+percent(l.Confidence))
		}
	case vStored:
		return s + tr.T(": the store has %s already; it is not added again", l.Tracking)
	}
	if l.Why != "" {
		s = tr.T("%s: %s", s, pasteWhy(tr, l))
	}
	return s
}

func (p *pasteSheet) verdictCell(l pasteLine) tcell {
	st, tr := p.c.styles, p.c.tr
	text := verdictWord(tr, l.Verdict)
	switch l.Verdict {
	case vOK:
		if l.Confidence > 0 {
			text += " " + percent(l.Confidence)
		}
		return styled(text, st.statusInk(tracker.StatusDelivered))
	case vUntracked:
		return styled(tr.T("%s: added, no carrier reports it", text), st.severityInk(tracker.SeverityMedium))
	case vInvalid:
		if p.force {
			text = tr.T("%s, added unverified", text)
		} else {
			text = tr.T("%s, skipped", text)
		}
		switch {
		case len(l.Suggestions) > 2:
			text += tr.T(": did you mean %s (+%s)?", strings.Join(l.Suggestions[:2], tr.T(", ")), strconv.Itoa(len(l.Suggestions)-2))
		case len(l.Suggestions) > 0:
			text += tr.T(": did you mean %s?", strings.Join(l.Suggestions, tr.T(" or ")))
		case l.Why != "":
			text = tr.T("%s: %s", text, pasteWhy(tr, l))
		}
		return styled(text, st.severityInk(tracker.SeverityCritical))
	case vBad:
		return styled(tr.T("%s: %s", text, pasteWhy(tr, l)), st.severityInk(tracker.SeverityCritical))
	case vDuplicate:
		return styled(tr.T("%s, skipped: %s", text, pasteWhy(tr, l)), st.inkInfo)
	}
	return styled(tr.T("%s, skipped", text), st.inkInfo)
}

// totals is the one line that sums the paste up.
func (p *pasteSheet) totals(w int) string {
	c, tr := p.counts, p.c.tr
	parts := []string{tr.T("%s %s", strconv.Itoa(c[vOK]), verdictWord(tr, vOK))}
	for _, v := range []verdict{vUntracked, vInvalid, vDuplicate, vStored, vBad} {
		if c[v] > 0 {
			parts = append(parts, tr.T("%s %s", strconv.Itoa(c[v]), verdictWord(tr, v)))
		}
	}
	s := tr.T("%s lines: %s → %s to add", strconv.Itoa(len(p.lines)), strings.Join(parts, " · "), strconv.Itoa(p.toWrite()))
	if c[vInvalid] > 0 && !p.force {
		s += tr.T(" (invalid skipped; f adds them unverified)")
	}
	if p.cut > 0 {
		s += tr.T("; %s more lines left out (over %s)", strconv.Itoa(p.cut), strconv.Itoa(orderfile.MaxPasteLines))
	}
	return cell(s, w)
}

func (p *pasteSheet) ShortHelp() []key.Binding {
	k := p.c.keys
	tab := withHelp(k.NextPane, "list")
	if !p.onOrder {
		tab = withHelp(k.NextPane, "order no")
	}
	return []key.Binding{withHelp(k.Confirm, p.c.tr.T("add %s", strconv.Itoa(p.toWrite()))), tab,
		enabledIf(withHelp(k.Force, "add invalid too"), !p.onOrder && p.counts[vInvalid] > 0),
		enabledIf(k.ClearField, p.onOrder), withHelp(k.Close, "cancel")}
}

func (p *pasteSheet) FullHelp() [][]key.Binding {
	k := p.c.keys
	return [][]key.Binding{
		{moveHelp(k), k.PageUp, k.PageDown, enabledIf(k.Top, !p.onOrder), enabledIf(k.Bottom, !p.onOrder)},
		append(p.ShortHelp(), withHelp(k.PrevPane, "list / order no")),
		{k.HardQuit},
	}
}

// verdictWord is a paste line's verdict in the printer's language (by id:
// "ok" and "invalid" are words other views may want otherwise).
func verdictWord(tr *i18n.Printer, v verdict) string {
	return tr.WordOr("verdict:"+v.String(), v.String())
}
