package sim

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

var shipped0 = time.Date(2025, 3, 3, 4, 30, 0, 0, time.UTC) // a Monday, 12:30 in China

// lpNumber is the i-th Cainiao-style test number.
func lpNumber(i int) string { return fmt.Sprintf("LP00%012d", i) }

// numberWith returns the first test number whose outcome is want.
func numberWith(t testing.TB, seed int64, want Outcome) string {
	t.Helper()
	for i := range 100_000 {
		if n := lpNumber(i); outcomeOf(seed, n) == want {
			return n
		}
	}
	t.Fatalf("no number with outcome %s", want)
	return ""
}

const sampleSeed, sampleSize = 42, 20_000

// sample is 20,000 journeys of seed 42, planned once for the tests that
// need many: every 100th number is an untracked UPU number, destinations
// follow traffic weights and shipping times spread over a month.
var sample = sync.OnceValue(func() []Plan {
	plans := make([]Plan, sampleSize)
	for i := range plans {
		n := lpNumber(i)
		if i%100 == 99 {
			serial := fmt.Sprintf("%08d", i)
			n = "UA" + serial + strconv.Itoa(s10Check(serial)) + "CN"
		}
		plans[i] = Journey(sampleSeed, n, shipped0.Add(time.Duration(i)*137*time.Second), "")
	}
	return plans
})

func TestJourneyIsDeterministic(t *testing.T) {
	base := Journey(7, "LP00123456789012", shipped0, "ES")
	tests := []struct {
		name string
		plan func() Plan
		same bool
	}{
		{"same inputs give the same plan", func() Plan { return Journey(7, "LP00123456789012", shipped0, "ES") }, true},
		{"lower-case destination is the same country", func() Plan { return Journey(7, "LP00123456789012", shipped0, " es ") }, true},
		{"shipping time in another zone is the same instant", func() Plan {
			return Journey(7, "LP00123456789012", shipped0.In(time.FixedZone("CST", 8*3600)), "ES")
		}, true},
		{"another seed gives another plan", func() Plan { return Journey(8, "LP00123456789012", shipped0, "ES") }, false},
		{"another number gives another plan", func() Plan { return Journey(7, "LP00123456789013", shipped0, "ES") }, false},
		{"another destination gives another route", func() Plan { return Journey(7, "LP00123456789012", shipped0, "BR") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reflect.DeepEqual(tt.plan(), base); got != tt.same {
				t.Errorf("plans equal = %v, want %v", got, tt.same)
			}
		})
	}

	t.Run("shipping a week later shifts every event by a week", func(t *testing.T) {
		week := 7 * 24 * time.Hour
		later := Journey(7, "LP00123456789012", shipped0.Add(week), "ES")
		if len(later.Events) != len(base.Events) || !later.ETA.Equal(base.ETA.Add(week)) {
			t.Fatalf("got %d events, ETA %v; want %d, %v", len(later.Events), later.ETA, len(base.Events), base.ETA.Add(week))
		}
		for i, e := range later.Events {
			want := base.Events[i]
			want.Time = want.Time.Add(week)
			if e != want {
				t.Errorf("event %d = %+v, want %+v", i, e, want)
			}
		}
	})

	t.Run("the outcome depends on seed and number only", func(t *testing.T) {
		for i := range 200 {
			n := lpNumber(i)
			want := outcomeOf(3, n)
			for _, dest := range []string{"", "US", "BR", "ZZ"} {
				if got := Journey(3, n, shipped0, dest).Outcome; got != want {
					t.Fatalf("%s to %q: outcome %s, want %s", n, dest, got, want)
				}
			}
		}
	})

	t.Run("concurrent plans equal sequential ones", func(t *testing.T) {
		want := make([]Plan, 64)
		for i := range want {
			want[i] = Journey(9, lpNumber(i), shipped0, "")
		}
		got := make([]Plan, len(want))
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() { got[i] = Journey(9, lpNumber(i), shipped0, "") })
		}
		wg.Wait()
		if !reflect.DeepEqual(got, want) {
			t.Error("plans made concurrently differ from plans made one by one")
		}
	})
}

