package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Saving checked parcels must not build a temporary b-tree but the one
// UPDATE … FROM fills with the rows to write (once a statement, for a
// round's parcels: applywrites.go): SQLite built one for `status [NOT] IN
// (three strings)` in a partial index's WHERE, for the old row and the
// new, on every UPDATE of a shipment, and that was about a third of the
// UPDATE ApplyUpdates then ran once per parcel (migration 0024).
func TestShipmentSaveBuildsNoTempTable(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	for _, tc := range []struct{ name, query string }{
		{"save with the status", saveManySQL},
		{"save keeping the status", saveKeepManySQL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query := tc.query
			args := make([]any, strings.Count(query, "?")) // NULLs: EXPLAIN runs nothing
			rows, err := db.write.Query("EXPLAIN "+query, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, err := rows.Columns()
			if err != nil {
				t.Fatal(err)
			}
			var ops []string
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				ops = append(ops, fmt.Sprint(vals[1])) // addr, opcode, p1 …
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(strings.Join(ops, " "), "OpenEphemeral"); n > 1 {
				t.Errorf("%d temporary b-trees built by each run of %s, want the one of its FROM", n, query)
			}
		})
	}
}

// A store of schema 0023 keeps finding the same due and final parcels
// after 0024 rewrites the WHEREs of shipments_due and
// shipments_final_checked: the rebuilt indexes hold the same rows, and the
// queries that repeat their WHEREs still read through them.
func TestFinalStatusIndexesAfterMigration(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	path, w := storeAt(t, 23)
	statuses := []string{"pending", "in_transit", "delivered", "returned", "expired", "exception", "delivery_failed"}
	for i, st := range statuses {
		execAll(t, w,
			fmt.Sprintf(`INSERT INTO orders (id, order_no, order_key) VALUES (%d, 'O%d', 'O%d')`, i+1, i, i),
			fmt.Sprintf(`INSERT INTO shipments (id, order_id, tracking_no, status, next_check_at, checked_at) VALUES (%d, %d, 'T%d', '%s', %d, %d)`,
				i+1, i+1, i, st, t0.Unix()-int64(i), t0.Unix()-int64(i)))
	}
	w.Close()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	due, err := db.DueShipments(context.Background(), t0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sh := range due {
		got = append(got, string(sh.Status))
	}
	// Longest overdue first: the higher index, the earlier next_check_at.
	if want := "delivery_failed exception in_transit pending"; strings.Join(got, " ") != want {
		t.Errorf("due after migrating = %q, want %q", strings.Join(got, " "), want)
	}
	for _, tc := range []struct {
		index, where string
		want         int
	}{
		{"shipments_due", movingSQL, 4},
		{"shipments_final_checked", finalSQL, 3},
	} {
		var n int
		if err := db.read.QueryRow(`SELECT count(*) FROM shipments s INDEXED BY ` + tc.index + ` WHERE ` + tc.where).Scan(&n); err != nil {
			t.Fatalf("%s: %v", tc.index, err)
		}
		if n != tc.want {
			t.Errorf("%s holds %d parcels, want %d", tc.index, n, tc.want)
		}
	}
}

// Ingest loads each parcel of a batch with its order (loadSQL) and must
// look that order up once: shipmentCols' demo flag, a subquery of its own,
// looked the same order up a second time for every parcel.
func TestApplyLoadReadsEachOrderOnce(t *testing.T) {
	db := openTest(t)
	steps := explainOn(t, db.write, loadSQL, "[1,2]")
	orders := 0
	for _, s := range steps {
		if strings.HasPrefix(s, "SEARCH o ") || strings.HasPrefix(s, "SEARCH d ") || strings.HasPrefix(s, "SCAN o") || strings.HasPrefix(s, "SCAN d") {
			orders++
		}
		if strings.Contains(s, "SUBQUERY") {
			t.Errorf("plan step %q: a subquery for every parcel loaded", s)
		}
	}
	if orders != 1 {
		t.Errorf("orders read %d times a parcel, want 1; plan:\n%s", orders, strings.Join(steps, "\n"))
	}
}
