package templates

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"waybill/tracker"
	"waybill/tracker/number"
)

// Facts is everything a buyer message may state, as known when it is
// written. Callers (the case screen, the command line) gather it; Compose
// decides what of it may be said. It is plain data.
type Facts struct {
	// Now is when the message is written: no date before it is ever
	// stated, and dates are written in its location (the seller's, as the
	// screen shows them).
	Now  time.Time
	Kind tracker.ExceptionKind // the case's kind; "" for a case with no exception (the generic texts)

	Buyer, OrderNo, Seller string

	Parcel   Parcel            // the parcel the case is about
	Solution *tracker.Solution // step 3's decision; nil before it
	// Reissue is a reissue's new parcel as tracked now (its status and its
	// own ETA); nil when there is none or it is not tracked yet, in which
	// case the number and carrier come from Solution.
	Reissue *Parcel

	NextUpdate time.Time // the next follow-up; zero when none
	Note       string    // free text the agent adds to an update
}

// Parcel is one parcel as tracked when the message is written.
type Parcel struct {
	TrackingNo  string
	CarrierSlug string // e.g. "china-post"; its display name comes from tracker/number
	Status      tracker.Status
	ShippedAt   time.Time
	// ETA is the best estimate of its delivery (the ETA model's, else the
	// carrier's, as tracker.EstimateETA gives it); zero when none.
	ETA time.Time
	// LastMile is the number it travels under at the destination, once a
	// tracking service names one: the message's link goes there (lastmile.go).
	LastMile tracker.LastMile
}

// ParcelOf is the Parcel of a stored shipment with its estimated delivery
// (tracker.EstimateETA's Date, zero when there is none).
func ParcelOf(sh tracker.Shipment, eta time.Time) Parcel {
	return Parcel{TrackingNo: sh.TrackingNo, CarrierSlug: sh.Carrier, Status: sh.Status, ShippedAt: sh.ShippedAt, ETA: eta, LastMile: sh.LastMile}
}

// FactsOf are the facts of a case as the service gathered them
// (tracker.Service.CaseFacts), signed by seller, with the agent's note.
func FactsOf(cf tracker.CaseFacts, seller, note string) Facts {
	buyer := cf.Case.Buyer
	if buyer == "" {
		buyer = cf.Order.Buyer
	}
	f := Facts{Now: cf.Now, Kind: cf.Case.Kind, Buyer: buyer, OrderNo: cf.Case.OrderNo, Seller: seller,
		Parcel: ParcelOf(cf.Shipment, cf.ETA), Solution: cf.Case.Solution, NextUpdate: cf.Case.FollowUpAt, Note: note}
	if cf.Reissue != nil {
		p := ParcelOf(*cf.Reissue, cf.ReissueETA)
		f.Reissue = &p
	}
	return f
}

// Compose writes the message of purpose for a case from what is known of
// it, in lang (through the fallback chain, as Render). What it may say:
//
//   - The parcel shown is the case's; in an update after a reissue it is
//     the new parcel (number, carrier, status, tracking page, its ETA), and
//     the lost one's number appears nowhere.
//   - The text follows what is true of that parcel, not only the case's
//     kind: a parcel delivered after all gets the "delivered" text, one
//     going or gone back to the seller the "returning" text, one whose
//     delivery failed the "delivery_failed" text; a no_tracking or
//     untracked case whose parcel has been scanned since, and a customs
//     case whose parcel is out for delivery or waiting at a pickup point,
//     get the generic text. Damaged and missing_items cases are about a
//     parcel that arrived: they keep their texts.
//   - A delivery date is stated only while it lies after Now and the parcel
//     is still on its way to the buyer (see deliveryDates); where no date
//     makes sense the text promises none either (Data.NoETA).
//   - The solution chosen is named in a sentence (Data.Solution) that the
//     texts say instead of offering the buyer a choice.
//   - The next follow-up is named only while it lies after Now.
func (s *Set) Compose(purpose string, f Facts, lang string) (Message, error) {
	if !slices.Contains(Purposes, purpose) {
		return Message{}, fmt.Errorf("templates: purpose %q: want one of %v", purpose, Purposes)
	}
	if f.Kind != "" && !slices.Contains(tracker.ExceptionKinds, f.Kind) {
		return Message{}, fmt.Errorf("templates: kind %q: want one of %v", f.Kind, tracker.ExceptionKinds)
	}
	if f.Now.IsZero() {
		return Message{}, errors.New("templates: the facts have no time of writing (Now): no date could be judged")
	}
	p, original, err := f.shown(purpose)
	if err != nil {
		return Message{}, err
	}
	k := textKey(f.Kind, p.Status)
	e, used, ok := s.lookup(purpose, k, NormalizeLanguage(lang))
	if !ok {
		return Message{}, fmt.Errorf("templates: no %s template for %s in %s or %s", purpose, k, NormalizeLanguage(lang), DefaultLanguage)
	}
	m, err := execute(e, fill(f.data(p, original, used), used))
	if err != nil {
		return Message{}, fmt.Errorf("templates: %s.%s.%s: %w", purpose, k, used, err)
	}
	m.Language = used
	return m, nil
}

