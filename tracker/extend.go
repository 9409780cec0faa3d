package tracker

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ExtendStore is what an extension of the buyer's protection reads and
// logs beside the order (the store's market_disputes and deadlines of
// migrations 0019 and 0020; no table of its own).
type ExtendStore interface {
	// OpenDisputes are the order's disputes the marketplace last said are
	// open.
	OpenDisputes(ctx context.Context, orderID int64) ([]MarketDispute, error)
	// OrderDeadlines are the order's open deadlines of kind.
	OrderDeadlines(ctx context.Context, orderID int64, kind DeadlineKind) ([]Deadline, error)
	// LogDeadline adds a line to a deadline's log (deadline_log): where an
	// extension's answer is kept on the order when no case is open.
	LogDeadline(ctx context.Context, id int64, now time.Time, actor, action, detail string) error
}

// ProtectionReader is a marketplace that can say when an order's buyer
// protection now ends (AliExpress: the order detail's over_time_left), so
// an extension moves the deadline to the marketplace's own new time
// rather than to a sum waybill made. ok is false when it does not say.
type ProtectionReader interface {
	ProtectionEnd(ctx context.Context, orderNo string) (end time.Time, ok bool, err error)
}

// Days an extension may ask for. The marketplace's own cap is
// UNCONFIRMED (MARKETPLACES.md A6: 201 proves one exists); this bound only
// keeps a typo (1500 for 15) from reaching it.
const (
	MinExtendDays = 1
	MaxExtendDays = 365
)

// ExtendCapper is a ProtectionExtender with its own most days one
// extension may ask for, and the setting that holds it (AliExpress:
// [marketplaces.aliexpress] max_extend_days, UNCONFIRMED).
type ExtendCapper interface {
	MaxExtendDays() (days int, setting string)
}

