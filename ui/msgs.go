package ui

import (
	"time"

	"waybill/tracker"
)

// Every fetch is a tea.Cmd whose message carries the id of the request that
// asked for it. A component keeps the id of its newest request and drops any
// message with another id, so a slow answer can never overwrite a newer one.

// windowMsg answers a keyset read of the orders list.
type windowMsg struct {
	req   int
	kind  windowKind
	query tracker.ListQuery
	rows  []tracker.ShipmentRow
	err   error
	// anchor is the index (into the rows at request time) of the row the
	// cursor was taken from; page moves use it to keep the position.
	anchor int
	// target is the shipment a jump wants selected.
	target int64
	// before counts the rows above rows[0] in the whole list, when a jump
	// asked for it (known is then set).
	before      int
	beforeKnown bool
}

type countMsg struct {
	req     int
	n       int
	atLeast bool // n is countCap, and more match
	err     error
}

type timelineMsg struct {
	req        int
	shipmentID int64
	events     []tracker.Event
	checks     []tracker.Check // the order's pre-shipment warnings
	err        error
}

// etaMsg is a parcel's ETA, read after its events (timelineModel.fetchETA).
type etaMsg struct {
	shipmentID int64
	eta        *tracker.ETA // nil: none (delivered, unknown, or unreadable)
}

type exceptionsMsg struct {
	req       int
	rows      []tracker.ExceptionRow
	details   []string // each row's detail in the session's language, made with the read
	counts    map[tracker.ExceptionKind]int
	countsErr error // the queue may still be shown without its counts
	err       error
	now       time.Time // the time the rows were read at, for the extend proposals
}

// extendMsg is the queue rows (by exception id) proposing to extend the
// buyer's protection, read after the rows (exceptionsModel.fetchExtend).
type extendMsg struct {
	req    int // the exceptionsMsg these belong to
	extend map[int64]bool
}

type statusCountsMsg struct {
	req     int
	counts  map[tracker.Status]int
	checked int // orders with pre-shipment warnings
	err     error
}

// triageMsg is the result of a triage action (a, s, o) on some exceptions.
type triageMsg struct {
	req       int
	done      string          // what happened, for the status bar: "acknowledged", "snoozed for 1 day"
	verb      string          // what was tried, for an error: "acknowledge"
	asked     int             // exceptions the action was for
	changed   int             // exceptions it changed
	shipments []int64         // their shipments, for a reload without a hub
	result    tracker.Triaged // what changed, as it was: what u puts back
	err       error
}

// watchMsg is the result of `w` on an order.
type watchMsg struct {
	req        int
	orderID    int64
	orderNo    string
	shipmentID int64
	on         bool
	err        error
}

// alertsMsg answers a read of the in-app alerts: the unread count always,
// the list when it was asked for (the alert list is open).
type alertsMsg struct {
	req    int
	list   bool
	alerts []tracker.Alert
	unread int
	failed int // alerts waiting for a retry on some channel
	err    error
}

// alertsReadMsg is the result of marking the listed alerts read.
type alertsReadMsg struct {
	req int
	n   int
	err error
}

// refreshMsg is the result of `r` (refresh the selected shipment now).
type refreshMsg struct {
	shipmentID int64
	label      string
	summary    tracker.ApplySummary
	err        error
}

// changeMsg is a merged change notice from the hub.
type changeMsg struct {
	change tracker.Change
}

// hubClosedMsg says the subscription ended (session over); we stop waiting.
type hubClosedMsg struct{}

// tickMsg moves the screen's clock; it carries the refresher's state, read
// in the Cmd so Update never calls out.
type tickMsg struct {
	now      time.Time
	state    tracker.RefresherState
	hasState bool
	rearm    bool          // a periodic tick (not the first poll): schedule the next
	gen      int           // the tick chain it belongs to (App.tickGen)
	every    time.Duration // how long it waited
}

// caseOpenMsg answers `c` (or enter on a row with a case): the case to show,
// found or just opened; or, from an order without one, the kinds to ask
// about (ask set).
type caseOpenMsg struct {
	req     int
	id      int64
	created bool
	ask     bool             // no open case: ask for the kind, then open one
	closed  *tracker.CaseRow // the parcel's last case of the kind is closed: ask what to do
	from    caseSource
	err     error
}

// caseLoadedMsg answers a read of the shown case: the case, its log, and
// the order and parcel it is about.
type caseLoadedMsg struct {
	req   int
	id    int64
	row   tracker.CaseRow
	log   []tracker.CaseEntry
	order tracker.Order
	ship  tracker.Shipment
	last  tracker.Event // the parcel's newest event; zero when none
	hasEv bool
	eta   *tracker.ETA // the parcel's ETA now; nil when none
	// suggested is the new ETA step 3 proposes (tracker.Service.SuggestETA);
	// zero when nothing ahead is known.
	suggested time.Time
	facts     tracker.CaseFacts // for the messages to the buyer
	factsErr  error
	detErr    error // the order could not be read; the case is still shown
	err       error
}

// caseDoneMsg is the result of one case action (and of an email before it).
type caseDoneMsg struct {
	req  int
	id   int64
	done string // what happened, for the result line
	ship int64
	err  error
}

// caseRefreshMsg is the result of `r` in the verify step.
type caseRefreshMsg struct {
	req     int
	id      int64
	summary tracker.ApplySummary
	err     error
}

// evidenceMsg says which evidence paths of a claim do not exist.
type evidenceMsg struct {
	req     int
	id      int64
	missing []string
}
