package tracker

import (
	"fmt"
	"time"

	"waybill/tracker/number"
)

// Rules holds the thresholds of the exception rules ([rules] in the config).
type Rules struct {
	NoTrackingDays int `toml:"no_tracking_days"`
	StaleDays      int `toml:"stale_days"`
	LostDays       int `toml:"lost_days"`
	// PromisedDays are the delivery days a marketplace promises per
	// shipping method ("AliExpress Standard Shipping"), or per method and
	// destination ("AliExpress Standard Shipping/BR", which wins), counted
	// from shipping. They apply to orders without a promised date.
	PromisedDays map[string]int `toml:"promised_days"`
}

// Promised is the date an order's parcel is due: the order's own promised
// date, else the shipping method's promise, else zero.
func (r Rules) Promised(o Order, sh Shipment) time.Time {
	if !o.PromisedAt.IsZero() {
		return o.PromisedAt
	}
	if o.ShippingMethod == "" || sh.ShippedAt.IsZero() {
		return time.Time{}
	}
	for _, key := range []string{o.ShippingMethod + "/" + sh.Destination, o.ShippingMethod} {
		if d, ok := r.PromisedDays[key]; ok {
			return sh.ShippedAt.AddDate(0, 0, d)
		}
	}
	return time.Time{}
}

// DefaultRules are the thresholds used when the config says nothing.
func DefaultRules() Rules {
	return Rules{NoTrackingDays: 5, StaleDays: 7, LostDays: 30}
}

// Finding is an exception the rules say should be open now.
type Finding struct {
	Kind     ExceptionKind
	Severity Severity
	Detail   string
}

// sticky kinds stay open once a carrier has reported them, even when later
// scans look normal: a damaged parcel that is then delivered is still damaged.
var sticky = map[ExceptionKind]bool{ExDamaged: true, ExMissingItems: true, ExLost: true}

// Sticky reports whether an exception of this kind closes only by hand.
func (k ExceptionKind) Sticky() bool { return sticky[k] }

var defaultSeverity = map[ExceptionKind]Severity{
	ExLost:           SeverityCritical,
	ExDamaged:        SeverityHigh,
	ExMissingItems:   SeverityHigh,
	ExDeliveryFailed: SeverityHigh,
	ExReturning:      SeverityHigh,
	ExCustoms:        SeverityHigh,
	// High, as a customs hold or a failed delivery: the carrier has stopped
	// or flagged the parcel, and until it says why nobody knows whether it
	// will move again.
	ExCarrierProblem: SeverityHigh,
	ExOverdue:        SeverityMedium,
	ExStale:          SeverityMedium,
	ExNoTracking:     SeverityMedium,
	ExUntracked:      SeverityLow,
}

// SeverityOf is the default severity of an exception kind.
func SeverityOf(k ExceptionKind) Severity { return defaultSeverity[k] }

// Evaluate applies the rules to one shipment: which exceptions should be open
// at now, given its events newest first and its order. It is a pure function,
// so the same facts always give the same findings. Events whose time cannot
// be right at now (EventTimeDoubt) are left out: a carrier's date 400 days
// ahead must not hide a real scan an hour old.
func Evaluate(sh Shipment, order Order, events []Event, now time.Time, r Rules) []Finding {
	return EvaluateWithHistory(sh, order, events, now, r, time.Time{})
}

