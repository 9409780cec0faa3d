package trackingmore

import (
	"strings"

	"waybill/tracker"
)

// mapping is where one TrackingMore code lands in the normalized model, and
// the problem it names, if the code itself names one.
type mapping struct {
	status    tracker.Status
	exception tracker.ExceptionKind
}

// TrackingMore describes a tracking and each of its checkpoints with a
// status (delivery_status / checkpoint_delivery_status) and a sub-status
// (substatus / checkpoint_delivery_substatus). The sub-status says more, so
// it decides; the status decides when the sub-status is empty or one we do
// not know yet.
//
// Source of both lists: "9 Main Statuses & Sub-Statuses of Shipments in
// TrackingMore",
// https://support.trackingmore.com/en/article/9-main-statuses-sub-statuses-of-shipments-in-trackingmore-tlkfjm
// (the v4 list), and the API's older logistics-status page,
// https://www.trackingmore.com/docs/logistics_status.php, for notfound001
// and the v2 exception001–003.

// statuses maps every documented status.
var statuses = map[string]mapping{
	// "The package is pending as the courier did not return the tracking
	// information."
	"pending": {tracker.StatusPending, ""},
	// "The tracking info is not available currently. But you may track it
	// after a while."
	"notfound":     {tracker.StatusPending, ""},
	"inforeceived": {tracker.StatusInfoReceived, ""},
	"transit":      {tracker.StatusInTransit, ""},
	// "Out for Delivery … arrived at the local point or is on the way to
	// your home"; pickup002 tells the pickup point apart.
	"pickup": {tracker.StatusOutForDelivery, ""},
	// "Failed Attempt": the status itself names the problem.
	"undelivered": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"delivered":   {tracker.StatusDelivered, ""},
	// "returned to sender, damaged, lost or other exceptions": which one
	// only the sub-status says, so without one no kind is claimed (the
	// rules open carrier_problem).
	"exception": {tracker.StatusException, ""},
	// "no tracking updates for 30 days since the last tracking checkpoint
	// updates before delivered": TrackingMore stopped following it.
	"expired": {tracker.StatusExpired, ""},
}

// substatuses maps every documented sub-status.
var substatuses = map[string]mapping{
	// Older page: "Information Received … about to be picked up" (now
	// inforeceived001) and "no tracking information for this package".
	"notfound001": {tracker.StatusInfoReceived, ""},
	"notfound002": {tracker.StatusPending, ""},

	"inforeceived001": {tracker.StatusInfoReceived, ""}, // waiting for the courier to pick up

	"transit001": {tracker.StatusInTransit, ""}, // on the way to destination
	"transit002": {tracker.StatusInTransit, ""}, // arrived at a hub or sorting center
	"transit003": {tracker.StatusInTransit, ""}, // arrived at delivery facility
	"transit004": {tracker.StatusInTransit, ""}, // arrived at destination country
	"transit005": {tracker.StatusInTransit, ""}, // customs clearance completed
	"transit006": {tracker.StatusInTransit, ""}, // item dispatched
	"transit007": {tracker.StatusInTransit, ""}, // depart from airport

	"pickup001":    {tracker.StatusOutForDelivery, ""},     // out for delivery
	"pickup002":    {tracker.StatusAvailableForPickup, ""}, // ready for collection
	"pickup003":    {tracker.StatusOutForDelivery, ""},     // addressee contacted before the final delivery
	"delivered001": {tracker.StatusDelivered, ""},          // delivered successfully
	"delivered002": {tracker.StatusDelivered, ""},          // picked up by the addressee
	"delivered003": {tracker.StatusDelivered, ""},          // received and signed by addressee
	"delivered004": {tracker.StatusDelivered, ""},          // left at the front door or with a neighbour

	// Failed attempts: the fix is the same each time (address, phone).
	"undelivered001": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // address-related issues
	"undelivered002": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // receiver not home
	"undelivered003": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // addressee cannot be located / contacted
	"undelivered004": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // other reasons

	// v2 only: TrackingMore's own timers ("added more than ** with no
	// tracking info", "in transit for ** with no [update]", "added more
	// than ** but not delivered"), each one of our rules' kinds.
	"exception001": {tracker.StatusException, tracker.ExNoTracking},
	"exception002": {tracker.StatusException, tracker.ExStale},
	"exception003": {tracker.StatusException, tracker.ExOverdue},
	// "The package is unclaimed": the buyer has to collect or rearrange it,
	// the fix of a failed delivery.
	"exception004": {tracker.StatusException, tracker.ExDeliveryFailed},
	"exception005": {tracker.StatusException, ""}, // other exceptions: names nothing
	"exception006": {tracker.StatusCustoms, tracker.ExCustoms},
	// "damaged, lost or discarded": the next step is a claim either way.
	"exception007": {tracker.StatusException, tracker.ExLost},
	// "cancelled before the courier picked up the package": this number
	// will not move; the seller has to find the one the parcel left with.
	"exception008": {tracker.StatusException, tracker.ExUntracked},
	// Refused by the addressee: a failed delivery, as Kuaidi100's 拒签.
	"exception009": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	// Back with the sender: final, as AfterShip's Returned.
	"exception010": {tracker.StatusReturned, ""},
	"exception011": {tracker.StatusReturning, tracker.ExReturning},

	"expired001": {tracker.StatusExpired, ""}, // no update for 30 days
}

// norm is how a code is looked up: the older page writes "not found001".
func norm(code string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(code), " ", ""))
}

// mapStatus normalizes one checkpoint. A sub-status we know decides, else
// the status; a checkpoint nobody classified is a parcel moving.
func mapStatus(status, substatus string) mapping {
	if m, ok := substatuses[norm(substatus)]; ok {
		return m
	}
	if m, ok := statuses[norm(status)]; ok {
		return m
	}
	return mapping{status: tracker.StatusInTransit}
}

// rawStatus is the vendor code an event keeps: the sub-status when there
// is one, else the status, else the courier's own raw code.
func rawStatus(status, substatus, courierRaw string) string {
	for _, s := range []string{substatus, status, courierRaw} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
