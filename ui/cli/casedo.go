package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/ui/i18n"
)

// caseAction is one action of `case do`: the flags it takes besides the
// common ones, and those it cannot do without.
type caseAction struct {
	typ      tracker.CaseActionType
	flags    []string
	required []string
}

var caseActions = map[string]caseAction{
	"reassure":     {tracker.ActReassure, []string{"text", "via"}, []string{"text"}},
	"verify":       {tracker.ActVerify, []string{"text", "ref"}, nil},
	"investigate":  {tracker.ActInvestigate, []string{"ref", "text"}, nil},
	"solve":        {tracker.ActSolve, append([]string{"type", "ref"}, solutionFlags...), []string{"type"}},
	"follow-up":    {tracker.ActFollowUp, []string{"date"}, []string{"date"}},
	"update-buyer": {tracker.ActUpdateBuyer, []string{"text", "via"}, []string{"text"}},
	"note":         {tracker.ActNote, []string{"text"}, []string{"text"}},
	"go-to":        {tracker.ActGoTo, []string{"step"}, []string{"step"}},
	"close":        {tracker.ActClose, []string{"resolution", "cause"}, []string{"resolution", "cause"}},
	"reopen":       {tracker.ActReopen, []string{"text"}, nil},
}

// solutionFlags are the flags of `case do ID solve`; solutionTypes says
// which of them each type of solution takes (--ref fits every type).
var solutionFlags = []string{"eta", "tracking", "carrier", "amount", "currency", "partial", "documents", "duties", "seller-share", "address", "phone", "evidence"}

var solutionTypes = map[tracker.SolutionType][]string{
	tracker.SolveNewETA:     {"eta"},
	tracker.SolveReissue:    {"tracking", "carrier"},
	tracker.SolveRefund:     {"amount", "currency", "partial"},
	tracker.SolveCustoms:    {"documents", "duties", "amount", "seller-share", "currency"},
	tracker.SolveRedeliver:  {"address", "phone"},
	tracker.SolvePickup:     {"address", "phone"},
	tracker.SolveReturn:     {},
	tracker.SolveClaim:      {"amount", "currency", "evidence"},
	tracker.SolveResend:     {},
	tracker.SolveNoneNeeded: {},
}

// solutionNeeds are the flags a type of solution cannot do without.
var solutionNeeds = map[tracker.SolutionType][]string{
	tracker.SolveNewETA:    {"eta"},
	tracker.SolveReissue:   {"tracking"},
	tracker.SolveRefund:    {"amount", "currency"},
	tracker.SolveCustoms:   {"documents", "duties"},
	tracker.SolveRedeliver: {"address", "phone"},
	tracker.SolveClaim:     {"evidence", "amount", "currency"},
}

