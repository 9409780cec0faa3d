package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// orderLabelW is the width of a field's label in the order view.
const orderLabelW = 12

// orderLines are the order view's lines, all of them (the view scrolls over
// them), and where each parcel's lines start and end.
type orderLines struct {
	lines  []string
	parcel [][2]int
}

func (b *orderLines) add(l ...string) { b.lines = append(b.lines, l...) }

// lineCount is how many lines the order takes at the view's width.
func (v *orderView) lineCount() int {
	if !v.loaded {
		return 0
	}
	return len(v.build(v.inner(), false).lines)
}

// parcelLines is the range of parcel i's lines.
func (v *orderView) parcelLines(i int) (from, to int) {
	if !v.loaded {
		return 0, 0
	}
	b := v.build(v.inner(), false)
	if i < 0 || i >= len(b.parcel) {
		return 0, 0
	}
	return b.parcel[i][0], b.parcel[i][1]
}

// inner is the width of a line: the border's inside less a margin.
func (v *orderView) inner() int { return max(1, v.width-4) }

// View renders the order as exactly height lines of width cells. links
// sets each parcel's tracking page as an OSC 8 hyperlink: the terminal
// makes it clickable, and shows its text where it cannot.
func (v *orderView) View(links bool) []string {
	st, tr := v.c.styles, v.c.tr
	w, h := v.width, v.height
	if !v.loaded {
		body := []string{st.Empty.Render(tr.T("loading the order…"))}
		if v.err != nil {
			body = []string{st.Error.Render(Sanitize(v.err.Error())), st.Dim.Render(tr.T("esc: back to the panes"))}
		}
		return st.pane(tr.T("Order"), "", body, w, h, true)
	}
	b := v.build(v.inner(), links)
	rows := v.rows()
	top := clampInt(v.top, 0, max(0, len(b.lines)-rows))
	body := make([]string, 0, rows)
	for _, l := range b.lines[top:min(len(b.lines), top+rows)] {
		body = append(body, " "+l)
	}
	info := v.orderInfo()
	if len(b.lines) > rows {
		// Where the window is, so a person knows there is more.
		info += " · " + strconv.Itoa(top+1) + "–" + strconv.Itoa(top+len(body)) + "/" + strconv.Itoa(len(b.lines))
	}
	if v.err != nil {
		// A failed re-read leaves the order as last read, and says so.
		body = append([]string{st.Error.Render(cell(Sanitize(v.err.Error()), v.inner()))}, body[:max(0, len(body)-1)]...)
	}
	return st.pane(tr.T("Order %s", v.order.OrderNo), info, body, w, h, true)
}

// orderInfo is the order's marketplace status and marketplace.
func (v *orderView) orderInfo() string {
	var parts []string
	if s := v.order.Status; s != "" {
		parts = append(parts, orderStatusWord(s, v.c.tr))
	}
	if m := v.order.Marketplace; m != "" {
		parts = append(parts, m)
	}
	return strings.Join(parts, " · ")
}

