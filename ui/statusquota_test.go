package ui

import (
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// TestStatusBarShowsQuota: the services' plan use, as the refresher last
// read it, is on the status line; a plan nearly used up stays there when
// the line is short, and a read that failed says so.
func TestStatusBarShowsQuota(t *testing.T) {
	at := time.Date(2030, 1, 1, 14, 5, 0, 0, time.UTC)
	cases := []struct {
		name   string
		width  int
		quotas []tracker.ServiceQuota
		want   []string
	}{
		{"wide", 120, []tracker.ServiceQuota{{Service: "17track", Quota: tracker.Quota{Used: 12, Limit: 100}, At: at}}, []string{"17track 12/100", "idle"}},
		{"nearly used up, narrow", 60, []tracker.ServiceQuota{{Service: "17track", Quota: tracker.Quota{Used: 95, Limit: 100}, At: at}}, []string{"17track 95/100"}},
		{"no total", 120, []tracker.ServiceQuota{{Service: "17track", Quota: tracker.Quota{Used: 7}, At: at}}, []string{"17track 7 used"}},
		{"read failed", 120, []tracker.ServiceQuota{{Service: "17track", Err: "17track: timeout", At: at}}, []string{"17track quota ?"}},
		{"carrier text sanitized", 120, []tracker.ServiceQuota{{Service: "x\x1b[31mred", Quota: tracker.Quota{Used: 1, Limit: 2}, At: at}}, []string{"1/2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeReader(10)
			hub := tracker.NewHub()
			h := newHarness(t, Options{Reader: f, Hub: hub}, tc.width, 30)
			hub.Publish(tracker.Change{Refresher: &tracker.RefresherState{LastPass: at, Quotas: tc.quotas}})
			h.awaitParked()
			v := h.view()
			for _, w := range tc.want {
				if !strings.Contains(v, w) {
					t.Fatalf("status bar lacks %q:\n%s", w, v)
				}
			}
			if strings.Contains(v, "\x1b[31mred") {
				t.Fatalf("a service's name reached the terminal raw:\n%q", v)
			}
		})
	}
}

func TestQuotaText(t *testing.T) {
	cases := []struct {
		q    tracker.ServiceQuota
		want string
	}{
		{tracker.ServiceQuota{Quota: tracker.Quota{Used: 12, Limit: 100}}, "12 of 100 used"},
		{tracker.ServiceQuota{Quota: tracker.Quota{Used: 12}}, "12 used"},
		{tracker.ServiceQuota{Err: "timeout"}, "unknown: timeout"},
		{tracker.ServiceQuota{Quota: tracker.Quota{Used: 12, Limit: 100}, Err: "timeout"}, "12 of 100 used (last read failed: timeout)"},
	}
	for _, tc := range cases {
		if got := QuotaText(tc.q); got != tc.want {
			t.Errorf("QuotaText(%+v) = %q, want %q", tc.q, got, tc.want)
		}
	}
}
