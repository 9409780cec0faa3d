package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/orderfile"
)

// A pasted list is read by orderfile.ReadPaste, as `waybill paste` reads
// one; the screen checks it against the store off the event loop, since a
// paste may hold thousands of lines, and shows every line's verdict.

type (
	pasteLine = orderfile.PasteLine
	verdict   = orderfile.Verdict
)

const (
	vOK        = orderfile.PasteOK
	vUntracked = orderfile.PasteUntracked
	vInvalid   = orderfile.PasteInvalid
	vDuplicate = orderfile.PasteDuplicate
	vStored    = orderfile.PasteStored
	vBad       = orderfile.PasteBad
	vCount     = orderfile.Verdicts

	maxPasteValue = orderfile.MaxPasteValue
)

// pasteCheckedMsg answers the check of a paste.
type pasteCheckedMsg struct {
	req   int
	lines []pasteLine
	cut   int // non-blank lines left out past the bounds
	err   error
}

// pasteLines counts the non-blank lines of a paste.
func pasteLines(text string) int { return orderfile.PasteLines(text) }

// checkPaste returns the Cmd that reads and checks a paste.
func checkPaste(ctx context.Context, req int, text string, svc *tracker.Service) tea.Cmd {
	return func() tea.Msg {
		lines, cut := orderfile.ReadPaste(text)
		if numbers := orderfile.Numbers(lines); svc != nil && len(numbers) > 0 {
			stored, err := svc.KnownNumbers(ctx, numbers)
			if err != nil {
				return pasteCheckedMsg{req: req, err: err}
			}
			orderfile.MarkStored(lines, stored)
		}
		return pasteCheckedMsg{req: req, lines: lines, cut: cut}
	}
}
