package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"waybill/store/pgtest"
	"waybill/tracker"
)

// copySource is an SQLite store with a row in every table migrate copies:
// demo orders with events, exceptions and alerts through the store's own
// writes, and a row written by hand in each table those leave empty (cases,
// claims, deadlines, marketplace and service bookkeeping …), with values
// that test the copy: unicode, quotes, empty strings, NULLs, bytes.
func copySource(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "source.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.AddOrders(ctx, t0, demoMix(12)); err != nil {
		t.Fatal(err)
	}
	var us []tracker.Update
	for id := int64(1); id <= 4; id++ {
		us = append(us, tracker.Update{ShipmentID: id, Events: []tracker.Event{customsHold(t0.Add(-6 * 3600e9))}})
	}
	if _, err := db.ApplyUpdates(ctx, t0, alertPolicy(), us); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMeta(ctx, "copy.test", "Ünïcode ‘quoted’ 包裹"); err != nil {
		t.Fatal(err)
	}
	fill := map[string]string{
		"exception_log": `INSERT INTO exception_log (exception_id, at, actor, action, detail) SELECT min(id), 1741600000, 'ana', 'note', 'it''s late' FROM exceptions`,
		"watches":       `INSERT INTO watches (order_id, who, created_at) VALUES (2, 'ana', 1741600000)`,
		"cases": `INSERT INTO cases (id, order_id, shipment_id, kind, step, state, opened_at, opened_by, updated_at, follow_up_at, solution)
			VALUES (7, 1, 1, 'lost', 'ask_carrier', 'open', 1741600000, 'ana', 1741600000123456789, 1741700000, NULL)`,
		"case_log": `INSERT INTO case_log (case_id, at, actor, action, detail) VALUES (7, 1741600001, 'ana', 'open', '')`,
		"claims": `INSERT INTO claims (case_id, order_id, shipment_id, party_kind, party, claimed, currency, state, created_at, created_by, updated_at)
			VALUES (7, 1, 1, 'carrier', 'china-post', 1999, 'EUR', 'filed', 1741600000, 'ana', 1741600000)`,
		"claim_log": `INSERT INTO claim_log (claim_id, at, actor, action) VALUES (1, 1741600000, 'ana', 'file')`,
		"deadlines": `INSERT INTO deadlines (order_id, shipment_id, case_id, kind, due_at, source, ref, created_at, updated_at)
			VALUES (1, 1, 7, 'carrier_claim', 1741900000, 'claim', 'c1', 1741600000, 1741600000)`,
		"deadline_log":    `INSERT INTO deadline_log (deadline_id, at, actor, action) VALUES (1, 1741600000, 'ana', 'add')`,
		"market_orders":   `INSERT INTO market_orders (order_id, marketplace, status, sent, synced_at) VALUES (3, 'aliexpress', 'WAIT', '{"a":1}', 1741600000)`,
		"market_disputes": `INSERT INTO market_disputes (marketplace, dispute_id, order_id, case_id, reason_cn, synced_at) VALUES ('aliexpress', 'D1', 3, 7, '未收到货', 1741600000)`,
		"market_sync":     `INSERT INTO market_sync (marketplace, stream, synced_at) VALUES ('aliexpress', 'orders', 1741600000), ('Aliexpress', 'orders', 1741600000)`,
		"market_webhooks": `INSERT INTO market_webhooks (market, id, seen_at) VALUES ('shopify', 'b', 1), ('shopify', 'B', 2), ('shopify', 'a', 3)`,
		"subscriptions":   `INSERT INTO subscriptions (service, tracking_no, carrier, at) VALUES ('track123', 'LX1', '', 1741600000)`,
		"tracking_life":   `INSERT INTO tracking_life (shipment_id, service, stopped_at) VALUES (2, 'track123', 1741600000)`,
		"service_health":  `INSERT INTO service_health (service, state, until_at, recorded_at) VALUES ('dhl', 'paused', 1741700000, 1741600000)`,
		"eta_model":       `INSERT INTO eta_model (id, built_at, settings, model) VALUES (1, 1741600000, '{}', x'00ff10e2')`,
		"outbox": `INSERT INTO outbox (key, channel, kind, severity, subject, body, created_at, attempts, next_attempt_at)
			VALUES ('k-failed', 'email', 'customs', 2, 's', 'b', 1741600000, 3, 1741600000)`,
	}
	for _, tb := range copyTables {
		if q, ok := fill[tb]; ok && countRows(t, db, tb) == 0 || tb == "outbox" {
			if _, err := db.write.Exec(q); err != nil {
				t.Fatalf("fill %s: %v", tb, err)
			}
		}
		if countRows(t, db, tb) == 0 {
			t.Fatalf("table %s is empty in the source: the copy test would not cover it", tb)
		}
	}
	return db
}