// build lays the order out at width w.
func (v *orderView) build(w int, links bool) orderLines {
	st, tr := v.c.styles, v.c.tr
	o := v.order
	loc := v.c.now.Location()
	b := &orderLines{}
	none := st.Dim.Render("—")
	field := func(label, value string) {
		if value == "" {
			value = none
		}
		b.add(cell(st.Dim.Render(cell(tr.Word(label), orderLabelW))+value, w))
	}
	// wrapped is a long value on as many lines as it takes, up to n.
	wrapped := func(label, value string, n int) {
		if value == "" {
			field(label, "")
			return
		}
		for i, l := range wrapText(value, max(1, w-orderLabelW), n) {
			if i > 0 {
				label = ""
			}
			field(label, l)
		}
	}
	money := func(m tracker.Money) string {
		if m == 0 {
			return ""
		}
		s := m.String()
		if o.Currency != "" {
			s += " " + o.Currency
		}
		return s
	}

	field("Buyer", o.Buyer)
	field("Email", o.Email)
	field("Phone", o.Phone)
	wrapped("Address", o.Address, 6)
	country := o.Country
	if n := countryNameIn(o.Country, tr); n != "" {
		country += " · " + n
	}
	field("Country", country)
	var ordered []string
	if !o.OrderedAt.IsZero() {
		ordered = append(ordered, o.OrderedAt.In(loc).Format("2006-01-02"))
	}
	if !o.PromisedAt.IsZero() {
		ordered = append(ordered, tr.T("promised %s", o.PromisedAt.In(loc).Format("2006-01-02")))
	}
	if o.ShippingMethod != "" {
		ordered = append(ordered, o.ShippingMethod)
	}
	field("Ordered", strings.Join(ordered, st.Dim.Render(" · ")))
	wrapped("Product", o.Product, 3)
	field("Amount", money(o.Amount))
	field("HS code", o.HSCode)
	field("Declared", money(o.DeclaredValue))
	insured := ""
	if o.Insured != nil {
		insured = tr.T("no")
		if *o.Insured {
			insured = tr.T("yes")
		}
	}
	field("Insured", insured)
	wrapped("Packaging", o.Packaging, 3)
	if o.MarketStatus != "" {
		// The marketplace's own word for the order (sanitized on load):
		// what its page says, beside waybill's status in the title.
		field("Market", o.MarketStatus)
	}
	if p := v.protectionLine(); p != "" {
		field("Protection", p)
	}
	if len(o.Checks) == 0 {
		field("Warnings", st.OK.Render(tr.T("none")))
	}
	warn := st.SeverityStyle(tracker.SeverityMedium)
	for i, c := range v.checks {
		label := ""
		if i == 0 {
			label = "Warnings"
		}
		// Every warning whole: they are what to fix before the parcel goes.
		for j, l := range wrapText("⚠ "+c, max(1, w-orderLabelW), 4) {
			if j > 0 {
				label = ""
			}
			field(label, warn.Render(l))
		}
	}

	b.add("", v.rule(tr.T("Parcels · %d", len(v.parcels)), w))
	if len(v.parcels) == 0 {
		b.add(st.Empty.Render(tr.T("no parcel on this order")))
	}
	for i, p := range v.parcels {
		from := len(b.lines)
		v.parcelBlock(b, p, i == v.sel, w, links)
		b.parcel = append(b.parcel, [2]int{from, len(b.lines)})
	}

	b.add("", v.rule(tr.T("Cases · %d", len(v.cases)), w))
	switch {
	case v.casesErr != nil:
		b.add(st.Error.Render(cell(Sanitize(v.casesErr.Error()), w)))
	case !v.c.hasCases():
		b.add(st.Dim.Render(tr.T("no case store in this session")))
	case len(v.cases) == 0:
		b.add(st.Dim.Render(tr.T("no complaint case on this order")))
	}
	for _, r := range v.cases {
		b.add(v.caseLine(r, w))
	}
	return *b
}

// rule is "─ title ─────" across the width.
func (v *orderView) rule(title string, w int) string {
	t := "─ " + title + " "
	return v.c.styles.Dim.Render(cell(t+strings.Repeat("─", max(0, w-widthOf(t))), w))
}

