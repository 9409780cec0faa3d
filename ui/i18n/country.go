package i18n

import (
	"sync"

	"waybill/tracker"
	"waybill/tracker/number"
)

// chineseCountryNames is each ISO code's Simplified Chinese name, the
// first of tracker's names table (tracker/countries.txt, which import
// also reads): one table of names, not a second copy typed here. Built
// once, on the first Chinese text that names a country.
var chineseCountryNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range tracker.Countries() {
		if len(c.Chinese) > 0 {
			m[c.Code] = c.Chinese[0]
		}
	}
	return m
})

// Country is a country's name by its ISO code in the printer's language:
// "Germany", 德国; "" for a code nobody knows. English is the ISO table's
// short name (tracker/number), as the screen and the detector's notes
// say it.
func (p *Printer) Country(code string) string {
	en := number.CountryName(code)
	if p.Lang() != Zh || en == "" {
		return en
	}
	if zh := chineseCountryNames()[code]; zh != "" {
		return zh
	}
	return en
}
