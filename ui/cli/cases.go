package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/tracker/templates"
	"waybill/ui"
	"waybill/ui/i18n"
)

// Complaint cases (`waybill case`): the four steps of DESIGN §5 for
// scripts. Every action goes through tracker.Service, as the screens' do,
// so the state machine decides, the effects follow from it once, and the
// case log records it.

const caseUsage = `Usage:
  waybill case open ORDER_OR_TRACKING --kind KIND [--tracking NUM] [--lang LL] [--new] [--json]
                    resumes the parcel's open case of that kind; where its last one is
                    closed, says so and opens nothing unless --new
  waybill case list [--json] [--open|--due|--mine|--closed|--all | --state open|closed]
                    a filter: the cases view's list (C on the screen), what needs
                    doing first; none: every case, newest first
  waybill case show [--json] ID
  waybill case message ID [--purpose reassure|update] [--lang LL]
                    the message to the buyer the screen proposes, composed from the case
  waybill case do ID ACTION [flags] [--json]
  waybill case export [--format csv] [--state open|closed]
  waybill case bundle ID [--for dispute|claim|buyer] [--out PATH]
                    the case's evidence as one ZIP: summary.pdf, timeline.csv,
                    case.json and its photos with their SHA-256

Actions of case do, by step (1 reassure, 2 verify, 3 solve, 4 follow up):
  reassure     --text MSG [--via HOW]       1: the message sent to the buyer
  verify       [--text ANSWER] [--ref REF]  2: what the carrier said
  investigate  [--ref REF] [--text NOTE]    2: a logistics investigation was requested
  solve        --type TYPE [flags]          3: new_eta --eta DATE|auto; reissue --tracking NUM [--carrier SLUG];
                                               refund --amount N --currency CUR [--partial];
                                               customs --documents LIST --duties buyer|seller|shared
                                                 [--amount N --seller-share N --currency CUR];
                                               redelivery|pickup --address TEXT --phone NUM; return;
                                               claim --evidence PATHS --amount N --currency CUR [--ref REF];
                                               resend; none
  follow-up    --date DATE                  4: when to look again (YYYY-MM-DD [HH:MM], tomorrow, +3d, fri)
  update-buyer --text MSG [--via HOW]       4: an update sent to the buyer
  close        --resolution TEXT --cause CAUSE  (carrier, packaging, address, customs_documents, buyer, other)
  note         --text NOTE                  any step
  go-to        --step STEP                  back to an earlier step, or on to one whose need is met
  reopen       [--text WHY]
--text - reads the text from standard input. Lists (--documents, --evidence) are comma-separated.
Every command also takes --db PATH and --config PATH.
`

func (a *app) caseCmd() *cobra.Command {
	cmd := leaf("case open|list|show|message|do|export|bundle ...", "work buyer complaints through the four steps (waybill case help)", func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("say what to do with cases: open, list, show, message, do, export or bundle (waybill case help)")
		}
		if args[0] == "help" {
			fmt.Fprint(a.stdout, caseUsage)
			return nil
		}
		return usagef("case %q: want open, list, show, message, do, export or bundle (waybill case help)", args[0])
	})
	cmd.Long = "Work buyer complaints through the four steps.\n\n" + caseUsage
	cmd.AddCommand(a.caseOpenCmd(), a.caseListCmd(), a.caseShowCmd(), a.caseMessageCmd(), a.caseDoCmd(), a.caseExportCmd(), a.caseBundleCmd())
	return cmd
}

func (a *app) caseMessageCmd() *cobra.Command {
	var purpose, lang string
	cmd := leaf("message ID", "the message to the buyer, as the case view composes it", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one case id, got %d arguments", len(args))
		}
		id, err := parseCaseID(args[0])
		if err != nil {
			return err
		}
		if purpose != "" && !slices.Contains(templates.Purposes, purpose) {
			return usagef("--purpose %q: want %s", purpose, strings.Join(templates.Purposes, " or "))
		}
		if lang != "" {
			if lang, _, err = caseLanguage(lang); err != nil {
				return err
			}
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		set, err := s.messages()
		if err != nil {
			return err
		}
		facts, err := svc.CaseFacts(cmd.Context(), id)
		if errors.Is(err, tracker.ErrNotFound) {
			return problemf("no case %d in %s", id, s.store.Path())
		}
		if err != nil {
			return err
		}
		if purpose == "" {
			purpose = templates.PurposeUpdate
			if facts.Case.Step == tracker.StepReassure {
				purpose = templates.PurposeReassure
			}
		}
		if lang == "" {
			lang = facts.Case.Language
		}
		m, err := set.Compose(purpose, templates.FactsOf(facts, s.cfg.Messages.Seller, ""), lang)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "%s\n\n%s\n", ui.Sanitize(m.Subject), ui.SanitizeText(m.Body))
		return nil
	})
	cmd.Long = "the message to the buyer, as the case view composes it: subject, blank line, body"
	cmd.Flags().StringVar(&purpose, "purpose", "", "which message: `reassure` (step 1) or update (step 4); default: by the case's step")
	cmd.Flags().StringVar(&lang, "lang", "", "`language` of the message (default: the case's)")
	return cmd
}

