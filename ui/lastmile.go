package ui

import (
	"strconv"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The last-mile number on screen: once a tracking service names the number
// a parcel travels under at the destination, the order view shows it under
// the parcel's own, and the timeline's header shows both. It is carrier
// text, so it is cleaned like all of it.

// sanitizeLastMile is lm safe to print, and bounded like every text the
// views hold.
func sanitizeLastMile(lm tracker.LastMile) tracker.LastMile {
	return tracker.LastMile{TrackingNo: Sanitize(clip(lm.TrackingNo)), Carrier: Sanitize(clip(lm.Carrier))}
}

// lastMileText is "last mile 9400… USPS": the number, then the carrier's
// name when it is known.
func lastMileText(lm tracker.LastMile, tr *i18n.Printer) string {
	s := tr.T("last mile %s", lm.TrackingNo)
	if lm.Carrier != "" {
		s += "  " + carrierLabel(lm.Carrier)
	}
	return s
}

// timelineInfo is the timeline header's info for a parcel shipped as own
// with last mile lm and n events (n < 0: not counted yet), within width
// cells: both numbers when they fit ("LP… → 9400… USPS · 8"), the
// last-mile number alone after the arrow when only it fits (the count of
// events goes first), else the parcel's own number as before.
func timelineInfo(own string, lm tracker.LastMile, n, width int) string {
	count := ""
	if n > 0 {
		count = " · " + strconv.Itoa(n)
	}
	if lm.IsZero() {
		return own + count
	}
	carrier := ""
	if lm.Carrier != "" {
		carrier = " " + carrierLabel(lm.Carrier)
	}
	for _, s := range []string{
		own + " → " + lm.TrackingNo + carrier + count,
		own + " → " + lm.TrackingNo + count,
		own + " → " + lm.TrackingNo,
		"→ " + lm.TrackingNo + carrier + count,
		"→ " + lm.TrackingNo + count,
		"→ " + lm.TrackingNo, // the orders row beside it names the parcel's own
	} {
		if widthOf(s) <= width {
			return s
		}
	}
	return own + count
}
