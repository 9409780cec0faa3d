package ui

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
)

// listFilter is `/` on a pane whose rows are read whole (the exceptions
// queue's page, the alert list), behaving as the Orders pane's filter
// does: typing narrows the rows shown at each key, the filter stands in
// the pane's title, Enter keeps it and gives the keys back to the pane,
// Esc clears it. Opened again, it offers the kept filter selected, so
// typing starts a new one. It narrows what the pane has read, in memory:
// no read per key.
type listFilter struct {
	edit    lineEdit
	editing bool
	query   string
	words   []string // query's words, lower case
}

// start opens the filter line on the kept filter, selected.
func (f *listFilter) start() {
	f.editing = true
	f.edit = newLineEdit(f.query, filterLimit)
}

// active reports whether a filter narrows the rows.
func (f *listFilter) active() bool { return len(f.words) > 0 }

// set makes query the filter and reports whether that changed it.
func (f *listFilter) set(query string) bool {
	if query == f.query {
		return false
	}
	f.query = query
	f.words = filterWords(query)
	return true
}

// clear drops the filter and closes the line, reporting whether there was
// one.
func (f *listFilter) clear() bool {
	f.editing = false
	return f.set("")
}

// key handles a key while the line is open: Enter keeps the filter, Esc
// clears it, editing keys change it. It reports whether the filter
// changed, and whether the key was the line's (up, down and the page keys
// are the pane's, to move while typing).
func (f *listFilter) key(msg tea.KeyPressMsg) (changed, used bool) {
	switch msg.String() {
	case "esc":
		return f.clear(), true
	case "enter":
		f.editing = false
		return false, true
	case "up", "down", "pgup", "pgdown":
		return false, false
	}
	if f.edit.update(msg) {
		return f.set(f.edit.String()), true
	}
	return false, true // the line takes every key, as a prompt does
}

// paste adds pasted text to the open line.
func (f *listFilter) paste(text string) bool {
	f.edit.paste(strings.TrimSpace(text))
	return f.set(f.edit.String())
}

// title is the pane's title with the filter: "Alerts /lost", and the
// cursor while it is typed.
func (f *listFilter) title(name string) string {
	switch {
	case f.editing:
		return name + " /" + f.edit.String() + "█"
	case f.query != "":
		return name + " /" + f.query
	}
	return name
}

// matches reports whether every word of the filter begins a word of one
// of the fields, ignoring case, as the orders filter matches.
func (f *listFilter) matches(fields ...string) bool {
	if len(f.words) == 0 {
		return true
	}
	var have []string
	for _, fl := range fields {
		have = append(have, filterWords(fl)...)
	}
	for _, w := range f.words {
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// filterWords splits where the orders filter splits (anything but letters
// and digits), lower case.
func filterWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
