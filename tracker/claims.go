package tracker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Claim is money asked back for a parcel lost or damaged: from its
// carrier, or from an insurer. It belongs to a complaint case and to the
// case's parcel; every change is logged with who made it and when
// (ClaimEntry).
type Claim struct {
	ID         int64
	CaseID     int64
	OrderID    int64
	ShipmentID int64
	PartyKind  PartyKind
	// Party is who is claimed from: a carrier's slug (cainiao, dhl), or
	// the insurer's name as the seller writes it.
	Party     string
	Reference string    // the party's claim or complaint number
	FiledAt   time.Time // the day it was filed (UTC midnight); zero while a draft
	Claimed   Money
	Recovered Money
	Currency  string // ISO 4217, upper case
	State     ClaimState
	Note      string // the last note given with a change
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
}

// PartyKind says whom a claim is made to.
type PartyKind string

const (
	PartyCarrier PartyKind = "carrier"
	PartyInsurer PartyKind = "insurer"
)

// ClaimState is where a claim stands.
type ClaimState string

const (
	ClaimDraft     ClaimState = "draft"     // being put together; nothing sent
	ClaimFiled     ClaimState = "filed"     // sent to the party, with their reference
	ClaimAnswered  ClaimState = "answered"  // the party asked or said something; no decision
	ClaimPaid      ClaimState = "paid"      // money came back (all or part of it)
	ClaimRejected  ClaimState = "rejected"  // the party refused; nothing came back
	ClaimAppealed  ClaimState = "appealed"  // a rejection or an answer contested
	ClaimWithdrawn ClaimState = "withdrawn" // given up by the seller
)

// ClaimStates are every state, in the order a claim usually goes.
var ClaimStates = []ClaimState{ClaimDraft, ClaimFiled, ClaimAnswered, ClaimAppealed, ClaimPaid, ClaimRejected, ClaimWithdrawn}

// Valid reports whether s is one of ClaimStates.
func (s ClaimState) Valid() bool { return slices.Contains(ClaimStates, s) }

// Closed reports whether the claim has come to an end as things stand:
// paid, rejected or withdrawn. Only closed claims count in the scorecard's
// money, since an open one's outcome is not known. (A rejected claim may
// still be appealed, which opens it again.)
func (s ClaimState) Closed() bool {
	return s == ClaimPaid || s == ClaimRejected || s == ClaimWithdrawn
}

// claimTransitions is the state machine: from each state, the states a
// claim may move to. What each target needs is claimNeeds's to say.
var claimTransitions = map[ClaimState][]ClaimState{
	ClaimDraft:     {ClaimFiled, ClaimWithdrawn},
	ClaimFiled:     {ClaimAnswered, ClaimPaid, ClaimRejected, ClaimWithdrawn},
	ClaimAnswered:  {ClaimPaid, ClaimRejected, ClaimAppealed, ClaimWithdrawn},
	ClaimAppealed:  {ClaimAnswered, ClaimPaid, ClaimRejected, ClaimWithdrawn},
	ClaimRejected:  {ClaimAppealed},
	ClaimPaid:      nil, // final: the money is in
	ClaimWithdrawn: nil, // final: given up
}

