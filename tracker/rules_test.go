package tracker

import (
	"reflect"
	"testing"
	"time"
)

func TestEvaluate(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	ev := func(ago time.Duration, st Status, ex ExceptionKind) Event {
		return Event{Time: now.Add(-ago), Status: st, RawStatus: string(st), Exception: ex}
	}
	r := DefaultRules()
	r.PromisedDays = map[string]int{"AliExpress Standard Shipping": 30, "AliExpress Standard Shipping/BR": 60}
	std := func(dest string, shippedAgo time.Duration) (Shipment, Order) {
		return Shipment{Status: StatusInTransit, Destination: dest, ShippedAt: now.Add(-shippedAgo)}, Order{ShippingMethod: "AliExpress Standard Shipping"}
	}
	tests := []struct {
		name   string
		sh     Shipment
		order  Order
		events []Event // newest first
		want   []ExceptionKind
	}{
		{"nothing yet, shipped 4 days ago: not yet", Shipment{TrackingNo: "LX1", Carrier: "china-post", ShippedAt: now.Add(-4 * day)}, Order{}, nil, nil},
		{"nothing yet, shipped exactly 5 days ago", Shipment{TrackingNo: "LX1", Carrier: "china-post", ShippedAt: now.Add(-5 * day)}, Order{}, nil, []ExceptionKind{ExNoTracking}},
		{"last event 6 days 23h ago: fresh", Shipment{Status: StatusInTransit}, Order{}, []Event{ev(7*day-time.Hour, StatusInTransit, "")}, nil},
		{"last event exactly 7 days ago: stale", Shipment{Status: StatusInTransit}, Order{}, []Event{ev(7*day, StatusInTransit, "")}, []ExceptionKind{ExStale}},
		{"silent 30 days: lost, not stale", Shipment{Status: StatusInTransit}, Order{}, []Event{ev(30*day, StatusInTransit, "")}, []ExceptionKind{ExLost}},
		{"delivered long ago: nothing", Shipment{Status: StatusDelivered}, Order{PromisedAt: now.Add(-40 * day)}, []Event{ev(40*day, StatusDelivered, "")}, nil},
		{"customs hold now", Shipment{Status: StatusCustoms}, Order{}, []Event{ev(day, StatusCustoms, ExCustoms)}, []ExceptionKind{ExCustoms}},
		{"customs hold then moving: closed", Shipment{Status: StatusInTransit}, Order{}, []Event{ev(time.Hour, StatusInTransit, ""), ev(day, StatusCustoms, ExCustoms)}, nil},
		{"damaged then delivered: still damaged", Shipment{Status: StatusDelivered}, Order{}, []Event{ev(time.Hour, StatusDelivered, ""), ev(day, StatusException, ExDamaged)}, []ExceptionKind{ExDamaged}},
		{"failed attempt", Shipment{Status: StatusDeliveryFailed}, Order{}, []Event{ev(time.Hour, StatusDeliveryFailed, ExDeliveryFailed)}, []ExceptionKind{ExDeliveryFailed}},
		{"returning", Shipment{Status: StatusReturning}, Order{}, []Event{ev(time.Hour, StatusReturning, "")}, []ExceptionKind{ExReturning}},
		{"promised date passed", Shipment{Status: StatusInTransit}, Order{PromisedAt: now.Add(-time.Minute)}, []Event{ev(time.Hour, StatusInTransit, "")}, []ExceptionKind{ExOverdue}},
		{"promised date not yet", Shipment{Status: StatusInTransit}, Order{PromisedAt: now.Add(time.Minute)}, []Event{ev(time.Hour, StatusInTransit, "")}, nil},
		{"method promise (30 days) passed", first(std("US", 31*day)), second(std("US", 31*day)), []Event{ev(time.Hour, StatusInTransit, "")}, []ExceptionKind{ExOverdue}},
		{"method promise not yet passed", first(std("US", 29*day)), second(std("US", 29*day)), []Event{ev(time.Hour, StatusInTransit, "")}, nil},
		{"method and destination promise (60 days to BR) wins", first(std("BR", 31*day)), second(std("BR", 31*day)), []Event{ev(time.Hour, StatusInTransit, "")}, nil},
		{"order's own promise beats the method's", first(std("US", 31*day)), Order{ShippingMethod: "AliExpress Standard Shipping", PromisedAt: now.Add(day)}, []Event{ev(time.Hour, StatusInTransit, "")}, nil},
		{"unknown method: no promise", first(std("US", 90*day)), Order{ShippingMethod: "Mystery Post"}, []Event{ev(time.Hour, StatusInTransit, "")}, nil},
		{"carrier ETA passed, no promise", Shipment{Status: StatusInTransit, ETA: now.Add(-day)}, Order{}, []Event{ev(time.Hour, StatusInTransit, "")}, []ExceptionKind{ExOverdue}},
		{"untracked UN number", Shipment{TrackingNo: "UN123456785CN", Carrier: "china-post", Status: StatusPending, ShippedAt: now}, Order{}, nil, []ExceptionKind{ExUntracked}},
		{"registered S10 number is tracked", Shipment{TrackingNo: "RB123456785GB", Carrier: "royal-mail", Status: StatusPending, ShippedAt: now}, Order{}, nil, nil},
		{"carrier unknown", Shipment{TrackingNo: "ZZ99", Status: StatusPending, ShippedAt: now}, Order{}, nil, []ExceptionKind{ExUntracked}},
		{"unnamed carrier exception now: carrier problem", Shipment{Status: StatusException}, Order{}, []Event{ev(time.Hour, StatusException, "")}, []ExceptionKind{ExCarrierProblem}},
		{"unnamed exception then moving again: closed", Shipment{Status: StatusInTransit}, Order{}, []Event{ev(time.Hour, StatusInTransit, ""), ev(day, StatusException, "")}, nil},
		{"unnamed exception then delivered: closed", Shipment{Status: StatusDelivered}, Order{}, []Event{ev(time.Hour, StatusDelivered, ""), ev(day, StatusException, "")}, nil},
		{"named kind on the exception wins", Shipment{Status: StatusException}, Order{}, []Event{ev(time.Hour, StatusException, ExDamaged)}, []ExceptionKind{ExDamaged}},
		{"named delivery problem on an exception status wins", Shipment{Status: StatusException}, Order{}, []Event{ev(time.Hour, StatusException, ExDeliveryFailed)}, []ExceptionKind{ExDeliveryFailed}},
		{"unnamed exception 8 days silent: carrier problem and stale", Shipment{Status: StatusException}, Order{}, []Event{ev(8*day, StatusException, "")}, []ExceptionKind{ExCarrierProblem, ExStale}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []ExceptionKind
			for _, f := range Evaluate(tt.sh, tt.order, tt.events, now, r) {
				got = append(got, f.Kind)
				if f.Severity != SeverityOf(f.Kind) || f.Detail == "" {
					t.Errorf("finding %+v lacks severity or detail", f)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Evaluate = %v, want %v", got, tt.want)
			}
		})
	}
}

