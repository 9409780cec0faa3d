package cli

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// `waybill deadlines`: every clock that loses the seller money when it
// runs out, soonest first, through the service.

func (a *app) deadlinesCmd() *cobra.Command {
	var asJSON bool
	var within string
	cmd := leaf("deadlines", "money-losing clocks (disputes, claims, follow-ups), soonest first", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		var horizon tracker.Duration
		if within != "" {
			if err := horizon.UnmarshalText([]byte(within)); err != nil || horizon.Duration <= 0 {
				return usagef("--within %q: want a time ahead such as 72h or 3d", within)
			}
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		rows, err := svc.Deadlines(cmd.Context(), horizon.Duration, 0)
		if err != nil {
			return err
		}
		if asJSON {
			return writeDeadlinesJSON(a.stdout, rows)
		}
		return printDeadlines(a.stdout, a.tr(), rows, svc.Now(), within)
	})
	fs := cmd.Flags()
	fs.BoolVar(&asJSON, "json", false, "print a JSON array of {id, order_no, tracking_no, kind, due_at, source, case_id}")
	fs.StringVar(&within, "within", "", "only those due within `DURATION` from now (72h, 3d); overdue ones always")
	return cmd
}

// deadlineJSON is one deadline as --json prints it; due_at is UTC,
// case_id null when no case.
type deadlineJSON struct {
	ID         int64     `json:"id"` // for waybill deadline done
	OrderNo    string    `json:"order_no"`
	TrackingNo string    `json:"tracking_no"`
	Kind       string    `json:"kind"`
	DueAt      time.Time `json:"due_at"`
	Source     string    `json:"source"`
	CaseID     *int64    `json:"case_id"`
}

func writeDeadlinesJSON(out io.Writer, rows []tracker.DeadlineRow) error {
	list := make([]deadlineJSON, 0, len(rows))
	for _, r := range rows {
		j := deadlineJSON{ID: r.ID, OrderNo: r.OrderNo, TrackingNo: r.TrackingNo, Kind: string(r.Kind), DueAt: r.DueAt.UTC(), Source: r.Source}
		if r.CaseID != 0 {
			id := r.CaseID
			j.CaseID = &id
		}
		list = append(list, j)
	}
	return writeJSON(out, list)
}

func printDeadlines(out io.Writer, tr *i18n.Printer, rows []tracker.DeadlineRow, now time.Time, within string) error {
	if len(rows) == 0 {
		if within != "" {
			_, err := fmt.Fprintln(out, tr.Plain("no open deadlines due within %s", within))
			return err
		}
		_, err := fmt.Fprintln(out, tr.Plain("no open deadlines"))
		return err
	}
	tw := newTable(out)
	fmt.Fprintln(tw, heads(tr, "ID", "LEFT", "DUE", "cli:deadline KIND", "ORDER", "TRACKING", "SOURCE", "CASE"))
	for _, r := range rows {
		tracking, caseID := "—", "—"
		if r.TrackingNo != "" {
			tracking = ui.Sanitize(r.TrackingNo)
		}
		if r.CaseID != 0 {
			caseID = strconv.FormatInt(r.CaseID, 10)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, tr.TimeLeft(r.DueAt, now), localTime(r.DueAt), deadlineKindWord(tr, r.Kind),
			ui.Sanitize(r.OrderNo), tracking, ui.Sanitize(r.Source), caseID)
	}
	return tw.Flush()
}
