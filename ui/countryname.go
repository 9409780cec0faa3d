package ui

import (
	"sync"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/ui/i18n"
)

// chineseCountryNames is each ISO code's Simplified Chinese name, the
// first of tracker's names table (tracker/countries.txt, which import
// also reads): one table of names, not a second copy typed here. Built
// once, on the first Chinese screen that shows a country.
var chineseCountryNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range tracker.Countries() {
		if len(c.Chinese) > 0 {
			m[c.Code] = c.Chinese[0]
		}
	}
	return m
})

// countryNameIn is a country's name by its ISO code in the session's
// language: "Germany", 德国; "" for a code nobody knows. English is the ISO
// table's short name, as the screen showed before the catalog.
func countryNameIn(code string, tr *i18n.Printer) string {
	en := number.CountryName(code)
	if tr.Lang() != i18n.Zh || en == "" {
		return en
	}
	if zh := chineseCountryNames()[code]; zh != "" {
		return zh
	}
	return en
}
