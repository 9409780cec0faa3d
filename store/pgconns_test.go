package store

import (
	"context"
	"testing"
)

// On PostgreSQL the reads run in their own server process, with no
// parallel workers: starting two for the exact count of a filter took
// longer than the count on a busy machine (`US` at 100k orders, load 9:
// 81-92 ms with them, 11-23 ms without; issue 25 item 4).
func TestPGReadsStartNoWorkers(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL's parallel query (WAYBILL_TEST_ENGINE=postgres)")
	}
	ctx := context.Background()
	db := openTest(t)
	for i := range readConns + 1 { // every connection of the pool
		var workers string
		if err := db.read.QueryRowContext(ctx, `SHOW max_parallel_workers_per_gather`).Scan(&workers); err != nil {
			t.Fatal(err)
		}
		if workers != "0" {
			t.Errorf("read %d: max_parallel_workers_per_gather = %q, want 0", i, workers)
		}
	}
}
