package ui

import (
	"errors"
	"strings"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/ui/i18n"
)

// The words of the forms that come from tracker: the detector's notes on a
// tracking number and the reasons a write refuses a field. Tracker says
// them in English and is not rewritten here; the screen translates the
// ones it knows (the catalog has them under their English text) and shows
// any other as tracker wrote it.

// fieldName is a form field's name inside a sentence: the label in lower
// case in English ("order no is required"), the label itself in Chinese.
func (f *addForm) fieldName(fl *addField) string {
	if f.c.tr.Lang() == i18n.Zh {
		return f.c.tr.Word(fl.label)
	}
	return strings.ToLower(fl.label)
}

// detectorNote is number.Result.Note in the printer's language
// (Printer.DetectorNote).
func detectorNote(tr *i18n.Printer, note string) string { return tr.DetectorNote(note) }

// orderNumberNote is the detector's note on an AliExpress order number
// (TestDetectorNotesAreKnown holds it to the detector's own).
const orderNumberNote = i18n.OrderNumberNote

// numberReason is number.Result.Reason (an import's problem with a
// tracking number) in the printer's language, as far as the catalog knows
// its note; any other reason as it was written.
func numberReason(tr *i18n.Printer, reason string) string { return tr.NumberReason(reason) }

// explainNumber is number.Result.Explain in the printer's language
// (Printer.Number).
func explainNumber(tr *i18n.Printer, r number.Result) string { return tr.Number(r) }

// errorText is a write's error in the printer's language: the fields a
// write refused (tracker.FieldErrors), each as field, value and reason,
// when the reasons are ones the catalog knows; anything else as tracker
// wrote it. English is always tracker's text, unchanged.
func errorText(tr *i18n.Printer, err error) string {
	var fes tracker.FieldErrors
	if tr.Lang() != i18n.Zh {
		return err.Error()
	}
	if !errors.As(err, &fes) {
		return tr.Err(err) // a store's or tracker's error with a phrase: said in Chinese
	}
	parts := make([]string, len(fes))
	for i, fe := range fes {
		parts[i] = fieldErrorText(tr, fe)
	}
	return strings.Join(parts, "；")
}

// fieldErrorText is one refused field: its name, the value as given and
// the reason, translated when the reason is one of tracker.FieldProblem's.
func fieldErrorText(tr *i18n.Printer, fe tracker.FieldError) string {
	return tr.T("%s %q: %s", tr.WordOr("field:"+fe.Field, fe.Field), fe.Value, fieldReason(tr, fe.Reason))
}

// fieldReason is a reason of tracker.FieldProblem in the printer's
// language. The known reasons are asked of tracker itself, so a reworded
// reason falls back to tracker's English rather than to a wrong
// translation.
func fieldReason(tr *i18n.Printer, reason string) string {
	long := strings.Repeat("x", tracker.MaxFieldBytes+1)
	switch reason {
	case tracker.TextProblem(long):
		return tr.T("not text of at most %d bytes", tracker.MaxFieldBytes)
	case tracker.FieldProblem(tracker.FieldEmail, "x"):
		return tr.T("not an email address such as ana@example.com")
	case tracker.FieldProblem(tracker.FieldCurrency, "x"):
		return tr.T("not a currency: want an ISO 4217 code such as USD")
	case tracker.FieldProblem(tracker.FieldHSCode, "x"):
		return tr.T("not an HS code: want 6 to 10 digits")
	case tracker.FieldProblem(tracker.FieldPackaging, strings.Repeat("x", tracker.MaxPackagingRunes+1)):
		return tr.T("longer than %d characters: packaging notes are a few words, such as \"double box, bubble wrap\"", tracker.MaxPackagingRunes)
	}
	return reason
}

// shownError is an error as a view shows it, said in the session's
// language once, when it comes in: never in View, which runs every frame.
type shownError struct {
	text string
	err  error
}

func (e shownError) Error() string { return e.text }
func (e shownError) Unwrap() error { return e.err }

// said is err as the screen says it (errorText), nil for nil.
func said(tr *i18n.Printer, err error) error {
	if err == nil {
		return nil
	}
	return shownError{text: errorText(tr, err), err: err}
}
