package cli

import (
	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/ui"
	"waybill/ui/i18n"
)

// lastMileLine is show's line about the number a parcel travels under at
// the destination ("  last mile 9400… (USPS)"), "" while no tracking
// service has named one. It is carrier text: sanitized.
func lastMileLine(tr *i18n.Printer, lm tracker.LastMile) string {
	if lm.IsZero() {
		return ""
	}
	line := "  " + tr.Plain("last mile %s", ui.Sanitize(lm.TrackingNo))
	if c := lm.Carrier; c != "" {
		if n := number.CarrierName(c); n != "" {
			c = n
		}
		line += " (" + ui.Sanitize(c) + ")"
	}
	return line
}
