package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"waybill/store/pgtest"
	"waybill/tracker"
)

// t0 is the tests' "now": whole seconds in UTC, as the store keeps them.
var t0 = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// openTest opens a new, empty store for t: an SQLite file, or on the
// PostgreSQL pass (WAYBILL_TEST_ENGINE=postgres) a new database.
func openTest(t testing.TB, opts ...OpenOption) *DB {
	t.Helper()
	at := filepath.Join(t.TempDir(), "waybill.db")
	if onPG() {
		at = pgtest.URL(t)
	} else {
		copyMigrated(t, at)
	}
	db, err := Open(context.Background(), at, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// migrated is an SQLite store with every migration applied, made once a
// test binary: openTest copies it, as the PostgreSQL pass copies its
// template database, rather than migrating each new file. Open then finds
// nothing to migrate, so the copy is the store a new file would be.
// Migrating took 6.4 s a store under -race at load 17, the copy 0.4 s, and
// about 120 tests open one (issue 24 item 5). The migrations themselves are
// tested from empty and older files (storeAt, migrate_test.go), which do
// not go through here.
var migrated struct {
	once sync.Once
	dir  string
	err  error
}

// copyMigrated writes a copy of the migrated store to at.
func copyMigrated(t testing.TB, at string) {
	t.Helper()
	migrated.once.Do(func() {
		if migrated.dir, migrated.err = os.MkdirTemp("", "waybill-store-migrated-"); migrated.err != nil {
			return
		}
		db, err := Open(context.Background(), filepath.Join(migrated.dir, "migrated.db"))
		if err != nil {
			migrated.err = err
			return
		}
		// Closing the last connection checkpoints the WAL into the file.
		migrated.err = db.Close()
	})
	if migrated.err != nil {
		t.Fatalf("migrated store to copy: %v", migrated.err)
	}
	src := filepath.Join(migrated.dir, "migrated.db")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatalf("read the migrated store %s: %v", src, err)
	}
	fi, err := os.Stat(src)
	if err != nil {
		t.Fatalf("stat the migrated store %s: %v", src, err)
	}
	if err := os.WriteFile(at, b, fi.Mode().Perm()); err != nil {
		t.Fatalf("copy the migrated store to %s: %v", at, err)
	}
}

// removeMigrated removes the migrated store when the tests end.
func removeMigrated() {
	if migrated.dir != "" {
		os.RemoveAll(migrated.dir)
	}
}

// storeAt creates a store as the waybill of schema version left it,
// on one connection, for a test of the migrations after it.
func storeAt(t *testing.T, version int) (string, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("v%d.db", version))
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	w.SetMaxOpenConns(1)
	if err := migrateTo(context.Background(), w, version); err != nil {
		t.Fatal(err)
	}
	return path, w
}

// execAll runs each statement on w.
func execAll(t *testing.T, w *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// addShipment adds an order with one shipment and returns the shipment.
func addShipment(t testing.TB, db *DB, orderNo, trackingNo string, shipped time.Time) tracker.Shipment {
	t.Helper()
	d, err := db.AddOrder(context.Background(), t0, tracker.Order{OrderNo: orderNo, Buyer: "Ana"},
		[]tracker.Shipment{{TrackingNo: trackingNo, Carrier: "china-post", Destination: "DE", ShippedAt: shipped}})
	if err != nil {
		t.Fatal(err)
	}
	return d.Shipments[0].Shipment
}

func event(at time.Time, st tracker.Status, text string) tracker.Event {
	return tracker.Event{Time: at, Status: st, RawStatus: string(st), Location: "Leipzig", Description: text}
}

func apply(t testing.TB, db *DB, now time.Time, us ...tracker.Update) tracker.ApplySummary {
	t.Helper()
	sum, err := db.ApplyUpdates(context.Background(), now, tracker.DefaultPolicy(), us)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func count(t testing.TB, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// demoOrders builds n orders of one shipment each, shipped an hour apart
// with every seventh hour shared, cycling through the statuses.
func demoOrders(n int, eventsEach int) []tracker.OrderDetail {
	out := make([]tracker.OrderDetail, n)
	for i := range out {
		shipped := t0.Add(-time.Duration(i-i%7) * time.Hour)
		st := tracker.Statuses[i%len(tracker.Statuses)]
		sd := tracker.ShipmentDetail{Shipment: tracker.Shipment{
			TrackingNo: fmt.Sprintf("LX%09dCN", i), Carrier: "china-post", Destination: "DE",
			Status: st, ShippedAt: shipped,
		}}
		for j := range eventsEach {
			sd.Events = append(sd.Events, scan(shipped, j))
		}
		if i%5 == 0 {
			sd.Exceptions = []tracker.ExceptionKind{tracker.ExStale, tracker.ExLost}
		}
		out[i] = tracker.OrderDetail{
			Order:     tracker.Order{OrderNo: fmt.Sprintf("ORD-%06d", i), Buyer: "Buyer", Country: "DE"},
			Shipments: []tracker.ShipmentDetail{sd},
		}
	}
	return out
}

// scan is the j-th transit scan of a parcel shipped at shipped.
func scan(shipped time.Time, j int) tracker.Event {
	return event(shipped.Add(time.Duration(j+1)*time.Hour), tracker.StatusInTransit, fmt.Sprintf("scan %d", j))
}
