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

// On PostgreSQL opening the store for the screen (Warm) opens the read
// pool's connections at once, beside the writer's, before any read asks
// for one: each is a new server process, and opened as the first frame's
// reads asked for them they were most of its time (issue 25 item 4).
func TestPGOpenConnectsTheReaders(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL's connections (WAYBILL_TEST_ENGINE=postgres)")
	}
	db := openTest(t, Warm)
	deadline := time.Now().Add(5 * time.Second)
	for st := db.read.Stats(); (st.OpenConnections < readConns+1 || st.Idle < readConns) && time.Now().Before(deadline); st = db.read.Stats() {
		time.Sleep(5 * time.Millisecond)
	}
	if st := db.read.Stats(); st.OpenConnections != readConns+1 || st.Idle != readConns {
		t.Errorf("read pool after opening: %d connections open, %d idle; want %d open, %d idle (the other held by DataVersion)",
			st.OpenConnections, st.Idle, readConns+1, readConns)
	}
}

// Each reader opened with the store for the screen has planned
// pgWarmSQL, so the first frame's reads find the tables known to their
// server process: a first list page on a new connection took 28-58 ms,
// 6-19 ms after it.
func TestPGOpenWarmsTheReaders(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL's connections (WAYBILL_TEST_ENGINE=postgres)")
	}
	db := openTest(t, Warm)
	warmed := 0
	for deadline := time.Now().Add(5 * time.Second); warmed < readConns && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		warmed, _ = backends(t, db)
	}
	if warmed != readConns {
		t.Errorf("%d idle readers planned the warm-up after opening, want %d", warmed, readConns)
	}
}

// A one-shot command (`waybill list`, `waybill add`) opens the store
// without Warm: on PostgreSQL only the writer's connection opens, and a
// reader when it reads. Each connection is a server process; the six
// opened for every command cost it 0.1-0.3 s and the server as many
// processes, for one read or none.
func TestPGOneShotOpenConnectsOnlyTheWriter(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL's connections (WAYBILL_TEST_ENGINE=postgres)")
	}
	ctx := context.Background()
	db := openTest(t)
	time.Sleep(200 * time.Millisecond) // what a background open would have done by now
	if warmed, conns := backends(t, db); conns != 1 || warmed != 0 {
		t.Errorf("after a one-shot open: %d connections to the database (%d warmed), want the writer's alone", conns, warmed)
	}
	if st := db.read.Stats(); st.OpenConnections != 0 {
		t.Errorf("read pool after a one-shot open: %d connections, want 0", st.OpenConnections)
	}
	if _, err := db.IsEmpty(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DataVersion(ctx); err != nil { // opens the connection it holds when first asked
		t.Fatal(err)
	}
	if st := db.read.Stats(); st.OpenConnections < 1 || st.OpenConnections > 2 {
		t.Errorf("read pool after a read and a data version: %d connections, want 1 or 2", st.OpenConnections)
	}
}

// backends counts, from the writer (a read would take a connection of the
// pool), the server processes connected to db's database, the writer's
// among them, and those idle after planning the warm-up.
func backends(t *testing.T, db *DB) (warmed, conns int) {
	t.Helper()
	if err := db.write.QueryRowContext(context.Background(), `SELECT
		count(*) FILTER (WHERE state = 'idle' AND query LIKE '%waybill: warm%'), count(*)
		FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`).Scan(&warmed, &conns); err != nil {
		t.Fatal(err)
	}
	return warmed, conns
}
