package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// Each queue row carries its order's open protection end, however far off
// and whichever part of the queue (urgent, due, rest) it came from, so the
// screen can propose extending without reading per row; a protection end
// no longer open, or another order's, is not the row's.
func TestQueueRowsCarryProtectionEnd(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	shipped := t0.Add(-10 * day)
	far := addShipment(t, db, "ORD-1", "LX000000001CN", shipped)  // protection ends in 20 days
	soon := addShipment(t, db, "ORD-2", "LX000000002CN", shipped) // ends in 10h: urgent
	met := addShipment(t, db, "ORD-3", "LX000000003CN", shipped)  // its protection end met
	none := addShipment(t, db, "ORD-4", "LX000000004CN", shipped) // no marketplace deadline
	for _, id := range []int64{far.ID, soon.ID, met.ID, none.ID} {
		if _, err := db.write.Exec(`INSERT INTO exceptions (shipment_id, kind, severity, source, opened_at) VALUES (?, 'stale', 2, 'rule', ?)`,
			id, t0.Add(-day).Unix()); err != nil {
			t.Fatal(err)
		}
	}
	farEnd, soonEnd := t0.Add(20*day), t0.Add(10*time.Hour)
	if _, err := db.PutDeadlines(ctx, t0, "sync", []tracker.Deadline{
		{OrderID: far.OrderID, Kind: tracker.DeadlineProtectionEnd, DueAt: farEnd, Source: "aliexpress"},
		{OrderID: soon.OrderID, Kind: tracker.DeadlineProtectionEnd, DueAt: soonEnd, Source: "aliexpress"},
		{OrderID: met.OrderID, Kind: tracker.DeadlineProtectionEnd, DueAt: t0.Add(3 * day), Source: "aliexpress"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`UPDATE deadlines SET state = 'met' WHERE order_id = ?`, met.OrderID); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"LX000000001CN": farEnd, "LX000000002CN": soonEnd, "LX000000003CN": {}, "LX000000004CN": {}}
	for _, urgent := range []time.Duration{48 * time.Hour, 0} {
		rows, err := db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: t0, Urgent: urgent})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(want) {
			t.Fatalf("urgent %v: %d rows, want %d", urgent, len(rows), len(want))
		}
		for _, r := range rows {
			if w := want[r.TrackingNo]; !r.ProtectionEnd.Equal(w) {
				t.Errorf("urgent %v: %s protection end %v, want %v", urgent, r.TrackingNo, r.ProtectionEnd, w)
			}
		}
	}
}
