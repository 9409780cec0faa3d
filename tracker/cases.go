package tracker

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"waybill/tracker/number"
)

// CaseStep is where a complaint case stands in the four-step workflow
// (DESIGN §5): reassure the buyer, verify the delivery status, provide a
// solution, follow up until it is resolved.
type CaseStep string

const (
	StepReassure CaseStep = "reassure"
	StepVerify   CaseStep = "verify"
	StepSolve    CaseStep = "solve"
	StepFollowUp CaseStep = "follow_up"
	StepClosed   CaseStep = "closed"
)

// CaseSteps lists the steps in order.
var CaseSteps = []CaseStep{StepReassure, StepVerify, StepSolve, StepFollowUp, StepClosed}

// Number is the step's place in the workflow, 1 to 4 (5 when closed).
func (s CaseStep) Number() int { return slices.Index(CaseSteps, s) + 1 }

// RootCause is why a case happened, recorded at closing so carrier figures
// and logistics plans can learn from it.
type RootCause string

const (
	CauseCarrier   RootCause = "carrier"
	CausePackaging RootCause = "packaging"
	CauseAddress   RootCause = "address"
	CauseCustoms   RootCause = "customs_documents"
	CauseBuyer     RootCause = "buyer"
	CauseOther     RootCause = "other"
)

// RootCauses lists every root cause.
var RootCauses = []RootCause{CauseCarrier, CausePackaging, CauseAddress, CauseCustoms, CauseBuyer, CauseOther}

// SolutionType is what the seller offers in step 3.
type SolutionType string

const (
	SolveNewETA     SolutionType = "new_eta"    // a delay: promise a new date
	SolveReissue    SolutionType = "reissue"    // a loss: a new parcel on the same order
	SolveRefund     SolutionType = "refund"     // full or partial
	SolveCustoms    SolutionType = "customs"    // documents and who pays the duties
	SolveRedeliver  SolutionType = "redelivery" // a failed delivery, address verified
	SolvePickup     SolutionType = "pickup"     // collect at a pickup point
	SolveReturn     SolutionType = "return"     // let it come back
	SolveClaim      SolutionType = "claim"      // damage or loss claimed with the carrier, with evidence
	SolveResend     SolutionType = "resend"     // send the missing or damaged items again
	SolveNoneNeeded SolutionType = "none"       // the parcel arrived after all
)

// SolutionsFor lists the solutions that fit a kind of problem, the usual
// one first.
func SolutionsFor(k ExceptionKind) []SolutionType {
	switch k {
	case ExStale, ExOverdue, ExNoTracking, ExUntracked:
		return []SolutionType{SolveNewETA, SolveReissue, SolveRefund, SolveNoneNeeded}
	case ExLost:
		return []SolutionType{SolveReissue, SolveRefund, SolveClaim}
	case ExCustoms:
		return []SolutionType{SolveCustoms, SolveReturn, SolveRefund}
	case ExDeliveryFailed:
		return []SolutionType{SolveRedeliver, SolvePickup, SolveReturn, SolveRefund}
	case ExDamaged, ExMissingItems:
		return []SolutionType{SolveClaim, SolveResend, SolveRefund}
	case ExReturning:
		return []SolutionType{SolveReturn, SolveResend, SolveRefund}
	case ExCarrierProblem:
		// Until the carrier answers it may be a delay, a loss or nothing.
		return []SolutionType{SolveNewETA, SolveReissue, SolveRefund, SolveNoneNeeded}
	}
	return []SolutionType{SolveRefund, SolveNoneNeeded}
}

// SplitList reads a list as people type one, "a.jpg, b.jpg": the items
// between commas, trimmed, empty ones dropped. Evidence paths and
// documents are given so on the screen and the command line alike.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// CustomsDocuments is the checklist step 3 offers for a customs hold.
var CustomsDocuments = []string{"commercial invoice", "packing list", "HS code", "certificates"}

// Duties says who pays import duties for a customs hold.
type Duties string

const (
	DutiesBuyer  Duties = "buyer"
	DutiesSeller Duties = "seller"
	DutiesShared Duties = "shared"
)

