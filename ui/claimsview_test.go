package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// claimsFixture adds claims to the cases fixture through the service: on
// A a Cainiao draft, on B one filed and paid in part, on F an insurer's.
func claimsFixture(t *testing.T) (casesFixture, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	f := newCasesFixture(t)
	svc := tracker.NewService(f.db, tracker.NewFixedClock(fixedNow.Add(-time.Hour)), nil, f.db.DB)
	ana := tracker.LocalActor("ana")
	ids := map[string]int64{}
	add := func(name string, req tracker.ClaimRequest) {
		c, err := svc.AddClaim(ctx, ana, req)
		if err != nil {
			t.Fatalf("claim %s: %v", name, err)
		}
		ids[name] = c.ID
	}
	add("A", tracker.ClaimRequest{CaseID: f.ids["A"], Party: "cainiao", Claimed: 4599, Currency: "USD"})
	add("B", tracker.ClaimRequest{CaseID: f.ids["B"], Party: "4px", Claimed: 2000, Currency: "EUR", State: tracker.ClaimFiled,
		Reference: "PX-77", FiledAt: fixedNow.Add(-3 * 24 * time.Hour)})
	back := tracker.Money(1250)
	if _, err := svc.ChangeClaim(ctx, ana, ids["B"], tracker.ClaimChange{State: tracker.ClaimPaid, Recovered: &back}); err != nil {
		t.Fatal(err)
	}
	add("F", tracker.ClaimRequest{CaseID: f.ids["F"], PartyKind: tracker.PartyInsurer, Party: "Shipsure\x1b[2J", Claimed: 10000, Currency: "GBP"})
	return f, ids
}

// $ lists the claims, newest first, with state, amounts, party, reference
// and age; f filters by state; esc leaves.
func TestClaimsViewListsAndFilters(t *testing.T) {
	f, ids := claimsFixture(t)
	h := f.session(t, tracker.LocalActor("ana"), nil, 120, 35)
	h.press("$")
	v := h.app.claims
	if v == nil {
		t.Fatal("$ opened no claims view")
	}
	if len(v.rows) != 3 || v.rows[0].ID != ids["F"] || v.rows[2].ID != ids["A"] {
		t.Fatalf("rows %+v, want F, B, A", v.rows)
	}
	out := h.view()
	for _, w := range []string{"Claims", "all states · 3 claims", "paid", "20.00 EUR", "12.50", "PX-77", "3d", "Shipsure (insurer)",
		"100.00 GBP", "45.99 USD", "draft"} {
		if !strings.Contains(out, w) {
			t.Errorf("the view lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "\x1b[2J") {
		t.Error("an insurer's name reached the screen with a terminal control")
	}
	h.press("f") // draft
	if len(v.rows) != 2 || !strings.Contains(h.view(), "draft · 2 claims") {
		t.Fatalf("draft filter: %d rows\n%s", len(v.rows), h.view())
	}
	h.press("f", "f", "f", "f") // filed, answered, appealed, paid
	if len(v.rows) != 1 || v.rows[0].ID != ids["B"] || !strings.Contains(h.view(), "paid · 1 claim") {
		t.Fatalf("paid filter: %+v\n%s", v.rows, h.view())
	}
	h.press("enter")
	if h.app.caseView == nil || h.app.caseView.id != f.ids["B"] {
		t.Fatalf("enter on claim B opened no case view of case %d", f.ids["B"])
	}
	h.press("esc")
	if h.app.caseView != nil || h.app.claims == nil {
		t.Fatal("esc from the claim's case did not come back to the claims")
	}
	h.press("esc")
	if h.app.claims != nil {
		t.Fatal("esc left the claims view open")
	}
}

// A read overtaken by a newer one is dropped: the list shows the newer.
func TestClaimsViewDropsStaleReads(t *testing.T) {
	f, _ := claimsFixture(t)
	h := f.session(t, tracker.LocalActor("ana"), nil, 120, 35)
	h.press("$")
	v := h.app.claims
	old := v.seq // the read that filled the list
	v.load()     // a newer read, not yet answered
	v.onLoaded(claimsMsg{req: old, rows: nil})
	if len(v.rows) != 3 {
		t.Fatalf("a stale answer replaced the rows: %d", len(v.rows))
	}
}
