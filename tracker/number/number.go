// Package number recognizes parcel tracking numbers: it normalizes what a person pasted,
// names the format and the likely carriers, verifies the check digit where the format has
// one, and proposes corrections for a mistyped number. It is pure computation: no I/O, no
// package-level mutable state, safe for concurrent use, and fast enough to run on every
// keystroke (see BenchmarkDetect).
//
// Formats (Result.Format) and their check digits:
//
//	upu-s10              2 letters + 8 digits + check + ISO 3166 country; mod 11, weights 8,6,4,2,3,5,9,7
//	ups-1z               1Z + 6 shipper + 2 service + 7 digits + check; mod 10, letters (ASCII−3) mod 10, every 2nd doubled
//	ups-waybill          A/H/J/K/T/V + 9 digits + check; as ups-1z
//	fedex-12             11 digits + check; weights 3,1,7, sum mod 11 mod 10
//	fedex-34             34-digit barcode, 13-digit serial + check; weights 1,7,3, mod 11 mod 10
//	fedex-ground-gsn-34  96 + ..., same check as fedex-34
//	fedex-astra-32       3 + ..., FedEx 12-digit number inside; as fedex-12
//	fedex-ground-15      14 digits + check; GS1 mod 10
//	fedex-sscc-18        17 digits + check; GS1 mod 10
//	fedex-ground-96      96 + 5 + 14 digits + check; GS1 mod 10 on the last 14
//	usps-impb            9[2-5] + 19 or 23 digits + check (optionally after 420 + ZIP/ZIP+4); GS1 mod 10
//	usps-91              91 + 19 digits + check; GS1 mod 10
//	usps-20              19 digits + check; GS1 mod 10, with or without the implied 91 prefix
//	dhl-express          9 or 10 digits + check; the number mod 7
//	dhl-piece-id         JJD…, JVGL…, J + 2–3 letters + digits; no check digit
//	dhl-ecommerce        GM (also LX RX UV SG TH IN HK MY) + alphanumerics; no check digit
//	dhl-ecommerce-14     14 digits; no check digit (weak)
//	aramex               10–11 digits; no check digit (weak, only ever a second candidate)
//	cainiao-lp           LP + 12–14 digits; no check digit
//	cainiao-cn           CN + 0–4 letters + 8–16 digits; no check digit
//	yunexpress           YT + 16 digits; no check digit
//	4px                  4PX + 10–16 digits (+ CN); no check digit
//	yanwen               2 letters + 9 digits + YP; no check digit verified
//	sf-express           SF + 12–13 digits; no check digit
//	jt-express           JT + 13 digits; no check digit
//	sunyou               SY + 1–4 letters + 8–14 digits; no check digit
//
// Check-digit algorithms are the published ones (UPU S10; UPS, FedEx and USPS as collected
// in github.com/jkeen/tracking_number_data; GS1). The China cross-border carriers
// (Cainiao, YunExpress, 4PX, Yanwen, SF, J&T, SunYou) publish no number specification:
// their formats are recognized by prefix and length only and get lower confidence.
package number

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Checksum is the outcome of the check-digit test.
type Checksum string

const (
	ChecksumOK   Checksum = "ok"   // the format has a check digit and it matches
	ChecksumBad  Checksum = "bad"  // the format has a check digit and it does not match
	ChecksumNone Checksum = "none" // no check digit to test (or no format recognized)
)

// Candidate is one carrier that may have issued the number.
type Candidate struct {
	Carrier    string  `json:"carrier"`
	Confidence float64 `json:"confidence"` // 0..1; a heuristic ranking, not a probability
}

// Result is what Detect found. Candidates and Suggestions are never nil, so they encode
// as [] in JSON.
type Result struct {
	Input       string      `json:"input"`
	Number      string      `json:"number"` // Normalize(Input)
	Valid       bool        `json:"valid"`  // a format is recognized and its check digit (if any) matches
	Carrier     string      `json:"carrier"`
	Candidates  []Candidate `json:"candidates"` // best first
	Checksum    Checksum    `json:"checksum"`
	Tracked     bool        `json:"tracked"` // false for untracked services (UPU S10 "U…")
	Suggestions []string    `json:"suggestions"`
	Note        string      `json:"note"`   // one sentence or two for a person
	Format      string      `json:"format"` // "upu-s10", "ups-1z", "usps-impb", ... or ""
}

// Reason says in a sentence or two why a number failed, for error messages
// and import reports; "" for a valid number.
func (r Result) Reason() string {
	if r.Valid {
		return ""
	}
	msg := strings.TrimSpace(r.Note)
	if msg == "" {
		msg = ReasonUnknown
	}
	if r.Checksum == ChecksumBad {
		msg = ReasonBadCheck + msg
	}
	return msg
}

