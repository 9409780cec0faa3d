package main

import (
	"context"
	"database/sql"
	ebin "encoding/binary" // main_test.go names the binary it builds binary
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"waybill/carriers/sim"
	"waybill/store"
	"waybill/tracker"
	"waybill/ui/cli/bench"
)

// BenchmarkIngest is the ingest part of `waybill bench` alone: the store
// of --orders demo orders built from the simulated carrier in the
// refresher's batches, polled again, and the same rows into the plain
// table, each run in a new directory. The ratios to the plain insert of
// the same run are what to compare across runs on a shared machine.
func BenchmarkIngest(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 2_000
	}
	// As the command runs it: under a context that can be cancelled
	// (an interrupt), which the SQLite driver watches on every statement.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for b.Loop() {
		dir := b.TempDir()
		built, err := bench.Build(ctx, benchPorts(), filepath.Join(dir, "bench.db"), filepath.Join(dir, "plain.db"), n)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(built.NewRate, "new-events/s")
		b.ReportMetric(built.PollRate, "polled-events/s")
		b.ReportMetric(built.PlainRate, "plain-rows/s")
		b.ReportMetric(built.NewRate/built.PlainRate, "new/plain")
		b.ReportMetric(built.PollRate/built.PlainRate, "polled/plain")
		if !math.IsNaN(built.NewBytes) { // counted where /proc/self/io is (bench.Built)
			b.ReportMetric(built.NewBytes, "new-bytes/event")
			b.ReportMetric(built.PlainBytes, "plain-bytes/row")
		}
	}
}

// BenchmarkIngestPages counts what the new-event pass of BenchmarkIngest
// writes, by b-tree, in bytes per new event: a count the machine's load
// does not move, where BenchmarkIngest's rates move by a third. Every page
// a commit writes is a frame appended to the WAL; a reader holding the
// snapshot from before the pass keeps every checkpoint from reusing the
// WAL, so after the pass the WAL holds every frame the pass wrote (a
// checkpoint would write each distinct page once more). dbstat names the
// b-tree of each page. wal-bytes/event is the total; b-trees with 2% or
// more of it get a line each.
func BenchmarkIngestPages(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 2_000
	}
	ctx := context.Background()
	for b.Loop() {
		dir := b.TempDir()
		path := filepath.Join(dir, "bench.db")
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		now := time.Now().UTC().Truncate(time.Second)
		if err := addDemoOrders(ctx, db, n, 1, now); err != nil {
			b.Fatal(err)
		}
		ships, err := db.DueShipments(ctx, now.Add(365*24*time.Hour), 0)
		if err != nil {
			b.Fatal(err)
		}
		release := holdSnapshot(b, path)
		car := sim.New(1, tracker.NewFixedClock(now))
		w := tracker.NewWriter(ctx, db, tracker.NewFixedClock(now), tracker.DefaultPolicy(), 0)
		added := 0
		var firstErr error
		for us, err := range bench.Answers(ctx, car, ships) {
			if err != nil {
				b.Fatal(err)
			}
			w.Put(us, func(sum tracker.ApplySummary, err error) {
				added += sum.NewEvents
				if err != nil && firstErr == nil {
					firstErr = err
				}
			})
		}
		w.Close()
		if firstErr != nil {
			b.Fatal(firstErr)
		}
		byTree, pageSize, err := walBytesByTree(ctx, path, release)
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		if added == 0 {
			b.Fatal("no new events")
		}
		total := 0
		for _, frames := range byTree {
			total += frames
		}
		b.ReportMetric(float64(total*pageSize)/float64(added), "wal-bytes/event")
		for name, frames := range byTree {
			if frames*50 >= total {
				b.ReportMetric(float64(frames*pageSize)/float64(added), name+"-bytes/event")
			}
		}
	}
}

// holdSnapshot empties the WAL of the store at path (a checkpoint that
// truncates it), then opens a read transaction and keeps it: reading the
// database file alone, it keeps every checkpoint from copying a frame
// back, so the WAL keeps every frame written after it. The returned
// function ends it.
func holdSnapshot(tb testing.TB, path string) func() {
	tb.Helper()
	rdb, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	rdb.SetMaxOpenConns(1)
	var busy, logged, done int
	if err := rdb.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done); err != nil || busy != 0 {
		tb.Fatalf("empty the WAL of %s: busy %d, %v", path, busy, err)
	}
	tx, err := rdb.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return func() { tx.Rollback(); rdb.Close() }
}

