package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"waybill/tracker"
)

// demoMix builds n demo orders and n real ones, each of one parcel with a
// few events, every fifth with open exceptions; the demo's numbers start
// with D, the real ones with R.
func demoMix(n int) []tracker.OrderDetail {
	var out []tracker.OrderDetail
	for _, demo := range []bool{true, false} {
		prefix := "R"
		if demo {
			prefix = "D"
		}
		for i, od := range demoOrders(n, 3) {
			od.OrderNo = fmt.Sprintf("%s-%03d", prefix, i)
			od.Demo = demo
			od.Shipments[0].TrackingNo = fmt.Sprintf("%s%s", prefix, od.Shipments[0].TrackingNo)
			out = append(out, od)
		}
	}
	return out
}

// Every way an order is written keeps its mark: the bulk insert of new
// orders, the upsert of orders with events, a parcel added to a known
// order, and a merge into an order of the other kind, which changes
// neither. Every read carries it.
func TestDemoMarkIsStoredKeptAndRead(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	fresh := demoOrders(2, 0) // no events: the bulk INSERT
	fresh[0].OrderNo, fresh[0].Demo = "D-BULK", true
	fresh[1].OrderNo = "R-BULK"
	withEvents := demoOrders(4, 2)[2:] // events: the upsert
	withEvents[0].OrderNo, withEvents[0].Demo = "D-UPSERT", true
	withEvents[1].OrderNo = "R-UPSERT"
	if err := db.AddOrders(ctx, t0, append(fresh, withEvents...)); err != nil {
		t.Fatal(err)
	}
	// A person adds a parcel to the demo order: it stays the demo's.
	if _, err := db.AddOrder(ctx, t0, tracker.Order{OrderNo: "D-BULK", Buyer: "Ana"},
		[]tracker.Shipment{{TrackingNo: "RB123456785GB", Carrier: "royal-mail"}}); err != nil {
		t.Fatal(err)
	}
	// A demo write merges into a real order: it stays real.
	if err := db.AddOrders(ctx, t0, []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "R-UPSERT", Demo: true}}}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		orderNo string
		demo    bool
		parcels int
	}{{"D-BULK", true, 2}, {"R-BULK", false, 1}, {"D-UPSERT", true, 1}, {"R-UPSERT", false, 1}} {
		t.Run(tc.orderNo, func(t *testing.T) {
			o, err := db.FindOrder(ctx, tc.orderNo, false)
			if err != nil {
				t.Fatal(err)
			}
			if o.Demo != tc.demo || len(o.Shipments) != tc.parcels {
				t.Fatalf("order demo %v with %d parcels, want %v and %d", o.Demo, len(o.Shipments), tc.demo, tc.parcels)
			}
			for _, sd := range o.Shipments {
				if sd.Demo != tc.demo {
					t.Errorf("FindOrder: parcel %s demo %v", sd.TrackingNo, sd.Demo)
				}
				if sh, err := db.Shipment(ctx, sd.ID); err != nil || sh.Demo != tc.demo {
					t.Errorf("Shipment(%d): demo %v, %v", sd.ID, sh.Demo, err)
				}
			}
		})
	}
	rows, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	claimed, err := db.ClaimDue(ctx, t0.Add(100*day), "test", time.Minute, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || len(claimed) == 0 {
		t.Fatalf("%d rows listed, %d claimed", len(rows), len(claimed))
	}
	for _, r := range rows {
		if want := r.OrderNo[0] == 'D'; r.Demo != want {
			t.Errorf("ListShipments: %s demo %v", r.OrderNo, r.Demo)
		}
	}
	for _, sh := range claimed {
		o, _ := db.Order(ctx, sh.OrderID)
		if sh.Demo != o.Demo {
			t.Errorf("ClaimDue: %s demo %v, its order %v", sh.TrackingNo, sh.Demo, o.Demo)
		}
	}
	if demo, real, err := db.HasOrders(ctx); err != nil || !demo || !real {
		t.Errorf("HasOrders = %v, %v, %v", demo, real, err)
	}
	if demo, real, err := db.CountOrders(ctx); err != nil || demo != 2 || real != 2 {
		t.Errorf("CountOrders = %d, %d, %v; want 2 and 2", demo, real, err)
	}
}

