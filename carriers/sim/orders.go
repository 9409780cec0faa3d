package sim

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
)

// Orders generates n demo orders as an AliExpress-style seller would have
// them, deterministically for (n, seed, now); the first k orders of a larger
// n are the same orders. Order numbers and tracking numbers are unique.
//
// Orders are shipped from China over the 45 days before now (about 4% in
// its last 8 hours), to the destinations and with the carriers the
// simulator knows. About 3% have two shipments: a split parcel, or a reissue
// whose first parcel went wrong (lost, never scanned, returned, damaged or
// untracked) when the simulated carrier runs with the same seed. Shipments are
// pending and carry no events: the refresher fills them from the carrier.
// IDs and CreatedAt are left for the store. Every order is marked Demo.
func Orders(n int, seed int64, now time.Time) []tracker.OrderDetail {
	if n <= 0 {
		return nil
	}
	g := orderGen{seed: seed, now: now.UTC(), orderNos: map[string]bool{}, trackingNos: map[string]bool{}}
	out := make([]tracker.OrderDetail, n)
	for i := range out {
		out[i] = g.order(rngFor(seed, "order/"+strconv.Itoa(i)))
		out[i].Order = withContents(out[i].Order, rngFor(seed, "contents/"+strconv.Itoa(i)))
	}
	return out
}

type orderGen struct {
	seed        int64
	now         time.Time
	orderNos    map[string]bool
	trackingNos map[string]bool
}

// carrierKind is a way to ship: its slug and how its numbers look.
type carrierKind struct {
	slug   string
	svc    service
	number func(r *rand.Rand, shipped time.Time) string
}

var carrierKinds = []carrierKind{
	{"cainiao", serviceStandard, func(r *rand.Rand, _ time.Time) string { return cainiao(r) }},
	{"yunexpress", serviceStandard, func(r *rand.Rand, t time.Time) string { return yunExpress(r, t) }},
	{"china-post", serviceStandard, func(r *rand.Rand, _ time.Time) string { return s10(r, pick(r, registeredPrefixes), "CN") }},
	{"4px", serviceStandard, func(r *rand.Rand, _ time.Time) string { return fourPX(r) }},
	{"china-ems", serviceExpress, func(r *rand.Rand, _ time.Time) string { return s10(r, pick(r, emsPrefixes), "CN") }},
	{"dhl-express", serviceExpress, func(r *rand.Rand, _ time.Time) string { return dhlExpress(r) }},
	{"ups", serviceExpress, func(r *rand.Rand, _ time.Time) string { return ups(r) }},
	{"china-post", serviceUntracked, func(r *rand.Rand, _ time.Time) string { return s10(r, pick(r, untrackedPrefixes), "CN") }},
}

// method is the shipping method a buyer would have picked at checkout for
// this way of shipping, as marketplaces name them.
func (k carrierKind) method() string {
	if k.svc == serviceUntracked {
		return "Cainiao Super Economy"
	}
	return map[string]string{
		"cainiao":     "AliExpress Standard Shipping",
		"yunexpress":  "YunExpress Global Direct",
		"china-post":  "China Post Registered Air Mail",
		"4px":         "4PX Standard",
		"china-ems":   "EMS",
		"dhl-express": "DHL Express",
		"ups":         "UPS Express Saver",
	}[k.slug]
}

// Carrier shares in percent, in the order of carrierKinds: AliExpress and
// shop sellers ship mostly by Cainiao and consolidators, Alibaba (B2B)
// buyers more often pay for express.
var (
	retailCarriers = []float64{42, 18, 18, 12, 4.5, 2.5, 2, 1}
	b2bCarriers    = []float64{25, 12, 10, 8, 15, 17, 12, 1}
)

// reissueReasons are the outcomes after which a seller sends a new parcel.
var reissueReasons = map[Outcome]bool{
	OutcomeLostSilent: true, OutcomeLostReported: true, OutcomeNeverScanned: true,
	OutcomeFailedReturned: true, OutcomeCustomsReturned: true, OutcomeDamaged: true,
	OutcomeUntracked: true,
}

func (g *orderGen) order(r *rand.Rand) tracker.OrderDetail {
	market := "aliexpress"
	switch u := r.Float64(); {
	case u >= 0.95:
		market = "shop"
	case u >= 0.88:
		market = "alibaba"
	}
	c := &countries[weighted(r, countryWeights)]
	buyer := pickPerson(r, c.langs[r.IntN(len(c.langs))])
	o := tracker.Order{
		OrderNo:     g.orderNo(r, market),
		Marketplace: market,
		Buyer:       buyer.name,
		Email:       email(r, buyer, c),
		Country:     c.code,
		Status:      tracker.OrderShipped,
		Demo:        true, // made up: the simulator's alone, and `waybill demo --remove` deletes it
	}
	if c.phone != "" && r.Float64() < 0.8 {
		o.Phone = fillPattern(r, c.phone)
	}

	shipped := g.shippedAt(r)
	u := r.Float64()
	o.OrderedAt = shipped.Add(-hours(2 + 118*u*u)).Truncate(time.Second)

	mix := retailCarriers
	if market == "alibaba" {
		mix = b2bCarriers
	}
	kind := carrierKinds[weighted(r, mix)]
	o.ShippingMethod = kind.method()
	// Shops and B2B deals often promise no date; AliExpress nearly always does.
	noPromise := map[string]float64{"aliexpress": 0.03, "alibaba": 0.3, "shop": 0.5}[market]
	if r.Float64() >= noPromise {
		o.PromisedAt = promise(r, shipped, c, kind)
	}

	first := tracker.ShipmentDetail{Shipment: g.shipment(r, kind, c, shipped)}
	d := tracker.OrderDetail{Order: o, Shipments: []tracker.ShipmentDetail{first}}
	if r.Float64() < 0.03 {
		d.Shipments = g.second(r, kind, c, d.Shipments[0])
	}
	return d
}

