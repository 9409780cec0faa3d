package ui

import (
	"strconv"
	"time"

	"waybill/tracker"
)

// etaText is an ETA in a few cells: "ETA 12-03 · carrier's estimate", or for history
// "ETA 12-03 · 11-30–12-08" (the likeliest day, then 8 in 10 parcels' range).
func etaText(e tracker.ETA, loc *time.Location) string {
	d := func(t time.Time) string { return t.In(loc).Format("01-02") }
	if e.Source == tracker.ETAFromCarrier {
		return "ETA " + d(e.Date) + " · carrier's estimate"
	}
	return "ETA " + d(e.Date) + " · " + d(e.From) + "–" + d(e.To)
}

// etaBasis says what a history ETA was learned from, for a person deciding
// whether to trust it.
func etaBasis(e tracker.ETA) string {
	if e.Source == tracker.ETAFromCarrier {
		return "the carrier's estimate"
	}
	return strconv.Itoa(e.Samples) + " delivered parcels, same " + Sanitize(e.Basis)
}
