package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// On PostgreSQL the rest of the queue (openExceptionsQuery) walks
// exceptions_queue in order and looks each row's parcel, order and case up
// by key, stopping at LIMIT, as SQLite does: it read every parcel of the
// store (a Seq Scan of shipments into a hash) and sorted every open
// exception to keep 200, 60-120 ms of each first frame at 20k orders and
// growing with the store (issue 25 item 4).
func TestPGQueueWalksItsIndex(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL query plans (WAYBILL_TEST_ENGINE=postgres); SQLite's: TestReadsUseIndexes")
	}
	ctx := context.Background()
	db := openTest(t)
	fillPG20k(t, db)
	for _, q := range queueQueries() {
		q.q.Limit = 200
		_, _, rest := openExceptionsQuery(q.q)
		t.Run(q.name, func(t *testing.T) {
			var doc string
			if err := db.read.QueryRowContext(ctx, `EXPLAIN (FORMAT JSON) `+rest.query, rest.args...).Scan(&doc); err != nil {
				t.Fatal(err)
			}
			var plans []struct{ Plan pgPlanNode }
			if err := json.Unmarshal([]byte(doc), &plans); err != nil || len(plans) != 1 {
				t.Fatalf("plan %q: %v", doc, err)
			}
			var bad []string
			plans[0].Plan.walk(func(n pgPlanNode) {
				switch {
				case n.NodeType == "Seq Scan" && n.Relation != "deadlines": // a few rows a team keeps
					bad = append(bad, "Seq Scan on "+n.Relation)
				case n.NodeType == "Hash Join":
					bad = append(bad, n.NodeType)
				}
			})
			if len(bad) > 0 {
				t.Errorf("the queue reads the whole store (%s):\n%s", strings.Join(bad, ", "), doc)
			}
		})
	}
}

// fillPG20k fills db by SQL with 20,000 orders of a parcel each (newest
// last), an open exception on one parcel in ten and
// two closed ones, a case on one in twenty-five (open on one in fifty),
// and the statistics PostgreSQL plans from: the size where its plans went
// wrong.
func fillPG20k(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	const orders = 20000
	for _, q := range []string{
		// Buyers of 400 surnames: PostgreSQL's statistics of the words
		// then hold many frequent ones, none the start of a tracking number.
		fmt.Sprintf(`INSERT INTO orders (id, order_no, order_key, buyer) SELECT i, 'O' || i, 'O' || i, 'Ana Surname' || (i %% 400)
			FROM generate_series(1, %d) i`, orders),
		// Tracking numbers as carriers give them, each unique: two in five
		// begin LP (Cainiao's), one RR…CN, the rest digits.
		`INSERT INTO shipments (id, order_id, tracking_no, carrier, destination, status, shipped_at)
			SELECT id, id, CASE WHEN id % 5 < 2 THEN 'LP' || lpad(id::text, 11, '0') WHEN id % 5 = 2 THEN 'RR' || lpad(id::text, 9, '0') || 'CN'
				ELSE (id::bigint * 7919 + 100000000)::text END, 'china-post', 'DE', 'in_transit', 1700000000 + id FROM orders`,
		// One open exception in ten parcels, as the bench's demo store
		// has, and twice as many closed ones (the history the queue must
		// not read); a case open on one parcel in fifty, closed on others.
		`INSERT INTO exceptions (shipment_id, kind, severity, source, opened_at)
			SELECT id, 'stale', id % 3, 'rule', 1700000000 + id FROM shipments WHERE id % 10 = 0`,
		`INSERT INTO exceptions (shipment_id, kind, severity, source, opened_at, closed_at, state)
			SELECT id, k, 1, 'rule', 1600000000 + id, 1600000001 + id, 'resolved' FROM shipments, unnest(array['lost', 'customs']) k
			WHERE id % 10 = 0`,
		`INSERT INTO cases (order_id, shipment_id, kind, step, state, opened_at, opened_by, updated_at)
			SELECT order_id, id, 'stale', 'opened', CASE WHEN id % 50 = 0 THEN 'open' ELSE 'closed' END, 1700000000, 'ana', 1700000000
			FROM shipments WHERE id % 25 = 0`,
		`SELECT setval(pg_get_serial_sequence(t, 'id'), (SELECT max(id) FROM orders)) FROM unnest(array['orders', 'shipments']) t`,
		`ANALYZE`,
	} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// pgPlanNode is a step of PostgreSQL's EXPLAIN (FORMAT JSON); with
// ANALYZE, also the rows it gave and how many times it ran.
type pgPlanNode struct {
	NodeType string       `json:"Node Type"`
	Relation string       `json:"Relation Name"`
	Index    string       `json:"Index Name"`
	Rows     float64      `json:"Actual Rows"`
	Loops    float64      `json:"Actual Loops"`
	Plans    []pgPlanNode `json:"Plans"`
}

// walk calls f with n and each step under it.
func (n pgPlanNode) walk(f func(pgPlanNode)) {
	f(n)
	for _, c := range n.Plans {
		c.walk(f)
	}
}
