package evidence

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"waybill/tracker"
)

// The summary is laid out for a person at a marketplace's dispute desk or
// a carrier's claims desk: what was sent, where it went, what the carrier
// said and when, what the seller did, and the files that prove it. A4,
// one font (the CJK one: carriers' text is often Chinese), headings as
// shaded bands, tables with their header row again on each page.

const (
	pageW, pageH = 210.0, 297.0
	margin       = 12.0
	contentW     = pageW - 2*margin
	bottom       = pageH - 14 // the footer lives below
	bodySize     = 7.5
	lineH        = 3.3 // mm per line of body text
	maxCellLines = 30  // a cell longer than this is cut, and says so
)

type doc struct {
	f *fpdf.Fpdf
	// latin is the family Latin text is set in ("helvetica": the PDF's
	// own, through tr), cjk the family of everything from U+2E80 up.
	latin, cjk string
	tr         func(string) string
	size       float64 // the text size now, in points
	font       string  // the family set now
	// header redraws the current table's header row on a new page.
	header func()
}

// summaryPDF writes the summary of b, listing files, set in font (the
// CJK TTF's bytes) and latin (a Latin TTF's; nil: Helvetica).
func summaryPDF(w io.Writer, b tracker.CaseBundle, files []File, font, latin []byte) (err error) {
	// The PDF library panics on some fonts it cannot parse: that is an
	// error of this bundle, not a crash of the program.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the PDF library failed: %v", r)
		}
	}()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(margin, margin, margin)
	f.SetCellMargin(0.6)
	f.SetAutoPageBreak(false, 0) // rows break pages themselves (row)
	f.SetCreationDate(b.MadeAt)
	f.SetModificationDate(b.MadeAt)
	f.SetCatalogSort(true)
	d := &doc{f: f, cjk: "cjk", latin: "latin", tr: func(s string) string { return s }}
	f.AddUTF8FontFromBytes("cjk", "", font)
	if latin != nil {
		f.AddUTF8FontFromBytes("latin", "", latin)
	} else {
		d.latin, d.tr = "helvetica", f.UnicodeTranslatorFromDescriptor("")
	}
	if f.Err() {
		return fmt.Errorf("font: %w", f.Error())
	}
	title := fmt.Sprintf("Case %d · order %s", b.Case.ID, text(b.Order.OrderNo))
	f.SetTitle(title, true)
	f.SetCreator("waybill", true)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		size := d.size
		d.setSize(6.5)
		f.SetTextColor(110, 110, 110)
		line := fmt.Sprintf("%s · evidence bundle made %s UTC by waybill · page %d of {nb}",
			title, b.MadeAt.UTC().Format("2006-01-02 15:04"), f.PageNo())
		d.draw(margin+(contentW-d.width(line))/2, pageH-10, line)
		f.SetTextColor(0, 0, 0)
		d.setSize(size)
	})
	f.AddPage()
	d.setSize(bodySize)
	d.title(b)
	d.order(b)
	d.parcels(b)
	d.caseFacts(b)
	d.deadlines(b)
	d.claims(b)
	for _, p := range b.Parcels {
		d.timeline(p, p.ID == b.Case.ShipmentID)
	}
	d.entries("Asked of the carrier, and its answers", b.CarrierAnswers, false)
	d.entries("Messages sent to the buyer", b.Messages, false)
	d.entries("Case log", b.Log, true)
	d.evidence(files)
	if f.Err() {
		return f.Error()
	}
	return f.Output(w)
}

// isCJK says which font draws r: the CJK one from the CJK radicals up
// (ideographs, kana, Hangul, full-width forms), the Latin one below.
func isCJK(r rune) bool { return r >= 0x2E80 }

