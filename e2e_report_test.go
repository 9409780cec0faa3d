package main

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestCLIReportCarriers(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := waybill(t, "demo", "--orders", "400", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	r := waybill(t, "list", "--json", "--db", db)
	var orders []reportOrder
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil {
		t.Fatal(err)
	}
	parcels := 0
	for _, o := range orders {
		parcels += len(o.Shipments)
	}

	lines := func(args ...string) []map[string]any {
		t.Helper()
		r := waybill(t, append([]string{"report", "carriers", "--json", "--db", db}, args...)...)
		if r.code != 0 {
			t.Fatalf("report carriers %v: exit %d: %s", args, r.code, r.stderr)
		}
		var out []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("report carriers --json: %v\n%s", err, r.stdout)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		args   []string
		unique func(map[string]any) string
	}{
		{"per carrier, route and method", nil, func(m map[string]any) string {
			return m["carrier"].(string) + m["route"].(string) + m["method"].(string)
		}},
		{"per carrier", []string{"--by", "carrier"}, func(m map[string]any) string { return m["carrier"].(string) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := lines(tc.args...)
			sum, seen := 0, map[string]bool{}
			for _, m := range out {
				for _, k := range []string{"carrier", "route", "method", "shipments", "delivered", "on_time_rate", "transit_days_p50",
					"transit_days_p90", "first_scan_days_p50", "exception_rates", "lost_rate", "damaged_rate", "refunds", "reissues", "root_causes"} {
					if _, ok := m[k]; !ok {
						t.Fatalf("line lacks %q: %v", k, m)
					}
				}
				if seen[tc.unique(m)] {
					t.Errorf("two lines for %s", tc.unique(m))
				}
				seen[tc.unique(m)] = true
				sum += int(m["shipments"].(float64))
				if p50, p90 := m["transit_days_p50"], m["transit_days_p90"]; p50 != nil && p50.(float64) > p90.(float64) {
					t.Errorf("p50 %v above p90 %v", p50, p90)
				}
			}
			if sum != parcels {
				t.Errorf("lines add up to %d shipments, want all %d (demo ships within 45 days)", sum, parcels)
			}
		})
	}
	if out := lines("--since", "1h"); len(out) > 0 && len(out) >= len(lines()) {
		t.Errorf("--since 1h left %d lines of %d", len(out), len(lines()))
	}

	r = waybill(t, "report", "carriers", "--csv", "--by", "carrier", "--db", db)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "carrier,origin,destination,method,shipments,delivered,") {
		t.Errorf("--csv: exit %d, %q", r.code, r.stdout[:min(len(r.stdout), 120)])
	}
	for _, bad := range [][]string{{"--since", "soon"}, {"--by", "weather"}, {"--json", "--csv"}} {
		if r := waybill(t, append([]string{"report", "carriers", "--db", db}, bad...)...); r.code != 2 || !strings.Contains(r.stderr, bad[0]) {
			t.Errorf("report carriers %v: exit %d, %q; want 2 naming the flag", bad, r.code, r.stderr)
		}
	}
}

type reportOrder struct {
	OrderNo   string `json:"order_no"`
	Shipments []struct {
		TrackingNo string          `json:"tracking_no"`
		Status     string          `json:"status"`
		ETA        *map[string]any `json:"eta"`
	} `json:"shipments"`
}

