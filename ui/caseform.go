package ui

import (
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// A case step's inputs are a form: a few fields the person moves into with
// tab. Outside the fields, letters are the step's commands; inside a text
// field they are typed, so the commands wait until esc (or tab past the
// last field). Checkboxes and choices take space and ←/→ and leave the
// letters to the commands.

type fieldKind int

const (
	fieldText   fieldKind = iota // one line (lineEdit)
	fieldArea                    // several lines (bubbles textarea): a message body
	fieldCheck                   // a checkbox
	fieldChoice                  // one of a few values
)

// Keys of the fields a step reads back by name.
const (
	fSubject   = "subject"
	fBody      = "body"
	fAnswer    = "answer"
	fReference = "reference"
	fFollowUp  = "follow_up"
	fETA       = "eta"
	fNumber    = "number"
	fAmount    = "amount"
	fCurrency  = "currency"
	fPartial   = "partial"
	fDuties    = "duties"
	fShare     = "share"
	fAddress   = "address"
	fPhone     = "phone"
	fEvidence  = "evidence"
	fDocPrefix = "doc:" // + the document's name
)

type formField struct {
	key     string
	label   string
	kind    fieldKind
	edit    lineEdit
	area    *textarea.Model
	on      bool
	choices []string
	choice  int
}

// form is the ordered fields of one step (or one solution).
type form struct {
	fields []*formField
}

func (f *form) add(fl *formField) *formField {
	f.fields = append(f.fields, fl)
	return fl
}

func (f *form) text(key, label, value string, limit int) *formField {
	return f.add(&formField{key: key, label: label, kind: fieldText, edit: newLineEdit(value, limit)})
}

func (f *form) check(key, label string, on bool) *formField {
	return f.add(&formField{key: key, label: label, kind: fieldCheck, on: on})
}

func (f *form) choice(key, label string, choices []string, sel int) *formField {
	return f.add(&formField{key: key, label: label, kind: fieldChoice, choices: choices, choice: sel})
}

func (f *form) areaField(key string, st *Styles) *formField {
	a := newArea(st)
	return f.add(&formField{key: key, kind: fieldArea, area: &a})
}

// get returns the field with key, nil when the form has none.
func (f *form) get(key string) *formField {
	if f == nil {
		return nil
	}
	for _, fl := range f.fields {
		if fl.key == key {
			return fl
		}
	}
	return nil
}

// value is a field's text: typed, picked, or "" when there is no such field.
func (f *form) value(key string) string {
	fl := f.get(key)
	switch {
	case fl == nil:
		return ""
	case fl.kind == fieldText:
		return strings.TrimSpace(fl.edit.String())
	case fl.kind == fieldArea:
		return fl.area.Value()
	case fl.kind == fieldChoice && fl.choice < len(fl.choices):
		return fl.choices[fl.choice]
	}
	return ""
}

// set replaces a text or area field's value.
func (f *form) set(key, value string) {
	fl := f.get(key)
	switch {
	case fl == nil:
	case fl.kind == fieldText:
		fl.edit = newLineEdit(value, fl.edit.limit)
	case fl.kind == fieldArea:
		fl.area.SetValue(value)
		fl.area.MoveToBegin()
	}
}

// typing reports whether the field takes printable keys as text.
func (fl *formField) typing() bool { return fl.kind == fieldText || fl.kind == fieldArea }

// newArea is a textarea for a message body, in our styles: no line
// numbers or prompt (the pane has a border), a steady cursor (a blinking one
// would schedule a tick per blink), no limit on the length of a message.
func newArea(st *Styles) textarea.Model {
	a := textarea.New()
	a.ShowLineNumbers = false
	a.Prompt = ""
	a.CharLimit = 0
	a.MaxHeight = 0
	a.EndOfBufferCharacter = ' '
	s := textarea.DefaultStyles(st.isDark)
	plainText := lipgloss.NewStyle()
	for _, ss := range []*textarea.StyleState{&s.Focused, &s.Blurred} {
		ss.CursorLine = plainText
		ss.Text = plainText
		ss.EndOfBuffer = plainText
		ss.Prompt = plainText
	}
	s.Cursor.Blink = false
	a.SetStyles(s)
	return a
}

// areaKey gives a key to a textarea and returns its command.
func areaKey(fl *formField, msg tea.Msg) tea.Cmd {
	a, cmd := fl.area.Update(msg)
	*fl.area = a
	return cmd
}
