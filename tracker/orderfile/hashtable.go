package orderfile

// hashTable is a set of 64-bit hashes, each with a uint32 when vals is
// kept: open addressing, linear probing, no pointers (the collector never
// scans it). A Go map of the same costs about half as much again, and
// what a streamed file keeps of its million rows is this.
type hashTable struct {
	keys []uint64 // 0: an empty slot (a hash of 0 is stored as 1)
	vals []uint32 // nil for a set
	n    int
	set  bool
}

func newHashTable(set bool) *hashTable {
	t := &hashTable{set: set}
	t.resize(1 << 10)
	return t
}

func (t *hashTable) resize(size int) {
	old, oldVals := t.keys, t.vals
	t.keys = make([]uint64, size)
	if !t.set {
		t.vals = make([]uint32, size)
	}
	for i, k := range old {
		if k != 0 {
			j := t.find(k)
			t.keys[j] = k
			if !t.set {
				t.vals[j] = oldVals[i]
			}
		}
	}
}

// find is k's slot, or the empty one where it would go.
func (t *hashTable) find(k uint64) int {
	mask := len(t.keys) - 1
	for i := int(k) & mask; ; i = (i + 1) & mask {
		if t.keys[i] == k || t.keys[i] == 0 {
			return i
		}
	}
}

// add puts k in, and says whether it was new; v is its value's slot
// (nil for a set).
func (t *hashTable) add(k uint64) (v *uint32, added bool) {
	if k == 0 {
		k = 1
	}
	if 4*(t.n+1) > 3*len(t.keys) {
		t.resize(2 * len(t.keys))
	}
	i := t.find(k)
	if t.keys[i] == 0 {
		t.keys[i] = k
		t.n++
		added = true
	}
	if !t.set {
		v = &t.vals[i]
	}
	return v, added
}

// get is k's value, 0 when it is not in.
func (t *hashTable) get(k uint64) uint32 {
	if k == 0 {
		k = 1
	}
	if i := t.find(k); t.keys[i] == k && !t.set {
		return t.vals[i]
	}
	return 0
}

func (t *hashTable) len() int { return t.n }
