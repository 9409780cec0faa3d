package tracker

import (
	"bytes"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// randomTransits are n parcels in shuffled order on overlapping ways, with
// some the model must skip: no shipping date, delivered before shipping.
func randomTransits(n int) []Transit {
	rng := rand.New(rand.NewPCG(1, 2))
	carriers := []string{"cainiao", "yunexpress", "dhl"}
	dests := []string{"US", "DE", "FR", "BR"}
	methods := []string{"", "standard", "express"}
	shipped := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	var history []Transit
	for i := range n {
		tr := Transit{Carrier: carriers[rng.IntN(len(carriers))], Origin: "CN", Destination: dests[rng.IntN(len(dests))],
			Method: methods[rng.IntN(len(methods))], ShippedAt: shipped.Add(time.Duration(i) * time.Hour)}
		tr.DeliveredAt = tr.ShippedAt.Add(time.Duration(rng.IntN(40*24*3600)) * time.Second)
		switch i % 97 {
		case 0:
			tr.ShippedAt = time.Time{}
		case 1:
			tr.DeliveredAt = tr.ShippedAt.Add(-time.Hour)
		}
		history = append(history, tr)
	}
	return history
}

// TestBuildETAModelGroupsEveryLevel checks the model against the plain way
// of building it: group each parcel at each level, then sort.
func TestBuildETAModelGroupsEveryLevel(t *testing.T) {
	history := randomTransits(3000)
	want := make([]map[string][]int32, len(etaLevels))
	size := 0
	for i, l := range etaLevels {
		want[i] = map[string][]int32{}
		for _, tr := range history {
			if tr.ShippedAt.IsZero() || tr.DeliveredAt.Before(tr.ShippedAt) {
				continue
			}
			k := l.key(tr.Carrier, tr.Origin, tr.Destination, tr.Method)
			want[i][k] = append(want[i][k], int32(math.Round(tr.DeliveredAt.Sub(tr.ShippedAt).Hours())))
			if i == 0 {
				size++
			}
		}
		for _, v := range want[i] {
			slices.Sort(v)
		}
	}
	m := BuildETAModel(history, DefaultETASettings())
	if m.Size() != size {
		t.Errorf("size %d, want %d", m.Size(), size)
	}
	for i := range etaLevels {
		if !maps.EqualFunc(m.allGroups()[i], want[i], func(g etaGroup, w []int32) bool { return slices.Equal(g.expand(), w) }) {
			t.Errorf("level %q: groups differ from grouping each parcel's hours and sorting", etaLevels[i].basis)
		}
	}
}

// TestETAModelSavesAndLoads: a loaded model predicts exactly what the
// saved one did, for parcels of every group and age.
func TestETAModelSavesAndLoads(t *testing.T) {
	for _, n := range []int{0, 1, 3000} {
		m := BuildETAModel(randomTransits(n), ETASettings{MinSamples: 7})
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got ETAModel
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatalf("%d parcels: %v", n, err)
		}
		if got.Size() != m.Size() || got.minSamples != 7 {
			t.Fatalf("%d parcels: loaded size %d min %d, saved %d min 7", n, got.Size(), got.minSamples, m.Size())
		}
		for i := range etaLevels {
			if !maps.EqualFunc(got.allGroups()[i], m.allGroups()[i], func(a, b etaGroup) bool { return slices.Equal(a.expand(), b.expand()) }) {
				t.Errorf("%d parcels: level %q differs after loading", n, etaLevels[i].basis)
			}
		}
		again, _ := got.MarshalBinary()
		if !bytes.Equal(again, b) {
			t.Errorf("%d parcels: saving the loaded model gives other bytes", n)
		}
		for _, q := range randomTransits(50) {
			q := ETAQuery{Carrier: q.Carrier, Origin: q.Origin, Destination: q.Destination, Method: q.Method, ShippedAt: q.ShippedAt}
			for _, age := range []time.Duration{0, 5 * 24 * time.Hour, 30 * 24 * time.Hour} {
				e1, ok1 := m.Predict(q, q.ShippedAt.Add(age))
				e2, ok2 := got.Predict(q, q.ShippedAt.Add(age))
				if e1 != e2 || ok1 != ok2 {
					t.Fatalf("%d parcels: %+v at %v: saved %v %v, loaded %v %v", n, q, age, e1, ok1, e2, ok2)
				}
			}
		}
	}
}