func actionNames() string {
	names := make([]string, 0, len(caseActions))
	for n := range caseActions {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// caseDoFlags are the flags of `case do`.
type caseDoFlags struct {
	text, via, ref, solType, eta, tracking, carrier, amount, currency    string
	documents, duties, sellerShare, address, phone, evidence, date, step string
	resolution, cause                                                    string
	partial, asJSON                                                      bool
}

func (a *app) caseDoCmd() *cobra.Command {
	var f caseDoFlags
	cmd := leaf("do ID ACTION", "one action on a case, as the screens do it (case help lists them)", func(cmd *cobra.Command, args []string) error {
		if len(args) != 2 {
			return usagef("want a case id and an action (%s), got %d arguments", actionNames(), len(args))
		}
		id, err := parseCaseID(args[0])
		if err != nil {
			return err
		}
		name := strings.ReplaceAll(strings.ToLower(args[1]), "_", "-")
		act, err := f.action(cmd.Flags(), a.stdin, name, args[1])
		if err != nil {
			return err
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		if err := f.dates(&act, svc.Now()); err != nil {
			return err
		}
		return doCase(cmd.Context(), a.stdout, a.tr(), s.store, svc, id, name, act, f.eta == "auto", f.asJSON)
	})
	fs := cmd.Flags()
	fs.BoolVar(&f.asJSON, "json", false, "print the case as JSON afterwards")
	fs.StringVar(&f.text, "text", "", "the message sent, the carrier's answer, a note (- reads standard input)")
	fs.StringVar(&f.via, "via", "", "how the message went, e.g. clipboard, email, marketplace")
	fs.StringVar(&f.ref, "ref", "", "investigation, ticket or claim `reference`")
	fs.StringVar(&f.solType, "type", "", "solution `type`: new_eta, reissue, refund, customs, redelivery, pickup, return, claim, resend, none")
	fs.StringVar(&f.eta, "eta", "", "new_eta: the promised `date` (YYYY-MM-DD, +10d, fri …), or auto: the parcel's ETA (the day 9 in 10 similar parcels arrived by, or the carrier's estimate)")
	fs.StringVar(&f.tracking, "tracking", "", "reissue: the new parcel's tracking `number`")
	fs.StringVar(&f.carrier, "carrier", "", "reissue: the new parcel's carrier `slug` (default: detected from the number)")
	fs.StringVar(&f.amount, "amount", "", "refund, claim or duties `amount`, e.g. 12.50")
	fs.StringVar(&f.currency, "currency", "", "ISO 4217 `code` of the amount, e.g. EUR")
	fs.BoolVar(&f.partial, "partial", false, "refund: a partial refund")
	fs.StringVar(&f.documents, "documents", "", "customs: the documents supplied, comma-separated (`list`): "+strings.Join(tracker.CustomsDocuments, ", "))
	fs.StringVar(&f.duties, "duties", "", "customs: who pays the duties: buyer, seller or shared")
	fs.StringVar(&f.sellerShare, "seller-share", "", "customs, shared duties: the seller's part of --amount")
	fs.StringVar(&f.address, "address", "", "redelivery or pickup: the verified `address`")
	fs.StringVar(&f.phone, "phone", "", "redelivery or pickup: the verified `phone` number")
	fs.StringVar(&f.evidence, "evidence", "", "claim: photo file `paths`, comma-separated")
	fs.StringVar(&f.date, "date", "", "follow-up: the `date` to look again: YYYY-MM-DD, tomorrow, +3d, fri …, or \"YYYY-MM-DD HH:MM\"")
	fs.StringVar(&f.step, "step", "", "go-to: the `step`: reassure, verify, solve or follow_up (or 1-4)")
	fs.StringVar(&f.resolution, "resolution", "", "close: how it was resolved")
	fs.StringVar(&f.cause, "cause", "", "close: the root `cause`: carrier, packaging, address, customs_documents, buyer, other")
	return cmd
}

// action checks the flags given against the action called name (typed
// as typed) and builds it; --text - reads stdin.
func (f *caseDoFlags) action(fs *pflag.FlagSet, stdin io.Reader, name, typed string) (tracker.CaseAction, error) {
	act, ok := caseActions[name]
	if !ok {
		return tracker.CaseAction{}, usagef("action %q: want one of %s", typed, actionNames())
	}
	set := map[string]bool{}
	fs.Visit(func(f *pflag.Flag) { set[f.Name] = true })
	for f := range set {
		if f != "db" && f != "config" && f != "json" && !slices.Contains(act.flags, f) {
			return tracker.CaseAction{}, usagef("--%s does not apply to %s (it takes %s)", f, name, flagList(act.flags))
		}
	}
	for _, f := range act.required {
		if !set[f] || (fs.Lookup(f).Value.String() == "" && f != "partial") {
			return tracker.CaseAction{}, usagef("%s needs --%s", name, f)
		}
	}
	if f.text == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return tracker.CaseAction{}, wrapf("--text -: read standard input: %v", err)
		}
		f.text = strings.TrimSpace(string(b))
	}
	a := tracker.CaseAction{Type: act.typ, Text: f.text, Via: strings.TrimSpace(f.via), Reference: strings.TrimSpace(f.ref)}
	var err error
	switch act.typ {
	case tracker.ActSolve:
		sol, err := f.solution(fs, set, a.Reference)
		if err != nil {
			return tracker.CaseAction{}, err
		}
		a.Solution = &sol
	case tracker.ActGoTo:
		if a.Step, err = parseStep(f.step); err != nil {
			return tracker.CaseAction{}, err
		}
	case tracker.ActClose:
		a.Text = strings.TrimSpace(f.resolution)
		if a.RootCause, err = parseCause(f.cause); err != nil {
			return tracker.CaseAction{}, err
		}
	}
	return a, nil
}

// solution checks the flags of `case do ID solve` (set holds those given)
// against its --type, and builds the solution.
func (f *caseDoFlags) solution(fs *pflag.FlagSet, set map[string]bool, ref string) (tracker.Solution, error) {
	typ := tracker.SolutionType(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(f.solType)), "-", "_"))
	fits, ok := solutionTypes[typ]
	if !ok {
		return tracker.Solution{}, usagef("--type %q: want new_eta, reissue, refund, customs, redelivery, pickup, return, claim, resend or none", f.solType)
	}
	for _, fl := range solutionFlags {
		if set[fl] && !slices.Contains(fits, fl) {
			return tracker.Solution{}, usagef("--%s does not apply to a %s solution (it takes %s)", fl, typ, flagList(append(slices.Clone(fits), "ref")))
		}
	}
	for _, fl := range solutionNeeds[typ] {
		if fs.Lookup(fl).Value.String() == "" {
			return tracker.Solution{}, usagef("a %s solution needs --%s", typ, fl)
		}
	}
	if f.amount != "" && f.currency == "" {
		return tracker.Solution{}, usagef("--amount %s needs --currency", f.amount)
	}
	sol := tracker.Solution{Type: typ, Partial: f.partial, Reference: ref, Duties: tracker.Duties(strings.ToLower(strings.TrimSpace(f.duties))),
		Address: strings.TrimSpace(f.address), Phone: strings.TrimSpace(f.phone)}
	var err error
	if f.tracking != "" {
		det, bad := tracker.CheckTrackingNumber(f.tracking)
		if bad != nil {
			return tracker.Solution{}, usagef("--tracking %q: %s", f.tracking, bad)
		}
		sol.ReissueTrackingNo, sol.ReissueCarrier = det.Number, det.Carrier
		if f.carrier != "" {
			sol.ReissueCarrier = strings.ToLower(strings.TrimSpace(f.carrier))
			if number.CarrierName(sol.ReissueCarrier) == "" {
				return tracker.Solution{}, usagef("--carrier %q: not a carrier slug (the README lists them)", f.carrier)
			}
		}
	}
	if sol.Amount, err = parseAmount("--amount", f.amount); err != nil {
		return tracker.Solution{}, err
	}
	if sol.SellerShare, err = parseAmount("--seller-share", f.sellerShare); err != nil {
		return tracker.Solution{}, err
	}
	if f.currency != "" {
		sol.Currency = strings.ToUpper(strings.TrimSpace(f.currency))
		if len(sol.Currency) != 3 || strings.Trim(sol.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return tracker.Solution{}, usagef("--currency %q: want a three-letter ISO 4217 code such as EUR", f.currency)
		}
	}
	if f.duties != "" && !slices.Contains([]tracker.Duties{tracker.DutiesBuyer, tracker.DutiesSeller, tracker.DutiesShared}, sol.Duties) {
		return tracker.Solution{}, usagef("--duties %q: want buyer, seller or shared", f.duties)
	}
	sol.Documents = tracker.SplitList(f.documents)
	sol.Evidence = tracker.SplitList(f.evidence)
	for _, p := range sol.Evidence {
		if _, err := os.Stat(p); err != nil {
			return tracker.Solution{}, usagef("--evidence %q: %v", p, err)
		}
	}
	return sol, nil
}

