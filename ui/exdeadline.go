package ui

import (
	"strings"
	"time"

	"waybill/tracker"
)

// deadlinePart is the fact of a queue row whose order or parcel has a
// deadline due soon (the store put it first): its kind and the time left,
// "ship by 1d 4h" or "dispute reply overdue 3h", shortened to the time
// left alone. It outranks every other fact: it is what costs money.
func deadlinePart(x tracker.ExceptionRow, now time.Time) (statePart, bool) {
	if x.DeadlineDue.IsZero() {
		return statePart{}, false
	}
	left := tracker.TimeLeft(x.DeadlineDue, now)
	kind := strings.ReplaceAll(string(x.DeadlineKind), "_", " ")
	return statePart{forms: []string{kind + " " + left, left}, rank: rankFollowUp - 1}, true
}
