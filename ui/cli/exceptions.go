package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// The triage queue from the command line: what the Exceptions pane shows
// and its keys do (a, s, o, X, w), through the same service.

func (a *app) exceptionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "exception",
		Aliases: []string{"exceptions"},
		Short:   "the triage queue: list, acknowledge, snooze, assign, resolve, log",
		Args:    noSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("say what to do: list, ack, snooze, assign, resolve or log (waybill exception --help)")
		},
	}
	cmd.AddCommand(a.exceptionListCmd(), a.exceptionAckCmd(), a.exceptionSnoozeCmd(), a.exceptionAssignCmd(), a.exceptionResolveCmd(),
		a.exceptionLogCmd())
	return cmd
}

func (a *app) exceptionListCmd() *cobra.Command {
	var asJSON bool
	var kinds, carrier, dest, owner, state string
	var limit int
	cmd := leaf("list", "the open exceptions, worst first; --state for the others", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		view, err := tracker.ParseExceptionView(state)
		if err != nil {
			return usagef("--state: %v", err)
		}
		if limit < 0 {
			return usagef("--limit %d: want 0 (all) or more", limit)
		}
		q := tracker.ExceptionQuery{Carrier: strings.TrimSpace(carrier), Destination: strings.TrimSpace(dest), Owner: strings.TrimSpace(owner),
			View: view, Limit: limit}
		for _, k := range tracker.SplitList(kinds) {
			kind, err := parseKind(k)
			if err != nil {
				return err
			}
			q.Kinds = append(q.Kinds, kind)
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		// The queue's order is the store's, the screen's too: deadlines
		// due within [deadlines] urgent first.
		q.Now, q.Urgent = svc.Now(), s.cfg.Deadlines.Urgent.Duration
		rows, err := s.store.ListExceptions(cmd.Context(), q)
		if err != nil {
			return err
		}
		if asJSON {
			return writeExceptions(a.stdout, "json", rows)
		}
		return printExceptions(a.stdout, a.tr(), rows, q.Now, view != tracker.ViewQueue)
	})
	fs := cmd.Flags()
	fs.BoolVar(&asJSON, "json", false, "print a JSON array of exceptions")
	fs.StringVar(&state, "state", "open", "which: `open` (the queue), acknowledged, snoozed, resolved (closed, the last first) or all (the newest first); the screen's v")
	fs.IntVar(&limit, "limit", 0, "at most `N` of them (0: all)")
	fs.StringVar(&kinds, "kind", "", "only these `kinds`, comma-separated: "+kindNames())
	fs.StringVar(&carrier, "carrier", "", "only this carrier's (`slug`)")
	fs.StringVar(&dest, "dest", "", "only those going to this `country`")
	fs.StringVar(&owner, "owner", "", "only this owner's (`name`; - for nobody's)")
	return cmd
}

