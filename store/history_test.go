package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

func TestShipmentHistory(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	shipped := t0.Add(-20 * day)
	a := addShipment(t, db, "O-1", "LX000000001CN", shipped)
	b := addShipment(t, db, "O-2", "LX000000002CN", shipped.Add(time.Hour))
	addShipment(t, db, "O-OLD", "LX000000003CN", t0.Add(-200*day))
	damaged := event(shipped.Add(3*day), tracker.StatusException, "parcel damaged")
	damaged.Exception = tracker.ExDamaged
	apply(t, db, shipped.Add(4*day), tracker.Update{ShipmentID: a.ID, Events: []tracker.Event{
		event(shipped.Add(2*day), tracker.StatusInTransit, "accepted"), damaged}})
	apply(t, db, t0, tracker.Update{ShipmentID: a.ID, Events: []tracker.Event{
		event(shipped.Add(12*day), tracker.StatusDelivered, "delivered")}})

	w, clock := casework(db, t0)
	c, err := w.Open(ctx, a.OrderID, a.ID, 0, tracker.ExDamaged, "en", "ana")
	if err != nil {
		t.Fatal(err)
	}
	do(t, w, c.ID, actReassure, actVerify, tracker.CaseAction{Type: tracker.ActSolve, Solution: &tracker.Solution{
		Type: tracker.SolveRefund, Amount: 10, Currency: "EUR"}})
	clock.Advance(time.Hour)
	do(t, w, c.ID, tracker.CaseAction{Type: tracker.ActClose, Text: "refunded", RootCause: tracker.CausePackaging})

	got, err := db.ShipmentHistory(ctx, t0.Add(-90*day))
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(x, y tracker.HistoryRecord) int { return int(x.ShipmentID - y.ShipmentID) })
	if len(got) != 2 || got[0].ShipmentID != a.ID || got[1].ShipmentID != b.ID {
		t.Fatalf("history = %+v, want shipments %d and %d (the old one is before since)", got, a.ID, b.ID)
	}
	h := got[0]
	if h.Carrier != "china-post" || h.Destination != "DE" || h.Status != tracker.StatusDelivered ||
		!h.ShippedAt.Equal(shipped) || !h.FirstScanAt.Equal(shipped.Add(2*day)) || !h.DeliveredAt.Equal(shipped.Add(12*day)) {
		t.Errorf("record %+v", h)
	}
	// damaged is sticky and stays open; the delivery closed nothing else.
	if !slices.Contains(h.Exceptions, tracker.ExDamaged) {
		t.Errorf("exceptions %v, want damaged", h.Exceptions)
	}
	want := []tracker.CaseOutcome{{Kind: tracker.ExDamaged, State: tracker.CaseClosed, Solution: tracker.SolveRefund, RootCause: tracker.CausePackaging}}
	if !slices.Equal(h.Cases, want) {
		t.Errorf("cases %+v, want %+v", h.Cases, want)
	}
	if got[1].FirstScanAt != (time.Time{}) || got[1].Exceptions != nil || got[1].Cases != nil {
		t.Errorf("untouched shipment %+v", got[1])
	}
	all, err := db.ShipmentHistory(ctx, time.Time{})
	if err != nil || len(all) != 3 {
		t.Errorf("all history: %d records, %v; want 3", len(all), err)
	}
}

func TestHistoryQueriesUseIndexes(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	for _, q := range []struct {
		name, query string
		want        []string
		absent      []string
	}{
		// One pass over the table on purpose (see historySQL), each order
		// fetched by its key; no event is read.
		{"history", historySQL, []string{"SCAN s", "USING INTEGER PRIMARY KEY"}, []string{"SEARCH e ", "SCAN e "}},
		{"exception kinds", historyKindsSQL, []string{"SCAN x"}, nil},
		// One pass too (see transitSQL), each order fetched by its key.
		{"transits", transitSQL, []string{"SCAN s", "USING INTEGER PRIMARY KEY"}, nil},
		{"one eta", etaOneSQL, []string{"SEARCH s USING INTEGER PRIMARY KEY", "SEARCH o USING INTEGER PRIMARY KEY"}, nil},
	} {
		t.Run(q.name, func(t *testing.T) {
			plan := strings.Join(explain(t, db, q.query, t0.Unix()), "\n")
			for _, w := range q.want {
				if !strings.Contains(plan, w) {
					t.Errorf("plan lacks %q:\n%s", w, plan)
				}
			}
			for _, line := range strings.Split(plan, "\n") {
				for _, a := range q.absent {
					if strings.HasPrefix(line+" ", a) {
						t.Errorf("plan has %q:\n%s", line, plan)
					}
				}
			}
			for _, line := range strings.Split(plan, "\n") {
				if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "INDEX") && line != "SCAN s" && !strings.HasPrefix(line, "SCAN x") {
					t.Errorf("full scan: %s\n%s", line, plan)
				}
				if strings.Contains(line, "TEMP B-TREE") {
					t.Errorf("sorts: %s\n%s", line, plan)
				}
			}
		})
	}
}

