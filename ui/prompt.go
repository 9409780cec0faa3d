package ui

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// A prompt is a small modal box over the screen that asks for what a
// triage action needs (how long to snooze, who owns, what to filter). While
// one is open it gets every key but ctrl+c; it closes itself by returning
// done, with the action's command if it was confirmed. Prompts are
// in-house rather than a forms library: a handful of fields, no cursor
// blink to schedule, and rendering that stays inside our line-based frame.
type prompt interface {
	title() string
	update(msg tea.KeyPressMsg) (done bool, cmd tea.Cmd)
	paste(text string)
	// body renders the box's lines for an inner width.
	body(width int) []string
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// lineEdit is a one-line text field: runes in, a cursor, the usual
// editing keys. Text is sanitized as it comes in, so what it holds can be
// drawn and stored as it is.
//
// A value the field starts with (a default date, the current owner, the
// kept filter) is selected, as a text field shows a prefilled value with
// everything selected: the first printable key or a paste replaces it, so
// typing a date over the offered one is not dropped past the field's
// limit (issue 20); ctrl+u clears it; a cursor key or backspace first
// keeps it to be edited. Every form's text fields are lineEdits, so they
// all behave alike.
type lineEdit struct {
	value    []rune
	pos      int
	limit    int  // in runes
	selected bool // the whole value, until the first key
}

// dateLimit bounds a typed date: 2026-12-10, wednesday, +12 weeks.
const dateLimit = 16

func newLineEdit(value string, limit int) lineEdit {
	e := lineEdit{limit: limit}
	e.prefill(value)
	return e
}

// prefill puts value in the field, cursor at its end, selected.
func (e *lineEdit) prefill(value string) {
	e.value, e.pos = nil, 0
	e.insert(value)
	e.selected = len(e.value) > 0
}

func (e *lineEdit) String() string { return string(e.value) }

func (e *lineEdit) insert(s string) {
	for _, r := range []rune(Sanitize(s)) {
		if e.limit > 0 && len(e.value) >= e.limit {
			return
		}
		e.value = append(e.value, 0)
		copy(e.value[e.pos+1:], e.value[e.pos:])
		e.value[e.pos] = r
		e.pos++
	}
}

// paste inserts pasted text at the cursor, or in place of a selected
// value.
func (e *lineEdit) paste(s string) {
	if s == "" {
		return
	}
	e.replaceSelected()
	e.insert(s)
}

// replaceSelected empties the field if its value is selected, as a typed
// key or a paste replaces a selection.
func (e *lineEdit) replaceSelected() {
	if e.selected {
		e.value, e.pos, e.selected = nil, 0, false
	}
}

// update applies an editing key and reports whether it was one. Any
// editing key ends the selection: after it the value is edited in place.
func (e *lineEdit) update(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "left", "ctrl+b":
		e.pos = max(0, e.pos-1)
	case "right", "ctrl+f":
		e.pos = min(len(e.value), e.pos+1)
	case "home", "ctrl+a":
		e.pos = 0
	case "end", "ctrl+e":
		e.pos = len(e.value)
	case "backspace", "ctrl+h":
		if e.pos > 0 {
			e.value = append(e.value[:e.pos-1], e.value[e.pos:]...)
			e.pos--
		}
	case "delete", "ctrl+d":
		if e.pos < len(e.value) {
			e.value = append(e.value[:e.pos], e.value[e.pos+1:]...)
		}
	case clearFieldKey:
		// Before the cursor, as in a shell; a selected value has the
		// cursor at its end, so it goes whole.
		e.value, e.pos = e.value[e.pos:], 0
	case "ctrl+k":
		e.value = e.value[:e.pos]
	case "ctrl+w":
		i := e.pos
		for i > 0 && e.value[i-1] == ' ' {
			i--
		}
		for i > 0 && e.value[i-1] != ' ' {
			i--
		}
		e.value = append(e.value[:i], e.value[e.pos:]...)
		e.pos = i
	default:
		if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
			return false // not ours: the selection stays
		}
		e.replaceSelected()
		e.insert(msg.Text)
	}
	e.selected = false
	return true
}

// view draws the field in w cells with the cursor as a reversed cell,
// scrolled so the cursor stays in sight.
func (e *lineEdit) view(w int, st *Styles, focused bool) string {
	if w <= 0 {
		return ""
	}
	if !focused {
		// Not being edited: the text from its start.
		return cell(string(e.value), w)
	}
	start := 0
	if e.pos >= w {
		start = e.pos - w + 1
	}
	end := min(len(e.value), start+w)
	before := string(e.value[start:e.pos])
	if e.selected {
		// Shown selected, so the person sees that typing replaces it.
		before = st.Selected.Render(before)
	}
	at, after := " ", ""
	if e.pos < len(e.value) {
		at = string(e.value[e.pos])
		if e.pos+1 < end {
			after = string(e.value[e.pos+1 : end])
		}
	}
	return cell(before+st.Cursor.Render(at)+after, w)
}