// TestETAModelRefusesDamage: every cut and a flipped byte in each place
// give an error or a model, never a panic.
func TestETAModelRefusesDamage(t *testing.T) {
	b, _ := BuildETAModel(randomTransits(40), DefaultETASettings()).MarshalBinary()
	for n := range len(b) {
		var m ETAModel
		if err := m.UnmarshalBinary(b[:n]); err == nil {
			t.Fatalf("cut to %d of %d bytes: no error", n, len(b))
		}
	}
	for i := range b {
		d := slices.Clone(b)
		d[i] ^= 0xff
		var m ETAModel
		_ = m.UnmarshalBinary(d)
	}
	for _, bad := range []struct {
		name string
		b    []byte
	}{
		{"other format", []byte("waybill-eta-2\n\x14\x00\x00")},
		{"trailing bytes", append(slices.Clone(b), 0)},
		{"way count larger than the input", []byte(etaModelMagic + "\x14\xff\xff\xff\xff\x0f")},
		{"sample of a way that is not there", []byte(etaModelMagic + "\x14\x00\x01\x05\x03")},
		{"no minimum", []byte(etaModelMagic + "\x00\x00\x00")},
	} {
		var m ETAModel
		if err := m.UnmarshalBinary(bad.b); err == nil {
			t.Errorf("%s: no error", bad.name)
		}
	}
}

func FuzzETAModelUnmarshal(f *testing.F) {
	b, _ := BuildETAModel(randomTransits(30), DefaultETASettings()).MarshalBinary()
	f.Add(b)
	f.Add([]byte(etaModelMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m ETAModel
		if err := m.UnmarshalBinary(b); err != nil {
			return
		}
		// Numbers may be written longer than needed, so compare a second
		// round trip with the first rather than with the input.
		once, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var m2 ETAModel
		if err := m2.UnmarshalBinary(once); err != nil {
			t.Fatalf("a saved model does not load: %v", err)
		}
		if twice, _ := m2.MarshalBinary(); !bytes.Equal(twice, once) || m2.Size() != m.Size() {
			t.Fatalf("a loaded model saves differently the second time")
		}
	})
}

// expand is the group as every parcel's hours, ascending.
func (g etaGroup) expand() []int32 {
	var out []int32
	for i, v := range g.vals {
		for range int(g.cum[i]) - g.before(i) {
			out = append(out, v)
		}
	}
	return out
}

// A group's percentiles are those of its parcels' hours, each one listed:
// the counted form interpolates between the same ranks.
func TestETAGroupPercentileIsTheListsPercentile(t *testing.T) {
	m := BuildETAModel(randomTransits(2000), DefaultETASettings())
	for _, g := range m.allGroups()[len(etaLevels)-1] {
		all := g.expand()
		for _, from := range []int{0, 1, len(g.vals) / 3, len(g.vals) - 1} {
			rest := make([]float64, 0, len(all))
			for _, v := range all[g.before(from):] {
				rest = append(rest, float64(v))
			}
			for _, p := range []float64{0, 10, 50, 90, 100} {
				if got, want := g.percentile(from, p), Percentile(rest, p); math.Abs(got-want) > 1e-9 {
					t.Errorf("from %d p%v: %v, want %v", from, p, got, want)
				}
			}
		}
	}
}

