package tracker

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"sync"
	"time"
)

// ETAModel holds the transit times of delivered parcels per group, in
// whole hours, each group as its distinct hours ascending with how many
// parcels took each, so each prediction is a few binary searches. Build it
// once per refresh pass (or cache it) and look every parcel up in it; it is
// read-only after BuildETAModel and safe for concurrent use.
//
// Hours rather than every parcel's own time (issue 24): a group of a
// million parcels holds a few thousand distinct hours at most, so the
// model's memory stops growing with the store (at a million orders it was
// a third of a screen's peak), and an ETA, a day, moves by at most half an
// hour.
//
// A group is dealt from its ways when a prediction first asks for it
// (group), not when the model is built or loaded: a screen opening on a
// saved model predicts one parcel, and dealing every group of every level
// up front was most of its first frame's CPU at a million orders (25 ms,
// and 8 MB allocated, against 4 ms and 1 MB at 10,000), growing with the
// distinct hours the history holds (issue 24).
type ETAModel struct {
	minSamples int
	size       int
	byKey      [len(etaLevels)]map[string][]int32 // per level: each group's ways
	dealt      *etaDealt
	// What the groups were dealt from, kept so the model can be saved and
	// loaded: each way's hours (its narrowest group).
	ways  []etaWay
	hours []etaHours // by way
}

// etaDealt holds the groups dealt so far, per level. The mutex keeps the
// model safe for concurrent use and is held while a group is dealt, so
// each group is dealt once; a prediction on another goroutine waits for
// that deal (the widest group, every way of a level, the longest).
type etaDealt struct {
	mu     sync.Mutex
	groups [len(etaLevels)]map[string]etaGroup
}

// etaWay is a carrier, route and method: the narrowest group.
type etaWay struct{ carrier, origin, dest, method string }

// etaHours are a way's transit hours, ascending and distinct, with the
// parcels that took each.
type etaHours struct {
	h []int32
	n []int32
}

// etaGroup is a group's transit hours, ascending and distinct, and the
// parcels that took each or less (cum[i]: vals[0..i]).
type etaGroup struct {
	vals []int32
	cum  []int32
}

// total is how many parcels the group holds.
func (g etaGroup) total() int {
	if len(g.cum) == 0 {
		return 0
	}
	return int(g.cum[len(g.cum)-1])
}

// before is how many parcels took vals[:i].
func (g etaGroup) before(i int) int {
	if i == 0 {
		return 0
	}
	return int(g.cum[i-1])
}

// rank is the hours of the parcel of rank r (0-based, in ascending order).
func (g etaGroup) rank(r int) float64 {
	i := sort.Search(len(g.cum), func(j int) bool { return int(g.cum[j]) > r })
	return float64(g.vals[min(i, len(g.vals)-1)])
}

// percentile is the p-th percentile (0–100) of the parcels from index
// from on, interpolated between the closest ranks as Percentile does.
func (g etaGroup) percentile(from int, p float64) float64 {
	base, n := g.before(from), g.total()-g.before(from)
	pos := p / 100 * float64(n-1)
	lo := int(math.Floor(pos))
	if lo >= n-1 {
		return g.rank(base + n - 1)
	}
	a, b := g.rank(base+lo), g.rank(base+lo+1)
	return a + (pos-float64(lo))*(b-a)
}

// transitHours is a transit time in whole hours, rounded.
func transitHours(d time.Duration) int32 {
	return int32(min(math.Round(d.Hours()), math.MaxInt32))
}

// BuildETAModel learns from delivered parcels. Parcels without a shipping
// date, or delivered before they shipped, are left out.
func BuildETAModel(history []Transit, s ETASettings) *ETAModel {
	b := NewETABuilder(s)
	for _, t := range history {
		b.Add(t)
	}
	return b.Model()
}

