package tracker

import (
	"strings"
	"unicode/utf8"

	"waybill/tracker/number"
)

// maxLastMileNo and maxLastMileCarrier bound what is kept of a last-mile
// number and carrier name: real ones are a few dozen characters, and a
// service that sends a page of text where a number belongs must not fill
// every screen and message with it.
const (
	maxLastMileNo      = 64
	maxLastMileCarrier = 64
)

// CleanLastMile is lm as it may be stored and shown for a parcel shipped as
// own: the number normalized as numbers are (number.Normalize), the carrier
// on one line without terminal controls, and nothing at all when the number
// is empty, too long to be one, or the parcel's own number (a service that
// names the number it was asked about has told of no change). A carrier
// without a number says nothing either.
func CleanLastMile(lm LastMile, own string) LastMile {
	n := number.Normalize(Sanitize(lm.TrackingNo))
	if n == "" || len(n) > maxLastMileNo || n == number.Normalize(own) || strings.ContainsRune(n, utf8.RuneError) {
		return LastMile{}
	}
	return LastMile{TrackingNo: n, Carrier: OneLine(lm.Carrier, maxLastMileCarrier)}
}

// IsZero reports whether lm names no number.
func (lm LastMile) IsZero() bool { return lm.TrackingNo == "" }
