package ui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/tracker/orderfile"
	"waybill/ui/i18n"
)

// The add form is `waybill add` on the screen: one order, one parcel. Its
// fields are a table (addFields), each with its own check and the line that
// puts its value into the order, so a field the store learns later (an
// address, a declared value) is one more row. The tracking number is
// detected again on every change: number.Detect is pure and takes
// microseconds, so it runs in Update.
//
// It is hand-made, as the prompts are, rather than a huh form: huh checks a
// field when it is left, not as it is typed; its suggestions complete a
// prefix rather than replace a mistyped number; and the "store it
// unverified anyway" choice would sit outside it.

// Keys of the add form's fields.
const (
	afOrder    = "order"
	afTracking = "tracking"
	afCarrier  = "carrier"
	afCountry  = "country"
	afBuyer    = "buyer"
	afEmail    = "email"
	afShipped  = "shipped"
	afPromised = "promised"
	afMethod   = "method"
	afProduct  = "product"
	afAmount   = "amount"
	afCurrency = "currency"
	afHSCode   = "hs_code"
	afDeclared = "declared"
	afInsured  = "insured"
	afAddress  = "address"
)

// addField is one row of the form.
type addField struct {
	key, label string
	edit       lineEdit
	required   bool
	// check says what is wrong with a non-empty value, naming the field
	// and the value, or "".
	check func(f *addForm, v string) string
	// apply puts a checked value into the order.
	apply func(f *addForm, v string, o *tracker.Order, s *tracker.Shipment)
}

// maxSuggestions bounds the suggestions offered: alt+1 … alt+9.
const maxSuggestions = 9

type addForm struct {
	c      *common
	fields []*addField
	focus  int  // a field's index; len(fields) is the "store unverified" box
	force  bool // store a number that does not validate, marked unverified
	det    number.Result
	detOf  string // the tracking text det is of
	tried  bool   // a submit was refused: empty required fields show too
	err    string // why the last submit was refused, or the write failed
	req    int    // the write in flight, 0 when none
	seq    int
	done   bool
	note   string
}

