package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// A dispute an older sync stored (before deadlines were kept, migration
// 0020) has no dispute_reply deadline; unchanged on the marketplace, the
// next sync still gives it one. One the seller closed by hand is not
// reopened.
func TestUnchangedDisputeGainsItsDeadline(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	svc := tracker.NewService(db, tracker.NewFixedClock(t0), nil, db)
	replyBy := t0.Add(50 * time.Hour)
	dispute := tracker.Dispute{ID: "9001", OrderNo: "AE-1", Status: "processing", Open: true, Kind: tracker.ExLost,
		ReplyBy: replyBy, UpdatedAt: t0.Add(-time.Hour)}
	m := &fakeMarket{name: "aliexpress", orders: []tracker.MarketOrder{
		marketOrder("AE-1", "Ana", "A", "WAIT_BUYER_ACCEPT_GOODS", t0.Add(-2*time.Hour), "RR123456785CN")}, disputes: []tracker.Dispute{dispute}}
	syncOnce(t, svc, m)
	// As an older sync left it: the dispute stored, no deadline.
	if _, err := db.write.ExecContext(ctx, `DELETE FROM deadlines WHERE kind = 'dispute_reply'`); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, svc, m)
	d, ok := allDeadlines(t, db)["dispute_reply|9001"]
	md, _, _ := db.MarketDispute(ctx, "aliexpress", "9001")
	if !ok || !d.DueAt.Equal(replyBy) || d.State != tracker.DeadlineOpen || d.CaseID != md.CaseID || d.CaseID == 0 {
		t.Fatalf("dispute_reply after the next sync = %+v (found %v); want open, due %v, on case %d", d, ok, replyBy, md.CaseID)
	}
	// Closed by hand (the seller answered): the next sync leaves it closed.
	rows, err := svc.Deadlines(ctx, 0, 0)
	if err != nil || len(rows) == 0 {
		t.Fatal(rows, err)
	}
	for _, r := range rows {
		if r.Kind == tracker.DeadlineDisputeReply {
			if err := svc.DeadlineDone(ctx, syncer, r.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	syncOnce(t, svc, m)
	if d := allDeadlines(t, db)["dispute_reply|9001"]; d.State != tracker.DeadlineMet {
		t.Errorf("a reply closed by hand, after a sync = %s, want met", d.State)
	}
}
