package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// An exception whose order or parcel has an open deadline due within
// ExceptionQuery.Urgent comes above every severity, soonest first, with
// the deadline on its row; one due later, closed, or on another parcel of
// the order stays where its severity puts it.
func TestQueueUrgentDeadlinesFirst(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	shipped := t0.Add(-10 * day)
	lost := addShipment(t, db, "ORD-1", "LX000000001CN", shipped)    // critical, no deadline
	stale := addShipment(t, db, "ORD-2", "LX000000002CN", shipped)   // medium, ship_by in 5h (the order's)
	overdue := addShipment(t, db, "ORD-3", "LX000000003CN", shipped) // medium, dispute_reply in 30h on its parcel
	late := addShipment(t, db, "ORD-4", "LX000000004CN", shipped)    // medium, due in 60h: not urgent
	past := addShipment(t, db, "ORD-5", "LX000000005CN", shipped)    // low, overdue by 3h
	closed := addShipment(t, db, "ORD-6", "LX000000006CN", shipped)  // medium, its deadline met
	for _, x := range []struct {
		id   int64
		kind string
		sev  int
	}{{lost.ID, "lost", 4}, {stale.ID, "stale", 2}, {overdue.ID, "overdue", 2}, {late.ID, "stale", 2}, {past.ID, "untracked", 1}, {closed.ID, "stale", 2}} {
		if _, err := db.write.Exec(`INSERT INTO exceptions (shipment_id, kind, severity, source, opened_at) VALUES (?, ?, ?, 'rule', ?)`,
			x.id, x.kind, x.sev, t0.Add(-day).Unix()); err != nil {
			t.Fatal(err)
		}
	}
	ds := []tracker.Deadline{
		{OrderID: stale.OrderID, Kind: tracker.DeadlineShipBy, DueAt: t0.Add(5 * time.Hour), Source: "aliexpress"},
		{OrderID: overdue.OrderID, ShipmentID: overdue.ID, Kind: tracker.DeadlineDisputeReply, DueAt: t0.Add(30 * time.Hour), Source: "aliexpress", Ref: "9"},
		{OrderID: late.OrderID, Kind: tracker.DeadlineProtectionEnd, DueAt: t0.Add(60 * time.Hour), Source: "aliexpress"},
		{OrderID: past.OrderID, Kind: tracker.DeadlineShipBy, DueAt: t0.Add(-3 * time.Hour), Source: "aliexpress"},
		{OrderID: closed.OrderID, Kind: tracker.DeadlineShipBy, DueAt: t0.Add(time.Hour), Source: "aliexpress"},
	}
	if _, err := db.PutDeadlines(ctx, t0, "sync", ds); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`UPDATE deadlines SET state = 'met' WHERE order_id = ?`, closed.OrderID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		urgent time.Duration
		limit  int
		want   []string // tracking numbers, in order
		due    []string // the deadline kind each row shows
	}{
		{"urgent 48h", 48 * time.Hour, 0,
			[]string{"LX000000005CN", "LX000000002CN", "LX000000003CN", "LX000000001CN", "LX000000004CN", "LX000000006CN"},
			[]string{"ship_by", "ship_by", "dispute_reply", "", "", ""}},
		{"urgent 48h, limit 2", 48 * time.Hour, 2, []string{"LX000000005CN", "LX000000002CN"}, []string{"ship_by", "ship_by"}},
		{"urgent 48h, limit 4", 48 * time.Hour, 4,
			[]string{"LX000000005CN", "LX000000002CN", "LX000000003CN", "LX000000001CN"}, []string{"ship_by", "ship_by", "dispute_reply", ""}},
		{"no urgent horizon: severity only", 0, 0,
			[]string{"LX000000001CN", "LX000000002CN", "LX000000003CN", "LX000000004CN", "LX000000006CN", "LX000000005CN"},
			[]string{"", "", "", "", "", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: t0, Urgent: tc.urgent, Limit: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			var got, due []string
			for _, r := range rows {
				got, due = append(got, r.TrackingNo), append(due, string(r.DeadlineKind))
			}
			if !equalStrings(got, tc.want) || !equalStrings(due, tc.due) {
				t.Errorf("queue = %v %v, want %v %v", got, due, tc.want, tc.due)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