// ETABuilder learns a model one delivered parcel at a time, so a store
// reading every delivered parcel need not hold them all at once (at a
// million orders the list of them took a cold screen to 440 MB).
//
// It runs on a screen's first ETA, so it is built for speed: each way's
// parcels are counted by hour, and a group's keys are worked out once per
// way rather than once per parcel; a store has thousands of parcels on
// each of a few hundred ways.
type ETABuilder struct {
	m      *ETAModel
	ways   map[etaWay]int32
	counts []map[int32]int32 // by way: parcels by transit hours
}

// NewETABuilder starts a model with settings s.
func NewETABuilder(s ETASettings) *ETABuilder {
	return &ETABuilder{m: &ETAModel{minSamples: max(1, s.MinSamples)}, ways: map[etaWay]int32{}}
}

// Add learns from one delivered parcel; one without a shipping date, or
// delivered before it shipped, is left out.
func (b *ETABuilder) Add(t Transit) {
	if t.ShippedAt.IsZero() || t.DeliveredAt.IsZero() || t.DeliveredAt.Before(t.ShippedAt) {
		return
	}
	w := etaWay{t.Carrier, t.Origin, t.Destination, t.Method}
	wi, ok := b.ways[w]
	if !ok {
		wi = int32(len(b.m.ways))
		b.ways[w] = wi
		b.m.ways = append(b.m.ways, w)
		b.counts = append(b.counts, map[int32]int32{})
	}
	b.counts[wi][transitHours(t.DeliveredAt.Sub(t.ShippedAt))]++
}

// Model is the model learned; the builder is done.
func (b *ETABuilder) Model() *ETAModel {
	m := b.m
	m.hours = make([]etaHours, len(m.ways))
	for wi, c := range b.counts {
		hs := slices.Sorted(maps.Keys(c))
		ns := make([]int32, len(hs))
		for i, h := range hs {
			ns[i] = c[h]
		}
		m.hours[wi] = etaHours{h: hs, n: ns}
	}
	m.deal()
	return m
}

// deal indexes the ways by the group they fall in at each level; the
// groups themselves are dealt when first asked for (group).
func (m *ETAModel) deal() {
	m.size = 0
	for i := range m.byKey {
		m.byKey[i] = map[string][]int32{}
	}
	for wi, w := range m.ways {
		for i, l := range etaLevels {
			k := l.key(w.carrier, w.origin, w.dest, w.method)
			m.byKey[i][k] = append(m.byKey[i][k], int32(wi))
		}
		for _, n := range m.hours[wi].n {
			m.size += int(n)
		}
	}
	m.dealt = &etaDealt{}
}

// group is the group of key at level i, dealt from its ways' hours the
// first time it is asked for; the zero group when no way falls in it.
func (m *ETAModel) group(i int, key string) etaGroup {
	ws := m.byKey[i][key]
	if len(ws) == 0 {
		return etaGroup{}
	}
	d := m.dealt
	d.mu.Lock()
	defer d.mu.Unlock()
	if g, ok := d.groups[i][key]; ok {
		return g
	}
	g := dealGroup(m.hours, ws)
	if d.groups[i] == nil {
		d.groups[i] = map[string]etaGroup{}
	}
	d.groups[i][key] = g
	return g
}

// dealGroup merges the hours of the ways ws: a way alone is its own
// hours; several are sorted together and the same hours added up.
func dealGroup(hours []etaHours, ws []int32) etaGroup {
	if len(ws) == 1 {
		hs := hours[ws[0]]
		cum := make([]int32, len(hs.n))
		var run int32
		for j, n := range hs.n {
			run += n
			cum[j] = run
		}
		return etaGroup{vals: hs.h, cum: cum}
	}
	type point struct{ h, n int32 }
	var total int
	for _, wi := range ws {
		total += len(hours[wi].h)
	}
	pts := make([]point, 0, total)
	for _, wi := range ws {
		hs := hours[wi]
		for j, h := range hs.h {
			pts = append(pts, point{h, hs.n[j]})
		}
	}
	slices.SortFunc(pts, func(a, b point) int { return int(a.h) - int(b.h) })
	var g etaGroup
	for _, p := range pts {
		if k := len(g.vals); k > 0 && g.vals[k-1] == p.h {
			g.cum[k-1] += p.n
			continue
		}
		run := p.n
		if k := len(g.cum); k > 0 {
			run += g.cum[k-1]
		}
		g.vals, g.cum = append(g.vals, p.h), append(g.cum, run)
	}
	return g
}

