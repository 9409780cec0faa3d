package track17

import (
	"strings"

	"waybill/tracker"
)

// code is what one 17TRACK status word means in our model: the normalized
// status and, when the word itself names a problem, the exception kind.
type code struct {
	status    tracker.Status
	exception tracker.ExceptionKind
}

// mainStatuses are the nine values of latest_status.status (and the prefix of
// every sub_status), as the v2.2 documentation lists them.
var mainStatuses = map[string]code{
	"NotFound":           {tracker.StatusPending, ""},
	"InfoReceived":       {tracker.StatusInfoReceived, ""},
	"InTransit":          {tracker.StatusInTransit, ""},
	"Expired":            {tracker.StatusExpired, ""},
	"AvailableForPickup": {tracker.StatusAvailableForPickup, ""},
	"OutForDelivery":     {tracker.StatusOutForDelivery, ""},
	"DeliveryFailure":    {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"Delivered":          {tracker.StatusDelivered, ""},
	// A bare Exception names no reason we can act on; the sub-statuses do.
	"Exception": {tracker.StatusException, ""},
}

// subStatuses are the documented values of sub_status, on latest_status and
// on every event. The part before "_" is always the main status.
var subStatuses = map[string]code{
	"NotFound_Other": {tracker.StatusPending, ""},
	// 17TRACK says the number itself is invalid: nothing will ever come.
	"NotFound_InvalidCode": {tracker.StatusPending, tracker.ExUntracked},

	"InfoReceived": {tracker.StatusInfoReceived, ""},

	"InTransit_PickedUp":          {tracker.StatusInTransit, ""},
	"InTransit_Other":             {tracker.StatusInTransit, ""},
	"InTransit_Departure":         {tracker.StatusInTransit, ""},
	"InTransit_Arrival":           {tracker.StatusInTransit, ""},
	"InTransit_CustomsProcessing": {tracker.StatusCustoms, ""},
	// Cleared: the parcel moves on, as the simulator's CC_IM_SUCCESS does.
	"InTransit_CustomsReleased":             {tracker.StatusInTransit, ""},
	"InTransit_CustomsRequiringInformation": {tracker.StatusCustoms, tracker.ExCustoms},

	"Expired_Other":            {tracker.StatusExpired, ""},
	"AvailableForPickup_Other": {tracker.StatusAvailableForPickup, ""},
	"OutForDelivery_Other":     {tracker.StatusOutForDelivery, ""},

	"DeliveryFailure_Other":          {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"DeliveryFailure_NoBody":         {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"DeliveryFailure_Rejected":       {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"DeliveryFailure_InvalidAddress": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	// "Security, customs clearance or fee problems found while delivering":
	// the remedy is the customs one (documents, duties), not a redelivery.
	"DeliveryFailure_Security": {tracker.StatusDeliveryFailed, tracker.ExCustoms},

	"Delivered_Other": {tracker.StatusDelivered, ""},

	"Exception_Other":     {tracker.StatusException, ""},
	"Exception_Returning": {tracker.StatusReturning, tracker.ExReturning},
	"Exception_Returned":  {tracker.StatusReturned, ""},
	// Recipient unknown or refused before delivery: verify the address and
	// phone with the buyer, as for a failed attempt.
	"Exception_NoBody":    {tracker.StatusException, tracker.ExDeliveryFailed},
	"Exception_Rejected":  {tracker.StatusException, tracker.ExDeliveryFailed},
	"Exception_Security":  {tracker.StatusException, tracker.ExCustoms},
	"Exception_Damage":    {tracker.StatusException, tracker.ExDamaged},
	"Exception_Delayed":   {tracker.StatusException, tracker.ExOverdue},
	"Exception_Lost":      {tracker.StatusException, tracker.ExLost},
	"Exception_Destroyed": {tracker.StatusException, tracker.ExLost},
	// The logistics order was cancelled: no kind of ours says that, so the
	// event is an exception without one (see the package report).
	"Exception_Cancel": {tracker.StatusException, ""},
}

// stages are the milestone words 17TRACK puts in an event's "stage" and in
// milestone[].key_stage. Those equal to a main status mean the same thing.
var stages = map[string]code{
	"InfoReceived":       {tracker.StatusInfoReceived, ""},
	"PickedUp":           {tracker.StatusInTransit, ""},
	"Departure":          {tracker.StatusInTransit, ""},
	"Arrival":            {tracker.StatusInTransit, ""},
	"AvailableForPickup": {tracker.StatusAvailableForPickup, ""},
	"OutForDelivery":     {tracker.StatusOutForDelivery, ""},
	"Delivered":          {tracker.StatusDelivered, ""},
	"Returning":          {tracker.StatusReturning, tracker.ExReturning},
	"Returned":           {tracker.StatusReturned, ""},
}

// classify maps what 17TRACK said of one event (or of a parcel's latest
// state) to our model. The sub-status is the most precise word; then the
// stage; then the main status, or the main-status part of an undocumented
// sub-status ("Exception_Held" reads as "Exception"). An event whose words
// are all unknown still happened, so it counts as in transit.
func classify(subStatus, stage, status string) code {
	// On the way back a scan may carry a plain transit sub-status; the
	// stage is then the only word that says which way the parcel goes.
	if c, ok := stages[stage]; ok && (c.status == tracker.StatusReturning || c.status == tracker.StatusReturned) {
		if s, ok := subStatuses[subStatus]; !ok || (s.status != tracker.StatusReturning && s.status != tracker.StatusReturned) {
			return c
		}
	}
	if c, ok := subStatuses[subStatus]; ok {
		return c
	}
	if c, ok := stages[stage]; ok {
		return c
	}
	if c, ok := mainStatuses[status]; ok {
		return c
	}
	for _, w := range []string{subStatus, stage} {
		main, _, _ := strings.Cut(w, "_")
		if c, ok := mainStatuses[main]; ok {
			return c
		}
	}
	return code{tracker.StatusInTransit, ""}
}

// rawStatus is the vendor's own code for an event, kept verbatim: the
// sub-status when given, else the stage, else the main status.
func rawStatus(subStatus, stage, status string) string {
	for _, s := range []string{subStatus, stage, status} {
		if s != "" {
			return s
		}
	}
	return ""
}
