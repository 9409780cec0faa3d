package number

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Reference check-digit implementations, written straight from the published
// descriptions (CARRIERS.md, UPU S10, GS1) and independent of the weighted-sum tables in
// checksum.go, so the generators below cross-check them.

func refS10(serial string) byte {
	w := [8]int{8, 6, 4, 2, 3, 5, 9, 7}
	s := 0
	for i := range 8 {
		s += int(serial[i]-'0') * w[i]
	}
	c := 11 - s%11
	switch c {
	case 10:
		c = 0
	case 11:
		c = 5
	}
	return byte('0' + c)
}

// refUPS: letters map to (ASCII − 3) mod 10; characters at odd positions (1-based: the
// 2nd, 4th, ...) are doubled, without summing the digits of the product.
func refUPS(data string) byte {
	s := 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		v := int(c - '0')
		if c >= 'A' {
			v = (int(c) - 3) % 10
		}
		if i%2 == 1 {
			v *= 2
		}
		s += v
	}
	return byte('0' + (10-s%10)%10)
}

// refGS1: from the right, weights 3, 1, 3, 1, ...; check = (10 − sum mod 10) mod 10.
func refGS1(payload string) byte {
	s := 0
	w := 3
	for i := len(payload) - 1; i >= 0; i-- {
		s += w * int(payload[i]-'0')
		w = 4 - w
	}
	return byte('0' + (10-s%10)%10)
}

// refFedEx: weights 3,1,7 from the left on 11 digits (1,7,3 on the 13 of a 34-digit
// barcode); sum mod 11 mod 10.
func refFedEx(data string) byte {
	w := []int{3, 1, 7}
	if len(data) == 13 {
		w = []int{1, 7, 3}
	}
	s := 0
	for i := 0; i < len(data); i++ {
		s += w[i%3] * int(data[i]-'0')
	}
	return byte('0' + s%11%10)
}

func refMod7(data string) byte {
	r := 0
	for i := 0; i < len(data); i++ {
		r = (r*10 + int(data[i]-'0')) % 7
	}
	return byte('0' + r)
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func alnum(r *rand.Rand, n int) string {
	const set = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, n)
	for i := range b {
		b[i] = set[r.IntN(len(set))]
	}
	return string(b)
}

func pick(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }

// generator makes one valid number of a format. span is the range of positions [lo, hi)
// that the check digit protects and that can be changed without changing the format.
type generator struct {
	name    string
	format  string
	carrier string // "" when it depends on the number (S10)
	gen     func(r *rand.Rand) string
	lo, hi  int // hi <= 0 counts from the end
}