// printExceptions prints a list as a table; withLast adds who did the
// last thing to each, and when (the views besides the queue).
func printExceptions(out io.Writer, tr *i18n.Printer, rows []tracker.ExceptionRow, now time.Time, withLast bool) error {
	tw := newTable(out)
	head := heads(tr, "ID", "SEV", "KIND", "ORDER", "TRACKING", "CARRIER", "DEST", "OPENED", "STATE", "OWNER", "DETAIL")
	if withLast {
		head += "\t" + tr.Plain("LAST")
	}
	fmt.Fprintln(tw, head)
	for _, r := range rows {
		state := exStateWord(tr, r.State)
		switch {
		case r.State == tracker.ExSnoozed && r.SnoozedUntil.After(now):
			state = tr.Plain("snoozed until %s", localTime(r.SnoozedUntil))
		case r.State == tracker.ExSnoozed:
			state = exStateWord(tr, tracker.ExOpen) // the snooze is over
		case r.State == tracker.ExResolved && r.ResolvedBy != "":
			state = tr.Plain("%s by %s", state, ui.Sanitize(r.ResolvedBy))
		case r.State == tracker.ExResolved:
			state = tr.Plain("closed by the rules")
		case r.CaseID != 0:
			state = tr.Plain("%s (case %d)", state, r.CaseID)
		}
		if !r.DeadlineDue.IsZero() {
			state = fmt.Sprintf("%s %s · %s", r.DeadlineKind, tracker.TimeLeft(r.DeadlineDue, now), state)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", r.ID, severityWord(tr, r.Severity), kindWord(tr, r.Kind), ui.Sanitize(r.OrderNo),
			ui.Sanitize(r.TrackingNo), ui.Sanitize(r.Carrier), ui.Sanitize(r.Destination), localTime(r.OpenedAt), state,
			orDash(ui.Sanitize(r.Owner)), ui.Sanitize(tr.StoredDetail(r.Detail)))
		if withLast {
			fmt.Fprintf(tw, "\t%s", lastEntry(tr, r.Last))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// lastEntry is a log entry on one line: "2026-12-01 14:03 ana snoozed (until …)".
func lastEntry(tr *i18n.Printer, e tracker.ExceptionLogEntry) string {
	if e.Action == "" {
		return "—"
	}
	s := localTime(e.At) + " " + ui.Sanitize(ui.LogActor(e.Actor, tr)) + " " + ui.Sanitize(exLogActionWord(tr, e.Action))
	if e.Detail != "" {
		s += " (" + ui.Sanitize(tr.StoredLogDetail(e.Action, e.Detail)) + ")"
	}
	return s
}

// exceptionLogCmd prints one exception's log: who did what, when (the
// screen's l).
func (a *app) exceptionLogCmd() *cobra.Command {
	var asJSON bool
	cmd := leaf("log ID", "who did what to an exception and when, newest first", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("give one exception id (waybill exception list shows them)")
		}
		ids, err := exceptionIDs(args)
		if err != nil {
			return err
		}
		s, _, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		log, err := s.store.ExceptionLog(cmd.Context(), ids[0], 0)
		if err != nil {
			return err
		}
		if asJSON {
			out := make([]exceptionLogJSON, len(log))
			for i, e := range log {
				out[i] = exceptionLogJSON{At: jsonTime(e.At, time.RFC3339), Actor: e.Actor, Action: e.Action, Detail: e.Detail}
			}
			return writeJSON(a.stdout, out)
		}
		if len(log) == 0 {
			fmt.Fprintln(a.stdout, a.tr().Plain("exception %d: nothing logged (no such exception, or none of its changes was)", ids[0]))
			return nil
		}
		tw := newTable(a.stdout)
		fmt.Fprintln(tw, heads(a.tr(), "AT", "WHO", "ACTION", "DETAIL"))
		for _, e := range log {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", localTime(e.At), ui.Sanitize(ui.LogActor(e.Actor, a.tr())), ui.Sanitize(exLogActionWord(a.tr(), e.Action)),
				ui.Sanitize(a.tr().StoredLogDetail(e.Action, e.Detail)))
		}
		return tw.Flush()
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of log entries")
	return cmd
}

type exceptionLogJSON struct {
	At     *string `json:"at"`
	Actor  string  `json:"actor"`
	Action string  `json:"action"`
	Detail string  `json:"detail"`
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// triageCmd is one triage action on the exceptions whose ids are the
// arguments.
func (a *app) triageCmd(use, short, done string, do func(ctx context.Context, svc *tracker.Service, ids []int64) (tracker.Triaged, error)) *cobra.Command {
	return leaf(use, short, func(cmd *cobra.Command, args []string) error {
		ids, err := exceptionIDs(args)
		if err != nil {
			return err
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		t, err := do(cmd.Context(), svc, ids)
		if err != nil {
			return err
		}
		fmt.Fprint(a.stdout, a.tr().Plain(done, t.Changed, len(ids)))
		if rest := len(ids) - t.Changed; rest > 0 {
			fmt.Fprint(a.stdout, a.tr().Plain(" (%d already so, closed or unknown)", rest))
		}
		fmt.Fprintln(a.stdout)
		return nil
	})
}

// exceptionIDs reads the exception ids of a triage command.
func exceptionIDs(args []string) ([]int64, error) {
	if len(args) == 0 {
		return nil, usagef("give one or more exception ids (waybill exception list shows them)")
	}
	ids := make([]int64, 0, len(args))
	for _, a := range args {
		id, err := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
		if err != nil || id <= 0 {
			return nil, usagef("exception id %q: want a number such as 12 (waybill exception list shows them)", a)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func (a *app) exceptionAckCmd() *cobra.Command {
	cmd := a.triageCmd("ack ID...", "acknowledge exceptions: they stay in the queue, marked", "acknowledged %d of %d exception(s)",
		func(ctx context.Context, svc *tracker.Service, ids []int64) (tracker.Triaged, error) {
			return svc.Acknowledge(ctx, actor(), ids)
		})
	cmd.Aliases = []string{"acknowledge"}
	return cmd
}

func (a *app) exceptionResolveCmd() *cobra.Command {
	var reason string
	cmd := a.triageCmd("resolve ID... [--reason TEXT]", "resolve exceptions by hand, saying why", "resolved %d of %d exception(s)",
		func(ctx context.Context, svc *tracker.Service, ids []int64) (tracker.Triaged, error) {
			return svc.Resolve(ctx, actor(), ids, reason)
		})
	cmd.Flags().StringVar(&reason, "reason", "", "why, for the exception's log (the screen's X asks): `TEXT`, up to 200 characters")
	return cmd
}

func (a *app) exceptionSnoozeCmd() *cobra.Command {
	var forFlag, until string
	cmd := a.triageCmd("snooze ID... (--for 1d | --until DAY)", "hide exceptions from the queue for a while, or until a day", "snoozed %d of %d exception(s)",
		func(ctx context.Context, svc *tracker.Service, ids []int64) (tracker.Triaged, error) {
			switch {
			case (forFlag == "") == (until == ""):
				return tracker.Triaged{}, usagef("say --for or --until")
			case forFlag != "":
				var d tracker.Duration
				if err := d.UnmarshalText([]byte(forFlag)); err != nil || d.Duration <= 0 {
					return tracker.Triaged{}, usagef("--for %q: want a duration such as 1d, 3d or 12h", forFlag)
				}
				return svc.SnoozeFor(ctx, actor(), ids, d.Duration)
			}
			day, err := tracker.ParseDay(until, svc.Now())
			if err != nil {
				return tracker.Triaged{}, usagef("--until: %v", err)
			}
			return svc.Snooze(ctx, actor(), ids, day)
		})
	cmd.Flags().StringVar(&forFlag, "for", "", "how long, from now: `1d`, 3d, 12h (the screen's 1 and 3)")
	cmd.Flags().StringVar(&until, "until", "", "until the start of this `day`: YYYY-MM-DD, tomorrow, +3d, fri … (the screen's d)")
	return cmd
}

func (a *app) exceptionAssignCmd() *cobra.Command {
	var owner string
	cmd := a.triageCmd("assign ID... --owner NAME", "give exceptions an owner (--owner \"\" takes it away)", "assigned %d of %d exception(s)",
		func(ctx context.Context, svc *tracker.Service, ids []int64) (tracker.Triaged, error) {
			return svc.Assign(ctx, actor(), ids, owner)
		})
	cmd.Flags().StringVar(&owner, "owner", "", "who owns them: an agent's `name`; empty: nobody")
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if !cmd.Flags().Changed("owner") {
			return usagef("say --owner NAME (or --owner \"\" for nobody)")
		}
		return nil
	}
	return cmd
}

func (a *app) watchCmd() *cobra.Command {
	var off bool
	cmd := leaf("watch ORDER_OR_TRACKING [--off]", "watch an order: every change to it comes as an alert", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one order number or tracking number, got %d arguments", len(args))
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		o, err := s.store.FindOrder(cmd.Context(), args[0], false)
		if errors.Is(err, tracker.ErrNotFound) {
			return problemf("no order or tracking number %q in %s", args[0], s.store.Path())
		}
		if err != nil {
			return err
		}
		if err := svc.SetWatch(cmd.Context(), actor(), o.ID, !off); err != nil {
			return err
		}
		if off {
			fmt.Fprintln(a.stdout, a.tr().Plain("stopped watching order %s", ui.Sanitize(o.OrderNo)))
		} else {
			fmt.Fprintln(a.stdout, a.tr().Plain("watching order %s: every change comes as an alert", ui.Sanitize(o.OrderNo)))
		}
		return nil
	})
	cmd.Long = "watch an order: every change to it comes as an alert (the screen's w)"
	cmd.Flags().BoolVar(&off, "off", false, "stop watching it")
	return cmd
}

// exLogActionWord is an exception log entry's action as a person reads it:
// the screen's word for it (exlog:…); a name the catalog lacks (a newer
// store's) as written. English is the stored name.
func exLogActionWord(tr *i18n.Printer, action string) string {
	if tr.Lang() == i18n.En {
		return action
	}
	return tr.WordOr("exlog:"+action, action)
}
