package tracker

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// CheckKind names a pre-shipment warning: something about an order that
// customs or the carrier may stop the parcel for. Checks warn; they never
// block an add or an import.
type CheckKind string

const (
	CheckSensitive       CheckKind = "sensitive_goods"
	CheckNoHSCode        CheckKind = "missing_hs_code"
	CheckNoDeclaredValue CheckKind = "missing_declared_value"
	CheckUninsured       CheckKind = "high_value_uninsured"
)

// CheckKinds lists every kind in the order reports print them.
var CheckKinds = []CheckKind{CheckSensitive, CheckNoHSCode, CheckNoDeclaredValue, CheckUninsured}

// Check is one pre-shipment warning on an order.
type Check struct {
	Kind   CheckKind `json:"kind"`
	Detail string    `json:"detail"`
}

func (c Check) String() string { return string(c.Kind) + ": " + c.Detail }

// The details Precheck writes. The store keeps them in English, as the
// other stored text (storedtext.go), and a screen reads them back into
// Phrases (CheckDetailPhrase) to say them in its reader's language.
const (
	// The product's words that matched, each quoted, stay as they are.
	CheckDetailSensitive  = "product mentions %s: check the carrier accepts it"
	CheckDetailNoHSCode   = "no HS code for the customs declaration"
	CheckDetailNoDeclared = "no declared value for customs"
	// The order's value (with its currency) and the limit it is over.
	CheckDetailUninsured = "value %s is over %s and the parcel is not insured"
)

// checkReader reads the details Precheck writes back into Phrases.
var checkReader = sync.OnceValue(func() *phraseReader {
	return newPhraseReader(form(CheckDetailSensitive), form(CheckDetailNoHSCode),
		form(CheckDetailNoDeclared), form(CheckDetailUninsured))
})

// CheckDetailPhrase is a pre-shipment warning's stored detail as the
// Phrase Precheck wrote it from; ok false for one in no known form (an
// older store's).
func CheckDetailPhrase(detail string) (Phrase, bool) { return checkReader().read(detail) }

// DefaultSensitiveKeywords are words in a product name that carriers
// restrict: batteries, liquids, powders, magnets, blades, pressurised and
// flammable goods. English words match whole words (and their plural with
// -s or -es), so "magnetic-free" is not a magnet; Chinese has no spaces, so
// Chinese words match anywhere. "粉" alone is left out: it is also pink
// (粉色), and a pink dress is not a powder.
var DefaultSensitiveKeywords = []string{
	"battery", "batteries", "lithium", "li-ion", "power bank", "powerbank",
	"liquid", "perfume", "fragrance", "cologne", "nail polish", "aerosol", "spray",
	"powder", "magnet", "blade", "knife", "knives", "lighter", "e-cigarette", "vape",
	"电池", "锂", "充电宝", "移动电源", "液体", "香水", "指甲油", "喷雾", "粉末", "奶粉",
	"蛋白粉", "磁铁", "磁", "刀", "打火机", "电子烟",
}

// PrecheckConfig is the [prechecks] section of the config.
type PrecheckConfig struct {
	// SensitiveKeywords replaces DefaultSensitiveKeywords when set; an
	// empty list turns the sensitive-goods check off.
	SensitiveKeywords []string `toml:"sensitive_keywords"`
	// HighValue is the amount above which an uninsured order warns, in
	// the order's currency unless HighValueByCurrency names that currency;
	// zero turns the check off.
	HighValue           Money            `toml:"high_value"`
	HighValueByCurrency map[string]Money `toml:"high_value_by_currency"`
	RequireHSCode       bool             `toml:"require_hs_code"`
	RequireDeclared     bool             `toml:"require_declared_value"`
}

// DefaultPrechecks is the [prechecks] section of an empty config.
func DefaultPrechecks() PrecheckConfig {
	return PrecheckConfig{
		SensitiveKeywords: append([]string(nil), DefaultSensitiveKeywords...),
		HighValue:         300_00,
		RequireHSCode:     true,
		RequireDeclared:   true,
	}
}

