package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// claimDeadline reads the parcel's carrier_claim deadline of ref: its state
// and due time; "" when there is none.
func claimDeadline(t *testing.T, db *DB, orderID int64, ref string) (state string, due time.Time) {
	t.Helper()
	var unix int64
	err := db.read.QueryRow(`SELECT state, due_at FROM deadlines WHERE order_id = ? AND kind = 'carrier_claim' AND ref = ?`, orderID, ref).Scan(&state, &unix)
	if err != nil {
		return "", time.Time{}
	}
	return state, time.Unix(unix, 0).UTC()
}

// The ledger over the real store: a draft puts its filing window in the
// deadlines, filing meets it, a carrier's limit on attempts refuses one
// more, a refused change stores nothing, and every change is logged.
func TestClaimsLedger(t *testing.T) {
	ctx := context.Background()
	f := newQueue(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(t0), nil, f.db).WithClaims(tracker.ClaimsConfig{
		Windows: tracker.ClaimWindows{Carriers: map[string]int{"cainiao": 60}, Insurers: map[string]int{"Shipsure": 45}}})
	c := lostCase(t, svc, f)
	shipped := t0.Add(-20 * day)
	shipRef := tracker.ClaimRef(c.ShipmentID)

	draft, err := svc.AddClaim(ctx, ana, tracker.ClaimRequest{CaseID: c.ID, Party: "Cainiao", Claimed: 4599, Currency: "usd"})
	if err != nil {
		t.Fatal(err)
	}
	if draft.Party != "cainiao" || draft.Currency != "USD" || draft.State != tracker.ClaimDraft || draft.ShipmentID != c.ShipmentID {
		t.Fatalf("draft %+v", draft)
	}
	if st, due := claimDeadline(t, f.db, c.OrderID, shipRef); st != "open" || !due.Equal(shipped.AddDate(0, 0, 60)) {
		t.Fatalf("the carrier's window after a draft: %q due %s, want open, shipping + 60 days", st, due)
	}
	ins, err := svc.AddClaim(ctx, ana, tracker.ClaimRequest{CaseID: c.ID, PartyKind: tracker.PartyInsurer, Party: "Shipsure", Claimed: 10000, Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	if st, due := claimDeadline(t, f.db, c.OrderID, tracker.ClaimWindowRef(ins.ID)); st != "open" || !due.Equal(shipped.AddDate(0, 0, 45)) {
		t.Fatalf("the insurer's window: %q due %s, want open, shipping + 45 days", st, due)
	}

	filed := t0.Add(-day)
	if _, err := svc.ChangeClaim(ctx, ana, draft.ID, tracker.ClaimChange{State: tracker.ClaimFiled, Reference: ptr("CN-1"), FiledAt: &filed}); err != nil {
		t.Fatal(err)
	}
	if st, _ := claimDeadline(t, f.db, c.OrderID, shipRef); st != "met" {
		t.Fatalf("the carrier's window after filing: %q, want met", st)
	}
	if _, err := svc.ChangeClaim(ctx, ana, ins.ID, tracker.ClaimChange{State: tracker.ClaimWithdrawn}); err != nil {
		t.Fatal(err)
	}
	if st, _ := claimDeadline(t, f.db, c.OrderID, tracker.ClaimWindowRef(ins.ID)); st != "gone" {
		t.Fatalf("the insurer's window after the draft was withdrawn: %q, want gone", st)
	}

	// Cainiao takes two complaints per logistics order.
	if _, err := svc.AddClaim(ctx, ana, tracker.ClaimRequest{CaseID: c.ID, Party: "cainiao", Claimed: 4599, Currency: "USD",
		State: tracker.ClaimFiled, Reference: "CN-2", FiledAt: t0}); err != nil {
		t.Fatalf("second cainiao claim: %v", err)
	}
	_, err = svc.AddClaim(ctx, ana, tracker.ClaimRequest{CaseID: c.ID, Party: "cainiao", Claimed: 4599, Currency: "USD"})
	if err == nil || !strings.Contains(err.Error(), "cainiao allows 2 claims per parcel") || !strings.Contains(err.Error(), "#1, #3") &&
		!strings.Contains(err.Error(), "#3, #1") {
		t.Fatalf("third cainiao claim: %v, want refused naming the limit and the two claims", err)
	}
	if n := count(t, f.db, `SELECT COUNT(*) FROM claims`); n != 3 {
		t.Fatalf("%d claims stored, want 3 (the refused one not among them)", n)
	}

	// A refused change leaves the stored claim as it was.
	over := tracker.Money(5000)
	if _, err := svc.ChangeClaim(ctx, ana, draft.ID, tracker.ClaimChange{State: tracker.ClaimPaid, Recovered: &over}); err == nil ||
		!strings.Contains(err.Error(), "recovered 50.00") {
		t.Fatalf("paid over the claim: %v", err)
	}
	got, err := f.db.Claim(ctx, draft.ID)
	if err != nil || got.State != tracker.ClaimFiled || got.Recovered != 0 || got.Reference != "CN-1" || got.OrderNo != "O-DE" {
		t.Fatalf("after a refused change: %+v, %v", got, err)
	}
	part := tracker.Money(3000)
	if _, err := svc.ChangeClaim(ctx, tracker.LocalActor("bo"), draft.ID, tracker.ClaimChange{State: tracker.ClaimPaid, Recovered: &part, Note: "part paid"}); err != nil {
		t.Fatal(err)
	}
	log, err := svc.ClaimLog(ctx, draft.ID)
	if err != nil || len(log) != 3 {
		t.Fatalf("log %+v, %v", log, err)
	}
	if log[0].Action != "added" || log[1].Action != "filed" || log[2].Action != "paid" || log[2].Actor != "bo" ||
		!strings.Contains(log[2].Detail, "recovered 30.00 USD") || !strings.Contains(log[2].Detail, "part paid") {
		t.Fatalf("log %+v", log)
	}
	paid, err := svc.Claims(ctx, tracker.ClaimQuery{State: tracker.ClaimPaid})
	if err != nil || len(paid) != 1 || paid[0].ID != draft.ID {
		t.Fatalf("paid claims %+v, %v", paid, err)
	}
	// A stale save is refused: someone else changed the claim meanwhile.
	stale := got.Claim
	stale.Note = "late"
	if err := f.db.SaveClaim(ctx, stale, got.UpdatedAt, tracker.ClaimEntry{Actor: "x", At: t0}, tracker.ClaimEffects{}); err != tracker.ErrClaimChanged {
		t.Fatalf("stale save: %v, want ErrClaimChanged", err)
	}
}

func ptr[T any](v T) *T { return &v }

// A lost parcel whose claim was already filed with its carrier gets no
// new carrier_claim deadline when the rules find it lost.
func TestFiledClaimKeepsClaimClockShut(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sh := addShipment(t, db, "L-1", "RL000000003CN", t0)
	svc := tracker.NewService(db, tracker.NewFixedClock(t0.Add(10*day)), nil, db)
	op, err := svc.OpenCase(ctx, ana, tracker.CaseRequest{OrderID: sh.OrderID, ShipmentID: sh.ID, Kind: tracker.ExLost})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddClaim(ctx, ana, tracker.ClaimRequest{CaseID: op.Case.ID, Party: "china-post", Claimed: 1000, Currency: "USD",
		State: tracker.ClaimFiled, Reference: "CP-9", FiledAt: t0.Add(9 * day)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApplyUpdates(ctx, t0.Add(40*day), tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: sh.ID,
		Events: []tracker.Event{event(t0.Add(day), tracker.StatusInTransit, "accepted")}}}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM exceptions WHERE shipment_id = ? AND kind = 'lost'`, sh.ID); n != 1 {
		t.Fatalf("%d lost exceptions, want the rules to have found it lost", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM deadlines WHERE kind = 'carrier_claim' AND state = 'open'`); n != 0 {
		t.Fatalf("%d open carrier_claim deadlines, want none: the claim is filed", n)
	}
}
