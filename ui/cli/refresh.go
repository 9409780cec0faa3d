package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/ui"
	"waybill/ui/i18n"
)

func (a *app) refreshCmd() *cobra.Command {
	var once, watch bool
	cmd := leaf("refresh (--once [ORDER_OR_TRACKING_NO...] | --watch)", "check every due parcel once, or keep refreshing", func(cmd *cobra.Command, args []string) error {
		switch {
		case once == watch:
			return usagef("say --once or --watch")
		case watch && len(args) > 0:
			return usagef("--watch refreshes every due parcel; name parcels with --once")
		}
		s, err := a.open(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		if watch {
			return a.refreshWatch(cmd.Context(), s)
		}
		return a.refreshOnce(cmd.Context(), s, args)
	})
	cmd.Long = `check every due parcel once, or keep refreshing.

--once prints what the pass did, in all and by tracking service, with the
reason of every failure, and exits 1 when any parcel failed or was skipped
because its service stopped or paused (a rejected key, an untrusted
certificate, a quota): the lines printed say which. Named parcels
(--once ORDER_OR_TRACKING_NO...) are checked whether or not they are due.`
	cmd.Flags().BoolVar(&once, "once", false, "one pass over the due parcels (or over the named ones, due or not), then a summary")
	cmd.Flags().BoolVar(&watch, "watch", false, "refresh until interrupted (SIGINT or SIGTERM), printing each pass that did something")
	return cmd
}

// refreshWatch refreshes until ctx ends, printing each pass that did
// something and each alert sent; the refresher gives back its claims as
// it stops.
func (a *app) refreshWatch(ctx context.Context, s *session) error {
	out := a.stdout
	var mu sync.Mutex // one line at a time from the refresher and the sender
	bg, err := s.Background(ctx, nil, logAlerts(out, &mu))
	if err != nil {
		return err
	}
	tr := a.tr()
	fmt.Fprintln(out, tr.Plain("watching %s every %s (Ctrl-C to stop)", s.store.Path(), s.cfg.Refresh.Interval))
	bg.Refresher.OnPass = func(rep tracker.Report, err error) {
		mu.Lock()
		defer mu.Unlock()
		if rep.Total.Checked+rep.Total.Skipped > 0 || err != nil {
			fmt.Fprintf(out, "%s ", time.Now().Format("15:04:05"))
			printReport(out, tr, rep, bg.Refresher.Health(), 0)
		}
		printLife(out, tr, rep.Life)
		printDeadlineAlerts(out, tr, rep)
		if err != nil {
			fmt.Fprintln(out, tr.Plain("pass failed: %v", err))
		}
	}
	market, err := a.marketSyncer(s, bg, nil, logSync(out, &mu))
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Go(func() { bg.Alerts.Run(ctx) })
	wg.Go(func() { market.Run(ctx) })
	bg.Refresher.Run(ctx, s.cfg.Refresh.Interval.Duration) // releases its claims when it returns
	wg.Wait()
	fmt.Fprintln(out, tr.Plain("stopped; claims released"))
	return nil
}

// refreshOnce checks every due parcel (or the named ones, due or not)
// once, with a progress bar when stderr is a terminal, sends the alerts
// that wrote, and prints a summary.
func (a *app) refreshOnce(ctx context.Context, s *session, keys []string) error {
	st := refreshStore(s.store)
	bg, err := s.Background(ctx, nil, nil)
	if err != nil {
		return err
	}
	ref := bg.Refresher
	if isTerminal(a.stderr) && len(keys) == 0 {
		total, _ := st.CountDue(ctx, bg.Clock.Now())
		ref.Progress = func(rep tracker.Report) {
			eraseLine(a.stderr)
			fmt.Fprint(a.stderr, progressLine(a.tr(), rep.Total, total))
		}
		defer eraseLine(a.stderr)
	}
	start := time.Now()
	var rep tracker.Report
	if len(keys) == 0 {
		rep, err = ref.RunPass(ctx)
	} else {
		rep, err = refreshNamed(ctx, st, ref, keys)
	}
	if ctx.Err() != nil {
		_ = st.ReleaseClaims(context.WithoutCancel(ctx), ref.Owner)
	}
	// The alerts this pass wrote, and any left from before, go out before
	// the process ends.
	sent, failed, aerr := bg.Alerts.Drain(ctx)
	tr := a.tr()
	printReport(a.stdout, tr, rep, ref.Health(), time.Since(start))
	printLife(a.stdout, a.tr(), rep.Life)
	printQuotas(a.stdout, a.tr(), ref.Quotas())
	printDeadlineAlerts(a.stdout, tr, rep)
	printAlerts(ctx, a.stdout, tr, st, sent, failed)
	if err := errors.Join(err, aerr); err != nil {
		return err
	}
	// A parcel that failed, or was skipped because its service stopped or
	// paused in this pass, is a problem the lines above name: a script
	// running the pass learns it from the exit status.
	if rep.Total.Failures+rep.Total.Skipped > 0 {
		return errProblems
	}
	return nil
}

// logAlerts prints what a background sender does, one line per send; mu
// keeps its lines apart from the refresher's.
func logAlerts(out io.Writer, mu *sync.Mutex) func(string, int, error) {
	return func(channel string, sent int, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			fmt.Fprintf(out, "%s alerts: %s: %s\n", time.Now().Format("15:04:05"), channel, ui.Sanitize(err.Error()))
		} else if channel != tracker.ChannelApp {
			fmt.Fprintf(out, "%s alerts: %d sent by %s\n", time.Now().Format("15:04:05"), sent, channel)
		}
	}
}

