package tracker

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCaseWorkflow(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	open := func(kind ExceptionKind) Case {
		c, _, err := OpenCase(1, 2, 3, kind, "en", "ana", now)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// at walks a case through the given actions, failing the test on any refusal.
	at := func(c Case, acts ...CaseAction) Case {
		for _, a := range acts {
			var err error
			if c, _, err = c.Apply(a, "ana", now); err != nil {
				t.Fatalf("setting up: %v", err)
			}
		}
		return c
	}
	reassure := CaseAction{Type: ActReassure, Text: "We are on it", Via: "clipboard"}
	verify := CaseAction{Type: ActVerify, Text: "carrier: in transit", Reference: "INV-1"}
	reissue := CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveReissue, ReissueTrackingNo: "RB123456785GB"}}
	closeIt := CaseAction{Type: ActClose, Text: "reissued, delivered", RootCause: CauseCarrier}

	tests := []struct {
		name     string
		from     Case
		act      CaseAction
		wantStep CaseStep
		refused  string // "" when allowed; else a part of the error
	}{
		{"reassure moves to verify", open(ExLost), reassure, StepVerify, ""},
		{"an empty message is refused", open(ExLost), CaseAction{Type: ActReassure}, "", "empty"},
		{"verify before reassuring is refused", open(ExLost), verify, "", "reassure the buyer first"},
		{"verify moves to solve", at(open(ExLost), reassure), verify, StepSolve, ""},
		{"investigation can be requested at verify", at(open(ExStale), reassure), CaseAction{Type: ActInvestigate, Reference: "T-9"}, StepVerify, ""},
		{"solve before verifying is refused", at(open(ExLost), reassure), reissue, "", "verify the delivery status first"},
		{"reissue with a valid number moves to follow-up", at(open(ExLost), reassure, verify), reissue, StepFollowUp, ""},
		{"reissue with a mistyped number is refused", at(open(ExLost), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveReissue, ReissueTrackingNo: "RB123456784GB"}}, "", "reissue tracking number"},
		{"a solution that does not fit the kind is refused", at(open(ExLost), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveCustoms}}, "", "does not fit"},
		{"refund needs an amount", at(open(ExLost), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveRefund}}, "", "amount"},
		{"partial refund", at(open(ExLost), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveRefund, Amount: 5, Currency: "USD", Partial: true}}, StepFollowUp, ""},
		{"customs needs documents", at(open(ExCustoms), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveCustoms, Duties: DutiesBuyer}}, "", "documents"},
		{"shared duties need consistent amounts", at(open(ExCustoms), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveCustoms, Documents: CustomsDocuments[:2], Duties: DutiesShared, Amount: 20, SellerShare: 25}}, "", "seller's share"},
		{"customs with shared duties", at(open(ExCustoms), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveCustoms, Documents: CustomsDocuments[:3], Duties: DutiesShared, Amount: 20, SellerShare: 10, Currency: "EUR"}}, StepFollowUp, ""},
		{"redelivery needs address and phone", at(open(ExDeliveryFailed), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveRedeliver, Address: "Rua 1"}}, "", "address and the phone"},
		{"claim needs evidence", at(open(ExDamaged), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveClaim, Amount: 30}}, "", "evidence"},
		{"a new ETA must be in the future", at(open(ExOverdue), reassure, verify), CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveNewETA, ETA: now.Add(-day)}}, "", "after today"},
		{"follow-up date in the future", at(open(ExLost), reassure, verify, reissue), CaseAction{Type: ActFollowUp, FollowUpAt: now.Add(3 * day)}, StepFollowUp, ""},
		{"follow-up date in the past is refused", at(open(ExLost), reassure, verify, reissue), CaseAction{Type: ActFollowUp, FollowUpAt: now.Add(-time.Hour)}, "", "not in the future"},
		{"follow-up before the solution is refused", at(open(ExLost), reassure), CaseAction{Type: ActFollowUp, FollowUpAt: now.Add(day)}, "", "after the solution"},
		{"update to the buyer at follow-up", at(open(ExLost), reassure, verify, reissue), CaseAction{Type: ActUpdateBuyer, Text: "your new parcel is on its way"}, StepFollowUp, ""},
		{"close needs a root cause", at(open(ExLost), reassure, verify, reissue), CaseAction{Type: ActClose, Text: "done"}, "", "root cause"},
		{"close needs a resolution", at(open(ExLost), reassure, verify, reissue), CaseAction{Type: ActClose, RootCause: CauseCarrier}, "", "how it was resolved"},
		{"close before a solution is refused", at(open(ExLost), reassure, verify), closeIt, "", "after a solution"},
		{"close", at(open(ExLost), reassure, verify, reissue), closeIt, StepClosed, ""},
		{"a closed case refuses work", at(open(ExLost), reassure, verify, reissue, closeIt), reassure, "", "closed"},
		{"a closed case takes notes", at(open(ExLost), reassure, verify, reissue, closeIt), CaseAction{Type: ActNote, Text: "buyer thanked us"}, StepClosed, ""},
		{"reopen goes back to follow-up", at(open(ExLost), reassure, verify, reissue, closeIt), CaseAction{Type: ActReopen, Text: "buyer says wrong item"}, StepFollowUp, ""},
		{"reopen an open case is refused", open(ExLost), CaseAction{Type: ActReopen}, "", "is open"},
		{"go back to an earlier step", at(open(ExLost), reassure, verify, reissue), CaseAction{Type: ActGoTo, Step: StepSolve}, StepSolve, ""},
		{"skip ahead is refused", open(ExLost), CaseAction{Type: ActGoTo, Step: StepSolve}, "", "needs step"},
		{"go ahead to a step whose need is met", func() Case { c := at(open(ExLost), reassure, verify, reissue); c.Step = StepVerify; return c }(), CaseAction{Type: ActGoTo, Step: StepFollowUp}, StepFollowUp, ""},
		{"go to closed is refused", at(open(ExLost), reassure), CaseAction{Type: ActGoTo, Step: StepClosed}, "", "want reassure"},
		{"unknown action", open(ExLost), CaseAction{Type: "dance"}, "", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, entry, err := tt.from.Apply(tt.act, "ana", now)
			if tt.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("error %v, want a refusal mentioning %q", err, tt.refused)
				}
				if got.Step != tt.from.Step || got.State != tt.from.State {
					t.Fatalf("a refused action changed the case: %s → %s", tt.from.Step, got.Step)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if got.Step != tt.wantStep {
				t.Fatalf("step %s, want %s", got.Step, tt.wantStep)
			}
			if entry.Actor != "ana" || entry.Action != tt.act.Type || !entry.At.Equal(now) {
				t.Fatalf("log entry %+v", entry)
			}
		})
	}
}

