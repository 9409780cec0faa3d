package tracker

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Audience is who an evidence bundle is for; it decides what personal
// data of the buyer the bundle holds.
type Audience string

const (
	// AudienceDispute is a marketplace's dispute page: it knows the buyer
	// already and needs neither their name nor their address.
	AudienceDispute Audience = "dispute"
	// AudienceClaim is a carrier's or an insurer's claims desk: it matches
	// the parcel to the addressee, so the buyer's name and address go in.
	AudienceClaim Audience = "claim"
	// AudienceBuyer is the buyer: the case as it concerns them, without
	// the sellers' internal notes.
	AudienceBuyer Audience = "buyer"
)

// Audiences lists every audience, the default first.
var Audiences = []Audience{AudienceDispute, AudienceClaim, AudienceBuyer}

// ParseAudience reads an audience name; "" is the default, dispute.
func ParseAudience(s string) (Audience, error) {
	a := Audience(strings.ToLower(strings.TrimSpace(s)))
	if a == "" {
		return AudienceDispute, nil
	}
	if !slices.Contains(Audiences, a) {
		return "", refusal(refuseAudience, s)
	}
	return a, nil
}

// Personal reports whether a bundle for a may name the buyer and their
// address, e-mail and phone.
func (a Audience) Personal() bool { return a == AudienceClaim }

// Redaction marks where a bundle left the buyer's personal data out.
const Redaction = "[withheld]"

// CaseBundle is everything an evidence bundle says about one case, as
// stored now, with the buyer's personal data already left out where the
// audience has no need of it. Text in it is as the carriers, buyers and
// people wrote it: untrusted, to be sanitized by whatever renders it.
type CaseBundle struct {
	Audience Audience
	MadeAt   time.Time
	Case     CaseRow // Buyer is "" unless the audience is personal
	Order    Order   // Buyer, Email, Phone and Address are "" unless personal
	// Parcels are the order's parcels, the case's first, each with its
	// whole timeline oldest first.
	Parcels []ShipmentDetail
	// Log is the case's log, oldest first (the buyer's bundle leaves out
	// the sellers' notes).
	Log []CaseEntry
	// Messages are the log's entries of messages sent to the buyer, and
	// CarrierAnswers those of what the carrier was asked and said.
	Messages       []CaseEntry
	CarrierAnswers []CaseEntry
	// Deadlines are the order's open deadlines, soonest first; the case's
	// next follow-up is Case.FollowUpAt.
	Deadlines []Deadline
	// Evidence are the files the case names (the solution's evidence), as
	// given: the bundle's writer reads them.
	Evidence []string
	// Claims are the case's claims with carriers and insurers, oldest
	// first; none in the buyer's bundle (what the seller asks of its
	// carrier is not the buyer's business).
	Claims []ClaimRow
}

// timelineStore reads one parcel's whole timeline (store.DB does).
type timelineStore interface {
	Timeline(ctx context.Context, shipmentID int64, limit int) ([]Event, error)
}

// orderDeadlineStore reads an order's open deadlines of a kind.
type orderDeadlineStore interface {
	OrderDeadlines(ctx context.Context, orderID int64, kind DeadlineKind) ([]Deadline, error)
}

