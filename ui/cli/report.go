package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// Reports: the carrier scorecard and the ETA backtest.

const reportUsage = `Usage:
  waybill report carriers [--since 90d] [--by carrier|route|method] [--json|--csv]
      the carrier scorecard from your own shipments: per carrier, route and
      shipping method: shipments, delivered, on-time rate against the promised
      date, transit days (p50, p90), days to first scan, exception rates by
      kind, lost and damaged rates, refunds, reissues and root causes from
      closed cases
  waybill report eta-backtest [--orders N] [--seed S] [--json]
      measure the ETA prediction on simulated history with known deliveries
`

func (a *app) reportCmd() *cobra.Command {
	cmd := leaf("report carriers|eta-backtest ...", "carrier scorecard; ETA backtest (waybill report help)", func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("want carriers or eta-backtest\n\n%s", reportUsage)
		}
		if args[0] == "help" {
			fmt.Fprint(a.stdout, reportUsage)
			return nil
		}
		return usagef("report %q: want carriers or eta-backtest", args[0])
	})
	cmd.Long = "Reports from your own parcels, and on the ETA prediction.\n\n" + reportUsage
	cmd.AddCommand(a.reportCarriersCmd(), a.reportBacktestCmd())
	return cmd
}

func (a *app) reportCarriersCmd() *cobra.Command {
	var sinceFlag, by string
	var asJSON, asCSV bool
	cmd := leaf("carriers", "the carrier scorecard from your own parcels", func(cmd *cobra.Command, _ []string) error {
		if asJSON && asCSV {
			return usagef("--json and --csv: pick one")
		}
		g, err := parseGrouping(by)
		if err != nil {
			return err
		}
		s, clock, err := a.openAt(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		now := clock.Now()
		since, err := parseSince(sinceFlag, now)
		if err != nil {
			return err
		}
		opts := tracker.ScoreOptions{Now: now, Since: since, Rules: s.cfg.Rules, By: g}
		p := newProgress(a.stderr, !asJSON && progressOn(a.stderr, a.stdout, false, isTerminal), a.tr().Plain("parcels read"), nil)
		defer p.Done()
		return reportCarriers(cmd.Context(), a.stdout, a.tr(), s.store, opts, asJSON, asCSV, p)
	})
	fs := cmd.Flags()
	fs.StringVar(&sinceFlag, "since", "90d", "only parcels shipped within this `duration` (90d, 720h) before now, or all")
	fs.StringVar(&by, "by", "method", "one line per `carrier`, per carrier and route, or per carrier, route and method")
	fs.BoolVar(&asJSON, "json", false, "print a JSON array, one object per line")
	fs.BoolVar(&asCSV, "csv", false, "print CSV with a header row")
	return cmd
}

// reportCarriers makes the scorecard as the history streams from the
// store: memory is the scorecard's lines (and two durations a parcel for
// the percentiles), not the parcels' records.
func reportCarriers(ctx context.Context, out io.Writer, tr *i18n.Printer, st historyStreamer, opts tracker.ScoreOptions, asJSON, asCSV bool, p *progress) error {
	b := tracker.NewScoreBuilder(opts)
	err := st.EachShipmentHistory(ctx, opts.Since, func(h tracker.HistoryRecord) error {
		b.Add(h)
		p.Add(1)
		return nil
	})
	if err != nil {
		return err
	}
	p.Done()
	scores := b.Scores()
	switch {
	case asJSON:
		rows := make([]tracker.ScoreJSON, 0, len(scores))
		for _, s := range scores {
			rows = append(rows, s.JSON())
		}
		return writeJSON(out, rows)
	case asCSV:
		return writeScoresCSV(out, scores)
	}
	return printScores(out, tr, scores)
}

// parseSince reads --since: a duration such as 90d or 2160h, or "all".
func parseSince(v string, now time.Time) (time.Time, error) {
	if v == "all" || v == "0" {
		return time.Time{}, nil
	}
	var d tracker.Duration
	if err := d.UnmarshalText([]byte(v)); err != nil || d.Duration <= 0 {
		return time.Time{}, usagef("--since %q: want a duration such as 90d or 720h, or all", v)
	}
	return now.Add(-d.Duration), nil
}

func parseGrouping(v string) (tracker.Grouping, error) {
	switch v {
	case "carrier":
		return tracker.ByCarrier, nil
	case "route":
		return tracker.ByRoute, nil
	case "method", "":
		return tracker.ByRouteAndMethod, nil
	}
	return 0, usagef("--by %q: want carrier, route or method", v)
}

// scoreFigure prints a figure that may be missing (NaN) as "—".
func scoreFigure(v float64, format string) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf(format, v)
}