// shown is the parcel a message shows: the case's, or in an update after a
// reissue the new one. original says it is the case's own parcel.
func (f Facts) shown(purpose string) (p Parcel, original bool, err error) {
	if purpose != PurposeUpdate || f.Solution == nil || f.Solution.Type != tracker.SolveReissue {
		return f.Parcel, true, nil
	}
	r, err := f.reissue()
	return r, false, err
}

// reissue is the new parcel of a reissue: Facts.Reissue, with the number
// and carrier from the solution where it lacks them.
func (f Facts) reissue() (Parcel, error) {
	var r Parcel
	if f.Reissue != nil {
		r = *f.Reissue
	}
	if r.TrackingNo == "" {
		r.TrackingNo = f.Solution.ReissueTrackingNo
	}
	if r.CarrierSlug == "" {
		r.CarrierSlug = f.Solution.ReissueCarrier
	}
	if r.TrackingNo == "" {
		return Parcel{}, errors.New("templates: a reissue with no tracking number: the message cannot name the new parcel")
	}
	return r, nil
}

// textKey picks the text for a case of kind whose parcel is now in status
// st: the kind's own, unless the status says it is no longer true.
func textKey(kind tracker.ExceptionKind, st tracker.Status) string {
	k := string(kind)
	if k == "" {
		k = Generic
	}
	if kind == tracker.ExDamaged || kind == tracker.ExMissingItems {
		return k // about a parcel that arrived, whatever its tracking says
	}
	switch st {
	case tracker.StatusDelivered:
		return Delivered
	case tracker.StatusReturning, tracker.StatusReturned:
		return string(tracker.ExReturning)
	case tracker.StatusDeliveryFailed:
		return string(tracker.ExDeliveryFailed)
	}
	switch kind {
	case tracker.ExNoTracking, tracker.ExUntracked:
		// Their texts say the parcel cannot be followed yet.
		if scanned(st) {
			return Generic
		}
	case tracker.ExCustoms:
		// Its texts say the parcel is with customs.
		if st == tracker.StatusOutForDelivery || st == tracker.StatusAvailableForPickup {
			return Generic
		}
	}
	return k
}

// scanned reports whether a parcel in status st has been handled by the
// carrier, so it can be followed.
func scanned(st tracker.Status) bool {
	switch st {
	case "", tracker.StatusPending, tracker.StatusInfoReceived, tracker.StatusExpired:
		return false
	}
	return true
}

// deliveryDates says what a message may say about when a parcel in status
// st will be delivered: state, a date (the ETA, when it lies ahead);
// promise, that a date will follow when none is known. original says the
// parcel is the case's own (not a reissue).
//
//   - On its way (pending, info_received, in_transit, customs,
//     out_for_delivery, exception, or unknown as a reissue just sent is):
//     both.
//   - delivery_failed: a promise but no date. The carrier's estimate was
//     the attempt that failed; the next one is not known until the seller
//     has arranged it, which is what the texts ask the buyer's help for.
//   - available_for_pickup: neither. The parcel has arrived at a pickup
//     point and waits for the buyer; no one will deliver it.
//   - delivered, returning, returned, expired: neither. Expired tracking
//     says nothing more will be learnt from the carrier, so no date can be
//     promised either.
//   - The case's own parcel of a lost case (nothing is promised for a lost
//     parcel), of a damaged or missing_items case (it arrived) and of a
//     returning case (it is on its way back to the seller): neither.
func deliveryDates(kind tracker.ExceptionKind, st tracker.Status, original bool) (state, promise bool) {
	if original {
		switch kind {
		case tracker.ExLost, tracker.ExDamaged, tracker.ExMissingItems, tracker.ExReturning:
			return false, false
		}
	}
	switch st {
	case "", tracker.StatusPending, tracker.StatusInfoReceived, tracker.StatusInTransit, tracker.StatusCustoms,
		tracker.StatusOutForDelivery, tracker.StatusException:
		return true, true
	case tracker.StatusDeliveryFailed:
		return false, true
	}
	return false, false
}

// ahead reports whether t is a time after now (zero is never ahead).
func ahead(t, now time.Time) bool { return !t.IsZero() && t.After(now) }