// Solution is what step 3 decided; the fields used depend on Type.
type Solution struct {
	Type SolutionType
	ETA  time.Time // new_eta

	ReissueTrackingNo string // reissue: validated like any number entered
	ReissueCarrier    string

	Amount   Money // refund, claim, duties total: whole cents, as order amounts are
	Currency string
	Partial  bool // refund

	Documents   []string // customs: the documents supplied
	Duties      Duties   // customs
	SellerShare Money    // customs, shared duties: the seller's part of Amount

	Address string // redelivery
	Phone   string

	Evidence  []string // claim: file paths of photos
	Reference string   // claim or investigation reference
}

// validate checks a solution has what its type needs.
func (s Solution) validate(kind ExceptionKind, now time.Time) error {
	if !slices.Contains(SolutionsFor(kind), s.Type) {
		return refusal("solution %q does not fit a %s case (want one of %v)", s.Type, kind, SolutionsFor(kind))
	}
	switch s.Type {
	case SolveNewETA:
		if !s.ETA.After(now) {
			return refusal("new ETA %s: want a date after today", s.ETA.Format("2006-01-02"))
		}
	case SolveReissue:
		r := number.Detect(s.ReissueTrackingNo)
		if !r.Valid {
			// A Refusal, so the reader's language says the note too.
			return refusal(reissueBadNumber, s.ReissueTrackingNo, noteOf(r.Note))
		}
	case SolveRefund:
		if s.Amount <= 0 || s.Currency == "" {
			return refusal("refund amount %s %s: want an amount above 0 and a currency", s.Amount, s.Currency)
		}
	case SolveCustoms:
		if len(s.Documents) == 0 {
			return refusal("customs: tick the documents supplied (invoice, packing list, HS code, certificates)")
		}
		switch s.Duties {
		case DutiesBuyer, DutiesSeller:
		case DutiesShared:
			if s.Amount <= 0 || s.SellerShare <= 0 || s.SellerShare >= s.Amount {
				return refusal("shared duties: the seller's share %s must lie between 0 and the total %s", s.SellerShare, s.Amount)
			}
		default:
			return refusal("customs duties %q: want buyer, seller or shared", s.Duties)
		}
	case SolveRedeliver:
		if strings.TrimSpace(s.Address) == "" || strings.TrimSpace(s.Phone) == "" {
			return refusal("redelivery: verify the address and the phone with the buyer first")
		}
	case SolveClaim:
		if len(s.Evidence) == 0 || s.Amount <= 0 {
			return refusal("claim: give the evidence (photo file paths) and the amount claimed")
		}
	}
	return nil
}

// CaseState says whether a case is being worked or closed.
type CaseState string

const (
	CaseOpen   CaseState = "open"
	CaseClosed CaseState = "closed"
)

// Case is a buyer complaint walked through the four steps.
type Case struct {
	ID          int64
	OrderID     int64
	ShipmentID  int64
	ExceptionID int64 // 0 when opened from an order
	Kind        ExceptionKind
	Step        CaseStep
	State       CaseState
	Language    string // of the messages to the buyer

	OpenedAt   time.Time
	OpenedBy   string
	UpdatedAt  time.Time
	FollowUpAt time.Time // when to look again; due follow-ups rise in the queue
	ClosedAt   time.Time

	Reassured              bool   // step 1 done: a message went to the buyer
	Verified               bool   // step 2 done: the carrier was asked
	CarrierAnswer          string // what the carrier said
	Reference              string // investigation or ticket reference
	InvestigationRequested bool
	Solution               *Solution
	Resolution             string
	RootCause              RootCause
}

// CaseAction is one thing a person does to a case.
type CaseAction struct {
	Type       CaseActionType
	Text       string // the message sent, the carrier's answer, a note, the resolution
	Via        string // how a message went: clipboard or email
	Reference  string
	Solution   *Solution
	FollowUpAt time.Time
	RootCause  RootCause
	Step       CaseStep // for ActGoTo
}

// CaseActionType names a case action.
type CaseActionType string

const (
	ActReassure    CaseActionType = "reassure"     // step 1: a message to the buyer was sent
	ActVerify      CaseActionType = "verify"       // step 2: the carrier's status and answer
	ActInvestigate CaseActionType = "investigate"  // step 2: a logistics investigation requested
	ActSolve       CaseActionType = "solve"        // step 3: the solution
	ActFollowUp    CaseActionType = "follow_up"    // step 4: the next follow-up date
	ActUpdateBuyer CaseActionType = "update_buyer" // step 4: an update sent to the buyer
	ActNote        CaseActionType = "note"         // any step
	ActGoTo        CaseActionType = "go_to"        // back to an earlier step, or on to a step whose need is met
	ActClose       CaseActionType = "close"        // resolution and root cause
	ActReopen      CaseActionType = "reopen"
)

