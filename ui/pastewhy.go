package ui

import "waybill/ui/i18n"

// pasteWhy is why a pasted line is not added, in the session's language:
// a reason of the paste's own by its format (a repeat of line 2, too many
// values), else the detector's note by its forms.
func pasteWhy(tr *i18n.Printer, l pasteLine) string {
	if ph, ok := l.WhyPhrased(); ok {
		return tr.Phrase(ph)
	}
	return detectorNote(tr, l.Why)
}
