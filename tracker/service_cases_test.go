package tracker

import (
	"testing"
	"time"
)

// What each case action changes beyond the case is decided here, once,
// for every screen and command.
func TestCaseEffects(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	open := Case{ID: 3, OrderID: 1, ShipmentID: 2, ExceptionID: 9, Kind: ExLost, State: CaseOpen, Step: StepSolve, Reassured: true, Verified: true}
	closed := open
	closed.State, closed.Step = CaseClosed, StepClosed
	closed.Solution = &Solution{Type: SolveRefund, Amount: 500, Currency: "EUR"}
	failed := open
	failed.Kind = ExDeliveryFailed
	for _, tt := range []struct {
		name   string
		before Case
		act    CaseAction
		want   CaseEffects
	}{
		{"a reissue adds its parcel", open, CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveReissue,
			ReissueTrackingNo: "RB123456785GB", ReissueCarrier: "royal-mail"}},
			CaseEffects{Reissue: &Shipment{OrderID: 1, TrackingNo: "RB123456785GB", Carrier: "royal-mail",
				Status: StatusPending, ShippedAt: now, NextCheckAt: now}}},
		{"a refund changes nothing else", open, CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveRefund,
			Amount: 1250, Currency: "EUR"}}, CaseEffects{}},
		{"a redelivery writes the verified address and phone", failed, CaseAction{Type: ActSolve, Solution: &Solution{
			Type: SolveRedeliver, Address: " 1 Main St ", Phone: "+1 555"}},
			CaseEffects{Contact: &Contact{Address: "1 Main St", Phone: "+1 555"}}},
		{"closing resolves the exception", func() Case { c := open; c.Solution = closed.Solution; c.Step = StepFollowUp; return c }(),
			CaseAction{Type: ActClose, Text: "refunded", RootCause: CauseCarrier}, CaseEffects{ResolveException: 9}},
		{"reopening reopens it", closed, CaseAction{Type: ActReopen}, CaseEffects{ReopenException: 9}},
		{"a note changes nothing else", open, CaseAction{Type: ActNote, Text: "called the buyer"}, CaseEffects{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			after, _, err := tt.before.Apply(tt.act, "ana", now)
			if err != nil {
				t.Fatal(err)
			}
			got := caseEffects(tt.before, after, tt.act, now)
			if (got.Reissue == nil) != (tt.want.Reissue == nil) || got.Reissue != nil && *got.Reissue != *tt.want.Reissue ||
				(got.Contact == nil) != (tt.want.Contact == nil) || got.Contact != nil && *got.Contact != *tt.want.Contact ||
				got.ResolveException != tt.want.ResolveException || got.ReopenException != tt.want.ReopenException {
				t.Errorf("effects %+v (reissue %+v, contact %+v), want %+v", got, got.Reissue, got.Contact, tt.want)
			}
		})
	}
}

func TestActorMayWork(t *testing.T) {
	for _, tt := range []struct {
		actor Actor
		ok    bool
	}{
		{LocalActor("ana"), true},
		{LocalActor(""), true}, // "local"
		{Actor{Name: "bo", Role: RoleAgent}, true},
		{Actor{Name: "cy", Role: RoleAdmin}, true},
		{Actor{Name: "sam", Role: RoleViewer}, false},
		{Actor{Name: " ", Role: RoleAgent}, false},
	} {
		if err := tt.actor.mayWork(); (err == nil) != tt.ok {
			t.Errorf("%+v: %v, want ok %v", tt.actor, err, tt.ok)
		}
	}
}