// CaseEntry is one line of a case's log: who did what, when.
type CaseEntry struct {
	ID     int64
	CaseID int64
	At     time.Time
	Actor  string
	Action CaseActionType
	Detail string
}

// ErrCaseClosed refuses work on a closed case other than reopening it.
var ErrCaseClosed = Wrapf(refuseCaseClosed)

// OpenCase starts a case at step 1.
func OpenCase(orderID, shipmentID, exceptionID int64, kind ExceptionKind, lang, actor string, now time.Time) (Case, CaseEntry, error) {
	if !slices.Contains(ExceptionKinds, kind) {
		return Case{}, CaseEntry{}, fmt.Errorf("case kind %q: want one of %v", kind, ExceptionKinds)
	}
	if actor == "" {
		return Case{}, CaseEntry{}, errors.New("a case action needs an actor")
	}
	c := Case{OrderID: orderID, ShipmentID: shipmentID, ExceptionID: exceptionID, Kind: kind,
		Step: StepReassure, State: CaseOpen, Language: lang, OpenedAt: now, OpenedBy: actor, UpdatedAt: now}
	return c, CaseEntry{At: now, Actor: actor, Action: "open", Detail: string(kind)}, nil
}

// Apply runs one action through the workflow and returns the new case and
// the log entry to keep, or an error saying why the action is refused. It is
// a pure function of the case, the action and the time.
func (c Case) Apply(a CaseAction, actor string, now time.Time) (Case, CaseEntry, error) {
	if actor == "" {
		return c, CaseEntry{}, errors.New("a case action needs an actor")
	}
	if c.State == CaseClosed && a.Type != ActReopen && a.Type != ActNote {
		return c, CaseEntry{}, ErrCaseClosed
	}
	e := CaseEntry{CaseID: c.ID, At: now, Actor: actor, Action: a.Type}
	refuse := func(format string, args ...any) (Case, CaseEntry, error) {
		return c, CaseEntry{}, caseRefusal(a.Type, c.Step, format, args...)
	}
	switch a.Type {
	case ActReassure:
		if strings.TrimSpace(a.Text) == "" {
			return refuse("the message sent is empty")
		}
		c.Reassured = true
		if c.Step == StepReassure {
			c.Step = StepVerify
		}
		e.Detail = via(a.Via) + a.Text
	case ActVerify:
		if c.Step == StepReassure {
			return refuse("reassure the buyer first")
		}
		c.Verified = true
		c.CarrierAnswer = strings.TrimSpace(a.Text)
		if a.Reference != "" {
			c.Reference = a.Reference
		}
		if c.Step == StepVerify {
			c.Step = StepSolve
		}
		e.Detail = strings.TrimSpace(a.Text + refSuffix(a.Reference))
	case ActInvestigate:
		if c.Step == StepReassure {
			return refuse("reassure the buyer first")
		}
		c.InvestigationRequested = true
		if a.Reference != "" {
			c.Reference = a.Reference
		}
		e.Detail = strings.TrimSpace(a.Text + refSuffix(a.Reference))
	case ActSolve:
		if c.Step == StepReassure || c.Step == StepVerify {
			return refuse("verify the delivery status first")
		}
		if a.Solution == nil {
			return refuse("no solution given")
		}
		if err := a.Solution.validate(c.Kind, now); err != nil {
			return refuse("%v", err)
		}
		s := *a.Solution
		c.Solution = &s
		if c.Step == StepSolve {
			c.Step = StepFollowUp
		}
		e.Detail = s.String()
	case ActFollowUp:
		if c.Step != StepFollowUp {
			return refuse("a follow-up comes after the solution")
		}
		if !a.FollowUpAt.After(now) {
			return refuse("follow-up date %s is not in the future", a.FollowUpAt.Format("2006-01-02"))
		}
		c.FollowUpAt = a.FollowUpAt
		e.Detail = fmt.Sprintf(caseNextFollowUp, a.FollowUpAt.Format("2006-01-02 15:04"))
	case ActUpdateBuyer:
		if c.Step != StepFollowUp {
			return refuse("updates to the buyer come after the solution")
		}
		if strings.TrimSpace(a.Text) == "" {
			return refuse("the message sent is empty")
		}
		e.Detail = via(a.Via) + a.Text
	case ActNote:
		if strings.TrimSpace(a.Text) == "" {
			return refuse("the note is empty")
		}
		e.Detail = a.Text
	case ActGoTo:
		to := a.Step.Number()
		switch {
		case to < 1 || a.Step == StepClosed:
			return refuse("go to %q: want reassure, verify, solve or follow_up", a.Step)
		case to > c.Step.Number() && !c.done(to-1):
			return refuse("step %s needs step %s done first", a.Step, CaseSteps[to-2])
		}
		e.Detail = fmt.Sprintf(caseGoTo, c.Step, a.Step)
		c.Step = a.Step
	case ActClose:
		switch {
		case c.Solution == nil:
			return refuse("a case closes after a solution")
		case strings.TrimSpace(a.Text) == "":
			return refuse("say how it was resolved")
		case !slices.Contains(RootCauses, a.RootCause):
			return refuse("root cause %q: want one of %v", a.RootCause, RootCauses)
		}
		c.Resolution, c.RootCause = strings.TrimSpace(a.Text), a.RootCause
		c.State, c.Step, c.ClosedAt, c.FollowUpAt = CaseClosed, StepClosed, now, time.Time{}
		e.Detail = fmt.Sprintf(caseClosed, c.Resolution, c.RootCause)
	case ActReopen:
		if c.State != CaseClosed {
			return refuse("the case is open")
		}
		c.State, c.Step, c.ClosedAt = CaseOpen, StepFollowUp, time.Time{}
		e.Detail = strings.TrimSpace(a.Text)
	default:
		return refuse("unknown action")
	}
	c.UpdatedAt = now
	return c, e, nil
}

