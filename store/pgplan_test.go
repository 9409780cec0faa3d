package store

import (
	"context"
	"testing"
)

// On PostgreSQL the reads are planned for their arguments at every call:
// a prepared filter query planned once for any word (PostgreSQL's generic
// plan after five runs) joined and sorted every match of a word that
// matches thousands of parcels instead of walking the list index to the
// page, 60-100 ms a keystroke at 20k orders (issue 25 item 4).
func TestPGReadsPlanEachCall(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL's plan cache (WAYBILL_TEST_ENGINE=postgres)")
	}
	ctx := context.Background()
	db := openTest(t)
	for i := range readConns + 1 { // every connection of the pool
		var mode string
		if err := db.read.QueryRowContext(ctx, `SHOW plan_cache_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != "force_custom_plan" {
			t.Errorf("read %d: plan_cache_mode = %q, want force_custom_plan", i, mode)
		}
	}
}