var generators = []generator{
	{"UPU S10", "upu-s10", "", func(r *rand.Rand) string {
		serial := digits(r, 8)
		return pick(r, "RR", "RB", "LX", "LZ", "CP", "EA", "EE", "UA", "UN", "VV", "HA") + serial + string(refS10(serial)) +
			pick(r, "CN", "US", "GB", "DE", "FR", "RU", "BR", "ES", "NL", "SG", "HK", "CV", "FJ")
	}, 2, 11},
	{"UPS 1Z", "ups-1z", "ups", func(r *rand.Rand) string {
		data := alnum(r, 6) + pick(r, "01", "02", "03", "12", "YW", "66") + digits(r, 7)
		return "1Z" + data + string(refUPS(data))
	}, 2, 0},
	{"UPS 1Z with a digits-only shipper", "ups-1z", "ups", func(r *rand.Rand) string {
		data := digits(r, 15)
		return "1Z" + data + string(refUPS(data))
	}, 2, 0},
	{"UPS waybill", "ups-waybill", "ups", func(r *rand.Rand) string {
		data := digits(r, 9)
		return pick(r, "K", "J", "V", "H", "T", "A") + data + string(refUPS(data))
	}, 1, 0},
	{"FedEx 12", "fedex-12", "fedex", func(r *rand.Rand) string {
		data := digits(r, 11)
		return data + string(refFedEx(data))
	}, 0, 0},
	{"FedEx Ground 15", "fedex-ground-15", "fedex", func(r *rand.Rand) string {
		data := digits(r, 14)
		return data + string(refGS1(data))
	}, 0, 0},
	{"FedEx Ground 96", "fedex-ground-96", "fedex", func(r *rand.Rand) string {
		data := digits(r, 14)
		return "96" + digits(r, 5) + data + string(refGS1(data))
	}, 7, 0},
	{"FedEx 34", "fedex-34", "fedex", func(r *rand.Rand) string {
		data := digits(r, 13)
		return string(byte('1'+r.IntN(8))) + digits(r, 19) + data + string(refFedEx(data))
	}, 20, 0},
	{"USPS IMpb 22", "usps-impb", "usps", func(r *rand.Rand) string {
		payload := pick(r, "92", "93", "94", "95") + digits(r, 19)
		return payload + string(refGS1(payload))
	}, 2, 0},
	{"USPS IMpb 26", "usps-impb", "usps", func(r *rand.Rand) string {
		payload := pick(r, "92", "93") + digits(r, 23)
		return payload + string(refGS1(payload))
	}, 2, 0},
	{"USPS IMpb with 420+ZIP", "usps-impb", "usps", func(r *rand.Rand) string {
		payload := "94" + digits(r, 19)
		return "420" + digits(r, 5) + payload + string(refGS1(payload))
	}, 10, 0},
	{"USPS 20", "usps-20", "usps", func(r *rand.Rand) string {
		payload := digits(r, 19)
		return payload + string(refGS1(payload))
	}, 0, 0},
	{"USPS 20 with implied 91", "usps-20", "usps", func(r *rand.Rand) string {
		payload := digits(r, 19)
		return payload + string(refGS1("91"+payload))
	}, -1, 0}, // either check may pass after a change, so no rate is asserted
	{"DHL Express 10", "dhl-express", "dhl-express", func(r *rand.Rand) string {
		data := digits(r, 9)
		return data + string(refMod7(data))
	}, 0, 0},
	{"DHL Express 11", "dhl-express", "dhl-express", func(r *rand.Rand) string {
		data := digits(r, 10)
		return data + string(refMod7(data))
	}, 0, 0},
}

// detectQuick is Detect without the suggestion search, for the large loops below.
func detectQuick(s string) Result {
	var d detector
	n := Normalize(s)
	d.run(n)
	return d.result(s, n, false)
}

func TestGeneratedNumbersAreValid(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	for _, g := range generators {
		t.Run(g.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			for range n {
				s := g.gen(r)
				res := detectQuick(s)
				want := g.carrier
				if g.format == "upu-s10" {
					want = lookupCountry(s[11], s[12]).post
					if s[0] == 'E' && want == "china-post" {
						want = "china-ems"
					}
				}
				if !res.Valid || res.Checksum != ChecksumOK || res.Format != g.format || res.Carrier != want {
					t.Fatalf("generated %q: valid=%v checksum=%q format=%q carrier=%q, want valid ok %q %q (%s)",
						s, res.Valid, res.Checksum, res.Format, res.Carrier, g.format, want, res.Note)
				}
			}
		})
	}
}

// rates counts how many single-character corruptions a format's check digit catches.
type rates struct {
	subs, subsCaught   int
	swaps, swapsCaught int
	// Corruptions the algorithm structurally cannot catch, counted from the digits
	// themselves (see the per-format comments in TestCorruptionDetectionRates).
	subsBlind, swapsBlind int
}