// CaseBundle gathers the facts of case id for an evidence bundle for
// audience: the case and its log, the order with every parcel and its
// whole timeline, the pre-shipment record, the deadlines and the evidence
// files named. A viewer may: it changes nothing.
func (s *Service) CaseBundle(ctx context.Context, id int64, audience Audience) (CaseBundle, error) {
	if !slices.Contains(Audiences, audience) {
		return CaseBundle{}, fmt.Errorf("bundle of case %d: audience %q: want dispute, claim or buyer", id, audience)
	}
	row, err := s.store.Case(ctx, id)
	if err != nil {
		return CaseBundle{}, Wrapf(WrapCaseBundle, id, err)
	}
	log, err := s.store.CaseLog(ctx, id)
	if err != nil {
		return CaseBundle{}, fmt.Errorf("bundle of case %d: log: %w", id, err)
	}
	od, err := s.store.Order(ctx, row.OrderID)
	if err != nil {
		return CaseBundle{}, fmt.Errorf("bundle of case %d: order %d: %w", id, row.OrderID, err)
	}
	b := CaseBundle{Audience: audience, MadeAt: s.clock.Now(), Case: row, Order: od.Order}
	// The case's parcel first: it is what the bundle is about.
	parcels := slices.Clone(od.Shipments)
	slices.SortStableFunc(parcels, func(x, y ShipmentDetail) int {
		return boolRank(x.ID != row.ShipmentID) - boolRank(y.ID != row.ShipmentID)
	})
	ts, hasTimeline := s.store.(timelineStore)
	for _, p := range parcels {
		evs := p.Events
		if hasTimeline {
			if evs, err = ts.Timeline(ctx, p.ID, 0); err != nil {
				return CaseBundle{}, Wrapf(WrapCaseBundle, id, err)
			}
		}
		evs = slices.Clone(evs)
		slices.SortStableFunc(evs, func(x, y Event) int { return x.Time.Compare(y.Time) })
		p.Events = evs
		b.Parcels = append(b.Parcels, p)
	}
	if ds, ok := s.store.(orderDeadlineStore); ok {
		for _, k := range DeadlineKinds {
			got, err := ds.OrderDeadlines(ctx, row.OrderID, k)
			if err != nil {
				return CaseBundle{}, Wrapf(WrapCaseBundle, id, err)
			}
			b.Deadlines = append(b.Deadlines, got...)
		}
		slices.SortStableFunc(b.Deadlines, func(x, y Deadline) int { return x.DueAt.Compare(y.DueAt) })
	}
	for _, e := range log {
		switch e.Action {
		case ActNote:
			if audience == AudienceBuyer {
				continue // the sellers' own notes
			}
		case ActReassure, ActUpdateBuyer:
			b.Messages = append(b.Messages, e)
		case ActVerify, ActInvestigate:
			b.CarrierAnswers = append(b.CarrierAnswers, e)
		}
		b.Log = append(b.Log, e)
	}
	if audience != AudienceBuyer {
		if b.Claims, err = s.caseClaims(ctx, row); err != nil {
			return CaseBundle{}, Wrapf(WrapCaseBundle, id, err)
		}
	}
	if sol := row.Solution; sol != nil {
		b.Evidence = slices.Clone(sol.Evidence)
		sc := *sol
		sc.Evidence = slices.Clone(sol.Evidence)
		sc.Documents = slices.Clone(sol.Documents)
		b.Case.Solution = &sc
	}
	return b.Withheld(), nil
}

// caseClaims are the claims of case row, oldest first; none from a store
// that keeps no claims.
func (s *Service) caseClaims(ctx context.Context, row CaseRow) ([]ClaimRow, error) {
	cs, err := s.claimStore()
	if errors.Is(err, ErrNoClaims) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	all, err := cs.Claims(ctx, ClaimQuery{ShipmentID: row.ShipmentID})
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	all = slices.DeleteFunc(all, func(c ClaimRow) bool { return c.CaseID != row.ID })
	slices.SortStableFunc(all, func(x, y ClaimRow) int { return cmp.Compare(x.ID, y.ID) })
	return all, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Withheld is the bundle as its audience may see it: unless the audience
// is personal (a claim), without the buyer's name, address, e-mail and
// phone, in the fields that hold them and in any text that quotes them (a
// message to the buyer begins with their name; a redelivery's log entry
// gives the address verified). The bundle's writer asks again, so no
// bundle made by hand slips through; asking twice changes nothing.
func (b CaseBundle) Withheld() CaseBundle {
	if b.Audience.Personal() {
		return b
	}
	b.Log, b.Messages, b.CarrierAnswers = slices.Clone(b.Log), slices.Clone(b.Messages), slices.Clone(b.CarrierAnswers)
	if b.Case.Solution != nil {
		sol := *b.Case.Solution
		b.Case.Solution = &sol
	}
	personal := []string{b.Order.Buyer, b.Order.Address, b.Order.Email, b.Order.Phone, b.Case.Buyer}
	if sol := b.Case.Solution; sol != nil {
		personal = append(personal, sol.Address, sol.Phone)
		sol.Address, sol.Phone = "", ""
	}
	// Whole lines of an address too, so a reflowed one is still caught;
	// the longest first, so a part never leaves the rest behind.
	for _, v := range slices.Clone(personal) {
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }) {
			personal = append(personal, part)
		}
	}
	personal = slices.DeleteFunc(personal, func(v string) bool { return len(strings.TrimSpace(v)) < 3 })
	for i := range personal {
		personal[i] = strings.TrimSpace(personal[i])
	}
	slices.SortFunc(personal, func(x, y string) int { return len(y) - len(x) })
	scrub := func(s string) string {
		for _, v := range personal {
			s = strings.ReplaceAll(s, v, Redaction)
		}
		return s
	}
	b.Order.Buyer, b.Order.Address, b.Order.Email, b.Order.Phone = "", "", "", ""
	b.Case.Buyer = ""
	for _, list := range [][]CaseEntry{b.Log, b.Messages, b.CarrierAnswers} {
		for i := range list {
			list[i].Detail = scrub(list[i].Detail)
		}
	}
	b.Case.CarrierAnswer = scrub(b.Case.CarrierAnswer)
	b.Case.Resolution = scrub(b.Case.Resolution)
	return b
}
