package templates

import (
	"strconv"
	"strings"

	"waybill/tracker"
)

// moneyMarks are the decimal mark and the thousands separator buyers of a
// language write amounts with, and whether the currency comes first:
// 1,234.50 in English, Chinese, Arabic, Hebrew, Japanese and Korean,
// 1.234,50 in most of continental Europe, Latin America, Turkey, Indonesia,
// Romania and Greece, 1 234,50 in French, Russian, Polish, Ukrainian, Czech,
// Swedish and Hungarian. Spanish follows Spain and most of Latin America (a
// decimal comma); Mexican buyers write a decimal point, which one language
// cannot tell apart; Arabic likewise follows the Gulf and Egypt, not the
// Maghreb's decimal comma. The space separator is a plain one: messages are
// made one line a field at a time, which turns a no-break space into a plain
// one anyway. Japanese and Korean put the currency before the amount
// ("USD 1,234.50"), as they do its symbol; every other language after it.
var moneyMarks = map[string]struct {
	decimal, group string
	codeFirst      bool
}{
	"en": {".", ",", false}, "zh": {".", ",", false}, "ar": {".", ",", false}, "he": {".", ",", false},
	"ja": {".", ",", true}, "ko": {".", ",", true},
	"es": {",", ".", false}, "pt": {",", ".", false}, "de": {",", ".", false}, "it": {",", ".", false},
	"nl": {",", ".", false}, "tr": {",", ".", false}, "id": {",", ".", false}, "ro": {",", ".", false},
	"el": {",", ".", false},
	"fr": {",", " ", false}, "ru": {",", " ", false}, "pl": {",", " ", false}, "uk": {",", " ", false},
	"cs": {",", " ", false}, "sv": {",", " ", false}, "hu": {",", " ", false},
}

// FormatMoney writes an amount the way buyers of lang read it, with its
// currency code: "1,234.50 EUR" in English, "1.234,50 EUR" in German,
// "1 234,50 EUR" in French, "EUR 1,234.50" in Japanese. A language without
// marks of its own writes it the English way; an empty currency leaves the
// code out.
func FormatMoney(m tracker.Money, currency, lang string) string {
	marks, ok := moneyMarks[NormalizeLanguage(lang)]
	if !ok {
		marks = moneyMarks[DefaultLanguage]
	}
	v := int64(m)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	whole, cents := v/100, v%100
	digits := strconv.FormatInt(whole, 10)
	code := strings.ToUpper(strings.TrimSpace(currency))
	var b strings.Builder
	b.WriteString(sign)
	if marks.codeFirst && code != "" {
		b.WriteString(code + " ")
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(marks.group)
		}
		b.WriteByte(digits[i])
	}
	b.WriteString(marks.decimal)
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	if !marks.codeFirst && code != "" {
		b.WriteString(" " + code)
	}
	return b.String()
}