// addFields is the form, in order. A function, not a package variable:
// nothing in ui is shared between sessions.
func addFields(now time.Time) []*addField {
	day := now.Format("2006-01-02")
	return []*addField{
		{key: afOrder, label: "Order no", edit: newLineEdit("", 64), required: true,
			check: func(f *addForm, v string) string {
				if t := f.value(afTracking); t != "" && number.Normalize(v) == number.Normalize(t) {
					return f.c.tr.T("order no %q is the tracking number; give the marketplace's order number", v)
				}
				return ""
			},
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.OrderNo = v }},
		{key: afTracking, label: "Tracking no", edit: newLineEdit("", 40), required: true,
			// The detection is shown under the field; whether it stops the
			// submit is the force box's business.
			check: func(*addForm, string) string { return "" },
			apply: func(f *addForm, _ string, _ *tracker.Order, s *tracker.Shipment) {
				s.TrackingNo, s.Carrier, s.Unverified = f.det.Number, f.det.Carrier, !f.det.Valid
			}},
		{key: afCarrier, label: "Carrier", edit: newLineEdit("", 32),
			check: func(f *addForm, v string) string {
				if number.CarrierName(strings.ToLower(v)) == "" {
					return f.c.tr.T("carrier %q is not a carrier slug (e.g. china-post); empty: detected", v)
				}
				return ""
			},
			apply: func(_ *addForm, v string, _ *tracker.Order, s *tracker.Shipment) { s.Carrier = strings.ToLower(v) }},
		// A code or a name, read as import and the command line read it.
		{key: afCountry, label: "Country", edit: newLineEdit("", 48),
			check: func(f *addForm, v string) string {
				if _, err := tracker.ParseCountry(v); err != nil {
					return f.c.tr.T("country %q is not an ISO 3166 code or a country's name (DE, Germany, 德国, Deutschland)", v)
				}
				return ""
			},
			apply: func(_ *addForm, v string, o *tracker.Order, s *tracker.Shipment) {
				cc, _ := tracker.ParseCountry(v) // checked before
				o.Country, s.Destination = cc, cc
			}},
		{key: afBuyer, label: "Buyer", edit: newLineEdit("", 80),
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.Buyer = v }},
		{key: afEmail, label: "Email", edit: newLineEdit("", 120),
			check: func(f *addForm, v string) string {
				if !tracker.ValidEmail(v) {
					return f.c.tr.T("email %q is not an address such as ana@example.com", v)
				}
				return ""
			},
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.Email = v }},
		// Dates as every date field reads them (tracker.ParseDate):
		// 2025-06-01, today, yesterday, -2d, fri …
		{key: afShipped, label: "Shipped", edit: newLineEdit(day, dateLimit), required: true,
			check: func(f *addForm, v string) string {
				t, err := tracker.ParseDate(v, f.c.now)
				switch {
				case err != nil:
					// The reason is tracker's Refusal, in the session's language.
					return f.c.tr.T("%s: %s", f.c.tr.T("shipped"), f.c.tr.Err(err))
				case t.After(f.c.now):
					return f.c.tr.T("shipped %s is in the future", tracker.DateQuoted(v, t))
				}
				return ""
			},
			apply: func(f *addForm, v string, _ *tracker.Order, s *tracker.Shipment) {
				s.ShippedAt, _ = tracker.ParseDate(v, f.c.now)
			}},
		{key: afPromised, label: "Promised", edit: newLineEdit("", dateLimit),
			check: func(f *addForm, v string) string {
				t, err := tracker.ParseDate(v, f.c.now)
				if err != nil {
					return f.c.tr.T("%s: %s", f.c.tr.T("promised"), f.c.tr.Err(err))
				}
				if s, err := tracker.ParseDate(f.value(afShipped), f.c.now); err == nil && t.Before(s) {
					return f.c.tr.T("promised %s is before the ship date %s", tracker.DateQuoted(v, t), s.Format("2006-01-02"))
				}
				return ""
			},
			apply: func(f *addForm, v string, o *tracker.Order, _ *tracker.Shipment) {
				o.PromisedAt, _ = tracker.ParseDate(v, f.c.now)
			}},
		{key: afMethod, label: "Method", edit: newLineEdit("", 80),
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.ShippingMethod = v }},
		// What is in the parcel: the store judges the pre-shipment checks
		// (sensitive goods, HS code, declared value, insurance) from these.
		{key: afProduct, label: "Product", edit: newLineEdit("", 200),
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.Product = v }},
		{key: afAmount, label: "Amount", edit: newLineEdit("", 24),
			check: moneyCheck("amount"),
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.Amount, _ = tracker.ParseMoney(v) }},
		{key: afCurrency, label: "Currency", edit: newLineEdit("", 3),
			check: func(f *addForm, v string) string {
				if !tracker.ValidCurrency(strings.ToUpper(v)) {
					return f.c.tr.T("currency %q is not an ISO 4217 code such as USD", v)
				}
				return ""
			},
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.Currency = strings.ToUpper(v) }},
		{key: afHSCode, label: "HS code", edit: newLineEdit("", 14),
			check: func(f *addForm, v string) string {
				if !tracker.ValidHSCode(v) {
					return f.c.tr.T("HS code %q: want 6 to 10 digits", v)
				}
				return ""
			},
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.HSCode = v }},
		{key: afDeclared, label: "Declared", edit: newLineEdit("", 24),
			check: moneyCheck("declared value"),
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) {
				o.DeclaredValue, _ = tracker.ParseMoney(v)
			}},
		{key: afInsured, label: "Insured", edit: newLineEdit("", 12),
			check: func(f *addForm, v string) string {
				if _, ok := orderfile.ParseYesNo(v); !ok {
					return f.c.tr.T("insured %q: want yes or no", v)
				}
				return ""
			},
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) {
				b, _ := orderfile.ParseYesNo(v)
				o.Insured = &b
			}},
		{key: afAddress, label: "Address", edit: newLineEdit("", 300),
			apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.Address = v }},
	}
}

// moneyCheck checks an amount field as import does: two decimals at most,
// currency signs allowed. The field's name and tracker's reason are in the
// session's language.
func moneyCheck(field string) func(*addForm, string) string {
	return func(f *addForm, v string) string {
		if _, err := tracker.ParseMoney(v); err != nil {
			return f.c.tr.T("%s %q: %s", f.c.tr.Word(field), v, f.c.tr.Err(err))
		}
		return ""
	}
}

// newAddForm opens the form; tracking may come from a one-line paste.
func newAddForm(c *common, tracking string) *addForm {
	f := &addForm{c: c, fields: addFields(c.now)}
	if tracking != "" {
		f.get(afTracking).edit.insert(tracking)
		f.focus = 0
	}
	f.retrack()
	return f
}

