package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

const lease = 10 * time.Minute

// seedDue adds the shipments of TestDueShipments: T1, T0, T6 and T4 are due
// at t0 in that order, T2 is not yet, T3 and T5 are final. It returns their
// ids by tracking number.
func seedDue(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	var orders []tracker.OrderDetail
	for i, tc := range []struct {
		status tracker.Status
		next   time.Duration // relative to t0
	}{
		{tracker.StatusInTransit, -time.Hour},      // due, second
		{tracker.StatusPending, -3 * time.Hour},    // due, first
		{tracker.StatusCustoms, time.Hour},         // not yet
		{tracker.StatusDelivered, -5 * time.Hour},  // final: never, whatever the schedule says
		{tracker.StatusOutForDelivery, 0},          // due exactly now, fourth
		{tracker.StatusReturned, -5 * time.Hour},   // final
		{tracker.StatusDeliveryFailed, -time.Hour}, // due, tie with T0: id decides, third
	} {
		orders = append(orders, tracker.OrderDetail{
			Order: tracker.Order{OrderNo: fmt.Sprintf("O%d", i)},
			Shipments: []tracker.ShipmentDetail{{Shipment: tracker.Shipment{
				TrackingNo: fmt.Sprintf("T%d", i), Status: tc.status, NextCheckAt: t0.Add(tc.next),
			}}},
		})
	}
	if err := db.AddOrders(ctx, t0.Add(-day), orders); err != nil {
		t.Fatal(err)
	}
	// AddOrders never schedules a final parcel; pretend an old schedule did.
	if _, err := db.write.Exec(`UPDATE shipments SET next_check_at = ? WHERE status IN ('delivered', 'returned')`, t0.Add(-5*time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	rows, err := db.read.Query(`SELECT tracking_no, id FROM shipments`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var no string
		var id int64
		if err := rows.Scan(&no, &id); err != nil {
			t.Fatal(err)
		}
		ids[no] = id
	}
	return ids
}

func claim(t testing.TB, db *DB, now time.Time, owner string, limit int) []tracker.Shipment {
	t.Helper()
	got, err := db.ClaimDue(context.Background(), now, owner, lease, limit)
	if err != nil {
		t.Fatalf("ClaimDue(%s, %s): %v", now.Format(time.TimeOnly), owner, err)
	}
	return got
}

func numbers(ss []tracker.Shipment) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.TrackingNo)
	}
	return out
}

// leaseOf reads a shipment's claim: owner "" and the zero time when none.
func leaseOf(t *testing.T, db *DB, id int64) (string, time.Time) {
	t.Helper()
	var owner sql.NullString
	var until time.Time
	if err := db.read.QueryRow(`SELECT lease_owner, lease_until FROM shipments WHERE id = ?`, id).Scan(&owner, ts(&until)); err != nil {
		t.Fatal(err)
	}
	return owner.String, until
}

func TestClaimDueSelectsOrdersAndLimits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		now   time.Time
		limit int
		want  []string
		next  []string // what a second owner claims right after
	}{
		{"all due", t0, 10, []string{"T1", "T0", "T6", "T4"}, nil},
		{"no limit", t0, 0, []string{"T1", "T0", "T6", "T4"}, nil},
		{"limit", t0, 2, []string{"T1", "T0"}, []string{"T6", "T4"}},
		{"limit one", t0, 1, []string{"T1"}, []string{"T0"}},
		{"before T4 is due", t0.Add(-time.Second), 10, []string{"T1", "T0", "T6"}, nil},
		{"later, T2 too", t0.Add(time.Hour), 10, []string{"T1", "T0", "T6", "T4", "T2"}, nil},
		{"nothing due yet", t0.Add(-4 * time.Hour), 10, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			ids := seedDue(t, db)
			got := claim(t, db, tc.now, "a", tc.limit)
			if !slices.Equal(numbers(got), tc.want) {
				t.Fatalf("ClaimDue = %v, want %v", numbers(got), tc.want)
			}
			for _, sh := range got {
				if sh.ID != ids[sh.TrackingNo] || sh.NextCheckAt.After(tc.now) || sh.Status.Final() {
					t.Errorf("claimed %+v", sh)
				}
				if owner, until := leaseOf(t, db, sh.ID); owner != "a" || !until.Equal(tc.now.Add(lease)) {
					t.Errorf("%s claimed by %q until %v, want a until %v", sh.TrackingNo, owner, until, tc.now.Add(lease))
				}
			}
			for no, id := range ids {
				if !slices.Contains(tc.want, no) {
					if owner, until := leaseOf(t, db, id); owner != "" || !until.IsZero() {
						t.Errorf("%s not claimed but holds %q until %v", no, owner, until)
					}
				}
			}
			limit := tc.limit
			if limit <= 0 {
				limit = 10
			}
			if next := claim(t, db, tc.now, "b", limit); !slices.Equal(numbers(next), tc.next) {
				t.Errorf("second owner claims %v, want %v", numbers(next), tc.next)
			}
		})
	}
}

