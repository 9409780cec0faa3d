package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// Text with a NUL in it (a carrier's or a marketplace's JSON may carry
// "\u0000") is stored on both engines. SQLite keeps it as it came;
// PostgreSQL's text cannot hold NUL, and without the pg connector's
// replacement the whole batch failed there ("invalid byte sequence for
// encoding UTF8: 0x00"): a pass's updates and an order were lost.
func TestNULInTextIsStored(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	s := addShipment(t, db, "O-1", "RB123456785GB", t0.Add(-48*time.Hour))
	ev := event(t0.Add(-time.Hour), tracker.StatusInTransit, "Scanned\x00here")
	ev.Location = "Lei\x00pzig"
	if _, err := db.ApplyUpdates(ctx, t0, tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: s.ID, Events: []tracker.Event{ev}}}); err != nil {
		t.Fatalf("apply an event with NUL in its text: %v", err)
	}
	d, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: "O-2", Buyer: "A\x00na"},
		[]tracker.Shipment{{TrackingNo: "LX000000001CN", Carrier: "china-post", Destination: "DE", ShippedAt: t0}})
	if err != nil {
		t.Fatalf("add an order with NUL in its buyer: %v", err)
	}
	// What is read back: the text around the NUL, whatever stands for it.
	back := func(text, before, after string) {
		t.Helper()
		if !strings.HasPrefix(text, before) || !strings.HasSuffix(text, after) || len(text) <= len(before+after) {
			t.Errorf("read back %q, want %q, a stand-in for NUL, then %q", text, before, after)
		}
	}
	o, err := db.FindOrder(ctx, "O-1", true)
	if err != nil {
		t.Fatal(err)
	}
	if evs := o.Shipments[0].Events; len(evs) != 1 {
		t.Fatalf("events read back: %+v, want the one applied", evs)
	} else {
		back(evs[0].Description, "Scanned", "here")
		back(evs[0].Location, "Lei", "pzig")
	}
	o, err = db.FindOrder(ctx, d.Order.OrderNo, false)
	if err != nil {
		t.Fatal(err)
	}
	back(o.Order.Buyer, "A", "na")
}