func TestJourneyDestinations(t *testing.T) {
	tests := []struct {
		name, dest, wantDest, wantLoc string
	}{
		{"a known country", "PL", "PL", ", PL"},
		{"lower case", "br", "BR", ", BR"},
		{"an unknown country gets a plain route", "ZZ", "ZZ", ", ZZ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Journey(1, numberWith(t, 1, OutcomeDelivered), shipped0, tt.dest)
			if p.Destination != tt.wantDest {
				t.Errorf("Destination = %q, want %q", p.Destination, tt.wantDest)
			}
			last := p.Events[len(p.Events)-1]
			if !strings.HasSuffix(last.Location, tt.wantLoc) {
				t.Errorf("delivered at %q, want a place in %s", last.Location, tt.wantDest)
			}
		})
	}
	t.Run("no destination draws one by traffic", func(t *testing.T) {
		seen := map[string]int{}
		for _, p := range sample() {
			seen[p.Destination]++
		}
		if len(seen) < 25 {
			t.Errorf("only %d destinations drawn: %v", len(seen), seen)
		}
		if seen["RU"] < seen["CH"]*5 {
			t.Errorf("RU drawn %d times, CH %d: want RU far more common", seen["RU"], seen["CH"])
		}
	})
}

// phase orders the codes along a journey: a journey's phases never go down.
// Damage, loss, expiry and holds can happen anywhere (-1).
var phase = map[string]int{
	codeAccept: 0, codePickup: 0, codeSortIn: 0, codeSortOut: 0,
	codeHubIn: 1, codeExportStart: 1, codeExportDone: 1, codeAirline: 1,
	codeDepart: 2, codeTransitArrive: 2, codeTransitDepart: 2,
	codeArrive:      3,
	codeImportStart: 4, codeImportHold: 4, codeDutiesDue: 4, codeDeclare: 4, codeCustomsPassed: 4,
	codeImportFailed: 4, codeImportDone: 4, codeCustomsOut: 4,
	codeLocalAccept: 5, codeLocalSortIn: 5, codeLocalSortOut: 5, codeOfficeIn: 5,
	codeOutForDelivery: 6, codeRedelivering: 6, codeDeliveryFailed: 6, codeAwaitingPickup: 6,
	codeDelivered: 6, codeCollected: 6,
	codeReturnStart: 7, codeReturnOutbound: 7, codeReturnWarehouse: 7, codeReturned: 8,
	codeDamaged: -1, codeLost: -1, codeExpired: -1, codeHeld: -1, codeReleased: -1,
}

// before lists pairs of codes where the first, when present, must come
// earlier than the second.
var before = [][2]string{
	{codeAccept, codePickup}, {codePickup, codeSortIn}, {codeSortIn, codeSortOut},
	{codeExportStart, codeExportDone}, {codeExportDone, codeAirline},
	{codeDepart, codeArrive}, {codeTransitArrive, codeTransitDepart},
	{codeImportStart, codeImportDone}, {codeImportStart, codeImportHold}, {codeImportHold, codeImportDone},
	{codeLocalAccept, codeLocalSortIn}, {codeOfficeIn, codeOutForDelivery},
	{codeOutForDelivery, codeDelivered}, {codeAwaitingPickup, codeCollected},
	{codeReturnStart, codeReturnOutbound}, {codeReturnOutbound, codeReturnWarehouse},
	{codeHeld, codeReleased},
}

var locationRE = regexp.MustCompile(`^[^,]+, [A-Z]{2}$`)

