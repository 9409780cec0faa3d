package sim

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
)

// Outcome is how a simulated parcel's journey ends, or which problem it shows
// on the way. The share of each outcome is in the package documentation and
// in Rates.
type Outcome string

const (
	// OutcomeDelivered is a normal journey, delivered to the door or
	// collected at a pickup point.
	OutcomeDelivered Outcome = "delivered"
	// OutcomeStale goes silent for 8–20 days mid-journey, then moves again
	// and is delivered.
	OutcomeStale Outcome = "stale"
	// OutcomeRedelivered fails a delivery attempt (nobody home, bad address,
	// business closed), then is delivered again or collected.
	OutcomeRedelivered Outcome = "redelivered"
	// OutcomeCustomsReleased is held by import customs for documents or
	// duties, released 3–12 days later and delivered.
	OutcomeCustomsReleased Outcome = "customs_released"
	// OutcomeExpired is handed to the destination's post, which never
	// reports again; the carrier marks the tracking expired 3–4 weeks later.
	OutcomeExpired Outcome = "expired"
	// OutcomeNeverScanned has no event ever: the carrier answers NotFound.
	OutcomeNeverScanned Outcome = "never_scanned"
	// OutcomeFailedReturned fails delivery (refused, addressee unknown, not
	// collected) and goes back to the seller: returning, then returned.
	OutcomeFailedReturned Outcome = "failed_returned"
	// OutcomeLostSilent stops mid-journey: no event ever again.
	OutcomeLostSilent Outcome = "lost_silent"
	// OutcomeCustomsReturned is held by customs, never cleared, and
	// returned to the seller.
	OutcomeCustomsReturned Outcome = "customs_returned"
	// OutcomeDamaged is reported damaged and repacked, then delivered.
	OutcomeDamaged Outcome = "damaged"
	// OutcomeLostReported stops mid-journey and, 12–30 days later, the
	// carrier declares it lost.
	OutcomeLostReported Outcome = "lost_reported"
	// OutcomeHeld is put on hold by the carrier, which names no reason,
	// released 1–5 days later and delivered.
	OutcomeHeld Outcome = "held"
	// OutcomeUntracked is every untracked UPU number (UN…CN): scans in China
	// up to departure, then nothing. It is not drawn from the rate table.
	OutcomeUntracked Outcome = "untracked"
)

// Rate is the share of tracked numbers whose journey has an outcome.
type Rate struct {
	Outcome Outcome
	Share   float64
}

// rates is the table of the package documentation; the shares sum to 1.
var rates = [...]Rate{
	// held takes its share from the top of delivered, so adding it left
	// every other number's outcome as it was.
	{OutcomeDelivered, 0.845},
	{OutcomeHeld, 0.005},
	{OutcomeStale, 0.030},
	{OutcomeRedelivered, 0.030},
	{OutcomeCustomsReleased, 0.020},
	{OutcomeExpired, 0.020},
	{OutcomeNeverScanned, 0.015},
	{OutcomeFailedReturned, 0.010},
	{OutcomeLostSilent, 0.010},
	{OutcomeCustomsReturned, 0.005},
	{OutcomeDamaged, 0.005},
	{OutcomeLostReported, 0.005},
}

// Rates returns the outcome table: the share of tracked numbers that get
// each outcome. Untracked numbers are outside it.
func Rates() []Rate {
	r := rates
	return r[:]
}

var outcomeKinds = map[Outcome][]tracker.ExceptionKind{
	OutcomeCustomsReleased: {tracker.ExCustoms},
	OutcomeCustomsReturned: {tracker.ExCustoms, tracker.ExReturning},
	OutcomeRedelivered:     {tracker.ExDeliveryFailed},
	OutcomeFailedReturned:  {tracker.ExDeliveryFailed, tracker.ExReturning},
	OutcomeDamaged:         {tracker.ExDamaged},
	OutcomeStale:           {tracker.ExStale},
	OutcomeLostSilent:      {tracker.ExStale, tracker.ExLost},
	OutcomeLostReported:    {tracker.ExStale, tracker.ExLost},
	OutcomeNeverScanned:    {tracker.ExNoTracking},
	OutcomeExpired:         {tracker.ExStale},
	OutcomeUntracked:       {tracker.ExUntracked},
	OutcomeHeld:            {tracker.ExCarrierProblem},
}