func TestClaimDueRefusesBadArguments(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for _, tc := range []struct {
		owner string
		lease time.Duration
		want  string
	}{
		{"", lease, "empty owner"},
		{"a", 0, "lease 0s is shorter than a second"},
		{"a", 500 * time.Millisecond, "shorter than a second"},
	} {
		if _, err := db.ClaimDue(ctx, t0, tc.owner, tc.lease, 10); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ClaimDue(%q, %v) = %v, want %q", tc.owner, tc.lease, err, tc.want)
		}
	}
	if err := db.DeferClaims(ctx, "a", []int64{1}, time.Time{}); err == nil {
		t.Error("DeferClaims to the zero time succeeded")
	}
}

// A claim keeps others off until it ends, then anyone may take it: a
// crashed process needs no cleanup.
func TestClaimExpiresAfterLease(t *testing.T) {
	for _, tc := range []struct {
		name  string
		later time.Duration // after the first claim at t0
		want  []string
	}{
		{"right away", 0, nil},
		{"half way", lease / 2, nil},
		{"a second before it ends", lease - time.Second, nil},
		{"when it ends", lease, []string{"T1", "T0", "T6", "T4"}},
		{"long after", day, []string{"T1", "T0", "T6", "T4", "T2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			seedDue(t, db)
			if got := claim(t, db, t0, "a", 10); len(got) != 4 {
				t.Fatalf("first claim took %v", numbers(got))
			}
			if got := claim(t, db, t0.Add(tc.later), "b", 10); !slices.Equal(numbers(got), tc.want) {
				t.Errorf("claim %v later = %v, want %v", tc.later, numbers(got), tc.want)
			}
		})
	}
}

// The same owner cannot re-claim its own live claims either: a second claim
// in one pass must move on to the next shipments.
func TestClaimDueSkipsOwnLiveClaims(t *testing.T) {
	db := openTest(t)
	seedDue(t, db)
	first := claim(t, db, t0, "a", 2)
	second := claim(t, db, t0, "a", 2)
	if !slices.Equal(numbers(first), []string{"T1", "T0"}) || !slices.Equal(numbers(second), []string{"T6", "T4"}) {
		t.Errorf("claims = %v then %v, want [T1 T0] then [T6 T4]", numbers(first), numbers(second))
	}
}

