package tracker

import (
	"context"
	"errors"
	"time"
)

// Clock tells the time. The refresher, the rules and the screens all ask it,
// so tests pin it and the demo can run faster than the wall clock.
type Clock interface {
	Now() time.Time
}

// TrackRequest asks a carrier about one parcel.
type TrackRequest struct {
	ShipmentID  int64
	TrackingNo  string
	Carrier     string // our slug, "" when unknown
	ShippedAt   time.Time
	Destination string
	// Phone is the buyer's phone as the order holds it, "" when none: some
	// carriers answer only with it or its last four digits (SF Express
	// through Kuaidi100).
	Phone string
}

// TrackResult is a carrier's answer for one parcel: every event it knows, in
// any order (the store dedupes), or NotFound when it has nothing yet, or Err
// for a failure limited to this number.
type TrackResult struct {
	TrackingNo string
	Events     []Event
	ETA        time.Time
	NotFound   bool
	Err        error
	// LastMile is the number the parcel travels under at the destination
	// when the service names one (a Cainiao LP… handed to a national post).
	LastMile LastMile
	// Stopped means the service has stopped following the number (17TRACK
	// after 30 quiet days, AfterShip's Expired, Track123's and
	// TrackingMore's expired): nothing more comes unless it is restarted.
	Stopped bool
}

// LastMile is a parcel's number with the carrier that delivers it, when it
// differs from the number it was shipped under.
type LastMile struct {
	TrackingNo string
	Carrier    string // our slug when known, else the service's own name for it
}

// Restarter is a service that can resume following numbers it stopped
// (17TRACK's retrack). The answer holds one error per request, in order,
// nil where the restart was accepted; the error return is a failed call.
type Restarter interface {
	Restart(ctx context.Context, reqs []TrackRequest) ([]error, error)
}

// Stopper is a service that can stop following numbers that no longer
// matter (17TRACK's stoptrack), so its plan is spent on the ones that do.
// Answers as Restarter's.
type Stopper interface {
	Stop(ctx context.Context, reqs []TrackRequest) ([]error, error)
}

// QuotaReader is a service that tells how much of its plan is used.
type QuotaReader interface {
	Quota(ctx context.Context) (Quota, error)
}

// Quota is a service's plan use as it reported it.
type Quota struct {
	Used   int
	Limit  int       // 0 when the service does not say
	Resets time.Time // zero when the service does not say
}

// Carrier is one tracking service: a carrier's own API, an aggregator such as
// 17TRACK, or the simulator. Track takes a batch no larger than BatchSize and
// returns one result per request, in the same order. An error return means
// the whole call failed (network, auth, rate limit) and nothing was learned.
type Carrier interface {
	Name() string
	BatchSize() int
	Track(ctx context.Context, reqs []TrackRequest) ([]TrackResult, error)
}

// Update is what one check of one shipment produced, handed to the store in
// batches so a single transaction writes events, status, schedule and
// exceptions together.
type Update struct {
	ShipmentID int64
	Events     []Event
	ETA        time.Time
	NotFound   bool
	Err        string // a per-number failure, kept for the summary and the screen
	Pushed     bool   // came by webhook: the store notes when, and polls it rarely
	LastMile   LastMile
	Stopped    bool // the service stopped following the number (TrackResult.Stopped)
}

// ApplySummary counts what a batch of updates changed.
type ApplySummary struct {
	Checked   int
	Updated   int // shipments whose status or latest event changed
	NewEvents int
	Failures  int
	Opened    int // exceptions opened
	Closed    int // exceptions closed by the rules
	Skipped   int // due but not asked: their service was paused or stopped
	Changed   []int64
	// Suspect are the events stored by this batch whose time cannot be
	// right (EventTimeDoubt): kept, not counted, and told here once, as
	// a later batch carrying them again finds them stored.
	Suspect []SuspectEvent
}

// Add merges another summary into s.
func (s *ApplySummary) Add(o ApplySummary) {
	s.Checked += o.Checked
	s.Updated += o.Updated
	s.NewEvents += o.NewEvents
	s.Failures += o.Failures
	s.Opened += o.Opened
	s.Closed += o.Closed
	s.Skipped += o.Skipped
	s.Changed = append(s.Changed, o.Changed...)
	s.Suspect = append(s.Suspect, o.Suspect...)
}

