package tracker

import (
	"errors"
	"strings"
	"testing"

	"waybill/tracker/number"
)

func TestParseCountry(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// The issue: 德国 and Deutschland were refused.
		{"German in Chinese", "德国", "DE"},
		{"German in German", "Deutschland", "DE"},
		{"German in French", "Allemagne", "DE"},
		{"German in English", "Germany", "DE"},
		{"German code, lower case", "de", "DE"},
		{"padded code", "  DE ", "DE"},

		{"USA", "USA", "US"},
		{"United States of America", "United States of America", "US"},
		{"U.S.A. with dots", "U.S.A.", "US"},
		{"États-Unis", "États-Unis", "US"},
		{"美国", "美国", "US"},
		{"UK is no ISO code but a name", "UK", "GB"},
		{"uk lower case", "uk", "GB"},
		{"Great Britain", "Great Britain", "GB"},
		{"英国", "英国", "GB"},
		{"Royaume-Uni", "Royaume-Uni", "GB"},
		{"Россия", "Россия", "RU"},
		{"España", "España", "ES"},
		{"Espagne", "Espagne", "ES"},
		{"Italia", "Italia", "IT"},
		{"Nederland", "Nederland", "NL"},
		{"Polska", "Polska", "PL"},
		{"Türkiye", "Türkiye", "TR"},
		{"Turkey", "Turkey", "TR"},
		{"대한민국", "대한민국", "KR"},
		{"한국", "한국", "KR"},
		{"韩国", "韩国", "KR"},
		{"日本", "日本", "JP"},
		{"ישראל", "ישראל", "IL"},
		{"المملكة العربية السعودية", "المملكة العربية السعودية", "SA"},
		{"السعودية", "السعودية", "SA"},
		{"الإمارات without the hamza", "الامارات", "AE"},
		{"Україна", "Україна", "UA"},
		{"Česko", "Česko", "CZ"},
		{"Česká republika", "Česká republika", "CZ"},
		{"Sverige", "Sverige", "SE"},
		{"România", "România", "RO"},
		{"Magyarország", "Magyarország", "HU"},
		{"Ελλάδα", "Ελλάδα", "GR"},
		{"ΕΛΛΑΔΑ upper case", "ΕΛΛΑΔΑ", "GR"},
		{"Ελλάς final sigma", "ΕΛΛΆΣ", "GR"},

		// Tolerance: case, accents, spaces, punctuation.
		{"no accents", "Cesko", "CZ"},
		{"upper case, no accents", "MAGYARORSZAG", "HU"},
		{"extra spaces", "  united   kingdom ", "GB"},
		{"no spaces", "UnitedKingdom", "GB"},
		{"curly apostrophe", "Côte d’Ivoire", "CI"},
		{"no apostrophe, no accent", "Cote dIvoire", "CI"},
		{"ampersand and St", "St Kitts & Nevis", "KN"},
		{"St. with a dot", "St. Lucia", "LC"},
		{"leading The", "The Netherlands", "NL"},
		{"ISO list form", "Korea, Republic of", "KR"},
		{"ISO English name", "Bonaire, Sint Eustatius and Saba", "BQ"},
		{"full-width letters", "ＤＥ", "DE"},
		{"full-width parentheses", "刚果（金）", "CD"},
		{"ASCII parentheses", "刚果(布)", "CG"},
		{"dotless i", "KIBRIS", "CY"},
		{"ø typed as o", "Foroyar", "FO"},
		{"Traditional Chinese", "德國", "DE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCountry(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseCountry(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseCountryRefuses(t *testing.T) {
	for _, in := range []string{"", "  ", "XX", "ZZ", "Atlantis", "德", "Deutsch", "Germ", "123", "--", "D E U"} {
		t.Run(in, func(t *testing.T) {
			if got, err := ParseCountry(in); !errors.Is(err, ErrNotCountry) {
				t.Errorf("ParseCountry(%q) = %q, %v; want ErrNotCountry", in, got, err)
			}
		})
	}
}

// The table covers every assigned ISO 3166-1 alpha-2 code once, with the
// ISO table's English name and a Chinese name, and every name of it reads
// back as its own code.
func TestCountryTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Countries() {
		if seen[c.Code] {
			t.Errorf("%s listed twice", c.Code)
		}
		seen[c.Code] = true
		if want := number.CountryName(c.Code); c.English != want {
			t.Errorf("%s: English %q, the ISO table says %q", c.Code, c.English, want)
		}
		if len(c.Chinese) == 0 {
			t.Errorf("%s: no Chinese name", c.Code)
		}
		for _, n := range c.Names() {
			if got, err := ParseCountry(n); err != nil || got != c.Code {
				t.Errorf("%s: name %q reads as %q, %v", c.Code, n, got, err)
			}
			if strings.ContainsAny(n, "|;") {
				t.Errorf("%s: name %q holds a field separator", c.Code, n)
			}
		}
		if got, err := ParseCountry(strings.ToLower(c.Code)); err != nil || got != c.Code {
			t.Errorf("code %q reads as %q, %v", c.Code, got, err)
		}
	}
	// Every assigned code, and only those.
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			if assigned := number.CountryName(code) != ""; assigned != seen[code] {
				t.Errorf("%s: assigned %v, in the table %v", code, assigned, seen[code])
			}
		}
	}
}

// A name that would read as two countries is refused when the table is
// read, naming the line.
func TestCountryTableRefusesAmbiguousNames(t *testing.T) {
	tests := []struct{ text, want string }{
		{"DE | Germany | 德国 | Deutschland | -\nAT | Austria | 奥地利 | DEUTSCHLAND | -\n", "line 2: name \"DEUTSCHLAND\" of AT already names DE"},
		{"DE | Germany | 德国\n", "line 1: 3 fields"},
		{"de | Germany | 德国 | - | -\n", "line 1: code \"de\""},
		{"DE | Germany | - | - | -\n", "line 1: code \"DE\""},
		{"DE | Germany | 德国 | -- | -\n", "line 1: name \"--\" has no letters"},
	}
	for _, tt := range tests {
		if _, _, err := parseCountries(tt.text); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseCountries(%q): %v, want %q", tt.text, err, tt.want)
		}
	}
}