func TestOpenCaseAndActors(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	if _, _, err := OpenCase(1, 2, 0, "gone", "en", "ana", now); err == nil {
		t.Fatal("opened a case of an unknown kind")
	}
	if _, _, err := OpenCase(1, 2, 0, ExLost, "en", "", now); err == nil {
		t.Fatal("opened a case with no actor")
	}
	c, e, err := OpenCase(1, 2, 0, ExLost, "en", "ana", now)
	if err != nil || c.Step != StepReassure || c.State != CaseOpen || e.Action != "open" {
		t.Fatalf("OpenCase = %+v %+v %v", c, e, err)
	}
	if _, _, err := c.Apply(CaseAction{Type: ActNote, Text: "x"}, "", now); err == nil {
		t.Fatal("an action with no actor was accepted")
	}
	closed := c
	closed.State = CaseClosed
	if _, _, err := closed.Apply(CaseAction{Type: ActVerify}, "ana", now); !errors.Is(err, ErrCaseClosed) {
		t.Fatalf("closed case: %v", err)
	}
}

func TestSolutionsForEveryKind(t *testing.T) {
	for _, k := range ExceptionKinds {
		if len(SolutionsFor(k)) == 0 {
			t.Errorf("no solution for %s", k)
		}
	}
}

func TestFollowUpDue(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	c := Case{State: CaseOpen, FollowUpAt: now}
	if !c.FollowUpDue(now) || c.FollowUpDue(now.Add(-time.Second)) {
		t.Fatal("due exactly at the follow-up time, not before")
	}
	c.State = CaseClosed
	if c.FollowUpDue(now) {
		t.Fatal("a closed case is never due")
	}
}