// doCase does action a (called name) on case id through the service,
// which makes its effects too (a reissue's parcel on the order, the
// exception closed with the case …). autoETA takes a new ETA's date from
// the service's suggestion, the one the screen prefills.
func doCase(ctx context.Context, out io.Writer, tr *i18n.Printer, st caseDoer, svc *tracker.Service, id int64, name string, a tracker.CaseAction, autoETA, asJSON bool) error {
	if a.Solution != nil && autoETA {
		t, ok, err := svc.SuggestETA(ctx, id)
		switch {
		case errors.Is(err, tracker.ErrNotFound):
			return problemf("no case %d in %s", id, st.Path())
		case err != nil:
			return err
		case !ok:
			return problemf("--eta auto: no ETA ahead is known for case %d's parcel (delivered, or no carrier estimate and too little history): give --eta YYYY-MM-DD", id)
		}
		a.Solution.ETA = t
	}
	done, err := svc.DoCase(ctx, actor(), id, a)
	if errors.Is(err, tracker.ErrNotFound) {
		return problemf("no case %d in %s", id, st.Path())
	}
	if err != nil {
		return err
	}
	if asJSON {
		return printCase(ctx, out, st, id, false)
	}
	cs := done.Case
	switch {
	case cs.State == tracker.CaseClosed:
		fmt.Fprintln(out, tr.Plain("case %d: %s; closed (root cause: %s)", id, caseActWord(tr, name), causeWord(tr, cs.RootCause)))
	default:
		fmt.Fprintln(out, tr.Plain("case %d: %s; now at step %d/4 %s", id, caseActWord(tr, name), cs.Step.Number(), stepWord(tr, cs.Step)))
	}
	if r := done.Effects.Reissue; r != nil {
		fmt.Fprintln(out, tr.Plain("added the new parcel %s to the case's order", r.TrackingNo))
	}
	return nil
}

