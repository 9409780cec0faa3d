package tracker

import (
	"math"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		p      float64
		want   float64
	}{
		{"median of an even count interpolates", []float64{1, 2, 3, 4}, 50, 2.5},
		{"median of an odd count is the middle", []float64{1, 2, 9}, 50, 2},
		{"p90 of 1..10", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9.1},
		{"p10 of 1..10", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10, 1.9},
		{"p0 is the least", []float64{3, 5}, 0, 3},
		{"p100 is the most", []float64{3, 5}, 100, 5},
		{"one value is every percentile", []float64{7}, 90, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Percentile(%v, %g) = %g, want %g", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
	if got := Percentile(nil, 50); !math.IsNaN(got) {
		t.Errorf("Percentile(nil) = %g, want NaN", got)
	}
}

var etaShipped = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

// etaHistory is a small history with known transit days per group:
//
//	c1 CN→DE M1: 10 10 10    c1 CN→DE M2: 20    c1 CN→FR M1: 30 30
//	c2 CN→DE M1: 40 40 40
func etaHistory() []Transit {
	var out []Transit
	add := func(carrier, origin, dest, method string, days ...float64) {
		for _, d := range days {
			out = append(out, Transit{Carrier: carrier, Origin: origin, Destination: dest, Method: method,
				ShippedAt: etaShipped, DeliveredAt: etaShipped.Add(daysDur(d))})
		}
	}
	add("c1", "CN", "DE", "M1", 10, 10, 10)
	add("c1", "CN", "DE", "M2", 20)
	add("c1", "CN", "FR", "M1", 30, 30)
	add("c2", "CN", "DE", "M1", 40, 40, 40)
	// Left out: no shipping date, and delivered before shipping.
	out = append(out, Transit{Carrier: "c1", Origin: "CN", Destination: "DE", Method: "M1", DeliveredAt: etaShipped})
	out = append(out, Transit{Carrier: "c1", Origin: "CN", Destination: "DE", Method: "M1", ShippedAt: etaShipped, DeliveredAt: etaShipped.Add(-time.Hour)})
	return out
}

func TestETAFallbackAndConditioning(t *testing.T) {
	m := BuildETAModel(etaHistory(), ETASettings{MinSamples: 3})
	if m.Size() != 9 {
		t.Fatalf("model learned from %d parcels, want 9 (two bad records left out)", m.Size())
	}
	q := func(carrier, origin, dest, method string) ETAQuery {
		return ETAQuery{Carrier: carrier, Origin: origin, Destination: dest, Method: method, ShippedAt: etaShipped}
	}
	tests := []struct {
		name        string
		q           ETAQuery
		elapsedDays float64
		wantOK      bool
		basis       string
		samples     int
		p50, p10    float64 // days after shipping
		p90         float64
	}{
		{"own group is big enough", q("c1", "CN", "DE", "M1"), 0, true, "carrier, route and method", 3, 10, 10, 10},
		{"thin method falls back to the route", q("c1", "CN", "DE", "M2"), 0, true, "carrier and route", 4, 10, 10, 17},
		{"unknown origin falls back to the destination", q("c1", "HK", "DE", "M1"), 0, true, "carrier and destination", 4, 10, 10, 17},
		{"thin route falls back to the carrier", q("c1", "CN", "FR", "M1"), 0, true, "carrier", 6, 15, 10, 30},
		{"unknown carrier falls back to all", q("c9", "CN", "DE", "M1"), 0, true, "all carriers", 9, 30, 10, 40},
		{"15 days on the way: only slower parcels count", q("c1", "CN", "DE", "M2"), 15, true, "carrier", 3, 30, 22, 30},
		{"past every parcel's transit: no estimate", q("c1", "CN", "DE", "M1"), 45, false, "", 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := m.Predict(tt.q, etaShipped.Add(daysDur(tt.elapsedDays)))
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.wantOK, got)
			}
			if !ok {
				return
			}
			at := func(d float64) time.Time { return etaShipped.Add(daysDur(d)) }
			if got.Basis != tt.basis || got.Samples != tt.samples || got.Source != ETAFromHistory {
				t.Errorf("basis %q samples %d source %s, want %q %d history", got.Basis, got.Samples, got.Source, tt.basis, tt.samples)
			}
			for _, c := range []struct {
				name      string
				got, want time.Time
			}{{"date", got.Date, at(tt.p50)}, {"from", got.From, at(tt.p10)}, {"to", got.To, at(tt.p90)}} {
				if c.got.Sub(c.want).Abs() > time.Minute {
					t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
				}
			}
		})
	}
	if m2 := BuildETAModel(etaHistory(), ETASettings{MinSamples: 100}); m2.Due(q("c1", "CN", "DE", "M1")) != (time.Time{}) {
		t.Error("a model without a group of 100 gave a due date")
	}
}

func TestETADueIgnoresTheParcelsAge(t *testing.T) {
	m := BuildETAModel(etaHistory(), ETASettings{MinSamples: 3})
	q := ETAQuery{Carrier: "c1", Origin: "CN", Destination: "DE", Method: "M2", ShippedAt: etaShipped}
	// As of shipping: carrier and route, 10 10 10 20, p90 = 17 days.
	if got, want := m.Due(q), etaShipped.Add(daysDur(17)); got.Sub(want).Abs() > time.Minute {
		t.Errorf("Due = %s, want %s", got, want)
	}
}