// promptKeys is what every prompt with a text field shows in the help
// line, besides its own: ctrl+u, since a prefilled value is replaced by
// typing but may also be cleared first.
func promptKeys(k *KeyMap) []key.Binding {
	return []key.Binding{withHelp(k.Confirm, "apply"), k.ClearField, withHelp(k.Close, "cancel")}
}

// promptLabel is a prompt's field label and the width it takes, which in
// Chinese is its own: "Why " and "原因 " are not as wide.
func promptLabel(tr *i18n.Printer, key string) (string, int) {
	l := tr.T(key) + " "
	return l, widthOf(l)
}

// snoozePrompt asks how long to snooze: a day, three days, or until a date.
type snoozePrompt struct {
	c        *common
	n        int
	choice   int // 0: 1 day, 1: 3 days, 2: until a date
	date     lineEdit
	dating   bool // typing the date
	err      string
	onSnooze func(s snooze, label string) tea.Cmd
}

// snooze is how long a snooze lasts: for a while from the store's now,
// or until a time.
type snooze struct {
	For   time.Duration
	Until time.Time
}

func newSnoozePrompt(c *common, n int, onSnooze func(snooze, string) tea.Cmd) *snoozePrompt {
	return &snoozePrompt{c: c, n: n, date: newLineEdit("", dateLimit), onSnooze: onSnooze}
}

func (p *snoozePrompt) title() string { return p.c.tr.T("Snooze %s", exceptionsCount(p.c.tr, p.n)) }

func (p *snoozePrompt) paste(text string) {
	if p.dating {
		p.date.paste(strings.TrimSpace(text))
	}
}

func (p *snoozePrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	if key.Matches(msg, k.Close) {
		if p.dating {
			p.dating, p.err = false, ""
			return false, nil
		}
		return true, nil
	}
	if p.dating {
		if key.Matches(msg, k.Confirm) {
			until, err := tracker.ParseDay(p.date.String(), p.c.now)
			if err != nil {
				p.err = p.c.tr.T("until: %s", p.c.tr.Err(err))
				return false, nil
			}
			return true, p.onSnooze(snooze{Until: until}, p.c.tr.T("until %s", followUpDayIn(until, p.c.tr)))
		}
		if p.date.update(msg) {
			p.err = ""
		}
		return false, nil
	}
	switch {
	case key.Matches(msg, k.SnoozeDay):
		return true, p.onSnooze(snooze{For: 24 * time.Hour}, p.c.tr.T("for 1 day"))
	case key.Matches(msg, k.SnoozeDays):
		return true, p.onSnooze(snooze{For: 72 * time.Hour}, p.c.tr.T("for 3 days"))
	case key.Matches(msg, k.SnoozeDate):
		p.startDate()
	case key.Matches(msg, k.Down), key.Matches(msg, k.NextField):
		p.choice = min(2, p.choice+1)
	case key.Matches(msg, k.Up), key.Matches(msg, k.PrevField):
		p.choice = max(0, p.choice-1)
	case key.Matches(msg, k.Confirm):
		switch p.choice {
		case 0:
			return true, p.onSnooze(snooze{For: 24 * time.Hour}, p.c.tr.T("for 1 day"))
		case 1:
			return true, p.onSnooze(snooze{For: 72 * time.Hour}, p.c.tr.T("for 3 days"))
		}
		p.startDate()
	}
	return false, nil
}

// startDate switches to typing the date, offering a week from today,
// selected: what is typed replaces it.
func (p *snoozePrompt) startDate() {
	p.dating, p.choice = true, 2
	if p.date.String() == "" {
		p.date.prefill(p.c.now.AddDate(0, 0, 7).Format("2006-01-02"))
	}
}

func (p *snoozePrompt) body(w int) []string {
	st := p.c.styles
	tr := p.c.tr
	choices := []string{"1  " + tr.T("for 1 day"), "3  " + tr.T("for 3 days"), "d  " + tr.T("until a date")}
	out := make([]string, 0, 6)
	for i, c := range choices {
		if i == p.choice && !p.dating {
			out = append(out, st.Selected.Render(cell("› "+c, w)))
		} else {
			out = append(out, cell("  "+c, w))
		}
	}
	if p.dating {
		label, lw := promptLabel(tr, "Until")
		out = append(out, "", label+p.date.view(max(1, w-lw), st, true),
			st.Dim.Render(cell(tr.Word(tracker.DateForms), w)))
	}
	if p.err != "" {
		out = append(out, st.Error.Render(cell(Sanitize(p.err), w)))
	}
	return out
}

