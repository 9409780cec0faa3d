package tracker

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"waybill/tracker/number"
)

// countriesText is the table of country names ParseCountry reads: one line
// per ISO 3166-1 alpha-2 code with its English, Chinese and own-language
// names and common aliases. It is a data file so a reviewer reads names,
// not Go.
//
//go:embed countries.txt
var countriesText string

// Country is one line of the names table.
type Country struct {
	Code    string   // ISO 3166-1 alpha-2
	English string   // short name, as tracker/number's ISO table
	Chinese []string // Simplified Chinese
	Own     []string // in the country's own language(s), where it differs
	Other   []string // aliases: long and old forms, French, Traditional Chinese …
}

// countries is the table and its index (countryKey(name) → code), built
// from countriesText on first use rather than at init, which every run of
// the program paid.
var countries = sync.OnceValues(func() ([]Country, map[string]string) {
	table, byKey, err := parseCountries(countriesText)
	if err != nil {
		// The file is embedded and tested: this is a bug in it.
		panic("tracker: countries.txt: " + err.Error())
	}
	return table, byKey
})

// parseCountries reads the table; a name that would match two codes, or a
// malformed line, is an error naming the line.
func parseCountries(text string) ([]Country, map[string]string, error) {
	var table []Country
	byKey := map[string]string{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, " | ")
		if len(f) != 5 {
			return nil, nil, fmt.Errorf("line %d: %d fields, want 5 (code | English | Chinese | own | other)", n+1, len(f))
		}
		c := Country{Code: f[0], English: f[1], Chinese: names(f[2]), Own: names(f[3]), Other: names(f[4])}
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code || c.English == "" || len(c.Chinese) == 0 {
			return nil, nil, fmt.Errorf("line %d: code %q: want an upper-case alpha-2 code, an English and a Chinese name", n+1, c.Code)
		}
		for _, name := range c.Names() {
			k := countryKey(name)
			if k == "" {
				return nil, nil, fmt.Errorf("line %d: name %q has no letters", n+1, name)
			}
			if other, ok := byKey[k]; ok && other != c.Code {
				return nil, nil, fmt.Errorf("line %d: name %q of %s already names %s", n+1, name, c.Code, other)
			}
			byKey[k] = c.Code
		}
		table = append(table, c)
	}
	return table, byKey, nil
}

// names splits a field of the table: "-" is none.
func names(field string) []string {
	field = strings.TrimSpace(field)
	if field == "-" || field == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(field, "; ") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Names lists every name of c: English, Chinese, own-language, other.
func (c Country) Names() []string {
	out := []string{c.English}
	out = append(out, c.Chinese...)
	out = append(out, c.Own...)
	return append(out, c.Other...)
}

// Countries lists the names table, one entry per ISO 3166-1 alpha-2 code, in
// code order.
func Countries() []Country {
	table, _ := countries()
	return append([]Country(nil), table...)
}

// ErrNotCountry is what ParseCountry says of text that names no country;
// callers wrap it with the field and the value.
var ErrNotCountry = Wrapf(refuseNotCountry)

// refuseNotCountry is ErrNotCountry's text, a format the catalog knows.
const refuseNotCountry = "not a country: want an ISO 3166 alpha-2 code such as DE, " +
	"or the country's name in English, Chinese or its own language (Germany, 德国, Deutschland)"

// ParseCountry reads a destination country as sellers and marketplaces
// write it: an ISO 3166-1 alpha-2 code in any case ("de"), or a name from
// the table in countries.txt ("Germany", "德国", "Deutschland", "Allemagne",
// "United States of America", "UK"). Names match ignoring case, accents,
// spaces and punctuation. It returns the upper-case code. Empty text and
// text that names no country are ErrNotCountry.
//
// Import, add, edit and the screen's add form all read countries here, so a
// name accepted by one is accepted by all.
func ParseCountry(s string) (string, error) {
	s = strings.TrimSpace(norm.NFKC.String(s)) // full-width ＤＥ is DE
	if len(s) == 2 && isASCIILetter(s[0]) && isASCIILetter(s[1]) {
		if up := strings.ToUpper(s); number.CountryName(up) != "" {
			return up, nil
		}
		// Not an assigned code; "UK" is in the table as a name.
	}
	_, byKey := countries()
	if code, ok := byKey[countryKey(s)]; ok {
		return code, nil
	}
	return "", ErrNotCountry
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// foldLetters are letters that are no accented form of a Latin letter in
// Unicode but that people replace by one when they type without them.
var foldLetters = strings.NewReplacer("ß", "ss", "ı", "i", "ø", "o", "æ", "ae", "œ", "oe", "ł", "l", "đ", "d",
	"ð", "d", "þ", "th", "ς", "σ")

// countryKey is what names are compared by: compatibility-decomposed (so
// full-width Ｄｅ is De), lower case, without combining marks (accents,
// Arabic hamza and vowel signs, Greek tonos) and invisible format
// characters, with spaces and punctuation dropped; "&" reads "and", "St"
// "Saint", and a leading "The" is dropped.
func countryKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r):
			// drop
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '&':
			b.WriteString(" and ")
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(foldLetters.Replace(b.String()))
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	for i, w := range words {
		switch w {
		case "st":
			words[i] = "saint"
		case "ste":
			words[i] = "sainte"
		}
	}
	return strings.Join(words, "")
}