// Size is how many delivered parcels the model learned from.
func (m *ETAModel) Size() int {
	if m == nil {
		return 0
	}
	return m.size
}

// etaModelMagic starts a saved model; the digit is the format's version
// (2: hours by way; a model of 1, every parcel, is built again).
const etaModelMagic = "waybill-eta-2\n"

// MarshalBinary saves the model, so that a process starting later can load
// it rather than read every delivered parcel again: each way, then its
// hours, each as its difference from the one before, and their parcels.
func (m *ETAModel) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, len(etaModelMagic)+16+len(m.ways)*24)
	b = append(b, etaModelMagic...)
	b = binary.AppendUvarint(b, uint64(m.minSamples))
	b = binary.AppendUvarint(b, uint64(len(m.ways)))
	for wi, w := range m.ways {
		for _, s := range []string{w.carrier, w.origin, w.dest, w.method} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		hs := m.hours[wi]
		b = binary.AppendUvarint(b, uint64(len(hs.h)))
		var prev int32
		for j, h := range hs.h {
			b = binary.AppendUvarint(b, uint64(h-prev))
			b = binary.AppendUvarint(b, uint64(hs.n[j]))
			prev = h
		}
	}
	return b, nil
}

// UnmarshalBinary loads a model saved by MarshalBinary. Damaged or foreign
// input is an error, never a panic or a huge allocation.
func (m *ETAModel) UnmarshalBinary(b []byte) error {
	r := etaReader{b: b}
	if string(r.take(len(etaModelMagic))) != etaModelMagic {
		return errors.New("eta model: not a saved model of this version")
	}
	minSamples := r.uvarint()
	nways := r.count(5) // four lengths and a count at least per way
	ways := make([]etaWay, 0, nways)
	hours := make([]etaHours, 0, nways)
	for range nways {
		var f [4]string
		for i := range f {
			f[i] = string(r.take(r.count(1)))
		}
		np := r.count(2)
		hs := etaHours{h: make([]int32, 0, np), n: make([]int32, 0, np)}
		var prev int64
		for range np {
			d, n := r.uvarint(), r.uvarint()
			if r.err == nil && (d > math.MaxInt32 || int64(d)+prev > math.MaxInt32 || n == 0 || n > math.MaxInt32 || (d == 0 && len(hs.h) > 0)) {
				r.err = fmt.Errorf("way %d: hours out of range or out of order", len(ways))
			}
			if r.err != nil {
				break
			}
			prev += int64(d)
			hs.h, hs.n = append(hs.h, int32(prev)), append(hs.n, int32(n))
		}
		if r.err != nil {
			break
		}
		ways, hours = append(ways, etaWay{f[0], f[1], f[2], f[3]}), append(hours, hs)
	}
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%d bytes after the last way", len(r.b))
	}
	if r.err == nil && (minSamples < 1 || minSamples > 1<<31) {
		r.err = fmt.Errorf("min samples %d out of range", minSamples)
	}
	if r.err != nil {
		return fmt.Errorf("eta model: %w", r.err)
	}
	*m = ETAModel{minSamples: int(minSamples), ways: ways, hours: hours}
	m.deal()
	return nil
}

// etaReader reads a saved model, keeping the first error.
type etaReader struct {
	b   []byte
	err error
}

func (r *etaReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("truncated or overlong number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length whose items take at least per bytes each, so a
// damaged length cannot ask for more than the input could hold.
func (r *etaReader) count(per int) int {
	v := r.uvarint()
	if r.err == nil && v > uint64(len(r.b)/per) {
		r.err = fmt.Errorf("count %d larger than the %d bytes left", v, len(r.b))
	}
	if r.err != nil {
		return 0
	}
	return int(v)
}

func (r *etaReader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.err = errors.New("truncated")
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}