// Store is what the refresher needs from storage. ApplyUpdates runs in one
// write transaction per call: new events are inserted with deduplication, the
// shipment's status, last event and next check are recomputed with policy,
// exceptions are opened or closed by the rules, and each updated shipment's
// claim is released.
//
// Claims keep two processes on one database (a TUI and `waybill refresh
// --watch`) from polling the same parcel at once: ClaimDue marks up to limit
// due, unclaimed shipments as owner's until now+lease, oldest due first; a
// crashed process's claims simply expire. DeferClaims keeps owner's claims
// on ids until a later time (their service is paused: others must not take
// them meanwhile, and they must not block the rest of the queue);
// ReleaseClaims drops every claim owner still holds.
type Store interface {
	ClaimDue(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]Shipment, error)
	DeferClaims(ctx context.Context, owner string, ids []int64, until time.Time) error
	ReleaseClaims(ctx context.Context, owner string) error
	ApplyUpdates(ctx context.Context, now time.Time, policy Policy, updates []Update) (ApplySummary, error)
	Shipment(ctx context.Context, id int64) (Shipment, error)
	// ShipmentsByTracking maps each known number (normalized) to the
	// shipments that carry it, for webhook pushes.
	ShipmentsByTracking(ctx context.Context, numbers []string) (map[string][]Shipment, error)
}

// Direction says which way a keyset page reads from its cursor.
type Direction int

const (
	Forward  Direction = iota // older rows, after the cursor in display order
	Backward                  // newer rows, before the cursor; with no cursor, the last page
)

// Cursor is a position in the orders list, which is sorted newest shipment
// first (ShippedAt descending, then ShipmentID descending).
type Cursor struct {
	ShippedAt  time.Time
	ShipmentID int64
}

// CursorOf returns the list position of a row.
func CursorOf(r ShipmentRow) Cursor { return Cursor{ShippedAt: r.ShippedAt, ShipmentID: r.ShipmentID} }

// ListQuery asks for one keyset page of the orders list. Rows always come
// back in display order, whatever the direction.
type ListQuery struct {
	Status Status // "" for all
	// Query keeps the shipments where each of its words begins a word of
	// the order number, tracking number, buyer, destination, carrier or
	// status ("" or no words: all). Words are letters and digits; anything
	// else separates them.
	Query  string
	Cursor *Cursor
	Dir    Direction
	Limit  int
}

// Reader is the read side a screen or a command needs. Implementations read
// from a pool separate from the writer, so a long refresh never blocks a
// screen.
type Reader interface {
	ListShipments(ctx context.Context, q ListQuery) ([]ShipmentRow, error)
	CountShipments(ctx context.Context, status Status) (int, error)
	// CountMatching counts what ListShipments lists for status and
	// ListQuery.Query query.
	CountMatching(ctx context.Context, status Status, query string) (int, error)
	// CountMatchingUpTo counts as CountMatching does, but stops past
	// limit: a count over it is limit+1. A query that matches a third of
	// a million parcels costs a screen half a second to count exactly, and
	// "10,000+" says what a person needs while they type.
	CountMatchingUpTo(ctx context.Context, status Status, query string, limit int) (int, error)
	// Position counts the rows before c in the list's order, so a screen
	// that jumps into the middle of the list can say where it is.
	Position(ctx context.Context, status Status, c Cursor) (int, error)
	Timeline(ctx context.Context, shipmentID int64, limit int) ([]Event, error)
	// OpenExceptions is the triage queue: the open exceptions that match q,
	// worst first (severity, then the longest open, then id). An exception
	// snoozed past q.Now is hidden; once q.Now reaches its snoozed_until it
	// is back, and reads as open.
	OpenExceptions(ctx context.Context, q ExceptionQuery) ([]ExceptionRow, error)
	// ExceptionCounts counts the queue (or q.View, when Counted) per kind
	// under q's filters except Kinds, so a header can show what a kind
	// filter leaves out; kinds with none are absent.
	ExceptionCounts(ctx context.Context, q ExceptionQuery) (map[ExceptionKind]int, error)
	StatusCounts(ctx context.Context) (map[Status]int, error)
	// FindOrder looks an order up by order number or by any of its tracking
	// numbers; withEvents adds every event, newest first.
	FindOrder(ctx context.Context, key string, withEvents bool) (OrderDetail, error)
	ListOrders(ctx context.Context, status Status) ([]OrderDetail, error)
	// Order reads one order by id with its shipments and their open
	// exceptions (no events): what the order view shows, in one call.
	Order(ctx context.Context, id int64) (OrderDetail, error)
	// Alerts returns up to limit in-app alerts (channel "app"), newest
	// first, and how many of all of them are unread.
	Alerts(ctx context.Context, limit int) (alerts []Alert, unread int, err error)
	// AlertFailures counts alerts that failed to go out and wait for a retry.
	AlertFailures(ctx context.Context) (int, error)
	// Watched reports whether someone watches the order (DESIGN: `w`).
	Watched(ctx context.Context, orderID int64) (bool, error)
	// CountChecked counts the orders with pre-shipment warnings (Precheck),
	// as stored when they were added: one indexed count, not a judgement
	// of every order.
	CountChecked(ctx context.Context) (int, error)
	// ShipmentChecks returns the pre-shipment warnings of the order a
	// shipment belongs to.
	ShipmentChecks(ctx context.Context, shipmentID int64) ([]Check, error)
	// ListExceptions lists q.View's exceptions (the queue is
	// OpenExceptions), each with its newest log entry (Last), up to
	// q.Limit of them, read through an index in the view's order.
	ListExceptions(ctx context.Context, q ExceptionQuery) ([]ExceptionRow, error)
	// ExceptionLog returns up to limit entries of an exception's log,
	// newest first.
	ExceptionLog(ctx context.Context, exceptionID int64, limit int) ([]ExceptionLogEntry, error)
}

