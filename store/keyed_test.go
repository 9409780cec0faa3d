package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// keyedOrders is a store where words and statuses are dense and sparse at
// once, shipped times tie (the list breaks ties by id) and some parcels
// have no shipped time (0).
func keyedOrders(n int) []tracker.OrderDetail {
	buyers := []string{"Rita Richter", "Ursula Dias", "Rui Diaz", "Tom Tran", "Ines Ruiz", "Ana Souza"}
	carriers := []string{"royal-mail", "usps", "dhl", "ups"}
	dests := []string{"US", "DE", "FR", "BR", "RU"}
	r := rand.New(rand.NewPCG(24, 27)) // fixed: the same store every run
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	var out []tracker.OrderDetail
	for i := range n {
		shipped := t0.Add(-time.Duration(i%37) * time.Hour) // ties
		if i%53 == 0 {
			shipped = time.Time{} // unknown: 0
		}
		out = append(out, tracker.OrderDetail{
			Order: tracker.Order{OrderNo: fmt.Sprintf("R%d-%d", i%7, i), Buyer: pick(buyers), Country: pick(dests)},
			Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{
				TrackingNo: fmt.Sprintf("%s%09dGB", []string{"RB", "LX", "UZ", "1Z"}[i%4], i*7919),
				Carrier:    pick(carriers), Destination: pick(dests),
				Status: tracker.Statuses[r.IntN(len(tracker.Statuses))], ShippedAt: shipped,
			}}},
		})
	}
	return out
}

// pages reads every page of query in status, forward then back from the
// end, as the screen pages.
func pages(t *testing.T, db *DB, status tracker.Status, query string) (fwd, back []int64) {
	t.Helper()
	ctx := context.Background()
	q := tracker.ListQuery{Status: status, Query: query, Limit: 7}
	for pg := 0; ; pg++ {
		if pg > 1000 { // a cursor that does not move on
			t.Fatalf("ListShipments(%q, %q): still paging after 1,000 pages: %v", status, query, fwd[len(fwd)-20:])
		}
		rows, err := db.ListShipments(ctx, q)
		if err != nil {
			t.Fatalf("ListShipments(%q, %q): %v", status, query, err)
		}
		for _, r := range rows {
			fwd = append(fwd, r.ShipmentID)
		}
		if len(rows) < q.Limit {
			break
		}
		last := rows[len(rows)-1]
		q.Cursor = &tracker.Cursor{ShippedAt: last.ShippedAt, ShipmentID: last.ShipmentID}
	}
	if len(fwd) == 0 {
		return fwd, nil
	}
	// Backward from past the last row: the same rows, page by page.
	sh, err := db.Shipment(ctx, fwd[len(fwd)-1])
	if err != nil {
		t.Fatal(err)
	}
	q = tracker.ListQuery{Status: status, Query: query, Limit: 7, Dir: tracker.Backward,
		Cursor: &tracker.Cursor{ShippedAt: sh.ShippedAt, ShipmentID: sh.ID}}
	back = []int64{fwd[len(fwd)-1]}
	for pg := 0; ; pg++ {
		if pg > 1000 {
			t.Fatalf("ListShipments backward(%q, %q): still paging after 1,000 pages", status, query)
		}
		rows, err := db.ListShipments(ctx, q)
		if err != nil {
			t.Fatalf("ListShipments backward(%q, %q): %v", status, query, err)
		}
		back = append(slices.Clone(rowIDs(rows)), back...)
		if len(rows) < q.Limit {
			break
		}
		q.Cursor = &tracker.Cursor{ShippedAt: rows[0].ShippedAt, ShipmentID: rows[0].ShipmentID}
	}
	return fwd, back
}

func rowIDs(rows []tracker.ShipmentRow) []int64 {
	out := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = r.ShipmentID
	}
	return out
}

