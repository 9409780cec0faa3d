package i18n

import (
	"fmt"
	"testing"
	"time"

	"waybill/tracker"
)

// Every form tracker stores text in, or refuses a typed value in, is in
// the catalog: the source test cannot see them, as they are asked for by
// value (the stored text's own format).
func TestCatalogHasTrackersStoredFormats(t *testing.T) {
	have := catalogKeys()
	for _, f := range tracker.StoredFormats() {
		if !have[f] {
			t.Errorf("the catalog lacks tracker's stored format %q", f)
		}
	}
	for _, s := range []tracker.Severity{tracker.SeverityLow, tracker.SeverityMedium, tracker.SeverityHigh, tracker.SeverityCritical} {
		if !have["severity:"+s.String()] {
			t.Errorf("the catalog lacks severity %q", s)
		}
	}
}

func TestPhraseIsStoredTextInThePrintersLanguage(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	detail := func(s string) tracker.Phrase {
		p, ok := tracker.DetailPhrase(s)
		if !ok {
			t.Fatalf("%q is no detail", s)
		}
		return p
	}
	subject, body := tracker.ExceptionAlert(
		tracker.Exception{Kind: tracker.ExNoTracking, Severity: tracker.SeverityMedium, Detail: "no tracking information 6 days after shipping"},
		tracker.Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", Destination: "DE"}, tracker.Order{OrderNo: "8123"})
	subj, _ := tracker.AlertSubjectPhrase(subject)
	lines := tracker.AlertBodyPhrases(body)
	_, dateErr := tracker.ParseDate("soonish", now)
	for _, tt := range []struct {
		name string
		lang Lang
		got  func(p *Printer) string
		want string
	}{
		{"a day count", Zh, func(p *Printer) string { return p.Phrase(detail("no update for 12 days: request an investigation")) },
			"12 天无更新：请申请物流调查"},
		{"English as stored", En, func(p *Printer) string { return p.Phrase(detail("no update for 12 days: request an investigation")) },
			"no update for 12 days: request an investigation"},
		{"a carrier's words stay", Zh, func(p *Printer) string { return p.Phrase(detail("carrier: Zoll: Rechnung fehlt")) },
			"承运商：Zoll: Rechnung fehlt"},
		{"a subject's kind", Zh, func(p *Printer) string { return p.Phrase(subj) }, "[waybill] 无轨迹：RR123456785CN（订单 8123）"},
		{"a body's kind and severity", Zh, func(p *Printer) string { return p.Phrase(lines[0]) }, "异常：无轨迹（中）"},
		{"a detail within a line", Zh, func(p *Printer) string { return p.Phrase(lines[1]) }, "详情：发货 6 天后仍无轨迹"},
		{"a next action within a line", Zh, func(p *Printer) string { return p.Phrase(lines[len(lines)-1]) }, "建议下一步：核对单号，询问承运商"},
		{"a refused date, the field kept", Zh, func(p *Printer) string { return p.Err(fmt.Errorf("--shipped: %w", dateErr)) },
			`--shipped: "soonish" 不是日期：请写 YYYY-MM-DD、today、tomorrow、+3d、+2w 或星期几（fri）`},
		{"a refused date in English", En, func(p *Printer) string { return p.Err(fmt.Errorf("--shipped: %w", dateErr)) },
			`--shipped: "soonish" is not a date: write ` + tracker.DateForms},
		{"a format the catalog lacks stays English whole", Zh, func(p *Printer) string {
			return p.Phrase(tracker.Phrase{Format: "newer %s text", Args: []any{tracker.ExLost}})
		}, "newer lost text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(New(tt.lang)); got != tt.want {
				t.Errorf("%q, want %q", got, tt.want)
			}
		})
	}
}
