package ui

import (
	"testing"
	"time"

	"waybill/tracker"
)

// A case proposes asking the carrier when the parcel has been quiet for a
// week, or when its kind means only the carrier knows (stale, lost, and a
// problem the carrier reported without naming it).
func TestProposeInvestigation(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		kind  tracker.ExceptionKind
		quiet time.Duration
		want  bool
	}{
		{tracker.ExCarrierProblem, time.Hour, true},
		{tracker.ExStale, time.Hour, true},
		{tracker.ExLost, time.Hour, true},
		{tracker.ExDeliveryFailed, time.Hour, false},
		{tracker.ExCustoms, time.Hour, false},
		{tracker.ExCustoms, 8 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+"/"+tt.quiet.String(), func(t *testing.T) {
			v := &caseView{c: &common{now: now}, row: tracker.CaseRow{Case: tracker.Case{Kind: tt.kind}}, ship: tracker.Shipment{LastEventAt: now.Add(-tt.quiet)}}
			if got := v.proposeInvestigation(); got != tt.want {
				t.Errorf("proposeInvestigation() = %v, want %v", got, tt.want)
			}
		})
	}
}