// planProblems lists what is wrong with a plan shipped at shipped.
func planProblems(p Plan, shipped time.Time) []string {
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	if (len(p.Events) == 0) != (p.Outcome == OutcomeNeverScanned) {
		fail("%d events for outcome %s", len(p.Events), p.Outcome)
	}
	if len(p.Events) == 0 {
		return bad
	}
	if p.Events[0].RawStatus != codeAccept || !p.Events[0].Time.After(shipped) {
		fail("first event %s at %v, want %s after shipping at %v", p.Events[0].RawStatus, p.Events[0].Time, codeAccept, shipped)
	}
	first := map[string]int{}
	lastPhase := 0
	c := countryByCode[p.Destination]
	for i, e := range p.Events {
		if _, ok := first[e.RawStatus]; !ok {
			first[e.RawStatus] = i
		}
		if i > 0 && !e.Time.After(p.Events[i-1].Time) {
			fail("event %d (%s) at %v is not after event %d at %v", i, e.RawStatus, e.Time, i-1, p.Events[i-1].Time)
		}
		cd, ok := codes[e.RawStatus]
		if !ok {
			fail("event %d: unknown code %q", i, e.RawStatus)
			continue
		}
		if e.Status != cd.status || e.Exception != cd.exception || !e.Status.Valid() {
			fail("event %d %s: status %s/%s, table says %s/%s", i, e.RawStatus, e.Status, e.Exception, cd.status, cd.exception)
		}
		if !locationRE.MatchString(e.Location) || e.Description == "" {
			fail("event %d %s: location %q, description %q", i, e.RawStatus, e.Location, e.Description)
		}
		if e.Status.Final() && i != len(p.Events)-1 {
			fail("final event %d (%s) is followed by %d more", i, e.RawStatus, len(p.Events)-1-i)
		}
		if ph := phase[e.RawStatus]; ph >= 0 {
			if ph < lastPhase {
				fail("event %d %s (phase %d) after phase %d", i, e.RawStatus, ph, lastPhase)
			}
			lastPhase = ph
		}
		if c != nil && (e.RawStatus == codeDelivered || e.RawStatus == codeOutForDelivery || e.RawStatus == codeRedelivering) {
			local := e.Time.Add(time.Duration(c.tz) * time.Hour)
			if h := local.Hour(); h < 7 || h >= 21 || local.Weekday() == c.rest {
				fail("event %d %s at %s local time in %s", i, e.RawStatus, local.Format("Mon 15:04"), c.code)
			}
		}
	}
	for _, pair := range before {
		a, okA := first[pair[0]]
		b, okB := first[pair[1]]
		if okB && (!okA || a > b) && pair[0] != codeImportHold {
			fail("%s without an earlier %s", pair[1], pair[0])
		}
		if okA && okB && a > b {
			fail("%s after %s", pair[0], pair[1])
		}
	}
	last := p.Events[len(p.Events)-1]
	switch p.Outcome {
	case OutcomeDelivered, OutcomeStale, OutcomeRedelivered, OutcomeCustomsReleased, OutcomeDamaged:
		if last.Status != tracker.StatusDelivered {
			fail("outcome %s ends %s", p.Outcome, last.Status)
		}
	case OutcomeFailedReturned, OutcomeCustomsReturned:
		if last.Status != tracker.StatusReturned {
			fail("outcome %s ends %s", p.Outcome, last.Status)
		}
	case OutcomeExpired:
		if last.Status != tracker.StatusExpired {
			fail("outcome %s ends %s", p.Outcome, last.Status)
		}
	case OutcomeLostReported:
		if last.RawStatus != codeLost {
			fail("outcome %s ends %s", p.Outcome, last.RawStatus)
		}
	case OutcomeLostSilent:
		if last.Status.Final() || last.Exception != "" {
			fail("outcome %s ends %s/%s", p.Outcome, last.Status, last.Exception)
		}
	case OutcomeUntracked:
		if last.RawStatus != codeDepart && last.RawStatus != codeArrive {
			fail("untracked journey ends %s", last.RawStatus)
		}
	}
	has := func(raw string) bool { _, ok := first[raw]; return ok }
	switch p.Outcome {
	case OutcomeRedelivered, OutcomeFailedReturned:
		if !has(codeDeliveryFailed) {
			fail("outcome %s without a failed attempt", p.Outcome)
		}
	case OutcomeCustomsReleased, OutcomeCustomsReturned:
		if !has(codeImportHold) && !has(codeDutiesDue) {
			fail("outcome %s without a customs hold", p.Outcome)
		}
	case OutcomeDamaged:
		if !has(codeDamaged) {
			fail("outcome damaged without a damage report")
		}
	case OutcomeStale:
		if longestGap(p.Events) < 8*24*time.Hour {
			fail("stale journey's longest silence is %v", longestGap(p.Events))
		}
	}
	return bad
}

