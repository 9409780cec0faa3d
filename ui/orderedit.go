package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// The order edit form is `waybill edit` on the screen (e in the order
// view): the order's fields, prefilled with what is stored. It writes only
// the fields changed, through the one path every write of an order takes
// (tracker.Service.WriteOrders), under the order number as stored. Its
// fields are the add form's (addFields: the same check naming the field
// and the value, the same line putting a value into the order), and the
// phone and packaging notes, which the add form leaves to the edit.

const (
	afPhone     = "phone"
	afPackaging = "packaging"
)

// editFieldKeys are the add form's fields an edit offers, in order; the
// order number, the parcel and its ship date are not the order's to edit.
var editFieldKeys = []string{afBuyer, afEmail, afPhone, afCountry, afAddress, afProduct, afAmount, afCurrency,
	afHSCode, afDeclared, afInsured, afPackaging, afPromised, afMethod}

type orderEditForm struct {
	c        *common
	host     *addForm          // the fields, with the add form's checks
	was      map[string]string // each field as prefilled
	orderNo  string            // as stored: what the write merges into
	shownNo  string            // as shown
	focus    int
	err      string
	changed  []string // the labels of the fields written
	req, seq int
	done     bool
	note     string
}

// newOrderEditForm opens the form on order o (sanitized, as shown); stored
// is its number as stored.
func newOrderEditForm(c *common, o tracker.Order, stored string) *orderEditForm {
	all := addFields(c.now)
	all = append(all, &addField{key: afPhone, label: "Phone", edit: newLineEdit("", 40),
		apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.Phone = v }},
		packagingField())
	byKey := map[string]*addField{}
	for _, fl := range all {
		byKey[fl.key] = fl
	}
	money := func(m tracker.Money) string {
		if m == 0 {
			return ""
		}
		return m.String()
	}
	insured := ""
	if o.Insured != nil {
		// In the session's language: the field reads 是/否 as yes/no
		// (orderfile.ParseYesNo), and an unchanged field is not written.
		insured = c.tr.T(map[bool]string{true: "yes", false: "no"}[*o.Insured])
	}
	promised := ""
	if !o.PromisedAt.IsZero() {
		promised = o.PromisedAt.In(c.now.Location()).Format("2006-01-02")
	}
	values := map[string]string{
		afBuyer: o.Buyer, afEmail: o.Email, afPhone: o.Phone, afCountry: o.Country, afAddress: o.Address,
		afProduct: o.Product, afAmount: money(o.Amount), afCurrency: o.Currency, afHSCode: o.HSCode,
		afDeclared: money(o.DeclaredValue), afInsured: insured, afPackaging: o.Packaging, afPromised: promised,
		afMethod: o.ShippingMethod,
	}
	f := &orderEditForm{c: c, host: &addForm{c: c}, was: map[string]string{}, orderNo: stored, shownNo: o.OrderNo}
	for _, k := range editFieldKeys {
		fl := byKey[k]
		fl.required = false
		// Prefilled and selected: typing replaces the value, an editing
		// key (←, →, backspace) edits it in place.
		fl.edit = newLineEdit(values[k], fl.edit.limit)
		f.was[k] = strings.TrimSpace(fl.edit.String())
		f.host.fields = append(f.host.fields, fl)
	}
	return f
}

// packagingField is how the parcel was packed, for a damage claim's
// evidence. The line takes twice what a write does, so a pasted letter is
// refused by the check, naming the field and the value, rather than cut
// short without a word.
func packagingField() *addField {
	return &addField{key: afPackaging, label: "Packaging", edit: newLineEdit("", 2*tracker.MaxPackagingRunes),
		check: func(f *addForm, v string) string {
			if p := tracker.FieldProblem(tracker.FieldPackaging, v); p != "" {
				return f.c.tr.T("%s %q: %s", f.c.tr.Word("packaging"), tracker.ShortValue(v), fieldReason(f.c.tr, p))
			}
			return ""
		},
		apply: func(_ *addForm, v string, o *tracker.Order, _ *tracker.Shipment) { o.Packaging = v }}
}

func (f *orderEditForm) head() (string, string) {
	if f.req != 0 {
		return f.c.tr.T("Edit order %s", f.shownNo), f.c.tr.T("saving…")
	}
	return f.c.tr.T("Edit order %s", f.shownNo), f.c.tr.T("only the fields you change are written")
}

func (f *orderEditForm) closed() (string, bool, bool) { return f.note, false, f.done }

func (f *orderEditForm) resize(int, int) {}

func (f *orderEditForm) fields() []*addField { return f.host.fields }

func (f *orderEditForm) paste(text string) tea.Cmd {
	if f.req == 0 {
		f.fields()[f.focus].edit.paste(strings.TrimSpace(text))
		f.err = ""
	}
	return nil
}

