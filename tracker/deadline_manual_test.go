package tracker_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// A deadline entered by hand: trade_assurance_reply is due at the refund
// request's time (default now) plus [deadlines] trade_assurance_reply
// (default 72h, MARKETPLACES.md A1); follow_up at its due time; the
// others, and bad times, are refused naming the field and value.
func TestAddDeadlineByHand(t *testing.T) {
	db := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	if _, err := db.ImportOrders(ctx, now, []tracker.OrderDetail{{Order: tracker.Order{OrderNo: "TA-1", Buyer: "Ana", Country: "DE"}}}); err != nil {
		t.Fatal(err)
	}
	svc := tracker.NewService(db, tracker.NewFixedClock(now), nil, db)
	agent := tracker.Actor{Name: "ana", Role: tracker.RoleAgent}
	def := tracker.DefaultDeadlines()
	short := def
	short.TradeAssuranceReply = tracker.Duration{Duration: 24 * time.Hour}
	tests := []struct {
		name  string
		order string
		in    tracker.ManualDeadline
		cfg   tracker.DeadlineConfig
		due   time.Time // zero: want err
		err   string
	}{
		{"trade assurance from now", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineTradeAssuranceReply}, def, now.Add(72 * time.Hour), ""},
		{"trade assurance from the request", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineTradeAssuranceReply, From: now.Add(-48 * time.Hour)}, def, now.Add(24 * time.Hour), ""},
		{"the window from config", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineTradeAssuranceReply, From: now.Add(-time.Hour)}, short, now.Add(23 * time.Hour), ""},
		{"follow-up", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineFollowUp, Due: now.Add(5 * time.Hour)}, def, now.Add(5 * time.Hour), ""},
		{"request in the future", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineTradeAssuranceReply, From: now.Add(time.Hour)}, def, time.Time{}, "from 2026-05-01T13:00:00Z: the refund request's time is in the future"},
		{"trade assurance with due", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineTradeAssuranceReply, Due: now.Add(time.Hour)}, def, time.Time{}, "due 2026-05-01T13:00:00Z: a trade_assurance_reply is due at"},
		{"follow-up without due", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineFollowUp}, def, time.Time{}, "due: a follow_up needs its time"},
		{"follow-up past", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineFollowUp, Due: now.Add(-time.Hour)}, def, time.Time{}, "due 2026-05-01T11:00:00Z: already past"},
		{"follow-up with from", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineFollowUp, From: now, Due: now.Add(time.Hour)}, def, time.Time{}, "from 2026-05-01T12:00:00Z: only a trade_assurance_reply"},
		{"a marketplace's kind", "TA-1", tracker.ManualDeadline{Kind: tracker.DeadlineDisputeReply}, def, time.Time{}, `kind "dispute_reply": set by a marketplace or the rules`},
		{"no such kind", "TA-1", tracker.ManualDeadline{Kind: "soon"}, def, time.Time{}, `kind "soon": want trade_assurance_reply or follow_up`},
		{"no such order", "NOPE-9", tracker.ManualDeadline{Kind: tracker.DeadlineTradeAssuranceReply}, def, time.Time{}, `order "NOPE-9": no such order`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := svc.AddDeadline(ctx, agent, tt.order, tt.in, tt.cfg)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || d.ID == 0 || !d.DueAt.Equal(tt.due) || d.Source != tracker.SourceManual || d.State != tracker.DeadlineOpen {
				t.Fatalf("deadline = %+v, %v; want id, due %v, source manual, open", d, err, tt.due)
			}
			again, err := svc.AddDeadline(ctx, agent, tt.order, tt.in, tt.cfg)
			if err != nil || again.ID != d.ID {
				t.Fatalf("the same again = %+v, %v; want the same deadline %d", again, err, d.ID)
			}
		})
	}

	rows, err := svc.Deadlines(ctx, 0, 0)
	if err != nil || len(rows) != 4 {
		t.Fatalf("deadlines = %d, %v; want the 4 added", len(rows), err)
	}
	if err := svc.DeadlineDone(ctx, agent, rows[0].ID); err != nil {
		t.Fatalf("done: %v", err)
	}
	if err := svc.DeadlineDone(ctx, agent, rows[0].ID); err == nil || !strings.Contains(err.Error(), "no open deadline") {
		t.Errorf("done twice: %v, want no open deadline", err)
	}
	if err := svc.DeadlineDone(ctx, agent, 9999); err == nil || !strings.Contains(err.Error(), "deadline id 9999") {
		t.Errorf("done of an unknown id: %v", err)
	}
	if rows, _ := svc.Deadlines(ctx, 0, 0); len(rows) != 3 {
		t.Errorf("open after done = %d, want 3", len(rows))
	}
}
