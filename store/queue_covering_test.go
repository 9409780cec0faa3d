package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// The queue's first page reads only the page, at any store size: its rows
// come from the entries of index exceptions_queue, which carries every
// column of an exception the queue shows (migration 0028), never from
// the exceptions table, where the worst open exceptions lie further apart
// among the closed ones the larger the store (issue 24: the first frame's
// page read 20 table pages at 10,000 orders, 68 at 1,000,000). Two sizes
// of store, each a tenth open.
func TestQueuePageReadsOnlyTheIndex(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	ctx := context.Background()
	for _, parcels := range []int{60, 3000} {
		t.Run(fmt.Sprint(parcels, " parcels"), func(t *testing.T) {
			db := openTest(t)
			for _, stmt := range []string{
				`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ` + fmt.Sprint(parcels) + `)
				INSERT INTO orders (id, order_no, order_key) SELECT i, 'ORD-' || i, 'ORD' || i FROM n`,
				`INSERT INTO shipments (id, order_id, tracking_no, status) SELECT id, id, 'LX' || id || 'CN', 'in_transit' FROM orders`,
				// Severity and the time opened spread as a refresh leaves
				// them; nine in ten closed, as the history is.
				`INSERT INTO exceptions (shipment_id, kind, severity, state, detail, owner, source, opened_at, closed_at)
				SELECT id, 'stale', id % 3 + 1, CASE WHEN id % 10 = 0 THEN 'open' ELSE 'resolved' END,
					'no scan for 9 days', '', 'rule', 1000 + id % 7, CASE WHEN id % 10 = 0 THEN NULL ELSE 2000 END
				FROM shipments`,
			} {
				if _, err := db.write.ExecContext(ctx, stmt); err != nil {
					t.Fatalf("fill the store of %d parcels: %v\n%s", parcels, err, stmt)
				}
			}
			// As the first frame asks (ui/exceptions.go), and the shapes a
			// screen's filters ask.
			first := tracker.ExceptionQuery{Now: t0, Urgent: 48 * time.Hour, Limit: 200}
			shapes := append(queueQueries(), struct {
				name string
				q    tracker.ExceptionQuery
			}{"first frame", first})
			for _, s := range shapes {
				_, _, rest := openExceptionsQuery(s.q)
				steps := explain(t, db, rest.query, rest.args...)
				if len(steps) == 0 || steps[0] != "SCAN x USING COVERING INDEX exceptions_queue" {
					t.Errorf("%s: the queue's page does not read index exceptions_queue alone:\n%s", s.name, strings.Join(steps, "\n"))
				}
			}
			rows, err := db.OpenExceptions(ctx, first)
			if err != nil {
				t.Fatal(err)
			}
			if want := min(200, parcels/10); len(rows) != want {
				t.Fatalf("first page: %d rows, want %d", len(rows), want)
			}
			for i, r := range rows {
				if r.State != tracker.ExOpen || r.Detail != "no scan for 9 days" || r.TrackingNo != fmt.Sprintf("LX%dCN", r.ShipmentID) {
					t.Fatalf("row %d read wrong: %+v", i, r)
				}
				if i > 0 && (r.Severity > rows[i-1].Severity || r.Severity == rows[i-1].Severity && r.OpenedAt.Before(rows[i-1].OpenedAt)) {
					t.Fatalf("row %d out of queue order: %+v after %+v", i, r, rows[i-1])
				}
			}
		})
	}
}