func flagList(names []string) string {
	if len(names) == 0 {
		return "no flags"
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "--" + n
	}
	return strings.Join(out, ", ")
}

// parseAmount reads a money amount in whole cents; "" is zero. More than
// two decimals, an exponent or a sign is refused, never rounded.
func parseAmount(field, v string) (tracker.Money, error) {
	if strings.TrimSpace(v) == "" {
		return 0, nil
	}
	m, err := tracker.ParseMoney(v)
	if err == nil && m <= 0 {
		err = errors.New("zero")
	}
	if err != nil {
		return 0, usagef("%s %q: want an amount above 0 with at most two decimals, such as 12.50 (%v)", field, v, err)
	}
	return m, nil
}

// dates reads the action's dates, --date of a follow-up and --eta of a
// new ETA, by the store's clock (the demo's in a demo store), so
// "tomorrow" is the screen's tomorrow; the store is open by then.
func (f *caseDoFlags) dates(a *tracker.CaseAction, now time.Time) error {
	var err error
	if a.Type == tracker.ActFollowUp {
		if a.FollowUpAt, err = parseDateTime("--date", f.date, now); err != nil {
			return err
		}
	}
	if a.Solution != nil && f.eta != "" && f.eta != "auto" {
		if a.Solution.ETA, err = parseDate("--eta", f.eta, now); err != nil {
			return err
		}
	}
	return nil
}

// parseDateTime reads a day as the screen's date fields do
// (tracker.ParseDate), or a date and time to the minute.
func parseDateTime(field, v string, now time.Time) (time.Time, error) {
	t, err := tracker.ParseDate(v, now)
	if err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, e := time.ParseInLocation(layout, strings.TrimSpace(v), now.Location()); e == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("%s: %v, or \"YYYY-MM-DD HH:MM\"", field, err)
}

func parseStep(v string) (tracker.CaseStep, error) {
	s := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(v)), "-", "_")
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 4 {
		return tracker.CaseSteps[n-1], nil
	}
	if st := tracker.CaseStep(s); slices.Contains(tracker.CaseSteps[:4], st) {
		return st, nil
	}
	return "", usagef("--step %q: want reassure, verify, solve or follow_up (or 1-4)", v)
}

func parseCause(v string) (tracker.RootCause, error) {
	s := tracker.RootCause(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(v)), "-", "_"))
	if s == "customs" {
		s = tracker.CauseCustoms
	}
	if !slices.Contains(tracker.RootCauses, s) {
		return "", usagef("--cause %q: want carrier, packaging, address, customs_documents, buyer or other", v)
	}
	return s, nil
}