func (p *snoozePrompt) ShortHelp() []key.Binding {
	k := p.c.keys
	if p.dating {
		return promptKeys(k)
	}
	return []key.Binding{k.SnoozeDay, k.SnoozeDays, k.SnoozeDate, withHelp(k.Confirm, "choose"), withHelp(k.Close, "cancel")}
}

func (p *snoozePrompt) FullHelp() [][]key.Binding {
	k := p.c.keys
	if p.dating {
		return [][]key.Binding{p.ShortHelp()}
	}
	return [][]key.Binding{p.ShortHelp(), {withHelp(k.Down, "next choice"), withHelp(k.Up, "previous choice"),
		withHelp(k.NextField, "next choice"), withHelp(k.PrevField, "previous choice")}}
}

// ownerPrompt asks who owns the exceptions; empty takes the owner away.
type ownerPrompt struct {
	c        *common
	n        int
	name     lineEdit
	err      string
	onAssign func(owner string) tea.Cmd
}

// ownerLimit bounds a typed owner name.
const ownerLimit = 64

func newOwnerPrompt(c *common, n int, current string, onAssign func(string) tea.Cmd) *ownerPrompt {
	return &ownerPrompt{c: c, n: n, name: newLineEdit(current, ownerLimit), onAssign: onAssign}
}

func (p *ownerPrompt) title() string { return p.c.tr.T("Owner of %s", exceptionsCount(p.c.tr, p.n)) }

func (p *ownerPrompt) paste(text string) { p.name.paste(strings.TrimSpace(text)) }

func (p *ownerPrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.Confirm):
		owner := strings.TrimSpace(p.name.String())
		if owner == tracker.OwnerNone {
			p.err = p.c.tr.T("%q means nobody in filters; leave the name empty to unassign", owner)
			return false, nil
		}
		return true, p.onAssign(owner)
	}
	if p.name.update(msg) {
		p.err = ""
	}
	return false, nil
}

func (p *ownerPrompt) body(w int) []string {
	st := p.c.styles
	label, lw := promptLabel(p.c.tr, "Name")
	out := []string{label + p.name.view(max(1, w-lw), st, true), st.Dim.Render(cell(p.c.tr.T("empty: nobody owns them"), w))}
	if p.err != "" {
		out = append(out, st.Error.Render(cell(Sanitize(p.err), w)))
	}
	return out
}

func (p *ownerPrompt) ShortHelp() []key.Binding { return promptKeys(p.c.keys) }

func (p *ownerPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// filterPrompt edits the queue's filter: kinds, carrier, destination, owner.
type filterPrompt struct {
	c        *common
	fields   [4]lineEdit
	focus    int
	err      string
	onFilter func(exceptionFilter) tea.Cmd
}

var filterLabels = [4]string{"Kind", "Carrier", "Dest", "Owner"}

func newFilterPrompt(c *common, f exceptionFilter, onFilter func(exceptionFilter) tea.Cmd) *filterPrompt {
	ks := make([]string, len(f.kinds))
	for i, k := range f.kinds {
		ks[i] = string(k)
	}
	p := &filterPrompt{c: c, onFilter: onFilter}
	p.fields[0] = newLineEdit(strings.Join(ks, ", "), 200)
	p.fields[1] = newLineEdit(f.carrier, 40)
	p.fields[2] = newLineEdit(f.dest, 8)
	p.fields[3] = newLineEdit(f.owner, ownerLimit)
	return p
}

func (p *filterPrompt) title() string { return p.c.tr.T("Filter exceptions") }

func (p *filterPrompt) paste(text string) { p.fields[p.focus].paste(strings.TrimSpace(text)) }

func (p *filterPrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.NextField):
		p.focus = (p.focus + 1) % len(p.fields)
		return false, nil
	case key.Matches(msg, k.PrevField):
		p.focus = (p.focus + len(p.fields) - 1) % len(p.fields)
		return false, nil
	case key.Matches(msg, k.Confirm):
		kinds, err := parseKindsIn(p.c.tr, p.fields[0].String())
		if err != nil {
			p.err, p.focus = err.Error(), 0
			return false, nil
		}
		return true, p.onFilter(exceptionFilter{
			kinds:   kinds,
			carrier: strings.ToLower(strings.TrimSpace(p.fields[1].String())),
			dest:    strings.ToUpper(strings.TrimSpace(p.fields[2].String())),
			owner:   strings.TrimSpace(p.fields[3].String()),
		})
	}
	if p.fields[p.focus].update(msg) {
		p.err = ""
	}
	return false, nil
}

