package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// KeyMap holds every binding of the screen. Each session gets its own copy
// (see DefaultKeyMap), so a later per-user rebinding from the config changes
// one session and never another; help is generated from these bindings, so
// it always shows the keys that are actually bound.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	NextPane key.Binding
	PrevPane key.Binding
	Open     key.Binding
	Refresh  key.Binding
	Help     key.Binding // the full help of the view, over it; scrolls
	Quit     key.Binding
	Palette  key.Binding // every action of the view, by name: type to narrow, enter runs it

	// The triage queue.
	Acknowledge key.Binding
	Resolve     key.Binding
	Snooze      key.Binding
	Assign      key.Binding
	Mark        key.Binding
	ClearMarks  key.Binding
	Filter      key.Binding
	ClearFilter key.Binding
	Complaint   key.Binding
	QueueView   key.Binding // the queue: open → acknowledged → snoozed → resolved → all
	History     key.Binding // the queue: the selected exception's log
	Undo        key.Binding // the last triage action of this session (a stack)
	Watch       key.Binding // the orders list
	Search      key.Binding // the orders list: type to narrow it
	Alerts      key.Binding // everywhere: the in-app alert list
	Close       key.Binding // a prompt or the alert list
	Confirm     key.Binding // a prompt
	NextField   key.Binding // the filter form
	ClearField  key.Binding // any text field: clear it (lineEdit handles it; help shows it)
	PrevField   key.Binding
	SnoozeDay   key.Binding // the snooze prompt
	SnoozeDays  key.Binding
	SnoozeDate  key.Binding

	// The case view (Complaint opens it from the orders or the queue).
	Back        key.Binding // back to the panes; the case stays as it is
	Edit        key.Binding // edit the message, or the step's first field
	Field       key.Binding // into the step's fields, one by one, and out
	FieldPrev   key.Binding
	Leave       key.Binding // out of a field
	Toggle      key.Binding // a checkbox or a choice
	Language    key.Binding // the message's language
	Copy        key.Binding // the message, to the clipboard (OSC 52)
	Email       key.Binding // the message, to the buyer
	Record      key.Binding // the message was sent
	Submit      key.Binding // record the step: verify, solve
	Investigate key.Binding // request a logistics investigation
	FollowUp    key.Binding // set the next follow-up date
	CloseCase   key.Binding
	Reopen      key.Binding
	NewCase     key.Binding
	PrevStep    key.Binding
	NextStep    key.Binding
	Choose      key.Binding // a solution by its number
	Bundle      key.Binding // the case's evidence ZIP, for a dispute
	HardQuit    key.Binding // quit from anywhere, even a text field

	// Orders in: the orders list opens the add form and the import; the
	// add form, the paste and the import sheets take the rest.
	Add        key.Binding
	Import     key.Binding
	Suggestion key.Binding // take the tracking number's suggestion N
	Force      key.Binding // a paste: add the numbers that do not validate, unverified
	WriteAll   key.Binding // an import: every row, or nothing
	WriteGood  key.Binding // an import: the good rows, skipping the bad
	// The order view (Open on an order): Copy, Edit, Complaint and Refresh
	// work there too.
	Browse key.Binding // open the parcel's tracking page in the browser
	Extend key.Binding // extend a marketplace order's buyer protection
	// The carrier scorecard (Scorecard opens it; Back leaves it).
	Scorecard key.Binding
	GroupBy   key.Binding // carrier → route → method
	Window    key.Binding // the time window: 30, 90, 180 days, all
	// The cases list (Cases opens it; Filter cycles its filters, Open
	// resumes a case, Reopen reopens a closed one, Back leaves it).
	Cases      key.Binding
	PickFilter key.Binding // a filter by its number
	// The claims ledger (Claims opens it; Filter cycles its states, Back
	// leaves it).
	Claims key.Binding
}

// clearFieldKey clears a text field (see lineEdit). The editing keys of a
// text field are the shell's, fixed; this one is in the key map so the
// forms' help can say how to clear a prefilled value.
const clearFieldKey = "ctrl+u"

