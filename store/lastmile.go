package store

import "waybill/tracker"

// The last-mile number (migration 0016): the number a parcel travels under
// at the destination, with its carrier, as a tracking service named it.

// lastMileOrderSQL finds the order of a parcel by its last-mile number,
// through the partial index shipments_last_mile, when neither the order
// numbers nor the parcels' own numbers hold the key (findOrder).
const lastMileOrderSQL = `SELECT order_id FROM shipments WHERE last_mile_no = ? AND last_mile_no != '' ORDER BY id LIMIT 1`

// lastMileChange is the last mile an update brings to sh, cleaned, and
// whether it differs from the stored one. An update that names none keeps
// what is stored: services name it in some answers only, and the number
// does not go away. A new number comes with its own carrier; the same
// number with no carrier keeps the stored one.
func lastMileChange(sh tracker.Shipment, u tracker.Update) (tracker.LastMile, bool) {
	lm := tracker.CleanLastMile(u.LastMile, sh.TrackingNo)
	if lm.IsZero() {
		return sh.LastMile, false
	}
	if lm.Carrier == "" && lm.TrackingNo == sh.LastMile.TrackingNo {
		lm.Carrier = sh.LastMile.Carrier
	}
	return lm, lm != sh.LastMile
}

// saveLastMile collects the last mile u brings to sh, if it is new, for
// the round's one write of them (saveLastMilesSQL), and reports whether
// there is one.
func (a *applier) saveLastMile(sh *tracker.Shipment, u tracker.Update) bool {
	lm, changed := lastMileChange(*sh, u)
	if !changed {
		return false
	}
	a.w.lastMiles.add(sh.ID, lm.TrackingNo, lm.Carrier)
	sh.LastMile = lm
	return true
}
