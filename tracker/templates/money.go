package templates

import (
	"strconv"
	"strings"

	"waybill/tracker"
)

// moneyMarks are the decimal mark and the thousands separator buyers of a
// language write amounts with: 1,234.50 in English and Chinese, 1.234,50 in
// most of continental Europe, Latin America, Turkey and Indonesia, 1 234,50
// in French, Russian and Polish. Spanish follows Spain and most of Latin
// America (a decimal comma); Mexican buyers write a decimal point, which one
// language cannot tell apart. The French, Russian and Polish separator is a
// plain space: messages are made one line a field at a time, which turns a
// no-break space into a plain one anyway.
var moneyMarks = map[string]struct{ decimal, group string }{
	"en": {".", ","}, "zh": {".", ","},
	"es": {",", "."}, "pt": {",", "."}, "de": {",", "."}, "it": {",", "."},
	"nl": {",", "."}, "tr": {",", "."}, "id": {",", "."},
	"fr": {",", " "}, "ru": {",", " "}, "pl": {",", " "},
}

// FormatMoney writes an amount the way buyers of lang read it, followed by
// its currency code: "1,234.50 EUR" in English, "1.234,50 EUR" in German,
// "1 234,50 EUR" in French. A language without marks of its own writes it
// the English way; an empty currency leaves the code out.
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
	var b strings.Builder
	b.WriteString(sign)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(marks.group)
		}
		b.WriteByte(digits[i])
	}
	b.WriteString(marks.decimal)
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	if c := strings.ToUpper(strings.TrimSpace(currency)); c != "" {
		b.WriteString(" " + c)
	}
	return b.String()
}
