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