// Exceptions lists the exception kinds that tracker.Evaluate, with the
// default rules, raises at some point of every journey with this outcome.
// Any journey may also become overdue.
func (o Outcome) Exceptions() []tracker.ExceptionKind {
	return append([]tracker.ExceptionKind(nil), outcomeKinds[o]...)
}

// Plan is the whole simulated journey of one parcel, known in advance; a
// carrier shows the part of it that has happened by its clock's now.
type Plan struct {
	TrackingNo  string
	Outcome     Outcome
	Origin      string // "Shenzhen, CN"
	Destination string // ISO code the journey went to
	// Events are oldest first with strictly increasing times; none for
	// OutcomeNeverScanned.
	Events []tracker.Event
	// ETA is the carrier's estimate given at shipping, not the real
	// arrival: late journeys pass it. Zero when never scanned.
	ETA time.Time
}

// Visible returns the events that have happened by now, oldest first.
func (p Plan) Visible(now time.Time) []tracker.Event {
	n := 0
	for n < len(p.Events) && !p.Events[n].Time.After(now) {
		n++
	}
	return p.Events[:n:n]
}

// Journey plans the journey of one parcel. It is a pure function: the same
// arguments always give the same plan, whatever else runs. Randomness comes
// from a PCG generator seeded by an FNV-64a hash of seed and trackingNo, so
// the outcome depends on those two only; the route is drawn for destination
// (an ISO code; empty draws one by traffic weight, unknown codes get a plain
// route) and times count from shippedAt.
//
// Numbers decide the service: UPU "U…" numbers are untracked, EMS ("E…"), UPS
// ("1Z…") and DHL Express (10 digits) numbers travel faster and are never left
// at a pickup point. Every number speaks the same Cainiao-style codes.
func Journey(seed int64, trackingNo string, shippedAt time.Time, destination string) Plan {
	r := rngFor(seed, trackingNo)
	out := pickOutcome(r.Float64())
	svc := serviceOf(trackingNo)
	if svc == serviceUntracked {
		out = OutcomeUntracked
	}
	b := newBuilder(r, shippedAt.UTC(), destinationFor(r, destination), svc)
	p := Plan{TrackingNo: trackingNo, Outcome: out, Origin: b.org.loc, Destination: b.dest.code}
	if out == OutcomeNeverScanned {
		return p
	}
	p.ETA = b.eta()
	b.run(out)
	p.Events = b.ev
	return p
}

// outcomeOf is the outcome Journey gives a number, without planning it.
func outcomeOf(seed int64, trackingNo string) Outcome {
	if serviceOf(trackingNo) == serviceUntracked {
		return OutcomeUntracked
	}
	return pickOutcome(rngFor(seed, trackingNo).Float64())
}

// rngFor returns a generator that depends on seed and key only: FNV-64a of
// both, spread into PCG's two words by a splitmix64 finaliser.
func rngFor(seed int64, key string) *rand.Rand {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := range 8 {
		h ^= uint64(byte(seed >> (8 * i)))
		h *= prime
	}
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= prime
	}
	return rand.New(rand.NewPCG(h, mix64(h)))
}

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func pickOutcome(u float64) Outcome {
	for _, r := range rates {
		if u < r.Share {
			return r.Outcome
		}
		u -= r.Share
	}
	return OutcomeDelivered // rounding at the top end
}

type service int

const (
	serviceStandard service = iota
	serviceExpress
	serviceUntracked
)