func longestGap(ev []tracker.Event) time.Duration {
	var gap time.Duration
	for i := 1; i < len(ev); i++ {
		gap = max(gap, ev[i].Time.Sub(ev[i-1].Time))
	}
	return gap
}

func TestJourneyEventsAreWellOrdered(t *testing.T) {
	shown := 0
	for i, p := range sample() {
		for _, problem := range planProblems(p, shipped0.Add(time.Duration(i)*137*time.Second)) {
			if shown++; shown <= 20 {
				t.Errorf("%s (%s to %s): %s", p.TrackingNo, p.Outcome, p.Destination, problem)
			}
		}
	}
	if shown > 20 {
		t.Errorf("… and %d more problems", shown-20)
	}
}

func TestJourneyDurations(t *testing.T) {
	days := map[string][]float64{}
	var all []float64
	for _, p := range sample() {
		if p.Outcome != OutcomeDelivered {
			continue
		}
		d := p.Events[len(p.Events)-1].Time.Sub(p.Events[0].Time).Hours() / 24
		days[p.Destination] = append(days[p.Destination], d)
		all = append(all, d)
	}
	q := func(xs []float64, p float64) float64 {
		s := slices.Clone(xs)
		sort.Float64s(s)
		return s[int(p*float64(len(s)-1))]
	}
	tests := []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"fastest tenth of all deliveries (days)", q(all, 0.10), 6, 12},
		{"median of all deliveries (days)", q(all, 0.50), 10, 20},
		{"slowest tenth of all deliveries (days)", q(all, 0.90), 15, 35},
		{"median to Spain (days)", q(days["ES"], 0.5), 7, 16},
		{"median to the United States (days)", q(days["US"], 0.5), 8, 18},
		{"median to Brazil (days)", q(days["BR"], 0.5), 16, 35},
		{"median to South Korea (days)", q(days["KR"], 0.5), 6, 13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got < tt.min || tt.got > tt.max {
				t.Errorf("got %.1f, want %.0f–%.0f", tt.got, tt.min, tt.max)
			}
		})
	}
}

func TestJourneyETA(t *testing.T) {
	late, delivered := 0, 0
	for _, p := range sample() {
		if p.Outcome == OutcomeNeverScanned {
			if !p.ETA.IsZero() {
				t.Errorf("%s: never scanned with ETA %v", p.TrackingNo, p.ETA)
			}
			continue
		}
		if !p.ETA.After(p.Events[0].Time) {
			t.Errorf("%s: ETA %v before the first event", p.TrackingNo, p.ETA)
		}
		if p.Outcome == OutcomeDelivered {
			delivered++
			if p.Events[len(p.Events)-1].Time.After(p.ETA) {
				late++
			}
		}
	}
	// An estimate, not a promise: most normal parcels beat it, some do not.
	if share := float64(late) / float64(delivered); share < 0.03 || share > 0.25 {
		t.Errorf("%.1f%% of normal deliveries are after the ETA, want 3–25%%", 100*share)
	}
}

func TestOutcomeRates(t *testing.T) {
	counts := map[Outcome]int{}
	tracked := 0
	for _, p := range sample() {
		if p.Outcome == OutcomeUntracked {
			if !tracker.Untracked(p.TrackingNo) {
				t.Errorf("%s: untracked outcome for a tracked number", p.TrackingNo)
			}
			continue
		}
		counts[p.Outcome]++
		tracked++
	}
	sum := 0.0
	for _, r := range Rates() {
		sum += r.Share
		t.Run(string(r.Outcome), func(t *testing.T) {
			got := float64(counts[r.Outcome]) / float64(tracked)
			// Four standard deviations of a binomial share, plus a little.
			tol := 4*math.Sqrt(r.Share*(1-r.Share)/float64(tracked)) + 0.001
			if math.Abs(got-r.Share) > tol {
				t.Errorf("share %.4f, want %.4f ± %.4f", got, r.Share, tol)
			}
		})
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("shares sum to %v, want 1", sum)
	}
}