// caseLanguage reads --lang: a built-in language of the buyer messages,
// or the code of one an override set in the config folder provides.
// builtIn is false for one only overrides can provide, which openCase
// notes in the run's language.
func caseLanguage(v string) (lang string, builtIn bool, err error) {
	lang = templates.NormalizeLanguage(v)
	if slices.Contains(templates.Languages(), lang) {
		return lang, true, nil
	}
	if len(lang) < 2 || len(lang) > 3 || strings.Trim(lang, "abcdefghijklmnopqrstuvwxyz") != "" {
		return "", false, usagef("--lang %q: want one of %s, or the code of a language your template overrides provide", v, strings.Join(templates.Languages(), ", "))
	}
	return lang, false, nil
}

func parseCaseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("case id %q: want a case number such as 12 (waybill case list shows them)", s)
	}
	return id, nil
}

func parseKind(s string) (tracker.ExceptionKind, error) {
	k := tracker.ExceptionKind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_"))
	if s == "" {
		return "", usagef("--kind is required: one of %s", kindNames())
	}
	if !slices.Contains(tracker.ExceptionKinds, k) {
		return "", usagef("--kind %q: want one of %s", s, kindNames())
	}
	return k, nil
}

func kindNames() string {
	names := make([]string, len(tracker.ExceptionKinds))
	for i, k := range tracker.ExceptionKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func parseCaseState(s string) (tracker.CaseState, error) {
	switch st := tracker.CaseState(strings.ToLower(strings.TrimSpace(s))); st {
	case "", tracker.CaseOpen, tracker.CaseClosed:
		return st, nil
	}
	return "", usagef("--state %q: want open or closed", s)
}

// pickShipment is the parcel a case is about: the one key names when key
// is a tracking number, else the one --tracking names, else the order's
// only parcel.
func pickShipment(o tracker.OrderDetail, key, tracking string) (tracker.ShipmentDetail, error) {
	n, want := number.Normalize(key), number.Normalize(tracking)
	var numbers []string
	for _, s := range o.Shipments {
		numbers = append(numbers, ui.Sanitize(s.TrackingNo))
	}
	for _, s := range o.Shipments {
		if s.TrackingNo == n {
			if want != "" && want != n {
				return tracker.ShipmentDetail{}, usagef("--tracking %q: %q is itself a tracking number; give one or the other", tracking, key)
			}
			return s, nil
		}
	}
	if want != "" {
		for _, s := range o.Shipments {
			if s.TrackingNo == want {
				return s, nil
			}
		}
		return tracker.ShipmentDetail{}, usagef("--tracking %q: order %s has no such parcel (it has %s)", tracking, ui.Sanitize(o.OrderNo), strings.Join(numbers, ", "))
	}
	switch len(o.Shipments) {
	case 0:
		return tracker.ShipmentDetail{}, problemf("order %s has no parcel to open a case on", ui.Sanitize(o.OrderNo))
	case 1:
		return o.Shipments[0], nil
	}
	return tracker.ShipmentDetail{}, usagef("order %s has %d parcels (%s): say which with --tracking NUM", ui.Sanitize(o.OrderNo), len(o.Shipments), strings.Join(numbers, ", "))
}

// caseOpenFlags are the flags of `case open`, checked.
type caseOpenFlags struct {
	kind               tracker.ExceptionKind
	tracking, language string
	noTexts            bool // language is one waybill has no texts in
	asJSON             bool
	fresh              bool // a new case beside a closed one, on purpose
}

func (a *app) caseOpenCmd() *cobra.Command {
	var kindFlag, tracking, lang string
	var asJSON, fresh bool
	cmd := leaf("open ORDER_OR_TRACKING --kind KIND", "open a case on a parcel, or resume its open one", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one order number or tracking number, got %d arguments", len(args))
		}
		f := caseOpenFlags{tracking: tracking, asJSON: asJSON, fresh: fresh}
		var err error
		if f.kind, err = parseKind(kindFlag); err != nil {
			return err
		}
		if lang != "" {
			var builtIn bool
			if f.language, builtIn, err = caseLanguage(lang); err != nil {
				return err
			}
			f.noTexts = !builtIn
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		return openCase(cmd.Context(), a.stdout, a.stderr, a.tr(), s.store, svc, args[0], f)
	})
	fs := cmd.Flags()
	fs.StringVar(&kindFlag, "kind", "", "the `kind` of problem: "+kindNames())
	fs.StringVar(&tracking, "tracking", "", "the parcel's tracking `number`, when the order has several")
	fs.StringVar(&lang, "lang", "", "`language` of the messages to the buyer: "+strings.Join(templates.Languages(), ", ")+" (default: the buyer's country's)")
	fs.BoolVar(&asJSON, "json", false, "print the case as JSON")
	fs.BoolVar(&fresh, "new", false, "open a new case although the parcel's last case of this kind is closed")
	return cmd
}