// corrupt tries every digit-for-digit substitution and every swap of two different
// adjacent digits inside the protected span of s. For a sample of the caught ones it
// checks that Detect suggests the original back.
func corrupt(t *testing.T, g generator, s string, rt *rates, blindSub func(s string, pos int, c byte) bool, sample *int) {
	t.Helper()
	hi := g.hi
	if hi <= 0 {
		hi += len(s)
	}
	b := []byte(s)
	caught := func(x string) bool {
		res := detectQuick(x)
		if res.Valid {
			return false
		}
		*sample++
		if *sample%13 == 0 {
			if full := Detect(x); !slices.Contains(full.Suggestions, s) {
				t.Fatalf("Detect(%q) does not suggest the original %q: %v", x, s, full.Suggestions)
			}
		}
		return true
	}
	for pos := g.lo; pos < hi; pos++ {
		orig := b[pos]
		if orig < '0' || orig > '9' {
			continue // a letter of a UPS shipper number
		}
		for c := byte('0'); c <= '9'; c++ {
			if c == orig {
				continue
			}
			b[pos] = c
			rt.subs++
			if caught(string(b)) {
				rt.subsCaught++
			}
			if blindSub != nil && blindSub(s, pos, c) {
				rt.subsBlind++
			}
		}
		b[pos] = orig
		// Swaps of two data digits (not the check digit): GS1 misses exactly those whose
		// digits differ by 5, since 3a+b ≡ 3b+a (mod 10) ⇔ 2(a−b) ≡ 0 (mod 10).
		if pos+2 < hi && b[pos+1] != orig && b[pos+1] >= '0' && b[pos+1] <= '9' {
			b[pos], b[pos+1] = b[pos+1], b[pos]
			rt.swaps++
			if caught(string(b)) {
				rt.swapsCaught++
			}
			if d := int(orig) - int(b[pos]); d == 5 || d == -5 {
				rt.swapsBlind++
			}
			b[pos], b[pos+1] = b[pos+1], b[pos]
		}
	}
}

