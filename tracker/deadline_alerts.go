package tracker

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AlertDeadline is the Kind of an alert that a deadline's clock is running
// out. Like a watched order's, it goes to every configured channel: a
// route's kinds and min_severity choose among exceptions.
const AlertDeadline = "deadline"

// DeadlineAlerter is a store that writes deadline alerts to its outbox.
// EnqueueDeadlineAlerts, in one write transaction, enqueues an alert (the
// app and every route) for each open deadline not yet due whose due time
// minus a lead time has passed and whose smallest passed lead time is not
// yet in its alerted list, and records the passed lead times there: one
// alert per deadline and lead time however many passes, restarts or
// processes sharing the store ask. It returns how many it enqueued.
type DeadlineAlerter interface {
	EnqueueDeadlineAlerts(ctx context.Context, now time.Time, leads []time.Duration, routes []AlertRoute) (int, error)
}

// DeadlineLead says which alert a deadline due at due is owed at now:
// the smallest lead time already passed (due minus it at or before now),
// unless that one was alerted for this due time. A deadline first seen
// inside several lead times alerts once, for the smallest; record is
// alerted with every passed lead time added, so the larger ones do not go
// later. A deadline already due alerts no more: the queue shows it.
func DeadlineLead(due, now time.Time, leads, alerted []time.Duration) (lead time.Duration, record []time.Duration, ok bool) {
	if !due.After(now) {
		return 0, alerted, false
	}
	record = slices.Clone(alerted)
	found := false
	for _, l := range leads {
		if due.Add(-l).After(now) {
			continue
		}
		if !found || l < lead {
			lead, found = l, true
		}
		if !slices.Contains(record, l) {
			record = append(record, l)
		}
	}
	if !found || slices.Contains(alerted, lead) {
		return 0, alerted, false
	}
	slices.Sort(record)
	return lead, record, true
}

// ParseAlerted reads a deadline's alerted column: lead times in seconds,
// comma-separated. A part that is not a number is skipped (it names no
// lead time this build would send).
func ParseAlerted(s string) []time.Duration {
	var out []time.Duration
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && n > 0 {
			out = append(out, time.Duration(n)*time.Second)
		}
	}
	return out
}

// FormatAlerted writes lead times as the alerted column keeps them.
func FormatAlerted(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strconv.FormatInt(int64(d/time.Second), 10)
	}
	return strings.Join(parts, ",")
}

// DeadlineAlertKey names one deadline's alert at one lead time for one due
// time: the same on every channel and retry, so a receiver can drop a
// repeat, and new when the due time moves.
func DeadlineAlertKey(id int64, lead time.Duration, due time.Time) string {
	return fmt.Sprintf("deadline-%d-%d-%d", id, int64(lead/time.Second), due.Unix())
}

// DeadlineKindWords is a deadline kind as an alert says it.
func DeadlineKindWords(k DeadlineKind) string {
	switch k {
	case DeadlineDisputeReply:
		return "dispute reply"
	case DeadlineProtectionEnd:
		return "buyer protection ends"
	case DeadlineShipBy:
		return "ship by"
	case DeadlineTradeAssuranceReply:
		return "Trade Assurance reply"
	case DeadlineCarrierClaim:
		return "carrier claim window"
	case DeadlineFollowUp:
		return "follow-up"
	}
	return strings.ReplaceAll(OneLine(string(k), 40), "_", " ")
}

// deadlineAction is what to do before the deadline runs out.
func deadlineAction(r DeadlineRow) string {
	switch r.Kind {
	case DeadlineDisputeReply:
		return "answer the dispute on AliExpress before it is due, or it is refunded to the buyer"
	case DeadlineProtectionEnd:
		return fmt.Sprintf(deadlineExtend, OneLine(r.OrderNo, 80))
	case DeadlineShipBy:
		return "ship the order and add its tracking number before it is due"
	case DeadlineTradeAssuranceReply:
		return "answer the buyer on Alibaba.com before it is due"
	case DeadlineCarrierClaim:
		return "file the claim with the carrier before the window closes"
	case DeadlineFollowUp:
		return "look at the case again and take its next step"
	}
	return "act before it is due"
}

// DeadlineAlert writes the subject and body of the alert that deadline r
// is due within lead. Order and tracking numbers come from outside, so
// every value is one plain line (OneLine), as ExceptionAlert's.
func DeadlineAlert(r DeadlineRow, lead time.Duration, now time.Time) (subject, body string) {
	what, left := DeadlineKindWords(r.Kind), TimeLeft(r.DueAt, now)
	subject = fmt.Sprintf(subjectDeadline, what, left, OneLine(r.OrderNo, 24))
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\n", label, value)
		}
	}
	line("Deadline", fmt.Sprintf(deadlineLead, what, shortSpan(lead)))
	line("Due", r.DueAt.UTC().Format("2006-01-02 15:04 UTC"))
	line("Time left", left)
	line("Order", OneLine(r.OrderNo, 80))
	line("Tracking", orDash(OneLine(r.TrackingNo, 80)))
	if r.CaseID != 0 {
		line("Case", "#"+strconv.FormatInt(r.CaseID, 10))
	}
	line("Source", OneLine(r.Source, 40))
	line("What to do", deadlineAction(r))
	return subject, b.String()
}

// alertLeads is [deadlines] alert_before as durations.
func (c DeadlineConfig) alertLeads() []time.Duration {
	out := make([]time.Duration, 0, len(c.AlertBefore))
	for _, d := range c.AlertBefore {
		out = append(out, d.Duration)
	}
	return out
}

// deadlineAlerts writes the alerts the deadlines' lead times owe, after
// the pass: the senders drain them with the others. A store that keeps no
// deadlines, or no lead times configured, writes none.
func (r *Refresher) deadlineAlerts(ctx context.Context, rep *Report) error {
	st, ok := r.store.(DeadlineAlerter)
	leads := r.policy.Deadlines.alertLeads()
	if !ok || len(leads) == 0 {
		return nil
	}
	n, err := st.EnqueueDeadlineAlerts(ctx, r.clock.Now(), leads, r.policy.Alerts)
	if err != nil {
		return fmt.Errorf("deadline alerts: %w", err)
	}
	rep.DeadlineAlerts += n
	if n > 0 {
		// The in-app alert list and its count are on screen.
		if r.hub != nil {
			r.hub.Publish(Change{All: true})
		}
	}
	return nil
}