// openCase opens a case on the parcel key names (the service links the
// parcel's open exception of that kind, if any), or resumes the one open;
// where the last one is closed it says so and opens nothing, unless --new.
func openCase(ctx context.Context, out, errOut io.Writer, tr *i18n.Printer, st caseOpener, svc *tracker.Service, key string, f caseOpenFlags) error {
	o, err := st.FindOrder(ctx, key, false)
	if errors.Is(err, tracker.ErrNotFound) {
		return problemf("no order or tracking number %q in %s", key, st.Path())
	}
	if err != nil {
		return err
	}
	sh, err := pickShipment(o, key, f.tracking)
	if err != nil {
		return err
	}
	op, err := svc.OpenCase(ctx, actor(), tracker.CaseRequest{OrderID: o.ID, ShipmentID: sh.ID, Kind: f.kind,
		Language: f.language, Fresh: f.fresh})
	if err != nil {
		return err
	}
	cs := op.Case
	switch op.Outcome {
	case tracker.CaseWasClosed:
		fmt.Fprintln(errOut, tr.Plain("parcel %s of order %s had %s case %d, closed %s: %s (root cause: %s)\nreopen it with `waybill case do %d reopen`, or open a new case with --new",
			ui.Sanitize(sh.TrackingNo), ui.Sanitize(o.OrderNo), kindWord(tr, f.kind), cs.ID, localTime(cs.ClosedAt), ui.Sanitize(cs.Resolution), causeWord(tr, cs.RootCause), cs.ID))
		return errProblems
	case tracker.CaseResumed:
		if f.asJSON {
			return printCase(ctx, out, st, cs.ID, false)
		}
		fmt.Fprintln(out, tr.Plain("case %d is already open for %s on parcel %s of order %s: resumed at step %d/4 %s (carry on with `waybill case do %d ACTION`)",
			cs.ID, kindWord(tr, f.kind), ui.Sanitize(sh.TrackingNo), ui.Sanitize(o.OrderNo), cs.Step.Number(), stepWord(tr, cs.Step), cs.ID))
		return nil
	}
	if f.asJSON {
		return printCase(ctx, out, st, cs.ID, false)
	}
	linked := tr.Plain("no open exception of that kind")
	if cs.ExceptionID != 0 {
		linked = tr.Plain("exception %d", cs.ExceptionID)
	}
	fmt.Fprintln(out, tr.Plain("opened case %d: %s on order %s, parcel %s (%s), language %s; step 1/4 reassure",
		cs.ID, kindWord(tr, f.kind), ui.Sanitize(o.OrderNo), ui.Sanitize(sh.TrackingNo), linked, cs.Language))
	if f.noTexts {
		fmt.Fprintln(out, tr.Plain("note: waybill has no built-in texts in %q; template overrides in the config folder must provide them", cs.Language))
	}
	return nil
}

// cases reads the cases in a --state ("" for all), newest first.
func (a *app) cases(ctx context.Context, stateFlag string) ([]tracker.CaseRow, error) {
	state, err := parseCaseState(stateFlag)
	if err != nil {
		return nil, err
	}
	s, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return caseLister(s.store).Cases(ctx, tracker.CaseQuery{State: state})
}

