package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// fakeETAs answers ShipmentETA from a map, recording the times asked at.
type fakeETAs struct {
	mu   sync.Mutex
	etas map[int64]tracker.ETA
	at   []time.Time
}

func (f *fakeETAs) ShipmentETA(_ context.Context, id int64, now time.Time) (tracker.ETA, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.at = append(f.at, now)
	e, ok := f.etas[id]
	return e, ok, nil
}

func historyETA(p50, p10, p90 int) tracker.ETA {
	d := func(n int) time.Time { return fixedNow.AddDate(0, 0, n) }
	return tracker.ETA{Date: d(p50), From: d(p10), To: d(p90), Source: tracker.ETAFromHistory, Basis: "carrier and route", Samples: 42}
}

func TestTimelineShowsTheETA(t *testing.T) {
	tests := []struct {
		name string
		eta  *tracker.ETA
		want string
	}{
		{"history: likeliest day and range", &[]tracker.ETA{historyETA(4, 2, 9)}[0], "ETA 06-05 · 06-03–06-10 · 42 delivered parcels"},
		{"carrier", &tracker.ETA{Date: fixedNow.AddDate(0, 0, 3), Source: tracker.ETAFromCarrier}, "ETA 06-04 · carrier's estimate"},
		{"none", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeReader(20)
			etas := &fakeETAs{etas: map[int64]tracker.ETA{}}
			first := f.rows[0].ShipmentID
			if tt.eta != nil {
				etas.etas[first] = *tt.eta
			}
			h := newHarness(t, Options{Reader: f, ETA: etas, Clock: fixedClock{fixedNow}}, 140, 30)
			if h.app.timeline.shipmentID != first {
				t.Fatalf("timeline shows %d, want %d", h.app.timeline.shipmentID, first)
			}
			out := screen(h)
			if tt.want != "" {
				wantOnScreen(t, h, tt.want)
			} else if h.app.timeline.eta != nil {
				t.Errorf("an ETA shown without one: %+v\n%s", h.app.timeline.eta, out)
			}
			if len(etas.at) != 1 {
				t.Errorf("ETA asked %d times, want once with the events", len(etas.at))
			}
		})
	}
}

func TestNewETASuggestsTheHistoryRange(t *testing.T) {
	etas := &fakeETAs{etas: map[int64]tracker.ETA{47: historyETA(4, 2, 9)}}
	h, f, fc := caseSession(t, func(o *Options) { o.ETA = etas })
	f.etas = map[int64]time.Time{47: fixedNow.AddDate(0, 0, 1)} // the carrier's stale-looking estimate loses
	c := toSolve(t, h, fc)
	setKind(t, h, fc, c.ID, tracker.ExStale)
	p90 := fixedNow.AddDate(0, 0, 9).Format("2006-01-02")
	wantOnScreen(t, h, "›1 new ETA", p90, "from 42 delivered parcels, same carrier and route",
		"suggested: 9 in 10 by "+p90+", likely "+fixedNow.AddDate(0, 0, 4).Format("2006-01-02"))
	h.press("enter")
	got, _ := fc.get(c.ID)
	if s := got.Solution; s == nil || s.Type != tracker.SolveNewETA || s.ETA.Format("2006-01-02") != p90 {
		t.Fatalf("new ETA: %+v, want %s", s, p90)
	}
}