// deliveredHistory adds n parcels that took transit each, shipped before
// from, and delivers them.
func deliveredHistory(t *testing.T, db *DB, n int, from time.Time, transit time.Duration) {
	t.Helper()
	base := count(t, db, `SELECT count(*) FROM shipments`)
	for i := range n {
		i := base + i
		shipped := from.Add(-time.Duration(i+1) * 24 * time.Hour).Add(-transit)
		sh := addShipment(t, db, fmt.Sprintf("H-%d", i), fmt.Sprintf("LX1%08dCN", i), shipped)
		apply(t, db, shipped.Add(transit), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{
			event(shipped.Add(day), tracker.StatusInTransit, "accepted"),
			event(shipped.Add(transit), tracker.StatusDelivered, "delivered")}})
	}
}

func TestOverdueRuleUsesHistory(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	db.SetETATTL(0)
	shipped := t0
	deliveredHistory(t, db, 5, shipped, 10*day)
	// The carrier promised day 5; 9 in 10 similar parcels took 10 days.
	sh := addShipment(t, db, "O-NEW", "LX000000009CN", shipped)
	policy := tracker.DefaultPolicy()
	policy.ETA.MinSamples = 3
	overdue := func(now time.Time, p tracker.Policy) bool {
		t.Helper()
		if _, err := db.ApplyUpdates(ctx, now, p, []tracker.Update{{ShipmentID: sh.ID, ETA: shipped.Add(5 * day),
			Events: []tracker.Event{event(now.Add(-time.Hour), tracker.StatusInTransit, "in transit")}}}); err != nil {
			t.Fatal(err)
		}
		return count(t, db, `SELECT count(*) FROM exceptions WHERE shipment_id = ? AND kind = 'overdue' AND closed_at IS NULL`, sh.ID) == 1
	}
	if overdue(shipped.Add(7*day), policy) {
		t.Error("day 7: overdue, want quiet: history says 10 days")
	}
	if !overdue(shipped.Add(10*day+time.Hour), policy) {
		t.Error("day 10: not overdue past the carrier's ETA and history's p90")
	}
	thin := policy
	thin.ETA.MinSamples = 50
	if !overdue(shipped.Add(7*day), thin) {
		t.Error("day 7 without enough history: want the carrier's ETA to decide")
	}
}

func TestETAModelCacheAndShipmentETA(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	deliveredHistory(t, db, 4, t0, 10*day)
	// The settings ApplyUpdates used for the history just added.
	s := tracker.DefaultETASettings()
	db.SetETATTL(time.Hour) // and forget the model built while adding it
	m1, err := db.ETAModel(ctx, t0, s)
	if err != nil || m1.Size() != 4 {
		t.Fatalf("model of %d parcels, %v; want 4", m1.Size(), err)
	}
	deliveredHistory(t, db, 1, t0.Add(-30*day), 10*day)
	if m2, _ := db.ETAModel(ctx, t0, s); m2 != m1 {
		t.Error("model rebuilt within its TTL")
	}
	db.SetETATTL(0)
	if m3, _ := db.ETAModel(ctx, t0, s); m3 == m1 || m3.Size() != 5 {
		t.Errorf("after the TTL: %d parcels, want a new model of 5", m3.Size())
	}

	s.MinSamples = 3
	db.SetETASettings(s)
	sh := addShipment(t, db, "O-NEW", "LX000000009CN", t0)
	e, ok, err := db.ShipmentETA(ctx, sh.ID, t0.Add(day))
	if err != nil || !ok || e.Source != tracker.ETAFromHistory || !e.Date.Equal(t0.Add(10*day)) {
		t.Errorf("ShipmentETA = %+v %v %v, want history on day 10", e, ok, err)
	}
	if _, _, err := db.ShipmentETA(ctx, 9999, t0); err == nil {
		t.Error("ShipmentETA of an unknown shipment: no error")
	}
}

