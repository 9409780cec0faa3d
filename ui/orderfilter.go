package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// orderFilter is the orders pane's filter line. `/` opens it; every
// keystroke narrows the list as the store reads it (in SQL, by keyset,
// see tracker.ListQuery.Query); Enter keeps the filter and gives the keys
// back to the list, Esc clears it. While it is open it takes every key
// but ctrl+c, as a prompt does, except ↑ ↓ which still move the list.
type orderFilter struct {
	edit    lineEdit
	editing bool
}

// filterLimit bounds what can be typed: the longest tracking numbers are
// about 30 characters, and a few words of a name fit besides.
const filterLimit = 64

// filtering reports whether the filter line has the keys.
func (m *ordersModel) filtering() bool { return m.filter.editing }

// startFilter opens the filter line on the kept filter, selected: typing
// starts a new filter, a cursor key or backspace edits the kept one.
func (m *ordersModel) startFilter() {
	m.filter.editing = true
	m.filter.edit = newLineEdit(m.query, filterLimit)
}

// onFilterKey handles a key while the filter line is open.
func (m *ordersModel) onFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch msg.String() {
	case "esc":
		m.filter.editing = false
		return m.setQuery("")
	case "enter":
		m.filter.editing = false
		return nil
	case "up":
		return m.move(-1)
	case "down":
		return m.move(1)
	case clearFieldKey:
		// ctrl+u is also page up: in the filter line it clears, as in
		// every text field.
		m.filter.edit.update(msg)
		return m.setQuery(m.filter.edit.String())
	}
	if key.Matches(msg, k.PageDown) && msg.Text == "" {
		return m.pageDown()
	}
	if key.Matches(msg, k.PageUp) && msg.Text == "" {
		return m.pageUp()
	}
	if m.filter.edit.update(msg) {
		return m.setQuery(m.filter.edit.String())
	}
	return nil
}

// pasteFilter adds pasted text to the open filter line (or replaces the
// kept filter it was opened with, still selected).
func (m *ordersModel) pasteFilter(text string) tea.Cmd {
	m.filter.edit.paste(text)
	return m.setQuery(m.filter.edit.String())
}

// setQuery reads the list again from its head under query, with its count.
// Reads of an older query still in flight are dropped when they answer.
func (m *ordersModel) setQuery(query string) tea.Cmd {
	if query == m.query {
		return nil
	}
	m.query, m.settledQuery = query, ""
	m.totalKnown = false
	return tea.Batch(m.first(), m.fetchCount())
}

// filterTitle is the pane's title: the filter, and the cursor while it is
// typed. The pane's info beside it counts the rows it matches.
func (m *ordersModel) filterTitle() string {
	name := m.c.tr.T("Orders")
	switch {
	case m.filter.editing:
		return name + " /" + m.filter.edit.String() + "█"
	case m.query != "":
		return name + " /" + m.query
	}
	return name
}

// filterKeys is the help while the filter line is open.
type filterKeys struct{ k *KeyMap }

func (f filterKeys) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑ ↓", "move")),
		f.k.ClearField,
	}
}

func (f filterKeys) FullHelp() [][]key.Binding {
	// The page keys that type nothing page; ctrl+u, which is also page
	// up, clears the filter line, as in every text field.
	return [][]key.Binding{f.ShortHelp(), {
		without(untyped(withHelp(f.k.PageUp, "page up")), clearFieldKey),
		untyped(withHelp(f.k.PageDown, "page down")),
		f.k.HardQuit,
	}}
}