// Two handles on one file stand for two waybill processes: each has its own
// writer connection, and only BEGIN IMMEDIATE keeps their claims apart.
func TestClaimDueConcurrentHandlesNeverShare(t *testing.T) {
	const ships, rounds, limit = 120, 15, 4
	ctx := context.Background()
	a := openTest(t)
	if err := a.AddOrders(ctx, t0, demoOrders(ships, 0)); err != nil {
		t.Fatal(err)
	}
	// Every shipment that can move is due, in many ties.
	if _, err := a.write.Exec(`UPDATE shipments SET next_check_at = ? - (id % 5) WHERE next_check_at IS NOT NULL`, t0.Unix()); err != nil {
		t.Fatal(err)
	}
	due, err := a.DueShipments(ctx, t0, 0)
	if err != nil || len(due) < ships/2 {
		t.Fatalf("%d due, %v", len(due), err)
	}
	b, err := Open(ctx, a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	type worker struct {
		db    *DB
		owner string
	}
	workers := []worker{{a, "a1"}, {a, "a2"}, {b, "b1"}, {b, "b2"}, {b, "b3"}}
	for round := range rounds {
		got := make([][]tracker.Shipment, len(workers))
		errs := make([]error, len(workers))
		var wg sync.WaitGroup
		for i, w := range workers {
			wg.Go(func() {
				for n := 0; ; n++ {
					if n > ships {
						errs[i] = errors.New("claims never run out")
						return
					}
					ss, err := w.db.ClaimDue(ctx, t0, w.owner, lease, limit)
					if err != nil {
						errs[i] = err
						return
					}
					if len(ss) == 0 {
						return
					}
					if len(ss) > limit {
						errs[i] = fmt.Errorf("claimed %d, limit %d", len(ss), limit)
						return
					}
					got[i] = append(got[i], ss...)
				}
			})
		}
		wg.Wait()
		by := map[int64]string{}
		for i, w := range workers {
			if errs[i] != nil {
				t.Fatalf("round %d, %s: %v", round, w.owner, errs[i])
			}
			for _, sh := range got[i] {
				if other, dup := by[sh.ID]; dup {
					t.Errorf("round %d: shipment %d claimed by %s and %s", round, sh.ID, other, w.owner)
				}
				by[sh.ID] = w.owner
				if owner, _ := leaseOf(t, a, sh.ID); owner != w.owner {
					t.Errorf("round %d: shipment %d returned to %s but held by %q", round, sh.ID, w.owner, owner)
				}
			}
		}
		if len(by) != len(due) {
			t.Fatalf("round %d: %d claimed, want all %d due", round, len(by), len(due))
		}
		// Hand everything back, half through each handle, for the next round.
		for _, w := range workers {
			if err := w.db.ReleaseClaims(ctx, w.owner); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestApplyUpdatesReleasesClaim(t *testing.T) {
	db := openTest(t)
	ids := seedDue(t, db)
	claimed := claim(t, db, t0, "a", 2) // T1, T0
	// Whoever holds the claim, or none: a check of T4 that nobody claimed
	// applies as before.
	apply(t, db, t0, tracker.Update{ShipmentID: ids["T1"]}, tracker.Update{ShipmentID: ids["T4"]})
	if owner, until := leaseOf(t, db, ids["T1"]); owner != "" || !until.IsZero() {
		t.Errorf("T1 still held by %q until %v after its update", owner, until)
	}
	if owner, _ := leaseOf(t, db, ids["T0"]); owner != "a" {
		t.Errorf("T0 held by %q, want still a: it was not updated", owner)
	}
	// The updated ones are rescheduled, so nobody claims them again now;
	// T0 is still a's.
	if got := claim(t, db, t0, "b", 10); !slices.Equal(numbers(got), []string{"T6"}) {
		t.Errorf("after the update b claims %v, want [T6] (claimed %v)", numbers(got), numbers(claimed))
	}
	// Once due again, T1 is anyone's.
	sh, err := db.Shipment(context.Background(), ids["T1"])
	if err != nil {
		t.Fatal(err)
	}
	if got := claim(t, db, sh.NextCheckAt, "c", 10); !slices.Contains(numbers(got), "T1") {
		t.Errorf("at its next check c claims %v, want T1 among them", numbers(got))
	}
}

func TestDeferClaims(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := seedDue(t, db)
	claim(t, db, t0, "a", 3)                                 // T1, T0, T6
	claim(t, db, t0, "b", 1)                                 // T4
	later := t0.Add(time.Hour)                               // well past the lease
	deferred := []int64{ids["T1"], ids["T0"], ids["T4"], 99} // T4 is b's, 99 does not exist
	if err := db.DeferClaims(ctx, "a", deferred, later); err != nil {
		t.Fatal(err)
	}
	if err := db.DeferClaims(ctx, "a", nil, later); err != nil {
		t.Fatalf("DeferClaims of nothing: %v", err)
	}
	for _, tc := range []struct {
		no    string
		owner string
		until time.Time
	}{
		{"T1", "a", later},
		{"T0", "a", later},
		{"T6", "a", t0.Add(lease)}, // a's, not deferred
		{"T4", "b", t0.Add(lease)}, // b's: a cannot defer it
	} {
		if owner, until := leaseOf(t, db, ids[tc.no]); owner != tc.owner || !until.Equal(tc.until) {
			t.Errorf("%s held by %q until %v, want %q until %v", tc.no, owner, until, tc.owner, tc.until)
		}
	}
	// Once the leases end, the deferred ones stay off while the rest of the
	// queue, behind them in due order, is claimed.
	if got := claim(t, db, t0.Add(lease), "c", 10); !slices.Equal(numbers(got), []string{"T6", "T4"}) {
		t.Errorf("after the lease c claims %v, want [T6 T4]", numbers(got))
	}
	if got := claim(t, db, t0.Add(lease+time.Minute), "d", 10); len(got) != 0 {
		t.Errorf("before the deferral ends d claims %v", numbers(got))
	}
	// When it ends they are first in line again (c's claims have ended too).
	if got := claim(t, db, later, "c", 10); !slices.Equal(numbers(got), []string{"T1", "T0", "T6", "T4", "T2"}) {
		t.Errorf("when the deferral ends c claims %v, want [T1 T0 T6 T4 T2]", numbers(got))
	}
	// a lost them: deferring again does not take them back.
	if err := db.DeferClaims(ctx, "a", []int64{ids["T1"]}, later.Add(day)); err != nil {
		t.Fatal(err)
	}
	if owner, until := leaseOf(t, db, ids["T1"]); owner != "c" || !until.Equal(later.Add(lease)) {
		t.Errorf("T1 held by %q until %v, want c's claim untouched", owner, until)
	}
}

func TestReleaseClaims(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := seedDue(t, db)
	claim(t, db, t0, "a", 2) // T1, T0
	claim(t, db, t0, "b", 1) // T6
	if err := db.DeferClaims(ctx, "a", []int64{ids["T1"]}, t0.Add(day)); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseClaims(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseClaims(ctx, "nobody"); err != nil {
		t.Fatal(err)
	}
	for no, want := range map[string]string{"T1": "", "T0": "", "T6": "b"} {
		if owner, _ := leaseOf(t, db, ids[no]); owner != want {
			t.Errorf("%s held by %q, want %q", no, owner, want)
		}
	}
	// Deferred or not, a's shipments are free again at once; b's are not.
	if got := claim(t, db, t0, "c", 10); !slices.Equal(numbers(got), []string{"T1", "T0", "T4"}) {
		t.Errorf("after a released c claims %v, want [T1 T0 T4]", numbers(got))
	}
}

func TestPushedAt(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	if sh.PushedAt != (time.Time{}) {
		t.Fatalf("new shipment pushed at %v", sh.PushedAt)
	}
	pushed := t0.Add(90 * time.Minute)
	for _, tc := range []struct {
		name   string
		now    time.Time
		pushed bool
		want   time.Time
	}{
		{"polled", t0, false, time.Time{}},
		{"pushed", pushed, true, pushed},
		{"polled after a push keeps it", pushed.Add(time.Hour), false, pushed},
		{"pushed again", pushed.Add(2 * time.Hour), true, pushed.Add(2 * time.Hour)},
	} {
		apply(t, db, tc.now, tracker.Update{ShipmentID: sh.ID, Pushed: tc.pushed,
			Events: []tracker.Event{event(t0.Add(-day), tracker.StatusInTransit, "departed")}})
		got, err := db.Shipment(ctx, sh.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.PushedAt.Equal(tc.want) || got.PushedAt.Location() != time.UTC {
			t.Errorf("%s: PushedAt = %v, want %v", tc.name, got.PushedAt, tc.want)
		}
	}

	// Every read of a shipment fills it.
	want := pushed.Add(2 * time.Hour)
	reads := map[string]func() (tracker.Shipment, error){
		"FindOrder": func() (tracker.Shipment, error) {
			d, err := db.FindOrder(ctx, "ORD-1", false)
			if err != nil {
				return tracker.Shipment{}, err
			}
			return d.Shipments[0].Shipment, nil
		},
		"ShipmentsByTracking": func() (tracker.Shipment, error) {
			m, err := db.ShipmentsByTracking(ctx, []string{"LX000000001CN"})
			return m["LX000000001CN"][0], err
		},
		"DueShipments": func() (tracker.Shipment, error) {
			ss, err := db.DueShipments(ctx, t0.Add(30*day), 1)
			return ss[0], err
		},
		"ClaimDue": func() (tracker.Shipment, error) {
			ss, err := db.ClaimDue(ctx, t0.Add(30*day), "a", lease, 1)
			return ss[0], err
		},
	}
	for name, read := range reads {
		got, err := read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !got.PushedAt.Equal(want) {
			t.Errorf("%s: PushedAt = %v, want %v", name, got.PushedAt, want)
		}
	}
}

// A store an older waybill created (schema 1) gains the claim columns on
// open and keeps its rows.
func TestMigration0002FromVersion1(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	ctx := context.Background()
	path, w := storeAt(t, 1)
	if v, err := schemaVersion(ctx, w); err != nil || v != 1 {
		t.Fatalf("user_version = %d, %v; want 1", v, err)
	}
	execAll(t, w,
		`INSERT INTO orders (id, order_no, order_key, buyer) VALUES (1, 'ORD-1', 'ORD1', 'Ana')`,
		`INSERT INTO shipments (id, order_id, tracking_no, status, shipped_at, next_check_at, checked_at)
			VALUES (7, 1, 'LX000000001CN', 'in_transit', `+fmt.Sprint(t0.Add(-day).Unix())+`, `+fmt.Sprint(t0.Add(-time.Hour).Unix())+`, 1)`,
		`INSERT INTO events (shipment_id, time, status, key) VALUES (7, `+fmt.Sprint(t0.Add(-2*time.Hour).Unix())+`, 'in_transit', x'00')`,
	)
	var cols int
	if err := w.QueryRow(`SELECT count(*) FROM pragma_table_info('shipments') WHERE name IN ('lease_owner', 'lease_until', 'pushed_at')`).Scan(&cols); err != nil || cols != 0 {
		t.Fatalf("a version 1 store has %d of the new columns, %v", cols, err)
	}
	w.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, _ := migrations()
	if v, err := schemaVersion(ctx, db.read); err != nil || v != ms[len(ms)-1].version {
		t.Fatalf("user_version after open = %d, %v; want the latest, %d", v, err, ms[len(ms)-1].version)
	}
	if n := count(t, db, `SELECT count(*) FROM pragma_table_info('shipments') WHERE name IN ('lease_owner', 'lease_until', 'pushed_at')`); n != 3 {
		t.Errorf("%d of the 3 new columns", n)
	}
	if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('shipments_due', 'shipments_lease')`); n != 2 {
		t.Errorf("%d of indexes shipments_due and shipments_lease", n)
	}
	for table, want := range map[string]int{"orders": 1, "shipments": 1, "events": 1} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != want {
			t.Errorf("%d rows in %s after migrating, want %d", n, table, want)
		}
	}
	sh, err := db.Shipment(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if sh.TrackingNo != "LX000000001CN" || sh.Status != tracker.StatusInTransit || !sh.NextCheckAt.Equal(t0.Add(-time.Hour)) || !sh.PushedAt.IsZero() {
		t.Errorf("shipment after migrating = %+v", sh)
	}
	if owner, until := leaseOf(t, db, 7); owner != "" || !until.IsZero() {
		t.Errorf("migrated shipment held by %q until %v", owner, until)
	}
	if got := claim(t, db, t0, "a", 10); len(got) != 1 || got[0].ID != 7 {
		t.Errorf("claim after migrating = %v", numbers(got))
	}
}

// Claiming, deferring and releasing read through indexes, never a scan of
// every shipment; claiming walks shipments_due in due order like
// DueShipments, so it stops at the limit without sorting.
func TestClaimQueryPlans(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	ctx := context.Background()
	if err := db.AddOrders(ctx, t0, demoOrders(300, 1)); err != nil {
		t.Fatal(err)
	}
	claim(t, db, t0, "a", 50)
	if _, err := db.write.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query string
		args        []any
		index       string // the plan must name it
	}{
		{"claim", claimSQL, []any{sql.Named("owner", "b"), sql.Named("until", t0.Unix()+600), sql.Named("now", t0.Unix()), sql.Named("limit", 10)}, "shipments_due"},
		{"due", dueSQL, []any{t0.Unix(), 10}, "shipments_due"},
		{"defer", deferSQL, []any{t0.Unix(), 1, "a"}, "INTEGER PRIMARY KEY"},
		{"release", releaseSQL, []any{"a"}, "shipments_lease"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The writer: EXPLAIN of an UPDATE is no business of a query_only pool.
			steps := explainOn(t, db.write, tc.query, tc.args...)
			plan := strings.Join(steps, "\n")
			for _, s := range steps {
				if strings.Contains(s, "TEMP B-TREE") || (strings.HasPrefix(s, "SCAN") && !strings.Contains(s, "INDEX")) {
					t.Errorf("plan step %q in:\n%s", s, plan)
				}
			}
			if !strings.Contains(plan, tc.index) {
				t.Errorf("plan does not use %s:\n%s", tc.index, plan)
			}
		})
	}
}

func TestCountDue(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for i := range 5 {
		addShipment(t, db, fmt.Sprint("O", i), fmt.Sprint("T000000", i), t0)
	}
	if n, err := db.CountDue(ctx, t0); err != nil || n != 5 {
		t.Fatalf("CountDue = %d, %v; want 5", n, err)
	}
	if _, err := db.ClaimDue(ctx, t0, "a", time.Minute, 2); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountDue(ctx, t0); n != 3 {
		t.Fatalf("CountDue after claiming 2 = %d, want 3", n)
	}
}
