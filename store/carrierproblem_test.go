package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// A carrier's unnamed exception opens carrier_problem through the store's
// own view of the events, whether it arrives with the first events of a
// parcel or after others are stored, and the next normal scan closes it.
func TestApplyCarrierProblemOpensAndCloses(t *testing.T) {
	tests := []struct {
		name  string
		first bool // the exception comes in the parcel's first batch
	}{
		{"in the first batch", true},
		{"after stored events", false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTest(t)
			shipped := t0.Add(-10 * day)
			sh := addShipment(t, db, "ORD-1", "LX00000000"+string(rune('1'+i))+"CN", shipped)
			at := func(h int) time.Time { return shipped.Add(time.Duration(h) * time.Hour) }
			departed := event(at(1), tracker.StatusInTransit, "departed")
			held := event(at(24), tracker.StatusException, "Shipment on hold")
			if tt.first {
				apply(t, db, at(25), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{departed, held}})
			} else {
				apply(t, db, at(2), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{departed}})
				if sum := apply(t, db, at(25), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{held}}); sum.Opened != 1 {
					t.Fatalf("hold after stored events: opened %d, want 1", sum.Opened)
				}
			}
			queue, err := db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: at(25), Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(queue) != 1 || queue[0].Kind != tracker.ExCarrierProblem || queue[0].Severity != tracker.SeverityHigh || queue[0].Detail != "carrier: Shipment on hold" {
				t.Fatalf("queue = %+v, want one high carrier_problem saying what the carrier said", queue)
			}
			// An older unnamed exception arriving late changes nothing.
			late := event(at(12), tracker.StatusException, "earlier exception")
			if sum := apply(t, db, at(26), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{late}}); sum.Opened != 0 || sum.Closed != 0 {
				t.Errorf("older exception: opened %d closed %d, want 0, 0", sum.Opened, sum.Closed)
			}
			sum := apply(t, db, at(49), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{event(at(48), tracker.StatusInTransit, "released")}})
			if sum.Closed != 1 || sum.Opened != 0 {
				t.Errorf("moving again: opened %d closed %d, want carrier_problem closed", sum.Opened, sum.Closed)
			}
			var kinds []tracker.ExceptionKind
			for _, x := range exceptionRows(t, db, sh.ID) {
				if x.ClosedAt.IsZero() {
					kinds = append(kinds, x.Kind)
				}
			}
			if !slices.Equal(kinds, nil) {
				t.Errorf("still open: %v", kinds)
			}
		})
	}
}
