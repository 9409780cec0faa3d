package i18n

import (
	"errors"
	"regexp"
	"strings"

	"waybill/tracker"
	"waybill/tracker/number"
)

// The tracking number detector's words (tracker/number): its notes on a
// number, and a number refused as typed (tracker.NumberRefusal), for the
// add form and the command line alike. The detector says them in English
// and is not rewritten here; the catalog has the notes under their English
// text, and a note it lacks (a carrier's service) reads as written.

// DetectorNote is number.Result.Note in the printer's language: a note the
// catalog has is translated, the AliExpress order number mix-up also
// when it leads a longer note, and any other (a carrier's service, a
// check digit's arithmetic) stays as the detector wrote it.
func (p *Printer) DetectorNote(note string) string {
	note = strings.TrimSpace(note)
	if p.Lang() != Zh || note == "" {
		return note
	}
	if rest, ok := strings.CutPrefix(note, OrderNumberNote); ok && rest != "" {
		return p.Word(OrderNumberNote) + p.DetectorNote(rest)
	}
	if m := checkDigitNote.FindStringSubmatch(note); m != nil {
		return p.T("The check digit (%s) does not match: by %s the other characters call for %s. A character is probably mistyped or swapped; see the suggestions.", m[1], m[2], m[3])
	}
	if m := checkDigitNote91.FindStringSubmatch(note); m != nil {
		return p.T("The check digit does not match (%s, with or without the implied 91 prefix): a character is probably mistyped or swapped; see the suggestions.", m[1])
	}
	return p.Word(note)
}

// checkDigitNote and checkDigitNote91 are the detector's notes on a check
// digit that does not match (number's badNote), the scheme's name and the
// digits in them (ui's TestDetectorNotesAreKnown holds them to the detector).
var (
	checkDigitNote   = regexp.MustCompile(`^The check digit \((.)\) does not match: by (.+) the other characters call for (.)\. A character is probably mistyped or swapped; see the suggestions\.$`)
	checkDigitNote91 = regexp.MustCompile(`^The check digit does not match \((.+), with or without the implied 91 prefix\): a character is probably mistyped or swapped; see the suggestions\.$`)
)

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
