package tracker

import (
	"strconv"
	"time"
)

// DeadlineConfig is [deadlines].
type DeadlineConfig struct {
	// Urgent is how close a deadline must be for the queue to put it above
	// every severity.
	Urgent Duration `toml:"urgent"`
	// AlertBefore are the lead times at which an alert goes out, once per
	// deadline and lead time.
	AlertBefore []Duration `toml:"alert_before"`
	// ClaimDays is how many days after shipping a claim with the carrier
	// may be filed, per carrier slug; "default" for the others. No source
	// in CARRIERS.md or MARKETPLACES.md gives these: UNCONFIRMED.
	ClaimDays map[string]int `toml:"claim_days"`
	// ExtendDays is the days the screen's extend key offers; no source
	// says what a seller usually asks for: UNCONFIRMED, 15 by default.
	ExtendDays int `toml:"extend_days"`
	// ExtendBefore: protection ending this close to a parcel's ETA p90,
	// or after it, with the parcel not delivered, proposes an extension.
	ExtendBefore Duration `toml:"extend_before"`
	// TradeAssuranceReply is how long an Alibaba.com supplier has to answer
	// a refund request (MARKETPLACES.md A1: 3 days), for the deadline
	// `waybill deadline add ORDER --kind trade_assurance_reply` enters.
	TradeAssuranceReply Duration `toml:"trade_assurance_reply"`
}

// DefaultExtendDays is [deadlines] extend_days unset (UNCONFIRMED).
const DefaultExtendDays = 15

// DefaultClaimDays is the claim window of a carrier [deadlines.claim_days]
// does not name: six months, as postal claims commonly run from posting.
// UNCONFIRMED (no sourced number in CARRIERS.md): set it per carrier.
const DefaultClaimDays = 180

// DefaultDeadlines is [deadlines] of an empty config.
func DefaultDeadlines() DeadlineConfig {
	return DeadlineConfig{Urgent: Duration{48 * time.Hour}, AlertBefore: []Duration{{48 * time.Hour}, {12 * time.Hour}},
		ExtendDays: DefaultExtendDays, ExtendBefore: Duration{5 * 24 * time.Hour},
		TradeAssuranceReply: Duration{DefaultTradeAssuranceReply}}
}

// ClaimWindow is how many days after shipping carrier's claims close.
func (c DeadlineConfig) ClaimWindow(carrier string) int {
	if d, ok := c.ClaimDays[carrier]; ok {
		return d
	}
	if d, ok := c.ClaimDays["default"]; ok {
		return d
	}
	return DefaultClaimDays
}

// validate checks [deadlines].
func (c DeadlineConfig) validate(p *problems) {
	if c.Urgent.Duration < time.Hour || c.Urgent.Duration > 30*24*time.Hour {
		p.add("deadlines.urgent", c.Urgent.Duration.String(), "want 1h to 720h (how close a deadline rises to the top of the queue)")
	}
	for i, d := range c.AlertBefore {
		if d.Duration < time.Minute || d.Duration > 30*24*time.Hour {
			p.add("deadlines.alert_before", d.Duration.String(), "want each lead time 1m to 720h (item %d)", i+1)
		}
	}
	if c.ExtendDays < MinExtendDays || c.ExtendDays > MaxExtendDays {
		p.add("deadlines.extend_days", c.ExtendDays, "want %d to %d days (what the extend key offers)", MinExtendDays, MaxExtendDays)
	}
	if c.ExtendBefore.Duration < 0 || c.ExtendBefore.Duration > 90*24*time.Hour {
		p.add("deadlines.extend_before", c.ExtendBefore.Duration.String(), "want 0s to 2160h (how close to the parcel's likely arrival protection may end)")
	}
	if c.TradeAssuranceReply.Duration < time.Hour || c.TradeAssuranceReply.Duration > 30*24*time.Hour {
		p.add("deadlines.trade_assurance_reply", c.TradeAssuranceReply.Duration.String(), "want 1h to 720h (how long a supplier has to answer a Trade Assurance refund request)")
	}
	for carrier, days := range c.ClaimDays {
		if !inRange(days, 1, 3650) {
			p.add("deadlines.claim_days."+carrier, days, "want 1 to 3650 days after shipping")
		}
	}
}

// Refs of the deadlines the rules derive: one per parcel or case, so a
// recomputation replaces rather than adds.
func shipmentRef(id int64) string { return "shipment:" + strconv.FormatInt(id, 10) }
func caseRef(id int64) string     { return "case:" + strconv.FormatInt(id, 10) }

// FollowUpDeadline is an open case's next follow-up as a deadline; false
// when the case is closed or has no follow-up date, so a stored one is to
// be closed.
func FollowUpDeadline(c Case) (Deadline, bool) {
	if c.State != CaseOpen || c.FollowUpAt.IsZero() || c.ID == 0 {
		return Deadline{}, false
	}
	return Deadline{OrderID: c.OrderID, ShipmentID: c.ShipmentID, CaseID: c.ID, Kind: DeadlineFollowUp,
		DueAt: c.FollowUpAt.UTC().Truncate(time.Second), Source: SourceRule, Ref: caseRef(c.ID), State: DeadlineOpen}, true
}

// FollowUpRef is the ref of case id's follow_up deadline.
func FollowUpRef(caseID int64) string { return caseRef(caseID) }

// CarrierClaimDeadline is the last day to claim with the carrier for a
// parcel a lost or damaged exception names: shipping plus the carrier's
// claim window ([deadlines.claim_days]), counted from the exception's
// opening when the parcel has no shipping date. False for other kinds.
func CarrierClaimDeadline(x Exception, sh Shipment, c DeadlineConfig) (Deadline, bool) {
	if x.Kind != ExLost && x.Kind != ExDamaged {
		return Deadline{}, false
	}
	from := sh.ShippedAt
	if from.IsZero() {
		from = x.OpenedAt
	}
	if from.IsZero() {
		return Deadline{}, false
	}
	due := from.UTC().AddDate(0, 0, c.ClaimWindow(sh.Carrier)).Truncate(time.Second)
	return Deadline{OrderID: sh.OrderID, ShipmentID: sh.ID, Kind: DeadlineCarrierClaim, DueAt: due,
		Source: SourceRule, Ref: shipmentRef(sh.ID), State: DeadlineOpen}, true
}

// ClaimRef is the ref of a parcel's carrier_claim deadline.
func ClaimRef(shipmentID int64) string { return shipmentRef(shipmentID) }

// DerivedProtectionEnd is when the buyer's protection runs out as waybill
// can tell without the marketplace: the latest promised date of the
// order's shipped parcels (Rules.Promised: the order's own promised date,
// else shipping plus the shipping method's promised days). False when no
// parcel has shipped, none has a promise, or all are delivered. Its source
// is "rule": a marketplace's value for the order wins over it.
func DerivedProtectionEnd(o Order, shipments []Shipment, r Rules) (Deadline, bool) {
	var due time.Time
	var last Shipment
	moving := false
	for _, sh := range shipments {
		if sh.ShippedAt.IsZero() {
			continue
		}
		if sh.Status != StatusDelivered {
			moving = true
		}
		if p := r.Promised(o, sh); p.After(due) {
			due, last = p, sh
		}
	}
	if due.IsZero() || !moving {
		return Deadline{}, false
	}
	return Deadline{OrderID: o.ID, ShipmentID: last.ID, Kind: DeadlineProtectionEnd, DueAt: due.UTC().Truncate(time.Second),
		Source: SourceRule, State: DeadlineOpen}, true
}