// DefaultKeyMap returns a fresh key map with the default bindings.
// The labels help shows are made from the keys (relabel), so a binding
// changed by [keys] in the config shows its own keys.
func DefaultKeyMap() *KeyMap {
	return relabel(&KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		NextPane: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevPane: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("S-tab", "prev pane")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		// f1 too: it types nothing, so it opens help from a text field.
		Help:    key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "help")),
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Palette: key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "commands")),

		Acknowledge: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "ack")),
		// Capital: closing by hand is the one triage action that removes
		// a row, so it should not be a slip of the finger.
		Resolve:     key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "resolve")),
		Snooze:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "snooze")),
		Assign:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "owner")),
		Mark:        key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark")),
		ClearMarks:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "unmark all")),
		Filter:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "clear filter")),
		Complaint:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "case")),
		QueueView:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "view")),
		History:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "log")),
		Undo:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Watch:       key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "watch")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Alerts:      key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "alerts")),
		Close:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		Confirm:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		NextField:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		ClearField:  key.NewBinding(key.WithKeys(clearFieldKey), key.WithHelp(clearFieldKey, "clear")),
		PrevField:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("S-tab", "prev field")),
		SnoozeDay:   key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "1 day")),
		SnoozeDays:  key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "3 days")),
		SnoozeDate:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "until a date")),

		Back:        key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "back")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Field:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		FieldPrev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("S-tab", "prev field")),
		Leave:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave field")),
		Toggle:      key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		Language:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "language")),
		Copy:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy")),
		Email:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "email buyer")),
		Record:      key.NewBinding(key.WithKeys("enter", "s"), key.WithHelp("enter/s", "record sent")),
		Submit:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "record")),
		Investigate: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "investigation")),
		FollowUp:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "set follow-up")),
		CloseCase:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "close case")),
		Reopen:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "reopen")),
		Bundle:      key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "evidence bundle")),
		NewCase:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new case")),
		PrevStep:    key.NewBinding(key.WithKeys("["), key.WithHelp("[", "step back")),
		NextStep:    key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "step on")),
		Choose:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "solution")),
		HardQuit:    key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),

		Add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add")),
		Import: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import")),
		// alt: the tracking field takes digits as text.
		Suggestion: key.NewBinding(key.WithKeys("alt+1", "alt+2", "alt+3", "alt+4", "alt+5", "alt+6", "alt+7", "alt+8", "alt+9"),
			key.WithHelp("alt+1-9", "use suggestion")),
		Force:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "add invalid too")),
		WriteAll:  key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write all")),
		WriteGood: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "write good rows")),
		Browse:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open tracking page")),
		Extend:    key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "extend protection")),
		Scorecard: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "scorecard")),
		GroupBy:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "group by")),
		Window:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "time window")),
		// Capital, as S: the panes' own keys are lower case.
		Cases:      key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "cases")),
		PickFilter: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1-5", "open·due·mine·closed·all")),
		// $: the money asked back from carriers and insurers.
		Claims: key.NewBinding(key.WithKeys("$"), key.WithHelp("$", "claims")),
	})
}

// withHelp returns a copy of b with another description, so a component can
// say what a shared key does in its own context ("enter: timeline").
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// moveHelp is up and down as one entry, for the one-line help.
func moveHelp(k *KeyMap) key.Binding {
	keys := append(append([]string(nil), k.Up.Keys()...), k.Down.Keys()...)
	two := func(ks []string) []string { return ks[:min(2, len(ks))] }
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyLabel(two(k.Up.Keys()))+" "+keyLabel(two(k.Down.Keys())), "move"))
}

// enabledIf returns a copy of b that is disabled when ok is false; help hides
// disabled bindings and key.Matches ignores them.
func enabledIf(b key.Binding, ok bool) key.Binding {
	b.SetEnabled(ok && b.Enabled())
	return b
}

// keyHelp composes the focused component's keys with the global ones, the
// way soft-serve's footer does, so help shows exactly what works right now.
type keyHelp struct {
	local       help.KeyMap
	shortGlobal []key.Binding
	fullGlobal  []key.Binding
	// title names the view in the full help ("Orders pane"); mouse says
	// what the mouse does there, a line each.
	title string
	mouse []string
	// fields are the editing keys of the text field keys go to, where
	// they are typed (lineEditHelp, or the message editor's).
	fields []key.Binding
}

func (h keyHelp) ShortHelp() []key.Binding {
	local := h.local.ShortHelp()
	out := make([]key.Binding, 0, len(local)+len(h.shortGlobal))
	return append(append(out, local...), h.shortGlobal...)
}

func (h keyHelp) FullHelp() [][]key.Binding {
	return append(h.local.FullHelp(), h.fullGlobal)
}

// without is b without the key k, its label made again; disabled when no
// key is left.
func without(b key.Binding, k string) key.Binding {
	var keys []string
	for _, x := range b.Keys() {
		if x != k {
			keys = append(keys, x)
		}
	}
	if len(keys) == 0 {
		b.SetEnabled(false)
		return b
	}
	b.SetKeys(keys...)
	b.SetHelp(shortLabel(keys), b.Help().Desc)
	return b
}