// The model's memory follows the distinct hours, not the parcels: once a
// way's hours are seen (40 days: 961 of them), four times the history on
// the same ways holds as many points.
func TestETAModelStaysSmallAsHistoryGrows(t *testing.T) {
	points := func(n int) int {
		m := BuildETAModel(randomTransits(n), DefaultETASettings())
		k := 0
		for _, lvl := range m.allGroups() {
			for _, g := range lvl {
				k += len(g.vals)
			}
		}
		return k
	}
	small, big := points(100_000), points(400_000)
	if big > small*105/100 {
		t.Errorf("points: %d for 100,000 parcels, %d for 400,000: the model grows with the history", small, big)
	}
}

// allGroups deals every group of every level, as a model dealing them all
// up front had them.
func (m *ETAModel) allGroups() []map[string]etaGroup {
	out := make([]map[string]etaGroup, len(etaLevels))
	for i := range etaLevels {
		out[i] = map[string]etaGroup{}
		for k := range m.byKey[i] {
			out[i][k] = m.group(i, k)
		}
	}
	return out
}

// A loaded model deals only the groups a prediction asks for: a screen
// opening on a saved model predicts one parcel, and dealing every group
// of every level first grew with the history (issue 24: at a million
// orders most of the first frame's CPU and 8 MB allocated, against 1 MB at
// 10,000). One parcel's prediction deals at most one group a level, and
// the groups it deals are those a model dealing everything had.
func TestETAModelDealsOnlyTheGroupsAsked(t *testing.T) {
	for _, n := range []int{3000, 30000} {
		history := randomTransits(n)
		m := BuildETAModel(history, DefaultETASettings())
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got ETAModel
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if d := got.dealtGroups(); d != 0 {
			t.Errorf("%d parcels: loading dealt %d groups, want none", n, d)
		}
		q := history[slices.IndexFunc(history, func(tr Transit) bool { return !tr.ShippedAt.IsZero() })]
		at := ETAQuery{Carrier: q.Carrier, Origin: q.Origin, Destination: q.Destination, Method: q.Method, ShippedAt: q.ShippedAt}
		e, ok := got.Predict(at, at.ShippedAt.Add(24*time.Hour))
		if d := got.dealtGroups(); d < 1 || d > len(etaLevels) {
			t.Errorf("%d parcels: one prediction dealt %d groups, want 1 to %d", n, d, len(etaLevels))
		}
		if e2, ok2 := m.Predict(at, at.ShippedAt.Add(24*time.Hour)); e != e2 || ok != ok2 {
			t.Errorf("%d parcels: loaded model predicts %+v %v, built one %+v %v", n, e, ok, e2, ok2)
		}
	}
}

// Predictions on several goroutines deal the groups of one shared model
// (a store's cached model serves every screen and the refresher) and agree
// with a model built whole; run under -race.
func TestETAModelDealsConcurrently(t *testing.T) {
	history := randomTransits(3000)
	built := BuildETAModel(history, DefaultETASettings())
	b, err := built.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var shared ETAModel
	if err := shared.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for _, tr := range history[g*50 : g*50+200] {
				q := ETAQuery{Carrier: tr.Carrier, Origin: tr.Origin, Destination: tr.Destination, Method: tr.Method, ShippedAt: tr.ShippedAt}
				at := q.ShippedAt.Add(72 * time.Hour)
				e1, ok1 := shared.Predict(q, at)
				e2, ok2 := built.Predict(q, at)
				if e1 != e2 || ok1 != ok2 {
					t.Errorf("%+v: shared model predicts %+v %v, built one %+v %v", q, e1, ok1, e2, ok2)
					return
				}
			}
		})
	}
	wg.Wait()
}

// dealtGroups counts the groups dealt so far.
func (m *ETAModel) dealtGroups() int {
	if m.dealt == nil {
		return 0
	}
	m.dealt.mu.Lock()
	defer m.dealt.mu.Unlock()
	k := 0
	for _, g := range m.dealt.groups {
		k += len(g)
	}
	return k
}
