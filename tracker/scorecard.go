package tracker

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"
)

// HistoryRecord is one shipment as the carrier scorecard sees it: where and
// how it went, when it was shipped, first scanned and delivered, every kind
// of exception it ever had, and its complaint cases.
type HistoryRecord struct {
	ShipmentID                           int64
	Carrier, Origin, Destination, Method string
	Status                               Status
	ShippedAt, FirstScanAt, DeliveredAt  time.Time
	// OrderPromisedAt is the order's own promise; the scorecard falls back
	// on the method's promised days from the rules, as the overdue rule does.
	OrderPromisedAt time.Time
	Exceptions      []ExceptionKind // every kind ever opened, open or closed
	Cases           []CaseOutcome
	Claims          []ClaimOutcome // every claim on the parcel, any state
}

// CaseOutcome is what a complaint case on a shipment came to.
type CaseOutcome struct {
	Kind      ExceptionKind
	State     CaseState
	Solution  SolutionType // "" until step 3
	RootCause RootCause    // set when closed
}

// Transit is the record as the ETA model learns from it.
func (h HistoryRecord) Transit() Transit {
	return Transit{Carrier: h.Carrier, Origin: h.Origin, Destination: h.Destination, Method: h.Method,
		ShippedAt: h.ShippedAt, DeliveredAt: h.DeliveredAt}
}

// promise is the record's promised delivery, or zero.
func (h HistoryRecord) promise(r Rules) time.Time {
	return r.Promised(Order{PromisedAt: h.OrderPromisedAt, ShippingMethod: h.Method},
		Shipment{ShippedAt: h.ShippedAt, Destination: h.Destination})
}

// onTime says whether the record kept its promise, as far as is known at
// now: known is false without a promise, or while the promise still lies
// ahead of an undelivered parcel. at is when the answer became known: the
// delivery, or the promise that passed.
func (h HistoryRecord) onTime(r Rules, now time.Time) (onTime, known bool, at time.Time) {
	p := h.promise(r)
	switch {
	case p.IsZero():
		return false, false, time.Time{}
	case !h.DeliveredAt.IsZero():
		return !h.DeliveredAt.After(p), true, h.DeliveredAt
	case now.After(p):
		return false, true, p
	}
	return false, false, time.Time{}
}

// Grouping says which of carrier, route and method a scorecard splits by.
type Grouping int

const (
	ByCarrier        Grouping = iota // one line per carrier
	ByRoute                          // per carrier and route (origin → destination)
	ByRouteAndMethod                 // per carrier, route and shipping method
)

// ScoreKey names a scorecard line; fields the grouping does not split by
// are empty.
type ScoreKey struct {
	Carrier, Origin, Destination, Method string
}

func keyOf(h HistoryRecord, g Grouping) ScoreKey {
	k := ScoreKey{Carrier: h.Carrier}
	if g >= ByRoute {
		k.Origin, k.Destination = h.Origin, h.Destination
	}
	if g >= ByRouteAndMethod {
		k.Method = h.Method
	}
	return k
}

// Score is one line of the carrier scorecard. Counts are of shipments;
// rates divide by Shipments except OnTimeRate, which divides by Promised.
// Figures that have no data are NaN.
type Score struct {
	ScoreKey
	Shipments int
	Delivered int
	// Promised counts shipments whose promise is settled: delivered, or
	// past the promise undelivered (late, or lost). OnTime of them kept it.
	Promised, OnTime int
	TransitP50       float64 // days from shipping to delivery
	TransitP90       float64
	FirstScanP50     float64 // days from shipping to the first carrier event
	Exceptions       map[ExceptionKind]int
	Lost, Damaged    int // an exception or a case of the kind
	Refunds          int // closed cases solved by a refund
	Reissues         int // closed cases solved by a reissue
	RootCauses       map[RootCause]int
	// ClaimMoney is claimed, recovered and net loss per currency, from
	// closed claims; none: no closed claim.
	ClaimMoney []ClaimMoney
	// Transits are the delivered parcels' transit days, ascending, for
	// distribution charts.
	Transits []float64
}

// KindsByCount are the exception kinds the line saw, most common first,
// ties by name, so every view lists them in the same order.
func (s Score) KindsByCount() []ExceptionKind {
	ks := make([]ExceptionKind, 0, len(s.Exceptions))
	for k, n := range s.Exceptions {
		if n > 0 {
			ks = append(ks, k)
		}
	}
	sort.Slice(ks, func(i, j int) bool {
		if s.Exceptions[ks[i]] != s.Exceptions[ks[j]] {
			return s.Exceptions[ks[i]] > s.Exceptions[ks[j]]
		}
		return ks[i] < ks[j]
	})
	return ks
}

// OnTimeRate is the share of settled promises kept, NaN when none.
func (s Score) OnTimeRate() float64 { return ratio(s.OnTime, s.Promised) }

// Rate is n as a share of the line's shipments.
func (s Score) Rate(n int) float64 { return ratio(n, s.Shipments) }

func ratio(n, d int) float64 {
	if d == 0 {
		return math.NaN()
	}
	return float64(n) / float64(d)
}

// ScoreOptions say what a scorecard covers.
type ScoreOptions struct {
	Now   time.Time
	Since time.Time // shipments shipped before it are left out; zero: all
	Rules Rules     // for promises by shipping method
	By    Grouping
}

// Scorecard computes the carrier scorecard from history: one Score per
// group, most shipments first. It is a pure function of its arguments.
func Scorecard(history []HistoryRecord, o ScoreOptions) []Score {
	b := NewScoreBuilder(o)
	for _, h := range history {
		b.Add(h)
	}
	return b.Scores()
}