// ExtendResult is what an extension did, as `waybill extend --json` prints
// it. Extended is true when the marketplace granted it; otherwise Code
// and Reason say why not, and Called whether the marketplace was asked
// at all (a refusal of waybill's own is made before any call).
type ExtendResult struct {
	OrderNo     string `json:"order_no"`
	Marketplace string `json:"marketplace"`
	Days        int    `json:"days"`
	Extended    bool   `json:"extended"`
	Called      bool   `json:"called"`
	// Code is the marketplace's refusal code (AliExpress sub_error_code),
	// or "open_dispute" for waybill's own refusal; "" when extended.
	Code   string `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
	// MarketMessage is the marketplace's own text of a refusal, cleaned.
	MarketMessage string `json:"market_message,omitempty"`
	// ProtectionEnd is the new end of the buyer's protection (UTC), nil
	// when not extended or not known; Derived marks one waybill added up
	// (the old end plus the days) because the marketplace did not say.
	ProtectionEnd *time.Time `json:"protection_end"`
	Derived       bool       `json:"derived,omitempty"`
	// CaseID is the open case whose log records the answer, 0 when none.
	CaseID int64 `json:"case_id,omitempty"`
	// Note says what could not be recorded, "" when all was.
	Note string `json:"note,omitempty"`
}

// CodeOpenDispute is waybill's own refusal: a dispute is open on the
// order, and no marketplace extends protection then (A6: "not in dispute").
const CodeOpenDispute = "open_dispute"

// ExtendReason says a refusal code in words a seller can act on
// (MARKETPLACES.md A6, AliExpress sub_error_code).
func ExtendReason(code string) string {
	switch code {
	case "100":
		return "the marketplace has no such order (100: order not found)"
	case "200":
		return "the marketplace found no matching business data for the order (200)"
	case "201":
		return "the extension is more than the marketplace allows for this order (201: exceeds the allowed extension); ask for fewer days"
	case "210":
		return "the order's state does not allow an extension (210): only while it awaits the buyer's receipt, with no dispute open and not frozen"
	case "601":
		return "the connected account may not extend orders (601: no permission): connect with the seller's main account"
	case CodeOpenDispute:
		return "a dispute is open on the order: protection cannot be extended while it is; answer the dispute instead"
	}
	return "refused by the marketplace (code " + code + ")"
}

// ErrNotExtendable refuses an order whose marketplace cannot extend
// protection, or none is connected.
var ErrNotExtendable = Wrapf(refuseNotExtendable)

// WithMarketplaces gives the service the seller's connected marketplaces,
// for the actions that call one (ExtendProtection). Call it before the
// service is shared.
func (s *Service) WithMarketplaces(ms ...Marketplace) *Service {
	s.markets = append([]Marketplace(nil), ms...)
	return s
}

// CheckExtendDays refuses a number of days no extension should ask for,
// naming the field and the value.
func CheckExtendDays(days int) error {
	if days < MinExtendDays || days > MaxExtendDays {
		return refusal(refuseExtendDays, days, MinExtendDays, MaxExtendDays)
	}
	return nil
}

// ExtendProtection asks the order's marketplace for days more of the
// buyer's protection: the one implementation the command line and the
// screens call. It refuses before any call when days is out of bounds,
// the order is not one of a connected marketplace that can extend, or a
// dispute is open on it. The answer, granted or refused, is recorded on
// the order: on its open case's log when it has one, and on its
// protection_end deadline's log; a granted one moves that deadline to the
// marketplace's new end (else the old end plus the days). A refusal is a
// result with Code and Reason, not an error; errors are bad input and
// failed calls.
func (s *Service) ExtendProtection(ctx context.Context, a Actor, orderNo string, days int) (ExtendResult, error) {
	orderNo = strings.TrimSpace(orderNo)
	res := ExtendResult{OrderNo: orderNo, Days: days}
	if err := a.mayWork(); err != nil {
		return res, err
	}
	if err := CheckExtendDays(days); err != nil {
		return res, err
	}
	if orderNo == "" {
		return res, refusal(refuseExtendNoOrder)
	}
	es, ok := s.store.(ExtendStore)
	if !ok {
		return res, errors.New("this store cannot keep an extension's answer")
	}
	od, err := s.store.FindOrder(ctx, orderNo, false)
	if errors.Is(err, ErrNotFound) || err == nil && od.ID == 0 {
		return res, notFound("order %q: no such order in waybill (sync the marketplace first)", ShortValue(orderNo))
	}
	if err != nil {
		return res, fmt.Errorf("order %q: %w", ShortValue(orderNo), err)
	}
	res.OrderNo, res.Marketplace = od.OrderNo, od.Marketplace
	m, ext := s.extender(od.Marketplace)
	if ext == nil {
		return res, s.notExtendable(od)
	}
	if c, ok := ext.(ExtendCapper); ok {
		if most, setting := c.MaxExtendDays(); days > most {
			return res, refusal(refuseExtendCap, days, setting, most)
		}
	}
	open, err := es.OpenDisputes(ctx, od.ID)
	if err != nil {
		return res, fmt.Errorf("order %s: its disputes: %w", od.OrderNo, err)
	}
	pe, err := es.OrderDeadlines(ctx, od.ID, DeadlineProtectionEnd)
	if err != nil {
		return res, fmt.Errorf("order %s: its protection end: %w", od.OrderNo, err)
	}
	if len(open) > 0 {
		which := "the marketplace's status " + open[0].Status
		if open[0].ID != "" {
			which = "dispute " + open[0].ID
		}
		res.Code, res.Reason = CodeOpenDispute, ExtendReason(CodeOpenDispute)+" ("+which+")"
		return res, s.recordExtend(ctx, es, a, od, pe, &res)
	}

	res.Called = true
	callErr := ext.ExtendProtection(ctx, od.OrderNo, days)
	var refused *ExtendRefused
	switch {
	case errors.As(callErr, &refused):
		res.Code, res.Reason = refused.Code, ExtendReason(refused.Code)
		res.MarketMessage = Sanitize(refused.Message)
		return res, s.recordExtend(ctx, es, a, od, pe, &res)
	case callErr != nil:
		// Nothing is known to have changed at the marketplace: nothing
		// is recorded; the person sees the failure and may try again.
		return res, fmt.Errorf("extend order %s by %d days at %s: %w", od.OrderNo, days, m.Name(), callErr)
	}
	res.Extended = true
	end, derived := s.newProtectionEnd(ctx, m, od.OrderNo, days, pe)
	if !end.IsZero() {
		res.ProtectionEnd, res.Derived = &end, derived
	}
	if err := s.recordExtend(ctx, es, a, od, pe, &res); err != nil {
		return res, err
	}
	if end.IsZero() {
		res.Note = "no protection end is known for the order yet: the next sync reads the new one"
		return res, nil
	}
	d := Deadline{OrderID: od.ID, Kind: DeadlineProtectionEnd, DueAt: end, Source: m.Name(), State: DeadlineOpen}
	if len(pe) > 0 {
		d.ShipmentID, d.CaseID, d.Ref = pe[0].ShipmentID, pe[0].CaseID, pe[0].Ref
		if derived {
			d.Source = pe[0].Source
		}
	} else if derived {
		d.Source = SourceRule
	}
	if _, err := s.PutDeadlines(ctx, a, []Deadline{d}); err != nil {
		return res, fmt.Errorf("order %s extended by %d days, but its protection_end deadline was not moved: %w", od.OrderNo, days, err)
	}
	return res, nil
}

// extender is the connected marketplace named name when it can extend.
func (s *Service) extender(name string) (Marketplace, ProtectionExtender) {
	for _, m := range s.markets {
		if m.Name() == name {
			if ext, ok := m.(ProtectionExtender); ok {
				return m, ext
			}
			return m, nil
		}
	}
	return nil, nil
}

// notExtendable says why od's protection cannot be extended from waybill.
func (s *Service) notExtendable(od OrderDetail) error {
	switch {
	case od.Marketplace == "":
		return Wrapf(refuseNotMarket, od.OrderNo, ErrNotExtendable)
	case slicesHasMarket(s.markets, od.Marketplace):
		return Wrapf(refuseNoExtender, od.OrderNo, ErrNotExtendable, od.Marketplace)
	}
	return Wrapf(refuseNotConnected, od.OrderNo, ErrNotExtendable, od.Marketplace)
}

func slicesHasMarket(ms []Marketplace, name string) bool {
	for _, m := range ms {
		if m.Name() == name {
			return true
		}
	}
	return false
}

// newProtectionEnd is when protection ends after a granted extension: the
// marketplace's word when it says (ProtectionReader), else the stored end
// plus the days (derived); zero when neither is known.
func (s *Service) newProtectionEnd(ctx context.Context, m Marketplace, orderNo string, days int, pe []Deadline) (time.Time, bool) {
	if pr, ok := m.(ProtectionReader); ok {
		// An end already past cannot follow a granted extension: the
		// marketplace's field was empty or wrong, so it is not believed.
		if end, ok, err := pr.ProtectionEnd(ctx, orderNo); err == nil && ok && end.After(s.clock.Now()) {
			return end.UTC().Truncate(time.Second), false
		}
	}
	if len(pe) > 0 {
		return pe[0].DueAt.Add(time.Duration(days) * 24 * time.Hour).UTC(), true
	}
	return time.Time{}, false
}

// extendNote is the log line about an extension's answer.
func extendNote(res ExtendResult) string {
	who := res.Marketplace
	if who == "" {
		who = "the marketplace"
	}
	if res.Extended {
		s := fmt.Sprintf("buyer protection extended by %d days at %s", res.Days, who)
		if res.ProtectionEnd != nil {
			s += "; now ends " + res.ProtectionEnd.UTC().Format("2006-01-02 15:04") + " UTC"
			if res.Derived {
				s += " (derived: the old end plus the days)"
			}
		}
		return s
	}
	s := fmt.Sprintf("extending buyer protection by %d days refused", res.Days)
	if res.Called {
		s += " by " + who
	} else {
		s += " before asking " + who
	}
	s += ": " + res.Reason
	if res.MarketMessage != "" {
		s += " [" + ShortValue(res.MarketMessage) + "]"
	}
	return s
}

// recordExtend writes the answer on the order: a note on its first open
// case (the oldest: the one the order's trouble began with) and a line in
// its protection_end deadline's log. What could not be written is said in
// res.Note; a store failure is an error.
func (s *Service) recordExtend(ctx context.Context, es ExtendStore, a Actor, od OrderDetail, pe []Deadline, res *ExtendResult) error {
	note := extendNote(*res)
	cases, err := s.store.Cases(ctx, CaseQuery{State: CaseOpen, OrderID: od.ID})
	if err != nil {
		return fmt.Errorf("order %s: its open cases: %w", od.OrderNo, err)
	}
	if len(cases) > 0 {
		id := cases[0].ID
		for _, c := range cases[1:] {
			if c.ID < id {
				id = c.ID
			}
		}
		if _, err := s.DoCase(ctx, a, id, CaseAction{Type: ActNote, Text: note}); err != nil {
			return fmt.Errorf("order %s: note the extension on case %d: %w", od.OrderNo, id, err)
		}
		res.CaseID = id
	}
	if len(pe) > 0 {
		action := "extend refused"
		if res.Extended {
			action = "extended"
		}
		if err := es.LogDeadline(ctx, pe[0].ID, s.clock.Now(), a.Name, action, note); err != nil {
			return fmt.Errorf("order %s: log the extension on its protection_end deadline: %w", od.OrderNo, err)
		}
	}
	if len(cases) == 0 && len(pe) == 0 && !res.Extended {
		res.Note = "no open case or protection_end deadline to record the refusal on"
	}
	return nil
}

// ExtendSummary is a result in one line, as the command line and the
// screens say it.
func ExtendSummary(res ExtendResult) string {
	if res.Extended {
		s := fmt.Sprintf("order %s: buyer protection extended by %d days", res.OrderNo, res.Days)
		if res.ProtectionEnd != nil {
			s += "; now ends " + res.ProtectionEnd.UTC().Format("2006-01-02 15:04") + " UTC"
			if res.Derived {
				s += " (derived)"
			}
		}
		return s
	}
	s := "order " + res.OrderNo + ": not extended: " + res.Reason
	if res.MarketMessage != "" {
		s += " [" + ShortValue(res.MarketMessage) + "]"
	}
	return s
}