func (f *addForm) get(k string) *addField {
	for _, fl := range f.fields {
		if fl.key == k {
			return fl
		}
	}
	return nil
}

func (f *addForm) value(k string) string {
	if fl := f.get(k); fl != nil {
		return strings.TrimSpace(fl.edit.String())
	}
	return ""
}

// retrack detects the tracking number again if its text changed.
func (f *addForm) retrack() {
	v := f.value(afTracking)
	if v == f.detOf && f.det.Candidates != nil {
		return
	}
	f.detOf, f.det = v, number.Detect(v)
}

// problem is what is wrong with field i now: a failed check, or an empty
// required field once a submit was tried.
func (f *addForm) problem(i int) string {
	fl := f.fields[i]
	v := strings.TrimSpace(fl.edit.String())
	switch {
	case v == "" && fl.required && f.tried:
		return f.c.tr.T("%s is required", f.fieldName(fl))
	case v == "" || fl.check == nil:
		return ""
	}
	return fl.check(f, v)
}

// trackingBlocks reports whether the number stops a submit: it does not
// validate and the force box is not ticked.
func (f *addForm) trackingBlocks() bool {
	return f.value(afTracking) != "" && !f.det.Valid && !f.force
}

func (f *addForm) head() (string, string) {
	if f.req != 0 {
		return f.c.tr.T("Add an order"), f.c.tr.T("saving…")
	}
	return f.c.tr.T("Add an order"), f.c.tr.T("the parcel is checked from today")
}

func (f *addForm) closed() (string, bool, bool) { return f.note, false, f.done }

func (f *addForm) resize(int, int) {}

func (f *addForm) paste(text string) tea.Cmd {
	if f.focus < len(f.fields) {
		f.fields[f.focus].edit.paste(strings.TrimSpace(text))
		f.err = ""
		f.retrack()
	}
	return nil
}

// onTracking reports whether the tracking field has focus: a paste of many
// lines there becomes a bulk paste.
func (f *addForm) onTracking() bool {
	return f.focus < len(f.fields) && f.fields[f.focus].key == afTracking
}

func (f *addForm) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.c.keys
	if f.req != 0 {
		return nil // saving: the answer comes in a moment
	}
	n := len(f.fields) + 1
	switch {
	case key.Matches(msg, k.Close):
		f.done, f.note = true, f.c.tr.T("nothing added")
		return nil
	case key.Matches(msg, k.NextField):
		f.focus = (f.focus + 1) % n
		return nil
	case key.Matches(msg, k.PrevField):
		f.focus = (f.focus + n - 1) % n
		return nil
	case key.Matches(msg, k.Confirm):
		return f.submit()
	case key.Matches(msg, k.Suggestion):
		if i, err := strconv.Atoi(strings.TrimPrefix(msg.String(), "alt+")); err == nil && i >= 1 && i <= len(f.det.Suggestions) {
			tr := f.get(afTracking)
			tr.edit = newLineEdit(f.det.Suggestions[i-1], tr.edit.limit)
			f.err = ""
			f.retrack()
		}
		return nil
	}
	if f.focus == len(f.fields) {
		if key.Matches(msg, k.Toggle) {
			f.force = !f.force
			f.err = ""
		}
		return nil
	}
	if f.fields[f.focus].edit.update(msg) {
		f.err = ""
		f.retrack()
	}
	return nil
}

// submit checks every field and writes the order, or says what stops it
// and moves to that field.
func (f *addForm) submit() tea.Cmd {
	f.tried = true
	for i := range f.fields {
		if p := f.problem(i); p != "" {
			f.err, f.focus = p, i
			return nil
		}
	}
	if f.trackingBlocks() {
		f.err = f.c.tr.T("tracking no %q does not validate: %s; fix it, take a suggestion, or tick \"store unverified\"",
			// A Chinese sentence's 。 gives way to the ； that follows it.
			f.value(afTracking), strings.TrimSuffix(explainNumber(f.c.tr, f.det), "。"))
		f.focus = indexOfField(f.fields, afTracking)
		return nil
	}
	// No order status: the write marks a new order (or one still being
	// prepared) shipped and keeps a known order's, as `waybill add` and a
	// paste do (tracker.Service.WriteOrders).
	o := tracker.Order{CreatedAt: f.c.now}
	sh := tracker.Shipment{Status: tracker.StatusPending, NextCheckAt: f.c.now}
	for _, fl := range f.fields {
		if v := strings.TrimSpace(fl.edit.String()); v != "" && fl.apply != nil {
			fl.apply(f, v, &o, &sh)
		}
	}
	f.seq++
	f.req = f.seq
	od := tracker.OrderDetail{Order: o, Shipments: []tracker.ShipmentDetail{{Shipment: sh}}}
	return f.c.writeOrders(f.req, []tracker.OrderDetail{od}, sh.TrackingNo)
}

