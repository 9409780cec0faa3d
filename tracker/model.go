// Package tracker is waybill's domain: orders, parcels and their events, the
// normalized status model, exception rules and the refresher. It declares the
// interfaces it needs (Carrier, Store, Clock) and imports no other package of
// ours; store, carriers and ui implement or use them.
package tracker

import (
	"time"
)

// OrderStatus is the marketplace's own state of an order, kept apart from the
// parcel's Status because the two move independently (an order can be
// refunded while its parcel is still travelling).
type OrderStatus string

const (
	OrderReceived       OrderStatus = "received"
	OrderInProgress     OrderStatus = "in_progress"
	OrderPacked         OrderStatus = "packed"
	OrderShipped        OrderStatus = "shipped"
	OrderArrived        OrderStatus = "arrived"
	OrderCancelled      OrderStatus = "cancelled"
	OrderRefunded       OrderStatus = "refunded"
	OrderUnfulfillable  OrderStatus = "unfulfillable"
	OrderAbandoned      OrderStatus = "abandoned"
	OrderAwaitingClarif OrderStatus = "awaiting_clarification"
)

// Order is what the buyer bought; it has one or more shipments (split parcels,
// reissues). OrderNo is the marketplace's number, never a tracking number.
type Order struct {
	ID          int64
	OrderNo     string
	Marketplace string
	Buyer       string
	Email       string
	Phone       string
	Country     string // destination, ISO 3166-1 alpha-2
	Status      OrderStatus
	OrderedAt   time.Time
	PromisedAt  time.Time // zero when the marketplace gave no date
	// ShippingMethod is the marketplace's name for the service the buyer
	// chose ("AliExpress Standard Shipping"); the rules look up its promised
	// delivery days when the order has no promised date.
	ShippingMethod string
	CreatedAt      time.Time

	// What customs and the carrier ask about the parcel's contents.
	Address       string
	Product       string
	Amount        Money  // what the buyer paid; 0 when not given
	Currency      string // ISO 4217, for Amount and DeclaredValue
	HSCode        string
	DeclaredValue Money // the customs value; 0 when not given
	Insured       *bool // nil when nobody said
	// Packaging is how the parcel was packed, in the seller's words
	// ("double box, bubble wrap, fragile sticker"): part of the
	// pre-shipment record a damage claim is judged on. Free text, from
	// whoever typed or imported it: untrusted, sanitize to show it; at
	// most MaxPackagingRunes characters (FieldProblem).
	Packaging string
	// Checks are the pre-shipment warnings (Precheck) of the order as
	// stored, worked out again whenever it is added or merged.
	Checks []Check
	// Demo marks an order the simulator made up (`waybill demo`, the first
	// run's demo): only the simulator checks its parcels, and `waybill demo
	// --remove` deletes it. Set when the order is first stored, never by a
	// later write to it; no import or form sets it.
	Demo bool
	// MarketStatus is the marketplace's own status of a synced order, as
	// it last said it (WAIT_BUYER_ACCEPT_GOODS; market_orders.status).
	// Read with the order's details; no write of the order sets it (the
	// sync keeps it beside the order). Untrusted: sanitize to show it.
	MarketStatus string
}

// Shipment is one parcel with one tracking number.
type Shipment struct {
	ID          int64
	OrderID     int64
	TrackingNo  string
	Carrier     string   // slug, e.g. "china-post"
	LastMile    LastMile // the number at the destination, once a tracking service names one
	Origin      string   // ISO country
	Destination string   // ISO country
	Status      Status
	ShippedAt   time.Time
	LastEventAt time.Time // zero until the carrier reports anything
	DeliveredAt time.Time
	NextCheckAt time.Time
	CheckedAt   time.Time
	ETA         time.Time // carrier's estimate, zero when none
	PushedAt    time.Time // the last webhook push, zero when none
	Unverified  bool      // stored with --force although the number did not validate
	Demo        bool      // the parcel of a demo order (Order.Demo): the simulator's alone
	// Phone is the order's phone, read only where the parcel is about to
	// be asked about (Store.ClaimDue, Store.Shipment), for the services
	// that want it (TrackRequest.Phone); "" elsewhere.
	Phone string
}

// Event is one scan or message from a carrier. Status is normalized; RawStatus
// and Description are what the carrier said, untouched apart from stripping
// terminal controls before display.
type Event struct {
	ID          int64
	ShipmentID  int64
	Time        time.Time
	Status      Status
	RawStatus   string
	Location    string
	Description string
	// Exception is set when the carrier's code itself names a problem
	// (customs hold, damage, …); rules open an exception from it.
	Exception ExceptionKind
}

// Key identifies an event for deduplication: the same scan reported twice (by
// a poll and a webhook, or two polls) must be stored once.
func (e Event) Key() string {
	return e.Time.UTC().Format(time.RFC3339) + "|" + e.RawStatus + "|" + e.Location + "|" + e.Description
}

// ExceptionKind names a class of logistics problem (DESIGN §4).
type ExceptionKind string

