package ui

import (
	"strings"

	"waybill/tracker/orderfile"
	"waybill/ui/i18n"
)

// pasteWhy is why a pasted line is not added, in the session's language:
// a reason of the paste's own by its format (a repeat of line 2, too many
// values), the suggestions for a number that does not validate and the
// detector's note after them, else the detector's note by its forms.
func pasteWhy(tr *i18n.Printer, l pasteLine) string {
	if ph, ok := l.WhyPhrased(); ok {
		return tr.Phrase(ph)
	}
	if tr.Lang() != i18n.En && l.Verdict == orderfile.PasteInvalid && len(l.Suggestions) > 0 {
		return tr.T("did you mean %s? %s", strings.Join(l.Suggestions, tr.T(" or ")), detectorNote(tr, l.Note()))
	}
	return detectorNote(tr, l.Why)
}

// PasteWhy is why a pasted line is not added, in tr's language, as the
// paste sheet says it: for `waybill paste`. English is the line's Why.
func PasteWhy(tr *i18n.Printer, l orderfile.PasteLine) string {
	if tr.Lang() == i18n.En {
		return l.Why // as the command always printed it
	}
	return pasteWhy(tr, l)
}