// data is what the text is filled with, in lang: what may be said of p.
func (f Facts) data(p Parcel, original bool, lang string) Data {
	loc := f.Now.Location()
	d := Data{
		Buyer: f.Buyer, OrderNo: f.OrderNo, Seller: f.Seller, Note: f.Note,
		TrackingNo: p.TrackingNo, CarrierSlug: p.CarrierSlug, Carrier: carrierName(p.CarrierSlug),
		StatusCode: p.Status,
		Returned:   p.Status == tracker.StatusReturned,
	}
	if !p.LastMile.IsZero() {
		// Without a last mile, fill gives the parcel's own page (for a
		// known carrier only, as before).
		d.TrackingURL = p.url()
		d.LastMileNo, d.LastMileCarrier = p.LastMile.TrackingNo, carrierName(p.LastMile.Carrier)
	}
	if !p.ShippedAt.IsZero() && f.Now.After(p.ShippedAt) {
		d.Days = int(f.Now.Sub(p.ShippedAt) / (24 * time.Hour))
	}
	state, promise := deliveryDates(f.Kind, p.Status, original)
	d.NoETA = !promise
	if state {
		eta := p.ETA
		if s := f.Solution; s != nil && s.Type == tracker.SolveNewETA && ahead(s.ETA, f.Now) {
			eta = s.ETA // the date the seller gave the buyer
		}
		if ahead(eta, f.Now) {
			d.ETADate = eta.In(loc)
		}
	}
	if ahead(f.NextUpdate, f.Now) {
		d.NextUpdate = FormatDate(f.NextUpdate.In(loc), lang)
	}
	d.Solution = f.solutionSentence(p, state, lang)
	return d
}

// carrierName is a carrier's display name, its slug when unknown.
func carrierName(slug string) string {
	if n := number.CarrierName(slug); n != "" {
		return n
	}
	return slug
}

// solutionSentence names the solution in lang, as true for parcel p (the
// one the message shows; state says a delivery date may be given for it).
// It is empty with no solution, for a new date that has passed or no
// longer applies (the parcel is not on its way), and for "it arrived" when
// the parcel shows delivered (the text says so).
func (f Facts) solutionSentence(p Parcel, state bool, lang string) string {
	s := f.Solution
	if s == nil {
		return ""
	}
	loc := f.Now.Location()
	money := func(m tracker.Money) string { return FormatMoney(m, s.Currency, lang) }
	switch s.Type {
	case tracker.SolveNewETA:
		if !state || !ahead(s.ETA, f.Now) {
			return ""
		}
		return phrase(lang, phNewETA, phraseData{Date: FormatDate(s.ETA.In(loc), lang)})
	case tracker.SolveReissue:
		r, err := f.reissue()
		if err != nil {
			return ""
		}
		return phrase(lang, phReissue, phraseData{TrackingNo: r.TrackingNo, Carrier: carrierName(r.CarrierSlug),
			URL: r.url()})
	case tracker.SolveRefund:
		key := phRefundFull
		if s.Partial {
			key = phRefundPartial
		}
		return phrase(lang, key, phraseData{Amount: money(s.Amount)})
	case tracker.SolveCustoms:
		var docs string
		if l := documentList(s.Documents, tracker.CustomsDocuments, lang); l != "" {
			docs = phrase(lang, phCustomsDocs, phraseData{Documents: l})
		}
		var total string
		if s.Amount > 0 {
			total = money(s.Amount)
		}
		var duties string
		switch {
		case s.Duties == tracker.DutiesShared && s.SellerShare > 0 && s.SellerShare < s.Amount:
			duties = phrase(lang, phDutiesShared, phraseData{Total: total, Share: money(s.SellerShare), Rest: money(s.Amount - s.SellerShare)})
		case s.Duties == tracker.DutiesBuyer:
			duties = phrase(lang, phDutiesBuyer, phraseData{Total: total})
		case s.Duties == tracker.DutiesSeller:
			duties = phrase(lang, phDutiesSeller, phraseData{Total: total})
		}
		return sentences(lang, docs, duties)
	case tracker.SolveRedeliver:
		return phrase(lang, phRedelivery, phraseData{Address: tracker.OneLine(s.Address, 0)})
	case tracker.SolvePickup:
		return phrase(lang, phPickup, phraseData{Address: tracker.OneLine(s.Address, 0)})
	case tracker.SolveClaim:
		return phrase(lang, phClaim, phraseData{Reference: tracker.OneLine(s.Reference, 0)})
	case tracker.SolveResend:
		switch {
		case f.Kind == tracker.ExMissingItems:
			return phrase(lang, phResendItems, phraseData{})
		case f.Kind == tracker.ExDamaged:
			return phrase(lang, phResendReplace, phraseData{})
		case p.Status == tracker.StatusReturned:
			return phrase(lang, phResendNow, phraseData{})
		case f.Kind == tracker.ExReturning || p.Status == tracker.StatusReturning:
			return phrase(lang, phResendLater, phraseData{})
		}
		return phrase(lang, phResendNow, phraseData{})
	case tracker.SolveReturn:
		return phrase(lang, phReturn, phraseData{})
	case tracker.SolveNoneNeeded:
		if p.Status == tracker.StatusDelivered {
			return ""
		}
		return phrase(lang, phNone, phraseData{})
	}
	return ""
}