// done reports whether a step's need is met (1 reassure … 3 solve).
func (c Case) done(step int) bool {
	switch step {
	case 1:
		return c.Reassured
	case 2:
		return c.Verified
	case 3:
		return c.Solution != nil
	}
	return false
}

// FollowUpDue reports whether the case wants looking at now.
func (c Case) FollowUpDue(now time.Time) bool {
	return c.State == CaseOpen && !c.FollowUpAt.IsZero() && !now.Before(c.FollowUpAt)
}

func via(v string) string {
	if v == "" {
		return ""
	}
	return "(" + v + ") "
}

func refSuffix(ref string) string {
	if ref == "" {
		return ""
	}
	return " [ref " + ref + "]" // caseRefSuffix, solvedClaimRef
}

// String is the solution in one line, as the case log, the case view and
// `case show` give it.
func (s Solution) String() string {
	switch s.Type {
	case SolveNewETA:
		return fmt.Sprintf(solvedNewETA, s.ETA.Format("2006-01-02"))
	case SolveReissue:
		return fmt.Sprintf(solvedReissue, s.ReissueTrackingNo)
	case SolveRefund:
		kind := "full"
		if s.Partial {
			kind = "partial"
		}
		return fmt.Sprintf("%s refund %s %s", kind, s.Amount, s.Currency)
	case SolveCustoms:
		if s.Duties == DutiesShared {
			return fmt.Sprintf(solvedCustomsShared, DocumentList(s.Documents), s.Duties, s.SellerShare, s.Amount, s.Currency)
		}
		return fmt.Sprintf(solvedCustoms, DocumentList(s.Documents), s.Duties)
	case SolveRedeliver, SolvePickup:
		switch {
		case s.Address != "" && s.Phone != "":
			return fmt.Sprintf(solvedToPhone, s.Type, s.Address, s.Phone)
		case s.Address != "":
			return fmt.Sprintf(solvedTo, s.Type, s.Address)
		case s.Phone != "":
			return fmt.Sprintf(solvedPhone, s.Type, s.Phone)
		}
		return string(s.Type)
	case SolveClaim:
		return fmt.Sprintf("claim %s %s%s with %d photos", s.Amount, s.Currency, refSuffix(s.Reference), len(s.Evidence))
	case SolveNoneNeeded:
		return solvedNone
	}
	return string(s.Type)
}
