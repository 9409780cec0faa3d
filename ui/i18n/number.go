package i18n

import (
	"errors"
	"strings"

	"waybill/tracker"
	"waybill/tracker/number"
)

// The tracking number detector's words (tracker/number): its notes on a
// number, and a number refused as typed (tracker.NumberRefusal), for the
// add form and the command line alike. The detector says them in English;
// tracker reads a note back into the format it was written by
// (tracker.DetectorNotePhrase), which the catalog has, and a note in no
// known form (a carrier's service) reads as the catalog has its text, or
// as written.

// DetectorNote is number.Result.Note in the printer's language: a refused
// number's note by its format (the number's characters and the scheme's
// name as they are), the AliExpress order number mix-up also when it
// leads a longer note, and any other as the catalog has it or as the
// detector wrote it.
func (p *Printer) DetectorNote(note string) string {
	note = strings.TrimSpace(note)
	if p.Lang() != Zh || note == "" {
		return note
	}
	if ph, ok := tracker.DetectorNotePhrase(note); ok {
		return p.Phrase(ph)
	}
	return p.Word(note)
}

// NumberReason is number.Result.Reason (an import's problem with a
// tracking number) in the printer's language, as far as tracker knows its
// form (tracker.NumberReasonPhrase); any other reason as it was written.
func (p *Printer) NumberReason(reason string) string {
	if p.Lang() != Zh {
		return reason
	}
	if ph, ok := tracker.NumberReasonPhrase(reason); ok {
		return p.Phrase(ph)
	}
	return p.DetectorNote(reason)
}

// OrderNumberNote is the detector's note on an AliExpress order number
// typed where the tracking number goes.
const OrderNumberNote = "This looks like an AliExpress order number, not a tracking number: the tracking number is under the order's \"Track order\" page."

// Number is number.Result.Explain in the printer's language: why the
// number does not validate, and the suggestions.
func (p *Printer) Number(r number.Result) string {
	if p.Lang() != Zh {
		return r.Explain()
	}
	msg := p.DetectorNote(r.Note)
	if msg == "" {
		msg = p.T("not a known tracking number format")
	}
	if r.Checksum == number.ChecksumBad {
		msg = p.T("the check digit does not match. ") + msg
	}
	if len(r.Suggestions) > 0 {
		msg = strings.TrimRight(msg, ".。") + p.T("; did you mean %s?", strings.Join(r.Suggestions, p.T(" or ")))
	}
	return msg
}

// numberRefusal is err's tracker.NumberRefusal said in the printer's
// language in place of its English within err's text; ok false when err
// holds none.
func (p *Printer) numberRefusal(err error, msg string) (string, bool) {
	var r *tracker.NumberRefusal
	if !errors.As(err, &r) {
		return msg, false
	}
	en := r.Error()
	i := strings.LastIndex(msg, en)
	if i < 0 {
		return msg, false
	}
	return msg[:i] + p.Number(r.Result) + msg[i+len(en):], true
}
