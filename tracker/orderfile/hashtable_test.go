package orderfile

import (
	"math/rand/v2"
	"testing"
)

// The table answers as a map would, through its growths, including for a
// hash of 0 (stored as 1: the two are one key, odds 1 in 2^64).
func TestHashTableIsAMap(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  bool
		n    int
	}{{"values", false, 5000}, {"set", true, 5000}, {"empty", false, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			tab, m := newHashTable(tc.set), map[uint64]uint32{}
			r := rand.New(rand.NewPCG(1, 2))
			keys := []uint64{0, 2, 3}
			for range tc.n {
				keys = append(keys, r.Uint64())
			}
			for i, k := range keys[:len(keys)*min(tc.n, 1)] {
				v, added := tab.add(k)
				_, had := m[k]
				if added == had {
					t.Fatalf("add %d: added %v, the map had it: %v", k, added, had)
				}
				if !tc.set {
					*v += uint32(i)
				}
				m[k] += uint32(i)
				// Again: no longer new.
				if _, again := tab.add(k); again {
					t.Fatalf("add %d twice: new both times", k)
				}
			}
			if tab.len() != len(m) {
				t.Errorf("%d keys, the map %d", tab.len(), len(m))
			}
			for k, want := range m {
				if got := tab.get(k); !tc.set && got != want {
					t.Errorf("get %d = %d, want %d", k, got, want)
				}
			}
			if got := tab.get(12345); got != 0 {
				t.Errorf("a key never added: %d", got)
			}
		})
	}
}