const (
	ExNoTracking     ExceptionKind = "no_tracking"
	ExStale          ExceptionKind = "stale"
	ExCustoms        ExceptionKind = "customs"
	ExDeliveryFailed ExceptionKind = "delivery_failed"
	ExDamaged        ExceptionKind = "damaged"
	ExMissingItems   ExceptionKind = "missing_items"
	ExLost           ExceptionKind = "lost"
	ExOverdue        ExceptionKind = "overdue"
	ExReturning      ExceptionKind = "returning"
	ExUntracked      ExceptionKind = "untracked"
	// ExCarrierProblem is a carrier's exception status that names no
	// problem (held, stopped, "exception"): someone must ask the carrier.
	ExCarrierProblem ExceptionKind = "carrier_problem"
)

// ExceptionKinds lists every kind, for filters and config validation.
var ExceptionKinds = []ExceptionKind{
	ExNoTracking, ExStale, ExCustoms, ExDeliveryFailed, ExDamaged,
	ExMissingItems, ExLost, ExOverdue, ExReturning, ExUntracked,
	ExCarrierProblem,
}

// Severity orders exceptions in the triage queue: higher is worse.
type Severity int

const (
	SeverityLow Severity = iota + 1
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

// ParseSeverity reads a severity name; "" is the lowest.
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "", "low":
		return SeverityLow, nil
	case "medium":
		return SeverityMedium, nil
	case "high":
		return SeverityHigh, nil
	case "critical":
		return SeverityCritical, nil
	}
	return 0, refusal(refuseSeverity, s)
}

func (s Severity) String() string {
	switch s {
	case SeverityLow:
		return "low"
	case SeverityMedium:
		return "medium"
	case SeverityHigh:
		return "high"
	case SeverityCritical:
		return "critical"
	}
	return "unknown"
}

// ExceptionState is where an exception is in its own life.
type ExceptionState string

const (
	ExOpen         ExceptionState = "open"
	ExSnoozed      ExceptionState = "snoozed"
	ExAcknowledged ExceptionState = "acknowledged"
	ExResolved     ExceptionState = "resolved"
)

// Exception is an open (or past) problem with one shipment.
type Exception struct {
	ID         int64
	ShipmentID int64
	Kind       ExceptionKind
	Severity   Severity
	State      ExceptionState
	Detail     string
	Owner      string
	OpenedAt   time.Time
	ClosedAt   time.Time
	// SnoozedUntil is when a snooze ends; zero when never snoozed. It is
	// kept after the snooze ends, as a record, while State reads open.
	SnoozedUntil time.Time
}

// ShipmentRow is one line of the orders list: a shipment with the order
// fields a person scans for. It is what list queries return, so a screen
// never needs a second query per row.
type ShipmentRow struct {
	ShipmentID  int64
	OrderID     int64
	OrderNo     string
	Buyer       string
	TrackingNo  string
	Carrier     string
	LastMile    LastMile // the number at the destination, when known
	Destination string
	Status      Status
	ShippedAt   time.Time
	LastEventAt time.Time
	Exceptions  []ExceptionKind // open ones, worst first
	CaseStep    CaseStep        // the open complaint case's step, "" when none
	Watched     bool            // someone watches the order
	Demo        bool            // a demo order's parcel (Order.Demo)
}

// ExceptionRow is one line of the exceptions queue. ShippedAt with
// ShipmentID is the shipment's place in the orders list (its Cursor), so a
// screen can jump there without another look-up.
type ExceptionRow struct {
	Exception
	OrderID     int64
	OrderNo     string
	TrackingNo  string
	Carrier     string
	Destination string
	ShippedAt   time.Time
	// CaseID and CaseStep name the open complaint case on this exception's
	// shipment, if any; FollowUpDue puts the row at the top of the queue.
	CaseID      int64
	CaseStep    CaseStep
	FollowUpDue bool
	// DeadlineKind and DeadlineDue are the soonest open deadline of the
	// row's order or parcel when it is due within ExceptionQuery.Urgent:
	// such rows come first of all, soonest first. Zero otherwise.
	DeadlineKind DeadlineKind
	DeadlineDue  time.Time
	// ProtectionEnd is when the buyer's protection of the row's order ends
	// (its open protection_end deadline), however far off; zero when none
	// is kept. OpenExceptions reads it with the row (by the deadlines'
	// order index), so the queue can propose extending without a read per
	// frame; ListExceptions does not.
	ProtectionEnd time.Time
	// ResolvedBy is who resolved a closed exception by hand; "" when the
	// rules closed it. Last is its newest log entry: who did what, when.
	// ListExceptions reads both; the queue (OpenExceptions) neither.
	ResolvedBy string
	Last       ExceptionLogEntry
}

// OrderDetail is an order with all its shipments, for `show` and exports.
type OrderDetail struct {
	Order
	Shipments []ShipmentDetail
}

// Added is what a write of orders added to the store: the orders and the
// parcels it did not have before.
type Added struct {
	Orders    int `json:"new_orders"`
	Shipments int `json:"new_shipments"`
}

// ShipmentDetail is a shipment with its open exceptions and, when asked for,
// its events newest first.
type ShipmentDetail struct {
	Shipment
	Exceptions []ExceptionKind
	Events     []Event
	// CheckError is why the last check of the parcel failed ("no tracking
	// service configured for carrier …", a service's refusal); "" when it
	// worked or none was made. Read with an order's details, for the
	// order view and `waybill show`. Untrusted: sanitize to show it.
	CheckError string
}
