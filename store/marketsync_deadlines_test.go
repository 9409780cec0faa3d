package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// allDeadlines is every deadline the store holds, open or not, by
// kind and ref: what the sync left.
func allDeadlines(t *testing.T, db *DB) map[string]tracker.Deadline {
	t.Helper()
	rows, err := db.read.Query(`SELECT order_id, coalesce(shipment_id, 0), coalesce(case_id, 0), kind, due_at, source, ref, state FROM deadlines`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]tracker.Deadline{}
	for rows.Next() {
		var d tracker.Deadline
		var kind string
		var due int64
		if err := rows.Scan(&d.OrderID, &d.ShipmentID, &d.CaseID, &kind, &due, &d.Source, &d.Ref, &d.State); err != nil {
			t.Fatal(err)
		}
		d.Kind, d.DueAt = tracker.DeadlineKind(kind), time.Unix(due, 0).UTC()
		out[kind+"|"+d.Ref] = d
	}
	return out
}

// The sync puts each clock a marketplace sends through PutDeadlines, and
// closes it when the marketplace stops sending it.
func TestMarketSyncDeadlines(t *testing.T) {
	ctx := context.Background()
	protect, shipBy, replyBy := t0.Add(20*24*time.Hour), t0.Add(30*time.Hour), t0.Add(50*time.Hour)
	for _, tc := range []struct {
		name      string
		derived   bool
		wantProtS string
	}{{"protection end from the marketplace", false, "aliexpress"}, {"protection end derived", true, tracker.SourceRule}} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
			shipped := marketOrder("AE-1", "Ana", "A", "WAIT_BUYER_ACCEPT_GOODS", t0.Add(-2*time.Hour), "RR123456785CN")
			shipped.ProtectionEnd, shipped.ProtectionDerived = protect, tc.derived
			unshipped := marketOrder("AE-2", "Bo", "B", "WAIT_SELLER_SEND_GOODS", t0.Add(-3*time.Hour))
			unshipped.ShipBy = shipBy
			dispute := tracker.Dispute{ID: "9001", OrderNo: "AE-1", Status: "processing", Open: true, Kind: tracker.ExLost,
				ReplyBy: replyBy, UpdatedAt: t0.Add(-time.Hour)}
			m := &fakeMarket{name: "aliexpress", orders: []tracker.MarketOrder{shipped, unshipped}, disputes: []tracker.Dispute{dispute}}
			syncOnce(t, svc, m)
			ae1, ae2 := findOrder(t, db, "AE-1"), findOrder(t, db, "AE-2")
			md, _, _ := db.MarketDispute(ctx, "aliexpress", "9001")
			got := allDeadlines(t, db)
			want := map[string]tracker.Deadline{
				"protection_end|": {OrderID: ae1.ID, Kind: tracker.DeadlineProtectionEnd, DueAt: protect, Source: tc.wantProtS, State: "open"},
				"ship_by|":        {OrderID: ae2.ID, Kind: tracker.DeadlineShipBy, DueAt: shipBy, Source: "aliexpress", State: "open"},
				"dispute_reply|9001": {OrderID: ae1.ID, ShipmentID: ae1.Shipments[0].ID, CaseID: md.CaseID, Kind: tracker.DeadlineDisputeReply,
					DueAt: replyBy, Source: "aliexpress", Ref: "9001", State: "open"},
			}
			if md.CaseID == 0 || len(got) != len(want) {
				t.Fatalf("deadlines = %+v (case %d), want %+v", got, md.CaseID, want)
			}
			for k, w := range want {
				if g := got[k]; g != w {
					t.Errorf("%s = %+v, want %+v", k, g, w)
				}
			}
			// Again, nothing new: nothing moves.
			syncOnce(t, svc, m)
			if again := allDeadlines(t, db); len(again) != len(got) || again["ship_by|"] != got["ship_by|"] {
				t.Errorf("again = %+v", again)
			}
			// AE-2 ships (the marketplace drops its ship_by), the dispute
			// finishes: both clocks close, ship_by met, the reply met.
			unshipped = marketOrder("AE-2", "Bo", "B", "WAIT_BUYER_ACCEPT_GOODS", t0.Add(-time.Minute), "RR987654321CN")
			m.orders[1] = unshipped
			fin := dispute
			fin.Status, fin.Open, fin.ReplyBy, fin.UpdatedAt = "finish", false, time.Time{}, t0
			m.disputes[0] = fin
			syncOnce(t, svc, m)
			got = allDeadlines(t, db)
			if s := got["ship_by|"].State; s != tracker.DeadlineMet {
				t.Errorf("ship_by after shipping: %q, want met", s)
			}
			if s := got["dispute_reply|9001"].State; s != tracker.DeadlineMet {
				t.Errorf("dispute_reply after finish: %q, want met", s)
			}
			if s := got["protection_end|"].State; s != tracker.DeadlineOpen {
				t.Errorf("protection_end: %q, want still open", s)
			}
		})
	}
}