// The keyed read (full-text rows keyed in list order, migration 0027)
// lists exactly the pages the id set lists, forward and backward, for
// words alone, status words with and without other fields, and a status
// tab, and still does after writes that re-key rows: an import moving a
// parcel's shipped time and renaming its buyer, and a deleted order.
func TestKeyedFilterListsWhatTheIDSetLists(t *testing.T) {
	sqliteOnly(t, "the keyed read is SQLite's")
	ctx := context.Background()
	db := openTest(t)
	// 120 orders: 17 pages of 7 for a word most match, every shipped
	// time shared (i%37), three unknown (i%53); 300 took 212 s under -race.
	ods := keyedOrders(120)
	if err := db.AddOrders(ctx, t0, ods); err != nil {
		t.Fatal(err)
	}
	queries := []string{"R", "r1", "Richter", "U", "US", "d", "in", "in t", "deliv", "deliv ru", "out for",
		"1", "1Z", "R3 dhl", "ret", "ex R", "zz", "R in t", "rui di"}
	statuses := []tracker.Status{"", tracker.StatusInTransit, tracker.StatusReturned}
	check := func(when string) {
		t.Helper()
		for _, st := range statuses {
			for _, query := range queries {
				db.unkeyed = false
				arms, err := db.keyedArms(ctx, mustFilter(t, db, query), st)
				if err != nil {
					t.Fatal(err)
				}
				kf, kb := pages(t, db, st, query)
				db.unkeyed = true
				for _, sparse := range []int{sparseMatches, 0} {
					db.sparseMatches = &sparse
					f, b := pages(t, db, st, query)
					if !slices.Equal(kf, f) || !slices.Equal(kb, b) {
						t.Errorf("%s: status %q, %q (keyed %v): keyed pages %v back %v, id set (sparse %d) %v back %v",
							when, st, query, arms != nil, kf, kb, sparse, f, b)
					}
				}
				db.sparseMatches, db.unkeyed = nil, false
			}
		}
	}
	check("after adding")

	// Re-import: a new shipped time re-keys the row, a new buyer re-words it.
	moved := ods[10]
	moved.Order.Buyer = "Zora Quill"
	moved.Shipments = slices.Clone(moved.Shipments)
	moved.Shipments[0].ShippedAt = t0.Add(time.Minute)
	if err := db.AddOrders(ctx, t0, []tracker.OrderDetail{moved}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.ListShipments(ctx, tracker.ListQuery{Query: "zora", Limit: 5})
	if err != nil || len(rows) != 1 || rows[0].OrderNo != moved.Order.OrderNo || !rows[0].ShippedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after the re-import, %q lists %+v, %v; want %s shipped %v", "zora", rows, err, moved.Order.OrderNo, t0.Add(time.Minute))
	}
	if n, err := db.CountMatching(ctx, "", "Zora"); err != nil || n != 1 {
		t.Errorf("CountMatching(Zora) = %d, %v; want 1", n, err)
	}
	check("after a re-import")

	if _, err := db.write.ExecContext(ctx, `DELETE FROM orders WHERE order_no = ?`, ods[20].Order.OrderNo); err != nil {
		t.Fatal(err)
	}
	check("after a delete")
	var stray int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM shipments_fts f
		WHERE NOT EXISTS (SELECT 1 FROM shipments s WHERE s.shipped_at * 2147483648 + s.id = f.rowid)`).Scan(&stray); err != nil || stray != 0 {
		t.Errorf("%d full-text rows with no parcel of their key (%v)", stray, err)
	}
}

// A store an older waybill filled (schema 26, full-text rows keyed by id)
// gets its full-text rows keyed in list order on open, one per parcel,
// and its filter lists what the id set lists.
func TestMigration0027KeysTheFullTextRows(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	ctx := context.Background()
	path, w := storeAt(t, 26)
	var stmts []string
	for i := 1; i <= 40; i++ {
		stmts = append(stmts,
			fmt.Sprintf(`INSERT INTO orders (id, order_no, order_key, buyer) VALUES (%d, 'R-%d', 'R%d', '%s')`,
				i, i, i, []string{"Rita Richter", "Ursula Dias", "Tom Tran"}[i%3]),
			fmt.Sprintf(`INSERT INTO shipments (id, order_id, tracking_no, status, shipped_at, next_check_at, checked_at)
				VALUES (%d, %d, 'LX%09dCN', '%s', %d, 0, 0)`,
				100+i, i, i, tracker.Statuses[i%len(tracker.Statuses)], t0.Add(-time.Duration(i%7)*time.Hour).Unix()))
	}
	execAll(t, w, stmts...)
	w.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, `SELECT count(*) FROM shipments_fts f
		WHERE EXISTS (SELECT 1 FROM shipments s WHERE s.shipped_at * 2147483648 + s.id = f.rowid)`); n != 40 {
		t.Errorf("%d full-text rows keyed by a parcel after migrating, want 40", n)
	}
	if n := count(t, db, `SELECT count(*) FROM shipments_fts`); n != 40 {
		t.Errorf("%d full-text rows after migrating, want 40", n)
	}
	for _, query := range []string{"R", "richter", "LX", "d", "in t", "ret"} {
		kf, kb := pages(t, db, "", query)
		db.unkeyed = true
		f, b := pages(t, db, "", query)
		db.unkeyed = false
		if !slices.Equal(kf, f) || !slices.Equal(kb, b) || len(f) == 0 {
			t.Errorf("%q after migrating: keyed pages %v back %v, id set %v back %v", query, kf, kb, f, b)
		}
	}
}

func mustFilter(t *testing.T, db *DB, query string) filter {
	t.Helper()
	f, err := db.parseFilter(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// listKey sorts as the list does (shipped_at DESC, id DESC read backwards),
// and clamps a shipped time the key cannot hold rather than overflow.
func TestListKeyOrder(t *testing.T) {
	for _, tc := range []struct {
		name         string
		a, b         [2]int64 // shipped_at, id; a sorts before b
		wantLessThan bool
	}{
		{"earlier shipped first", [2]int64{100, 9}, [2]int64{101, 1}, true},
		{"same time: lower id first", [2]int64{100, 1}, [2]int64{100, 2}, true},
		{"unknown time (0) before any", [2]int64{0, 5}, [2]int64{1, 1}, true},
		{"before 1970", [2]int64{-5, 7}, [2]int64{0, 1}, true},
		{"the year 2100", [2]int64{4102444800, 1}, [2]int64{4102444800, 2}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ka, kb := listKey(tc.a[0], tc.a[1]), listKey(tc.b[0], tc.b[1])
			if (ka < kb) != tc.wantLessThan {
				t.Errorf("listKey%v = %d, listKey%v = %d: want the first below", tc.a, ka, tc.b, kb)
			}
			if ka&keyIDMask != tc.a[1] {
				t.Errorf("listKey%v & mask = %d, want the id %d", tc.a, ka&keyIDMask, tc.a[1])
			}
		})
	}
	if k := listKey(1<<40, 3); k&keyIDMask != 3 || k < listKey(keyMaxShipped, 2) {
		t.Errorf("a shipped time past the key's range: key %d, want clamped to the last with id 3", k)
	}
}

// BenchmarkFilterFirstLetter is a keystroke of the screen's filter that
// matches a large part of a store of 100,000 parcels (a word's first
// letter, a status word that is also a name's first letter): the count up
// to 10,000, as the screen asks while typing, and the first page. keyed
// reads the page from the full-text rows in list order (migration 0027);
// idset, as before it, walks the list testing each parcel against the set
// of every match, which SQLite builds first (issue 24).
func BenchmarkFilterFirstLetter(b *testing.B) {
	sqliteOnly(b, "the keyed read is SQLite's")
	n := 100_000
	if testing.Short() {
		n = 2_000
	}
	db := openTest(b)
	ctx := context.Background()
	if err := db.AddOrders(ctx, t0, filterOrders(n)); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"a", "d", "r", "1", "u"} {
		for _, unkeyed := range []bool{false, true} {
			name := q + "/keyed"
			if unkeyed {
				name = q + "/idset"
			}
			b.Run(name, func(b *testing.B) {
				db.unkeyed = unkeyed
				defer func() { db.unkeyed = false }()
				for b.Loop() {
					if _, err := db.CountMatchingUpTo(ctx, "", q, 10_000); err != nil {
						b.Fatal(err)
					}
					if _, err := db.ListShipments(ctx, tracker.ListQuery{Query: q, Limit: 40}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