func serviceOf(n string) service {
	switch {
	case tracker.Untracked(n):
		return serviceUntracked
	case len(n) == 18 && strings.HasPrefix(n, "1Z"):
		return serviceExpress
	case len(n) == 10 && allDigits(n):
		return serviceExpress
	case len(n) == 13 && n[0] == 'E' && allDigits(n[2:11]) && strings.HasSuffix(n, "CN"):
		return serviceExpress
	}
	return serviceStandard
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var countryWeights, originWeights = func() ([]float64, []float64) {
	cw := make([]float64, len(countries))
	for i, c := range countries {
		cw[i] = c.weight
	}
	ow := make([]float64, len(origins))
	for i, o := range origins {
		ow[i] = o.weight
	}
	return cw, ow
}()

// weighted draws an index with probability proportional to its weight.
func weighted(r *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	u := r.Float64() * total
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

func destinationFor(r *rand.Rand, dest string) *country {
	cc := strings.ToUpper(strings.TrimSpace(dest))
	if c, ok := countryByCode[cc]; ok {
		return c
	}
	if cc == "" {
		return &countries[weighted(r, countryWeights)]
	}
	return genericCountry(cc)
}

// builder lays out one journey's events, moving a time cursor forward.
type builder struct {
	r   *rand.Rand
	t   time.Time
	ev  []tracker.Event
	svc service

	org     *origin
	dep     *airport
	hubLoc  string // export hub and customs: the departure city, or Shenzhen for Hong Kong
	via     *airport
	arrCode string
	arrLoc  string
	dest    *country
	exch    string
	exchLoc string
	cityLoc string
	flight  string
}

func newBuilder(r *rand.Rand, shipped time.Time, dest *country, svc service) *builder {
	b := &builder{r: r, t: shipped, svc: svc, dest: dest, ev: make([]tracker.Event, 0, 24)}
	b.org = &origins[weighted(r, originWeights)]
	b.dep = airports[b.org.airports[r.IntN(len(b.org.airports))]]
	b.hubLoc = b.dep.loc
	if b.dep.cc != "CN" {
		b.hubLoc = "Shenzhen, CN" // Hong Kong flights clear export customs in Shenzhen
	}
	al := airlines[b.dep.code]
	b.flight = al[r.IntN(len(al))] + strconv.Itoa(100+r.IntN(9800))
	gw := dest.gateways[r.IntN(len(dest.gateways))]
	b.exch = gw.exchange
	b.exchLoc = gw.exchange + ", " + dest.code
	if a, ok := airports[gw.airport]; ok {
		b.arrCode, b.arrLoc = a.code, a.loc
	} else {
		b.arrLoc = b.exchLoc
	}
	if len(dest.via) > 0 && svc == serviceStandard && r.Float64() < 0.6 {
		b.via = airports[dest.via[r.IntN(len(dest.via))]]
	}
	b.cityLoc = dest.cities[r.IntN(len(dest.cities))] + ", " + dest.code
	return b
}

// eta is the carrier's estimate at shipping: about a week in China plus the
// slow end of the route, give or take a day, at the end of a day. Most
// parcels beat it; a normal one misses it now and then, a delayed one often.
func (b *builder) eta() time.Time {
	d := b.dest
	days := 6.5 + d.lineHaul.hi + (d.customs.lo+d.customs.hi)/2 + d.lastMile.hi
	if b.svc == serviceExpress {
		days = 4 + 0.7*d.lineHaul.hi + 2
	}
	days += float64(b.r.IntN(3) - 1)
	t := b.t.Add(time.Duration(days * float64(24*time.Hour)))
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 0, 0, time.UTC)
}

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// wait moves the cursor by a uniform number of hours in [lo, hi).
func (b *builder) wait(lo, hi float64) { b.t = b.t.Add(hours(lo + (hi-lo)*b.r.Float64())) }

// waitDays moves the cursor by a uniform number of days in [lo, hi).
func (b *builder) waitDays(lo, hi float64) { b.wait(24*lo, 24*hi) }

// step is a routine gap between two scans: shorter for express services.
func (b *builder) step(lo, hi float64) {
	if b.svc == serviceExpress {
		lo, hi = lo/2, hi/2
	}
	b.wait(lo, hi)
}

// skewDays draws from a span with most values near its low end.
func (b *builder) skewDays(s span) time.Duration {
	u := b.r.Float64()
	return hours(24 * (s.lo + (s.hi-s.lo)*u*u))
}

// within moves the cursor forward into local working hours [from, to) of a
// place tz hours from UTC, skipping its rest day.
func (b *builder) within(tz int, from, to float64, rest time.Weekday) {
	off := time.Duration(tz) * time.Hour
	local := b.t.Add(off)
	day := local.Truncate(24 * time.Hour)
	start := func(d time.Time) time.Time { return d.Add(hours(from + b.r.Float64()*math.Min(1, to-from))) }
	switch h := local.Sub(day).Hours(); {
	case h < from:
		local = start(day)
	case h >= to:
		local = start(day.Add(24 * time.Hour))
	}
	for local.Weekday() == rest {
		local = start(local.Truncate(24 * time.Hour).Add(24 * time.Hour))
	}
	b.t = local.Add(-off)
}

// local keeps the cursor within the destination's working hours.
func (b *builder) local(from, to float64) { b.within(b.dest.tz, from, to, b.dest.rest) }

// emit records an event at the cursor, a few minutes after the previous one
// if the cursor has not moved past it, so times strictly increase.
func (b *builder) emit(raw, loc, desc string) {
	t := b.t.Truncate(time.Minute)
	if n := len(b.ev); n > 0 && !t.After(b.ev[n-1].Time) {
		t = b.ev[n-1].Time.Add(time.Duration(1+b.r.IntN(15)) * time.Minute)
	}
	b.t = t
	c, ok := codes[raw]
	if !ok {
		panic("sim: no code " + raw) // a programming error: every code is in the table
	}
	if desc == "" {
		desc = c.text
	}
	b.ev = append(b.ev, tracker.Event{
		Time: t, Status: c.status, RawStatus: raw, Location: loc, Description: desc, Exception: c.exception,
	})
}

func (b *builder) lastLoc() string { return b.ev[len(b.ev)-1].Location }

// Checkpoints are the points between legs where a stale journey stalls, a
// lost one stops, a damaged one is found damaged and a held one is held:
//
//	0 after the shipment information, before pickup
//	1 after the origin sorting centre
//	2 handed to the airline, before departure
//	3 arrived in the destination country, before import customs
//	4 cleared customs, before the local carrier takes it
//	5 left the destination sorting centre, before the delivery office
var (
	staleAt        = []float64{0.25, 0.10, 0.25, 0.20, 0.10, 0.10}
	lostSilentAt   = []float64{0.15, 0.15, 0.20, 0.25, 0.10, 0.15}
	lostReportedAt = []float64{0, 0.20, 0.20, 0.30, 0.10, 0.20}
	damagedAt      = []float64{0, 0.40, 0, 0.20, 0, 0.40}
	heldAt         = []float64{0, 0.30, 0.20, 0.20, 0, 0.30}
)

func (b *builder) run(out Outcome) {
	stall, cut, damage, hold := -1, -1, -1, -1
	switch out {
	case OutcomeStale:
		stall = weighted(b.r, staleAt)
	case OutcomeLostSilent, OutcomeLostReported:
		at := lostSilentAt
		if out == OutcomeLostReported {
			at = lostReportedAt
		}
		cut = weighted(b.r, at)
	case OutcomeDamaged:
		damage = weighted(b.r, damagedAt)
	case OutcomeHeld:
		hold = weighted(b.r, heldAt)
	}
	// checkpoint applies the outcome at point k and reports whether the
	// journey goes on.
	checkpoint := func(k int) bool {
		switch k {
		case stall:
			b.waitDays(8, 20)
		case damage:
			b.wait(0.5, 6)
			b.emit(codeDamaged, b.lastLoc(), damagedText[k])
			b.wait(2, 20)
		case hold:
			// Released within the week, before the parcel would look stale.
			b.wait(0.5, 6)
			b.emit(codeHeld, b.lastLoc(), heldText[k])
			b.waitDays(1, 5)
			b.emit(codeReleased, b.lastLoc(), "")
		case cut:
			if out == OutcomeLostReported {
				b.waitDays(12, 30)
				b.emit(codeLost, b.lastLoc(), "Parcel lost in transit: investigation closed, claim can be filed")
			}
			return false
		}
		return true
	}

	b.wait(0.15, 3)
	b.emit(codeAccept, b.org.loc, "")
	if !checkpoint(0) {
		return
	}
	b.originSorting()
	if !checkpoint(1) {
		return
	}
	b.export()
	if !checkpoint(2) {
		return
	}
	b.depart()
	if out == OutcomeUntracked {
		if b.r.Float64() < 0.5 {
			b.arrive()
		}
		return
	}
	b.arrive()
	if !checkpoint(3) || !b.importCustoms(out) || !checkpoint(4) {
		return
	}
	b.step(3, 36)
	b.emit(codeLocalAccept, b.exchLoc, "Received by local delivery company ("+b.dest.post+")")
	if out == OutcomeExpired {
		if b.r.Float64() < 0.5 {
			b.step(3, 20)
			b.emit(codeLocalSortIn, b.exchLoc, "["+b.exch+"] Arrived at destination country/region sorting center")
		}
		b.waitDays(21, 28)
		b.emit(codeExpired, b.lastLoc(), "Tracking expired: "+b.dest.post+" sent no further information")
		return
	}
	lastMile := b.dest.lastMile
	if b.svc == serviceExpress {
		lastMile = span{1, 2}
	}
	mile := b.skewDays(lastMile)
	b.part(mile, 0.08, 0.15)
	b.emit(codeLocalSortIn, b.exchLoc, "["+b.exch+"] Arrived at destination country/region sorting center")
	b.part(mile, 0.05, 0.15)
	b.emit(codeLocalSortOut, b.exchLoc, "["+b.exch+"] Departed from destination country/region sorting center")
	if !checkpoint(5) {
		return
	}
	b.part(mile, 0.3, 0.6)
	b.emit(codeOfficeIn, b.cityLoc, "")
	switch out {
	case OutcomeRedelivered:
		b.failThenDeliver()
	case OutcomeFailedReturned:
		b.failThenReturn()
	default:
		if b.svc == serviceStandard && b.r.Float64() < b.dest.pickup {
			b.pickupPoint(false, true)
		} else {
			b.outForDelivery(codeOutForDelivery, "")
			b.deliverHome()
		}
	}
}

var damagedText = map[int]string{
	1: "Parcel damaged during sorting: inspected and repacked",
	3: "Parcel damaged on arrival: inspected and repacked",
	5: "Parcel damaged at sorting center: inspected and repacked",
}

var heldText = map[int]string{
	1: "Shipment on hold at sorting center",
	2: "Shipment on hold: not loaded, awaiting instructions",
	3: "Shipment on hold at arrival facility",
	5: "Shipment on hold at sorting center",
}

// part moves the cursor by a fraction of a leg's duration, at least an hour.
func (b *builder) part(leg time.Duration, lo, hi float64) {
	d := time.Duration(float64(leg) * (lo + (hi-lo)*b.r.Float64()))
	b.t = b.t.Add(max(d, time.Hour))
}

func (b *builder) originSorting() {
	if b.svc != serviceExpress && b.r.Float64() < 0.08 {
		b.waitDays(2, 4) // the seller took days to hand it over
	} else {
		b.step(3, 30)
	}
	b.within(chinaTZ, 9, 19, noRestDay)
	b.emit(codePickup, b.org.loc, "")
	b.step(2, 14)
	b.emit(codeSortIn, b.org.loc, "["+b.org.center+"] Processing at sorting center")
	b.step(3, 20)
	b.emit(codeSortOut, b.org.loc, "["+b.org.center+"] Departed from sorting center")
}

func (b *builder) export() {
	b.step(2, 14)
	b.emit(codeHubIn, b.hubLoc, "")
	b.step(1, 10)
	b.within(chinaTZ, 8, 22, noRestDay)
	b.emit(codeExportStart, b.hubLoc, "")
	b.step(2, 20)
	b.within(chinaTZ, 8, 22, noRestDay)
	b.emit(codeExportDone, b.hubLoc, "")
	b.step(2, 16)
	b.emit(codeAirline, b.dep.loc, "")
}

func (b *builder) depart() {
	if b.svc != serviceExpress && b.r.Float64() < 0.12 {
		b.waitDays(2, 5) // waiting for space on a flight
	} else {
		b.step(4, 30)
	}
	to := ""
	if b.arrCode != "" {
		to = " to " + b.arrCode
	}
	b.emit(codeDepart, b.dep.loc, "Departed from departure country/region: flight "+b.flight+" "+b.dep.code+to)
}

func (b *builder) arrive() {
	lh := b.dest.lineHaul
	if b.svc == serviceExpress {
		lh = span{lh.lo * 0.7, lh.hi * 0.7}
	}
	arrival := b.t.Add(hours(24 * (lh.lo + (lh.hi-lh.lo)*b.r.Float64())))
	if b.via != nil {
		b.wait(8, 14)
		b.emit(codeTransitArrive, b.via.loc, "Arrived at transit country/region ("+b.via.code+")")
		b.wait(4, 30)
		b.emit(codeTransitDepart, b.via.loc, "Departed from transit country/region ("+b.via.code+")")
	}
	if arrival.After(b.t) {
		b.t = arrival
	} else {
		b.wait(3, 10)
	}
	desc := ""
	if b.arrCode != "" {
		desc = "Arrived at linehaul office in destination country/region (" + b.arrCode + ")"
	}
	b.emit(codeArrive, b.arrLoc, desc)
}

// importCustoms clears the parcel, or holds it; it reports whether the
// journey goes on to the local carrier.
func (b *builder) importCustoms(out Outcome) bool {
	b.step(3, 30)
	b.local(8, 20)
	b.emit(codeImportStart, b.exchLoc, "")
	if out == OutcomeCustomsReleased || out == OutcomeCustomsReturned {
		b.wait(6, 48)
		b.local(8, 20)
		docs := b.r.Float64() < 0.6
		if docs {
			b.emit(codeImportHold, b.exchLoc, "Held by customs: "+documentsNeeded(b.dest.code))
		} else {
			b.emit(codeDutiesDue, b.exchLoc, "")
		}
		if out == OutcomeCustomsReturned {
			b.waitDays(10, 25)
			b.local(8, 20)
			why := "duties not paid before the deadline"
			if docs {
				why = "documents not provided before the deadline"
			}
			b.emit(codeImportFailed, b.exchLoc, "Import customs clearance failed: "+why)
			b.waitDays(1, 5)
			b.returnTrip("refused by customs", b.exchLoc)
			return false
		}
		b.waitDays(3, 12)
		b.local(8, 20)
		if docs {
			b.emit(codeDeclare, b.exchLoc, "")
		} else {
			b.emit(codeCustomsPassed, b.exchLoc, "")
		}
		b.wait(4, 48)
		b.local(8, 20)
		b.emit(codeImportDone, b.exchLoc, "Import customs clearance complete: released")
	} else {
		c := b.dest.customs
		if b.svc == serviceExpress {
			c = span{0.2, 1}
		}
		b.t = b.t.Add(b.skewDays(c))
		b.local(8, 20)
		b.emit(codeImportDone, b.exchLoc, "")
	}
	if b.r.Float64() < 0.5 {
		b.step(1, 8)
		b.emit(codeCustomsOut, b.exchLoc, "")
	}
	return true
}

// documentsNeeded is what customs in a country typically asks the buyer or
// seller for.
func documentsNeeded(cc string) string {
	switch cc {
	case "BR":
		return "recipient's CPF number required"
	case "KR":
		return "recipient's personal customs clearance code (PCCC) required"
	case "RU", "BY", "KZ":
		return "recipient's passport details required"
	case "TR":
		return "recipient's T.C. identity number required"
	}
	return "commercial invoice, HS codes and declared value required"
}

var deliveredTexts = []string{
	"Delivered",
	"Delivered to the recipient",
	"Delivered to the mailbox",
	"Delivered: left at the front door",
	"Delivered to a neighbour",
	"Delivered: signed for by the recipient",
}

// outForDelivery puts the parcel on the van on the next working morning.
func (b *builder) outForDelivery(raw, desc string) {
	b.wait(0.5, 3)
	b.local(7, 10.5)
	b.emit(raw, b.cityLoc, desc)
}

func (b *builder) deliverHome() {
	b.wait(1, 8)
	b.local(9.5, 19.5)
	b.emit(codeDelivered, b.cityLoc, deliveredTexts[b.r.IntN(len(deliveredTexts))])
}

// fail records a failed attempt during the delivery round.
func (b *builder) fail(why string) {
	b.wait(1, 7)
	b.local(9.5, 19.5)
	b.emit(codeDeliveryFailed, b.cityLoc, why)
}

// pickupPoint makes the parcel available at a pickup point (after a failed
// attempt when notice is set) and, when collect is set, collected from it.
func (b *builder) pickupPoint(notice, collect bool) {
	desc := "Available for pickup at " + b.dest.pickupAt
	if notice {
		desc = "Notice left: available for pickup at " + b.dest.pickupAt
	}
	b.wait(1, 6)
	b.local(8, 19)
	b.emit(codeAwaitingPickup, b.cityLoc, desc)
	if !collect {
		return
	}
	u := b.r.Float64()
	b.wait(3, 3+117*u*u) // most within a day or two, some after five
	b.within(b.dest.tz, 10, 20, noRestDay)
	b.emit(codeCollected, b.cityLoc, "Collected by the recipient at "+b.dest.pickupAt)
}

var failReasons = []struct {
	text    string
	address bool
	weight  float64
}{
	{"Delivery attempt failed: recipient not at home, notice left", false, 0.55},
	{"Delivery attempt failed: address incomplete or incorrect, contacting the recipient", true, 0.25},
	{"Delivery attempt failed: business closed", false, 0.10},
	{"Delivery attempt failed: no access to the building", false, 0.10},
}

var failWeights = func() []float64 {
	w := make([]float64, len(failReasons))
	for i, f := range failReasons {
		w[i] = f.weight
	}
	return w
}()

func (b *builder) failThenDeliver() {
	b.outForDelivery(codeOutForDelivery, "")
	reason := failReasons[weighted(b.r, failWeights)]
	b.fail(reason.text)
	switch {
	case reason.address:
		b.waitDays(2, 4)
		b.outForDelivery(codeRedelivering, "Out for delivery again: address confirmed with the recipient")
		b.deliverHome()
	case b.r.Float64() < 0.5:
		b.wait(14, 20)
		b.outForDelivery(codeRedelivering, "Out for delivery: second attempt")
		if b.r.Float64() < 0.3 {
			b.fail(failReasons[0].text)
			b.pickupPoint(true, true)
			return
		}
		b.deliverHome()
	default:
		b.pickupPoint(true, true)
	}
}

func (b *builder) failThenReturn() {
	b.outForDelivery(codeOutForDelivery, "")
	switch u := b.r.Float64(); {
	case u < 0.3:
		b.fail("Delivery refused by the recipient")
		b.waitDays(1, 4)
		b.returnTrip("refused by the recipient", b.cityLoc)
	case u < 0.55:
		const unknown = "Delivery attempt failed: addressee unknown at this address"
		b.fail(unknown)
		b.wait(14, 20)
		b.outForDelivery(codeRedelivering, "Out for delivery: second attempt")
		b.fail(unknown)
		b.waitDays(1, 5)
		b.returnTrip("addressee unknown", b.cityLoc)
	default:
		b.fail(failReasons[0].text)
		b.pickupPoint(true, false)
		b.waitDays(7, 15)
		b.local(8, 19)
		b.returnTrip("not collected within the holding period", b.cityLoc)
	}
}

// returnTrip sends the parcel back to the seller in China.
func (b *builder) returnTrip(reason, from string) {
	b.emit(codeReturnStart, from, "Returning to sender: "+reason)
	b.waitDays(2, 8)
	b.emit(codeReturnOutbound, b.arrLoc, "")
	b.waitDays(5, 18)
	b.emit(codeReturnWarehouse, b.hubLoc, "")
	b.waitDays(1, 5)
	b.within(chinaTZ, 9, 19, noRestDay)
	b.emit(codeReturned, b.org.loc, "Returned to sender: signed for by the seller")
}