// second returns the shipments of an order that has two: a reissue when the
// first parcel is old enough to have gone wrong, otherwise a split parcel.
func (g *orderGen) second(r *rand.Rand, kind carrierKind, c *country, first tracker.ShipmentDetail) []tracker.ShipmentDetail {
	shipped := first.ShippedAt
	if g.now.Sub(shipped) >= 25*24*time.Hour && r.Float64() < 0.6 {
		// Replace the first number by one whose journey goes wrong.
		delete(g.trackingNos, first.TrackingNo)
		for try := 0; try < 500; try++ {
			n := kind.number(r, shipped)
			if !g.trackingNos[n] && reissueReasons[outcomeOf(g.seed, n)] {
				first.TrackingNo = n
				break
			}
		}
		g.trackingNos[first.TrackingNo] = true
		reissued := shipped.Add(hours(24 * (18 + 12*r.Float64())))
		reissued = minTime(reissued, g.now.Add(-time.Hour)).Truncate(time.Second)
		if kind.svc == serviceUntracked {
			kind = carrierKinds[0] // the buyer never saw it: send the new one tracked
		}
		return []tracker.ShipmentDetail{first, {Shipment: g.shipment(r, kind, c, reissued)}}
	}
	split := minTime(shipped.Add(hours(48*r.Float64())), g.now).Truncate(time.Second)
	return []tracker.ShipmentDetail{first, {Shipment: g.shipment(r, kind, c, split)}}
}

func (g *orderGen) shipment(r *rand.Rand, kind carrierKind, c *country, shipped time.Time) tracker.Shipment {
	n := kind.number(r, shipped)
	for g.trackingNos[n] {
		n = kind.number(r, shipped)
	}
	g.trackingNos[n] = true
	return tracker.Shipment{
		TrackingNo:  n,
		Carrier:     kind.slug,
		Origin:      "CN",
		Destination: c.code,
		Status:      tracker.StatusPending,
		ShippedAt:   shipped,
	}
}

// shippedAt spreads shipping over the last 45 days, in Chinese working
// hours, with a few parcels shipped in the last hours.
func (g *orderGen) shippedAt(r *rand.Rand) time.Time {
	if r.Float64() < 0.04 {
		return g.now.Add(-hours(0.25 + 7.75*r.Float64())).Truncate(time.Second)
	}
	t := g.now.Add(-hours(8 + (45*24-8)*r.Float64()))
	if g.now.Sub(t) > 24*time.Hour {
		// Move it to 09:00–22:00 China time on the same Chinese day, which
		// stays before now because now is more than a day later.
		off := chinaTZ * time.Hour
		day := t.Add(off).Truncate(24 * time.Hour)
		t = day.Add(hours(9 + 13*r.Float64())).Add(-off)
	}
	return t.Truncate(time.Second)
}

// promise is the marketplace's delivery promise: the route's range for
// standard shipping, shorter for express, longer for untracked mail.
func promise(r *rand.Rand, shipped time.Time, c *country, kind carrierKind) time.Time {
	lo, hi := c.promise[0], c.promise[1]
	switch kind.svc {
	case serviceExpress:
		lo, hi = 20, 25
	case serviceUntracked:
		lo, hi = 40, 60
	}
	days := lo + r.IntN(hi-lo+1)
	t := shipped.AddDate(0, 0, days)
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, time.UTC)
}

func (g *orderGen) orderNo(r *rand.Rand, market string) string {
	for {
		var n string
		switch market {
		case "shop":
			n = "#" + strconv.Itoa(1001+r.IntN(98999))
		case "alibaba":
			n = "2" + digits(r, 15)
		default:
			lead := "8"
			if r.Float64() < 0.3 {
				lead = "3"
			}
			n = lead + digits(r, 15)
		}
		if !g.orderNos[n] {
			g.orderNos[n] = true
			return n
		}
	}
}

// email builds an address the way people pick them.
func email(r *rand.Rand, p person, c *country) string {
	f, l := p.first, p.last
	if f == "" {
		f = "buyer"
	}
	if l == "" {
		l = "shop"
	}
	var local string
	switch r.IntN(7) {
	case 0:
		local = f + "." + l
	case 1:
		local = f + l + digits(r, 2)
	case 2:
		local = f + "_" + l
	case 3:
		local = f[:1] + l
	case 4:
		local = l + "." + f
	case 5:
		local = f + strconv.Itoa(1965+r.IntN(42))
	default:
		local = f + "." + l + digits(r, 2)
	}
	return local + "@" + c.domains[r.IntN(len(c.domains))]
}

// fillPattern replaces '#' by a digit and 'N' by a digit from 2 to 9.
func fillPattern(r *rand.Rand, pattern string) string {
	var b strings.Builder
	for _, ch := range pattern {
		switch ch {
		case '#':
			b.WriteByte(byte('0' + r.IntN(10)))
		case 'N':
			b.WriteByte(byte('2' + r.IntN(8)))
		default:
			b.WriteRune(ch)
		}
	}
	return b.String()
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