// parseKinds reads a list of kinds separated by commas: whole names as the
// store or the screen writes them ("no_tracking", "no tracking") or any
// prefix that names one kind ("cust").
func parseKinds(s string) ([]tracker.ExceptionKind, error) { return parseKindsIn(nil, s) }

// parseKindsIn is parseKinds that also takes a kind by its name in tr's
// language, as the queue shows it (清关, 丢件), and says what is wrong in
// that language. A nil tr is English.
func parseKindsIn(tr *i18n.Printer, s string) ([]tracker.ExceptionKind, error) {
	var out []tracker.ExceptionKind
	shown := map[string]tracker.ExceptionKind{}
	if tr.Lang() != i18n.En {
		for _, k := range tracker.ExceptionKinds {
			shown[tr.T(strings.ReplaceAll(string(k), "_", " "))] = k
		}
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		want := strings.Join(strings.FieldsFunc(strings.ToLower(part), func(r rune) bool {
			return unicode.IsSpace(r) || r == '_' || r == '-'
		}), "_")
		if want == "" {
			continue
		}
		if k, ok := shown[strings.TrimSpace(part)]; ok {
			if !containsKind(out, k) {
				out = append(out, k)
			}
			continue
		}
		var match []tracker.ExceptionKind
		for _, k := range tracker.ExceptionKinds {
			if string(k) == want {
				match = []tracker.ExceptionKind{k}
				break
			}
			if strings.HasPrefix(string(k), want) {
				match = append(match, k)
			}
		}
		switch {
		case len(match) == 0:
			return nil, errors.New(tr.T("no kind %q; kinds: %s", strings.TrimSpace(part), kindNamesIn(tr)))
		case len(match) > 1:
			return nil, errors.New(tr.T("%q could be %s", strings.TrimSpace(part), joinKinds(match, tr.T(" or "))))
		}
		if !containsKind(out, match[0]) {
			out = append(out, match[0])
		}
	}
	return out, nil
}

func containsKind(ks []tracker.ExceptionKind, k tracker.ExceptionKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func kindNames() string { return joinKinds(tracker.ExceptionKinds, ", ") }

// kindNamesIn are the kinds a filter takes, in English as typed
// (no_tracking); in Chinese also by their Chinese names.
func kindNamesIn(tr *i18n.Printer) string {
	if tr.Lang() == i18n.En {
		return kindNames()
	}
	parts := make([]string, len(tracker.ExceptionKinds))
	for i, k := range tracker.ExceptionKinds {
		parts[i] = tr.T(strings.ReplaceAll(string(k), "_", " ")) + " (" + string(k) + ")"
	}
	return strings.Join(parts, tr.T(", "))
}

func joinKinds(ks []tracker.ExceptionKind, sep string) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = string(k)
	}
	return strings.Join(parts, sep)
}

func (p *filterPrompt) body(w int) []string {
	st := p.c.styles
	const labelW = 8
	out := make([]string, 0, 7)
	for i, f := range p.fields {
		label := cell(p.c.tr.T(filterLabels[i]), labelW)
		if i == p.focus {
			label = st.PaneTitleOn.Render(label)
		} else {
			label = st.Dim.Render(label)
		}
		out = append(out, label+f.view(max(1, w-labelW), st, i == p.focus))
	}
	hint := p.c.tr.T("kind: names or prefixes, a,b · owner -: nobody's · empty: any")
	out = append(out, st.Dim.Render(cell(hint, w)))
	if p.err != "" {
		out = append(out, st.Error.Render(cell(Sanitize(p.err), w)))
	}
	return out
}

func (p *filterPrompt) ShortHelp() []key.Binding {
	k := p.c.keys
	return append([]key.Binding{k.NextField}, promptKeys(k)...)
}

func (p *filterPrompt) FullHelp() [][]key.Binding {
	k := p.c.keys
	return [][]key.Binding{{k.NextField, k.PrevField}, promptKeys(k)}
}

// exceptionsCount is "1 exception", "3 exceptions", "3 条异常".
func exceptionsCount(tr *i18n.Printer, n int) string {
	if tr.Lang() == i18n.En {
		// As it always read: the printer would group the digits.
		if n == 1 {
			return "1 exception"
		}
		return strconv.Itoa(n) + " exceptions"
	}
	return tr.T("%d exceptions", n)
}
