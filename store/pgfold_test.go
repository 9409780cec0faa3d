package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// Opening a PostgreSQL store folds the counters' slots only when a writer
// left some (migration 0028): a store with nothing to fold opens without
// a write transaction, which cost 27-100 ms of each first frame.
func TestPGFoldsCountersOnlyWhenSlotsWait(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL only: SQLite keeps one row per counter")
	}
	ctx := context.Background()
	db := openTest(t)
	s := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	apply(t, db, t0, tracker.Update{ShipmentID: s.ID, Events: []tracker.Event{customsHold(t0.Add(-2 * time.Hour))}})
	for i, want := range []bool{true, false} { // the writes above left slots; the first fold took them
		folded, err := foldCounts(ctx, db.write)
		if err != nil {
			t.Fatal(err)
		}
		if folded != want {
			t.Errorf("fold %d: folded %v, want %v", i+1, folded, want)
		}
	}
	// Folding changed no sum.
	if got := countOf(t, db, `SELECT n FROM shipment_counts WHERE status = 'customs'`); got != 1 {
		t.Errorf("%d parcels held by customs after the folds, want 1", got)
	}
	if got := countOf(t, db, `SELECT count(*) FROM shipment_count_slots WHERE slot <> 0`); got != 0 {
		t.Errorf("%d slots left after the fold", got)
	}
}
