package ui

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/store"
	"waybill/tracker"
)

// extendMarket is a marketplace that extends, written from
// tracker.ProtectionExtender's comment: it answers with refuse (nil:
// granted) and keeps the days of each call.
type extendMarket struct {
	mu     sync.Mutex
	refuse error
	days   []int
}

func (m *extendMarket) Name() string { return "aliexpress" }
func (m *extendMarket) Orders(context.Context, time.Time, string) (tracker.MarketPage[tracker.MarketOrder], error) {
	return tracker.MarketPage[tracker.MarketOrder]{}, nil
}
func (m *extendMarket) Disputes(context.Context, time.Time, string) (tracker.MarketPage[tracker.Dispute], error) {
	return tracker.MarketPage[tracker.Dispute]{}, nil
}
func (m *extendMarket) ExtendProtection(_ context.Context, _ string, days int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.days = append(m.days, days)
	return m.refuse
}

func (m *extendMarket) calls() []int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]int(nil), m.days...)
}

// extendStore is a real store with AliExpress order AE-77, its parcel in
// transit and its protection ending in 10 days.
func extendStore(t *testing.T) (*store.DB, *tracker.Service, *extendMarket) {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(t, ctx, filepath.Join(t.TempDir(), "ext.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m := &extendMarket{}
	svc := storeService(db, nil).WithMarketplaces(m)
	ana := tracker.LocalActor("ana")
	od := tracker.OrderDetail{Order: tracker.Order{OrderNo: "AE-77", Marketplace: "aliexpress", Buyer: "Ana", Country: "DE"},
		Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post",
			Destination: "DE", Status: tracker.StatusInTransit, ShippedAt: fixedNow.AddDate(0, 0, -8), NextCheckAt: fixedNow}}}}
	if _, err := svc.WriteOrders(ctx, ana, []tracker.OrderDetail{od}, fixedNow); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindOrder(ctx, "AE-77", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PutDeadlines(ctx, ana, []tracker.Deadline{{OrderID: got.ID, Kind: tracker.DeadlineProtectionEnd,
		DueAt: fixedNow.AddDate(0, 0, 10), Source: "aliexpress"}}); err != nil {
		t.Fatal(err)
	}
	return db, svc, m
}

// x on a marketplace order's view asks for the days, offering
// [deadlines] extend_days; a bad number is refused in the prompt without a
// call; enter asks the marketplace through the service, and the answer —
// granted, or refused in words — shows on the status line.
func TestOrderViewExtendsProtection(t *testing.T) {
	db, svc, m := extendStore(t)
	h := newHarness(t, Options{Reader: db, Service: svc, Actor: tracker.LocalActor("ana"), ExtendDays: 20}, 100, 30)
	h.press("enter")
	if h.app.orderView == nil || !h.app.orderView.loaded {
		t.Fatalf("no order view after enter:\n%s", screen(h))
	}
	wantOnScreen(t, h, "x extend")

	h.press("x")
	if _, ok := h.app.prompt.(*extendPrompt); !ok {
		t.Fatalf("x: prompt %T\n%s", h.app.prompt, screen(h))
	}
	wantOnScreen(t, h, "Extend protection of AE-77", "20")

	h.typeText("0") // the offered 20 is selected: typing replaces it
	h.press("enter")
	wantOnScreen(t, h, "days 0: want 1 to 365")
	if n := len(m.calls()); n != 0 {
		t.Fatalf("%d calls on a refused number", n)
	}

	h.press("ctrl+u")
	h.typeText("12")
	h.press("enter")
	if h.app.prompt != nil {
		t.Fatalf("the prompt stayed open:\n%s", screen(h))
	}
	if got := m.calls(); len(got) != 1 || got[0] != 12 {
		t.Fatalf("calls %v, want one of 12 days", got)
	}
	want := fixedNow.AddDate(0, 0, 22).UTC().Format("2006-01-02 15:04")
	wantOnScreen(t, h, "order AE-77: buyer protection extended by 12 days; now ends "+want)

	m.refuse = &tracker.ExtendRefused{Code: "210", Message: "order state does not allow extension"}
	h.press("x", "enter")
	wantOnScreen(t, h, "not extended: the order's state does not allow an extension (210)")
	if n := len(m.calls()); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
}

// A viewer has no extend key, and an order of no marketplace offers none.
func TestOrderViewExtendHiddenWhenItCannotWork(t *testing.T) {
	db, svc, m := extendStore(t)
	h := newHarness(t, Options{Reader: db, Service: svc, Actor: tracker.Actor{Name: "v", Role: tracker.RoleViewer}}, 100, 30)
	h.press("enter")
	if strings.Contains(screen(h), "x extend") {
		t.Errorf("a viewer is offered x extend:\n%s", screen(h))
	}
	h.press("x")
	if h.app.prompt != nil || len(m.calls()) != 0 {
		t.Errorf("a viewer's x opened %T, %d calls", h.app.prompt, len(m.calls()))
	}
	wantOnScreen(t, h, "read only")

	f := orderViewFake()
	o := f.orders[ovOrder]
	o.Marketplace = ""
	f.orders[ovOrder] = o
	h = newHarness(t, Options{Reader: f, ETA: f}, 100, 30)
	openOrderOf(t, h)
	if strings.Contains(screen(h), "x extend") {
		t.Errorf("an order of no marketplace offers x extend:\n%s", screen(h))
	}
}

// etaAt is an ETA reader whose every parcel is likely to arrive by p90.
type etaAt struct{ p90 time.Time }

func (e etaAt) ShipmentETA(context.Context, int64, time.Time) (tracker.ETA, bool, error) {
	return tracker.ETA{Date: e.p90.AddDate(0, 0, -3), From: e.p90.AddDate(0, 0, -5), To: e.p90, Source: tracker.ETAFromHistory}, true, nil
}

// The order view shows when protection ends and, when the parcel is
// likely to arrive after it or within [deadlines] extend_before of it,
// proposes extending with the key.
func TestOrderViewProposesExtending(t *testing.T) {
	const proposal = "protection ends before the parcel is likely to arrive: extend (x)"
	for _, tc := range []struct {
		name   string
		p90    time.Time // protection ends at fixedNow + 10 days
		before time.Duration
		want   bool
	}{
		{"arrives after it ends", fixedNow.AddDate(0, 0, 12), 0, true},
		{"arrives 3 days before it ends (within 5)", fixedNow.AddDate(0, 0, 7), 0, true},
		{"arrives 8 days before it ends", fixedNow.AddDate(0, 0, 2), 0, false},
		{"arrives 3 days before, extend_before 2 days", fixedNow.AddDate(0, 0, 7), 48 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, svc, _ := extendStore(t)
			h := newHarness(t, Options{Reader: db, Service: svc, ETA: etaAt{tc.p90}, ExtendBefore: tc.before}, 140, 40)
			h.press("enter")
			out := screen(h)
			if !strings.Contains(out, "Protection") || !strings.Contains(out, "ends "+fixedNow.AddDate(0, 0, 10).Local().Format("2006-01-02 15:04")) {
				t.Fatalf("no protection end shown:\n%s", out)
			}
			if got := strings.Contains(out, proposal); got != tc.want {
				t.Errorf("proposal shown %v, want %v:\n%s", got, tc.want, out)
			}
		})
	}
}
