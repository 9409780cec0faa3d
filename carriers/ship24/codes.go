package ship24

import "waybill/tracker"

// mapping is where one Ship24 code lands in the normalized model, and the
// problem it names, if the code itself names one.
type mapping struct {
	status    tracker.Status
	exception tracker.ExceptionKind
}

// Ship24 describes each event with three fields (docs.ship24.com/status):
// statusCode, the codified meaning of this one event, empty on events Ship24
// finds insignificant; statusCategory, the phase the code belongs to; and
// statusMilestone, the overall state of the shipment when the event happened,
// present on every event. The code says most, so it decides; the milestone
// decides when there is no code or one we do not know yet.

// statusCodes maps every documented statusCode (6 categories, 20 codes).
var statusCodes = map[string]mapping{
	// data: electronic data exchange, no physical meaning.
	"data_order_created": {tracker.StatusInfoReceived, ""},
	// The label was cancelled in the courier's system: this number will not
	// move, so the seller has to find the number the parcel really left with.
	"data_order_cancelled":   {tracker.StatusException, tracker.ExUntracked},
	"data_delivery_proposed": {tracker.StatusInTransit, ""},
	"data_delivery_decided":  {tracker.StatusInTransit, ""},

	// transit
	"transit_handover":                 {tracker.StatusInTransit, ""},
	"transit_origin_country_departure": {tracker.StatusInTransit, ""},

	// destination
	"destination_arrival": {tracker.StatusInTransit, ""},

	// customs
	"customs_received": {tracker.StatusCustoms, ""},
	// "Additional documents or payment may be required."
	"customs_exception": {tracker.StatusCustoms, tracker.ExCustoms},
	// Rejected parcels stay with customs until returned or destroyed; the
	// seller's next step is customs help, so the kind is customs.
	"customs_rejected": {tracker.StatusCustoms, tracker.ExCustoms},
	"customs_cleared":  {tracker.StatusInTransit, ""},

	// delivery
	"delivery_available_for_pickup": {tracker.StatusAvailableForPickup, ""},
	"delivery_out_for_delivery":     {tracker.StatusOutForDelivery, ""},
	"delivery_attempted":            {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	// "Issue during delivery or preventing delivery, which usually could be
	// solved": not an attempt, but the fix is the same (address, phone).
	"delivery_exception": {tracker.StatusException, tracker.ExDeliveryFailed},
	"delivery_refused":   {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"delivery_delivered": {tracker.StatusDelivered, ""},

	// exception: usually final.
	"exception_return":    {tracker.StatusReturning, tracker.ExReturning},
	"exception_lost":      {tracker.StatusException, tracker.ExLost},
	"exception_discarded": {tracker.StatusException, tracker.ExLost}, // destroyed by the carrier
}

// milestones maps every documented statusMilestone.
var milestones = map[string]mapping{
	"pending":          {tracker.StatusPending, ""},
	"info_received":    {tracker.StatusInfoReceived, ""},
	"in_transit":       {tracker.StatusInTransit, ""},
	"out_for_delivery": {tracker.StatusOutForDelivery, ""},
	// "A delivery attempt was made and failed": the milestone itself names
	// the problem.
	"failed_attempt":       {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"available_for_pickup": {tracker.StatusAvailableForPickup, ""},
	"delivered":            {tracker.StatusDelivered, ""},
	// Returning, returned, lost, destroyed …: which one only the statusCode
	// says, so without one no kind is claimed.
	"exception": {tracker.StatusException, ""},
}

// categories maps every documented statusCategory. It is the last resort,
// for an event whose code and milestone are both unknown to us.
var categories = map[string]mapping{
	"data":        {tracker.StatusInfoReceived, ""},
	"transit":     {tracker.StatusInTransit, ""},
	"destination": {tracker.StatusInTransit, ""},
	"customs":     {tracker.StatusCustoms, ""},
	"delivery":    {tracker.StatusInTransit, ""},
	"exception":   {tracker.StatusException, ""},
}

// mapStatus normalizes one Ship24 event. A code we know decides. Otherwise
// the milestone decides (a customs-category event seen while in transit is
// in customs), then the category; an event nobody classified is a parcel
// moving.
func mapStatus(code, category, milestone string) mapping {
	if m, ok := statusCodes[code]; ok {
		return m
	}
	if m, ok := milestones[milestone]; ok {
		if category == "customs" && m.status == tracker.StatusInTransit {
			m.status = tracker.StatusCustoms
		}
		return m
	}
	if m, ok := categories[category]; ok {
		return m
	}
	return mapping{status: tracker.StatusInTransit}
}

// rawStatus is the vendor code an event keeps: the statusCode when Ship24
// gave one, else the milestone (always present), else the category.
func rawStatus(code, category, milestone string) string {
	switch {
	case code != "":
		return code
	case milestone != "":
		return milestone
	}
	return category
}