// printDeadlineAlerts says how many deadlines' lead times began in the
// pass: each wrote an alert, which the line after counts as sent.
func printDeadlineAlerts(out io.Writer, tr *i18n.Printer, rep tracker.Report) {
	if rep.DeadlineAlerts > 0 {
		fmt.Fprintln(out, tr.Plain("deadline alerts %d (a lead time of [deadlines] alert_before began)", rep.DeadlineAlerts))
	}
}

// printAlerts says what a drain of the outbox did, and how many alerts are
// still waiting after failed attempts.
func printAlerts(ctx context.Context, out io.Writer, tr *i18n.Printer, st refreshStore, sent, failed int) {
	waiting, _ := st.AlertFailures(context.WithoutCancel(ctx))
	if sent+failed == 0 && waiting == 0 {
		return
	}
	fmt.Fprint(out, tr.Plain("alerts sent %d, failed %d", sent, failed))
	if waiting > 0 {
		fmt.Fprint(out, tr.Plain("; %d waiting to be retried", waiting))
	}
	fmt.Fprintln(out)
}

// progressLine draws a pass's progress: a bar when the total is known.
func progressLine(tr *i18n.Printer, sum tracker.ApplySummary, total int) string {
	done := sum.Checked + sum.Skipped
	text := tr.Plain("%d checked · %d new events · %d failures", sum.Checked, sum.NewEvents, sum.Failures)
	if total <= 0 {
		return text
	}
	const width = 30
	filled := min(width, done*width/total)
	return fmt.Sprintf("[%s%s] %d/%d · %s", strings.Repeat("█", filled), strings.Repeat("░", width-filled), min(done, total), total, text)
}

