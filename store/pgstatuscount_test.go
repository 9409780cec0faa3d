package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"testing"
	"time"
)

// On PostgreSQL an UPDATE that moves many parcels to other statuses (a
// round's saves, one statement: applywrites.go) moves the status counts
// with one run of the counter's trigger, not one per parcel (migration
// 0033), and the counts stay those of the parcels.
func TestPGStatusCountsMoveOncePerStatement(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL only: SQLite's counter triggers run per row, in process")
	}
	ctx := context.Background()
	db := openTest(t)
	const parcels = 40
	for i := range parcels {
		addShipment(t, db, fmt.Sprintf("O-%d", i), fmt.Sprintf("LP%014d", i), t0.Add(-48*time.Hour))
	}
	move := func(q string) (calls int) {
		t.Helper()
		var doc string
		if err := db.write.QueryRowContext(ctx, `EXPLAIN (ANALYZE, FORMAT JSON) `+q).Scan(&doc); err != nil {
			t.Fatalf("explain %s: %v", q, err)
		}
		var plans []struct {
			Triggers []struct {
				Name  string `json:"Trigger Name"`
				Calls int    `json:"Calls"`
			}
		}
		if err := json.Unmarshal([]byte(doc), &plans); err != nil || len(plans) != 1 {
			t.Fatalf("plan %q: %v", doc, err)
		}
		for _, tr := range plans[0].Triggers {
			if tr.Name == "shipment_counts_update" {
				calls += tr.Calls
			}
		}
		return calls
	}
	check := func(when string) {
		t.Helper()
		if got, want := counted(t, db).Statuses, scanned(t, db).Statuses; !maps.Equal(got, want) {
			t.Errorf("%s: counts %v, the parcels' %v", when, got, want)
		}
	}

	check("added")
	if calls := move(`UPDATE shipments SET status = CASE WHEN id % 2 = 0 THEN 'in_transit' ELSE 'delivered' END`); calls != 1 {
		t.Errorf("%d parcels moved in one statement: the status counter ran %d times, want once", parcels, calls)
	}
	check("moved")
	// A statement that moves none (most saves keep the status) leaves the
	// counts as they are.
	move(`UPDATE shipments SET last_error = 'x'`)
	check("none moved")
	move(`UPDATE shipments SET status = 'in_transit' WHERE id % 3 = 0`)
	check("some moved back and forth")
}