// stateList writes states for an error: "filed, withdrawn"; none is a
// Hint, which a reader says in its language.
func stateList(ss []ClaimState) any {
	if len(ss) == 0 {
		return Hint(claimFinal)
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return strings.Join(out, ", ")
}

// ParseClaimState reads a state as typed, naming the allowed ones when it
// is none of them.
func ParseClaimState(s string) (ClaimState, error) {
	st := ClaimState(strings.ToLower(strings.TrimSpace(s)))
	if !st.Valid() {
		return "", refusal(refuseClaimState, s, stateList(ClaimStates))
	}
	return st, nil
}

// CheckClaim says what is wrong with a claim as it would be stored in its
// state, naming the field and the value: what each state needs (the
// state machine's table of requirements). now bounds the filing date.
func CheckClaim(c Claim, now time.Time) error {
	switch {
	case !c.State.Valid():
		return refusal(refuseClaimState, c.State, stateList(ClaimStates))
	case c.PartyKind != PartyCarrier && c.PartyKind != PartyInsurer:
		return refusal(refuseClaimPartyKind, c.PartyKind)
	case strings.TrimSpace(c.Party) == "":
		return refusal(refuseClaimNoParty)
	case c.Claimed <= 0:
		return refusal(refuseClaimAmount, c.Claimed)
	case c.Claimed > maxMoney:
		return refusal(refuseClaimTooLarge, c.Claimed)
	case !currencyRE(c.Currency):
		return refusal(refuseClaimCurrency, c.Currency)
	case c.Recovered < 0:
		return refusal(refuseClaimRecovered, c.Recovered)
	case c.Recovered > c.Claimed:
		return refusal(refuseClaimOverpaid, c.Recovered, c.Claimed)
	case !c.FiledAt.IsZero() && c.FiledAt.After(now.Add(24*time.Hour)):
		return refusal(refuseClaimFuture, c.FiledAt.Format(time.DateOnly))
	}
	return claimNeeds(c)
}

// claimNeeds is what a claim's state needs beyond the fields every claim
// has.
func claimNeeds(c Claim) error {
	switch c.State {
	case ClaimFiled, ClaimAnswered, ClaimAppealed, ClaimPaid, ClaimRejected:
		// The party knows the claim by its reference and its clock by the
		// filing date: without them nobody can follow it up.
		if c.FiledAt.IsZero() {
			return refusal(refuseClaimNeedsFiled, c.State)
		}
		if strings.TrimSpace(c.Reference) == "" {
			return refusal(refuseClaimNeedsRef, c.State)
		}
	}
	switch c.State {
	case ClaimPaid:
		if c.Recovered <= 0 {
			return refusal(refuseClaimPaidNone, c.Recovered)
		}
	default:
		// Money that came back makes the claim paid (in part or in full);
		// any other state with money recovered would count it nowhere.
		if c.Recovered != 0 {
			return refusal(refuseClaimNotPaid, c.State, c.Recovered)
		}
	}
	return nil
}

// currencyRE reports whether s is three ASCII capitals.
func currencyRE(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// ClaimChange is what one change of a claim asks for; a nil field keeps
// the claim's value.
type ClaimChange struct {
	State     ClaimState // "" keeps the state
	Recovered *Money
	Reference *string
	FiledAt   *time.Time
	Note      string
}

// ApplyClaimChange returns c after ch, or an error naming the field and
// value when the state machine refuses it. It is a pure function.
func ApplyClaimChange(c Claim, ch ClaimChange, now time.Time) (Claim, error) {
	next := c
	if ch.State != "" && ch.State != c.State {
		if !ch.State.Valid() {
			return c, refusal(refuseClaimState, ch.State, stateList(ClaimStates))
		}
		if !slices.Contains(claimTransitions[c.State], ch.State) {
			return c, refusal(refuseClaimMove, ch.State, c.State, ch.State, stateList(claimTransitions[c.State]))
		}
		next.State = ch.State
	}
	if ch.Recovered != nil {
		next.Recovered = *ch.Recovered
	}
	if ch.Reference != nil {
		next.Reference = strings.TrimSpace(*ch.Reference)
	}
	if ch.FiledAt != nil {
		next.FiledAt = dayOf(*ch.FiledAt)
	}
	next.Note = strings.TrimSpace(ch.Note)
	if next.State == c.State && next.Recovered == c.Recovered && next.Reference == c.Reference && next.FiledAt.Equal(c.FiledAt) && next.Note == "" {
		return c, refusal(refuseClaimNoChange)
	}
	if err := CheckClaim(next, now); err != nil {
		return c, Wrapf(WrapClaim, c.ID, err)
	}
	return next, nil
}

func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// describeChange is the log line of a change from before to after.
func describeChange(before, after Claim) string {
	var parts []string
	if before.State != after.State {
		parts = append(parts, fmt.Sprintf("%s → %s", before.State, after.State))
	}
	if before.Recovered != after.Recovered {
		parts = append(parts, fmt.Sprintf("recovered %s %s", after.Recovered, after.Currency))
	}
	if before.Reference != after.Reference {
		parts = append(parts, "ref "+after.Reference)
	}
	if !before.FiledAt.Equal(after.FiledAt) {
		parts = append(parts, "filed "+after.FiledAt.Format(time.DateOnly))
	}
	if after.Note != "" {
		parts = append(parts, "note: "+after.Note)
	}
	return strings.Join(parts, "; ")
}

// ClaimRow is a claim with what lists show beside it.
type ClaimRow struct {
	Claim
	OrderNo    string
	TrackingNo string
	Carrier    string
	ShippedAt  time.Time
}

// Age is how long the claim has stood: since filing, or since it was
// written down while a draft.
func (r ClaimRow) Age(now time.Time) time.Duration {
	from := r.FiledAt
	if from.IsZero() {
		from = r.CreatedAt
	}
	if from.IsZero() || now.Before(from) {
		return 0
	}
	return now.Sub(from)
}

// ClaimEntry is one line of a claim's log.
type ClaimEntry struct {
	ClaimID int64
	At      time.Time
	Actor   string
	Action  string // added, or the change
	Detail  string
}

// ClaimQuery picks claims for a list, newest first.
type ClaimQuery struct {
	State      ClaimState // "" for all
	ShipmentID int64      // 0 for all
	Limit      int        // 0 for all
}

// ErrClaimChanged refuses a save over a claim changed by someone else
// since it was read.
var ErrClaimChanged = Wrapf(refuseClaimChanged)

// ErrNoClaims is returned by a store that keeps no claims.
var ErrNoClaims = errors.New("this store keeps no claims")

// ClaimEffects are what a claim's change does to the deadlines, written
// in the claim's own transaction.
type ClaimEffects struct {
	// Window is the filing window to put as a carrier_claim deadline; a
	// Ref of "" means the claim's own (ClaimWindowRef of its id, known
	// once stored). nil: none.
	Window *Deadline
	// Meet closes the open carrier_claim deadline with this ref on the
	// claim's order as met (the claim was filed); Gone closes it as gone
	// (a draft withdrawn). "" : none; ClaimOwnRef: the claim's own.
	Meet, Gone string
}

// ClaimOwnRef in ClaimEffects stands for the claim's own window ref,
// which needs the claim's id.
const ClaimOwnRef = "claim:"

// ClaimWindowRef is the ref of an insurer claim's filing-window deadline:
// an insurer's window belongs to the claim, since nothing but the claim
// tells waybill that a parcel was insured with whom.
func ClaimWindowRef(claimID int64) string { return "claim:" + strconv.FormatInt(claimID, 10) }

// ClaimStore keeps claims and their logs.
type ClaimStore interface {
	// AddClaim stores a new claim, its first log entry and fx in one
	// transaction and returns it with its ID.
	AddClaim(ctx context.Context, c Claim, e ClaimEntry, fx ClaimEffects) (Claim, error)
	// SaveClaim stores c, appends e and makes fx in one transaction,
	// provided the stored claim still has UpdatedAt prev; otherwise
	// ErrClaimChanged and nothing changes.
	SaveClaim(ctx context.Context, c Claim, prev time.Time, e ClaimEntry, fx ClaimEffects) error
	Claim(ctx context.Context, id int64) (ClaimRow, error)
	Claims(ctx context.Context, q ClaimQuery) ([]ClaimRow, error)
	ClaimLog(ctx context.Context, id int64) ([]ClaimEntry, error)
}

// ClaimRequest asks to add a claim to a case.
type ClaimRequest struct {
	CaseID    int64
	PartyKind PartyKind // "" is carrier
	Party     string
	Reference string
	FiledAt   time.Time
	Claimed   Money
	Currency  string
	State     ClaimState // draft or filed; "" is draft
	Note      string
}

// WithClaims sets [claims] (windows and attempt limits); a Service
// without it uses DefaultClaims.
func (s *Service) WithClaims(c ClaimsConfig) *Service {
	s.claimsCfg = &c
	return s
}

func (s *Service) claimsConfig() ClaimsConfig {
	if s.claimsCfg == nil {
		return DefaultClaims()
	}
	return *s.claimsCfg
}

func (s *Service) claimStore() (ClaimStore, error) {
	cs, ok := s.store.(ClaimStore)
	if !ok {
		return nil, ErrNoClaims
	}
	return cs, nil
}

// normParty is the party as stored: a carrier by its slug in lower case
// (so "Cainiao" and "cainiao" are one carrier for the attempt limit), an
// insurer as written, without terminal controls.
func normParty(k PartyKind, p string) string {
	p = strings.TrimSpace(Sanitize(p))
	if k == PartyCarrier {
		p = strings.ToLower(p)
	}
	return p
}

// attempts counts the claims among others that reached the party (filed
// at some point): what a carrier's limit on complaints counts. A draft
// never sent, or withdrawn before filing, is no attempt.
func attempts(others []ClaimRow, k PartyKind, party string, skip int64) []int64 {
	var ids []int64
	for _, o := range others {
		if o.ID == skip || o.PartyKind != k || o.Party != party {
			continue
		}
		if o.State == ClaimDraft || (o.State == ClaimWithdrawn && o.FiledAt.IsZero()) {
			continue
		}
		ids = append(ids, o.ID)
	}
	return ids
}

// checkAttempts refuses a claim to a carrier that would go past the
// carrier's limit on claims per parcel ([claims.attempts]).
func (s *Service) checkAttempts(ctx context.Context, cs ClaimStore, c Claim) error {
	if c.PartyKind != PartyCarrier {
		return nil
	}
	limit := s.claimsConfig().AttemptLimit(c.Party)
	if limit <= 0 {
		return nil
	}
	others, err := cs.Claims(ctx, ClaimQuery{ShipmentID: c.ShipmentID})
	if err != nil {
		return fmt.Errorf("claims of shipment %d: %w", c.ShipmentID, err)
	}
	used := attempts(others, c.PartyKind, c.Party, c.ID)
	slices.Sort(used)
	if len(used) >= limit {
		var names []string
		for _, id := range used {
			names = append(names, "#"+strconv.FormatInt(id, 10))
		}
		return refusal(refuseClaimAttempts,
			c.Party, c.Party, limit, len(used), strings.Join(names, ", "))
	}
	return nil
}

// windowOf is the filing window of c as a carrier_claim deadline: the
// parcel's shipping date plus the party's window ([claims.windows]).
// False without a shipping date.
func (s *Service) windowOf(c Claim, sh Shipment) (Deadline, bool) {
	if sh.ShippedAt.IsZero() {
		return Deadline{}, false
	}
	cfg := s.claimsConfig()
	d := Deadline{OrderID: c.OrderID, ShipmentID: c.ShipmentID, CaseID: c.CaseID, Kind: DeadlineCarrierClaim,
		Source: SourceRule, State: DeadlineOpen}
	if c.PartyKind == PartyCarrier {
		// The same clock the lost/damaged rule starts: one deadline per
		// parcel, whichever comes first.
		d.DueAt = sh.ShippedAt.UTC().AddDate(0, 0, cfg.CarrierWindow(c.Party)).Truncate(time.Second)
		d.Ref = ClaimRef(c.ShipmentID)
	} else {
		d.DueAt = sh.ShippedAt.UTC().AddDate(0, 0, cfg.InsurerWindow(c.Party)).Truncate(time.Second)
	}
	return d, true
}

// windowRef is the ref of c's filing-window deadline.
func windowRef(c Claim) string {
	if c.PartyKind == PartyCarrier {
		return ClaimRef(c.ShipmentID)
	}
	return ClaimOwnRef
}

// AddClaim adds a claim to a case, on the case's parcel, as a draft or as
// filed. A draft puts its filing window in the deadlines; a filed claim
// meets it.
func (s *Service) AddClaim(ctx context.Context, a Actor, req ClaimRequest) (Claim, error) {
	if err := a.mayWork(); err != nil {
		return Claim{}, err
	}
	cs, err := s.claimStore()
	if err != nil {
		return Claim{}, err
	}
	if req.PartyKind == "" {
		req.PartyKind = PartyCarrier
	}
	if req.State == "" {
		req.State = ClaimDraft
	}
	if req.State != ClaimDraft && req.State != ClaimFiled {
		return Claim{}, refusal(refuseClaimNewState, req.State)
	}
	cr, err := s.store.Case(ctx, req.CaseID)
	if errors.Is(err, ErrNotFound) {
		return Claim{}, notFound("case %d: not found (waybill case list shows the cases)", req.CaseID)
	}
	if err != nil {
		return Claim{}, err
	}
	sh, err := s.store.Shipment(ctx, cr.ShipmentID)
	if err != nil {
		return Claim{}, fmt.Errorf("parcel %d of case %d: %w", cr.ShipmentID, req.CaseID, err)
	}
	now := s.clock.Now()
	c := Claim{CaseID: cr.ID, OrderID: cr.OrderID, ShipmentID: cr.ShipmentID, PartyKind: req.PartyKind,
		Party: normParty(req.PartyKind, req.Party), Reference: strings.TrimSpace(Sanitize(req.Reference)),
		FiledAt: dayOf(req.FiledAt), Claimed: req.Claimed, Currency: strings.ToUpper(strings.TrimSpace(req.Currency)),
		State: req.State, Note: strings.TrimSpace(Sanitize(req.Note)), CreatedAt: now, CreatedBy: a.Name, UpdatedAt: now}
	if err := CheckClaim(c, now); err != nil {
		return Claim{}, err
	}
	if err := s.checkAttempts(ctx, cs, c); err != nil {
		return Claim{}, err
	}
	var fx ClaimEffects
	if c.State == ClaimDraft {
		if d, ok := s.windowOf(c, sh); ok {
			fx.Window = &d
		}
	} else {
		fx.Meet = windowRef(c)
	}
	detail := fmt.Sprintf("%s %s: %s %s claimed, %s", c.PartyKind, c.Party, c.Claimed, c.Currency, c.State)
	if c.Note != "" {
		detail += "; note: " + c.Note
	}
	out, err := cs.AddClaim(ctx, c, ClaimEntry{At: now, Actor: a.Name, Action: "added", Detail: detail}, fx)
	if err != nil {
		return Claim{}, Wrapf(WrapCaseClaim, req.CaseID, err)
	}
	s.publish(c.ShipmentID)
	return out, nil
}

// ChangeClaim moves a claim through the state machine and/or sets its
// amounts, reference and filing date, logging the change.
func (s *Service) ChangeClaim(ctx context.Context, a Actor, id int64, ch ClaimChange) (Claim, error) {
	if err := a.mayWork(); err != nil {
		return Claim{}, err
	}
	cs, err := s.claimStore()
	if err != nil {
		return Claim{}, err
	}
	row, err := cs.Claim(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Claim{}, notFound("claim %d: not found (waybill claims shows the claims)", id)
	}
	if err != nil {
		return Claim{}, err
	}
	if ch.Reference != nil {
		r := Sanitize(*ch.Reference)
		ch.Reference = &r
	}
	ch.Note = Sanitize(ch.Note)
	now := s.clock.Now()
	before := row.Claim
	after, err := ApplyClaimChange(before, ch, now)
	if err != nil {
		return Claim{}, err
	}
	var fx ClaimEffects
	if before.State == ClaimDraft && after.State == ClaimFiled {
		if err := s.checkAttempts(ctx, cs, after); err != nil {
			return Claim{}, err
		}
		fx.Meet = windowRef(after)
	}
	if before.State == ClaimDraft && after.State == ClaimWithdrawn && after.PartyKind == PartyInsurer {
		// The insurer's window was the claim's alone; a carrier's stays,
		// since the parcel can still be claimed for.
		fx.Gone = ClaimOwnRef
	}
	after.UpdatedAt = now
	e := ClaimEntry{ClaimID: id, At: now, Actor: a.Name, Action: "changed", Detail: describeChange(before, after)}
	if before.State != after.State {
		e.Action = string(after.State)
	}
	if err := cs.SaveClaim(ctx, after, before.UpdatedAt, e, fx); err != nil {
		return Claim{}, Wrapf(WrapClaim, id, err)
	}
	s.publish(after.ShipmentID)
	return after, nil
}

// Claims lists claims, newest first.
func (s *Service) Claims(ctx context.Context, q ClaimQuery) ([]ClaimRow, error) {
	cs, err := s.claimStore()
	if err != nil {
		return nil, err
	}
	return cs.Claims(ctx, q)
}

// ClaimLog is a claim's log, oldest first.
func (s *Service) ClaimLog(ctx context.Context, id int64) ([]ClaimEntry, error) {
	cs, err := s.claimStore()
	if err != nil {
		return nil, err
	}
	return cs.ClaimLog(ctx, id)
}
