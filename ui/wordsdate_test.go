package ui

import (
	"testing"
	"time"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// Ages, days, the clock, case steps and order states in each language:
// English exactly as the screen said it before the catalog, Chinese in
// the forms Chinese sellers read (12月6日, 周日, 3小时, 工单 2/4 核实).
func TestWordsAndDatesInEachLanguage(t *testing.T) {
	en, zh := i18n.New(i18n.En), i18n.New(i18n.Zh)
	now := time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC) // a Sunday
	for _, tt := range []struct {
		name   string
		got    func(tr *i18n.Printer) string
		en, zh string
	}{
		{"age now", func(tr *i18n.Printer) string { return sinceIn(now, now.Add(-20*time.Second), tr) }, "now", "刚刚"},
		{"age minutes", func(tr *i18n.Printer) string { return sinceIn(now, now.Add(-12*time.Minute), tr) }, "12m", "12分钟"},
		{"age hours", func(tr *i18n.Printer) string { return sinceIn(now, now.Add(-26*time.Hour), tr) }, "26h", "26小时"},
		{"age days", func(tr *i18n.Printer) string { return sinceIn(now, now.Add(-72*time.Hour), tr) }, "3d", "3天"},
		{"age unknown", func(tr *i18n.Printer) string { return sinceIn(now, time.Time{}, tr) }, "—", "—"},
		{"day", func(tr *i18n.Printer) string { return dayIn(now, time.UTC, tr) }, "12-06", "12月6日"},
		{"weekday", func(tr *i18n.Printer) string { return weekdayDayIn(now.AddDate(0, 0, 1), time.UTC, tr) }, "Mon 12-07", "12月7日 周一"},
		{"clock", func(tr *i18n.Printer) string { return clockIn(now, tr) }, "Sun 2026-12-06 14:00 UTC", "2026-12-06 周日 14:00 UTC"},
		{"time left", func(tr *i18n.Printer) string { return tr.TimeLeft(now.Add(50*time.Hour), now) }, "2d 2h", "2天2小时"},
		{"overdue", func(tr *i18n.Printer) string { return tr.TimeLeft(now.Add(-90*time.Minute), now) }, "overdue 1h 30m", "已超时 1小时30分钟"},
		{"step", func(tr *i18n.Printer) string { return caseStepLabel(tracker.StepVerify, tr) }, "case 2/4 verify", "工单 2/4 核实"},
		{"step follow up", func(tr *i18n.Printer) string { return caseStepLabel(tracker.StepFollowUp, tr) }, "case 4/4 follow up", "工单 4/4 跟进"},
		{"step short", func(tr *i18n.Printer) string { return caseStepShort(tracker.StepSolve, tr) }, "case 3/4", "工单 3/4"},
		{"step closed", func(tr *i18n.Printer) string { return caseStepLabel(tracker.StepClosed, tr) }, "case closed", "工单已关闭"},
		{"step unknown", func(tr *i18n.Printer) string { return stepName("escalate_now", tr) }, "escalate now", "escalate now"},
		{"order state", func(tr *i18n.Printer) string { return orderStatusWord(tracker.OrderInProgress, tr) }, "in progress", "处理中"},
		{"order state unknown", func(tr *i18n.Printer) string { return orderStatusWord("on_hold", tr) }, "on hold", "on hold"},
		{"eta carrier", func(tr *i18n.Printer) string {
			return etaText(tracker.ETA{Source: tracker.ETAFromCarrier, Date: now}, time.UTC, tr)
		}, "ETA 12-06 · carrier's estimate", "预计 12月6日 · 承运商预估"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(en); got != tt.en {
				t.Errorf("English %q, want %q", got, tt.en)
			}
			if got := tt.got(nil); got != tt.en {
				t.Errorf("no printer %q, want English %q", got, tt.en)
			}
			if got := tt.got(zh); got != tt.zh {
				t.Errorf("Chinese %q, want %q", got, tt.zh)
			}
		})
	}
}

// Every order state and case step the tracker has is in the catalog: they
// are asked for by value, which the source test cannot see.
func TestCatalogHasOrderStatesAndSteps(t *testing.T) {
	zh := i18n.New(i18n.Zh)
	for _, s := range []tracker.OrderStatus{tracker.OrderReceived, tracker.OrderInProgress, tracker.OrderPacked,
		tracker.OrderShipped, tracker.OrderArrived, tracker.OrderCancelled, tracker.OrderRefunded,
		tracker.OrderUnfulfillable, tracker.OrderAbandoned, tracker.OrderAwaitingClarif} {
		if w := orderStatusWord(s, zh); w == orderStatusWord(s, nil) {
			t.Errorf("order state %q has no Chinese: %q", s, w)
		}
	}
	for _, s := range tracker.CaseSteps {
		if w := stepName(s, zh); w == stepName(s, nil) {
			t.Errorf("case step %q has no Chinese: %q", s, w)
		}
	}
}
