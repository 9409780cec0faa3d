package sim

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Tracking-number formats of the carriers AliExpress-style sellers use. Every
// number with a check digit gets a correct one (CARRIERS.md, "Tracking
// numbers").

var (
	registeredPrefixes = []string{"LX", "LY", "LV", "LZ", "RB", "RC", "RE", "RF", "RG", "RH", "RL", "RR", "RS", "RT"}
	emsPrefixes        = []string{"EA", "EB", "EE", "EV", "EY"}
	untrackedPrefixes  = []string{"UA", "UB", "UC", "UF", "UH", "UM"}
)

// s10 returns a UPU S10 number: prefix, eight serial digits, check digit,
// country.
func s10(r *rand.Rand, prefix, country string) string {
	serial := digits(r, 8)
	return prefix + serial + string(rune('0'+s10Check(serial))) + country
}

// s10Check is the UPU S10 check digit of eight serial digits: weights
// 8 6 4 2 3 5 9 7, r = sum mod 11, check = 11 − r, with 10 → 0 and 11 → 5.
func s10Check(serial string) int {
	weights := [8]int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i := range 8 {
		sum += int(serial[i]-'0') * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 0
	case 11:
		return 5
	default:
		return c
	}
}

// ups returns a UPS 1Z number: shipper account (6), service (2), package
// reference (7), check digit.
func ups(r *rand.Rand) string {
	const alnum = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
	b := make([]byte, 0, 18)
	b = append(b, "1Z"...)
	for range 6 {
		b = append(b, alnum[r.IntN(len(alnum))])
	}
	services := []string{"66", "65", "04", "01"} // worldwide express saver, saver, …
	b = append(b, services[r.IntN(len(services))]...)
	b = append(b, digits(r, 7)...)
	return string(b) + strconv.Itoa(upsCheck(string(b[2:])))
}

// upsCheck is the check digit of the 15 characters after "1Z": letters count
// (code − 3) mod 10, characters at odd (0-based) positions count double,
// check = (10 − sum mod 10) mod 10.
func upsCheck(s string) int {
	sum := 0
	for i := 0; i < len(s); i++ {
		v := int(s[i] - '0')
		if s[i] >= 'A' && s[i] <= 'Z' {
			v = (int(s[i]) - 3) % 10
		}
		if i%2 == 1 {
			v *= 2
		}
		sum += v
	}
	return (10 - sum%10) % 10
}

// dhlExpress returns a 10-digit DHL Express waybill: nine digits and their
// value mod 7.
func dhlExpress(r *rand.Rand) string {
	n := 100_000_000 + r.IntN(900_000_000)
	return strconv.Itoa(n) + strconv.Itoa(n%7)
}

// cainiao returns an LP number: "LP" and 14 digits, the first two 00, as
// Cainiao issues them.
func cainiao(r *rand.Rand) string { return "LP00" + digits(r, 12) }

// yunExpress returns "YT", the two-digit year of shipping and 14 digits.
func yunExpress(r *rand.Rand, shipped time.Time) string {
	yy := shipped.Year() % 100
	return "YT" + string(rune('0'+yy/10)) + string(rune('0'+yy%10)) + digits(r, 14)
}

// fourPX returns a 4PX number: "4PX30", eleven digits, "CN".
func fourPX(r *rand.Rand) string { return "4PX30" + digits(r, 11) + "CN" }

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}
