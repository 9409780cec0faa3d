package bench

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// A sitting of fixed figures (no timing): two small scales measured the
// size-following lines, the largest every line.
func fixedSitting() []Scale {
	nan := math.NaN()
	small := func(ff, cold, filterMed, filterP99, nav, rss, openMed, openP99 float64) []Line {
		return []Line{
			{Name: "ingest_new", Unit: "events/s", Median: 200_000, P99: nan, Budget: 150_000},
			{Name: "first_frame", Unit: "ms", Median: ff, P99: ff * 2, Budget: 300, AtMost: true},
			{Name: "first_frame_cold", Unit: "ms", Median: cold, P99: cold * 2, Budget: 300, AtMost: true},
			{Name: "nav_key", Unit: "ms", Median: 0.2, P99: nav, Budget: 2, AtMost: true, OnP99: true},
			{Name: "filter_key", Unit: "ms", Median: filterMed, P99: filterP99, Budget: 20, AtMost: true},
			{Name: "tui_rss", Unit: "MB", Median: rss, P99: nan, Budget: 150, AtMost: true},
			{Name: "ssh_open", Unit: "ms", Median: openMed, P99: openP99, Budget: 1000, AtMost: true, OnP99: true},
		}
	}
	largest := append(small(310, 1716, 15.8, 487, 0.7, 200, 400, 900),
		Line{Name: "refresher_vs_bound", Unit: "×", Median: 1.04, P99: nan, Budget: 1.1, AtMost: true},
		Line{Name: "ssh_frame", Unit: "ms", Median: 21, P99: 58, Budget: nan})
	return []Scale{
		{Orders: 10_000, Lines: small(8.8, 21, 1.3, 40, 0.6, 160, 300, 800)},
		{Orders: 100_000, Lines: small(42, 182, 8.6, 46, 0.65, 170, 350, 850)},
		{Orders: 1_000_000, Lines: largest},
	}
}

func TestRowsGrowthFlatOK(t *testing.T) {
	rows := Rows(fixedSitting())
	byName := map[string]Row{}
	var names []string
	for _, r := range rows {
		byName[r.Name] = r
		names = append(names, r.Name)
	}
	// The largest scale's order; a followed line's figures each a row,
	// another line's budgeted figure.
	want := "ingest_new first_frame first_frame_cold nav_key_p99 filter_key filter_key_p99 tui_rss ssh_open_median ssh_open_p99 refresher_vs_bound ssh_frame"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("rows\n got %s\nwant %s", got, want)
	}
	for _, c := range []struct {
		name     string
		growth   float64 // NaN: not followed
		flat, ok bool
	}{
		{"first_frame", 310 / 8.8, false, false},        // grows, and over its budget at 1M
		{"first_frame_cold", 1716.0 / 21, false, false}, // the 1.7 s cold frame
		{"nav_key_p99", 0.7 / 0.6, true, true},          // 1.17: within 25%
		{"filter_key", 15.8 / 1.3, false, true},         // the median meets 20 ms, yet grows
		{"filter_key_p99", 487.0 / 40, false, true},     // no budget of its own here
		{"tui_rss", 200.0 / 160, true, false},           // 1.25 exactly is flat; 200 MB is over
		{"ssh_open_median", 400.0 / 300, false, true},   // 1.33
		{"ssh_open_p99", 900.0 / 800, true, true},       // 1.125
		{"ingest_new", math.NaN(), true, true},          // not followed: flat by definition
		{"refresher_vs_bound", math.NaN(), true, true},  // the largest scale alone
	} {
		t.Run(c.name, func(t *testing.T) {
			r, found := byName[c.name]
			if !found {
				t.Fatalf("no row %s", c.name)
			}
			if math.IsNaN(c.growth) {
				if r.Followed {
					t.Errorf("%s followed", c.name)
				}
			} else if g := r.Growth(); math.Abs(g-c.growth) > 1e-9 {
				t.Errorf("growth %v, want %v", g, c.growth)
			}
			if r.Flat() != c.flat {
				t.Errorf("flat %v, want %v (growth %v)", r.Flat(), c.flat, r.Growth())
			}
			if r.OK() != c.ok {
				t.Errorf("ok %v, want %v (values %v, budget %v)", r.OK(), c.ok, r.Values, r.Budget)
			}
		})
	}
	if r := byName["refresher_vs_bound"]; !math.IsNaN(r.Values[0]) || r.Values[2] != 1.04 {
		t.Errorf("refresher_vs_bound values %v: want none below the largest scale", r.Values)
	}
	if !Failed(rows) {
		t.Error("a sitting with figures that grow is not failed")
	}
}