func printScores(stdout io.Writer, tr *i18n.Printer, scores []tracker.Score) error {
	if len(scores) == 0 {
		fmt.Fprintln(stdout, tr.Plain("no shipments in the window"))
		return nil
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, heads(tr, "CARRIER", "ROUTE", "METHOD", "SHIPPED", "DELIVERED", "ON TIME", "P50 DAYS", "P90 DAYS", "1ST SCAN",
		"EXCEPTIONS", "LOST", "DAMAGED", "REFUNDS", "REISSUES", "ROOT CAUSES"))
	for _, s := range scores {
		claimed, recovered, net := claimMoneyCells(s, ", ")
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n",
			ui.Sanitize(s.Carrier), ui.Sanitize(s.Route()), ui.Sanitize(s.Method), s.Shipments, s.Delivered,
			scoreFigure(100*s.OnTimeRate(), "%.0f%%"), scoreFigure(s.TransitP50, "%.1f"), scoreFigure(s.TransitP90, "%.1f"),
			scoreFigure(s.FirstScanP50, "%.1f"), exceptionRates(tr, s), scoreFigure(100*s.Rate(s.Lost), "%.1f%%"),
			scoreFigure(100*s.Rate(s.Damaged), "%.1f%%"), s.Refunds, s.Reissues, rootCauses(tr, s), claimed, recovered, net)
	}
	return tw.Flush()
}

// claimMoneyCells are a line's claimed, recovered and net loss from closed
// claims, "45.99 USD" per currency joined by sep; "—" without any.
func claimMoneyCells(s tracker.Score, sep string) (claimed, recovered, net string) {
	if len(s.ClaimMoney) == 0 {
		return "—", "—", "—"
	}
	var c, r, n []string
	for _, m := range s.ClaimMoney {
		cur := ui.Sanitize(m.Currency)
		c = append(c, m.Claimed.String()+" "+cur)
		r = append(r, m.Recovered.String()+" "+cur)
		n = append(n, m.NetLoss().String()+" "+cur)
	}
	return strings.Join(c, sep), strings.Join(r, sep), strings.Join(n, sep)
}