func (f *orderEditForm) result(msg tea.Msg) tea.Cmd {
	m, ok := msg.(writtenMsg)
	if !ok || m.req != f.req || f.req == 0 {
		return nil
	}
	f.req = 0
	if m.err != nil {
		// What was typed stays, to be fixed and saved again.
		f.err = f.c.tr.T("edit order %s: %s", f.shownNo, errorText(f.c.tr, m.err))
		return nil
	}
	f.done, f.note = true, f.c.tr.T("order %s changed: %s", f.shownNo, strings.Join(f.changed, f.c.tr.T(", ")))
	return nil
}

func (f *orderEditForm) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.c.keys
	if f.req != 0 {
		return nil // saving: the answer comes in a moment
	}
	n := len(f.fields())
	switch {
	case key.Matches(msg, k.Close):
		f.done, f.note = true, f.c.tr.T("order %s left as it was", f.shownNo)
		return nil
	case key.Matches(msg, k.NextField):
		f.focus = (f.focus + 1) % n
		return nil
	case key.Matches(msg, k.PrevField):
		f.focus = (f.focus + n - 1) % n
		return nil
	case key.Matches(msg, k.Confirm):
		return f.submit()
	}
	if f.fields()[f.focus].edit.update(msg) {
		f.err = ""
	}
	return nil
}

// submit checks the changed fields and writes them, or says what stops
// it, naming the field and the value, and moves to that field.
func (f *orderEditForm) submit() tea.Cmd {
	o := tracker.Order{OrderNo: f.orderNo, CreatedAt: f.c.now}
	var sh tracker.Shipment
	f.changed = f.changed[:0]
	for i, fl := range f.fields() {
		v := strings.TrimSpace(fl.edit.String())
		if v == f.was[fl.key] {
			continue
		}
		if v == "" {
			// A write keeps what an empty field would clear (as `waybill
			// edit` does): say so rather than pretend.
			f.err = f.c.tr.T("%s %q cannot be emptied here: an empty field keeps what is stored", f.host.fieldName(fl), f.was[fl.key])
			f.focus = i
			return nil
		}
		if p := f.host.problem(i); p != "" {
			f.err, f.focus = p, i
			return nil
		}
		fl.apply(f.host, v, &o, &sh)
		f.changed = append(f.changed, f.host.fieldName(fl))
	}
	if len(f.changed) == 0 {
		f.done, f.note = true, f.c.tr.T("nothing changed on order %s", f.shownNo)
		return nil
	}
	f.seq++
	f.req = f.seq
	return f.c.writeOrders(f.req, []tracker.OrderDetail{{Order: o}}, "")
}

func (f *orderEditForm) body(w, h int) []string {
	st := f.c.styles
	fieldW := clampInt((w-labelW)/2, 8, 40)
	hintW := max(0, w-labelW-fieldW-2)
	var lines []string
	focusLine := 0
	for i, fl := range f.fields() {
		label := cell(f.c.tr.Word(fl.label), labelW)
		if i == f.focus {
			label = st.PaneTitleOn.Render(label)
			focusLine = len(lines)
		} else {
			label = st.Dim.Render(label)
		}
		var hint string
		v := strings.TrimSpace(fl.edit.String())
		switch p := f.host.problem(i); {
		case p != "":
			hint = st.Error.Render(cell(Sanitize(p), hintW))
		case v != f.was[fl.key]:
			hint = st.OK.Render(cell(f.c.tr.T("changed"), hintW))
		default:
			hint = st.Dim.Render(cell(f.hint(fl), hintW))
		}
		lines = append(lines, label+fl.edit.view(fieldW, st, i == f.focus)+"  "+hint)
	}
	lines = append(lines, "")
	lines = append(lines, saveState(f.c, f.req != 0, f.err, w)...)
	// Keep the focused field and the error in sight on a short terminal.
	if len(lines) > h {
		start := clampInt(focusLine-h/2, 0, len(lines)-h)
		if f.err != "" {
			start = len(lines) - h
		}
		lines = lines[start : start+h]
	}
	return lines
}

func (f *orderEditForm) hint(fl *addField) string {
	switch fl.key {
	case afPhone:
		return f.c.tr.T("for the courier")
	case afPackaging:
		return f.c.tr.T("double box, bubble wrap, fragile sticker…")
	}
	return f.host.hint(fl)
}

func (f *orderEditForm) ShortHelp() []key.Binding {
	k := f.c.keys
	return []key.Binding{withHelp(k.NextField, "field"), withHelp(k.Confirm, "save"), k.ClearField, withHelp(k.Close, "cancel")}
}

func (f *orderEditForm) FullHelp() [][]key.Binding {
	k := f.c.keys
	return [][]key.Binding{
		{k.NextField, k.PrevField, k.ClearField},
		{withHelp(k.Confirm, "save changes"), withHelp(k.Close, "cancel"), k.HardQuit},
	}
}
