package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// A sheet covers the panes, as a complaint case does, for work too big for
// a prompt's box: the add form, a pasted list's confirmation, an import.
// While one is open it takes every key but ctrl+c (its text fields take q
// and ?), every paste, and the answers of its own reads and writes; its
// help is the whole help line, because only its keys work.
type sheet interface {
	help.KeyMap
	// head is the title and the info set into the top border.
	head() (title, info string)
	key(msg tea.KeyPressMsg) tea.Cmd
	paste(text string) tea.Cmd
	// result takes the answer of one of the sheet's reads or writes.
	result(msg tea.Msg) tea.Cmd
	// resize tells the sheet its inner size.
	resize(w, h int)
	// body draws the inner lines for an inner size.
	body(w, h int) []string
	// closed reports that the sheet is done, with what the status bar
	// should say about it.
	closed() (note string, isErr, done bool)
}

// openSheet shows a sheet over the panes; the help line changes with it.
func (a *App) openSheet(s sheet, cmd tea.Cmd) tea.Cmd {
	a.sheet = s
	return tea.Batch(cmd, a.relayout())
}

// afterSheet closes the sheet if it is done.
func (a *App) afterSheet(cmd tea.Cmd) tea.Cmd {
	if a.sheet == nil {
		return cmd
	}
	note, isErr, done := a.sheet.closed()
	if !done {
		return cmd
	}
	a.sheet = nil
	if note != "" {
		a.status.say(note, isErr)
	}
	return tea.Batch(cmd, a.relayout())
}

func (a *App) onSheetKey(msg tea.KeyPressMsg) tea.Cmd {
	if key := msg.String(); key == "ctrl+c" {
		return a.quit()
	}
	return a.afterSheet(a.sheet.key(msg))
}

// onWritten follows a write of orders from a sheet: the sheet shows the
// result; without a hub nobody else tells the panes, so they re-read; a
// single new parcel is selected in the orders list.
func (a *App) onWritten(msg writtenMsg) tea.Cmd {
	var cmds []tea.Cmd
	if a.sheet != nil {
		cmds = append(cmds, a.sheet.result(msg))
	}
	if msg.err == nil && msg.done > 0 {
		if a.sub == nil {
			cmds = append(cmds, a.reloadAll(nil))
		}
		if msg.shipmentID != 0 {
			a.focus = focusOrders
			cmds = append(cmds, a.orders.jumpTo(msg.shipmentID, msg.cursor))
		}
	}
	return a.afterSheet(tea.Batch(cmds...))
}

// sheetView draws the open sheet over the panes' area.
func (a *App) sheetView() []string {
	r := a.lay.alerts
	title, info := a.sheet.head()
	return a.c.styles.pane(Sanitize(title), Sanitize(info), a.sheet.body(max(1, r.w-2), max(1, r.h-2)), r.w, r.h, true)
}

// wrapText breaks sanitized text into lines of at most w cells, at most
// n lines; a cut last line ends with an ellipsis.
func wrapText(s string, w, n int) []string {
	if w <= 0 || n <= 0 || s == "" {
		return nil
	}
	lines := strings.Split(ansi.Wrap(s, w, ""), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = cell(strings.TrimRight(lines[n-1], " ")+" …", w)
	}
	return lines
}