// parcelBlock is one parcel: number, carrier, status and ETA; when it
// shipped and the newest news; its open exceptions; its tracking link.
func (v *orderView) parcelBlock(b *orderLines, p orderParcel, selected bool, w int, links bool) {
	st, tr := v.c.styles, v.c.tr
	loc := v.c.now.Location()
	day := func(t time.Time) string { return dayIn(t, loc, tr) }
	no := p.TrackingNo
	if no == "" {
		no = tr.T("no tracking number")
	}
	mark := "  "
	if selected {
		mark = st.PaneTitleOn.Render("› ")
		no = st.Selected.Render(no)
	}
	carrier := tr.T("carrier unknown")
	if p.Carrier != "" {
		carrier = carrierLabel(p.Carrier)
	}
	status := st.Dim.Render(tr.T("unknown"))
	if p.Status != "" {
		status = st.StatusStyle(p.Status).Render(statusLabel(p.Status, tr))
	}
	head := mark + no + "  " + carrier + st.Dim.Render(" · ") + status
	if p.Unverified {
		head += st.TooSmall.Render(tr.T(" · unverified"))
	}
	var when string
	switch {
	case p.Status == tracker.StatusDelivered && !p.DeliveredAt.IsZero():
		when = st.Dim.Render(tr.T("delivered %s", day(p.DeliveredAt)))
	case p.eta != nil:
		when = etaText(*p.eta, loc, tr)
	case !p.ETA.IsZero():
		when = tr.T("ETA %s", day(p.ETA)) + st.Dim.Render(tr.T(" · carrier's estimate"))
	case !p.Status.Final():
		when = st.Dim.Render(tr.T("no ETA yet"))
	}
	const indent = "    "
	switch {
	case when == "":
		b.add(cell(head, w))
	case widthOf(head)+3+widthOf(when) <= w:
		b.add(cell(head+st.Dim.Render(" · ")+when, w))
	default: // a long number: the ETA on a line of its own, not cut
		b.add(cell(head, w), cell(indent+when, w))
	}

	if !p.LastMile.IsZero() {
		b.add(cell(indent+lastMileText(p.LastMile, tr), w))
	}
	if p.checkErr != "" {
		// Why nothing moves: no service for the carrier, a refused key.
		for _, l := range wrapText(tr.T("last check failed: %s", p.checkErr), max(1, w-len(indent)), 2) {
			b.add(cell(indent+st.Error.Render(l), w))
		}
	}

	var news string
	if !p.ShippedAt.IsZero() {
		news = tr.T("shipped %s · ", day(p.ShippedAt))
	}
	if p.hasLast {
		e := p.last
		at := dayIn(e.Time, loc, tr) + " " + e.Time.In(loc).Format("15:04")
		if tr.Lang() != i18n.En && v.c.now.Sub(e.Time) < time.Minute {
			// Not "刚刚前": English keeps its "now ago" as before.
			news += tr.T("last news now: %s", at)
		} else {
			news += tr.T("last news %s ago: %s", sinceIn(v.c.now, e.Time, tr), at)
		}
		if e.Location != "" {
			news += " " + e.Location
		}
		desc := e.Description
		if desc == "" {
			desc = e.RawStatus
		}
		if desc != "" {
			news += " · " + desc
		}
	} else {
		news += tr.T("no news from the carrier yet")
	}
	// Two lines at most: the timeline (tab) and enter on an event have
	// the rest.
	for _, l := range wrapText(news, max(1, w-len(indent)), 2) {
		b.add(cell(indent+st.Dim.Render(l), w))
	}

	if len(p.exceptions) == 0 {
		b.add(cell(indent+st.Dim.Render(tr.T("no open exception")), w))
	} else {
		parts := make([]string, len(p.exceptions))
		for i, k := range p.exceptions {
			parts[i] = st.SeverityStyle(tracker.SeverityOf(k)).Render(kindWord(k, tr))
		}
		b.add(cell(indent+tr.T("open: %s", strings.Join(parts, st.Dim.Render(" · "))), w))
	}
	// The link whole, on as many lines as it takes (it is ASCII: the
	// number in it is query-escaped), each line a link to all of it, so
	// a terminal without OSC 8 still shows every character to copy.
	for _, l := range chunks(p.url, max(1, w-len(indent))) {
		b.add(indent + hyperlink(p.url, l, links, st.Busy.Render))
	}
}

// chunks cuts an ASCII string into pieces of at most n bytes.
func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// caseLine is one complaint case of the order.
func (v *orderView) caseLine(r tracker.CaseRow, w int) string {
	st, tr := v.c.styles, v.c.tr
	loc := v.c.now.Location()
	s := "#" + strconv.FormatInt(r.ID, 10) + " " + r.TrackingNo + " " + kindWord(r.Kind, tr) + st.Dim.Render(" · ")
	switch {
	case r.State == tracker.CaseClosed:
		s += st.Dim.Render(tr.T("closed"))
		if !r.ClosedAt.IsZero() {
			s += st.Dim.Render(" " + r.ClosedAt.In(loc).Format("2006-01-02"))
		}
		if r.Resolution != "" {
			s += st.Dim.Render(" · " + r.Resolution)
		}
	default:
		s += caseStepLabel(r.Step, tr)
		switch {
		case r.FollowUpDue(v.c.now):
			s += st.Dim.Render(" · ") + st.Error.Render(tr.T("follow-up due"))
		case !r.FollowUpAt.IsZero():
			s += st.Dim.Render(" · " + tr.T("follow-up %s", weekdayDayIn(r.FollowUpAt, loc, tr)))
		}
	}
	if r.OpenedBy != "" {
		s += st.Dim.Render(" · " + tr.T("by %s", r.OpenedBy))
	}
	return cell("  "+s, w)
}

// hyperlink is text as an OSC 8 link to url (when on is set) in the style
// paint; text must already fit its cell, so nothing cuts the link open.
func hyperlink(url, text string, on bool, paint func(...string) string) string {
	text = paint(text)
	if !on {
		return text
	}
	return ansi.SetHyperlink(url) + text + ansi.ResetHyperlink()
}