// Explain is Reason with the suggestions: what a person reads when a number
// is refused.
func (r Result) Explain() string {
	msg := r.Reason()
	if len(r.Suggestions) > 0 {
		msg = strings.TrimSuffix(msg, ".") + "; did you mean " + strings.Join(r.Suggestions, " or ") + "?"
	}
	return msg
}

// Normalize turns what a person typed or pasted into the canonical form that Detect
// checks:
//
//   - ASCII letters are upper-cased;
//   - full-width forms (U+FF01–U+FF5E, typed by Chinese and Japanese input methods) become
//     their ASCII counterparts;
//   - Cyrillic and Greek letters drawn like Latin ones (capitals А В Е К М Н О Р С Т У Х,
//     small а е к м о р с у х, Greek capitals Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ) become those
//     Latin capitals, since numbers retyped on a Russian or Greek layout contain them;
//   - dropped: all white space (space, tab, newlines, NBSP, U+3000 and the other Unicode
//     spaces), control characters, zero-width characters (U+200B–U+200D, U+2060, U+FEFF)
//     and the soft hyphen U+00AD, dashes (- ‐ ‑ ‒ – — ― − ﹘ ﹣) and dots (. · 。);
//   - invalid UTF-8 bytes become U+FFFD.
//
// Everything else is kept as it is, so a string with other punctuation stays visibly
// unrecognizable. Normalize is idempotent. It does not allocate when s is already
// normalized.
func Normalize(s string) string {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c <= ' ' || c == 0x7f || c == '-' || c == '.' || ('a' <= c && c <= 'z') {
			break
		}
	}
	if i == len(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	sb.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if a := asciiNorm(c); a != 0 {
				sb.WriteByte(a)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(utf8.RuneError)
			i++
			continue
		}
		raw := s[i : i+size]
		i += size
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			if a := asciiNorm(byte(r - 0xFEE0)); a != 0 {
				sb.WriteByte(a)
			}
		case dropRune(r):
		default:
			if a := homoglyph(r); a != 0 {
				sb.WriteByte(a)
			} else {
				sb.WriteString(raw)
			}
		}
	}
	return sb.String()
}

// asciiNorm maps one ASCII byte to its normalized form, or 0 to drop it.
func asciiNorm(c byte) byte {
	switch {
	case c <= ' ' || c == 0x7f || c == '-' || c == '.':
		return 0
	case 'a' <= c && c <= 'z':
		return c - ('a' - 'A')
	}
	return c
}

func dropRune(r rune) bool {
	switch r {
	case 0x00AD, 0x00B7, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, // soft hyphen, middle dot, zero-width
		0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, // dashes
		0x3002: // ideographic full stop
		return true
	}
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// homoglyph maps Cyrillic and Greek letters that are drawn like Latin capitals (and so
// end up in numbers typed on a Russian or Greek keyboard layout) to those capitals.
func homoglyph(r rune) byte {
	switch r {
	case 'А', 'а', 'Α':
		return 'A'
	case 'В', 'Β':
		return 'B'
	case 'Е', 'е', 'Ε':
		return 'E'
	case 'К', 'к', 'Κ':
		return 'K'
	case 'М', 'м', 'Μ':
		return 'M'
	case 'Н', 'Η':
		return 'H'
	case 'О', 'о', 'Ο':
		return 'O'
	case 'Р', 'р', 'Ρ':
		return 'P'
	case 'С', 'с':
		return 'C'
	case 'Т', 'Τ':
		return 'T'
	case 'У', 'у', 'Υ':
		return 'Y'
	case 'Х', 'х', 'Χ':
		return 'X'
	case 'Ζ':
		return 'Z'
	case 'Ι':
		return 'I'
	case 'Ν':
		return 'N'
	}
	return 0
}

// Detect recognizes the tracking number in s (see Normalize for what is ignored).
func Detect(s string) Result {
	n := Normalize(s)
	var d detector
	d.run(n)
	return d.result(s, n, true)
}

// DetectWithoutSuggestions is Detect without the search for the numbers a
// mistyped one may have meant: Suggestions stays empty, and the rest is
// Detect's but for the Note of a number one look-alike letter from a valid
// one. It costs the same as Detect for a valid number, and far
// less for a mistyped one: a file of many bad numbers checks them all with
// it, and asks Detect only for the few it shows in full.
func DetectWithoutSuggestions(s string) Result {
	n := Normalize(s)
	var d detector
	d.run(n)
	return d.result(s, n, false)
}

// OrderKey is an order number as orders are matched: case, white space
// and dashes do not matter ("ae-1001 " is AE1001). Order numbers are the
// marketplace's, not a carrier's, so nothing else is changed: a dot or a
// slash may be part of one.
func OrderKey(s string) string {
	return orderNoise.Replace(strings.ToUpper(strings.TrimSpace(s)))
}

var orderNoise = strings.NewReplacer(" ", "", "-", "", "\t", "")
