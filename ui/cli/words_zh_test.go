package cli

import (
	"strings"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// extend's summary and a deadline's time left: English is tracker's text
// byte for byte; Chinese frames the same values.
func TestWordsInChinese(t *testing.T) {
	end := time.Date(2026, 12, 20, 8, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	en, zh := i18n.New(i18n.En), i18n.New(i18n.Zh)
	for _, tt := range []struct {
		name   string
		words  func(*i18n.Printer) string
		want   string // the English
		wantZh string
	}{
		{"extended", func(p *i18n.Printer) string {
			return extendWords(p, tracker.ExtendResult{OrderNo: "8001", Days: 5, Extended: true, ProtectionEnd: &end, Derived: true})
		}, tracker.ExtendSummary(tracker.ExtendResult{OrderNo: "8001", Days: 5, Extended: true, ProtectionEnd: &end, Derived: true}),
			"订单 8001：买家保护期已延长 5 天；现于 2026-12-20 08:00 UTC 结束（推算）"},
		{"refused", func(p *i18n.Printer) string {
			return extendWords(p, tracker.ExtendResult{OrderNo: "8001", Reason: "open dispute", MarketMessage: "no"})
		}, "order 8001: not extended: open dispute [no]", "订单 8001：未延长：open dispute [no]"},
		{"time left", func(p *i18n.Printer) string { return p.TimeLeft(now.Add(50*time.Hour), now) }, "2d 2h", "2天2小时"},
		{"overdue", func(p *i18n.Printer) string { return p.TimeLeft(now.Add(-90*time.Minute), now) }, "overdue 1h 30m", "已超时 1小时30分钟"},
	} {
		if got := tt.words(en); got != tt.want {
			t.Errorf("%s in English: %q, want %q", tt.name, got, tt.want)
		}
		if got := tt.words(zh); got != tt.wantZh || strings.Contains(got, "%!") {
			t.Errorf("%s in Chinese: %q, want %q", tt.name, got, tt.wantZh)
		}
	}
}
