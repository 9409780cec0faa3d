package tracker

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// scoreNow is a Saturday; scoreD0, 61 days earlier, a Monday.
var (
	scoreNow = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	scoreD0  = time.Date(2026, 9, 21, 9, 0, 0, 0, time.UTC)
)

func dayN(n float64) time.Time { return scoreD0.Add(daysDur(n)) }

// scoreHistory is a hand-made history whose figures are worked out in the
// comments of TestScorecard.
func scoreHistory() []HistoryRecord {
	rec := func(id int64, carrier, dest, method string) HistoryRecord {
		return HistoryRecord{ShipmentID: id, Carrier: carrier, Origin: "CN", Destination: dest, Method: method, ShippedAt: scoreD0, Status: StatusInTransit}
	}
	r1 := rec(1, "A", "DE", "Std") // on time, stale once, refunded
	r1.FirstScanAt, r1.DeliveredAt, r1.OrderPromisedAt = dayN(1), dayN(10), dayN(12)
	r1.Exceptions = []ExceptionKind{ExStale, ExStale}
	r1.Cases = []CaseOutcome{{Kind: ExStale, State: CaseClosed, Solution: SolveRefund, RootCause: CauseCarrier}}
	r2 := rec(2, "A", "DE", "Std") // late, damaged, reissued
	r2.FirstScanAt, r2.DeliveredAt, r2.OrderPromisedAt = dayN(2), dayN(20), dayN(12)
	r2.Exceptions = []ExceptionKind{ExDamaged}
	r2.Cases = []CaseOutcome{{Kind: ExDamaged, State: CaseClosed, Solution: SolveReissue, RootCause: CausePackaging}}
	r3 := rec(3, "A", "DE", "Std") // lost: promise passed undelivered; its case is open
	r3.FirstScanAt, r3.OrderPromisedAt = dayN(3), dayN(12)
	r3.Exceptions = []ExceptionKind{ExLost}
	r3.Cases = []CaseOutcome{{Kind: ExLost, State: CaseOpen, Solution: SolveRefund}}
	r4 := rec(4, "A", "DE", "Std") // never scanned, no promise
	r5 := rec(5, "A", "FR", "Exp") // promise from the method's days; damaged by the buyer's case
	r5.FirstScanAt, r5.DeliveredAt = dayN(1), dayN(5)
	r5.Cases = []CaseOutcome{{Kind: ExDamaged, State: CaseClosed, Solution: SolveRefund, RootCause: CauseCarrier}}
	r6 := rec(6, "B", "DE", "Std")
	r6.DeliveredAt, r6.OrderPromisedAt = dayN(30), dayN(40)
	r7 := rec(7, "A", "DE", "Std") // shipped 100 days ago: outside --since 90d
	r7.ShippedAt, r7.DeliveredAt = scoreNow.Add(-100*24*time.Hour), scoreNow.Add(-92*24*time.Hour)
	r8 := rec(8, "A", "DE", "Exp") // promise still ahead: unsettled
	r8.ShippedAt, r8.OrderPromisedAt = scoreNow.Add(-2*24*time.Hour), scoreNow.Add(10*24*time.Hour)
	return []HistoryRecord{r1, r2, r3, r4, r5, r6, r7, r8}
}

func scoreOpts(by Grouping) ScoreOptions {
	r := DefaultRules()
	r.PromisedDays = map[string]int{"Exp": 6}
	return ScoreOptions{Now: scoreNow, Since: scoreNow.Add(-90 * 24 * time.Hour), Rules: r, By: by}
}

func TestScorecard(t *testing.T) {
	got := Scorecard(scoreHistory(), scoreOpts(ByCarrier))
	if len(got) != 2 || got[0].Carrier != "A" || got[1].Carrier != "B" {
		t.Fatalf("lines = %+v, want A then B", got)
	}
	a, b := got[0], got[1]
	nan := math.NaN()
	tests := []struct {
		name      string
		got, want float64
	}{
		// A: records 1–5 and 8 (7 shipped before --since).
		{"A shipments", float64(a.Shipments), 6},
		{"A delivered (1, 2, 5)", float64(a.Delivered), 3},
		{"A transit p50 of 5, 10, 20", a.TransitP50, 10},
		{"A transit p90 of 5, 10, 20", a.TransitP90, 18},
		{"A first scan p50 of 1, 1, 2, 3", a.FirstScanP50, 1.5},
		{"A settled promises (1, 2, 3, 5; not 4 without, 8 ahead)", float64(a.Promised), 4},
		{"A on time (1, 5)", float64(a.OnTime), 2},
		{"A on-time rate", a.OnTimeRate(), 0.5},
		{"A stale counted once per parcel", float64(a.Exceptions[ExStale]), 1},
		{"A damaged exceptions", float64(a.Exceptions[ExDamaged]), 1},
		{"A lost (exception and open case on one parcel)", float64(a.Lost), 1},
		{"A damaged (exception on 2, case on 5)", float64(a.Damaged), 2},
		{"A lost rate", a.Rate(a.Lost), 1.0 / 6},
		{"A refunds from closed cases only (1, 5)", float64(a.Refunds), 2},
		{"A reissues", float64(a.Reissues), 1},
		{"A root cause carrier", float64(a.RootCauses[CauseCarrier]), 2},
		{"A root cause packaging", float64(a.RootCauses[CausePackaging]), 1},
		{"B transit p50", b.TransitP50, 30},
		{"B on-time rate", b.OnTimeRate(), 1},
		{"B first scan unknown", b.FirstScanP50, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !(math.IsNaN(tt.want) && math.IsNaN(tt.got)) && math.Abs(tt.got-tt.want) > 1e-9 {
				t.Errorf("got %g, want %g", tt.got, tt.want)
			}
		})
	}
}