func indexOfField(fs []*addField, k string) int {
	for i, fl := range fs {
		if fl.key == k {
			return i
		}
	}
	return 0
}

func (f *addForm) result(msg tea.Msg) tea.Cmd {
	m, ok := msg.(writtenMsg)
	if !ok || m.req != f.req || f.req == 0 {
		return nil
	}
	f.req = 0
	if m.err != nil {
		// Everything typed stays: the person may fix and try again.
		f.err = f.c.tr.T("add order %s: %s", f.value(afOrder), errorText(f.c.tr, m.err))
		return nil
	}
	carrier := f.det.Carrier
	if c := f.value(afCarrier); c != "" {
		carrier = strings.ToLower(c)
	}
	if carrier == "" {
		carrier = f.c.tr.T("carrier unknown")
	}
	note := f.c.tr.T("added %s (%s) to order %s", f.det.Number, carrier, f.value(afOrder))
	switch {
	case !f.det.Valid:
		note += f.c.tr.T("; stored unverified: it did not validate")
	case !f.det.Tracked:
		note += f.c.tr.T("; untracked: the carrier will not report it")
	}
	f.done, f.note = true, note
	return nil
}

// labelW is the width of the form's labels.
const labelW = 13

func (f *addForm) body(w, h int) []string {
	st := f.c.styles
	fieldW := clampInt((w-labelW)/2, 8, 34)
	hintW := max(0, w-labelW-fieldW-2)
	var lines []string
	focusLine := 0
	for i, fl := range f.fields {
		label := cell(f.c.tr.Word(fl.label), labelW)
		if i == f.focus {
			label = st.PaneTitleOn.Render(label)
			focusLine = len(lines)
		} else {
			label = st.Dim.Render(label)
		}
		hint := ""
		if p := f.problem(i); p != "" {
			hint = st.Error.Render(cell(Sanitize(p), hintW))
		} else {
			hint = st.Dim.Render(cell(f.hint(fl), hintW))
		}
		lines = append(lines, label+fl.edit.view(fieldW, st, i == f.focus)+"  "+hint)
		if fl.key == afTracking {
			for _, l := range f.detectionLines(w - labelW) {
				lines = append(lines, strings.Repeat(" ", labelW)+l)
			}
		}
	}
	box := "[ ]"
	if f.force {
		box = "[x]"
	}
	force := cell(box+" "+f.c.tr.T("store unverified: keep a number that does not validate"), w)
	if f.focus == len(f.fields) {
		force = st.Selected.Render(force)
		focusLine = len(lines)
	}
	lines = append(lines, "", force, "")
	lines = append(lines, saveState(f.c, f.req != 0, f.err, w)...)
	// Keep the focused row in sight on a short terminal.
	if len(lines) > h {
		start := clampInt(focusLine-h/2, 0, len(lines)-h)
		lines = lines[start : start+h]
	}
	return lines
}

// hint is what a field shows beside it when nothing is wrong.
func (f *addForm) hint(fl *addField) string {
	v := strings.TrimSpace(fl.edit.String())
	switch fl.key {
	case afCarrier:
		if v == "" && f.det.Carrier != "" {
			return f.c.tr.T("detected: %s", f.det.Carrier)
		}
		if v != "" {
			return number.CarrierName(strings.ToLower(v))
		}
		return f.c.tr.T("empty: detected from the number")
	case afCountry:
		if v != "" {
			if cc, err := tracker.ParseCountry(v); err == nil {
				return cc + " " + number.CountryName(cc)
			}
			return ""
		}
		return f.c.tr.T("destination: DE, Germany, 德国 …")
	case afShipped:
		return f.c.tr.T("YYYY-MM-DD, today, yesterday, -2d…")
	case afPromised:
		return f.c.tr.T("YYYY-MM-DD, +20d, +3w, fri…")
	case afOrder:
		return f.c.tr.T("the marketplace's order number")
	case afProduct:
		return f.c.tr.T("what is in it: batteries, liquids, magnets… are flagged")
	case afAmount, afDeclared:
		return f.c.tr.T("e.g. %s", "19.90")
	case afCurrency:
		return f.c.tr.T("e.g. %s", "USD")
	case afHSCode:
		return f.c.tr.T("customs tariff code, 6-10 digits")
	case afInsured:
		return f.c.tr.T("yes or no")
	}
	return ""
}

