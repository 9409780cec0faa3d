package tracker_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

func TestOpensDemoOnlyWithNothingConfigured(t *testing.T) {
	off := false
	for _, tc := range []struct {
		name         string
		cfg          func(*tracker.Config)
		defaultEmpty bool
		want         bool
	}{
		{"no config file, empty default store", func(*tracker.Config) {}, true, true},
		{"an order in the default store", func(*tracker.Config) {}, false, false},
		{"a tracking service configured", func(c *tracker.Config) { c.Carriers = map[string]tracker.CarrierConfig{"17track": {}} }, true, false},
		{"only the simulator configured", func(c *tracker.Config) { c.Carriers = map[string]tracker.CarrierConfig{"sim": {}} }, true, true},
		{"a service turned off", func(c *tracker.Config) {
			c.Carriers = map[string]tracker.CarrierConfig{"17track": {Enabled: &off}}
		}, true, true},
		{"a store path configured", func(c *tracker.Config) { c.Store.Path = "/srv/waybill.db" }, true, false},
		{"a marketplace configured", func(c *tracker.Config) { c.Marketplaces.AliExpress = &tracker.AliExpressConfig{AppKey: "1"} }, true, false},
		{"a shop configured", func(c *tracker.Config) { c.Marketplaces.Shopify = &tracker.ShopifyConfig{Shop: "s"} }, true, false},
		{"rules and alerts alone are no work to keep", func(c *tracker.Config) { c.Rules.StaleDays = 3 }, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tracker.DefaultConfig()
			tc.cfg(&cfg)
			if got := tracker.OpensDemo(cfg, tc.defaultEmpty); got != tc.want {
				t.Errorf("OpensDemo = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOnDemoClockWhileNothingButTheDemo(t *testing.T) {
	for _, tc := range []struct {
		name              string
		demoStore, isReal bool
		want              bool
	}{
		{"a demo store of demo orders", true, false, true},
		{"a demo store with a real order added", true, true, false},
		{"a real store with demo orders added", false, false, false},
		{"a real store", false, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tracker.OnDemoClock(tc.demoStore, tc.isReal); got != tc.want {
				t.Errorf("OnDemoClock(%v, %v) = %v, want %v", tc.demoStore, tc.isReal, got, tc.want)
			}
		})
	}
}

// namedCarrier is a scriptCarrier under a name of its own, so two of them
// are two services to the refresher.
type namedCarrier struct {
	*scriptCarrier
	name string
}

func (c namedCarrier) Name() string { return c.name }

func (c namedCarrier) asked() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, call := range c.calls {
		out = append(out, call...)
	}
	slices.Sort(out)
	return out
}

// A store with demo orders and real ones: the simulator checks the demo
// parcels and nothing else, the configured service the real ones and
// nothing else, whatever their carriers.
func TestRefresherSendsDemoParcelsToTheSimulatorAlone(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	ships := func() []tracker.Shipment {
		return []tracker.Shipment{
			{ID: 1, TrackingNo: "D1", Carrier: "cainiao", Status: tracker.StatusPending, NextCheckAt: t0, Demo: true},
			{ID: 2, TrackingNo: "D2", Carrier: "royal-mail", Status: tracker.StatusPending, NextCheckAt: t0, Demo: true},
			{ID: 3, TrackingNo: "R1", Carrier: "cainiao", Status: tracker.StatusPending, NextCheckAt: t0},
			{ID: 4, TrackingNo: "R2", Carrier: "royal-mail", Status: tracker.StatusPending, NextCheckAt: t0},
		}
	}
	for _, tc := range []struct {
		name                 string
		realService, simOn   bool
		wantReal, wantSim    []string
		wantFailed           int
		wantErrOn, wantNoErr int64
	}{
		{"a service configured", true, true, []string{"R1", "R2"}, []string{"D1", "D2"}, 0, 0, 0},
		{"no service: real parcels fail, never simulated", false, true, nil, []string{"D1", "D2"}, 2, 3, 1},
		{"no simulator: demo parcels fail, never sent to the service", true, false, []string{"R1", "R2"}, nil, 2, 1, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := tracker.NewFixedClock(t0)
			store := newMemStore(ships()...)
			real := namedCarrier{&scriptCarrier{clock: clock, batch: 10}, "17track"}
			sim := namedCarrier{&scriptCarrier{clock: clock, batch: 10}, "sim"}
			route := func(string) tracker.Carrier { return real }
			if !tc.realService {
				route = func(string) tracker.Carrier { return nil }
			}
			r := tracker.NewRefresher(store, route, clock, nil, tracker.DefaultPolicy())
			if tc.simOn {
				r.Simulator = sim
			}
			sum, err := r.RunOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := real.asked(); !slices.Equal(got, tc.wantReal) {
				t.Errorf("the service was asked about %v, want %v", got, tc.wantReal)
			}
			if got := sim.asked(); !slices.Equal(got, tc.wantSim) {
				t.Errorf("the simulator was asked about %v, want %v", got, tc.wantSim)
			}
			if sum.Checked != 4 || sum.Failures != tc.wantFailed {
				t.Errorf("checked %d, failures %d; want 4 and %d", sum.Checked, sum.Failures, tc.wantFailed)
			}
			for _, batch := range store.applied {
				for _, u := range batch {
					if u.ShipmentID == tc.wantErrOn && u.Err == "" || u.ShipmentID == tc.wantNoErr && u.Err != "" {
						t.Errorf("shipment %d: error %q", u.ShipmentID, u.Err)
					}
				}
			}
		})
	}
}

// A service that pushes a demo parcel's number stores nothing on it: the
// simulator alone tells its story.
func TestPushIgnoresDemoParcels(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	store := newMemStore(
		tracker.Shipment{ID: 1, TrackingNo: "D1", Status: tracker.StatusInTransit, Demo: true},
		tracker.Shipment{ID: 2, TrackingNo: "R1", Status: tracker.StatusInTransit},
	)
	r := tracker.NewRefresher(store, func(string) tracker.Carrier { return nil }, tracker.NewFixedClock(t0), nil, tracker.DefaultPolicy())
	ev := []tracker.Event{{Time: t0, Status: tracker.StatusDelivered, RawStatus: "DLV"}}
	sum, err := r.Push(context.Background(), "17track", []tracker.Push{{TrackingNo: "D1", Events: ev}, {TrackingNo: "R1", Events: ev}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.NewEvents != 1 || len(store.events[1]) != 0 || len(store.events[2]) != 1 {
		t.Errorf("new events %d; demo parcel holds %d, real one %d; want 1, 0, 1", sum.NewEvents, len(store.events[1]), len(store.events[2]))
	}
}

// Made-up news stays on the screen: a demo parcel's alerts go to no
// configured channel.
func TestAlertRoutesSkipDemoParcels(t *testing.T) {
	p := tracker.DefaultPolicy()
	p.Alerts = []tracker.AlertRoute{{Channel: "email"}}
	if got := p.AlertRoutes(tracker.Shipment{}); len(got) != 1 {
		t.Errorf("a real parcel's routes = %v, want the email route", got)
	}
	if got := p.AlertRoutes(tracker.Shipment{Demo: true}); len(got) != 0 {
		t.Errorf("a demo parcel's routes = %v, want none", got)
	}
}
