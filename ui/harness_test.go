package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// slowReads is a reader whose orders and timeline reads take d: a store on
// a machine at load 10, where a page read outlasts any fixed wait.
type slowReads struct {
	*fakeReader
	d time.Duration
}

func (s slowReads) ListShipments(ctx context.Context, q tracker.ListQuery) ([]tracker.ShipmentRow, error) {
	time.Sleep(s.d)
	return s.fakeReader.ListShipments(ctx, q)
}

func (s slowReads) Timeline(ctx context.Context, id int64, limit int) ([]tracker.Event, error) {
	time.Sleep(s.d)
	return s.fakeReader.Timeline(ctx, id, limit)
}

// The model harness waits for every read however slow, and parks only what
// waits for the outside world (the hub wait): it used to park any command
// slower than 100 ms, so under load a test asserted on a screen whose read
// had not come yet (TestEveryPaneStripsEachAttack, TestCasesViewFilters).
func TestHarnessWaitsForSlowReadsParksTheHubWait(t *testing.T) {
	for _, tc := range []struct {
		name       string
		slow       time.Duration
		hub        bool
		wantParked int
	}{
		{"quick reads, no hub", 0, false, 0},
		{"reads slower than the old 100 ms guess", 300 * time.Millisecond, false, 0},
		{"slow reads and a hub: only its wait is parked", 300 * time.Millisecond, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeReader(20)
			opts := Options{Reader: slowReads{f, tc.slow}}
			if tc.hub {
				opts.Hub = tracker.NewHub()
			}
			h := newHarness(t, opts, 120, 30)
			h.press("j") // the second order: its timeline is read again
			if !h.app.orders.loaded || h.app.orders.selectedID() != f.rows[1].ShipmentID {
				t.Fatalf("orders loaded %v, selected %d; want the page read and %d selected:\n%s",
					h.app.orders.loaded, h.app.orders.selectedID(), f.rows[1].ShipmentID, screen(h))
			}
			if h.app.timeline.loadedID != f.rows[1].ShipmentID {
				t.Errorf("timeline of %d, want %d (its read was left behind)", h.app.timeline.loadedID, f.rows[1].ShipmentID)
			}
			if out := screen(h); !strings.Contains(out, f.rows[1].OrderNo) || !strings.Contains(out, "Arrived at") {
				t.Errorf("the screen lacks the second order or its events:\n%s", out)
			}
			if len(h.parked) != tc.wantParked {
				t.Errorf("%d commands parked, want %d", len(h.parked), tc.wantParked)
			}
		})
	}
}
