package sim

import (
	"testing"
)

// TestETABacktest holds the ETA model to its goal on simulated history: at
// least 85% of deliveries by the p90 date, as of shipping and halfway.
func TestETABacktest(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 6,000 journeys")
	}
	r := Backtest(BacktestOptions{Orders: 6000, Seed: 1})
	t.Logf("trained on %d, cut-off %s", r.Trained, r.Cutoff.Format("2006-01-02"))
	t.Logf("at shipping: %s", r.AtShipping)
	t.Logf("mid-transit: %s", r.MidTr)
	t.Logf("carrier ETA: %s", r.Carrier)
	t.Logf("called overdue before arriving: %.1f%% by the carrier's ETA, %.1f%% by the later of it and history's p90",
		100*r.OverdueByCarrier, 100*r.OverdueByBoth)
	if r.OverdueByBoth >= r.OverdueByCarrier {
		t.Errorf("history's p90 does not quiet the overdue rule: %.3f vs %.3f", r.OverdueByBoth, r.OverdueByCarrier)
	}
	for _, c := range []struct {
		name string
		f    BacktestFigures
	}{{"at shipping", r.AtShipping}, {"mid-transit", r.MidTr}} {
		if c.f.Parcels < 1000 || float64(c.f.Predicted) < 0.95*float64(c.f.Parcels) {
			t.Errorf("%s: %d of %d predicted, want nearly all of at least 1000", c.name, c.f.Predicted, c.f.Parcels)
		}
		if c.f.ByP90 < 0.85 {
			t.Errorf("%s: %.1f%% by p90, want at least 85%%", c.name, 100*c.f.ByP90)
		}
		if c.f.MedianError <= 0 || c.f.MedianError > 5 {
			t.Errorf("%s: median error %.2f days, want within 5", c.name, c.f.MedianError)
		}
	}
	// Knowing a parcel has not arrived halfway can only narrow the estimate.
	if r.MidTr.MedianError > r.AtShipping.MedianError || r.MidTr.ByP90 < r.AtShipping.ByP90 {
		t.Errorf("halfway (%s) is worse than at shipping (%s)", r.MidTr, r.AtShipping)
	}
}

func TestBacktestIsDeterministic(t *testing.T) {
	a, b := Backtest(BacktestOptions{Orders: 300, Seed: 7}), Backtest(BacktestOptions{Orders: 300, Seed: 7})
	if a != b {
		t.Errorf("two runs differ:\n%+v\n%+v", a, b)
	}
}

func BenchmarkETABacktest(b *testing.B) {
	var r BacktestResult
	for b.Loop() {
		r = Backtest(BacktestOptions{Orders: 6000, Seed: 1})
	}
	b.ReportMetric(r.AtShipping.MedianError, "mae-days-at-shipping")
	b.ReportMetric(100*r.AtShipping.ByP90, "%by-p90-at-shipping")
	b.ReportMetric(r.MidTr.MedianError, "mae-days-mid-transit")
	b.ReportMetric(100*r.MidTr.ByP90, "%by-p90-mid-transit")
}