// A model too small to predict from is read again after half a minute, not
// ten: a freshly seeded store gets its estimates soon.
func TestSmallETAModelsExpireSoon(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	wall := t0
	db.eta.wall = func() time.Time { return wall }
	s := tracker.ETASettings{MinSamples: 3, Window: tracker.Duration{Duration: 365 * day}}
	tests := []struct {
		name      string
		delivered int // parcels added before the read
		after     time.Duration
		rebuilt   bool
	}{
		{"first read builds", 1, 0, true},
		{"small model, 10 s later: kept", 0, 10 * time.Second, false},
		{"small model, 31 s later: rebuilt", 3, 21 * time.Second, true},
		{"big model, 5 min later: kept", 2, 5 * time.Minute, false},
		{"big model, 11 min later: rebuilt", 0, 6 * time.Minute, true},
	}
	var prev *tracker.ETAModel
	added := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Delivered by hand: ApplyUpdates would read the model itself.
			for range tt.delivered {
				added++
				sh := addShipment(t, db, fmt.Sprintf("S-%d", added), fmt.Sprintf("LX2%08dCN", added), t0.Add(-20*day))
				if _, err := db.write.Exec(`UPDATE shipments SET status = 'delivered', delivered_at = ? WHERE id = ?`, t0.Add(-10*day).Unix(), sh.ID); err != nil {
					t.Fatal(err)
				}
			}
			wall = wall.Add(tt.after)
			m, err := db.ETAModel(ctx, t0, s)
			if err != nil {
				t.Fatal(err)
			}
			if rebuilt := m != prev; rebuilt != tt.rebuilt {
				t.Errorf("rebuilt = %v, want %v (model of %d)", rebuilt, tt.rebuilt, m.Size())
			}
			prev = m
		})
	}
}

// TestETAModelSavedForTheNextProcess: a store opened again within the TTL
// loads the model the first one built rather than reading history, and
// builds anew once the saved one is too old or was built otherwise.
func TestETAModelSavedForTheNextProcess(t *testing.T) {
	ctx := context.Background()
	path := testStore(t)
	first, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	first.SetETATTL(0) // nothing built while adding the history counts
	deliveredHistory(t, first, 6, t0, 10*day)
	first.SetETATTL(time.Hour)
	s := tracker.ETASettings{MinSamples: 3, Window: tracker.Duration{Duration: 10 * 365 * day}}
	if m, err := first.ETAModel(ctx, t0, s); err != nil || m.Size() != 6 {
		t.Fatalf("first build: %d parcels, %v", m.Size(), err)
	}
	if err := first.Close(); err != nil { // waits for the save
		t.Fatal(err)
	}

	wall := time.Now()
	for _, tc := range []struct {
		name     string
		after    time.Duration // wall clock since the save
		settings tracker.ETASettings
		now      time.Time // the clock the model is asked at
		want     int       // parcels in the model: 6 saved, 2 when history is read
	}{
		{"within the TTL: the saved model", 59 * time.Minute, s, t0.Add(time.Hour), 6},
		{"past the TTL: history again", 61 * time.Minute, s, t0, 2},
		{"other settings: history again", time.Minute, tracker.ETASettings{MinSamples: 2, Window: s.Window}, t0, 2},
		{"a window from another day: history again", time.Minute, s, t0.Add(2 * day), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.SetETATTL(time.Hour)
			db.eta.wall = func() time.Time { return wall.Add(tc.after) }
			// History has changed since the save: only two parcels count
			// as delivered now, so the size tells where the model came from.
			if _, err := db.write.ExecContext(ctx, `UPDATE shipments SET status = 'in_transit' WHERE id > 2`); err != nil {
				t.Fatal(err)
			}
			m, err := db.ETAModel(ctx, tc.now, tc.settings)
			if err != nil || m.Size() != tc.want {
				t.Errorf("model of %d parcels (%v), want %d", m.Size(), err, tc.want)
			}
			if _, err := db.write.ExecContext(ctx, `UPDATE shipments SET status = 'delivered'`); err != nil {
				t.Fatal(err)
			}
		})
	}

	// A damaged saved model is rebuilt, not an error.
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetETATTL(time.Hour)
	if _, err := db.write.ExecContext(ctx, `UPDATE eta_model SET model = ?, built_at = ?`, []byte{0x00, 0xff}, time.Now().Unix()); err != nil {
		t.Fatal(err)
	}
	if m, err := db.ETAModel(ctx, t0, s); err != nil || m.Size() != 6 {
		t.Errorf("over a damaged save: %d parcels, %v; want 6 from history", m.Size(), err)
	}
}
