package number

import (
	"math/bits"
	"strings"
)

// Every check-digit algorithm we support is a weighted sum: S = offset + Σ w_i·v(c_i),
// reduced modulo m, then mapped to the expected check digit. Writing them all in that one
// shape lets the suggestion generator price a one-character change in O(1): it adjusts S
// by the changed term instead of re-running the whole algorithm.

// expectKind selects how S mod m becomes the expected check digit.
type expectKind uint8

const (
	expectComplement10 expectKind = iota // (10 − S mod 10) mod 10: GS1, UPS
	expectS10                            // 11 − S mod 11, with 10 → 0 and 11 → 5
	expectMod11Mod10                     // S mod 11 mod 10: FedEx Express
	expectIdentity                       // S mod m must be the digit: DHL Express mod 7
)

// scheme is one check-digit algorithm.
type scheme struct {
	name   string // for notes: "UPU S10 mod 11"
	mod    int
	expect expectKind
	// tail holds the weights right-aligned: the last entry weighs the data character just
	// left of the check digit. A layout with n data characters uses tail[len(tail)-n:].
	tail []int
}

func (s *scheme) expected(sum int) int {
	r := sum % s.mod
	if r < 0 {
		r += s.mod
	}
	switch s.expect {
	case expectComplement10:
		return (10 - r) % 10
	case expectS10:
		switch r {
		case 0:
			return 5
		case 1:
			return 0
		}
		return 11 - r
	case expectMod11Mod10:
		return r % 10
	default:
		return r
	}
}

// repeat returns n weights cycling through pattern, aligned so that the last weight is
// pattern[len(pattern)-1].
func repeat(n int, pattern ...int) []int {
	w := make([]int, n)
	for i := range w {
		w[n-1-i] = pattern[len(pattern)-1-i%len(pattern)]
	}
	return w
}

// powers returns n right-aligned weights base^k mod m (k = 0 at the right end), which turns
// "the number formed by the data digits, mod m" into a weighted sum.
func powers(n, base, m int) []int {
	w := make([]int, n)
	p := 1
	for i := n - 1; i >= 0; i-- {
		w[i] = p
		p = p * base % m
	}
	return w
}

var (
	// UPU S10: weights 8,6,4,2,3,5,9,7 on the eight serial digits.
	schemeS10 = &scheme{name: "UPU S10 mod 11", mod: 11, expect: expectS10, tail: []int{8, 6, 4, 2, 3, 5, 9, 7}}
	// GS1 mod 10: weight 3 on the digit just left of the check digit, then 1, 3, 1, ...
	schemeGS1 = &scheme{name: "GS1 mod 10", mod: 10, expect: expectComplement10, tail: repeat(40, 1, 3)}
	// UPS: the 15 characters after "1Z" (or the 9 serial digits of a waybill), every second
	// one doubled counting from the first; the last data character has weight 1.
	schemeUPS = &scheme{name: "UPS mod 10", mod: 10, expect: expectComplement10, tail: repeat(15, 2, 1)}
	// FedEx Express: S mod 11 mod 10. The weights, left to right, are 3,1,7,3,1,7,... on the
	// 11 data digits of a 12-digit number and 1,7,3,1,7,3,... on the 13 of a 34-digit
	// barcode: both are the cycle 7,3,1 aligned so the digit before the check weighs 1.
	schemeFedEx = &scheme{name: "FedEx mod 11", mod: 11, expect: expectMod11Mod10, tail: repeat(13, 7, 3, 1)}
	// DHL Express: the number formed by the data digits, mod 7.
	schemeMod7 = &scheme{name: "mod 7", mod: 7, expect: expectIdentity, tail: powers(10, 10, 7)}
)

// charValue is a character's value in a sum: digits are themselves, letters (UPS only)
// map to (ASCII − 3) mod 10, so A=2, B=3, ..., H=9, I=0, J=1, ...
func charValue(c byte) int {
	if c <= '9' {
		return int(c - '0')
	}
	return (int(c) - 3) % 10
}

// layout says where one scheme applies inside a normalized number: data characters are
// b[start:start+n], the check digit is b[start+n]. Characters outside that span are fixed.
// It is kept small: a detector holds several.
type layout struct {
	sch    *scheme
	start  int8
	n      int8
	alnum  int8  // the first alnum data positions also accept letters (UPS shipper/service)
	offset int16 // added to the sum, e.g. the implied "91" of a 20-digit USPS number
	// pin restricts the first two data positions to a set of digits (bit d allows d), so
	// that suggestions keep the format: an IMpb number must stay 9[1-5]... Zero means any.
	pin [2]uint16
}

func (l *layout) weights() []int { return l.sch.tail[len(l.sch.tail)-int(l.n):] }

func (l *layout) sum(b string) int {
	s := int(l.offset)
	start := int(l.start)
	for i, w := range l.weights() {
		s += w * charValue(b[start+i])
	}
	return s
}

// ok reports whether the check digit matches, and the digit the data asks for.
func (l *layout) ok(b string) (bool, int) {
	want := l.sch.expected(l.sum(b))
	return int(b[int(l.start)+int(l.n)]-'0') == want, want
}

// allowed reports whether c may stand at absolute position pos in this format.
func (l *layout) allowed(pos int, c byte) bool {
	rel := pos - int(l.start)
	if c < '0' || c > '9' {
		return rel < int(l.alnum) && c >= 'A' && c <= 'Z'
	}
	if rel < 2 && l.pin[rel] != 0 {
		return l.pin[rel]&(1<<(c-'0')) != 0
	}
	return true
}

