package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// seedList adds n single-shipment orders whose shipped times repeat (so the
// id must break ties) and include some never shipped (sorted last).
func seedList(t *testing.T, db *DB, n int) []tracker.ShipmentRow {
	t.Helper()
	orders := demoOrders(n, 0)
	for i := range orders {
		if i%31 == 3 {
			orders[i].Shipments[0].ShippedAt = time.Time{}
		}
	}
	if err := db.AddOrders(context.Background(), t0, orders); err != nil {
		t.Fatal(err)
	}
	all, err := db.ListShipments(context.Background(), tracker.ListQuery{Limit: n + 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != n {
		t.Fatalf("one page of everything has %d rows, want %d", len(all), n)
	}
	return all
}

func TestListShipmentsKeysetPaging(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	const n = 250
	all := seedList(t, db, n)

	// The reference order, computed here rather than trusted from SQL.
	want := slices.Clone(all)
	sort.Slice(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if !a.ShippedAt.Equal(b.ShippedAt) {
			return a.ShippedAt.After(b.ShippedAt)
		}
		return a.ShipmentID > b.ShipmentID
	})
	if !slices.EqualFunc(all, want, func(a, b tracker.ShipmentRow) bool { return a.ShipmentID == b.ShipmentID }) {
		t.Fatal("the list is not sorted by shipped_at DESC, id DESC")
	}
	if !all[n-1].ShippedAt.IsZero() {
		t.Error("never-shipped parcels should sort last")
	}

	for _, status := range []tracker.Status{"", tracker.StatusInTransit, tracker.StatusDelivered, tracker.StatusExpired} {
		var ids []int64
		for _, r := range want {
			if status == "" || r.Status == status {
				ids = append(ids, r.ShipmentID)
			}
		}
		for _, limit := range []int{1, 17, 50, n} {
			t.Run(fmt.Sprintf("status=%q/limit=%d", status, limit), func(t *testing.T) {
				// Forward from the top, page after page.
				var fwd []int64
				var cur *tracker.Cursor
				for pages := 0; ; pages++ {
					page, err := db.ListShipments(ctx, tracker.ListQuery{Status: status, Cursor: cur, Limit: limit})
					if err != nil {
						t.Fatal(err)
					}
					if len(page) == 0 || pages > n {
						break
					}
					for _, r := range page {
						fwd = append(fwd, r.ShipmentID)
					}
					c := tracker.CursorOf(page[len(page)-1])
					cur = &c
				}
				if !slices.Equal(fwd, ids) {
					t.Errorf("forward visited %d rows %v…, want %d rows %v…", len(fwd), head(fwd), len(ids), head(ids))
				}

				// Backward from the last page to the top.
				var back []int64
				cur = nil
				for pages := 0; ; pages++ {
					page, err := db.ListShipments(ctx, tracker.ListQuery{Status: status, Cursor: cur, Dir: tracker.Backward, Limit: limit})
					if err != nil {
						t.Fatal(err)
					}
					if len(page) == 0 || pages > n {
						break
					}
					var p []int64
					for _, r := range page {
						p = append(p, r.ShipmentID)
					}
					back = append(p, back...)
					c := tracker.CursorOf(page[0])
					cur = &c
				}
				if !slices.Equal(back, ids) {
					t.Errorf("backward visited %d rows %v…, want %d rows %v…", len(back), head(back), len(ids), head(ids))
				}
			})
		}
	}

	// Backward from the middle returns the rows just before, in display order.
	mid := tracker.CursorOf(want[100])
	page, err := db.ListShipments(ctx, tracker.ListQuery{Cursor: &mid, Dir: tracker.Backward, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := []int64{page[0].ShipmentID, page[1].ShipmentID, page[2].ShipmentID}; !slices.Equal(got,
		[]int64{want[97].ShipmentID, want[98].ShipmentID, want[99].ShipmentID}) {
		t.Errorf("backward from row 100 = %v", got)
	}
}

func head(ids []int64) []int64 { return ids[:min(len(ids), 8)] }

func TestListShipmentsRowContents(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.AddOrders(ctx, t0, demoOrders(10, 2)); err != nil {
		t.Fatal(err)
	}
	rows, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	r := rows[6] // order 0: the lowest id of the seven shipped at t0, with stale and lost open
	if r.OrderNo != "ORD-000000" || r.Buyer != "Buyer" || r.TrackingNo != "LX000000000CN" || r.Carrier != "china-post" ||
		r.Destination != "DE" || r.Status != tracker.StatusPending || !r.ShippedAt.Equal(t0) {
		t.Errorf("row = %+v", r)
	}
	if !slices.Equal(r.Exceptions, []tracker.ExceptionKind{tracker.ExLost, tracker.ExStale}) {
		t.Errorf("exceptions = %v, want lost (critical) before stale", r.Exceptions)
	}
}

// The list, due polling and the queue must read through an index in order:
// no full scan of a table and no sort of it in a temporary b-tree, or they
// grow with the store instead of with the page.
func TestQueryPlansUseIndexes(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	if err := db.AddOrders(context.Background(), t0, demoOrders(300, 1)); err != nil {
		t.Fatal(err)
	}
	// History: closed exceptions outnumber open ones in any store that has
	// been used for a while, and the statistics should say so.
	for _, kind := range []tracker.ExceptionKind{tracker.ExCustoms, tracker.ExStale, tracker.ExOverdue} {
		if _, err := db.write.Exec(`INSERT INTO exceptions (shipment_id, kind, severity, state, source, opened_at, closed_at)
			SELECT id, ?, 2, 'resolved', 'rule', ?, ? FROM shipments`, string(kind), t0.Add(-day).Unix(), t0.Unix()); err != nil {
			t.Fatal(err)
		}
	}
	// Cases: a closed one on every shipment, an open one on every third,
	// with a follow-up on half of those.
	if _, err := db.write.Exec(`INSERT INTO cases (order_id, shipment_id, kind, step, state, opened_at, opened_by, updated_at, closed_at)
		SELECT order_id, id, 'stale', 'closed', 'closed', ?, 'ana', ?, ? FROM shipments`, t0.Add(-day).Unix(), t0.UnixNano(), t0.Unix()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`INSERT INTO cases (order_id, shipment_id, kind, step, state, opened_at, opened_by, updated_at, follow_up_at)
		SELECT order_id, id, 'lost', 'follow_up', 'open', ?, 'ana', ?, CASE WHEN id % 2 = 0 THEN ? END FROM shipments WHERE id % 3 = 0`,
		t0.Add(-day).Unix(), t0.UnixNano(), t0.Add(-time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`ANALYZE`); err != nil { // plans as they will be once SQLite has statistics
		t.Fatal(err)
	}
	c := &tracker.Cursor{ShippedAt: t0, ShipmentID: 5}
	type plan struct {
		name, query string
		args        []any
	}
	var plans []plan
	for _, q := range []tracker.ListQuery{
		{}, {Cursor: c}, {Dir: tracker.Backward}, {Cursor: c, Dir: tracker.Backward},
		{Status: tracker.StatusCustoms}, {Status: tracker.StatusCustoms, Cursor: c},
		{Status: tracker.StatusCustoms, Cursor: c, Dir: tracker.Backward},
	} {
		query, args := listQuery(q, listMatch{})
		plans = append(plans, plan{fmt.Sprintf("list %+v", q), query, args})
		// A filter that matches many rows walks the same index.
		q.Query = "de"
		query, args = listQuery(q, listMatch{where: "s.id IN (SELECT rowid FROM shipments_fts WHERE shipments_fts MATCH ?)", args: []any{`"de"*`}})
		plans = append(plans, plan{fmt.Sprintf("list %+v", q), query, args})
	}
	plans = append(plans,
		plan{"due", dueSQL, []any{t0.Unix(), 10}},
		plan{"timeline", `SELECT ` + eventCols + ` FROM events e WHERE e.shipment_id = ? ORDER BY e.shipment_id, e.time DESC, e.id DESC LIMIT 10`, []any{1}},
		plan{"rule events", ruleViewSQL, []any{"[1,2]", t0.Unix()}},
		plan{"apply: load", loadSQL, []any{"[1,2]"}},
		plan{"apply: event keys", keysSQL, []any{"[1,2]"}},
		plan{"apply: open exceptions", openAllSQL, []any{"[1,2]"}},
		plan{"alerts", alertsSQL, []any{50}},
		plan{"unread alerts", outboxCountSQL, []any{"unread"}},
		plan{"ended snoozes", endedSnoozesSQL, []any{t0.Unix()}},
		plan{"watched", `SELECT EXISTS (SELECT 1 FROM watches WHERE order_id = ?)`, []any{1}},
		plan{"open case of a kind", openCaseSQL, []any{3, "lost"}},
		plan{"case log", `SELECT id, case_id, at, actor, action, detail FROM case_log WHERE case_id = ? ORDER BY id`, []any{1}},
	)
	casesOfOrder, args := casesQuery(tracker.CaseQuery{OrderID: 3, Limit: 10})
	plans = append(plans, plan{"cases of an order", casesOfOrder, args})
	// The cases view's lists, each rank from its start and from a cursor,
	// both ways.
	for _, f := range tracker.CaseFilters {
		for _, dir := range []tracker.Direction{tracker.Forward, tracker.Backward} {
			q := f.Query("ana", t0)
			q.Dir = dir
			for _, g := range caseSegments(q) {
				for _, cur := range []*tracker.CaseCursor{nil, {Rank: g.rank, Key: t0.Unix(), ID: 5}} {
					query, args := segmentQuery(q, g, cur, 10)
					plans = append(plans, plan{fmt.Sprintf("cases %s rank %d dir %d cursor %v", f, g.rank, dir, cur != nil), query, args})
				}
			}
		}
	}
	for _, q := range queueQueries() {
		_, _, rest := openExceptionsQuery(q.q)
		plans = append(plans, plan{"queue " + q.name, rest.query, rest.args})
	}
	// A parcel's events are sorted by time as they are read (migration
	// 0010 dropped the index that kept them in that order): a sort that
	// grows with one parcel's events, found by its id, not with the store.
	oneParcelSorts := map[string]bool{"timeline": true, "rule events": true}
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			steps := explain(t, db, p.query, p.args...)
			for i, s := range steps {
				if oneParcelSorts[p.name] && strings.Contains(s, "TEMP B-TREE") && i > 0 &&
					strings.HasSuffix(steps[i-1], "USING INDEX sqlite_autoindex_events_1 (shipment_id=?)") {
					continue
				}
				// Closed cases, newest first, walk the table by id from
				// its end and stop at the page: the rows passed over are
				// the open cases among the newest, which the team's
				// workload bounds, not the store's size.
				if strings.HasPrefix(p.name, "cases ") && strings.Contains(p.name, fmt.Sprintf("rank %d", tracker.NeedClosed)) &&
					(s == "SCAN c" || strings.HasPrefix(s, "SEARCH c USING INTEGER PRIMARY KEY")) {
					continue
				}
				if strings.Contains(s, "TEMP B-TREE") || (strings.HasPrefix(s, "SCAN") && !strings.Contains(s, "INDEX") && s != "SCAN CONSTANT ROW") {
					t.Errorf("plan step %q in:\n%s", s, strings.Join(steps, "\n"))
				}
			}
			// The case step of each row comes from the open cases' index.
			if (strings.HasPrefix(p.name, "list") || strings.HasPrefix(p.name, "queue")) && !slices.ContainsFunc(steps, func(s string) bool {
				return strings.Contains(s, "USING COVERING INDEX cases_open")
			}) {
				t.Errorf("the open case is not read from index cases_open:\n%s", strings.Join(steps, "\n"))
			}
		})
	}
	// The follow-ups due at the top of the queue start from index
	// cases_follow_up and sort only the rows it finds, never the queue.
	for _, q := range queueQueries() {
		_, due, _ := openExceptionsQuery(q.q)
		if due.query == "" {
			continue
		}
		t.Run("queue due "+q.name, func(t *testing.T) {
			steps := explain(t, db, due.query, due.args...)
			if len(steps) == 0 || !strings.HasPrefix(steps[0], "SEARCH c USING INDEX cases_follow_up") {
				t.Errorf("due follow-ups do not start from index cases_follow_up:\n%s", strings.Join(steps, "\n"))
			}
			for _, s := range steps {
				if (strings.Contains(s, "TEMP B-TREE") && s != "USE TEMP B-TREE FOR ORDER BY") ||
					(strings.HasPrefix(s, "SCAN") && !strings.Contains(s, "INDEX")) {
					t.Errorf("plan step %q in:\n%s", s, strings.Join(steps, "\n"))
				}
			}
		})
	}
	// The exceptions with a deadline due soon start from the deadlines
	// due before the horizon (index deadlines_open_due) and sort only the
	// rows found there, never the queue.
	for _, q := range queueQueries() {
		urgent, _, _ := openExceptionsQuery(q.q)
		if urgent.query == "" {
			continue
		}
		t.Run("queue urgent "+q.name, func(t *testing.T) {
			steps := explain(t, db, urgent.query, urgent.args...)
			if len(steps) == 0 || !strings.HasPrefix(steps[0], "SEARCH d USING INDEX deadlines_open_due") {
				t.Errorf("urgent deadlines do not start from index deadlines_open_due:\n%s", strings.Join(steps, "\n"))
			}
			for _, s := range steps {
				if (strings.Contains(s, "TEMP B-TREE") && !strings.HasPrefix(s, "USE TEMP B-TREE FOR")) ||
					(strings.HasPrefix(s, "SCAN") && !strings.Contains(s, "INDEX")) {
					t.Errorf("plan step %q in:\n%s", s, strings.Join(steps, "\n"))
				}
			}
		})
	}
	// The counts group every open exception the filter leaves; that sort
	// is of the open ones only, read through a partial index, never of the
	// closed history.
	for _, q := range queueQueries() {
		query, args := exceptionCountsQuery(q.q)
		t.Run("counts "+q.name, func(t *testing.T) {
			steps := explain(t, db, query, args...)
			partial := false
			for _, s := range steps {
				if strings.HasPrefix(s, "SCAN x USING") && (strings.Contains(s, "exceptions_queue") || strings.Contains(s, "exceptions_open_kind")) {
					partial = true
				}
				if (strings.Contains(s, "TEMP B-TREE") && !strings.Contains(s, "GROUP BY")) ||
					(strings.HasPrefix(s, "SCAN") && !strings.Contains(s, "INDEX")) {
					t.Errorf("plan step %q in:\n%s", s, strings.Join(steps, "\n"))
				}
			}
			if !partial {
				t.Errorf("counts do not read a partial index of open exceptions:\n%s", strings.Join(steps, "\n"))
			}
		})
	}
}

// queueQueries are the shapes of queue filter a screen asks for.
func queueQueries() []struct {
	name string
	q    tracker.ExceptionQuery
} {
	return []struct {
		name string
		q    tracker.ExceptionQuery
	}{
		{"without a time", tracker.ExceptionQuery{Limit: 10}},
		{"all", tracker.ExceptionQuery{Now: t0, Limit: 10}},
		{"one kind", tracker.ExceptionQuery{Now: t0, Kinds: []tracker.ExceptionKind{tracker.ExLost}, Limit: 10}},
		{"two kinds of a carrier", tracker.ExceptionQuery{Now: t0, Kinds: []tracker.ExceptionKind{tracker.ExLost, tracker.ExStale},
			Carrier: "china-post", Limit: 10}},
		{"destination and owner", tracker.ExceptionQuery{Now: t0, Destination: "DE", Owner: "ana", Limit: 10}},
		{"nobody's", tracker.ExceptionQuery{Now: t0, Owner: tracker.OwnerNone, Limit: 10}},
		{"urgent deadlines", tracker.ExceptionQuery{Now: t0, Urgent: 48 * time.Hour, Limit: 10}},
		{"urgent deadlines of a carrier", tracker.ExceptionQuery{Now: t0, Urgent: 48 * time.Hour, Carrier: "china-post", Limit: 10}},
	}
}

// explain returns the steps of a query's plan as the read pool sees it.
func explain(t *testing.T, db *DB, query string, args ...any) []string {
	t.Helper()
	return explainOn(t, db.read, query, args...)
}

// explainOn returns the steps of a query's plan on one pool: the writer's
// for statements that write, which a query_only pool would refuse.
func explainOn(t *testing.T, pool *sql.DB, query string, args ...any) []string {
	t.Helper()
	sqliteOnly(t, "SQLite query plans")
	rows, err := pool.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return steps
}

func TestDueShipments(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	var orders []tracker.OrderDetail
	for i, tc := range []struct {
		status tracker.Status
		next   time.Duration // relative to t0
	}{
		{tracker.StatusInTransit, -time.Hour},      // due, second
		{tracker.StatusPending, -3 * time.Hour},    // due, first
		{tracker.StatusCustoms, time.Hour},         // not yet
		{tracker.StatusDelivered, -5 * time.Hour},  // final: never, whatever the schedule says
		{tracker.StatusOutForDelivery, 0},          // due exactly now, third
		{tracker.StatusReturned, -5 * time.Hour},   // final
		{tracker.StatusDeliveryFailed, -time.Hour}, // due, tie with the first in transit: id decides
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
	if _, err := db.write.Exec(`UPDATE shipments SET next_check_at = ? WHERE status = 'delivered'`, t0.Add(-5*time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		limit int
		want  []string
	}{
		{10, []string{"T1", "T0", "T6", "T4"}},
		{0, []string{"T1", "T0", "T6", "T4"}},
		{2, []string{"T1", "T0"}},
	} {
		got, err := db.DueShipments(ctx, t0, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var nos []string
		for _, sh := range got {
			nos = append(nos, sh.TrackingNo)
		}
		if !slices.Equal(nos, tc.want) {
			t.Errorf("DueShipments(limit %d) = %v, want %v", tc.limit, nos, tc.want)
		}
	}
}

func TestAddOrderMergesAndNormalizes(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	promised := t0.Add(10 * day)
	d, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: " ORD-7 ", Buyer: "Ana", Email: "ana@example.com", PromisedAt: promised},
		[]tracker.Shipment{{TrackingNo: "lx 123-456 789 cn", Carrier: "china-post", ShippedAt: t0.Add(-day)}})
	if err != nil {
		t.Fatal(err)
	}
	sh := d.Shipments[0]
	if d.OrderNo != "ORD-7" || d.Status != tracker.OrderReceived || !d.CreatedAt.Equal(t0) || !d.PromisedAt.Equal(promised) {
		t.Errorf("order = %+v", d.Order)
	}
	if sh.TrackingNo != "LX123456789CN" || sh.Status != tracker.StatusPending || !sh.NextCheckAt.Equal(t0) || !sh.ShippedAt.Equal(t0.Add(-day)) {
		t.Errorf("new shipment = %+v, want a normalized number, pending, due now", sh.Shipment)
	}

	// Again, sparser, with one more parcel: nothing given is lost.
	later := t0.Add(time.Hour)
	d, err = db.AddOrder(ctx, later, tracker.Order{OrderNo: "ORD-7", Phone: "+49 1", Status: tracker.OrderShipped},
		[]tracker.Shipment{{TrackingNo: "LX123456789CN", Destination: "DE"}, {TrackingNo: "RR000000002DE"}})
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != sh.OrderID || d.Buyer != "Ana" || d.Email != "ana@example.com" || d.Phone != "+49 1" ||
		d.Status != tracker.OrderShipped || !d.PromisedAt.Equal(promised) || !d.CreatedAt.Equal(t0) {
		t.Errorf("merged order = %+v", d.Order)
	}
	if len(d.Shipments) != 2 {
		t.Fatalf("%d shipments, want 2", len(d.Shipments))
	}
	first, second := d.Shipments[0], d.Shipments[1]
	if first.ID != sh.ID || first.Carrier != "china-post" || first.Destination != "DE" || !first.ShippedAt.Equal(t0.Add(-day)) || !first.NextCheckAt.Equal(t0) {
		t.Errorf("merged shipment = %+v", first.Shipment)
	}
	if !second.NextCheckAt.Equal(later) || second.Status != tracker.StatusPending {
		t.Errorf("added shipment = %+v", second.Shipment)
	}

	for _, tc := range []struct {
		name  string
		o     tracker.Order
		ships []tracker.Shipment
	}{
		{"empty order number", tracker.Order{OrderNo: " - "}, nil},
		{"empty tracking number", tracker.Order{OrderNo: "ORD-8"}, []tracker.Shipment{{TrackingNo: "  "}}},
	} {
		if _, err := db.AddOrder(ctx, t0, tc.o, tc.ships); err == nil {
			t.Errorf("%s: AddOrder succeeded", tc.name)
		}
	}
	if _, err := db.FindOrder(ctx, "ORD-8", false); !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("a failed AddOrder left its order behind: %v", err)
	}
}

func TestAddOrdersBulk(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	// Two transactions, the second short: of 50 orders, not addBatch
	// (5,000), which took 55 s under -race.
	db.testAddBatch = 50
	orders := demoOrders(db.testAddBatch+10, 2)
	if err := db.AddOrders(ctx, t0, orders); err != nil {
		t.Fatal(err)
	}
	// Importing the same file again changes nothing.
	if err := db.AddOrders(ctx, t0, orders); err != nil {
		t.Fatal(err)
	}
	n := len(orders)
	for _, tc := range []struct {
		query string
		want  int
	}{
		{`SELECT count(*) FROM orders`, n},
		{`SELECT count(*) FROM shipments`, n},
		{`SELECT count(*) FROM events`, 2 * n},
		{`SELECT count(*) FROM exceptions WHERE closed_at IS NULL`, 2 * ((n + 4) / 5)},
	} {
		if got := count(t, db, tc.query); got != tc.want {
			t.Errorf("%s = %d, want %d", tc.query, got, tc.want)
		}
	}
	if empty, err := db.IsEmpty(ctx); err != nil || empty {
		t.Errorf("IsEmpty = %v, %v after adding orders", empty, err)
	}
	counts, err := db.StatusCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, st := range tracker.Statuses {
		total += counts[st]
		c, err := db.CountShipments(ctx, st)
		if err != nil || c != counts[st] {
			t.Errorf("CountShipments(%s) = %d, %v; StatusCounts says %d", st, c, err, counts[st])
		}
	}
	if all, _ := db.CountShipments(ctx, ""); total != n || all != n {
		t.Errorf("counts add up to %d, CountShipments(\"\") = %d, want %d", total, all, n)
	}
}

func TestFindOrder(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sh := addShipment(t, db, "AB-1001", "LX123456789CN", t0.Add(-3*day))
	addShipment(t, db, "AB-1002", "RR000000002DE", t0.Add(-2*day))
	apply(t, db, t0, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{
		event(t0.Add(-2*day), tracker.StatusInTransit, "departed"),
		event(t0.Add(-day), tracker.StatusCustoms, "customs"),
	}})
	for _, tc := range []struct {
		name, key string
		order     string
	}{
		{"order number", "AB-1001", "AB-1001"},
		{"order number typed loosely", "  ab 1001 ", "AB-1001"},
		{"tracking number", "LX123456789CN", "AB-1001"},
		{"tracking number with spaces, dashes, lower case", " lx 123-456-789 cn", "AB-1001"},
		{"other order's tracking number", "rr000000002de", "AB-1002"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := db.FindOrder(ctx, tc.key, true)
			if err != nil {
				t.Fatal(err)
			}
			if d.OrderNo != tc.order || len(d.Shipments) != 1 {
				t.Errorf("found %s with %d shipments, want %s with 1", d.OrderNo, len(d.Shipments), tc.order)
			}
		})
	}

	d, _ := db.FindOrder(ctx, "AB-1001", true)
	evs := d.Shipments[0].Events
	if len(evs) != 2 || evs[0].Status != tracker.StatusCustoms || evs[1].Status != tracker.StatusInTransit {
		t.Errorf("events = %+v, want customs then in transit (newest first)", evs)
	}
	if tl, err := db.Timeline(ctx, sh.ID, 1); err != nil || len(tl) != 1 || tl[0].Status != tracker.StatusCustoms {
		t.Errorf("Timeline(limit 1) = %+v, %v", tl, err)
	}
	if d, _ := db.FindOrder(ctx, "AB-1001", false); d.Shipments[0].Events != nil {
		t.Error("events returned without withEvents")
	}

	for _, key := range []string{"AB-9999", "", " - "} {
		_, err := db.FindOrder(ctx, key, false)
		if !errors.Is(err, tracker.ErrNotFound) || !strings.Contains(err.Error(), fmt.Sprintf("%q", key)) {
			t.Errorf("FindOrder(%q) = %v, want not found naming the key", key, err)
		}
	}
	if _, err := db.Shipment(ctx, 999); !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("Shipment(999) = %v, want not found", err)
	}
}

