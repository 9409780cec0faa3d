package templates

import "waybill/tracker"

// The last-mile number in messages to buyers: once a tracking service has
// named the number a parcel travels under at the destination, the link a
// message gives is the destination carrier's page for that number — the
// post that will ring the buyer's bell, whose page goes on where the
// original carrier's stops. The message still names the parcel by the
// number the buyer was given with the order.

// ShipmentURL is the public page where a parcel can be followed: its last
// mile's when a service has named one, else its own (TrackingURL).
func ShipmentURL(sh tracker.Shipment) string {
	return parcelURL(sh.TrackingNo, sh.Carrier, sh.LastMile)
}

// url is p's page, as ShipmentURL.
func (p Parcel) url() string { return parcelURL(p.TrackingNo, p.CarrierSlug, p.LastMile) }

func parcelURL(number, carrier string, lm tracker.LastMile) string {
	if !lm.IsZero() {
		return TrackingURL(lm.Carrier, lm.TrackingNo)
	}
	return TrackingURL(carrier, number)
}