// The carrier's own words explain a carrier problem, as for the other
// carrier-reported kinds; without words the raw code does.
func TestCarrierProblemDetail(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ev   Event
		want string
	}{
		{"description", Event{Time: now, Status: StatusException, RawStatus: "OH", Description: "Shipment on hold"}, "carrier: Shipment on hold"},
		{"raw code only", Event{Time: now, Status: StatusException, RawStatus: "Exception_Other"}, "carrier: Exception_Other"},
		{"nothing said", Event{Time: now, Status: StatusException}, "carrier: exception, no reason given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Evaluate(Shipment{Status: StatusException}, Order{}, []Event{tt.ev}, now, DefaultRules())
			if len(fs) != 1 || fs[0].Kind != ExCarrierProblem || fs[0].Detail != tt.want || fs[0].Severity != SeverityHigh {
				t.Fatalf("Evaluate = %+v, want one high carrier_problem %q", fs, tt.want)
			}
		})
	}
}

func first(s Shipment, _ Order) Shipment { return s }
func second(_ Shipment, o Order) Order   { return o }

func TestNextCheck(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s := DefaultSchedule()
	s.Jitter = 0
	tests := []struct {
		name string
		sh   Shipment
		want time.Duration // 0 = never
	}{
		{"delivered stops", Shipment{Status: StatusDelivered}, 0},
		{"returned stops", Shipment{Status: StatusReturned}, 0},
		{"out for delivery often", Shipment{Status: StatusOutForDelivery}, time.Hour},
		{"customs", Shipment{Status: StatusCustoms}, 3 * time.Hour},
		{"in transit", Shipment{Status: StatusInTransit}, 4 * time.Hour},
		{"pending, just shipped: minimum gap", Shipment{Status: StatusPending, ShippedAt: now}, 2 * time.Hour},
		{"pending 2 days: a quarter of its age", Shipment{Status: StatusPending, ShippedAt: now.Add(-48 * time.Hour)}, 12 * time.Hour},
		{"pending 20 days: capped", Shipment{Status: StatusPending, ShippedAt: now.Add(-480 * time.Hour)}, 24 * time.Hour},
		{"in transit, pushed an hour ago: polled rarely", Shipment{Status: StatusInTransit, PushedAt: now.Add(-time.Hour)}, 24 * time.Hour},
		{"in transit, last push 3 days ago: polled as usual", Shipment{Status: StatusInTransit, PushedAt: now.Add(-72 * time.Hour)}, 4 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.NextCheck(tt.sh, now)
			if tt.want == 0 {
				if !got.IsZero() {
					t.Fatalf("NextCheck = %v, want never", got)
				}
				return
			}
			if d := got.Sub(now); d != tt.want {
				t.Fatalf("gap %v, want %v", d, tt.want)
			}
		})
	}
	t.Run("jitter stays within its fraction and spreads parcels", func(t *testing.T) {
		s := DefaultSchedule()
		seen := map[time.Duration]bool{}
		for id := int64(1); id <= 200; id++ {
			d := s.NextCheck(Shipment{ID: id, Status: StatusInTransit}, now).Sub(now)
			if d < 4*time.Hour*9/10 || d > 4*time.Hour*11/10 {
				t.Fatalf("id %d gap %v outside ±10%% of 4h", id, d)
			}
			seen[d] = true
		}
		if len(seen) < 100 {
			t.Fatalf("only %d distinct gaps for 200 parcels", len(seen))
		}
	})
}
