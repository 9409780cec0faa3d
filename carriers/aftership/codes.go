package aftership

import (
	"strings"

	"waybill/tracker"
)

// code is what one AfterShip delivery status (tag) or sub-status (subtag)
// means in our model: the normalized status, the exception kind when the code
// itself names a problem, and AfterShip's own short wording (for tests and
// for readers of this table).
type code struct {
	status    tracker.Status
	exception tracker.ExceptionKind
	meaning   string
}

// tags are AfterShip's nine delivery statuses ("Delivery Statuses" enum of
// the Tracking API). An unknown subtag is mapped by its tag.
var tags = map[string]code{
	"Pending":            {tracker.StatusPending, "", "New shipment, pending to track, or no information yet"},
	"InfoReceived":       {tracker.StatusInfoReceived, "", "Carrier has received the request from the shipper"},
	"InTransit":          {tracker.StatusInTransit, "", "Carrier has accepted or picked up the shipment"},
	"OutForDelivery":     {tracker.StatusOutForDelivery, "", "Carrier is about to deliver the shipment"},
	"AttemptFail":        {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Carrier attempted to deliver but failed"},
	"Delivered":          {tracker.StatusDelivered, "", "The shipment was delivered"},
	"AvailableForPickup": {tracker.StatusAvailableForPickup, "", "The package arrived at a pickup point"},
	"Exception":          {tracker.StatusException, "", "Custom hold, undelivered, returned or other exception"},
	"Expired":            {tracker.StatusExpired, "", "No tracking information for 30 days since added"},
}

// subtags are AfterShip's delivery sub-statuses ("Delivery Sub-statuses"
// enum). Most follow their tag; the exceptions say more than the tag does and
// land on our more precise statuses (customs, delivery_failed, returning,
// returned) where one fits. Pending_003 to _006 are listed by AfterShip
// without a published meaning we could confirm; they stay pending.
// Exception_014/_015 are not listed because their meaning could not be
// confirmed: they fall back to the Exception tag.
var subtags = map[string]code{
	"Pending_001": {tracker.StatusPending, "", "Pending: no information on the carrier website yet"},
	"Pending_002": {tracker.StatusPending, "", "Carrier account not connected"},
	"Pending_003": {tracker.StatusPending, "", "Pending (meaning unconfirmed)"},
	"Pending_004": {tracker.StatusPending, "", "Pending (meaning unconfirmed)"},
	"Pending_005": {tracker.StatusPending, "", "Pending (meaning unconfirmed)"},
	"Pending_006": {tracker.StatusPending, "", "Pending (meaning unconfirmed)"},

	"InfoReceived_001": {tracker.StatusInfoReceived, "", "Info received: the carrier is about to pick up the shipment"},

	"InTransit_001": {tracker.StatusInTransit, "", "In transit: shipment on the way"},
	"InTransit_002": {tracker.StatusInTransit, "", "Acceptance scan"},
	"InTransit_003": {tracker.StatusInTransit, "", "Arrival scan at a hub or sorting center"},
	"InTransit_004": {tracker.StatusInTransit, "", "Arrived at destination country"},
	"InTransit_005": {tracker.StatusInTransit, "", "Customs clearance completed"},
	"InTransit_006": {tracker.StatusCustoms, "", "Customs clearance started"},
	"InTransit_007": {tracker.StatusInTransit, "", "Departure scan"},
	"InTransit_008": {tracker.StatusInTransit, "", "Problem resolved, shipment in transit"},
	"InTransit_009": {tracker.StatusInTransit, "", "Forwarded to a different delivery address"},

	"OutForDelivery_001": {tracker.StatusOutForDelivery, "", "Out for delivery"},
	// Legacy: listed in older AfterShip tables as "available for pickup at
	// the sorting center", before AvailableForPickup became its own tag.
	"OutForDelivery_002": {tracker.StatusAvailableForPickup, "", "Available for pickup (legacy)"},
	"OutForDelivery_003": {tracker.StatusOutForDelivery, "", "Customer contacted before the final delivery"},
	"OutForDelivery_004": {tracker.StatusOutForDelivery, "", "Delivery appointment scheduled"},

	"AttemptFail_001": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Failed attempt: the courier will try again"},
	"AttemptFail_002": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Addressee not available"},
	"AttemptFail_003": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Business closed"},

	"Delivered_001": {tracker.StatusDelivered, "", "Delivered"},
	"Delivered_002": {tracker.StatusDelivered, "", "Picked up by the customer"},
	"Delivered_003": {tracker.StatusDelivered, "", "Signed by the customer"},
	"Delivered_004": {tracker.StatusDelivered, "", "Delivered and cash collected on delivery"},
	"Delivered_005": {tracker.StatusDelivered, "", "Delivered to a neighbor"},

	"AvailableForPickup_001": {tracker.StatusAvailableForPickup, "", "Available for pickup"},

	"Exception_001": {tracker.StatusException, "", "Exception: delivery failed for a shipping exception"},
	"Exception_002": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Customer moved"},
	"Exception_003": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Customer refused delivery"},
	"Exception_004": {tracker.StatusCustoms, tracker.ExCustoms, "Delayed (customs clearance)"},
	// A delay the carrier gives a reason for is a late parcel, as 17TRACK's
	// Exception_Delayed: the buyer is told it runs late, not that
	// something unknown happened.
	"Exception_005": {tracker.StatusException, tracker.ExOverdue, "Delayed (external factors)"},
	// Held until the recipient pays: in cross-border trade that is import
	// duties and taxes, which is a customs matter (supply papers, agree duties).
	"Exception_006": {tracker.StatusCustoms, tracker.ExCustoms, "Held for payment"},
	"Exception_007": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Incorrect address"},
	"Exception_008": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed, "Pickup missed: not collected by the customer"},
	// Rejected for breaking the carrier's rules: a real problem, but none of
	// our kinds names it; the exception status shows it in the queue.
	"Exception_009": {tracker.StatusException, "", "Rejected by carrier"},
	"Exception_010": {tracker.StatusReturning, tracker.ExReturning, "Returning to sender"},
	"Exception_011": {tracker.StatusReturned, "", "Returned to sender"},
	"Exception_012": {tracker.StatusException, tracker.ExDamaged, "Shipment damaged"},
	"Exception_013": {tracker.StatusException, tracker.ExLost, "Shipment lost"},
	"Exception_016": {tracker.StatusException, tracker.ExOverdue, "Delayed (processing issue)"},
	"Exception_017": {tracker.StatusException, tracker.ExOverdue, "Delayed (extreme weather)"},
	"Exception_018": {tracker.StatusCustoms, tracker.ExCustoms, "Incorrect or missing documents"},
	"Exception_019": {tracker.StatusException, tracker.ExOverdue, "Delayed (late flight)"},
	"Exception_020": {tracker.StatusException, "", "Shipment cancelled"},
	"Exception_021": {tracker.StatusException, tracker.ExLost, "Shipment disposed (destroyed or discarded)"},

	"Expired_001": {tracker.StatusExpired, "", "Expired: no tracking information for 30 days"},
}

// normalize maps an AfterShip tag and subtag (either may be empty) to our
// model. A known subtag decides; otherwise the tag does, taken from the tag
// field or from the subtag's prefix ("InTransit_042" → "InTransit"). A code
// we have never heard of still says that something happened to the parcel,
// so it counts as in transit rather than being dropped.
func normalize(tag, subtag string) (tracker.Status, tracker.ExceptionKind) {
	if c, ok := subtags[subtag]; ok {
		return c.status, c.exception
	}
	if tag == "" {
		tag, _, _ = strings.Cut(subtag, "_")
	}
	if c, ok := tags[tag]; ok {
		return c.status, c.exception
	}
	return tracker.StatusInTransit, ""
}

// rawStatus is the vendor code an event keeps: the subtag, which names its
// tag too, or the tag when AfterShip sent no subtag.
func rawStatus(tag, subtag string) string {
	if subtag != "" {
		return subtag
	}
	return tag
}