func TestRatesMatchTheDocumentedTable(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[Outcome]float64{}
	for line := range strings.SplitSeq(string(src), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "//\t"))
		if !strings.HasPrefix(line, "//\t") || len(f) < 2 || !strings.HasSuffix(f[1], "%") {
			continue
		}
		pct, err := strconv.ParseFloat(strings.TrimSuffix(f[1], "%"), 64)
		if err != nil {
			t.Fatalf("doc.go row %q: %v", line, err)
		}
		documented[Outcome(f[0])] = pct / 100
	}
	if len(documented) != len(Rates()) {
		t.Errorf("doc.go has %d rows, Rates has %d", len(documented), len(Rates()))
	}
	for _, r := range Rates() {
		if got, ok := documented[r.Outcome]; !ok || math.Abs(got-r.Share) > 1e-9 {
			t.Errorf("%s: doc.go says %v, Rates says %v", r.Outcome, got, r.Share)
		}
	}
}

// evaluateAlong runs the exception rules over a plan at the moments that
// matter: at each event, a week and a month after it, and a week after
// shipping. It returns every kind raised at any of them.
func evaluateAlong(p Plan, shipped time.Time) map[tracker.ExceptionKind]bool {
	moments := []time.Time{shipped.Add(6 * 24 * time.Hour)}
	for _, e := range p.Events {
		moments = append(moments, e.Time, e.Time.Add(7*24*time.Hour+12*time.Hour), e.Time.Add(31*24*time.Hour))
	}
	raised := map[tracker.ExceptionKind]bool{}
	for _, now := range moments {
		visible := p.Visible(now)
		newest := slices.Clone(visible)
		slices.Reverse(newest)
		sh := tracker.Shipment{TrackingNo: p.TrackingNo, ShippedAt: shipped, ETA: p.ETA, Status: tracker.StatusPending}
		if len(newest) > 0 {
			sh.Status = newest[0].Status
		}
		for _, f := range tracker.Evaluate(sh, tracker.Order{}, newest, now, tracker.DefaultRules()) {
			raised[f.Kind] = true
		}
	}
	return raised
}

func TestEveryExceptionKindAppears(t *testing.T) {
	perOutcome := map[Outcome]int{}
	all := map[tracker.ExceptionKind]bool{}
	for i, p := range sample() {
		if perOutcome[p.Outcome] >= 40 {
			continue
		}
		perOutcome[p.Outcome]++
		raised := evaluateAlong(p, shipped0.Add(time.Duration(i)*137*time.Second))
		for k := range raised {
			all[k] = true
		}
		for _, want := range p.Outcome.Exceptions() {
			if !raised[want] {
				t.Errorf("%s (%s): rules never raise %s; raised %v", p.TrackingNo, p.Outcome, want, raised)
			}
		}
	}
	for _, k := range tracker.ExceptionKinds {
		t.Run(string(k), func(t *testing.T) {
			switch {
			case k == tracker.ExMissingItems && all[k]:
				t.Error("missing items is a buyer's report; the carrier must never raise it")
			case k != tracker.ExMissingItems && !all[k]:
				t.Error("no simulated journey raises it")
			}
		})
	}
	for _, p := range sample() {
		for _, e := range p.Events {
			if e.Exception == tracker.ExMissingItems {
				t.Fatalf("%s: carrier event reports missing items", p.TrackingNo)
			}
		}
	}
}