func TestListOrders(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if empty, _ := db.IsEmpty(ctx); !empty {
		t.Error("a new store is not empty")
	}
	if _, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: "A"}, []tracker.Shipment{
		{TrackingNo: "A1", Status: tracker.StatusDelivered}, {TrackingNo: "A2", Status: tracker.StatusInTransit}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: "B"}, []tracker.Shipment{{TrackingNo: "B1", Status: tracker.StatusInTransit}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: "C"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		status tracker.Status
		want   string
	}{
		{"", "A[A1 A2] B[B1] C[]"},
		{tracker.StatusInTransit, "A[A1 A2] B[B1]"},
		{tracker.StatusDelivered, "A[A1 A2]"},
		{tracker.StatusCustoms, ""},
	} {
		ds, err := db.ListOrders(ctx, tc.status)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, d := range ds {
			var nos []string
			for _, s := range d.Shipments {
				nos = append(nos, s.TrackingNo)
			}
			parts = append(parts, d.OrderNo+"["+strings.Join(nos, " ")+"]")
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("ListOrders(%q) = %s, want %s", tc.status, got, tc.want)
		}
	}
}

func TestShipmentsByTracking(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, o := range []struct{ order, tracking string }{{"A1", "RB123456785GB"}, {"A2", "RB123456785GB"}, {"A3", "LX000000005CN"}} {
		if _, err := db.AddOrder(ctx, now, tracker.Order{OrderNo: o.order}, []tracker.Shipment{{TrackingNo: o.tracking}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ShipmentsByTracking(ctx, []string{"rb 123456785 gb", "NOPE1234", "LX000000005CN"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got["RB123456785GB"]) != 2 || len(got["LX000000005CN"]) != 1 || len(got) != 2 {
		t.Fatalf("ShipmentsByTracking = %v", got)
	}
}

func TestPositionAgreesWithTheList(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	rows := seedList(t, db, 120)
	for i, r := range rows {
		got, err := db.Position(ctx, "", tracker.CursorOf(r))
		if err != nil {
			t.Fatal(err)
		}
		if got != i {
			t.Fatalf("row %d (shipment %d) has position %d", i, r.ShipmentID, got)
		}
	}
	plan := strings.Join(explain(t, db, `SELECT count(*) FROM shipments s WHERE (s.shipped_at, s.id) > (?, ?)`, 0, 0), "\n")
	if !strings.Contains(plan, "USING COVERING INDEX shipments_list") {
		t.Errorf("position does not count through the list index:\n%s", plan)
	}
}