func TestEstimateETA(t *testing.T) {
	m := BuildETAModel(etaHistory(), ETASettings{MinSamples: 3})
	now := etaShipped.Add(5 * 24 * time.Hour).Add(15 * time.Hour)
	o := Order{ShippingMethod: "M1"}
	sh := Shipment{Carrier: "c1", Origin: "CN", Destination: "DE", Status: StatusInTransit, ShippedAt: etaShipped}
	with := func(f func(*Shipment)) Shipment { s := sh; f(&s); return s }
	tests := []struct {
		name   string
		sh     Shipment
		source ETASource
		date   time.Time
	}{
		{"carrier estimate ahead wins", with(func(s *Shipment) { s.ETA = now.Add(48 * time.Hour) }), ETAFromCarrier, now.Add(48 * time.Hour)},
		{"carrier estimate earlier today still counts", with(func(s *Shipment) { s.ETA = startOfDay(now).Add(time.Hour) }), ETAFromCarrier, startOfDay(now).Add(time.Hour)},
		{"carrier estimate passed: history", with(func(s *Shipment) { s.ETA = now.Add(-48 * time.Hour) }), ETAFromHistory, etaShipped.Add(10 * 24 * time.Hour)},
		{"no carrier estimate: history", sh, ETAFromHistory, etaShipped.Add(10 * 24 * time.Hour)},
		{"delivered: none", with(func(s *Shipment) { s.Status = StatusDelivered }), "", time.Time{}},
		{"unknown everywhere: none", with(func(s *Shipment) { s.ShippedAt = time.Time{} }), "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := EstimateETA(m, tt.sh, o, now)
			if ok != (tt.source != "") {
				t.Fatalf("ok = %v, want %v", ok, tt.source != "")
			}
			if got.Source != tt.source || got.Date.Sub(tt.date).Abs() > time.Minute {
				t.Errorf("got %s %s, want %s %s", got.Source, got.Date, tt.source, tt.date)
			}
			if ok && got.Source == ETAFromCarrier && (!got.From.Equal(got.Date) || !got.To.Equal(got.Date)) {
				t.Errorf("carrier range %s–%s, want the date itself", got.From, got.To)
			}
		})
	}
	if _, ok := EstimateETA(nil, sh, o, now); ok {
		t.Error("no model and no carrier estimate gave an ETA")
	}
}

func TestOverdueWithCarrierETAAndHistory(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	events := []Event{{Time: now.Add(-time.Hour), Status: StatusInTransit}}
	tests := []struct {
		name        string
		promised    time.Time
		carrierETA  time.Time
		historyDue  time.Time
		status      Status
		wantOverdue bool
	}{
		{"promise ahead wins over a passed ETA and history", now.Add(day), now.Add(-2 * day), now.Add(-day), StatusInTransit, false},
		{"promise passed wins over later history", now.Add(-day), time.Time{}, now.Add(5 * day), StatusInTransit, true},
		{"optimistic carrier ETA passed, history not yet: quiet", time.Time{}, now.Add(-2 * day), now.Add(3 * day), StatusInTransit, false},
		{"carrier ETA and history both passed", time.Time{}, now.Add(-2 * day), now.Add(-day), StatusInTransit, true},
		{"later carrier ETA stands over passed history", time.Time{}, now.Add(2 * day), now.Add(-day), StatusInTransit, false},
		{"carrier ETA alone passed, no history", time.Time{}, now.Add(-day), time.Time{}, StatusInTransit, true},
		{"history alone passed", time.Time{}, time.Time{}, now.Add(-day), StatusInTransit, true},
		{"history alone ahead", time.Time{}, time.Time{}, now.Add(day), StatusInTransit, false},
		{"nothing to measure against", time.Time{}, time.Time{}, time.Time{}, StatusInTransit, false},
		{"delivered is never overdue", time.Time{}, now.Add(-2 * day), now.Add(-day), StatusDelivered, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := Shipment{Status: tt.status, ETA: tt.carrierETA, ShippedAt: now.Add(-20 * day)}
			got := EvaluateWithHistory(sh, Order{PromisedAt: tt.promised}, events, now, DefaultRules(), tt.historyDue)
			overdue := false
			for _, f := range got {
				overdue = overdue || f.Kind == ExOverdue
			}
			if overdue != tt.wantOverdue {
				t.Errorf("overdue = %v, want %v (findings %+v)", overdue, tt.wantOverdue, got)
			}
		})
	}
}

func TestOrderJSONCarriesETA(t *testing.T) {
	m := BuildETAModel(etaHistory(), ETASettings{MinSamples: 3})
	now := etaShipped.Add(24 * time.Hour)
	o := OrderDetail{Order: Order{OrderNo: "A1", ShippingMethod: "M1"}, Shipments: []ShipmentDetail{
		{Shipment: Shipment{TrackingNo: "T1", Carrier: "c1", Origin: "CN", Destination: "DE", Status: StatusInTransit, ShippedAt: etaShipped}},
		{Shipment: Shipment{TrackingNo: "T2", Carrier: "c1", Origin: "CN", Destination: "DE", Status: StatusDelivered, ShippedAt: etaShipped}},
		{Shipment: Shipment{TrackingNo: "T3", Carrier: "c1", Status: StatusInTransit, ShippedAt: etaShipped, ETA: now.Add(72 * time.Hour)}},
	}}
	got := o.JSONAt(false, m, now)
	want := []*ETAJSON{
		{Date: "2026-09-11", From: "2026-09-11", To: "2026-09-11", Source: ETAFromHistory, Basis: "carrier, route and method", Samples: 3},
		nil,
		{Date: "2026-09-05", From: "2026-09-05", To: "2026-09-05", Source: ETAFromCarrier, Basis: "carrier's estimate"},
	}
	for i, w := range want {
		if g := got.Shipments[i].ETA; (g == nil) != (w == nil) || g != nil && *g != *w {
			t.Errorf("shipment %d: eta %+v, want %+v", i, g, w)
		}
	}
	if plain := o.JSON(false); plain.Shipments[0].ETA != nil {
		t.Error("JSON without a model carries an ETA")
	}
}