// caseListFlags are the filters of `case list`: the cases view's, one at
// a time.
type caseListFlags struct {
	open, due, mine, closed, all bool
	state                        string // the older --state open|closed: newest first
}

// filter is the cases view's filter the flags pick; ok is false when none
// is given (every case, or --state's, newest first).
func (f caseListFlags) filter() (tracker.CaseFilter, bool, error) {
	var picked []tracker.CaseFilter
	for _, p := range []struct {
		on bool
		f  tracker.CaseFilter
	}{{f.open, tracker.CasesOpen}, {f.due, tracker.CasesDue}, {f.mine, tracker.CasesMine}, {f.closed, tracker.CasesClosed}, {f.all, tracker.CasesAll}} {
		if p.on {
			picked = append(picked, p.f)
		}
	}
	switch {
	case len(picked) > 1:
		return "", false, usagef("--%s and --%s: pick one list of cases", picked[0], picked[1])
	case len(picked) == 1 && f.state != "":
		return "", false, usagef("--state %q and --%s: pick one (--open or --closed say what --state does)", f.state, picked[0])
	case len(picked) == 1:
		return picked[0], true, nil
	}
	return "", false, nil
}

// caseList reads the cases the cases view lists under filter f for the
// actor, by the store's clock, in its order: through the same service
// and the same tracker.CaseFilter, so screen and command line agree.
func caseList(ctx context.Context, svc *tracker.Service, who tracker.Actor, f tracker.CaseFilter) ([]tracker.CaseRow, error) {
	return svc.Cases(ctx, f.Query(who.Name, svc.Now()))
}

func (a *app) caseListCmd() *cobra.Command {
	var asJSON bool
	var fl caseListFlags
	cmd := leaf("list", "cases, newest first; --open, --due, --mine, --closed as on screen", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		f, filtered, err := fl.filter()
		if err != nil {
			return err
		}
		var rows []tracker.CaseRow
		if filtered {
			s, svc, err := a.openService(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			if rows, err = caseList(cmd.Context(), svc, actor(), f); err != nil {
				return err
			}
		} else if rows, err = a.cases(cmd.Context(), fl.state); err != nil {
			return err
		}
		if asJSON {
			return writeCasesJSON(a.stdout, rows)
		}
		return printCases(a.stdout, a.tr(), rows)
	})
	fs := cmd.Flags()
	fs.BoolVar(&asJSON, "json", false, "print a JSON array of cases, in the list's order")
	fs.StringVar(&fl.state, "state", "", "only `open` or closed cases, newest first")
	fs.BoolVar(&fl.open, "open", false, "the open cases, by what needs doing first (as the cases view, C)")
	fs.BoolVar(&fl.due, "due", false, "the open cases whose follow-up is due today or overdue")
	fs.BoolVar(&fl.mine, "mine", false, "your open cases ($USER's: assigned to you, or opened by you when nobody was assigned)")
	fs.BoolVar(&fl.closed, "closed", false, "the closed cases, newest first (to reopen: case do ID reopen)")
	fs.BoolVar(&fl.all, "all", false, "every case, by what needs doing first")
	return cmd
}

func printCases(out io.Writer, tr *i18n.Printer, rows []tracker.CaseRow) error {
	tw := newTable(out)
	fmt.Fprintln(tw, heads(tr, "ID", "STEP", "KIND", "ORDER", "TRACKING", "CARRIER", "DEST", "OWNER", "FOLLOW-UP", "DEADLINE", "cli:case OPENED", "BY"))
	for _, r := range rows {
		step := fmt.Sprintf("%d %s", r.Step.Number(), stepWord(tr, r.Step))
		if r.State == tracker.CaseClosed {
			step = tr.Plain("closed")
		}
		deadline := "—"
		if d := r.Deadline(); !d.IsZero() {
			deadline = d.Local().Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, step, kindWord(tr, r.Kind), ui.Sanitize(r.OrderNo),
			ui.Sanitize(r.TrackingNo), ui.Sanitize(r.Carrier), ui.Sanitize(r.Destination), ui.Sanitize(r.Owner), localTime(r.FollowUpAt),
			deadline, localTime(r.OpenedAt), ui.Sanitize(r.OpenedBy))
	}
	return tw.Flush()
}