// Issue 25: migrate copies every table of an SQLite store into an empty
// PostgreSQL database; counts and checksums are equal on both sides, the
// counters come out equal, and the store on PostgreSQL answers reads as
// the SQLite one does. New rows get ids after the copied ones.
func TestCopyToPG(t *testing.T) {
	ctx := context.Background()
	src := copySource(t)
	url := pgtest.URL(t)
	var progressed int
	rep, err := src.CopyToPG(ctx, url, func(string, int) { progressed++ })
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Equal || !rep.Committed {
		t.Fatalf("copy not equal or not committed: %+v", rep)
	}
	got := map[string]tracker.StoreCopyTable{}
	for _, ct := range rep.Tables {
		got[ct.Table] = ct
	}
	for _, tb := range append(append([]string{}, copyTables...), rebuiltTables...) {
		ct, ok := got[tb]
		if !ok {
			t.Errorf("report has no row for table %s", tb)
			continue
		}
		if ct.SourceRows == 0 || ct.SourceRows != ct.TargetRows || ct.SourceSHA256 != ct.TargetSHA256 || len(ct.SourceSHA256) != 64 {
			t.Errorf("table %s: %+v", tb, ct)
		}
	}
	if progressed == 0 {
		t.Error("progress was never told of rows")
	}

	dst, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	// The same answers from both engines.
	for _, tc := range []struct {
		name string
		read func(db *DB) (any, error)
	}{
		{"ListShipments first page", func(db *DB) (any, error) { return db.ListShipments(ctx, tracker.ListQuery{Limit: 50}) }},
		{"ListShipments filtered", func(db *DB) (any, error) {
			return db.ListShipments(ctx, tracker.ListQuery{Limit: 50, Query: "R-00"})
		}},
		{"StatusCounts", func(db *DB) (any, error) { return db.StatusCounts(ctx) }},
		{"ExceptionCounts", func(db *DB) (any, error) { return db.ExceptionCounts(ctx, tracker.ExceptionQuery{Now: t0}) }},
		{"AlertFailures", func(db *DB) (any, error) { return db.AlertFailures(ctx) }},
		{"a case", func(db *DB) (any, error) { return db.Case(ctx, 7) }},
		{"an order", func(db *DB) (any, error) { return db.Order(ctx, 1) }},
		{"meta", func(db *DB) (any, error) { v, _, err := db.Meta(ctx, "copy.test"); return v, err }},
	} {
		want, err := tc.read(src)
		if err != nil {
			t.Fatalf("%s on SQLite: %v", tc.name, err)
		}
		have, err := tc.read(dst)
		if err != nil {
			t.Fatalf("%s on PostgreSQL: %v", tc.name, err)
		}
		if !reflect.DeepEqual(have, want) {
			t.Errorf("%s: PostgreSQL\n%+v\nSQLite\n%+v", tc.name, have, want)
		}
	}
	// A new order after the copy takes the next id, not one of the copied.
	var maxID int64
	if err := src.read.QueryRow(`SELECT max(id) FROM orders`).Scan(&maxID); err != nil {
		t.Fatal(err)
	}
	od, err := dst.AddOrder(ctx, t0, tracker.Order{OrderNo: "AFTER-COPY"}, []tracker.Shipment{{TrackingNo: "LX999999999CN", Carrier: "china-post"}})
	if err != nil {
		t.Fatal(err)
	}
	if id := od.ID; id != maxID+1 {
		t.Errorf("new order after the copy got id %d, want %d", id, maxID+1)
	}
}

// A database that holds waybill rows is refused, naming it and the tables,
// and left as it was.
func TestCopyToPGRefusesNonEmpty(t *testing.T) {
	ctx := context.Background()
	src := copySource(t)
	url := pgtest.URL(t)
	dst, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := dst.AddOrder(ctx, t0, tracker.Order{OrderNo: "THERE-FIRST"}, nil); err != nil {
		t.Fatal(err)
	}
	_, err = src.CopyToPG(ctx, url, nil)
	if !errors.Is(err, ErrTargetNotEmpty) || !strings.Contains(err.Error(), Redact(url)) || !strings.Contains(err.Error(), "orders") {
		t.Fatalf("copy into a database with an order: error %v, want ErrTargetNotEmpty naming the database and orders", err)
	}
	var n int
	if err := dst.read.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the refused database has %d orders (%v), want its 1", n, err)
	}
	// A store on PostgreSQL is not a source.
	if _, err := dst.CopyToPG(ctx, url, nil); err == nil || !strings.Contains(err.Error(), "PostgreSQL already") {
		t.Errorf("copy from a PostgreSQL store: error %v, want a refusal", err)
	}
}

// Every table of either schema is copied, compared as a counter, or
// named as not copied: a migration that adds a table must say which.
func TestCopyTablesCoverSchema(t *testing.T) {
	ctx := context.Background()
	known := map[string]bool{}
	for _, tb := range append(append([]string{}, copyTables...), rebuiltTables...) {
		known[tb] = true
	}
	check := func(engine string, names []string) {
		sort.Strings(names)
		for _, n := range names {
			if !known[n] && !notCopied(n) {
				t.Errorf("%s table %s is neither in copyTables, rebuiltTables nor notCopied", engine, n)
			}
		}
		have := map[string]bool{}
		for _, n := range names {
			have[n] = true
		}
		for tb := range known {
			if !have[tb] {
				t.Errorf("copy table %s is not a %s table", tb, engine)
			}
		}
	}
	db, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var names []string
	rows, err := db.read.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	check("SQLite", names)

	url := pgtest.URL(t)
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	prows, err := c.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	names, err = pgx.CollectRows(prows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	check("PostgreSQL", names)
}
