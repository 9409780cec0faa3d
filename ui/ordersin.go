package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Orders come in from the orders pane three ways: `a` (one order, typed),
// a paste (one number opens the form with it, many lines the paste
// sheet), and `i` (a file). Each refuses a viewer, and a session without
// a port to write through, with a word in the status bar.

// mayAdd says why the session cannot add orders, or "".
func (a *App) mayAdd(what string) string { return a.mayChange(what) }

// mayCase says why `c` cannot open a complaint case, or "".
func (a *App) mayCase() string {
	if !a.c.hasCases() {
		return a.c.tr.T("this session cannot keep complaint cases (no case store)")
	}
	return a.mayChange("open complaint cases")
}

// mayChange says why the session cannot do what, or "".
func (a *App) mayChange(what string) string {
	switch {
	case a.c.svc == nil:
		return readOnlyStoreNoteIn(what, a.c.tr)
	case a.c.readOnly:
		return readOnlyNoteIn(what, a.c.tr)
	}
	return ""
}

func (a *App) openAddForm(tracking string) tea.Cmd {
	if why := a.mayAdd("add orders"); why != "" {
		a.status.say(why, true)
		return nil
	}
	return a.openSheet(newAddForm(a.c, tracking), nil)
}

func (a *App) openImport() tea.Cmd {
	if why := a.mayAdd("import orders"); why != "" {
		a.status.say(why, true)
		return nil
	}
	if !a.c.importOn {
		// Over SSH a path names a file on the server, not the agent's.
		a.status.say(a.c.tr.T("import is off in this session: it would read files on the server; `waybill import` there, or [ssh] allow_import for admins"), true)
		return nil
	}
	return a.openSheet(newImportSheet(a.c), nil)
}

// pasteInOrders takes a paste on the orders pane: one line is a number to
// add with the form, more are a list to confirm.
func (a *App) pasteInOrders(text string) tea.Cmd {
	switch n := pasteLines(text); {
	case n == 0:
		return nil
	case n == 1:
		return a.openAddForm(strings.TrimSpace(text))
	}
	return a.openPaste(text, a.selectedOrderNo())
}

func (a *App) selectedOrderNo() string {
	if r, ok := a.orders.Selected(); ok {
		return r.OrderNo
	}
	return ""
}

func (a *App) openPaste(text, order string) tea.Cmd {
	if why := a.mayAdd("add orders"); why != "" {
		a.status.say(why, true)
		return nil
	}
	p, cmd := newPasteSheet(a.c, text, order)
	return a.openSheet(p, cmd)
}

// onSheetPaste gives a paste to the open sheet; many lines pasted into
// the form's tracking number become the paste sheet, for the order the
// form names (else the selected one).
func (a *App) onSheetPaste(text string) tea.Cmd {
	if f, ok := a.sheet.(*addForm); ok && f.onTracking() && f.req == 0 && pasteLines(text) > 1 {
		order := f.value(afOrder)
		if order == "" {
			order = a.selectedOrderNo()
		}
		a.sheet = nil
		return a.openPaste(text, order)
	}
	return a.afterSheet(a.sheet.paste(text))
}
