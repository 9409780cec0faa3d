package tracker

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The alert names the order, the parcel, the kind in words, the due time,
// the time left and what to do; outside text is one plain line.
func TestDeadlineAlertText(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	due := now.Add(10*time.Hour + 30*time.Minute)
	for _, tc := range []struct {
		kind        DeadlineKind
		subject     string
		body        []string
		caseID      int64
		orderNo, tn string
	}{
		{DeadlineDisputeReply, "[waybill] dispute reply due in 10h 30m (order 8123)",
			[]string{"Deadline: dispute reply (alert 12h before)\n", "Due: 2026-03-01 18:30 UTC\n", "Time left: 10h 30m\n", "Order: 8123\n",
				"Tracking: RB123456785GB\n", "What to do: answer the dispute on AliExpress"}, 0, "8123", "RB123456785GB"},
		{DeadlineProtectionEnd, "[waybill] buyer protection ends due in 10h 30m (order 8123 Bcc: x@evil.example)",
			[]string{"Order: 8123 Bcc: x@evil.example\n", "Tracking: —\n", "What to do: extend the buyer's protection: waybill extend 8123 Bcc: x@evil.example --days N, or from the order view\n"},
			0, "8123\r\nBcc: x@evil.example", ""},
		{DeadlineShipBy, "[waybill] ship by due in 10h 30m (order 8123)", []string{"What to do: ship the order"}, 0, "8123", ""},
		{DeadlineCarrierClaim, "[waybill] carrier claim window due in 10h 30m (order 8123)", []string{"What to do: file the claim with the carrier"}, 0, "8123", "RB1\x1b[2J"},
		{DeadlineFollowUp, "[waybill] follow-up due in 10h 30m (order 8123)", []string{"Case: #42\n", "What to do: look at the case again"}, 42, "8123", "RB1"},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			r := DeadlineRow{Deadline: Deadline{ID: 7, Kind: tc.kind, DueAt: due, Source: "aliexpress", CaseID: tc.caseID}, OrderNo: tc.orderNo, TrackingNo: tc.tn}
			subject, body := DeadlineAlert(r, 12*time.Hour, now)
			if subject != tc.subject {
				t.Errorf("subject %q, want %q", subject, tc.subject)
			}
			for _, want := range tc.body {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
			if strings.ContainsAny(body, "\x1b\r") || strings.ContainsAny(subject, "\x1b\r\n") {
				t.Errorf("control characters in %q / %q", subject, body)
			}
		})
	}
}

// Which lead time a deadline is owed: the smallest passed, once.
func TestDeadlineLead(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	leads := []time.Duration{48 * time.Hour, 12 * time.Hour}
	for _, tc := range []struct {
		name    string
		due     time.Duration
		alerted []time.Duration
		lead    time.Duration
		record  []time.Duration
		ok      bool
	}{
		{"outside every lead time", 72 * time.Hour, nil, 0, nil, false},
		{"inside 48h", 47 * time.Hour, nil, 48 * time.Hour, []time.Duration{48 * time.Hour}, true},
		{"inside 48h, already told", 30 * time.Hour, []time.Duration{48 * time.Hour}, 0, []time.Duration{48 * time.Hour}, false},
		{"inside 12h after 48h", 11 * time.Hour, []time.Duration{48 * time.Hour}, 12 * time.Hour, []time.Duration{12 * time.Hour, 48 * time.Hour}, true},
		{"first seen inside both: once, the 12h one", 10 * time.Hour, nil, 12 * time.Hour, []time.Duration{12 * time.Hour, 48 * time.Hour}, true},
		{"12h told: a 48h added later does not go", 10 * time.Hour, []time.Duration{12 * time.Hour}, 0, []time.Duration{12 * time.Hour}, false},
		{"due now", 0, nil, 0, nil, false},
	} {
		lead, record, ok := DeadlineLead(now.Add(tc.due), now, leads, tc.alerted)
		if lead != tc.lead || ok != tc.ok || !slices.Equal(record, tc.record) {
			t.Errorf("%s: %v %v %v, want %v %v %v", tc.name, lead, record, ok, tc.lead, tc.record, tc.ok)
		}
	}
	if got := ParseAlerted(FormatAlerted([]time.Duration{12 * time.Hour, 48 * time.Hour})); !slices.Equal(got, []time.Duration{12 * time.Hour, 48 * time.Hour}) {
		t.Errorf("alerted round trip: %v", got)
	}
}