// Removing the demo deletes the demo orders and everything that hangs on
// them, says how much of each, and leaves every real order, parcel,
// event, exception, alert, case and watch as it was.
func TestRemoveDemoOrdersDeletesExactlyThem(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.AddOrders(ctx, t0, demoMix(10)); err != nil {
		t.Fatal(err)
	}
	// On one parcel of each kind: a carrier-reported problem (an exception,
	// its log, an alert), a complaint case with a log, and a watch.
	w, _ := casework(db, t0)
	for _, no := range []string{"D-001", "R-001"} {
		o, err := db.FindOrder(ctx, no, false)
		if err != nil {
			t.Fatal(err)
		}
		sh := o.Shipments[0]
		ev := event(t0.Add(10*time.Hour), tracker.StatusCustoms, "held")
		ev.Exception = tracker.ExCustoms
		apply(t, db, t0.Add(11*time.Hour), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{ev}})
		c, err := w.Open(ctx, o.ID, sh.ID, 0, tracker.ExCustoms, "en", "ana")
		if err != nil {
			t.Fatal(err)
		}
		do(t, w, c.ID, actReassure)
		if err := db.SetWatch(ctx, o.ID, true, "ana", t0); err != nil {
			t.Fatal(err)
		}
	}
	execAll(t, db.write, `INSERT INTO meta (key, value) VALUES ('demo', '1'), ('demo_clock', '{}')`)

	// What is whose, counted the long way, by order number.
	const ofDemo = `(SELECT s.id FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.order_no LIKE 'D-%')`
	const ofReal = `(SELECT s.id FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.order_no LIKE 'R-%')`
	tally := func(parcels string) [5]int {
		return [5]int{
			count(t, db, `SELECT count(*) FROM shipments WHERE id IN `+parcels),
			count(t, db, `SELECT count(*) FROM events WHERE shipment_id IN `+parcels),
			count(t, db, `SELECT count(*) FROM exceptions WHERE shipment_id IN `+parcels),
			count(t, db, `SELECT count(*) FROM cases WHERE shipment_id IN `+parcels),
			count(t, db, `SELECT count(*) FROM outbox WHERE shipment_id IN `+parcels),
		}
	}
	demo, real := tally(ofDemo), tally(ofReal)
	realLogs := count(t, db, `SELECT count(*) FROM exception_log`) - count(t, db, `SELECT count(*) FROM exception_log l JOIN exceptions x ON x.id = l.exception_id WHERE x.shipment_id IN `+ofDemo)
	if demo[2] == 0 || demo[3] != 1 || demo[4] == 0 {
		t.Fatalf("the demo holds no exceptions, case or alerts to remove: %v", demo)
	}

	got, err := db.RemoveDemoOrders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := tracker.DemoRemoved{Orders: 10, Parcels: demo[0], Events: demo[1], Exceptions: demo[2], Cases: demo[3], Alerts: demo[4], Kept: 10}
	if got != want {
		t.Errorf("RemoveDemoOrders = %+v, want %+v", got, want)
	}
	if after := tally(ofReal); after != real {
		t.Errorf("real parcels, events, exceptions, cases, alerts: %v, were %v", after, real)
	}
	fkViolations := `SELECT count(*) FROM pragma_foreign_key_check`
	if onPG() {
		fkViolations = `SELECT 0` // PostgreSQL checks foreign keys at every statement: none can be left
	}
	for _, q := range []struct{ what, query string }{
		{"demo orders", `SELECT count(*) FROM orders WHERE demo = 1 OR order_no LIKE 'D-%'`},
		{"parcels of no order", `SELECT count(*) FROM shipments WHERE order_id NOT IN (SELECT id FROM orders)`},
		{"events of no parcel", `SELECT count(*) FROM events WHERE shipment_id NOT IN (SELECT id FROM shipments)`},
		{"exceptions of no parcel", `SELECT count(*) FROM exceptions WHERE shipment_id NOT IN (SELECT id FROM shipments)`},
		{"exception log of no exception", `SELECT count(*) FROM exception_log WHERE exception_id NOT IN (SELECT id FROM exceptions)`},
		{"alerts of no parcel", `SELECT count(*) FROM outbox WHERE shipment_id NOT IN (SELECT id FROM shipments)`},
		{"cases of no order", `SELECT count(*) FROM cases WHERE order_id NOT IN (SELECT id FROM orders)`},
		{"case log of no case", `SELECT count(*) FROM case_log WHERE case_id NOT IN (SELECT id FROM cases)`},
		{"watches of no order", `SELECT count(*) FROM watches WHERE order_id NOT IN (SELECT id FROM orders)`},
		{"search rows of no parcel", `SELECT (SELECT count(*) FROM shipments_fts) - (SELECT count(*) FROM shipments)`},
		{"the demo-store marker and clock", `SELECT count(*) FROM meta WHERE key IN ('demo', 'demo_clock')`},
		{"foreign key violations", fkViolations},
	} {
		if n := count(t, db, q.query); n != 0 {
			t.Errorf("%s left: %d", q.what, n)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM exception_log`); n != realLogs {
		t.Errorf("exception log: %d entries, want the real ones' %d", n, realLogs)
	}
	if n := count(t, db, `SELECT count(*) FROM watches`); n != 1 {
		t.Errorf("%d watches, want the real order's", n)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	again, err := db.RemoveDemoOrders(ctx)
	if err != nil || again != (tracker.DemoRemoved{Kept: 10}) {
		t.Errorf("second removal = %+v, %v", again, err)
	}
}

// A store an older waybill filled with the demo while it was empty (meta
// demo = 1) gets that first batch marked on open; orders added after it,
// and every order of a store the demo never filled, stay real.
func TestMigration0013MarksTheDemoOfADemoStore(t *testing.T) {
	sqliteOnly(t, "SQLite migrations from an older schema")
	for _, tc := range []struct {
		name      string
		demoStore bool
		want      map[string]bool
	}{
		{"a demo store with a real order added", true, map[string]bool{"D-1": true, "D-2": true, "R-1": false}},
		{"a real store", false, map[string]bool{"D-1": false, "D-2": false, "R-1": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path, w := storeAt(t, 11)
			execAll(t, w,
				`INSERT INTO orders (id, order_no, order_key, created_at) VALUES (1, 'D-1', 'D1', 1000), (2, 'D-2', 'D2', 1000), (3, 'R-1', 'R1', 5000)`,
				`INSERT INTO shipments (id, order_id, tracking_no, status) VALUES (1, 1, 'LX000000001CN', 'in_transit'), (2, 3, 'RB123456785GB', 'pending')`)
			if tc.demoStore {
				execAll(t, w, `INSERT INTO meta (key, value) VALUES ('demo', '1')`)
			}
			w.Close()
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for no, want := range tc.want {
				o, err := db.FindOrder(ctx, no, false)
				if err != nil {
					t.Fatal(err)
				}
				if o.Demo != want {
					t.Errorf("%s: demo %v, want %v", no, o.Demo, want)
				}
			}
		})
	}
}

// A demo parcel's alerts go to the screen's list alone, a real parcel's
// to every channel that wants them.
func TestDemoParcelAlertsStayInTheApp(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.AddOrders(ctx, t0, demoMix(1)); err != nil {
		t.Fatal(err)
	}
	p := tracker.DefaultPolicy()
	p.Alerts = []tracker.AlertRoute{{Channel: "email"}}
	for _, tc := range []struct {
		orderNo  string
		channels int
	}{{"D-000", 1}, {"R-000", 2}} {
		o, err := db.FindOrder(ctx, tc.orderNo, false)
		if err != nil {
			t.Fatal(err)
		}
		ev := event(t0.Add(10*time.Hour), tracker.StatusCustoms, "held")
		ev.Exception = tracker.ExCustoms
		if _, err := db.ApplyUpdates(ctx, t0.Add(11*time.Hour), p, []tracker.Update{{ShipmentID: o.Shipments[0].ID, Events: []tracker.Event{ev}}}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(DISTINCT channel) FROM outbox WHERE shipment_id = ?`, o.Shipments[0].ID); n != tc.channels {
			t.Errorf("%s: alerts on %d channels, want %d", tc.orderNo, n, tc.channels)
		}
	}
}
