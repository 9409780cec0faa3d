package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui"
)

// `waybill deadline add|done`: a deadline entered by hand (Alibaba.com
// Trade Assurance has no API) and closing one, through the service.

func (a *app) deadlineCmd() *cobra.Command {
	cmd := leaf("deadline add|done ...", "enter a deadline by hand (trade assurance, follow-up); close one", func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("say what to do: add or done (waybill deadline --help)")
		}
		return usagef("deadline %q: want add or done (waybill deadline --help)", args[0])
	})
	cmd.Long = `Enter a deadline by hand, or close one.

  waybill deadline add ORDER --kind trade_assurance_reply [--from TIME]
      an Alibaba.com supplier's reply to a refund request is due at the
      request's time (default now) plus [deadlines] trade_assurance_reply
      (default 72h: suppliers should answer within 3 days)
  waybill deadline add ORDER --kind follow_up --due TIME
  waybill deadline done ID     the deadline is met (ids: waybill deadlines)`
	cmd.AddCommand(a.deadlineAddCmd(), a.deadlineDoneCmd())
	return cmd
}

func (a *app) deadlineAddCmd() *cobra.Command {
	var kind, from, due string
	var asJSON bool
	cmd := leaf("add ORDER --kind KIND [--from TIME] [--due TIME]", "enter a trade_assurance_reply or follow_up deadline on an order", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one order (its number or a tracking number), got %d arguments", len(args))
		}
		if kind == "" {
			return usagef("say which deadline with --kind trade_assurance_reply or --kind follow_up")
		}
		k := tracker.DeadlineKind(strings.TrimSpace(kind))
		if err := tracker.CheckManualKind(k); err != nil {
			return usagef("--%v", err)
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		in := tracker.ManualDeadline{Kind: k}
		if from != "" {
			if in.From, err = parseDateTime("--from", from, svc.Now()); err != nil {
				return err
			}
		}
		if due != "" {
			if in.Due, err = parseDateTime("--due", due, svc.Now()); err != nil {
				return err
			}
		}
		d, err := svc.AddDeadline(cmd.Context(), actor(), args[0], in, s.cfg.Deadlines)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.stdout, map[string]any{"id": d.ID, "kind": string(d.Kind), "due_at": d.DueAt.UTC(), "source": d.Source, "state": d.State})
		}
		tr := a.tr()
		fmt.Fprintln(a.stdout, tr.Plain("deadline %d: %s on order %s due %s (%s left)", d.ID, deadlineKindWord(tr, d.Kind), ui.Sanitize(args[0]),
			localTime(d.DueAt), tr.TimeLeft(d.DueAt, svc.Now())))
		return nil
	})
	fs := cmd.Flags()
	fs.StringVar(&kind, "kind", "", "trade_assurance_reply or follow_up")
	fs.StringVar(&from, "from", "", "trade_assurance_reply: the refund request's `time` (default now)")
	fs.StringVar(&due, "due", "", "follow_up: when it is due (YYYY-MM-DD [HH:MM], tomorrow, +3d)")
	fs.BoolVar(&asJSON, "json", false, "print {id, kind, due_at, source, state}")
	return cmd
}

func (a *app) deadlineDoneCmd() *cobra.Command {
	cmd := leaf("done ID", "close an open deadline as met", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one deadline id (waybill deadlines --json lists them), got %d arguments", len(args))
		}
		id, err := strconv.ParseInt(strings.TrimSpace(args[0]), 10, 64)
		if err != nil || id <= 0 {
			return usagef("deadline id %q: want the number waybill deadlines shows", tracker.ShortValue(args[0]))
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		if err := svc.DeadlineDone(cmd.Context(), actor(), id); err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, a.tr().Plain("deadline %d met", id))
		return nil
	})
	return cmd
}