// printReport writes a pass's summary: the totals, then each service's
// share with its failure reasons, then any service that is not healthy.
func printReport(out io.Writer, tr *i18n.Printer, rep tracker.Report, health []tracker.ServiceHealth, took time.Duration) {
	t := rep.Total
	fmt.Fprint(out, tr.Plain("checked %d, updated %d, new events %d, failures %d, skipped %d, exceptions opened %d closed %d",
		t.Checked, t.Updated, t.NewEvents, t.Failures, t.Skipped, t.Opened, t.Closed))
	if took > 0 {
		fmt.Fprintf(out, " (%s)", took.Round(time.Millisecond))
	}
	fmt.Fprintln(out)
	names := make([]string, 0, len(rep.ByService))
	for name := range rep.ByService {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sr := rep.ByService[name]
		fmt.Fprintln(out, tr.Plain("  %-10s checked %d, updated %d, new events %d, failures %d, skipped %d",
			name, sr.Checked, sr.Updated, sr.NewEvents, sr.Failures, sr.Skipped))
		reasons := make([]string, 0, len(sr.Reasons))
		for reason := range sr.Reasons {
			reasons = append(reasons, reason)
		}
		sort.Strings(reasons)
		for _, reason := range reasons {
			fmt.Fprintf(out, "    %d× %s\n", sr.Reasons[reason], ui.Sanitize(tr.ServiceError(reason)))
		}
		printSubscriptions(out, tr, sr)
	}
	for _, h := range health {
		switch {
		case h.State == tracker.HealthPaused && !h.Until.IsZero():
			// Until when, in the reader's zone and with it: a quota's
			// reset is named in its own (DHL's "00:00 GMT").
			until := h.Until.Local().Format("2006-01-02 15:04 MST")
			if d := time.Until(h.Until).Round(time.Minute); d >= time.Minute {
				until += tr.Plain(" (in %dh%02dm)", d/time.Hour, d%time.Hour/time.Minute)
			}
			fmt.Fprintln(out, tr.Plain("%s paused until %s: %s", h.Service, until, ui.Sanitize(tr.HealthReason(h.Reason))))
		case h.State == tracker.HealthStopped:
			// As the status bar says it; the reason is the service's.
			fmt.Fprintln(out, tr.Plain("%s stopped: %s", h.Service, ui.Sanitize(tr.HealthReason(h.Reason))))
		case h.State == tracker.HealthPaused:
			fmt.Fprintln(out, tr.Plain("%s paused: %s", h.Service, ui.Sanitize(tr.HealthReason(h.Reason))))
		case h.State != tracker.HealthOK:
			fmt.Fprintf(out, "%s %s: %s\n", h.Service, h.State, ui.Sanitize(tr.HealthReason(h.Reason)))
		}
	}
	for _, s := range t.Suspect {
		fmt.Fprintln(out, tr.Plain("suspect time: %s", s))
	}
}

// logSuspect prints, as a running process's log, the events a poll or a
// push stored whose time cannot be right, one line each; mu keeps its
// lines apart from the others'.
func logSuspect(out io.Writer, mu *sync.Mutex) func(string, []tracker.SuspectEvent) {
	return func(service string, evs []tracker.SuspectEvent) {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range evs {
			fmt.Fprintf(out, "%s %s: suspect time: %s\n", time.Now().Format("15:04:05"), ui.Sanitize(service), s)
		}
	}
}

// refreshNamed checks the parcels of the named orders or tracking numbers
// now, whether or not they are due: every key is found first, so a typo
// refreshes nothing.
func refreshNamed(ctx context.Context, st orderFinder, r *tracker.Refresher, keys []string) (tracker.Report, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, key := range keys {
		o, err := st.FindOrder(ctx, key, false)
		if errors.Is(err, tracker.ErrNotFound) {
			return tracker.Report{}, problemf("no order or tracking number %q in %s", key, st.Path())
		}
		if err != nil {
			return tracker.Report{}, wrapf("refresh %q: %v", key, err)
		}
		n := number.Normalize(key)
		byTracking := false
		for _, sh := range o.Shipments {
			byTracking = byTracking || sh.TrackingNo == n
		}
		for _, sh := range o.Shipments {
			if (byTracking && sh.TrackingNo != n) || seen[sh.ID] {
				continue
			}
			seen[sh.ID] = true
			ids = append(ids, sh.ID)
		}
	}
	return r.RefreshShipments(ctx, ids)
}
