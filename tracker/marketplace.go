package tracker

import (
	"context"
	"time"
)

// Marketplace is a seller's account on a marketplace (AliExpress, Shopify):
// where orders, their parcels' numbers, disputes and the clocks that cost
// the seller money come from. Adapters live in carriers/ beside the
// tracking services; the sync (tracker) is the one place that writes what
// they return, through the same order and case actions a person uses.
type Marketplace interface {
	Name() string // "aliexpress", "shopify": Order.Marketplace of what it returns
	// Orders returns one page of the orders changed at or after since (zero:
	// as far back as the marketplace allows), from page ("" first). Next is
	// "" on the last page.
	Orders(ctx context.Context, since time.Time, page string) (MarketPage[MarketOrder], error)
	// Disputes returns one page of the account's open disputes, and those
	// finished at or after since when the marketplace can tell.
	Disputes(ctx context.Context, since time.Time, page string) (MarketPage[Dispute], error)
}

// ProtectionExtender is a marketplace on which the seller can extend the
// buyer's protection (AliExpress: extendsbuyeracceptgoodstime).
type ProtectionExtender interface {
	// ExtendProtection asks for days more on order orderNo. A refusal is an
	// *ExtendRefused naming the marketplace's code; other errors are failed
	// calls.
	ExtendProtection(ctx context.Context, orderNo string, days int) error
}

// ExtendRefused is the marketplace's refusal of an extension, with its code
// (AliExpress sub_error_code 100, 200, 201, 210, 601) and text.
type ExtendRefused struct {
	Code    string
	Message string
}

func (e *ExtendRefused) Error() string { return "extension refused (" + e.Code + "): " + e.Message }

// MarketPage is one page of a marketplace's answer.
type MarketPage[T any] struct {
	Items []T
	Next  string // "" on the last page
	// AsOf is the marketplace's own time of the answer when it says
	// (zero: not said); the next sync asks from there, so a slow clock of
	// ours loses nothing.
	AsOf time.Time
}

// MarketOrder is an order as the marketplace holds it. Detail carries the
// fields waybill keeps (Order.Marketplace and Order.OrderNo set, Country
// ISO, Amount exact) and one ShipmentDetail per tracking number the
// marketplace lists; MarketStatus is the marketplace's own status word.
type MarketOrder struct {
	Detail       OrderDetail
	MarketStatus string
	UpdatedAt    time.Time // the marketplace's modified time
	// ProtectionEnd is when the buyer's protection runs out, zero when not
	// known; ProtectionDerived marks one worked out (last shipment plus the
	// promised days) rather than read from the marketplace.
	ProtectionEnd     time.Time
	ProtectionDerived bool
	ShipBy            time.Time // when it must ship, zero when not known or shipped
}

// Dispute is a buyer's dispute (AliExpress "issue") on an order.
type Dispute struct {
	Marketplace string
	ID          string
	OrderNo     string // the main order's number, as Order.OrderNo
	Status      string // the marketplace's word: processing, finish, canceled_issue
	Open        bool
	ReasonCN    string
	ReasonEN    string
	Kind        ExceptionKind // from the reason: lost, stale, damaged, missing_items, other
	BuyerWants  string        // the buyer's proposed solution, in words
	SellerOffer string        // the seller's, in words
	// ReplyBy is when the marketplace decides without the seller (UTC),
	// zero when no clock runs; ReplyKind is the marketplace's name for that
	// clock (AliExpress timeout_type).
	ReplyBy   time.Time
	ReplyKind string
	Outcome   string // for a finished dispute: how it ended, in words
	UpdatedAt time.Time
}

// DeadlineKind says what a missed deadline costs.
type DeadlineKind string

const (
	DeadlineDisputeReply        DeadlineKind = "dispute_reply"
	DeadlineProtectionEnd       DeadlineKind = "protection_end"
	DeadlineShipBy              DeadlineKind = "ship_by"
	DeadlineTradeAssuranceReply DeadlineKind = "trade_assurance_reply"
	DeadlineCarrierClaim        DeadlineKind = "carrier_claim"
	DeadlineFollowUp            DeadlineKind = "follow_up"
)

// Deadline is a clock that loses the seller money when it runs out.
type Deadline struct {
	ID         int64
	OrderID    int64
	ShipmentID int64 // 0 when it is the order's
	CaseID     int64 // 0 when no case
	Kind       DeadlineKind
	DueAt      time.Time
	// Source is where the time came from: "aliexpress" (a marketplace
	// field), "rule" (derived by waybill), "config".
	Source string
	Ref    string // the source's own id (a dispute id), "" when none
	State  string // "open", "met", "missed", "gone"
}