// walBytesByTree counts the frames of the WAL of the store at path by
// the b-tree (table or index) their page belongs to now, and gives the
// page size. release, called once the WAL is read, lets the
// checkpoints go on. A page freed since it was written counts under
// "free".
func walBytesByTree(ctx context.Context, path string, release func()) (map[string]int, int, error) {
	wal, err := os.ReadFile(path + "-wal")
	release()
	if err != nil {
		return nil, 0, fmt.Errorf("read the WAL of %s: %w", path, err)
	}
	frames, pageSize, err := walFrames(wal)
	if err != nil {
		return nil, 0, fmt.Errorf("WAL of %s: %w", path, err)
	}
	rdb, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		return nil, 0, err
	}
	defer rdb.Close()
	rows, err := rdb.QueryContext(ctx, `SELECT name, pageno FROM dbstat`)
	if err != nil {
		return nil, 0, fmt.Errorf("dbstat of %s: %w", path, err)
	}
	defer rows.Close()
	owner := map[uint32]string{}
	for rows.Next() {
		var name string
		var page uint32
		if err := rows.Scan(&name, &page); err != nil {
			return nil, 0, err
		}
		owner[page] = name
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	out := map[string]int{}
	for page, n := range frames {
		name, ok := owner[page]
		if !ok {
			name = "free"
		}
		out[name] += n
	}
	return out, pageSize, nil
}

// walFrames counts the frames of a WAL file by page number (sqlite.org
// fileformat2.html, "WAL File Format": a 32-byte header, the page size
// at bytes 8-11 and two salts at 16-23, then frames of a 24-byte header,
// whose first 4 bytes are the page number and bytes 8-15 the salts, and
// a page). Frames whose salts are not the header's are left over from
// before the WAL was last restarted, and are not counted.
func walFrames(wal []byte) (map[uint32]int, int, error) {
	if len(wal) < 32 {
		return nil, 0, fmt.Errorf("%d bytes, shorter than a WAL header", len(wal))
	}
	if magic := ebin.BigEndian.Uint32(wal[0:4]); magic&^1 != 0x377f0682 {
		return nil, 0, fmt.Errorf("magic number %#x is not a WAL's", magic)
	}
	pageSize := int(ebin.BigEndian.Uint32(wal[8:12]))
	if pageSize < 512 || pageSize > 65536 {
		return nil, 0, fmt.Errorf("page size %d", pageSize)
	}
	frames := map[uint32]int{}
	for off := 32; off+24+pageSize <= len(wal); off += 24 + pageSize {
		if string(wal[off+8:off+16]) != string(wal[16:24]) {
			break
		}
		frames[ebin.BigEndian.Uint32(wal[off:off+4])]++
	}
	return frames, pageSize, nil
}

// TestWALBytesByTree holds BenchmarkIngestPages' count to what was
// written: rows into a table and its index after the snapshot is held
// show up as frames of those two b-trees and of no other table, every
// frame of the WAL is counted once, and frames left from before a
// restart of the WAL are not.
func TestWALBytesByTree(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(10)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`, `CREATE INDEX t_v ON t (v)`,
		`CREATE TABLE untouched (x)`, `INSERT INTO untouched VALUES (1)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	release := holdSnapshot(t, path)
	for i := range 200 { // 200 commits, each past the autocheckpoint's 10 pages
		if _, err := db.ExecContext(ctx, `INSERT INTO t (v) SELECT hex(randomblob(100)) FROM generate_series(1, 20)`); err != nil {
			// generate_series may be missing: a recursive CTE instead
			if _, err := db.ExecContext(ctx, `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20)
				INSERT INTO t (v) SELECT hex(randomblob(100)) || ? FROM s`, i); err != nil {
				t.Fatal(err)
			}
		}
	}
	info, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	byTree, pageSize, err := walBytesByTree(ctx, path, release)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range byTree {
		total += n
	}
	if want := int(info.Size()-32) / (24 + pageSize); total != want {
		t.Errorf("counted %d frames, the WAL holds %d (%d bytes): %v", total, want, info.Size(), byTree)
	}
	// 4,000 rows of some 220 bytes: a hundred-odd pages of each, and each
	// of 200 commits rewrites the last page of both.
	if byTree["t"] < 200 || byTree["t_v"] < 200 {
		t.Errorf("frames of t %d and t_v %d, want at least one a commit: %v", byTree["t"], byTree["t_v"], byTree)
	}
	if byTree["untouched"] != 0 {
		t.Errorf("%d frames of a table nothing wrote to", byTree["untouched"])
	}
	// A WAL restarted over a longer one: the frames after the new ones
	// carry the old salts.
	wal, err := os.ReadFile(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	frames, _, err := walFrames(wal)
	if err != nil {
		t.Fatal(err)
	}
	stale := append([]byte(nil), wal...)
	stale[16] ^= 0xff // the header's salt no longer matches the frames after the first
	copy(stale[32+8:32+16], stale[16:24])
	short, _, err := walFrames(stale)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range short {
		n += c
	}
	if n != 1 || len(frames) < 2 {
		t.Errorf("with the salts changed after the first frame, counted %d frames (want 1) of %d pages", n, len(frames))
	}
}
