package i18n

import (
	"testing"

	"waybill/tracker"
)

// A pre-shipment warning reads in the printer's language from what
// Precheck stored: the kind and the sentence in Chinese, the product's
// words and the amounts as written; English is tracker's own text.
func TestChecksInThePrintersLanguage(t *testing.T) {
	no := false
	cfg := tracker.DefaultPrechecks()
	order := tracker.Order{Product: "Lithium battery", DeclaredValue: 450_00, Currency: "USD", Insured: &no}
	want := map[tracker.CheckKind]string{
		tracker.CheckSensitive:       `敏感货物：商品含 "battery", "lithium"：请确认承运商接收此类货物`,
		tracker.CheckNoHSCode:        "缺少HS编码：报关缺少HS编码",
		tracker.CheckUninsured:       "高货值未投保：货值 450.00 USD 超过 300.00，包裹未投保",
		tracker.CheckNoDeclaredValue: "缺少申报价值：报关缺少申报价值",
	}
	checks := tracker.Precheck(order, cfg)
	checks = append(checks, tracker.Precheck(tracker.Order{Product: "Socks", HSCode: "6115"}, cfg)...)
	if len(checks) != len(want) {
		t.Fatalf("Precheck gave %d warnings, want %d: %+v", len(checks), len(want), checks)
	}
	zh, en := New(Zh), New(En)
	for _, c := range checks {
		if got := zh.Check(c); got != want[c.Kind] {
			t.Errorf("zh %s: %q, want %q", c.Kind, got, want[c.Kind])
		}
		if got := en.Check(c); got != c.String() {
			t.Errorf("en %s: %q, want tracker's %q", c.Kind, got, c.String())
		}
	}
	// An older store's detail reads as stored; the kind is still a word.
	old := tracker.Check{Kind: tracker.CheckNoHSCode, Detail: "no HS code"}
	if got := zh.Check(old); got != "缺少HS编码：no HS code" {
		t.Errorf("older detail: %q", got)
	}
}
