package track123

import (
	"strings"

	"waybill/tracker"
)

// code is what one Track123 status word means in our model: the normalized
// status and, when the word itself names a problem, the exception kind.
type code struct {
	status    tracker.Status
	exception tracker.ExceptionKind
}

// statuses are the nine documented values of transitStatus
// (docs.track123.com, ENUM "Delivery status"; also
// track123-api.readme.io/reference/package-status).
var statuses = map[string]code{
	"INIT":          {tracker.StatusPending, ""}, // "New shipments added that are pending to track."
	"NO_RECORD":     {tracker.StatusPending, ""}, // "no tracking information available yet"
	"INFO_RECEIVED": {tracker.StatusInfoReceived, ""},
	"IN_TRANSIT":    {tracker.StatusInTransit, ""},
	// "out for delivery or has arrived at the collection point": the
	// sub-status says which; the common case is the van.
	"WAITING_DELIVERY": {tracker.StatusOutForDelivery, ""},
	"DELIVERY_FAILED":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	// "damaged, returned, customs detained, and other abnormal situations":
	// which problem only the sub-status says, so no kind is claimed here.
	"ABNORMAL":  {tracker.StatusException, ""},
	"DELIVERED": {tracker.StatusDelivered, ""},
	// "no tracking information for 30 days since added": Track123 stopped
	// following the number (TrackResult.Stopped); whether that is stale or
	// no_tracking the rules decide from the events.
	"EXPIRED": {tracker.StatusExpired, ""},
}

// subStatuses are the 32 documented values of transitSubStatus, on the
// parcel and on every scan (docs.track123.com, ENUM "Delivery Sub-status";
// also track123-api.readme.io/reference/package-status-copy). The part
// before the last "_" is always the main status.
var subStatuses = map[string]code{
	// "The carrier has received a request from the shipper and is preparing
	// to pick up the package."
	"INFO_RECEIVED_01": {tracker.StatusInfoReceived, ""},

	"IN_TRANSIT_01": {tracker.StatusInTransit, ""}, // "Parcel is on it's way."
	"IN_TRANSIT_02": {tracker.StatusInTransit, ""}, // arrived at the sorting center
	// "Parcel customs clearance completed": cleared, so moving again.
	"IN_TRANSIT_03": {tracker.StatusInTransit, ""},
	"IN_TRANSIT_04": {tracker.StatusInTransit, ""}, // "will be sent to the airport soon"
	"IN_TRANSIT_05": {tracker.StatusInTransit, ""}, // handed over to the airline
	"IN_TRANSIT_06": {tracker.StatusInTransit, ""}, // arrived in the destination country
	"IN_TRANSIT_07": {tracker.StatusInTransit, ""}, // at the local post office, delivery soon
	"IN_TRANSIT_08": {tracker.StatusInTransit, ""}, // "the plane has departed"

	"WAITING_DELIVERY_01": {tracker.StatusOutForDelivery, ""},     // "out for delivery"
	"WAITING_DELIVERY_02": {tracker.StatusAvailableForPickup, ""}, // at the collection point
	// "The recipient requests a delayed delivery or the courier leaves a
	// note after a failed delivery waiting for a second delivery": an
	// attempt failed (or was put off) and the next one waits; the buyer's
	// address and phone are what to check.
	"WAITING_DELIVERY_03": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},

	"DELIVERED_01": {tracker.StatusDelivered, ""},
	"DELIVERED_02": {tracker.StatusDelivered, ""}, // picked up at the collection point
	"DELIVERED_03": {tracker.StatusDelivered, ""}, // signed by the customer
	"DELIVERED_04": {tracker.StatusDelivered, ""}, // to doorman, family or neighbours

	"DELIVERY_FAILED_01": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // address issues
	"DELIVERY_FAILED_02": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // not at home
	"DELIVERY_FAILED_03": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // cannot be reached
	"DELIVERY_FAILED_04": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // other reasons

	// "Parcel unclaimed": it waits at a pickup point until it goes back; the
	// buyer has to be told to collect it, as for a failed delivery.
	"ABNORMAL_01": {tracker.StatusException, tracker.ExDeliveryFailed},
	"ABNORMAL_02": {tracker.StatusCustoms, tracker.ExCustoms}, // "detained by customs"
	// "damaged, lost, or discarded": one code for both; lost is the graver
	// and its remedy (claim, reissue) covers a damaged parcel's too.
	"ABNORMAL_03": {tracker.StatusException, tracker.ExLost},
	// "The order is canceled": the label will not move, so the seller has
	// to find the number the parcel really left with.
	"ABNORMAL_04": {tracker.StatusException, tracker.ExUntracked},
	// "The recipient refuses to accept the parcel": a failed delivery
	// (issue 21 item 2 decided the same for Kuaidi100's 拒签).
	"ABNORMAL_05": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	// "The return package has been successfully received by the sender."
	"ABNORMAL_06": {tracker.StatusReturned, ""},
	"ABNORMAL_07": {tracker.StatusReturning, tracker.ExReturning}, // on its way to the sender
	// "Other exceptions": names no problem; the rules open carrier_problem.
	"ABNORMAL_08": {tracker.StatusException, ""},
}

