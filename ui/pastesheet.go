package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/orderfile"
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
		return "Add pasted parcels", "checking…"
	case p.writeReq != 0:
		return "Add pasted parcels", "writing…"
	}
	return "Add pasted parcels", strconv.Itoa(len(p.lines)) + " lines"
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
			p.err = "check the pasted numbers: " + m.err.Error()
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
			p.err = "nothing added: " + m.err.Error()
			return nil
		}
		note := fmt.Sprintf("added %d parcels to %d orders (%d new)", m.ships, m.orders, m.newOrders)
		if skipped := len(p.lines) - m.ships; skipped > 0 {
			note += fmt.Sprintf("; %d lines skipped", skipped)
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
		p.done, p.note = true, "nothing added from the paste"
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
		p.err = "nothing to add: no line has a good new number"
		if p.counts[vInvalid] > 0 && !p.force {
			p.err += " (f adds the invalid ones, unverified)"
		}
		return nil
	}
	bare := strings.TrimSpace(p.order.String())
	if p.bare > 0 && bare == "" {
		p.err = fmt.Sprintf("order no is empty: %d numbers have no order number beside them; type the order they belong to", p.bare)
		p.onOrder = true
		return nil
	}
	orders := orderfile.PasteOrders(p.lines, bare, p.force, p.c.clock.Now())
	p.seq++
	p.writeReq = p.seq
	return p.c.writeOrders(p.writeReq, orders, "")
}

func pasteColumns() []column {
	return []column{
		{title: "Line", min: 5, max: 6, prio: 3, right: true},
		{title: "Order", min: 8, max: 18, prio: 1, grow: 1},
		{title: "Tracking", min: 18, max: 22, prio: 0},
		{title: "Carrier", min: 8, max: 12, prio: 2, grow: 2},
		{title: "Verdict", min: 14, max: 0, want: 40, prio: 0},
	}
}

func (p *pasteSheet) body(w, h int) []string {
	st := p.c.styles
	var out []string
	label := cell("Order no for numbers without one ", 33)
	if p.onOrder {
		label = st.PaneTitleOn.Render(label)
	} else {
		label = st.Dim.Render(label)
	}
	out = append(out, label+p.order.view(max(1, min(30, w-34)), st, p.onOrder))
	if p.checkReq != 0 {
		return append(out, "", st.Busy.Render("checking the pasted lines…"))
	}
	out = append(out, p.totals(w))
	if p.err != "" {
		for _, l := range wrapText(Sanitize(p.err), w, 2) {
			out = append(out, st.Error.Render(l))
		}
	}
	t := newTable(pasteColumns(), w)
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
	s := "line " + strconv.Itoa(l.Line) + ": " + l.Verdict.String()
	switch l.Verdict {
	case vOK, vUntracked:
		if l.Carrier != "" {
			s += ", " + carrierLabel(l.Carrier) + " " + percent(l.Confidence)
		}
	case vStored:
		return s + ": the store has " + l.Tracking + " already; it is not added again"
	}
	if l.Why != "" {
		s += ": " + l.Why
	}
	return s
}

func (p *pasteSheet) verdictCell(l pasteLine) tcell {
	st := p.c.styles
	text := l.Verdict.String()
	switch l.Verdict {
	case vOK:
		if l.Confidence > 0 {
			text += " " + percent(l.Confidence)
		}
		return styled(text, st.statusInk(tracker.StatusDelivered))
	case vUntracked:
		return styled(text+": added, no carrier reports it", st.severityInk(tracker.SeverityMedium))
	case vInvalid:
		if p.force {
			text += ", added unverified"
		} else {
			text += ", skipped"
		}
		switch {
		case len(l.Suggestions) > 2:
			text += ": did you mean " + strings.Join(l.Suggestions[:2], ", ") + " (+" + strconv.Itoa(len(l.Suggestions)-2) + ")?"
		case len(l.Suggestions) > 0:
			text += ": did you mean " + strings.Join(l.Suggestions, " or ") + "?"
		case l.Why != "":
			text += ": " + l.Why
		}
		return styled(text, st.severityInk(tracker.SeverityCritical))
	case vBad:
		return styled(text+": "+l.Why, st.severityInk(tracker.SeverityCritical))
	case vDuplicate:
		return styled(text+", skipped: "+l.Why, st.inkInfo)
	}
	return styled(text+", skipped", st.inkInfo)
}

// totals is the one line that sums the paste up.
func (p *pasteSheet) totals(w int) string {
	c := p.counts
	parts := []string{strconv.Itoa(c[vOK]) + " ok"}
	for _, v := range []verdict{vUntracked, vInvalid, vDuplicate, vStored, vBad} {
		if c[v] > 0 {
			parts = append(parts, strconv.Itoa(c[v])+" "+v.String())
		}
	}
	s := strconv.Itoa(len(p.lines)) + " lines: " + strings.Join(parts, " · ") + " → " + strconv.Itoa(p.toWrite()) + " to add"
	if c[vInvalid] > 0 && !p.force {
		s += " (invalid skipped; f adds them unverified)"
	}
	if p.cut > 0 {
		s += "; " + strconv.Itoa(p.cut) + " more lines left out (over " + strconv.Itoa(orderfile.MaxPasteLines) + ")"
	}
	return cell(s, w)
}

func (p *pasteSheet) ShortHelp() []key.Binding {
	k := p.c.keys
	tab := withHelp(k.NextPane, "list")
	if !p.onOrder {
		tab = withHelp(k.NextPane, "order no")
	}
	return []key.Binding{withHelp(k.Confirm, "add "+strconv.Itoa(p.toWrite())), tab,
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
