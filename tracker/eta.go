package tracker

import (
	"math"
	"sort"
	"time"
)

// ETASource says where an ETA came from.
type ETASource string

const (
	ETAFromCarrier ETASource = "carrier" // the carrier's own estimate
	ETAFromHistory ETASource = "history" // our delivered parcels on a similar way
)

// ETA is when an undelivered parcel should arrive: Date is the likeliest
// day (the median of similar parcels, or the carrier's estimate) and From–To
// the range 8 in 10 of them fall in (p10–p90; both equal Date for a carrier
// estimate). Basis names the group of parcels it was learned from and
// Samples how many of them were still on their way at the parcel's age.
type ETA struct {
	Date, From, To time.Time
	Source         ETASource
	Basis          string
	Samples        int
}

// ETASettings tune the history model ([eta] in the config).
type ETASettings struct {
	// MinSamples is the fewest delivered parcels a group needs before its
	// quantiles are trusted; thinner groups fall back to wider ones.
	MinSamples int `toml:"min_samples"`
	// Window is how far back (by shipping date) history counts, so the
	// model follows carriers that got faster or slower.
	Window Duration `toml:"window"`
}

// DefaultETASettings are used when the config says nothing.
func DefaultETASettings() ETASettings {
	return ETASettings{MinSamples: 20, Window: Duration{180 * 24 * time.Hour}}
}

// Transit is one delivered parcel, as the ETA model learns from it.
type Transit struct {
	Carrier, Origin, Destination, Method string
	ShippedAt, DeliveredAt               time.Time
}

// ETAQuery is the parcel an ETA is wanted for.
type ETAQuery struct {
	Carrier, Origin, Destination, Method string
	ShippedAt                            time.Time
}

// QueryOf is the ETA query for a shipment of an order.
func QueryOf(sh Shipment, o Order) ETAQuery {
	return ETAQuery{Carrier: sh.Carrier, Origin: sh.Origin, Destination: sh.Destination, Method: o.ShippingMethod, ShippedAt: sh.ShippedAt}
}

// etaLevels are the groups a prediction tries, narrowest first: the same
// carrier, route and method; the same carrier and route; the same carrier
// to the same country; the carrier anywhere; every parcel.
var etaLevels = [...]struct {
	basis string
	key   func(carrier, origin, dest, method string) string
}{
	{"carrier, route and method", func(c, o, d, m string) string { return c + "\x00" + o + "\x00" + d + "\x00" + m }},
	{"carrier and route", func(c, o, d, _ string) string { return c + "\x00" + o + "\x00" + d }},
	{"carrier and destination", func(c, _, d, _ string) string { return c + "\x00" + d }},
	{"carrier", func(c, _, _, _ string) string { return c }},
	{"all carriers", func(_, _, _, _ string) string { return "" }},
}

// Predict estimates the delivery of q as of asOf from the narrowest group
// with at least MinSamples parcels that took longer than q has travelled so
// far: a parcel ten days on its way is compared only with parcels that took
// more than ten days, so its estimate moves later as it waits instead of
// falling into the past. ok is false when no group has enough such parcels.
func (m *ETAModel) Predict(q ETAQuery, asOf time.Time) (ETA, bool) {
	if m == nil || q.ShippedAt.IsZero() {
		return ETA{}, false
	}
	elapsed := max(0, asOf.Sub(q.ShippedAt).Hours())
	for i, l := range etaLevels {
		g := m.group(i, l.key(q.Carrier, q.Origin, q.Destination, q.Method))
		// Parcels delivered no later than the age reached tell nothing
		// about one still travelling.
		cut := sort.Search(len(g.vals), func(j int) bool { return float64(g.vals[j]) > elapsed })
		rest := g.total() - g.before(cut)
		if rest < m.minSamples {
			continue
		}
		at := func(p float64) time.Time {
			return q.ShippedAt.Add(time.Duration(g.percentile(cut, p) * float64(time.Hour)))
		}
		return ETA{Date: at(50), From: at(10), To: at(90), Source: ETAFromHistory, Basis: l.basis, Samples: rest}, true
	}
	return ETA{}, false
}

// Due is the date by which 9 in 10 parcels like this one arrived, counted
// from shipping and not moved by the parcel's age: the overdue rule's
// yardstick when the order has no promise. Zero when history is too thin.
func (m *ETAModel) Due(q ETAQuery) time.Time {
	e, ok := m.Predict(q, q.ShippedAt)
	if !ok {
		return time.Time{}
	}
	return e.To
}

// EstimateETA is the ETA of an undelivered shipment at now: the carrier's
// estimate while it lies ahead (today counts), else the history model's
// prediction conditioned on the time already travelled. ok is false for a
// parcel in a final state or when neither source knows.
func EstimateETA(m *ETAModel, sh Shipment, o Order, now time.Time) (ETA, bool) {
	if sh.Status.Final() {
		return ETA{}, false
	}
	if !sh.ETA.IsZero() && !sh.ETA.Before(startOfDay(now)) {
		return ETA{Date: sh.ETA, From: sh.ETA, To: sh.ETA, Source: ETAFromCarrier, Basis: "carrier's estimate"}, true
	}
	return m.Predict(QueryOf(sh, o), now)
}

func startOfDay(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, t.Location())
}

// Percentile is the p-th percentile (0–100) of sorted values, interpolated
// linearly between the closest ranks (the usual "type 7" definition: the
// median of 1, 2, 3, 4 is 2.5). NaN for no values.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	pos := p / 100 * float64(n-1)
	lo := int(math.Floor(pos))
	if lo >= n-1 {
		return sorted[n-1]
	}
	if lo < 0 {
		return sorted[0]
	}
	return sorted[lo] + (pos-float64(lo))*(sorted[lo+1]-sorted[lo])
}

func days64(d time.Duration) float64 { return d.Hours() / 24 }

func daysDur(d float64) time.Duration { return time.Duration(d * float64(24*time.Hour)) }
