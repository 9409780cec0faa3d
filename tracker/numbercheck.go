package tracker

import "waybill/tracker/number"

// NumberRefusal is a tracking number refused as typed: it does not
// validate. Its Error is the detector's English (number.Result.Explain),
// which the command line and the English screen print as before; a
// screen in another language renders the Result instead of matching the
// English text.
type NumberRefusal struct{ Result number.Result }

func (r *NumberRefusal) Error() string { return r.Result.Explain() }

// CheckTrackingNumber is what the detector finds of s, and a
// NumberRefusal when it does not validate.
func CheckTrackingNumber(s string) (number.Result, error) {
	det := number.Detect(s)
	if !det.Valid {
		return det, &NumberRefusal{Result: det}
	}
	return det, nil
}
