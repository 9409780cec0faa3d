package tracker

// Status is the normalized state of a parcel, the same for every carrier.
// Each carrier's raw codes map onto these (see carriers/); the raw code is kept
// on the event so nothing the carrier said is lost.
type Status string

const (
	StatusPending            Status = "pending"
	StatusInfoReceived       Status = "info_received"
	StatusInTransit          Status = "in_transit"
	StatusCustoms            Status = "customs"
	StatusOutForDelivery     Status = "out_for_delivery"
	StatusAvailableForPickup Status = "available_for_pickup"
	StatusDeliveryFailed     Status = "delivery_failed"
	StatusDelivered          Status = "delivered"
	StatusException          Status = "exception"
	StatusReturning          Status = "returning"
	StatusReturned           Status = "returned"
	StatusExpired            Status = "expired"
)

// Statuses lists every status in the order a parcel normally passes through
// them; screens use this order for counts and filters.
var Statuses = []Status{
	StatusPending, StatusInfoReceived, StatusInTransit, StatusCustoms,
	StatusOutForDelivery, StatusAvailableForPickup, StatusDeliveryFailed,
	StatusDelivered, StatusException, StatusReturning, StatusReturned, StatusExpired,
}

// Final reports whether a parcel in this status will not move again, so the
// refresher stops polling it.
func (s Status) Final() bool {
	return s == StatusDelivered || s == StatusReturned || s == StatusExpired
}

// Valid reports whether s is one of the normalized statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// refuseStatus refuses a status typed that is none of Statuses.
const refuseStatus = "status %q: want one of %v"

// ParseStatus turns user input (a --status flag, a config value) into a Status.
func ParseStatus(s string) (Status, error) {
	st := Status(s)
	if !st.Valid() {
		return "", refusal(refuseStatus, s, Statuses)
	}
	return st, nil
}

// Label is the short human text for a status, for narrow table columns.
func (s Status) Label() string {
	switch s {
	case StatusPending:
		return "Pending"
	case StatusInfoReceived:
		return "Info received"
	case StatusInTransit:
		return "In transit"
	case StatusCustoms:
		return "Customs"
	case StatusOutForDelivery:
		return "Out for delivery"
	case StatusAvailableForPickup:
		return "Pickup ready"
	case StatusDeliveryFailed:
		return "Delivery failed"
	case StatusDelivered:
		return "Delivered"
	case StatusException:
		return "Exception"
	case StatusReturning:
		return "Returning"
	case StatusReturned:
		return "Returned"
	case StatusExpired:
		return "Expired"
	}
	return string(s)
}