func TestCodeTable(t *testing.T) {
	// The rows CARRIERS.md documents for Cainiao, and the problem codes.
	want := []struct {
		raw    string
		status tracker.Status
		ex     tracker.ExceptionKind
	}{
		{"GTMS_SIGNED", tracker.StatusDelivered, ""},
		{"GTMS_DO_DEPART", tracker.StatusOutForDelivery, ""},
		{"CC_EX_SUCCESS", tracker.StatusInTransit, ""},
		{"CC_IM_START", tracker.StatusCustoms, ""},
		{"LH_DEPART", tracker.StatusInTransit, ""},
		{"LH_ARRIVE", tracker.StatusInTransit, ""},
		{"GWMS_ACCEPT", tracker.StatusInfoReceived, ""},
		{"CC_IM_EXCEPTION", tracker.StatusCustoms, tracker.ExCustoms},
		{"CUS_TAX", tracker.StatusCustoms, tracker.ExCustoms},
		{"GTMS_DEL_FAILURE", tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
		{"GTMS_WAIT_SELF_PICK", tracker.StatusAvailableForPickup, ""},
		{"PARCEL_DAMAGED", tracker.StatusException, tracker.ExDamaged},
		{"PARCEL_LOST", tracker.StatusException, tracker.ExLost},
		{"RT_RETURN_START", tracker.StatusReturning, tracker.ExReturning},
		{"RETURNED", tracker.StatusReturned, ""},
		{"TRACKING_EXPIRED", tracker.StatusExpired, ""},
		{"PARCEL_HELD", tracker.StatusException, ""},
		{"HOLD_RELEASED", tracker.StatusInTransit, ""},
	}
	for _, w := range want {
		t.Run(w.raw, func(t *testing.T) {
			c, ok := codes[w.raw]
			if !ok || c.status != w.status || c.exception != w.ex {
				t.Errorf("maps to %s/%s (known %v), want %s/%s", c.status, c.exception, ok, w.status, w.ex)
			}
		})
	}
	used := map[string]bool{}
	for _, p := range sample() {
		for _, e := range p.Events {
			used[e.RawStatus] = true
		}
	}
	for raw, c := range codes {
		t.Run("row "+raw, func(t *testing.T) {
			if !c.status.Valid() || c.text == "" {
				t.Errorf("status %q, text %q", c.status, c.text)
			}
			if c.exception != "" && !slices.Contains(tracker.ExceptionKinds, c.exception) {
				t.Errorf("unknown exception kind %q", c.exception)
			}
			if _, ok := phase[raw]; !ok {
				t.Error("no phase in the ordering test")
			}
			if !used[raw] {
				t.Error("no journey in the sample uses it")
			}
		})
	}
}

func TestPlaceTables(t *testing.T) {
	if n := len(countries); n < 25 {
		t.Fatalf("%d destinations, want at least 25", n)
	}
	for _, cc := range []string{"US", "RU", "BR", "ES", "FR", "GB", "DE", "IT", "NL", "PL", "IL", "KR", "JP", "CA", "AU", "MX", "CL", "UA", "TR", "SA", "AE", "SE", "BE", "CH", "CZ", "PT"} {
		if countryByCode[cc] == nil {
			t.Errorf("destination %s missing", cc)
		}
	}
	if d := Destinations(); d[0] != "RU" || len(d) != len(countries) {
		t.Errorf("Destinations() = %v, want all, most frequent (RU) first", d)
	}
	for _, c := range countries {
		t.Run(c.code, func(t *testing.T) {
			if c.weight <= 0 || len(c.cities) == 0 || c.post == "" || c.pickupAt == "" || len(c.domains) == 0 {
				t.Errorf("incomplete: %+v", c)
			}
			for _, g := range c.gateways {
				if airports[g.airport] == nil || g.exchange == "" {
					t.Errorf("gateway %+v: unknown airport or no exchange", g)
				}
			}
			for _, v := range c.via {
				if airports[v] == nil {
					t.Errorf("transit hub %s unknown", v)
				}
			}
			for _, l := range c.langs {
				if _, ok := namePools[l]; !ok {
					t.Errorf("no name pool %q", l)
				}
			}
			if c.lineHaul.lo > c.lineHaul.hi || c.customs.lo > c.customs.hi || c.lastMile.lo > c.lastMile.hi || c.promise[0] > c.promise[1] {
				t.Error("a range is upside down")
			}
		})
	}
	for _, o := range origins {
		for _, a := range o.airports {
			if airports[a] == nil || len(airlines[a]) == 0 {
				t.Errorf("origin %s: airport %s unknown or without airlines", o.city, a)
			}
		}
	}
}

func BenchmarkJourney(b *testing.B) {
	numbers := make([]string, 1024)
	for i := range numbers {
		numbers[i] = lpNumber(i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Journey(1, numbers[i%len(numbers)], shipped0, "")
		i++
	}
}
