package aftership

import (
	"encoding/json"

	"waybill/tracker"
)

// The last-mile number. AfterShip's 2024-04 Tracking object lists the legs
// after the first in next_couriers: "the next couriers get the second
// carrier information from user or AfterShip", each {slug,
// tracking_number, source} (https://www.aftership.com/docs/tracking/2024-04/model/tracking;
// AfterShip's Go SDK github.com/AfterShip/tracking-sdk-go, branch 2024-04,
// model/tracking.go NextCouriersTracking). Later API versions have a
// last_mile object instead, {tracking_number, slug, transit_time,
// courier_tracking_link, courier_redirect_link, source} (the same SDK's
// model/tracking_last_mile.go, "the tracking number of the last-mile
// carrier"); it is read too, first, so that moving to a later version does
// not lose the number without a test failing. Both are read leniently: a
// value of another shape gives no last mile rather than failing the batch.
// Several next couriers are not described; the last one with a number is
// taken, being the nearest the buyer.

// leg is one element of next_couriers, or the last_mile object.
type leg struct {
	Slug           text `json:"slug"`
	TrackingNumber text `json:"tracking_number"`
}

// lastMile is the tracking's last-mile number for the parcel asked about
// as own, cleaned (tracker.CleanLastMile), with our carrier slug when we
// map AfterShip's, else AfterShip's slug.
func (t *apiTracking) lastMile(own string) tracker.LastMile {
	var pick leg
	var lm leg
	if json.Unmarshal(t.LastMileLeg, &lm) == nil && lm.TrackingNumber.String() != "" {
		pick = lm
	} else {
		var next []leg
		if json.Unmarshal(t.NextCouriers, &next) == nil {
			for _, l := range next {
				if l.TrackingNumber.String() != "" {
					pick = l
				}
			}
		}
	}
	slug := pick.Slug.String()
	if ours, ok := ourSlug[slug]; ok {
		slug = ours
	}
	return tracker.CleanLastMile(tracker.LastMile{TrackingNo: pick.TrackingNumber.String(), Carrier: slug}, own)
}

// ourSlug maps AfterShip courier slugs back to ours (courierSlugs turned
// around). It is built once and only read.
var ourSlug = func() map[string]string {
	m := make(map[string]string, len(courierSlugs))
	for ours, theirs := range courierSlugs {
		m[theirs] = ours
	}
	return m
}()