func TestCorruptionDetectionRates(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 150
	}
	find := func(name string) generator {
		for _, g := range generators {
			if g.name == name {
				return g
			}
		}
		t.Fatalf("no generator %q", name)
		return generator{}
	}
	tests := []struct {
		name string
		gen  string
		// blindSub reports whether substituting c at pos is, by the algorithm's structure,
		// undetectable; nil when that depends on the whole number (mod 11 schemes).
		blindSub func(s string, pos int, c byte) bool
		// Expected share of substitutions caught, and the tolerance for sampling.
		subRate, subTol float64
		// exactSwaps: the swap misses must be exactly the GS1 |a−b| = 5 pairs.
		exactSwaps bool
		minSwap    float64
	}{
		// UPU S10 (mod 11, weights 8,6,4,2,3,5,9,7). Every weight is a unit mod 11, so a
		// changed serial digit always changes r = S mod 11 — but the final mapping is not
		// one to one: r = 0 and r = 6 both give check digit 5. A substitution slips
		// through exactly when it moves r between 0 and 6; for a given position that
		// needs one particular Δ mod 11, and over uniform digits 9 of the 90 (digit, new
		// digit) pairs give it, so 1/10. With r roughly uniform, P(r ∈ {0,6}) ≈ 2/11, and
		// 8 of the 9 protected positions are serial digits (the check digit itself is
		// always caught): missed ≈ 8/9 · 2/11 · 1/10 = 1.6 %, caught ≈ 98.4 %. So S10 does
		// NOT catch 100 % of single substitutions.
		{name: "UPU S10", gen: "UPU S10", subRate: 1 - 8.0/9*2/11/10, subTol: 0.004, minSwap: 0.97},
		// FedEx 12 (weights 3,1,7; S mod 11 mod 10). Same reasoning: r = 0 and r = 10
		// both give 0. Missed ≈ 11/12 · 2/11 · 1/10 = 1.7 %.
		{name: "FedEx 12", gen: "FedEx 12", subRate: 1 - 11.0/12*2/11/10, subTol: 0.004, minSwap: 0.97},
		// UPS (mod 10, every second data character doubled, no digit sum). Doubling is
		// not one to one mod 10 (d and d±5 give the same 2d mod 10), so at each of the 7
		// doubled positions exactly 1 of the 9 other digits goes unnoticed: 7 of the 144
		// substitutions over the 16 protected digits, caught = 137/144 ≈ 95.1 %.
		{name: "UPS 1Z", gen: "UPS 1Z with a digits-only shipper", blindSub: func(s string, pos int, c byte) bool {
			d := int(c) - int(s[pos])
			return pos < 17 && (pos-2)%2 == 1 && (d == 5 || d == -5)
		}, subRate: 137.0 / 144, subTol: 1e-9, minSwap: 0.99},
		// GS1 mod 10 (weights 3,1): 3 and 1 are units mod 10, so every single
		// substitution is caught; swaps of digits differing by 5 are not.
		{name: "USPS IMpb 22", gen: "USPS IMpb 22", blindSub: func(string, int, byte) bool { return false }, subRate: 1, subTol: 0, exactSwaps: true},
		{name: "USPS IMpb 26", gen: "USPS IMpb 26", blindSub: func(string, int, byte) bool { return false }, subRate: 1, subTol: 0, exactSwaps: true},
		// USPS 20 digits: we accept the plain GS1 check and the one with the implied "91"
		// prefix, whose expected digit is always the plain one + 2 (mod 10): the prefix
		// adds 28 to the sum. So one substitute at every position (the one shifting the
		// sum by the right amount, unique because 1 and 3 are units mod 10) satisfies the
		// other check: exactly 1 in 9 substitutions is missed, caught = 8/9 ≈ 88.9 %.
		// Accepting both readings costs that much error detection.
		{name: "USPS 20", gen: "USPS 20", subRate: 8.0 / 9, subTol: 1e-9, minSwap: 0.6},
		{name: "FedEx Ground 15", gen: "FedEx Ground 15", blindSub: func(string, int, byte) bool { return false }, subRate: 1, subTol: 0, exactSwaps: true},
		{name: "FedEx Ground 96", gen: "FedEx Ground 96", blindSub: func(string, int, byte) bool { return false }, subRate: 1, subTol: 0, exactSwaps: true},
		// DHL Express (the number mod 7). Changing digit d at any place changes the number
		// by Δ·10^k, and 10^k is a unit mod 7, so it is missed exactly when Δ = ±7: the
		// pairs 0↔7, 1↔8, 2↔9. A data digit in {0,1,2,7,8,9} has one blind substitute,
		// others none: missed = 9/10 · 6/10 · 1/9 = 6 %, caught ≈ 94 %. The check digit
		// (0–6) is always caught.
		{name: "DHL Express 10", gen: "DHL Express 10", blindSub: func(s string, pos int, c byte) bool {
			d := int(c) - int(s[pos])
			return pos < len(s)-1 && (d == 7 || d == -7)
		}, subRate: 0.94, subTol: 0.005, minSwap: 0.5},
		{name: "DHL Express 11", gen: "DHL Express 11", blindSub: func(s string, pos int, c byte) bool {
			d := int(c) - int(s[pos])
			return pos < len(s)-1 && (d == 7 || d == -7)
		}, subRate: 1 - 10.0/11*6/10/9, subTol: 0.005, minSwap: 0.5},
		// FedEx 34: the 13-digit serial with FedEx mod 11 (r = 0 and 10 collide):
		// missed ≈ 13/14 · 2/11 · 1/10 = 1.7 %.
		{name: "FedEx 34", gen: "FedEx 34", subRate: 1 - 13.0/14*2/11/10, subTol: 0.004, minSwap: 0.97},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := find(tc.gen)
			r := rand.New(rand.NewPCG(3, 4))
			var rt rates
			sample := 0
			for range n {
				corrupt(t, g, g.gen(r), &rt, tc.blindSub, &sample)
			}
			subRate := float64(rt.subsCaught) / float64(rt.subs)
			swapRate := float64(rt.swapsCaught) / float64(rt.swaps)
			t.Logf("%s: %d/%d substitutions caught (%.2f%%), %d/%d adjacent swaps caught (%.2f%%)",
				tc.name, rt.subsCaught, rt.subs, 100*subRate, rt.swapsCaught, rt.swaps, 100*swapRate)
			if math.Abs(subRate-tc.subRate) > tc.subTol {
				t.Errorf("substitutions caught %.4f, want %.4f ± %.4f", subRate, tc.subRate, tc.subTol)
			}
			if tc.blindSub != nil && rt.subs-rt.subsCaught != rt.subsBlind {
				t.Errorf("missed %d substitutions, the algorithm's blind spots account for %d", rt.subs-rt.subsCaught, rt.subsBlind)
			}
			if tc.exactSwaps && rt.swaps-rt.swapsCaught != rt.swapsBlind {
				t.Errorf("missed %d swaps, want exactly the %d whose digits differ by 5", rt.swaps-rt.swapsCaught, rt.swapsBlind)
			}
			if swapRate < tc.minSwap {
				t.Errorf("swaps caught %.4f, want at least %.4f", swapRate, tc.minSwap)
			}
		})
	}
}
