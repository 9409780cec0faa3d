package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	sqlite "modernc.org/sqlite"

	"waybill/tracker"
)

// fillFilterStore adds n orders of one parcel each as the bench's stores
// hold them: tracking numbers a carrier's four characters and twelve
// digits, order numbers sixteen digits, a few buyers' names and
// countries, most parcels delivered, the newest shipped last.
func fillFilterStore(t *testing.T, db *DB, n int) {
	t.Helper()
	ctx := context.Background()
	for _, stmt := range []string{
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ` + fmt.Sprint(n) + `)
		INSERT INTO orders (id, order_no, order_key, buyer)
		SELECT i, printf('8%015d', (i * 2654435761) % 999999999999989), 'K' || i,
			CASE i % 7 WHEN 0 THEN 'Thomas Richter' WHEN 1 THEN 'Ursula Dias' WHEN 2 THEN 'Ingrid Moreau'
				WHEN 3 THEN 'Tom Tran' WHEN 4 THEN 'Dora Silva' WHEN 5 THEN 'Rita Klein' ELSE 'Jan Novak' END
		FROM n`,
		`INSERT INTO shipments (id, order_id, tracking_no, carrier, destination, status, shipped_at, next_check_at, checked_at)
		SELECT id, id, printf('LP00%012d', (id * 40503 * 2654435761) % 999999999989), 'cainiao',
			CASE id % 5 WHEN 0 THEN 'US' WHEN 1 THEN 'IN' WHEN 2 THEN 'DE' WHEN 3 THEN 'FR' ELSE 'TR' END,
			CASE id % 10 WHEN 0 THEN 'in_transit' WHEN 1 THEN 'in_transit' WHEN 2 THEN 'info_received'
				WHEN 3 THEN 'pending' WHEN 4 THEN 'customs' ELSE 'delivered' END,
			` + fmt.Sprint(t0.Unix()) + ` - (` + fmt.Sprint(n) + ` - id) * 60, 0, 0
		FROM orders`,
		// The full-text index in one segment, as migration 0030 leaves a
		// store: one bulk insert leaves several, more the larger it is
		// (17 at 20,000 parcels), and FTS5 looks a term up in each.
		`INSERT INTO shipments_fts (shipments_fts) VALUES ('optimize')`,
	} {
		if _, err := db.write.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("fill a store of %d parcels: %v\n%s", n, err, stmt)
		}
	}
}

// pagesRead is how many pages (from SQLite's cache or the file) the read
// pool's one connection has asked for so far. The caller has left the
// pool one connection besides DataVersion's.
func pagesRead(t *testing.T, db *DB) int {
	t.Helper()
	c, err := db.read.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	n := 0
	if err := c.Raw(func(dc any) error {
		for _, op := range []sqlite.DBStatusOp{sqlite.DBStatusCacheHit, sqlite.DBStatusCacheMiss} {
			v, _, err := dc.(sqlite.DBStatus).Status(op, false)
			if err != nil {
				return err
			}
			n += v
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// A key typed in the orders filter reads what it reads at any size of
// store (issue 24 item 2: the keystroke's time flat from 10,000 to
// 1,000,000 orders): the screen's page of the newest matches and its
// count up to a cap. Two stores, one ten times the other, each key's
// pages counted on the read pool's one connection. Before migration 0030
// a prefix longer than three characters (`LP00`) was every term it
// begins, merged in memory, so its pages grew with the store (110 and
// 335 here); and a status word's exact count walked every parcel in its
// statuses (`deliv`: 16 and 125 pages), where the counter rows now answer.
// (`in t`'s arms: TestKeyedArmsLeaveTheStatusOnlyArmsParcels.)
func TestFilterKeyReadsDoNotGrow(t *testing.T) {
	sqliteOnly(t, "SQLite's page counters")
	ctx := context.Background()
	const capped = 100 // the screen's cap (10,000), scaled to the stores
	keys := []string{"LP00", "LP008", "U", "Th", "d", "deliv", "in t", "in tra"}
	reads := map[int]map[string]int{}
	for _, n := range []int{2_000, 20_000} {
		db := openTest(t)
		fillFilterStore(t, db, n)
		// One connection for the reads, so its counters see them all
		// (DataVersion holds the other).
		db.read.SetMaxOpenConns(2)
		db.read.SetMaxIdleConns(2)
		reads[n] = map[string]int{}
		t.Logf("%d parcels: %d segments", n, count(t, db, `SELECT count(DISTINCT segid) FROM shipments_fts_idx`))
		for _, key := range keys {
			before := pagesRead(t, db)
			rows, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 20, Query: key})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 20 {
				t.Fatalf("%q on %d parcels: a page of %d rows, want 20", key, n, len(rows))
			}
			if got, err := db.CountMatchingUpTo(ctx, "", key, capped); err != nil || got != capped+1 {
				t.Fatalf("%q on %d parcels: counted %d to the cap %d (%v), want %d", key, n, got, capped, err, capped+1)
			}
			reads[n][key] = pagesRead(t, db) - before
		}
		// The exact count of status words, read once typing pauses.
		before := pagesRead(t, db)
		if got, err := db.CountMatching(ctx, "", "deliv"); err != nil || got != n/2 {
			t.Fatalf("deliv on %d parcels: %d (%v), want %d", n, got, err, n/2)
		}
		reads[n]["deliv, exact"] = pagesRead(t, db) - before
	}
	for _, key := range append(keys, "deliv, exact") {
		small, large := reads[2_000][key], reads[20_000][key]
		t.Logf("%-14q %4d pages at 2,000 parcels, %4d at 20,000", key, small, large)
		// A page's rows are looked up in tables one level deeper in the
		// larger store: up to a fifth more.
		if float64(large) > 1.25*float64(small)+4 {
			t.Errorf("%q: %d pages at 2,000 parcels, %d at 20,000: the key's reads grow with the store", key, small, large)
		}
	}
}

// No full-text arm of a keyed filter walks for parcels its status-only arm
// reads: `in t` is in transit, or received with a word beginning with t,
// or words beginning with in and t, and never "in" among the parcels in
// transit again.
func TestKeyedArmsLeaveTheStatusOnlyArmsParcels(t *testing.T) {
	sqliteOnly(t, "the keyed read is SQLite's")
	ctx := context.Background()
	db := openTest(t)
	fillFilterStore(t, db, 500)
	for _, tc := range []struct {
		query string
		want  []keyedArm
	}{
		{"in t", []keyedArm{
			{statuses: []tracker.Status{tracker.StatusInTransit}},
			{fts: `"t"*`, statuses: []tracker.Status{tracker.StatusInfoReceived}},
			{fts: `"in"* "t"*`},
		}},
		{"in tra", []keyedArm{
			{statuses: []tracker.Status{tracker.StatusInTransit}},
			{fts: `"tra"*`, statuses: []tracker.Status{tracker.StatusInfoReceived}}, // Tom Tran
			{fts: `"in"* "tra"*`},
		}},
		{"d", []keyedArm{
			{statuses: []tracker.Status{tracker.StatusOutForDelivery, tracker.StatusDeliveryFailed, tracker.StatusDelivered}},
			{fts: `"d"*`},
		}},
	} {
		arms, err := db.keyedArms(ctx, mustFilter(t, db, tc.query), "")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(arms, tc.want, func(a, b keyedArm) bool { return a.fts == b.fts && slices.Equal(a.statuses, b.statuses) }) {
			t.Errorf("%q: arms %+v, want %+v", tc.query, arms, tc.want)
		}
		kf, kb := pages(t, db, "", tc.query)
		db.unkeyed = true
		f, b := pages(t, db, "", tc.query)
		db.unkeyed = false
		if !slices.Equal(kf, f) || !slices.Equal(kb, b) || len(f) == 0 {
			t.Errorf("%q: keyed pages %v back %v, id set %v back %v", tc.query, kf, kb, f, b)
		}
	}
}

// Migration 0030 leaves the full-text index in one segment, however many
// the store's writes had made, and finds what it found.
func TestMigration0030OptimizesTheFullTextIndex(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	ctx := context.Background()
	path, w := storeAt(t, 28)
	// One transaction a parcel, as a refresher's batches and imports add
	// them: a segment each until FTS5 merges.
	for i := 1; i <= 60; i++ {
		execAll(t, w,
			fmt.Sprintf(`INSERT INTO orders (id, order_no, order_key, buyer) VALUES (%d, 'R-%d', 'R%d', 'Rita Richter')`, i, i, i),
			fmt.Sprintf(`INSERT INTO shipments (id, order_id, tracking_no, status, shipped_at, next_check_at, checked_at)
				VALUES (%d, %d, 'LP00%08d', 'in_transit', %d, 0, 0)`, i, i, i*7919, t0.Add(time.Duration(i)*time.Minute).Unix()))
	}
	segments := func(q func(string) int) int {
		return q(`SELECT count(DISTINCT segid) FROM shipments_fts_idx`)
	}
	if n := segments(func(q string) int {
		var n int
		if err := w.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}); n < 2 {
		t.Fatalf("the store at 0028 holds %d full-text segments: the test wants several", n)
	}
	w.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := segments(func(q string) int { return count(t, db, q) }); n != 1 {
		t.Errorf("%d full-text segments after 0030, want 1", n)
	}
	for query, want := range map[string]int{"LP00": 60, "Rita": 60, "R-3": 11, "lp00001": 13} {
		if n, err := db.CountMatching(ctx, "", query); err != nil || n != want {
			t.Errorf("%q after 0030: %d (%v), want %d", query, n, err, want)
		}
	}
}

// addFilterOrders adds n orders shaped as fillFilterStore's, but through
// the store's write path as imports and marketplaces bring them: in
// batches (AddOrders, a transaction each hundred orders) and then the last
// fifty one at a time (AddOrder, as the screen's form adds one). Each of
// those transactions adds a segment to the full-text index.
func addFilterOrders(t *testing.T, db *DB, n int) {
	t.Helper()
	ctx := context.Background()
	buyers := []string{"Thomas Richter", "Ursula Dias", "Ingrid Moreau", "Tom Tran", "Dora Silva", "Rita Klein", "Jan Novak"}
	countries := []string{"US", "IN", "DE", "FR", "TR"}
	statuses := []tracker.Status{tracker.StatusInTransit, tracker.StatusInTransit, tracker.StatusInfoReceived,
		tracker.StatusPending, tracker.StatusCustoms}
	orders := make([]tracker.OrderDetail, n)
	for i := range orders {
		id := int64(i + 1)
		st := tracker.StatusDelivered
		if k := int(id % 10); k < len(statuses) {
			st = statuses[k]
		}
		orders[i] = tracker.OrderDetail{
			Order: tracker.Order{OrderNo: fmt.Sprintf("8%015d", id*2654435761%999999999999989), Buyer: buyers[id%7]},
			Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{
				TrackingNo: fmt.Sprintf("LP00%012d", id*40503*2654435761%999999999989), Carrier: "cainiao",
				Destination: countries[id%5], Status: st, ShippedAt: t0.Add(-time.Duration(int64(n)-id) * time.Minute),
			}}},
		}
	}
	const single = 50
	db.testAddBatch = 100
	defer func() { db.testAddBatch = 0 }()
	if err := db.AddOrders(ctx, t0, orders[:n-single]); err != nil {
		t.Fatalf("add %d orders: %v", n, err)
	}
	for _, o := range orders[n-single:] {
		if _, err := db.AddOrder(ctx, t0, o.Order, []tracker.Shipment{o.Shipments[0].Shipment}); err != nil {
			t.Fatalf("add order %s: %v", o.OrderNo, err)
		}
	}
}

// keyPages types keys into db's filter as TestFilterKeyReadsDoNotGrow
// does, and returns the pages each read. db's read pool is left one
// connection besides DataVersion's.
func keyPages(t *testing.T, db *DB, keys []string) map[string]int {
	t.Helper()
	ctx := context.Background()
	db.read.SetMaxOpenConns(2)
	db.read.SetMaxIdleConns(2)
	out := map[string]int{}
	for _, key := range keys {
		before := pagesRead(t, db)
		if rows, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 20, Query: key}); err != nil || len(rows) != 20 {
			t.Fatalf("%q: a page of %d rows (%v), want 20", key, len(rows), err)
		}
		if _, err := db.CountMatchingUpTo(ctx, "", key, 100); err != nil {
			t.Fatal(err)
		}
		out[key] = pagesRead(t, db) - before
	}
	return out
}

// The writes that add parcels keep the full-text index in few segments
// (migration 0031, foldIndex): FTS5 looks a term up in each, and its own
// merging left these stores, built by batches and single parcels, in 19
// and 20 segments, where a key read 1.9 to 2.9 times the pages it reads in
// one (0030's optimized index): `LP00` 198 and 267 pages, 85 and 96 in
// one. Merged as they come, two segments of a size make one, so a store
// holds about one a size: 2 and 4 here, a key's pages within 1.4 times.
func TestAddedParcelsKeepTheFullTextIndexInFewSegments(t *testing.T) {
	sqliteOnly(t, "FTS5's segments")
	const most = 5
	keys := []string{"LP00", "LP008", "U", "Th", "d", "deliv", "in t", "in tra"}
	for _, n := range []int{2_000, 20_000} {
		db := openTest(t)
		addFilterOrders(t, db, n)
		segs := count(t, db, `SELECT count(DISTINCT segid) FROM shipments_fts_idx`)
		got := keyPages(t, db, keys)
		if _, err := db.write.Exec(`INSERT INTO shipments_fts (shipments_fts) VALUES ('optimize')`); err != nil {
			t.Fatal(err)
		}
		one := keyPages(t, db, keys)
		t.Logf("%d parcels: %d segments", n, segs)
		if segs > most {
			t.Errorf("%d parcels added in %d transactions: %d full-text segments, want at most %d", n, (n-50)/100+50, segs, most)
		}
		for _, key := range keys {
			t.Logf("%-8q %4d pages, %4d in one segment", key, got[key], one[key])
			if float64(got[key]) > 1.5*float64(one[key])+4 {
				t.Errorf("%q on %d parcels: %d pages, %d with the index in one segment", key, n, got[key], one[key])
			}
		}
	}
}
