package ui

import (
	"strconv"
	"time"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// etaText is an ETA in a few cells: "ETA 12-03 · carrier's estimate", or for history
// "ETA 12-03 · 11-30–12-08" (the likeliest day, then 8 in 10 parcels' range).
func etaText(e tracker.ETA, loc *time.Location, tr *i18n.Printer) string {
	d := func(t time.Time) string { return dayIn(t, loc, tr) }
	if e.Source == tracker.ETAFromCarrier {
		return tr.T("ETA %s · carrier's estimate", d(e.Date))
	}
	return tr.T("ETA %s · %s–%s", d(e.Date), d(e.From), d(e.To))
}

// etaBasis says what a history ETA was learned from, for a person deciding
// whether to trust it.
func etaBasis(e tracker.ETA) string {
	if e.Source == tracker.ETAFromCarrier {
		return "the carrier's estimate"
	}
	return strconv.Itoa(e.Samples) + " delivered parcels, same " + Sanitize(e.Basis)
}
