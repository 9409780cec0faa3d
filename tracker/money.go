package tracker

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Money is an amount in hundredths of its currency's unit (cents, fen),
// whatever the currency: an integer, so an amount read from a file, stored
// and exported again comes back digit for digit, which a float does not
// promise. Zero means "not given".
type Money int64

// maxMoney bounds amounts well inside int64 (ten trillion units), so sums
// and comparisons never overflow.
const maxMoney = Money(1_000_000_000_000_000)

// String writes the amount with two decimals and no grouping ("1234.50"),
// the form ParseMoney reads back exactly.
func (m Money) String() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// currencySigns are the symbols and codes sellers write around an amount.
var currencySigns = []string{"US$", "HK$", "A$", "C$", "$", "¥", "￥", "€", "£", "₽", "₩", "元", "円"}

// groupMarks are the thousands separators that are never a decimal mark.
var groupMarks = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "'", "")

// ParseMoney reads an amount as people and spreadsheets write it: "12.5",
// "1,234.50", "1.234,50", "12,50", "¥120", "USD 19.90", "19.90 €". At
// most two decimals are accepted, so nothing is rounded away unseen.
func ParseMoney(s string) (Money, error) {
	if m, ok := plainMoney(s); ok {
		return m, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, refusal(refuseNoAmount)
	}
	for {
		before := t
		for _, p := range currencySigns {
			t = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t, p), p))
		}
		t = trimCode(t)
		if t == before {
			break
		}
	}
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	t = groupMarks.Replace(t)
	if t == "" || strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != ',' }) >= 0 {
		return 0, refusal(refuseNotAmount)
	}
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	lastDot, lastComma := strings.LastIndex(t, "."), strings.LastIndex(t, ",")
	switch {
	case dots > 0 && commas > 0:
		// Whichever comes last is the decimal mark: 1,234.50 or 1.234,50.
		if lastComma > lastDot {
			t = strings.ReplaceAll(t, ".", "")
			t = strings.Replace(t, ",", ".", 1)
		} else {
			t = strings.ReplaceAll(t, ",", "")
		}
	case commas == 1 && len(t)-lastComma-1 <= 2: // 12,50
		t = strings.Replace(t, ",", ".", 1)
	case commas > 0: // 1,234 or 1,234,567
		t = strings.ReplaceAll(t, ",", "")
	case dots > 1: // 1.234.567
		t = strings.ReplaceAll(t, ".", "")
	}
	if strings.Count(t, ".") > 1 {
		return 0, refusal(refuseTwoMarks)
	}
	whole, frac, _ := strings.Cut(t, ".")
	if len(frac) > 2 {
		return 0, refusal(refuseDecimals)
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > int64(maxMoney/100) {
		return 0, refusal(refuseTooLarge)
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt((frac + "0")[:2], 10, 64)
	}
	m := Money(w*100 + f)
	if neg && m != 0 {
		return 0, refusal(refuseNegative)
	}
	return m, nil
}

// plainMoney reads the common case, digits with at most one dot and two
// decimals ("19.90"), without ParseMoney's search for signs and marks.
func plainMoney(s string) (Money, bool) {
	var whole, frac int64
	decimals, dot := 0, false
	if s == "" || len(s) > 15 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' && !dot:
			dot = true
		case c < '0' || c > '9':
			return 0, false
		case dot:
			if decimals++; decimals > 2 {
				return 0, false
			}
			frac = frac*10 + int64(c-'0')
		default:
			whole = whole*10 + int64(c-'0')
		}
	}
	if s == "." {
		return 0, false
	}
	if decimals == 1 {
		frac *= 10
	}
	return Money(whole*100 + frac), true
}

// trimCode drops a three-letter currency code before or after the number
// ("USD 12.50", "12.50EUR").
func trimCode(t string) string {
	isCode := func(s string) bool {
		if len(s) != 3 {
			return false
		}
		for _, r := range s {
			if (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') {
				return false
			}
		}
		return true
	}
	letter := func(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }
	// The code must stand alone: "12 apples" does not end in a code.
	if len(t) > 3 && isCode(t[:3]) && !letter(t[3]) {
		return strings.TrimSpace(t[3:])
	}
	if n := len(t); n > 3 && isCode(t[n-3:]) && !letter(t[n-4]) {
		return strings.TrimSpace(t[:n-3])
	}
	return t
}

// UnmarshalTOML reads a config amount written as a number (300, 299.99)
// or a string ("1,000.00").
func (m *Money) UnmarshalTOML(v any) error {
	var (
		got Money
		err error
	)
	switch v := v.(type) {
	case int64:
		if v < 0 || v > int64(maxMoney/100) {
			return fmt.Errorf("%d is out of range 0–%d", v, maxMoney/100)
		}
		got = Money(v * 100)
	case float64:
		c := math.Round(v * 100)
		// Written as !(…) so that nan, which fails every comparison, fails.
		if !(v >= 0 && c <= float64(maxMoney) && math.Abs(c-v*100) <= 1e-6) {
			return fmt.Errorf("%v: want a non-negative amount with at most two decimals", v)
		}
		got = Money(c)
	case string:
		if got, err = ParseMoney(v); err != nil {
			return fmt.Errorf("%q: %w", v, err)
		}
	default:
		return fmt.Errorf("%v: want an amount such as 300 or 299.99", v)
	}
	*m = got
	return nil
}