// runs splits s where its font changes.
func runs(s string) []string {
	var out []string
	start, prev := 0, false
	for i, r := range s {
		c := isCJK(r)
		if i > start && c != prev {
			out = append(out, s[start:i])
			start = i
		}
		prev = c
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func (d *doc) setSize(pt float64) {
	d.size = pt
	d.font = ""
}

// use sets the font of a run.
func (d *doc) use(run string) {
	fam := d.latin
	if r, _ := utf8.DecodeRuneInString(run); isCJK(r) {
		fam = d.cjk
	}
	if fam != d.font {
		d.f.SetFont(fam, "", d.size)
		d.font = fam
	}
}

func (d *doc) runText(run string) string {
	if r, _ := utf8.DecodeRuneInString(run); !isCJK(r) {
		return d.tr(run)
	}
	return run
}

// width is how wide s is drawn, in mm.
func (d *doc) width(s string) float64 {
	w := 0.0
	for _, r := range runs(s) {
		d.use(r)
		w += d.f.GetStringWidth(d.runText(r))
	}
	return w
}

// draw writes s with its left end at x, on the line whose top is y.
func (d *doc) draw(x, y float64, s string) {
	for _, r := range runs(s) {
		d.use(r)
		t := d.runText(r)
		w := d.f.GetStringWidth(t)
		d.f.SetXY(x, y)
		d.f.CellFormat(w, lineH, t, "", 0, "L", false, 0, "")
		x += w
	}
}

// wrap breaks s into lines no wider than w: between words, between any
// two CJK characters (they are written without spaces), and inside a word
// longer than a line (a hash, a URL).
func (d *doc) wrap(s string, w float64) []string {
	var lines []string
	var line strings.Builder
	lineW := 0.0
	flush := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lineW = 0
	}
	for _, tok := range tokens(s) {
		tw := d.width(tok)
		if lineW+tw > w && lineW > 0 {
			flush()
			if tok == " " {
				continue
			}
		}
		if tw <= w {
			line.WriteString(tok)
			lineW += tw
			continue
		}
		for _, r := range tok { // longer than a line: cut it anywhere
			rw := d.width(string(r))
			if lineW+rw > w && lineW > 0 {
				flush()
			}
			line.WriteRune(r)
			lineW += rw
		}
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// tokens are the pieces wrap never breaks: words, single spaces and
// single CJK characters.
func tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r == ' ' || isCJK(r) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			out = append(out, string(r))
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func (d *doc) title(b tracker.CaseBundle) {
	f := d.f
	d.setSize(15)
	d.draw(margin, f.GetY(), fmt.Sprintf("Evidence: case %d, %s parcel", b.Case.ID, strings.ReplaceAll(string(b.Case.Kind), "_", " ")))
	f.SetY(f.GetY() + 7)
	d.setSize(8)
	f.SetTextColor(70, 70, 70)
	var who string
	switch b.Audience {
	case tracker.AudienceClaim:
		who = "for a carrier's or insurer's claim: with the addressee's name and address"
	case tracker.AudienceBuyer:
		who = "for the buyer"
	default:
		who = "for a marketplace dispute: the buyer's name and address are left out"
	}
	for _, l := range d.wrap(fmt.Sprintf("Order %s on %s · made %s UTC · %s", text(b.Order.OrderNo), orDash(b.Order.Marketplace),
		when(b.MadeAt), who), contentW) {
		d.draw(margin, f.GetY(), l)
		f.SetY(f.GetY() + 4)
	}
	f.SetTextColor(0, 0, 0)
	d.setSize(bodySize)
	f.Ln(1)
}

func (d *doc) heading(s string) {
	f := d.f
	d.header = nil
	d.room(7 + 3*lineH)
	f.SetY(f.GetY() + 1.2)
	f.SetFillColor(225, 230, 238)
	y := f.GetY()
	f.Rect(margin, y, contentW, 5, "F")
	d.setSize(9.5)
	d.draw(margin, y+0.8, s)
	d.setSize(bodySize)
	f.SetXY(margin, y+5.6)
}

// room starts a new page unless h more millimetres fit on this one.
func (d *doc) room(h float64) {
	if d.f.GetY()+h <= bottom {
		return
	}
	d.f.AddPage()
	d.setSize(bodySize)
	if d.header != nil {
		d.header()
	}
}

// pairs lays label–value pairs out two to a row.
func (d *doc) pairs(kv [][2]string) {
	const lw, vw = 25.0, contentW/2 - 25.0
	for i := 0; i < len(kv); i += 2 {
		cells := []string{kv[i][0], kv[i][1], "", ""}
		if i+1 < len(kv) {
			cells[2], cells[3] = kv[i+1][0], kv[i+1][1]
		}
		d.row([]float64{lw, vw, lw, vw}, cells, []bool{true, false, true, false}, false)
	}
}

// row draws one row of cells, each wrapped to its width; labels (grey)
// where label says so; a header row shaded. It breaks the page before a
// row that does not fit, never inside one.
func (d *doc) row(widths []float64, cells []string, label []bool, header bool) {
	f := d.f
	lines := make([][]string, len(cells))
	n := 1
	for i, c := range cells {
		ls := d.wrap(c, widths[i]-1.2)
		if len(ls) > maxCellLines {
			ls = append(ls[:maxCellLines-1], "… (cut here: see case.json)")
		}
		lines[i] = ls
		n = max(n, len(ls))
	}
	h := float64(n)*lineH + 0.8
	d.room(h)
	x, y := margin, f.GetY()
	if header {
		f.SetFillColor(240, 240, 240)
		f.Rect(margin, y, contentW, h, "F")
	}
	for i, ls := range lines {
		if label != nil && label[i] {
			f.SetTextColor(100, 100, 100)
		}
		for j, l := range ls {
			d.draw(x, y+0.4+float64(j)*lineH, l)
		}
		f.SetTextColor(0, 0, 0)
		x += widths[i]
	}
	f.SetXY(margin, y+h)
	if !header {
		f.SetDrawColor(225, 225, 225)
		f.Line(margin, y+h, margin+contentW, y+h)
		f.SetDrawColor(0, 0, 0)
	}
}

// table draws a header row and rows, the header again on each new page.
func (d *doc) table(widths []float64, head []string, rows [][]string) {
	d.room(3 * lineH)
	d.row(widths, head, nil, true)
	d.header = func() { d.row(widths, head, nil, true) }
	for _, r := range rows {
		d.row(widths, r, nil, false)
	}
	d.header = nil
}

func (d *doc) order(b tracker.CaseBundle) {
	o := b.Order
	d.heading("Order and contents")
	kv := [][2]string{
		{"Order number", orDash(o.OrderNo)}, {"Marketplace", orDash(o.Marketplace)},
		{"Ordered", when(o.OrderedAt)}, {"Order status", orDash(string(o.Status) + marketStatus(o.MarketStatus))},
		{"Promised by", day(o.PromisedAt)}, {"Ships to", orDash(o.Country)},
		{"Shipping", orDash(o.ShippingMethod)}, {"Paid", money(o.Amount, o.Currency)},
		{"Product", orDash(o.Product)}, {"HS code", orDash(o.HSCode)},
		{"Declared value", money(o.DeclaredValue, o.Currency)}, {"Insured", insured(o.Insured)},
		{"Packaging", orDash(o.Packaging)},
	}
	if b.Audience.Personal() {
		kv = append(kv, [2]string{"Addressee", orDash(o.Buyer)}, [2]string{"Address", orDash(o.Address)},
			[2]string{"Phone", orDash(o.Phone)}, [2]string{"E-mail", orDash(o.Email)})
	}
	if len(o.Checks) > 0 {
		var cs []string
		for _, c := range o.Checks {
			cs = append(cs, text(c.String()))
		}
		kv = append(kv, [2]string{"Pre-shipment checks", strings.Join(cs, "; ")})
	}
	d.pairs(kv)
}

func marketStatus(s string) string {
	if s == "" {
		return ""
	}
	return " (marketplace: " + s + ")"
}

func insured(p *bool) string {
	switch {
	case p == nil:
		return "not recorded"
	case *p:
		return "yes"
	}
	return "no"
}

func (d *doc) parcels(b tracker.CaseBundle) {
	d.heading("Parcels")
	var rows [][]string
	for _, p := range b.Parcels {
		lm := "—"
		if p.LastMile.TrackingNo != "" {
			lm = text(p.LastMile.TrackingNo) + " (" + orDash(p.LastMile.Carrier) + ")"
		}
		no := text(p.TrackingNo)
		if p.ID == b.Case.ShipmentID {
			no += " (this case)"
		}
		route := strings.Trim(text(p.Origin)+" → "+text(p.Destination), " →")
		rows = append(rows, []string{no, orDash(p.Carrier), lm, orDash(route), string(p.Status), day(p.ShippedAt), day(p.DeliveredAt)})
	}
	d.table([]float64{44, 26, 40, 18, 22, 18, 18}, []string{"Tracking number", "Carrier", "Last mile", "Route", "Status", "Shipped", "Delivered"}, rows)
}

func (d *doc) caseFacts(b tracker.CaseBundle) {
	c := b.Case
	d.heading("The case")
	state := fmt.Sprintf("%s, step %d of 4 (%s)", c.State, c.Step.Number(), strings.ReplaceAll(string(c.Step), "_", " "))
	if c.State == tracker.CaseClosed {
		state = "closed " + when(c.ClosedAt)
	}
	kv := [][2]string{
		{"Problem", strings.ReplaceAll(string(c.Kind), "_", " ")}, {"State", state},
		{"Opened", when(c.OpenedAt) + " by " + orDash(c.OpenedBy)}, {"Next follow-up", when(c.FollowUpAt)},
		{"Carrier's answer", orDash(c.CarrierAnswer)}, {"Reference", orDash(c.Reference)},
		{"Investigation", yesNo(c.InvestigationRequested, "requested")},
	}
	if s := c.Solution; s != nil {
		kv = append(kv, [2]string{"Solution", text(s.String())})
		if s.Amount != 0 {
			kv = append(kv, [2]string{"Amount", money(s.Amount, s.Currency)})
		}
		if s.SellerShare != 0 {
			kv = append(kv, [2]string{"Seller's share", money(s.SellerShare, s.Currency)})
		}
		if s.Reference != "" {
			kv = append(kv, [2]string{"Claim reference", text(s.Reference)})
		}
		if b.Audience.Personal() && (s.Address != "" || s.Phone != "") {
			kv = append(kv, [2]string{"Verified contact", text(strings.TrimSpace(s.Address + " " + s.Phone))})
		}
	} else {
		kv = append(kv, [2]string{"Solution", "none yet"})
	}
	if c.Resolution != "" {
		kv = append(kv, [2]string{"Resolution", text(c.Resolution)}, [2]string{"Root cause", strings.ReplaceAll(string(c.RootCause), "_", " ")})
	}
	d.pairs(kv)
}

func yesNo(b bool, yes string) string {
	if b {
		return yes
	}
	return "no"
}

func (d *doc) deadlines(b tracker.CaseBundle) {
	if len(b.Deadlines) == 0 {
		return
	}
	d.heading("Deadlines (open)")
	var rows [][]string
	for _, dl := range b.Deadlines {
		rows = append(rows, []string{strings.ReplaceAll(string(dl.Kind), "_", " "), when(dl.DueAt) + " UTC", orDash(dl.Source), orDash(dl.Ref)})
	}
	d.table([]float64{50, 40, 40, 56}, []string{"Deadline", "Due", "Set by", "Reference"}, rows)
}

// claims is the case's claims ledger: what was asked back, from whom,
// and what came back.
func (d *doc) claims(b tracker.CaseBundle) {
	if len(b.Claims) == 0 {
		return
	}
	d.heading("Claims with carriers and insurers")
	var rows [][]string
	for _, c := range b.Claims {
		recovered := money(c.Recovered, c.Currency) // "—" while nothing came back
		rows = append(rows, []string{text(c.Party) + " (" + string(c.PartyKind) + ")", orDash(text(c.Reference)),
			orDash(day(c.FiledAt)), money(c.Claimed, c.Currency), recovered, string(c.State)})
	}
	d.table([]float64{46, 40, 24, 28, 28, 20}, []string{"Claimed from", "Reference", "Filed", "Claimed", "Recovered", "State"}, rows)
}

func (d *doc) timeline(p tracker.ShipmentDetail, ofCase bool) {
	h := "Timeline of " + text(p.TrackingNo) + " (" + orDash(p.Carrier) + "), times UTC"
	if !ofCase {
		h = "Timeline of the other parcel " + text(p.TrackingNo) + " (" + orDash(p.Carrier) + ")"
	}
	d.heading(h)
	if len(p.Events) == 0 {
		d.row([]float64{contentW}, []string{"The carrier has reported nothing for this parcel."}, nil, false)
		return
	}
	rows := make([][]string, 0, len(p.Events))
	for _, e := range p.Events {
		rows = append(rows, []string{when(e.Time), orDash(e.RawStatus), string(e.Status), orDash(e.Location), orDash(e.Description)})
	}
	d.table([]float64{24, 24, 20, 34, 84}, []string{"Time", "Carrier code", "Status", "Location", "What the carrier said"}, rows)
}

func (d *doc) entries(heading string, es []tracker.CaseEntry, withAction bool) {
	if len(es) == 0 {
		return
	}
	d.heading(heading)
	var rows [][]string
	for _, e := range es {
		if withAction {
			rows = append(rows, []string{when(e.At), orDash(e.Actor), strings.ReplaceAll(string(e.Action), "_", " "), orDash(e.Detail)})
		} else {
			rows = append(rows, []string{when(e.At), orDash(e.Actor), orDash(e.Detail)})
		}
	}
	if withAction {
		d.table([]float64{24, 20, 20, 122}, []string{"When", "Who", "Did", "Detail"}, rows)
		return
	}
	d.table([]float64{24, 20, 142}, []string{"When", "Who", "What"}, rows)
}

func (d *doc) evidence(files []File) {
	d.heading("Evidence files (in the bundle under evidence/, with their SHA-256)")
	if len(files) == 0 {
		d.row([]float64{contentW}, []string{"The case names no evidence files."}, nil, false)
		return
	}
	var rows [][]string
	for _, f := range files {
		if f.Missing != "" {
			rows = append(rows, []string{text(shownPath(f.Path)), "MISSING: " + text(f.Missing), "—", "not in the bundle"})
			continue
		}
		rows = append(rows, []string{text(shownPath(f.Path)), f.Name, strconv.FormatInt(f.Size, 10) + " bytes", f.SHA256})
	}
	// Small enough for a whole SHA-256 on one line: it is compared, not read.
	d.setSize(6.5)
	d.table([]float64{42, 32, 16, 96}, []string{"File named by the case", "In the bundle", "Size", "SHA-256"}, rows)
	d.setSize(bodySize)
}

// shownPath is the file's name as the PDF's reader needs it: its last
// folder and its name, not the seller's whole path (case.json keeps that),
// so a name is not broken across lines by the folders before it.
func shownPath(p string) string {
	dir, name := filepath.Split(filepath.Clean(p))
	if d := filepath.Base(dir); dir != "" && d != "." && d != string(filepath.Separator) {
		return d + string(filepath.Separator) + name
	}
	return name
}

// text is untrusted text as the PDF shows it: no controls, one line,
// and nothing outside the Basic Multilingual Plane, which the fonts'
// tables do not reach (an emoji shows as "?").
func text(s string) string {
	s = tracker.Sanitize(s)
	if tracker.PrintableASCII(s) {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			sb.WriteByte(' ')
		case r > 0xFFFF:
			sb.WriteByte('?')
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02")
}

func money(m tracker.Money, cur string) string {
	if m == 0 {
		return "—"
	}
	return strings.TrimSpace(m.String() + " " + text(cur))
}

func orDash(s string) string {
	if s = text(s); strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