// ScoreBuilder makes the scorecard one record at a time, for a caller
// that streams the history rather than holding it: it keeps per line its
// counts, and per parcel only the two durations its percentiles need.
type ScoreBuilder struct {
	o          ScoreOptions
	idx        map[ScoreKey]int
	out        []Score
	firstScans [][]float64
}

// NewScoreBuilder starts a scorecard under o.
func NewScoreBuilder(o ScoreOptions) *ScoreBuilder {
	return &ScoreBuilder{o: o, idx: map[ScoreKey]int{}}
}

// Add counts one shipment's record; it keeps nothing of h but copies.
func (b *ScoreBuilder) Add(h HistoryRecord) {
	o := b.o
	if !o.Since.IsZero() && h.ShippedAt.Before(o.Since) {
		return
	}
	k := keyOf(h, o.By)
	i, ok := b.idx[k]
	if !ok {
		i = len(b.out)
		b.idx[k] = i
		b.out = append(b.out, Score{ScoreKey: k, Exceptions: map[ExceptionKind]int{}, RootCauses: map[RootCause]int{}})
		b.firstScans = append(b.firstScans, nil)
	}
	s := &b.out[i]
	s.Shipments++
	if !h.DeliveredAt.IsZero() && !h.ShippedAt.IsZero() && !h.DeliveredAt.Before(h.ShippedAt) {
		s.Delivered++
		s.Transits = append(s.Transits, days64(h.DeliveredAt.Sub(h.ShippedAt)))
	}
	if !h.FirstScanAt.IsZero() && !h.ShippedAt.IsZero() {
		b.firstScans[i] = append(b.firstScans[i], max(0, days64(h.FirstScanAt.Sub(h.ShippedAt))))
	}
	if kept, known, _ := h.onTime(o.Rules, o.Now); known {
		s.Promised++
		if kept {
			s.OnTime++
		}
	}
	lost, damaged := false, false
	for _, k := range uniq(h.Exceptions) {
		s.Exceptions[k]++
		lost = lost || k == ExLost
		damaged = damaged || k == ExDamaged
	}
	for _, c := range h.Cases {
		lost = lost || c.Kind == ExLost
		damaged = damaged || c.Kind == ExDamaged
		if c.State != CaseClosed {
			continue
		}
		switch c.Solution {
		case SolveRefund:
			s.Refunds++
		case SolveReissue:
			s.Reissues++
		}
		if c.RootCause != "" {
			s.RootCauses[c.RootCause]++
		}
	}
	s.ClaimMoney = claimMoney(s.ClaimMoney, h.Claims)
	if lost {
		s.Lost++
	}
	if damaged {
		s.Damaged++
	}
}

// Scores finishes the scorecard: percentiles, and the lines busiest
// first. The builder is spent.
func (b *ScoreBuilder) Scores() []Score {
	out := b.out
	for i := range out {
		s := &out[i]
		slices.Sort(s.Transits)
		slices.Sort(b.firstScans[i])
		s.TransitP50, s.TransitP90 = Percentile(s.Transits, 50), Percentile(s.Transits, 90)
		s.FirstScanP50 = Percentile(b.firstScans[i], 50)
	}
	slices.SortFunc(out, func(a, b Score) int {
		if c := cmp.Compare(b.Shipments, a.Shipments); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Carrier, b.Carrier), cmp.Compare(a.Origin, b.Origin),
			cmp.Compare(a.Destination, b.Destination), cmp.Compare(a.Method, b.Method))
	})
	b.out, b.firstScans, b.idx = nil, nil, nil
	return out
}

func uniq(ks []ExceptionKind) []ExceptionKind {
	if len(ks) < 2 {
		return ks
	}
	out := slices.Clone(ks)
	slices.Sort(out)
	return slices.Compact(out)
}

// WeekOnTime is one week of a carrier's on-time trend: of the promises
// settled that week (by delivery, or by passing undelivered), how many
// were kept. Week is the Monday it starts, 00:00 UTC.
type WeekOnTime struct {
	Week             time.Time
	Promised, OnTime int
}

// Rate is the week's on-time share, NaN when nothing was settled.
func (w WeekOnTime) Rate() float64 { return ratio(w.OnTime, w.Promised) }

// OnTimeByWeek is each carrier's on-time trend, oldest week first; weeks
// with nothing settled are absent.
func OnTimeByWeek(history []HistoryRecord, o ScoreOptions) map[string][]WeekOnTime {
	byCarrier := map[string]map[time.Time]*WeekOnTime{}
	for _, h := range history {
		if !o.Since.IsZero() && h.ShippedAt.Before(o.Since) {
			continue
		}
		kept, known, at := h.onTime(o.Rules, o.Now)
		if !known {
			continue
		}
		wk := WeekStart(at)
		m := byCarrier[h.Carrier]
		if m == nil {
			m = map[time.Time]*WeekOnTime{}
			byCarrier[h.Carrier] = m
		}
		w := m[wk]
		if w == nil {
			w = &WeekOnTime{Week: wk}
			m[wk] = w
		}
		w.Promised++
		if kept {
			w.OnTime++
		}
	}
	out := map[string][]WeekOnTime{}
	for c, m := range byCarrier {
		for _, w := range m {
			out[c] = append(out[c], *w)
		}
		slices.SortFunc(out[c], func(a, b WeekOnTime) int { return a.Week.Compare(b.Week) })
	}
	return out
}

// WeekStart is the Monday 00:00 UTC of t's week (ISO weeks start Monday).
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	d := startOfDay(t)
	back := (int(d.Weekday()) + 6) % 7
	return d.AddDate(0, 0, -back)
}
