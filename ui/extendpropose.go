package ui

import (
	"waybill/tracker"
)

// protectionLine is the order view's Protection field: when the buyer's
// protection ends (its protection_end deadline) and, when a parcel not
// yet delivered is likely to arrive after it or within [deadlines]
// extend_before of it (tracker.ProposeExtend, the ETA's p90), the
// proposal to extend with its key. "" when no end is kept.
func (v *orderView) protectionLine() string {
	if v.protEnd.IsZero() {
		return ""
	}
	st, tr := v.c.styles, v.c.tr
	line := tr.T("ends %s (%s)", v.protEnd.Local().Format("2006-01-02 15:04"), tr.TimeLeft(v.protEnd, v.c.now))
	before := v.c.ext.extendBefore()
	for _, p := range v.parcels {
		if p.eta != nil && tracker.ProposeExtend(v.protEnd, p.Status, p.eta.To, before) {
			return line + " · " + st.SeverityStyle(tracker.SeverityHigh).Render(
				tr.T("protection ends before the parcel is likely to arrive: extend (%s)", v.c.keys.Extend.Help().Key))
		}
	}
	return line
}