func (a *app) caseShowCmd() *cobra.Command {
	var asJSON bool
	cmd := leaf("show ID", "one case and its log, oldest first", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one case id, got %d arguments", len(args))
		}
		id, err := parseCaseID(args[0])
		if err != nil {
			return err
		}
		s, err := a.open(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		if asJSON {
			return printCase(cmd.Context(), a.stdout, s.store, id, true)
		}
		return showCase(cmd.Context(), a.stdout, a.tr(), s.store, id)
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the case and its log as JSON")
	return cmd
}

func showCase(ctx context.Context, out io.Writer, tr *i18n.Printer, st caseReader, id int64) error {
	r, err := st.Case(ctx, id)
	if errors.Is(err, tracker.ErrNotFound) {
		return problemf("no case %d in %s", id, st.Path())
	}
	if err != nil {
		return err
	}
	log, err := st.CaseLog(ctx, id)
	if err != nil {
		return err
	}
	step := tr.Plain("step %d/4 %s", r.Step.Number(), stepWord(tr, r.Step))
	if r.State == tracker.CaseClosed {
		step = tr.Plain("closed %s", localTime(r.ClosedAt))
	}
	fmt.Fprintln(out, tr.Plain("Case %d  %s  %s", r.ID, kindWord(tr, r.Kind), step))
	fmt.Fprintln(out, tr.Plain("Order %s  buyer %s  parcel %s (%s) to %s", ui.Sanitize(r.OrderNo), ui.Sanitize(r.Buyer),
		ui.Sanitize(r.TrackingNo), ui.Sanitize(r.Carrier), ui.Sanitize(r.Destination)))
	fmt.Fprintln(out, tr.Plain("Opened %s by %s · language %s · reassured %s · verified %s", localTime(r.OpenedAt),
		ui.Sanitize(r.OpenedBy), ui.Sanitize(r.Language), yesNoWord(tr, r.Reassured), yesNoWord(tr, r.Verified)))
	if r.CarrierAnswer != "" || r.Reference != "" || r.InvestigationRequested {
		fmt.Fprint(out, tr.Plain("Carrier: %s", ui.Sanitize(r.CarrierAnswer)))
		if r.Reference != "" {
			fmt.Fprint(out, tr.Plain(" [ref %s]", ui.Sanitize(r.Reference)))
		}
		if r.InvestigationRequested {
			fmt.Fprint(out, tr.Plain(" · investigation requested"))
		}
		fmt.Fprintln(out)
	}
	if r.Solution != nil {
		fmt.Fprintln(out, tr.Plain("Solution: %s", ui.Sanitize(tr.StoredCaseDetail(tracker.ActSolve, r.Solution.String()))))
	}
	if !r.FollowUpAt.IsZero() {
		fmt.Fprintln(out, tr.Plain("Next follow-up: %s", localTime(r.FollowUpAt)))
	}
	if r.State == tracker.CaseClosed {
		fmt.Fprintln(out, tr.Plain("Resolution: %s (root cause: %s)", ui.Sanitize(r.Resolution), causeWord(tr, r.RootCause)))
	}
	fmt.Fprintln(out, "\n"+tr.Plain("Log:"))
	tw := newTable(out)
	for _, l := range log {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", localTime(l.At), ui.Sanitize(l.Actor), ui.Sanitize(caseActWord(tr, string(l.Action))), ui.Sanitize(tr.StoredCaseDetail(l.Action, l.Detail)))
	}
	return tw.Flush()
}

func (a *app) caseExportCmd() *cobra.Command {
	var format, stateFlag string
	cmd := leaf("export", "every case as CSV, oldest first", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		if f := strings.ToLower(strings.TrimSpace(format)); f != "csv" {
			return usagef("--format %q: want csv", format)
		}
		state, err := parseCaseState(stateFlag)
		if err != nil {
			return err
		}
		s, err := a.open(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		p := newProgress(a.stderr, progressOn(a.stderr, a.stdout, false, isTerminal), a.tr().Plain("cases exported"), nil)
		defer p.Done()
		return streamCasesCSV(cmd.Context(), a.stdout, s.store, state, p)
	})
	cmd.Flags().StringVar(&format, "format", "csv", "output `format`: csv")
	cmd.Flags().StringVar(&stateFlag, "state", "", "only `open` or closed cases")
	return cmd
}
