package tracker

import (
	"slices"
	"strings"
)

// countryLanguage maps ISO 3166-1 alpha-2 codes to a language the built-in
// buyer messages are written in (tracker/templates); every other country
// gets English. Choices worth knowing:
//   - BE → fr and CH → de: both countries are multilingual; French is used
//     across Belgium in commerce, German is Switzerland's majority language.
//     The user can switch a case's language.
//   - UA → uk, never ru: addressing Ukrainian buyers in Russian is widely
//     resented.
//   - BY, KZ, KG, TJ → ru: Russian is an official or common language there.
//   - CN, TW, HK, MO → zh: the built-in texts are in Simplified Chinese,
//     readable but not native in TW/HK/MO; an override set can fix that.
//   - SG → en: English is the language of commerce in Singapore.
//   - The Arab League's Arabic-speaking members → ar, the Maghreb (MA, DZ,
//     TN, MR) included: Arabic is their buyers' first language, though
//     French is common in commerce there; the case's language can be
//     switched. DJ, KM and TD, where French is as official and more used in
//     trade, stay fr; SO (Somali first) stays en.
//   - IL → he (Arabic-speaking buyers there can be switched by hand).
//   - CY → el: Greek is the language of most of the island's buyers.
//   - MD → ro: Romanian is Moldova's official and majority language.
//   - AX → sv: Åland is Swedish-speaking; FI stays en (Finnish has no texts).
//   - BR and PT → pt: the texts are written in Brazilian Portuguese, which
//     Portuguese buyers read without trouble.
var countryLanguage = map[string]string{}

func init() {
	for lang, countries := range map[string]string{
		"es": "ES MX AR CO CL PE VE EC GT CU BO DO HN PY SV NI CR PA UY PR GQ",
		"pt": "BR PT AO MZ CV GW ST TL",
		"fr": "FR BE LU MC SN CI CM ML BF NE TG BJ GA CG CD GN MG HT TD CF DJ KM BI " +
			"RE GP MQ GF YT NC PF PM WF BL MF",
		"ru": "RU BY KZ KG TJ",
		"de": "DE AT CH LI",
		"it": "IT SM VA",
		"nl": "NL SR AW CW SX BQ",
		"pl": "PL",
		"tr": "TR",
		"id": "ID",
		"zh": "CN TW HK MO",
		"ar": "SA AE EG KW QA BH OM JO IQ LB SY PS YE LY SD MA DZ TN MR EH",
		"he": "IL",
		"ja": "JP",
		"ko": "KR KP",
		"uk": "UA",
		"cs": "CZ",
		"sv": "SE AX",
		"ro": "RO MD",
		"hu": "HU",
		"el": "GR CY",
	} {
		for _, c := range strings.Fields(countries) {
			if other, ok := countryLanguage[c]; ok {
				panic("tracker: country " + c + " given two buyer languages: " + other + " and " + lang)
			}
			countryLanguage[c] = lang
		}
	}
}

// BuyerLanguage picks the language of messages to a buyer in country (ISO 3166-1
// alpha-2, any case); unknown or empty countries get English. See
// countryLanguage for the contentious choices (BE → fr, CH → de, MA → ar).
func BuyerLanguage(country string) string {
	c := strings.ToUpper(strings.TrimSpace(country))
	if c == "UK" { // common but not ISO
		c = "GB"
	}
	if l, ok := countryLanguage[c]; ok {
		return l
	}
	return "en"
}

// BuyerLanguages lists every language BuyerLanguage can pick, sorted:
// the buyer messages must be written in each.
func BuyerLanguages() []string {
	seen := map[string]bool{"en": true}
	for _, l := range countryLanguage {
		seen[l] = true
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}
