package tracker

import "waybill/tracker/number"

// NumberRefusal is a tracking number refused as typed: it does not
// validate. Its Error is the detector's English (number.Result.Explain),
// which the command line and the English screen print as before; a
// screen in another language renders the Result instead of matching the
// English text.
type NumberRefusal struct{ Result number.Result }

func (r *NumberRefusal) Error() string { return r.Result.Explain() }

// NotFound is a lookup a person asked for that matched nothing, as a
// Phrase: its Error is the English it always was, errors.Is(err,
// ErrNotFound) holds, and a screen or the command line in another
// language renders the Phrase (the id or number as given stays a value).
type NotFound struct{ Phrase }

func (e *NotFound) Error() string { return e.String() }
func (e *NotFound) Unwrap() error { return ErrNotFound }

// notFound is a NotFound of format and args.
func notFound(format string, args ...any) error {
	return &NotFound{Phrase{Format: format, Args: args}}
}

// Phrased is the phrase an error was made from (a Refusal's, a
// NotFound's), for a reader to render in its language.
func (p Phrase) Phrased() Phrase { return p }

// CheckTrackingNumber is what the detector finds of s, and a
// NumberRefusal when it does not validate.
func CheckTrackingNumber(s string) (number.Result, error) {
	det := number.Detect(s)
	if !det.Valid {
		return det, &NumberRefusal{Result: det}
	}
	return det, nil
}
