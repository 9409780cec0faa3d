package bench

import (
	"math"
	"testing"
)

func TestQuantiles(t *testing.T) {
	xs := make([]float64, 0, 200)
	for i := 200; i >= 1; i-- {
		xs = append(xs, float64(i))
	}
	if med, p99 := quantiles(xs); med != 100 || p99 != 198 {
		t.Errorf("quantiles(200…1) = %v, %v; want 100, 198 (nearest rank)", med, p99)
	}
	if med, p99 := quantiles([]float64{7}); med != 7 || p99 != 7 {
		t.Errorf("quantiles(7) = %v, %v", med, p99)
	}
	if med, p99 := quantiles(nil); !math.IsNaN(med) || !math.IsNaN(p99) {
		t.Errorf("quantiles(nil) = %v, %v; want NaN", med, p99)
	}
	if xs[0] != 200 {
		t.Error("quantiles sorted its argument")
	}
}

// A line held on its p99 gives its median and its p99; a line without a
// budget has neither budget nor ok.
func TestToJSON(t *testing.T) {
	nan := math.NaN()
	got := ToJSON([]Line{
		{Name: "nav_key", Unit: "ms", Median: 0.3, P99: 2.5, Budget: 2, AtMost: true, OnP99: true},
		{Name: "plain_insert", Unit: "rows/s", Median: 1000, P99: nan, Budget: nan},
	})
	if len(got) != 3 {
		t.Fatalf("%d entries, want 3: %+v", len(got), got)
	}
	if e := got[0]; e.Name != "nav_key_median" || e.Value != 0.3 || e.Budget != nil || e.OK != nil {
		t.Errorf("median entry %+v", e)
	}
	if e := got[1]; e.Name != "nav_key_p99" || e.Value != 2.5 || e.Budget == nil || *e.Budget != 2 || e.OK == nil || *e.OK {
		t.Errorf("p99 entry %+v: want budget 2, not ok", e)
	}
	if e := got[2]; e.Name != "plain_insert" || e.Budget != nil || e.OK != nil {
		t.Errorf("entry without budget %+v", e)
	}
}

// A filter key is held on its median and on its p99 (issue 24: the first
// letters of words took half a second at a million orders while the
// median passed): either missed misses the line, and JSON gives each
// figure with its own budget.
func TestLineHeldOnMedianAndP99(t *testing.T) {
	for _, tc := range []struct {
		name                string
		median, p99         float64
		ok, medianOK, p99OK bool
	}{
		{"both within", 12, 50, true, true, true},
		{"slow keys", 12, 487, false, true, false},
		{"slow median", 25, 50, false, false, true},
	} {
		l := Line{Name: "filter_key", Unit: "ms", Median: tc.median, P99: tc.p99, Budget: 20, P99Budget: 60, AtMost: true}
		if l.OK() != tc.ok {
			t.Errorf("%s: OK %v, want %v", tc.name, l.OK(), tc.ok)
		}
		got := ToJSON([]Line{l})
		if len(got) != 2 || got[0].Name != "filter_key" || got[1].Name != "filter_key_p99" {
			t.Fatalf("%s: entries %+v, want filter_key and filter_key_p99", tc.name, got)
		}
		if *got[0].Budget != 20 || *got[0].OK != tc.medianOK || got[0].Value != tc.median {
			t.Errorf("%s: median entry %+v ok %v, want budget 20 ok %v", tc.name, got[0], *got[0].OK, tc.medianOK)
		}
		if *got[1].Budget != 60 || *got[1].OK != tc.p99OK || got[1].Value != tc.p99 {
			t.Errorf("%s: p99 entry %+v ok %v, want budget 60 ok %v", tc.name, got[1], *got[1].OK, tc.p99OK)
		}
	}
	rows := Rows([]Scale{{Orders: 10, Lines: []Line{{Name: "filter_key", Unit: "ms", Median: 1, P99: 2, Budget: 20, P99Budget: 60, AtMost: true}}}})
	for _, r := range rows {
		if want := map[string]float64{"filter_key": 20, "filter_key_p99": 60}[r.Name]; r.Budget != want {
			t.Errorf("scale row %s: budget %v, want %v", r.Name, r.Budget, want)
		}
	}
}
