package tracker

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ETAModel holds the transit times of delivered parcels per group, sorted,
// so each prediction is a few binary searches. Build it once per refresh
// pass (or cache it) and look every parcel up in it; it is read-only after
// BuildETAModel and safe for concurrent use.
type ETAModel struct {
	minSamples int
	groups     []map[string][]float64 // per level: transit days, ascending
	size       int
	// What the groups were dealt from, kept so the model can be saved and
	// loaded without sorting again.
	ways    []etaWay
	samples []etaSample // ascending by transit
}

// etaWay is a carrier, route and method: the narrowest group.
type etaWay struct{ carrier, origin, dest, method string }

type etaSample struct {
	transit time.Duration
	way     int32
}

// BuildETAModel learns from delivered parcels. Parcels without a shipping
// date, or delivered before they shipped, are left out.
//
// It runs on a screen's first ETA, so it is built for speed: the transit
// times are sorted once and then dealt to their groups in that order, which
// leaves every group sorted, and a group's keys are worked out once per way
// rather than once per parcel; a store has thousands of parcels on each of
// a few hundred ways.
func BuildETAModel(history []Transit, s ETASettings) *ETAModel {
	m := &ETAModel{minSamples: max(1, s.MinSamples), samples: make([]etaSample, 0, len(history))}
	ways := map[etaWay]int32{}
	for _, t := range history {
		if t.ShippedAt.IsZero() || t.DeliveredAt.IsZero() || t.DeliveredAt.Before(t.ShippedAt) {
			continue
		}
		w := etaWay{t.Carrier, t.Origin, t.Destination, t.Method}
		wi, ok := ways[w]
		if !ok {
			wi = int32(len(m.ways))
			ways[w] = wi
			m.ways = append(m.ways, w)
		}
		m.samples = append(m.samples, etaSample{t.DeliveredAt.Sub(t.ShippedAt), wi})
	}
	slices.SortFunc(m.samples, func(a, b etaSample) int { return cmp.Compare(a.transit, b.transit) })
	m.deal()
	return m
}

// deal fills the groups from ways and samples, in the samples' order.
func (m *ETAModel) deal() {
	var lists [len(etaLevels)][][]float64
	var index [len(etaLevels)]map[string]int32
	for i := range index {
		index[i] = map[string]int32{}
	}
	wayGroups := make([][len(etaLevels)]int32, len(m.ways))
	for wi, w := range m.ways {
		for i, l := range etaLevels {
			k := l.key(w.carrier, w.origin, w.dest, w.method)
			gi, ok := index[i][k]
			if !ok {
				gi = int32(len(lists[i]))
				index[i][k] = gi
				lists[i] = append(lists[i], nil)
			}
			wayGroups[wi][i] = gi
		}
	}
	for _, sm := range m.samples {
		d := days64(sm.transit)
		for i, gi := range wayGroups[sm.way] {
			lists[i][gi] = append(lists[i][gi], d)
		}
	}
	m.groups = make([]map[string][]float64, len(etaLevels))
	for i := range m.groups {
		m.groups[i] = make(map[string][]float64, len(index[i]))
		for k, gi := range index[i] {
			m.groups[i][k] = lists[i][gi]
		}
	}
	m.size = len(m.samples)
}

// Size is how many delivered parcels the model learned from.
func (m *ETAModel) Size() int {
	if m == nil {
		return 0
	}
	return m.size
}

// etaModelMagic starts a saved model; the digit is the format's version.
const etaModelMagic = "waybill-eta-1\n"

// MarshalBinary saves the model, so that a process starting later can load
// it rather than read every delivered parcel again. Transit times are
// sorted, so each is written as its difference from the one before.
func (m *ETAModel) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, len(etaModelMagic)+16+len(m.ways)*24+len(m.samples)*5)
	b = append(b, etaModelMagic...)
	b = binary.AppendUvarint(b, uint64(m.minSamples))
	b = binary.AppendUvarint(b, uint64(len(m.ways)))
	for _, w := range m.ways {
		for _, s := range []string{w.carrier, w.origin, w.dest, w.method} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(m.samples)))
	var prev time.Duration
	for _, s := range m.samples {
		b = binary.AppendUvarint(b, uint64(s.transit-prev))
		b = binary.AppendUvarint(b, uint64(s.way))
		prev = s.transit
	}
	return b, nil
}

// UnmarshalBinary loads a model saved by MarshalBinary. A saved model is
// read from the store file, so it is checked as untrusted: a damaged one
// is an error, never a panic or a huge allocation.
func (m *ETAModel) UnmarshalBinary(b []byte) error {
	r := etaReader{b: b}
	if string(r.take(len(etaModelMagic))) != etaModelMagic {
		return errors.New("eta model: not a saved model of this version")
	}
	minSamples := r.uvarint()
	nways := r.count(4) // four lengths at least per way
	ways := make([]etaWay, 0, nways)
	for range nways {
		var f [4]string
		for i := range f {
			f[i] = string(r.take(r.count(1)))
		}
		ways = append(ways, etaWay{f[0], f[1], f[2], f[3]})
	}
	nsamples := r.count(2)
	samples := make([]etaSample, 0, nsamples)
	var prev time.Duration
	for range nsamples {
		d, w := r.uvarint(), r.uvarint()
		if r.err == nil && (d > uint64(1<<62) || w >= uint64(len(ways))) {
			r.err = fmt.Errorf("sample %d: transit or way out of range", len(samples))
		}
		if r.err != nil {
			break
		}
		prev += time.Duration(d)
		samples = append(samples, etaSample{prev, int32(w)})
	}
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%d bytes after the last sample", len(r.b))
	}
	if r.err == nil && (minSamples < 1 || minSamples > 1<<31) {
		r.err = fmt.Errorf("min samples %d out of range", minSamples)
	}
	if r.err != nil {
		return fmt.Errorf("eta model: %w", r.err)
	}
	*m = ETAModel{minSamples: int(minSamples), ways: ways, samples: samples}
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