func TestScorecardGroupingAndWindow(t *testing.T) {
	type line struct {
		key       ScoreKey
		shipments int
	}
	tests := []struct {
		name  string
		by    Grouping
		since bool
		want  []line
	}{
		{"by carrier", ByCarrier, true, []line{{ScoreKey{Carrier: "A"}, 6}, {ScoreKey{Carrier: "B"}, 1}}},
		{"by carrier, all time", ByCarrier, false, []line{{ScoreKey{Carrier: "A"}, 7}, {ScoreKey{Carrier: "B"}, 1}}},
		{"by route", ByRoute, true, []line{
			{ScoreKey{"A", "CN", "DE", ""}, 5}, {ScoreKey{"A", "CN", "FR", ""}, 1}, {ScoreKey{"B", "CN", "DE", ""}, 1}}},
		{"by route and method", ByRouteAndMethod, true, []line{
			{ScoreKey{"A", "CN", "DE", "Std"}, 4}, {ScoreKey{"A", "CN", "DE", "Exp"}, 1},
			{ScoreKey{"A", "CN", "FR", "Exp"}, 1}, {ScoreKey{"B", "CN", "DE", "Std"}, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := scoreOpts(tt.by)
			if !tt.since {
				o.Since = time.Time{}
			}
			var got []line
			for _, s := range Scorecard(scoreHistory(), o) {
				got = append(got, line{s.ScoreKey, s.Shipments})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestOnTimeByWeek(t *testing.T) {
	wk := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	got := OnTimeByWeek(scoreHistory(), scoreOpts(ByCarrier))
	want := map[string][]WeekOnTime{
		// 5 delivered day 5 (Sat 26 Sep); 1 delivered day 10 and 3's
		// promise passed day 12 (week of 28 Sep); 2 delivered day 20.
		"A": {{wk(2026, 9, 21), 1, 1}, {wk(2026, 9, 28), 2, 1}, {wk(2026, 10, 5), 1, 0}},
		"B": {{wk(2026, 10, 19), 1, 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestWeekStart(t *testing.T) {
	for _, tt := range []struct{ in, want time.Time }{
		{time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)},  // Saturday
		{time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC), time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)}, // Sunday
		{time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)},  // Monday
	} {
		if got := WeekStart(tt.in); !got.Equal(tt.want) {
			t.Errorf("WeekStart(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestScoreJSON(t *testing.T) {
	lines := Scorecard(scoreHistory(), scoreOpts(ByRouteAndMethod))
	b, err := json.Marshal(lines[1].JSON()) // A CN→DE Exp: nothing delivered, promise ahead
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"route":"CN→DE"`, `"method":"Exp"`, `"on_time_rate":null`, `"transit_days_p50":null`,
		`"exception_rates":{`, `"lost_rate":0`, `"root_causes":{}`, `"no_tracking":0`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s: %s", want, s)
		}
	}
	a := lines[0].JSON() // A CN→DE Std: 1, 2, 3, 4
	if *a.OnTimeRate != 0.3333 || *a.TransitDaysP90 != 19 || a.ExceptionRates["lost"] != 0.25 || a.RootCauses["packaging"] != 1 {
		t.Errorf("A CN→DE Std = %+v", a)
	}
}

// The report, its CSV and the screen list a line's kinds in one order:
// most common first, ties by name, kinds never seen left out.
func TestKindsByCount(t *testing.T) {
	s := Score{Exceptions: map[ExceptionKind]int{ExStale: 2, ExCustoms: 5, ExLost: 2, ExOverdue: 0}}
	got := s.KindsByCount()
	want := []ExceptionKind{ExCustoms, ExLost, ExStale}
	if !slices.Equal(got, want) {
		t.Errorf("KindsByCount() = %v, want %v", got, want)
	}
}