func TestCLIShowETA(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := waybill(t, "demo", "--orders", "300", "--seed", "5", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	var orders []reportOrder
	if err := json.Unmarshal([]byte(waybill(t, "list", "--json", "--db", db).stdout), &orders); err != nil {
		t.Fatal(err)
	}
	var undelivered, delivered string
	for _, o := range orders {
		for _, s := range o.Shipments {
			switch {
			case s.Status == "delivered" && delivered == "":
				delivered = s.TrackingNo
			case s.Status == "in_transit" && undelivered == "":
				undelivered = s.TrackingNo
			}
		}
	}
	for _, tc := range []struct {
		name, key string
		wantETA   bool
	}{{"in transit", undelivered, true}, {"delivered", delivered, false}} {
		t.Run(tc.name, func(t *testing.T) {
			if text := waybill(t, "show", "--db", db, tc.key).stdout; strings.Contains(text, "  ETA ") != tc.wantETA {
				t.Errorf("show prints an ETA: %v, want %v:\n%s", !tc.wantETA, tc.wantETA, text)
			}
			r := waybill(t, "show", "--json", "--db", db, tc.key)
			var o reportOrder
			if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
				t.Fatalf("show --json: %v\n%s", err, r.stdout)
			}
			if !strings.Contains(r.stdout, `"eta":`) {
				t.Fatalf("show --json has no eta field:\n%s", r.stdout)
			}
			for _, s := range o.Shipments {
				if s.TrackingNo != tc.key {
					continue
				}
				if (s.ETA != nil) != tc.wantETA {
					t.Fatalf("eta = %v, want present: %v", s.ETA, tc.wantETA)
				}
				if s.ETA == nil {
					return
				}
				e := *s.ETA
				if !slices.Contains([]any{"carrier", "history"}, e["source"]) {
					t.Errorf("source %v", e["source"])
				}
				from, date, to := e["from"].(string), e["date"].(string), e["to"].(string)
				if len(date) != 10 || from > date || date > to {
					t.Errorf("want from ≤ date ≤ to as YYYY-MM-DD, got %s %s %s", from, date, to)
				}
			}
		})
	}
}

func TestCLIETABacktest(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	r := waybill(t, "report", "eta-backtest", "--orders", "3000", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	var out struct {
		Trained    int `json:"trained_on"`
		AtShipping struct {
			Parcels     int     `json:"parcels"`
			MedianError float64 `json:"median_abs_error_days"`
			ByP90       float64 `json:"share_by_p90"`
		} `json:"at_shipping"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if out.Trained == 0 || out.AtShipping.Parcels == 0 || out.AtShipping.MedianError <= 0 || out.AtShipping.ByP90 < 0.85 {
		t.Errorf("figures %+v", out)
	}
	if r := waybill(t, "report", "eta-backtest", "--orders", "5"); r.code != 2 {
		t.Errorf("--orders 5: exit %d, want 2", r.code)
	}
}

// Step 3 of a delay case takes the parcel's ETA with --eta auto: the end of
// the range show --json gives.
func TestCLICaseNewETAAuto(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := asAgent(t, "demo", "--orders", "300", "--seed", "5", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	var orders []reportOrder
	if err := json.Unmarshal([]byte(asAgent(t, "list", "--json", "--db", db).stdout), &orders); err != nil {
		t.Fatal(err)
	}
	var tracking, to string
	for _, o := range orders {
		for _, s := range o.Shipments {
			if s.ETA != nil && tracking == "" && len(o.Shipments) == 1 {
				tracking, to = s.TrackingNo, (*s.ETA)["to"].(string)
			}
		}
	}
	if tracking == "" {
		t.Fatal("no parcel with an ETA among 300 demo orders")
	}
	r := asAgent(t, "case", "open", tracking, "--kind", "overdue", "--json", "--db", db)
	var c struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil || c.ID == 0 {
		t.Fatalf("case open: exit %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	id := strconv.FormatInt(c.ID, 10)
	for _, args := range [][]string{
		{"reassure", "--text", "On its way.", "--via", "clipboard"},
		{"verify", "--text", "moving"},
		{"solve", "--type", "new_eta", "--eta", "auto"},
	} {
		if r := asAgent(t, append([]string{"case", "do", id}, append(args, "--db", db)...)...); r.code != 0 {
			t.Fatalf("case do %v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	r = asAgent(t, "case", "show", "--json", id, "--db", db)
	var shown struct {
		Solution struct {
			Type string `json:"type"`
			ETA  string `json:"eta"`
		} `json:"solution"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil {
		t.Fatalf("case show: %v\n%s", err, r.stdout)
	}
	if shown.Solution.Type != "new_eta" || !strings.HasPrefix(shown.Solution.ETA, to) {
		t.Errorf("solution %+v, want new_eta on %s", shown.Solution, to)
	}
}
