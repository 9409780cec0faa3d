package tracker

import (
	"testing"
	"time"
)

// Protection ending within extend_before of the parcel's p90, or after
// it, proposes an extension unless the parcel is delivered.
func TestProposeExtend(t *testing.T) {
	p90 := time.Date(2025, 6, 20, 0, 0, 0, 0, time.UTC)
	before := 5 * 24 * time.Hour
	for _, tc := range []struct {
		name   string
		end    time.Time
		status Status
		p90    time.Time
		want   bool
	}{
		{"ends before the p90", p90.AddDate(0, 0, -3), StatusInTransit, p90, true},
		{"ends 4 days after the p90", p90.AddDate(0, 0, 4), StatusInTransit, p90, true},
		{"ends 6 days after the p90", p90.AddDate(0, 0, 6), StatusInTransit, p90, false},
		{"delivered", p90.AddDate(0, 0, -3), StatusDelivered, p90, false},
		{"no ETA", p90, StatusInTransit, time.Time{}, false},
		{"no protection end", time.Time{}, StatusInTransit, p90, false},
	} {
		if got := ProposeExtend(tc.end, tc.status, tc.p90, before); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