func TestGrowthEdges(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name   string
		values []float64
		growth float64
		flat   bool
	}{
		{"the same", []float64{10, 10}, 1, true},
		{"a quarter more", []float64{100, 110, 125}, 1.25, true},
		{"just over", []float64{100, 125.1}, 1.251, false},
		{"smaller at the largest", []float64{40, 30}, 0.75, true},
		{"zero at both", []float64{0, 0}, 1, true},
		{"zero at the smallest", []float64{0, 3}, math.Inf(1), false},
		{"missing at the smallest", []float64{nan, 3}, nan, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Row{Values: c.values, Followed: true, Budget: nan}
			g := r.Growth()
			switch {
			case math.IsNaN(c.growth):
				if !math.IsNaN(g) {
					t.Errorf("growth %v, want NaN", g)
				}
			case g != c.growth && math.Abs(g-c.growth) > 1e-9:
				t.Errorf("growth %v, want %v", g, c.growth)
			}
			if r.Flat() != c.flat {
				t.Errorf("flat %v, want %v", r.Flat(), c.flat)
			}
		})
	}
}

// Flat and within budget at every scale: the sitting passes; one scale
// over the budget fails it though the others are under.
func TestFailed(t *testing.T) {
	nan := math.NaN()
	flat := []Row{{Name: "first_frame", Values: []float64{50, 55}, Budget: 300, AtMost: true, Followed: true},
		{Name: "plain_insert", Values: []float64{1, 9}, Budget: nan}}
	if Failed(flat) {
		t.Error("flat rows within budget failed")
	}
	mid := []Row{{Name: "first_frame", Values: []float64{50, 400, 55}, Budget: 300, AtMost: true, Followed: true}}
	if !Failed(mid) {
		t.Error("a budget missed at the middle scale passed")
	}
	atLeast := []Row{{Name: "ingest_new", Values: []float64{160_000, 140_000}, Budget: 150_000}}
	if !Failed(atLeast) {
		t.Error("an at-least budget missed at the largest passed")
	}
}

func TestScalesJSON(t *testing.T) {
	scales := fixedSitting()
	out := ScalesJSON(scales, Rows(scales))
	got := map[string]ScaleEntry{}
	for _, e := range out {
		got[e.Name+"@"+strconv.Itoa(e.Scale)] = e
	}
	for _, c := range []struct {
		key    string
		value  float64
		budget bool
	}{
		{"first_frame@10000", 8.8, true},
		{"filter_key_p99@10000", 40, false}, // followed, though the one-scale form has no such entry
		{"filter_key_p99@1000000", 487, false},
		{"ssh_open_p99@100000", 850, true},
		{"refresher_vs_bound@1000000", 1.04, true},
		{"tui_rss_growth@0", 1.25, true},
		{"nav_key_p99_growth@0", 0.7 / 0.6, true},
	} {
		e, ok := got[c.key]
		if !ok {
			t.Errorf("no entry %s", c.key)
			continue
		}
		if math.Abs(e.Value-c.value) > 1e-9 || (e.Budget != nil) != c.budget {
			t.Errorf("%s = %+v, want value %v, budget %v", c.key, e, c.value, c.budget)
		}
	}
	if _, ok := got["refresher_vs_bound@10000"]; ok {
		t.Error("refresher_vs_bound at the smallest scale, where it is not measured")
	}
	if e := got["tui_rss_growth@0"]; e.OK == nil || !*e.OK || *e.Budget != MaxGrowth {
		t.Errorf("tui_rss_growth %+v: want ok under budget %v", e, MaxGrowth)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"name":"first_frame","value":8.8,"unit":"ms","budget":300,"ok":true,"scale":10000`) {
		t.Errorf("entry shape: %s", b)
	}
}

func TestPrintScales(t *testing.T) {
	scales := fixedSitting()
	var b strings.Builder
	PrintScales(&b, scales, Rows(scales), nil)
	lines := strings.Split(b.String(), "\n")
	for _, c := range []struct{ prefix, fields string }{
		{"MEASURE ", "MEASURE 10000 100000 1000000 GROWTH FLAT UNIT BUDGET OK"},
		{"tui_rss ", "tui_rss 160.0 170.0 200.0 1.25 yes MB ≤ 150.0 no"},
		{"filter_key_p99 ", "filter_key_p99 40.0 46.0 487.0 12.2 no ms — —"},
		{"ssh_frame ", "ssh_frame — — 21.0 — — ms — —"},
	} {
		found := false
		for _, l := range lines {
			if strings.HasPrefix(l, c.prefix) {
				found = true
				if got := strings.Join(strings.Fields(l), " "); got != c.fields {
					t.Errorf("row\n got %s\nwant %s", got, c.fields)
				}
			}
		}
		if !found {
			t.Errorf("no row %q in\n%s", c.prefix, b.String())
		}
	}
}