// detectionLines say what the tracking number is, as it is typed.
func (f *addForm) detectionLines(w int) []string {
	st := f.c.styles
	r := f.det
	if f.value(afTracking) == "" {
		return []string{st.Dim.Render(cell(f.c.tr.T("type or paste a number: its carrier is detected as you type"), w))}
	}
	tr := f.c.tr
	var out []string
	note := Sanitize(detectorNote(tr, r.Note))
	switch {
	case r.Valid && r.Tracked:
		out = append(out, st.OK.Render(cell("✓ "+carrierLine(tr, r), w)))
	case r.Valid:
		out = append(out, st.Busy.Render(cell(tr.T("⚠ untracked: %s; no carrier reports it", carrierLine(tr, r)), w)))
	case r.Checksum == number.ChecksumBad:
		out = append(out, st.Error.Render(cell(tr.T("✗ invalid check digit: %s", carrierLine(tr, r)), w)))
	default:
		out = append(out, st.Error.Render(cell(tr.T("✗ not a valid tracking number"), w)))
	}
	for _, l := range wrapText(note, w, 2) {
		out = append(out, st.Dim.Render(cell(l, w)))
	}
	if n := min(len(r.Suggestions), maxSuggestions); n > 0 {
		// One suggestion is never cut: they wrap whole.
		line := tr.T("did you mean:")
		indent := strings.Repeat(" ", widthOf(line)) // the next lines under the first suggestion
		for i := range n {
			part := "alt+" + strconv.Itoa(i+1) + " " + Sanitize(r.Suggestions[i])
			if widthOf(line)+3+widthOf(part) > w {
				out = append(out, st.PaneTitleOn.Render(cell(line, w)))
				line = indent
			}
			line += "   " + part
		}
		out = append(out, st.PaneTitleOn.Render(cell(line, w)))
	}
	return out
}

// carrierLine names the likely carrier and how sure the detector is.
func carrierLine(tr *i18n.Printer, r number.Result) string {
	if len(r.Candidates) == 0 {
		return tr.T("carrier unknown")
	}
	c := r.Candidates[0]
	s := tr.T("%s · %s sure", carrierLabel(c.Carrier), percent(c.Confidence))
	if len(r.Candidates) > 1 {
		s += tr.T(" · or %s %s", carrierLabel(r.Candidates[1].Carrier), percent(r.Candidates[1].Confidence))
	}
	return s
}

func carrierLabel(slug string) string {
	if n := number.CarrierName(slug); n != "" {
		return n
	}
	return slug
}

func percent(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" }

func (f *addForm) ShortHelp() []key.Binding {
	k := f.c.keys
	out := []key.Binding{withHelp(k.NextField, "field"), withHelp(k.Confirm, "add")}
	if len(f.det.Suggestions) > 0 {
		out = append(out, k.Suggestion)
	}
	if f.focus == len(f.fields) {
		out = append(out, k.Toggle)
	} else {
		out = append(out, k.ClearField)
	}
	return append(out, withHelp(k.Close, "cancel"))
}

func (f *addForm) FullHelp() [][]key.Binding {
	k := f.c.keys
	return [][]key.Binding{
		{k.NextField, k.PrevField, k.ClearField, enabledIf(k.Suggestion, len(f.det.Suggestions) > 0), withHelp(k.Toggle, "store unverified")},
		{withHelp(k.Confirm, "add"), withHelp(k.Close, "cancel"), k.HardQuit},
	}
}

// saveState is a form's last lines: the write in flight, or why the last
// one was refused, wrapped to w (the add form and the order edit form).
func saveState(c *common, saving bool, err string, w int) []string {
	st := c.styles
	switch {
	case saving:
		return []string{st.Busy.Render(c.tr.T("saving…"))}
	case err != "":
		var out []string
		for _, l := range wrapText(Sanitize(err), w, 3) {
			out = append(out, st.Error.Render(l))
		}
		return out
	}
	return nil
}