// edit is one candidate correction: c at position pos, or (swap) the characters at pos
// and pos+1 exchanged, in which case c is the new character at pos.
type edit struct {
	pos  int8
	c    byte
	swap bool
}

// alphabet is every character a format can hold, in ASCII order; bit i of a mask below
// stands for alphabet[i].
const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

func alphaIndex(c byte) int {
	if c <= '9' {
		return int(c - '0')
	}
	return 10 + int(c-'A')
}

// lettersOfValue[x] has the bits of the letters whose UPS value is x.
var lettersOfValue = func() (t [10]uint64) {
	for c := byte('A'); c <= 'Z'; c++ {
		t[charValue(c)] |= 1 << alphaIndex(c)
	}
	return t
}()

// suggest returns, sorted and without duplicates, every string that differs from b by one
// substituted character or one swap of adjacent characters inside the checked span, keeps
// the format (allowed), and passes the check.
//
// Each candidate costs a table look-up: per position we price the ten possible character
// values (letters count as their value, (ASCII − 3) mod 10) by adjusting the sum by the
// changed term only. The output is produced already sorted (see below) in one string
// allocation plus the slice.
func (l *layout) suggest(b string) []string {
	start, check := int(l.start), int(l.start)+int(l.n)
	w := l.weights()
	m := l.sch.mod
	base := l.sum(b)
	have := int(b[check] - '0')
	checkWant := l.sch.expected(base)
	passes := func(sum, checkDigit int) bool { return l.sch.expected(sum) == checkDigit }
	// pass[r]: does a sum ≡ r (mod m) give the check digit the number has?
	var pass [16]bool
	for r := 0; r < m; r++ {
		pass[r] = l.sch.expected(r) == have
	}
	r0 := base % m

	var buf [96]edit
	edits := buf[:0]
	var groups [48][2]int8 // per position: the range of its edits
	for pos := start; pos <= check; pos++ {
		lo := len(edits)
		cur := b[pos]
		rel := pos - start
		// mask: bit i set when alphabet[i] at pos passes the check and keeps the format.
		var mask uint64
		if pos == check {
			mask = 1 << checkWant
		} else {
			// The residue for value x = 0 is r0 − w·v(cur); each step up in x adds w
			// (every weight is below its modulus).
			wi := w[rel]
			letters := rel < int(l.alnum)
			r := ((r0-wi*charValue(cur))%m + m) % m
			for x := 0; x < 10; x++ {
				if pass[r] {
					mask |= 1 << x
					if letters {
						mask |= lettersOfValue[x]
					}
				}
				if r += wi; r >= m {
					r -= m
				}
			}
			if rel < 2 && l.pin[rel] != 0 {
				mask &^= 0x3ff &^ uint64(l.pin[rel])
			}
		}
		mask &^= 1 << alphaIndex(cur)
		swapAt := -1 // alphabet index of the character a passing swap puts at pos
		if pos < check && b[pos+1] != cur && l.allowed(pos, b[pos+1]) && l.allowed(pos+1, cur) {
			nb := b[pos+1]
			d := charValue(nb) - charValue(cur)
			ok := false
			if pos+1 == check {
				// The data character moves into the check slot and the check digit into the data.
				ok = passes(base+w[rel]*d, int(cur-'0'))
			} else {
				ok = passes(base+(w[rel]-w[rel+1])*d, have)
			}
			if ok {
				swapAt = alphaIndex(nb)
			}
		}
		for mask != 0 || swapAt >= 0 {
			i := 64
			if mask != 0 {
				i = bits.TrailingZeros64(mask)
			}
			switch {
			case swapAt >= 0 && swapAt < i:
				edits = append(edits, edit{pos: int8(pos), c: alphabet[swapAt], swap: true})
				swapAt = -1
			case swapAt == i:
				// A swap and a substitution put the same character at pos; they differ
				// first at pos+1, where the swap has cur and the substitution b[pos+1].
				c := alphabet[i]
				if cur < c {
					edits = append(edits, edit{pos: int8(pos), c: c, swap: true}, edit{pos: int8(pos), c: c})
				} else {
					edits = append(edits, edit{pos: int8(pos), c: c}, edit{pos: int8(pos), c: c, swap: true})
				}
				swapAt = -1
				mask &^= 1 << i
			default:
				edits = append(edits, edit{pos: int8(pos), c: alphabet[i]})
				mask &^= 1 << i
			}
		}
		groups[pos] = [2]int8{int8(lo), int8(len(edits))}
	}
	if len(edits) == 0 {
		return []string{}
	}
	// Strings that differ from b first at position p sort, against all others, by the new
	// character at p: those below b[p] come before every string that keeps b[p], those
	// above come after. So the sorted order is: "lower" edits by ascending position, then
	// "upper" edits by descending position, each group by ascending character.
	var sb strings.Builder
	sb.Grow(len(edits) * len(b))
	emit := func(e edit) {
		p := int(e.pos)
		sb.WriteString(b[:p])
		sb.WriteByte(e.c)
		if e.swap {
			sb.WriteByte(b[p])
			sb.WriteString(b[p+2:])
		} else {
			sb.WriteString(b[p+1:])
		}
	}
	for _, e := range edits {
		if e.c < b[e.pos] {
			emit(e)
		}
	}
	for pos := check; pos >= start; pos-- {
		g := groups[pos]
		for _, e := range edits[g[0]:g[1]] {
			if e.c > b[e.pos] {
				emit(e)
			}
		}
	}
	all := sb.String()
	out := make([]string, len(edits))
	for i := range out {
		out[i] = all[i*len(b) : (i+1)*len(b)]
	}
	return out
}

// mergeSorted merges two sorted, duplicate-free lists into one.
func mergeSorted(a, b []string) []string {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