// OwnerNone as ExceptionQuery.Owner asks for the exceptions nobody owns.
const OwnerNone = "-"

// ExceptionQuery filters the triage queue. Empty fields do not filter;
// Carrier, Destination and Owner match whole values, ignoring case.
type ExceptionQuery struct {
	Now         time.Time // snoozes end at Now; the zero time hides every snoozed exception
	Kinds       []ExceptionKind
	Carrier     string
	Destination string
	Owner       string // a name, or OwnerNone
	Limit       int    // <= 0: all
	// Urgent puts the exceptions whose order or parcel has an open
	// deadline due within it of Now above every severity, soonest first
	// ([deadlines] urgent); 0: none are.
	Urgent time.Duration
	// View is which exceptions ListExceptions lists and ExceptionCounts
	// counts (those of the open views only); OpenExceptions lists the
	// queue whatever it says.
	View ExceptionView
}

// Triage is the store's side of what a person does to exceptions from the
// queue, and to the alerts and watches around it; people reach it through
// the Service, which checks the actor and tells the screens. Each call is
// one write transaction; every change to an exception writes an
// exception_log row with the actor in the same transaction. Ids of
// exceptions that are closed (or unknown) are skipped; the result says
// which changed.
type Triage interface {
	// Acknowledge marks exceptions as seen by someone: they stay in the
	// queue, marked, and a snooze on them ends.
	Acknowledge(ctx context.Context, ids []int64, actor string, now time.Time) (Triaged, error)
	// Snooze hides exceptions from the queue until until, which must be
	// after now.
	Snooze(ctx context.Context, ids []int64, until time.Time, actor string, now time.Time) (Triaged, error)
	// Assign gives exceptions an owner; "" takes the owner away.
	Assign(ctx context.Context, ids []int64, owner, actor string, now time.Time) (Triaged, error)
	// Resolve closes exceptions by hand, noting who and why (the log's
	// detail; "" for none given): the rules open the kind again only when
	// a later event still shows the problem.
	Resolve(ctx context.Context, ids []int64, reason, actor string, now time.Time) (Triaged, error)
	// UndoTriage puts each change of a triage action (action, as
	// Triaged.Action named it) back to its Before state where the
	// exception is still in its After state, logged as UndoAction(action)
	// with the actor; others are skipped, as is reopening an exception
	// whose kind the rules have opened again on its parcel.
	UndoTriage(ctx context.Context, action string, changes []TriageChange, actor string, now time.Time) (Triaged, error)
	// SetWatch starts (on) or stops watching an order's every change.
	SetWatch(ctx context.Context, orderID int64, on bool, who string, now time.Time) error
	// MarkAlertsRead marks in-app alerts read; read ones are left as they are.
	MarkAlertsRead(ctx context.Context, ids []int64, now time.Time) (int, error)
}

// ErrNotFound is returned by lookups that match nothing.
var ErrNotFound = errors.New("not found")

// ETAReader tells a screen when an undelivered parcel should arrive
// (EstimateETA with a model the implementation keeps built).
type ETAReader interface {
	ShipmentETA(ctx context.Context, shipmentID int64, now time.Time) (ETA, bool, error)
}

// HistoryReader is the read side the scorecard and the ETA model need: every
// shipment shipped at or after since, with its first scan, exceptions and
// cases, in one pass.
type HistoryReader interface {
	ShipmentHistory(ctx context.Context, since time.Time) ([]HistoryRecord, error)
}