// EvaluateWithHistory is Evaluate with the date by which 9 in 10 similar
// parcels arrived (ETAModel.Due; zero when history is too thin), which the
// overdue rule uses when the order has no promise (see overdueBy).
func EvaluateWithHistory(sh Shipment, order Order, events []Event, now time.Time, r Rules, historyDue time.Time) []Finding {
	events = CountingEvents(events, sh.ShippedAt, now)
	var out []Finding
	add := func(k ExceptionKind, detail string) {
		for _, f := range out {
			if f.Kind == k {
				return
			}
		}
		out = append(out, Finding{Kind: k, Severity: SeverityOf(k), Detail: detail})
	}
	day := 24 * time.Hour

	switch {
	case Untracked(sh.TrackingNo):
		add(ExUntracked, DetailUntrackedService)
	case sh.Carrier == "" && sh.TrackingNo != "":
		add(ExUntracked, DetailCarrierUnknown)
	}
	// Carrier-reported problems: the newest event decides the current ones;
	// sticky ones count from any event.
	for i, e := range events {
		if e.Exception == "" {
			continue
		}
		if i == 0 || e.Exception.Sticky() {
			add(e.Exception, fmt.Sprintf(DetailCarrier, firstNonEmpty(e.Description, e.RawStatus)))
		}
	}
	// A carrier that reports an exception without naming it still reports
	// a problem; a named kind on the same event says more and wins. Like the
	// other current ones it closes on the next normal scan.
	if len(events) > 0 && events[0].Status == StatusException && events[0].Exception == "" {
		add(ExCarrierProblem, fmt.Sprintf(DetailCarrier, firstNonEmpty(events[0].Description, events[0].RawStatus, "exception, no reason given")))
	}
	if len(events) > 0 && events[0].Status == StatusReturning {
		add(ExReturning, DetailReturning)
	}
	if sh.Status.Final() {
		return out
	}
	switch {
	case len(events) == 0:
		if !sh.ShippedAt.IsZero() && now.Sub(sh.ShippedAt) >= time.Duration(r.NoTrackingDays)*day {
			add(ExNoTracking, fmt.Sprintf(DetailNoTracking, days(now.Sub(sh.ShippedAt))))
		}
	default:
		idle := now.Sub(events[0].Time)
		switch {
		case r.LostDays > 0 && idle >= time.Duration(r.LostDays)*day:
			add(ExLost, fmt.Sprintf(DetailLost, days(idle)))
		case idle >= time.Duration(r.StaleDays)*day:
			add(ExStale, fmt.Sprintf(DetailStale, days(idle)))
		}
	}
	if due, why := overdueBy(r.Promised(order, sh), sh.ETA, historyDue); !due.IsZero() && now.After(due) {
		add(ExOverdue, why)
	}
	return out
}

// overdueBy is when a parcel becomes overdue, and why. A promise to the
// buyer wins: it is what the buyer holds the seller to. Without one, a
// carrier's estimate alone would raise an alarm for every parcel the
// carrier was optimistic about, so when history knows the way the parcel
// is overdue only once it is later than both the carrier's estimate and
// the date 9 in 10 similar parcels arrived by; a carrier estimate later
// than history stands, as the carrier may know of a delay.
func overdueBy(promised, carrierETA, historyDue time.Time) (time.Time, string) {
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	switch {
	case !promised.IsZero():
		return promised, fmt.Sprintf(DetailPromised, day(promised))
	case !carrierETA.IsZero() && !historyDue.IsZero():
		if historyDue.After(carrierETA) {
			return historyDue, fmt.Sprintf(DetailCarrierETAAndHis, day(carrierETA), day(historyDue))
		}
		return carrierETA, fmt.Sprintf(DetailCarrierETA, day(carrierETA))
	case !carrierETA.IsZero():
		return carrierETA, fmt.Sprintf(DetailCarrierETA, day(carrierETA))
	case !historyDue.IsZero():
		return historyDue, fmt.Sprintf(DetailHistory, day(historyDue))
	}
	return time.Time{}, ""
}

// Untracked reports whether a number belongs to an untracked postal service
// (a UPU S10 number whose service indicator starts with U).
func Untracked(n string) bool {
	r := number.Detect(n)
	return r.Format == "upu-s10" && !r.Tracked
}

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// Worst returns kinds sorted worst first, for the marker column.
func Worst(kinds []ExceptionKind) []ExceptionKind {
	out := append([]ExceptionKind(nil), kinds...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && SeverityOf(out[j]) > SeverityOf(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