// classify maps a scan's sub-status to our model. A documented sub-status
// decides; an undocumented one with a known main part ("IN_TRANSIT_09")
// reads as that main status; anything else is a parcel moving.
func classify(sub string) code {
	if c, ok := subStatuses[sub]; ok {
		return c
	}
	if i := strings.LastIndexByte(sub, '_'); i > 0 {
		if c, ok := statuses[sub[:i]]; ok {
			return c
		}
	}
	if c, ok := statuses[sub]; ok {
		return c
	}
	return code{tracker.StatusInTransit, ""}
}

// parcelStatus is what the parcel-level transitStatus and transitSubStatus
// say of the parcel itself, and false when they describe Track123's
// tracking instead (INIT, NO_RECORD, EXPIRED) or say nothing we know.
func parcelStatus(status, sub string) (code, bool) {
	if c, ok := subStatuses[sub]; ok {
		return c, true
	}
	switch status {
	case "", "INIT", "NO_RECORD", "EXPIRED":
		return code{}, false
	}
	c, ok := statuses[status]
	return c, ok
}

// Service codes, the "code" field of every answer
// (docs.track123.com/reference/status-code), and A0706 from
// docs.track123.com/reference/rate-limit.
const (
	codeSuccess = "00000"
	codeParam   = "A0400" // PARAM_ERROR
)

// serviceCodes sorts every documented service code into our failure kinds.
var serviceCodes = map[string]tracker.FailKind{
	"A0001": tracker.FailRequest, // USER_ERROR "User terminal error."
	// USER_LOGIN_ERROR, documented as "Server error." but named a login
	// failure: the account, not the number.
	"A0200": tracker.FailAuth,
	"A0201": tracker.FailAuth, // USER_NOT_EXIST
	"A0202": tracker.FailAuth, // USER_ACCOUNT_LOCKED
	"A0203": tracker.FailAuth, // USER_ACCOUNT_INVALID
	"A0230": tracker.FailAuth, // TOKEN_INVALID_OR_EXPIRED
	"A0231": tracker.FailAuth, // TOKEN_ACCESS_FORBIDDEN
	"A0300": tracker.FailAuth, // AUTHORIZED_ERROR
	"A0301": tracker.FailAuth, // ACCESS_UNAUTHORIZED
	"A0400": tracker.FailRequest,
	"A0410": tracker.FailRequest, // PARAM_IS_NULL
	// "Too Many Requests" (rate-limit page): "reduce the frequency of
	// requests and retry after a short delay".
	"A0706": tracker.FailRateLimited,
	"B0001": tracker.FailServer, // SYSTEM_EXECUTION_ERROR
	"B0100": tracker.FailServer, // SYSTEM_EXECUTION_TIMEOUT / SYSTEM_ORDER_PROCESSING_TIMEOUT
	"B0210": tracker.FailRateLimited,
	"B0300": tracker.FailServer, // SYSTEM_RESOURCE_ERROR
	// SYSTEM_RESOURCE_EXHAUSTION "System resources are exhausted". No
	// documented code names a used-up plan; this is the only one that can,
	// and pausing the service for it is the careful reading. Not confirmed.
	"B0310": tracker.FailQuota,
	"C0113": tracker.FailRequest, // INTERFACE_NOT_EXIST: a base_url that is not Track123's
	"D0000": tracker.FailRequest, // SERVICE_DETAIL_MSG_ERROR "details in msg or data"
}

// kindOf sorts a service code. An undocumented one is read by its class,
// the letter Track123's codes start with: A the user's side, B the
// system's, C a third party, D other.
func kindOf(c string) tracker.FailKind {
	if k, ok := serviceCodes[c]; ok {
		return k
	}
	if strings.HasPrefix(c, "B") {
		return tracker.FailServer
	}
	return tracker.FailRequest
}

// queryStatuses are the documented values of trackingStatus, how Track123's
// own reading of the carrier went (docs.track123.com/reference/status-code,
// "Query status code"). 001 is a normal reading and 002 "Not Found"; the
// others say the carrier's website failed or changed, so no events does not
// mean the carrier has none.
var queryStatuses = map[string]string{
	"001": "NORMAL_QUERY",
	"002": "NO_RECORD",
	"003": "UNSTABLE_OFFICIAL_WEBSITE",
	"004": "OFFICIAL_WEBSITE_FORMAT_CHANGES",
	"005": "CACHE_FOR_WEBSITE_ERROR",
	"006": "CACHE_FOR_DEAL_ERROR",
}

// websiteError reports whether a trackingStatus says Track123 could not
// read the carrier.
func websiteError(s string) bool {
	_, known := queryStatuses[s]
	return known && s != "001" && s != "002"
}
