package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/store"
	"waybill/tracker"
)

// queueExtendStore is a real store with two stale parcels in the queue:
// AliExpress order AE-77, its protection ending in 10 days, and order
// NO-1 of no marketplace.
func queueExtendStore(t *testing.T) (*store.DB, *tracker.Service, *extendMarket) {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(t, ctx, filepath.Join(t.TempDir(), "qext.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m := &extendMarket{}
	svc := storeService(db, nil).WithMarketplaces(m)
	ana := tracker.LocalActor("ana")
	parcel := func(no string) []tracker.ShipmentDetail {
		return []tracker.ShipmentDetail{{Shipment: tracker.Shipment{TrackingNo: no, Carrier: "china-post", Destination: "DE",
			Status: tracker.StatusInTransit, ShippedAt: fixedNow.AddDate(0, 0, -8), NextCheckAt: fixedNow},
			Exceptions: []tracker.ExceptionKind{tracker.ExStale}}}
	}
	ods := []tracker.OrderDetail{
		{Order: tracker.Order{OrderNo: "AE-77", Marketplace: "aliexpress", Buyer: "Ana", Country: "DE"}, Shipments: parcel("RR123456785CN")},
		{Order: tracker.Order{OrderNo: "NO-1", Buyer: "Bo", Country: "DE"}, Shipments: parcel("RR987654321CN")},
	}
	if _, err := svc.WriteOrders(ctx, ana, ods, fixedNow); err != nil {
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

// queueRow is the queue's line of order no.
func queueRow(h *harness, no string) string {
	for _, l := range strings.Split(screen(h), "\n") {
		if strings.Contains(l, no) && strings.Contains(l, "MED") {
			return l
		}
	}
	return ""
}

// A queue row whose order's protection ends before its parcel is likely
// to arrive, or within [deadlines] extend_before of it, says "extend?";
// one arriving well before, or of no marketplace, does not.
func TestQueueProposesExtending(t *testing.T) {
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
			db, svc, _ := queueExtendStore(t)
			h := newHarness(t, Options{Reader: db, Service: svc, ETA: etaAt{tc.p90}, ExtendBefore: tc.before}, 160, 40)
			ae, no := queueRow(h, "AE-77"), queueRow(h, "NO-1")
			if ae == "" || no == "" {
				t.Fatalf("queue rows missing:\n%s", screen(h))
			}
			if got := strings.Contains(ae, "extend?"); got != tc.want {
				t.Errorf("AE-77 row proposes %v, want %v: %q", got, tc.want, ae)
			}
			if strings.Contains(no, "ext") {
				t.Errorf("an order of no marketplace proposes extending: %q", no)
			}
		})
	}
}

// Too narrow for "extend?", the State column says "ext?".
func TestExtendStateShortForm(t *testing.T) {
	for w, want := range map[int]string{12: "extend?", 7: "extend?", 6: "ext?"} {
		if got := fitState([]statePart{extendPart()}, w); got != want {
			t.Errorf("width %d: %q, want %q", w, got, want)
		}
	}
}

// x on the queue's row opens the order view's days prompt and extends
// through the service; the queue is read again, and the proposal is gone
// once protection outlasts the parcel's ETA. On a row of no marketplace
// x says why it does nothing; a viewer is refused.
func TestQueueExtendKey(t *testing.T) {
	db, svc, m := queueExtendStore(t)
	h := newHarness(t, Options{Reader: db, Service: svc, Actor: tracker.LocalActor("ana"), ETA: etaAt{fixedNow.AddDate(0, 0, 12)}}, 160, 40)
	h.press("tab", "tab") // the exceptions pane
	if h.app.focus != focusExceptions {
		t.Fatalf("focus %v, want the exceptions pane", h.app.focus)
	}
	if it, ok := h.app.exceptions.Selected(); !ok || it.OrderNo != "AE-77" {
		t.Fatalf("selected %+v, want AE-77's row:\n%s", it, screen(h))
	}
	wantOnScreen(t, h, "x extend")
	h.press("x")
	if _, ok := h.app.prompt.(*extendPrompt); !ok {
		t.Fatalf("x: prompt %T\n%s", h.app.prompt, screen(h))
	}
	wantOnScreen(t, h, "Extend protection of AE-77", "15")
	h.press("enter")
	if got := m.calls(); len(got) != 1 || got[0] != 15 {
		t.Fatalf("calls %v, want one of 15 days", got)
	}
	wantOnScreen(t, h, "order AE-77: buyer protection extended by 15 days")
	if ae := queueRow(h, "AE-77"); ae == "" || strings.Contains(ae, "extend?") {
		t.Errorf("after extending 15 days past a p90 of 12, the row still proposes (or is gone): %q\n%s", ae, screen(h))
	}

	h.press("down")
	if it, _ := h.app.exceptions.Selected(); it.OrderNo != "NO-1" {
		t.Fatalf("selected %q, want NO-1", it.OrderNo)
	}
	h.press("x")
	if h.app.prompt != nil {
		t.Fatalf("x on an order of no marketplace opened %T", h.app.prompt)
	}
	wantOnScreen(t, h, "nothing to extend")

	h = newHarness(t, Options{Reader: db, Service: svc, Actor: tracker.Actor{Name: "v", Role: tracker.RoleViewer}}, 160, 40)
	h.press("tab", "tab", "x")
	if h.app.prompt != nil || len(m.calls()) != 1 {
		t.Errorf("a viewer's x opened %T, %d calls", h.app.prompt, len(m.calls()))
	}
	wantOnScreen(t, h, "read only")
}