// exceptionRates is "stale 4.0%, customs 2.0%": the kinds seen, most first.
func exceptionRates(tr *i18n.Printer, s tracker.Score) string {
	ks := s.KindsByCount()
	// The three most common fit a terminal; --json and --csv have them all.
	parts := make([]string, 0, 4)
	for i, k := range ks {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %.1f%%", kindWord(tr, k), 100*s.Rate(s.Exceptions[k])))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, ", ")
}

// rootCauses is "carrier 2, packaging 1", sorted; "—" when none.
func rootCauses(tr *i18n.Printer, s tracker.Score) string {
	if len(s.RootCauses) == 0 {
		return "—"
	}
	if tr.Lang() == i18n.En {
		return causeCounts(s, " ", ", ")
	}
	cs := make([]string, 0, len(s.RootCauses))
	for c, n := range s.RootCauses {
		cs = append(cs, fmt.Sprintf("%s %d", causeWord(tr, c), n))
	}
	sort.Strings(cs)
	return strings.Join(cs, "、")
}

// rootCausesCSV is "carrier:2;packaging:1", sorted.
func rootCausesCSV(s tracker.Score) string { return causeCounts(s, ":", ";") }

func causeCounts(s tracker.Score, pair, list string) string {
	cs := make([]string, 0, len(s.RootCauses))
	for c, n := range s.RootCauses {
		cs = append(cs, fmt.Sprintf("%s%s%d", c, pair, n))
	}
	sort.Strings(cs)
	return strings.Join(cs, list)
}

func writeScoresCSV(stdout io.Writer, scores []tracker.Score) error {
	w := csv.NewWriter(stdout)
	head := []string{"carrier", "origin", "destination", "method", "shipments", "delivered", "promised", "on_time", "on_time_rate",
		"transit_days_p50", "transit_days_p90", "first_scan_days_p50"}
	for _, k := range tracker.ExceptionKinds {
		head = append(head, "exception_"+string(k)+"_rate")
	}
	head = append(head, "lost_rate", "damaged_rate", "refunds", "reissues", "root_causes", "claimed", "recovered", "net_loss")
	if err := w.Write(head); err != nil {
		return err
	}
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	for _, s := range scores {
		j := s.JSON()
		row := []string{csvCell(j.Carrier), csvCell(j.Origin), csvCell(j.Destination), csvCell(j.Method),
			strconv.Itoa(j.Shipments), strconv.Itoa(j.Delivered), strconv.Itoa(j.Promised), strconv.Itoa(j.OnTime),
			f(j.OnTimeRate), f(j.TransitDaysP50), f(j.TransitDaysP90), f(j.FirstScanDaysP50)}
		for _, k := range tracker.ExceptionKinds {
			row = append(row, strconv.FormatFloat(j.ExceptionRates[string(k)], 'f', -1, 64))
		}
		row = append(row, strconv.FormatFloat(j.LostRate, 'f', -1, 64), strconv.FormatFloat(j.DamagedRate, 'f', -1, 64),
			strconv.Itoa(j.Refunds), strconv.Itoa(j.Reissues), csvCell(rootCausesCSV(s)))
		claimed, recovered, net := claimMoneyCells(s, ";")
		if len(s.ClaimMoney) == 0 {
			claimed, recovered, net = "", "", ""
		}
		row = append(row, csvCell(claimed), csvCell(recovered), csvCell(net))
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

func (a *app) reportBacktestCmd() *cobra.Command {
	var orders int
	var seed int64
	var asJSON bool
	cmd := leaf("eta-backtest", "measure the ETA prediction on simulated known deliveries", func(_ *cobra.Command, _ []string) error {
		if orders < 100 || orders > 1_000_000 {
			return usagef("--orders %d: want 100–1000000", orders)
		}
		r := a.wiring.Backtest(orders, seed)
		if asJSON {
			return writeJSON(a.stdout, backtestJSON(r))
		}
		return printBacktest(a.stdout, r, seed, a.tr())
	})
	cmd.Long = "measure the ETA prediction on simulated history with known deliveries"
	cmd.Flags().IntVar(&orders, "orders", 6000, "simulated `orders`, shipped over 180 days")
	cmd.Flags().Int64Var(&seed, "seed", 1, "simulation `seed`")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the figures as JSON")
	return cmd
}

func backtestJSON(r Backtest) map[string]any {
	fig := func(f BacktestFigures) map[string]any {
		return map[string]any{"parcels": f.Parcels, "predicted": f.Predicted, "median_abs_error_days": round2(f.MedianError),
			"share_by_p90": round4(f.ByP90), "share_in_range": round4(f.InRange)}
	}
	return map[string]any{
		"orders": r.Orders, "trained_on": r.Trained, "cutoff": r.Cutoff.Format(time.DateOnly),
		"at_shipping": fig(r.AtShipping), "mid_transit": fig(r.MidTransit),
		"carrier_eta": map[string]any{"parcels": r.Carrier.Parcels, "median_abs_error_days": round2(r.Carrier.MedianError),
			"share_by_eta": round4(r.Carrier.ByP90)},
		"overdue_before_arrival": map[string]any{"by_carrier_eta": round4(r.OverdueByCarrier), "by_carrier_eta_and_history_p90": round4(r.OverdueByBoth)},
	}
}

// printBacktest writes the backtest as a table, and says so when the
// prediction misses its goal (errProblems).
// Its words come from the catalog in tr's language; the figures are
// printed by fmt (Plain) as they always were.
func printBacktest(out io.Writer, r Backtest, seed int64, tr *i18n.Printer) error {
	fmt.Fprint(out, tr.Plain("ETA backtest: %d simulated orders (seed %d); trained on %d parcels delivered before %s,\npredicting the %d delivered parcels shipped after it.\n\n",
		r.Orders, seed, r.Trained, r.Cutoff.Format(time.DateOnly), r.AtShipping.Parcels))
	tw := newTable(out)
	fmt.Fprintln(tw, heads(tr, "AS OF", "PREDICTED", "MEDIAN ERROR", "BY P90", "IN P10–P90"))
	for _, row := range []struct {
		name string
		f    BacktestFigures
	}{{tr.Plain("shipping day"), r.AtShipping}, {tr.Plain("halfway"), r.MidTransit}} {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.1f%%\t%.1f%%\n", row.name, row.f.Predicted, tr.Plain("%.2f days", row.f.MedianError), 100*row.f.ByP90, 100*row.f.InRange)
	}
	fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t\n", tr.Plain("carrier's ETA"), r.Carrier.Predicted, tr.Plain("%.2f days", r.Carrier.MedianError), tr.Plain("%.1f%% by it", 100*r.Carrier.ByP90))
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprint(out, tr.Plain("\nWithout a promise, the overdue rule would call %.1f%% of these parcels overdue before they arrived\ngoing by the carrier's ETA alone, and %.1f%% going by the later of it and history's p90.\n",
		100*r.OverdueByCarrier, 100*r.OverdueByBoth))
	if r.AtShipping.ByP90 < 0.85 || r.MidTransit.ByP90 < 0.85 {
		fmt.Fprintln(out, "\n"+tr.Plain("below the goal: at least 85%% of deliveries by the p90 date"))
		return errProblems
	}
	return nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
func round4(v float64) float64 { return math.Round(v*10000) / 10000 }