func (p PrecheckConfig) validate(ps *problems) {
	for i, k := range p.SensitiveKeywords {
		k = strings.TrimSpace(k)
		if k == "" || utf8.RuneCountInString(k) > 40 {
			ps.add("prechecks.sensitive_keywords", p.SensitiveKeywords, "entry %d (%q): want a word or phrase of 1–40 characters", i+1, p.SensitiveKeywords[i])
			break
		}
	}
	for _, cur := range slices.Sorted(maps.Keys(p.HighValueByCurrency)) {
		if len(cur) != 3 || strings.ToUpper(cur) != cur || strings.IndexFunc(cur, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
			ps.add(ConfigKey("prechecks", "high_value_by_currency", cur), p.HighValueByCurrency[cur], "%q: want an ISO 4217 code in capitals, such as USD", cur)
		}
	}
}

// Precheck returns the pre-shipment warnings of an order, in CheckKinds
// order. It reads only the order and the config, so the same order always
// gets the same checks, wherever it comes from.
func Precheck(o Order, cfg PrecheckConfig) []Check {
	return NewPrechecker(cfg).Check(o)
}

// Prechecker is Precheck with the config's keywords folded once, for
// judging many orders (an import of 100,000) by one config.
type Prechecker struct {
	cfg      PrecheckConfig
	keywords []string // trimmed, lower case, empty ones dropped
}

// NewPrechecker prepares cfg for Check.
func NewPrechecker(cfg PrecheckConfig) *Prechecker {
	p := &Prechecker{cfg: cfg}
	for _, k := range cfg.SensitiveKeywords {
		if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
			p.keywords = append(p.keywords, k)
		}
	}
	return p
}

// Check is Precheck(o, the config p was made from).
func (p *Prechecker) Check(o Order) []Check {
	cfg := p.cfg
	var out []Check
	if hits := sensitiveWords(o.Product, p.keywords); len(hits) > 0 {
		q := make([]string, len(hits))
		for i, h := range hits {
			q[i] = strconv.Quote(h)
		}
		out = append(out, Check{CheckSensitive, fmt.Sprintf(CheckDetailSensitive, strings.Join(q, ", "))})
	}
	if cfg.RequireHSCode && strings.TrimSpace(o.HSCode) == "" {
		out = append(out, Check{CheckNoHSCode, CheckDetailNoHSCode})
	}
	if cfg.RequireDeclared && o.DeclaredValue == 0 {
		out = append(out, Check{CheckNoDeclaredValue, CheckDetailNoDeclared})
	}
	limit := cfg.HighValue
	if l, ok := cfg.HighValueByCurrency[o.Currency]; ok {
		limit = l
	}
	if v := max(o.Amount, o.DeclaredValue); limit > 0 && v > limit && (o.Insured == nil || !*o.Insured) {
		cur := ""
		if o.Currency != "" {
			cur = " " + o.Currency
		}
		out = append(out, Check{CheckUninsured, fmt.Sprintf(CheckDetailUninsured, v.String()+cur, limit)})
	}
	return out
}

// sensitiveWords returns the folded keywords product mentions, in list
// order.
func sensitiveWords(product string, keywords []string) []string {
	if strings.TrimSpace(product) == "" {
		return nil
	}
	p := strings.ToLower(product)
	var hits []string
	for _, k := range keywords {
		if mentions(p, k) {
			hits = append(hits, k)
		}
	}
	return hits
}

// mentions reports whether the lower-cased text holds the keyword: as a
// whole word (or its plural in -s or -es) when the keyword is ASCII, as a
// substring otherwise. Only ASCII letters and digits join words, so
// "锂电池battery" still mentions "battery".
func mentions(text, kw string) bool {
	ascii := true
	for i := 0; i < len(kw); i++ {
		if kw[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		return strings.Contains(text, kw)
	}
	for from := 0; ; {
		i := strings.Index(text[from:], kw)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(kw)
		if i == 0 || !wordByte(text[i-1]) {
			rest := text[end:]
			for _, suffix := range []string{"", "s", "es"} {
				if strings.HasPrefix(rest, suffix) && (len(rest) == len(suffix) || !wordByte(rest[len(suffix)])) {
					return true
				}
			}
		}
		from = i + 1
	}
}

func wordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
