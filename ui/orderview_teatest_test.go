package ui

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/store"
	"waybill/tracker"
)

// orderViewStore is a real store with one order of two parcels: a buyer in
// Moscow, a Chinese product name, every field of the order, the warnings
// the store works out, a customs hold on one parcel with its case open.
func orderViewStore(t *testing.T) (*store.DB, *tracker.Service, *tracker.Hub) {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(t, ctx, filepath.Join(t.TempDir(), "orders.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	hub := tracker.NewHub()
	svc := storeService(db, hub)
	no := false
	od := tracker.OrderDetail{
		Order: tracker.Order{OrderNo: "OV-1001", Marketplace: "shop", Buyer: "Анна Петрова", Email: "anna@example.ru",
			Phone: "+7 495 123-45-67", Country: "RU", Address: "ул. Тверская 7, кв. 12, Москва 125009",
			Product: "移动电源 power bank 10000mAh", Amount: 2990, Currency: "EUR", HSCode: "8507.60", DeclaredValue: 900,
			Insured: &no, OrderedAt: fixedNow.AddDate(0, 0, -10), PromisedAt: fixedNow.AddDate(0, 0, 20),
			ShippingMethod: "AliExpress Standard Shipping", CreatedAt: fixedNow},
		Shipments: []tracker.ShipmentDetail{
			{Shipment: tracker.Shipment{TrackingNo: "RB123456785GB", Carrier: "royal-mail", Destination: "RU",
				Status: tracker.StatusPending, ShippedAt: fixedNow.AddDate(0, 0, -8), NextCheckAt: fixedNow}},
			{Shipment: tracker.Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", Destination: "RU",
				Status: tracker.StatusPending, ShippedAt: fixedNow.AddDate(0, 0, -2), NextCheckAt: fixedNow}},
		},
	}
	ana := tracker.LocalActor("ana")
	if _, err := svc.WriteOrders(ctx, ana, []tracker.OrderDetail{od}, fixedNow); err != nil {
		t.Fatal(err)
	}
	d, err := db.FindOrder(ctx, "OV-1001", false)
	if err != nil || len(d.Shipments) != 2 {
		t.Fatalf("stored %+v, %v", d, err)
	}
	held := d.Shipments[0].ID
	if d.Shipments[0].TrackingNo != "RB123456785GB" {
		held = d.Shipments[1].ID
	}
	_, err = db.ApplyUpdates(ctx, fixedNow, tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: held, Events: []tracker.Event{
		{Time: fixedNow.Add(-6 * 24 * time.Hour), Status: tracker.StatusInTransit, RawStatus: "EMB", Location: "London, GB",
			Description: "Item dispatched to the destination country"},
		{Time: fixedNow.Add(-26 * time.Hour), Status: tracker.StatusCustoms, RawStatus: "CUS_HOLD", Location: "Москва, RU",
			Description: "Held by customs: the recipient must provide the invoice and a passport number", Exception: tracker.ExCustoms},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.OpenCase(ctx, ana, tracker.CaseRequest{OrderID: d.ID, ShipmentID: held, Kind: tracker.ExCustoms}); err != nil {
		t.Fatal(err)
	}
	return db, svc, hub
}

// startOrderView runs the real program over the store at w×h and opens the
// order with enter; it returns when the order is on screen.
func startOrderView(t *testing.T, db *store.DB, svc *tracker.Service, hub *tracker.Hub, w, h int) (*teatest.TestModel, *screenProbe) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	app := newApp(ctx, Options{Reader: db, Service: svc, ETA: db, Hub: hub, Clock: tracker.NewFixedClock(fixedNow),
		Title: "orders.db", Actor: tracker.LocalActor("ana")})
	app.tickEvery = 0
	p := &screenProbe{app: app}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	// Every first read is in: the first parcel's timeline, the queue.
	p.waitFor(t, "No events from the carrier yet")
	p.waitFor(t, "customs 1")
	tm.Send(KeyPress("enter"))
	p.waitFor(t, "Buyer Анна Петрова")
	return tm, p
}

// The order view at 80×24 (its top, then its end after G) and at 120×35,
// on the real program over a real store, as goldens.
func TestTeatestOrderView(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x35", 120, 35}} {
		t.Run(size.name, func(t *testing.T) {
			db, svc, hub := orderViewStore(t)
			tm, p := startOrderView(t, db, svc, hub, size.w, size.h)
			top := p.waitFor(t, "Warnings")
			tm.Send(KeyPress("G"))
			end := p.waitFor(t, "#1 RB123456785GB customs · case 1/4 reassure · by ana")
			tm.Send(KeyPress("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
			for _, s := range []string{top, end} {
				if n := strings.Count(s, "\n") + 1; n != size.h {
					t.Errorf("screen has %d lines, want %d", n, size.h)
				}
			}
			if size.w == 80 {
				golden.RequireEqual(t, []byte(top+"\n\n"+end))
			} else {
				golden.RequireEqual(t, []byte(end))
			}
			// The program wrote each parcel's tracking page as a hyperlink.
			raw := new(bytes.Buffer)
			_, _ = raw.ReadFrom(tm.FinalOutput(t))
			for _, u := range []string{"https://www.royalmail.com/track-your-item#/tracking-results/RB123456785GB",
				"https://www.17track.net/en/track?nums=RR123456785CN"} {
				if !bytes.Contains(raw.Bytes(), []byte("\x1b]8;;"+u)) {
					t.Errorf("no OSC 8 link to %s in the program's output", u)
				}
			}
		})
	}
}

// An edit on the screen goes through the service into the store: what was
// changed is stored, what was not stays, and the view shows the new value.
func TestTeatestOrderEditReachesTheStore(t *testing.T) {
	ctx := context.Background()
	db, svc, hub := orderViewStore(t)
	before, err := db.FindOrder(ctx, "OV-1001", false)
	if err != nil {
		t.Fatal(err)
	}
	tm, p := startOrderView(t, db, svc, hub, 100, 30)
	tm.Send(KeyPress("e"))
	p.waitFor(t, "Edit order OV-1001")
	tm.Send(KeyPress("tab")) // email
	for _, r := range "anna.p@example" {
		tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	tm.Send(KeyPress("enter"))
	p.waitFor(t, `email "anna.p@example" is not an address`)
	for _, r := range ".ru" {
		tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for range 7 { // down to the HS code
		tm.Send(KeyPress("tab"))
	}
	for _, r := range "8507.60.00" {
		tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	tm.Send(KeyPress("enter"))
	p.waitFor(t, "order OV-1001 changed: email, hs code")
	// The hub's notice reads the order again.
	p.waitFor(t, "anna.p@example.ru")
	p.waitFor(t, "8507.60.00")
	tm.Send(KeyPress("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))

	after, err := db.FindOrder(ctx, "OV-1001", false)
	if err != nil {
		t.Fatal(err)
	}
	if after.Email != "anna.p@example.ru" || after.HSCode != "8507.60.00" {
		t.Errorf("stored email %q, HS code %q", after.Email, after.HSCode)
	}
	after.Email, after.HSCode, after.Checks = before.Email, before.HSCode, before.Checks
	if after.Buyer != before.Buyer || after.Phone != before.Phone || after.Address != before.Address ||
		after.Product != before.Product || after.Amount != before.Amount || after.DeclaredValue != before.DeclaredValue ||
		*after.Insured != *before.Insured || !after.PromisedAt.Equal(before.PromisedAt) || after.Status != before.Status ||
		len(after.Shipments) != len(before.Shipments) {
		t.Errorf("the edit changed what it was not asked to:\nbefore %+v\nafter  %+v", before.Order, after.Order)
	}
}
