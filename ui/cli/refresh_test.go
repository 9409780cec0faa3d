package cli

import (
	"testing"

	"waybill/tracker"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		sum   tracker.ApplySummary
		total int
		want  string
	}{
		{tracker.ApplySummary{Checked: 0}, 0, "0 checked · 0 new events · 0 failures"},
		{tracker.ApplySummary{Checked: 5, Skipped: 5, NewEvents: 7, Failures: 1}, 20, "[███████████████░░░░░░░░░░░░░░░] 10/20 · 5 checked · 7 new events · 1 failures"},
		{tracker.ApplySummary{Checked: 25}, 20, "[██████████████████████████████] 20/20 · 25 checked · 0 new events · 0 failures"},
	}
	for _, tt := range tests {
		if got := progressLine(tt.sum, tt.total); got != tt.want {
			t.Errorf("progressLine(%+v, %d) =\n%q\nwant\n%q", tt.sum, tt.total, got, tt.want)
		}
	}
}
