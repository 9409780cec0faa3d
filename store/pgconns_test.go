package store

import (
	"context"
	"testing"
	"time"
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

// On PostgreSQL opening the store opens the read pool's connections at
// once, beside the writer's, before any read asks for one: each is a new
// server process, and opened as the first frame's reads asked for them
// they were most of its time (issue 25 item 4).
func TestPGOpenConnectsTheReaders(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL's connections (WAYBILL_TEST_ENGINE=postgres)")
	}
	db := openTest(t)
	deadline := time.Now().Add(5 * time.Second)
	for st := db.read.Stats(); (st.OpenConnections < readConns+1 || st.Idle < readConns) && time.Now().Before(deadline); st = db.read.Stats() {
		time.Sleep(5 * time.Millisecond)
	}
	if st := db.read.Stats(); st.OpenConnections != readConns+1 || st.Idle != readConns {
		t.Errorf("read pool after opening: %d connections open, %d idle; want %d open, %d idle (the other held by DataVersion)",
			st.OpenConnections, st.Idle, readConns+1, readConns)
	}
}

// Each reader opened with the store has planned pgWarmSQL, so the first
// frame's reads find the tables known to their server process: a first
// list page on a new connection took 28-58 ms, 6-19 ms after it.
func TestPGOpenWarmsTheReaders(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL's connections (WAYBILL_TEST_ENGINE=postgres)")
	}
	ctx := context.Background()
	db := openTest(t)
	warmed := 0
	for deadline := time.Now().Add(5 * time.Second); warmed < readConns && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		// From the writer: a read would take a connection of the pool.
		if err := db.write.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND state = 'idle' AND query LIKE '%waybill: warm%'`).Scan(&warmed); err != nil {
			t.Fatal(err)
		}
	}
	if warmed != readConns {
		t.Errorf("%d idle readers planned the warm-up after opening, want %d", warmed, readConns)
	}
}
