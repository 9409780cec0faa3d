package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// fakeHistory serves a fixed history, recording the windows asked for.
type fakeHistory struct {
	mu     sync.Mutex
	recs   []tracker.HistoryRecord
	asked  []time.Time
	called int
}

func (f *fakeHistory) ShipmentHistory(_ context.Context, since time.Time) ([]tracker.HistoryRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, since)
	f.called++
	var out []tracker.HistoryRecord
	for _, r := range f.recs {
		if !r.ShippedAt.Before(since) {
			out = append(out, r)
		}
	}
	return out, nil
}

// scoreFake has two carriers: fast-post (3 parcels to DE, 2 on time of
// 3 promised) and slow-mail (1 to FR, late, lost, refunded).
func scoreFake() *fakeHistory {
	day := 24 * time.Hour
	shipped := fixedNow.Add(-40 * day)
	rec := func(id int64, carrier, dest string, transit, promise int) tracker.HistoryRecord {
		r := tracker.HistoryRecord{ShipmentID: id, Carrier: carrier, Origin: "CN", Destination: dest, Method: "Std",
			Status: tracker.StatusDelivered, ShippedAt: shipped, FirstScanAt: shipped.Add(day),
			DeliveredAt: shipped.Add(time.Duration(transit) * day), OrderPromisedAt: shipped.Add(time.Duration(promise) * day)}
		return r
	}
	lost := rec(4, "slow-mail", "FR", 0, 20)
	lost.DeliveredAt, lost.Status = time.Time{}, tracker.StatusInTransit
	lost.Exceptions = []tracker.ExceptionKind{tracker.ExLost}
	lost.Cases = []tracker.CaseOutcome{{Kind: tracker.ExLost, State: tracker.CaseClosed, Solution: tracker.SolveRefund, RootCause: tracker.CauseCarrier}}
	return &fakeHistory{recs: []tracker.HistoryRecord{
		rec(1, "fast-post", "DE", 8, 10), rec(2, "fast-post", "DE", 9, 10), rec(3, "fast-post", "DE", 12, 10), lost,
	}}
}

func scorecardSession(t *testing.T, w, h int) (*harness, *fakeHistory) {
	fh := scoreFake()
	return newHarness(t, Options{Reader: newFakeReader(10), History: fh}, w, h), fh
}

func TestScorecardOpensFromAnywhereAndGoesBack(t *testing.T) {
	h, fh := scorecardSession(t, 140, 40)
	h.press("S")
	if h.app.scorecard == nil {
		t.Fatalf("S opened no scorecard:\n%s", screen(h))
	}
	if fh.called != 1 || !fh.asked[0].Equal(fixedNow.AddDate(0, 0, -90)) {
		t.Fatalf("history read %d times, window %v; want once, the last 90 days", fh.called, fh.asked)
	}
	wantOnScreen(t, h, "Carrier scorecard", "last 90 days · by carrier · 4 parcels",
		"fast-post", "slow-mail", "67%", "Transit days, fast-post", "On time by week, fast-post", "b group by", "t time window")
	// slow-mail: lost, refunded, root cause carrier.
	h.press("j")
	wantOnScreen(t, h, "100.0%", "lost 100.0%", "carrier 1", "no delivered parcels")
	h.press("esc")
	if h.app.scorecard != nil || !strings.Contains(screen(h), "Orders") {
		t.Fatalf("esc did not go back to the panes:\n%s", screen(h))
	}
}

func TestScorecardTogglesGroupingAndWindow(t *testing.T) {
	h, fh := scorecardSession(t, 140, 40)
	h.press("S")
	if strings.Contains(screen(h), "CN→DE") {
		t.Fatal("by carrier shows routes")
	}
	h.press("b")
	wantOnScreen(t, h, "by carrier and route", "CN→DE", "CN→FR")
	h.press("b")
	wantOnScreen(t, h, "by carrier, route and method", "Std")
	if fh.called != 1 {
		t.Errorf("grouping read history again (%d reads)", fh.called)
	}
	h.press("t")
	if fh.called != 2 || !fh.asked[1].Equal(fixedNow.AddDate(0, 0, -180)) {
		t.Errorf("t: windows asked %v, want the last 180 days next", fh.asked)
	}
	wantOnScreen(t, h, "last 180 days")
	h.press("t", "t")
	wantOnScreen(t, h, "last 30 days", "No parcels shipped in this window.")
}

// TestScorecardFitsThePane renders the scorecard at sizes from the
// smallest screen up: every line exactly as wide as the terminal.
func TestScorecardFitsThePane(t *testing.T) {
	for _, size := range [][2]int{{60, 16}, {60, 30}, {80, 24}, {99, 30}, {100, 30}, {160, 45}, {220, 60}} {
		h, _ := scorecardSession(t, size[0], size[1])
		h.press("S", "b", "b")
		lines := strings.Split(h.view(), "\n")
		if len(lines) != size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		for i, l := range lines {
			if widthOf(l) != size[0] {
				t.Errorf("%v: line %d is %d wide: %q", size, i, widthOf(l), l)
			}
		}
	}
}

func TestScorecardWithoutHistory(t *testing.T) {
	h := newHarness(t, Options{Reader: newFakeReader(5)}, 120, 30)
	h.press("S")
	if h.app.scorecard != nil {
		t.Fatal("a scorecard opened without a history port")
	}
	wantOnScreen(t, h, "no scorecard")
}

// BenchmarkScorecardView renders the scorecard of 100,000 parcels on one
// carrier, the worst case for the transit histogram.
func BenchmarkScorecardView(b *testing.B) {
	day := 24 * time.Hour
	fh := &fakeHistory{}
	for i := range 100_000 {
		shipped := fixedNow.Add(-time.Duration(i%80) * day)
		fh.recs = append(fh.recs, tracker.HistoryRecord{ShipmentID: int64(i + 1), Carrier: "cainiao", Origin: "CN", Destination: "DE",
			Status: tracker.StatusDelivered, ShippedAt: shipped, DeliveredAt: shipped.Add(time.Duration(5+i%20) * day), OrderPromisedAt: shipped.Add(20 * day)})
	}
	h := newHarness(b, Options{Reader: newFakeReader(10), History: fh}, 160, 45)
	h.press("S")
	if h.app.scorecard != nil && h.app.scorecard.data == nil {
		h.awaitParked() // computing 100,000 parcels takes longer than the harness waits
	}
	if h.app.scorecard == nil || h.app.scorecard.data == nil {
		b.Fatal("no scorecard")
	}
	for b.Loop() {
		_ = h.app.View()
	}
}
