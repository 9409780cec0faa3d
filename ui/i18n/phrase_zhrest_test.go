package i18n

import (
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// A deadline alert's time left and lead time, and a digest's subject,
// read back from the stored English and say their parts in the printer's
// language; English is the stored text byte for byte.
func TestStoredAlertTimesAndDigestInThePrintersLanguage(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	row := tracker.DeadlineRow{Deadline: tracker.Deadline{Kind: tracker.DeadlineDisputeReply, DueAt: now.Add(50 * time.Hour), Source: "aliexpress"}, OrderNo: "8123"}
	dlSubject, dlBody := tracker.DeadlineAlert(row, 72*time.Hour, now)
	digest, digestBody := tracker.DigestText([]tracker.Alert{
		{Kind: "stale", Subject: "[waybill] stale: RR1CN (order 1)", Body: "Detail: no update for 9 days: request an investigation\n"},
		{Kind: tracker.AlertWatch, Subject: "[waybill] watch: RR2CN in_transit (order 2)", Body: "Status: in_transit\n"},
		{Kind: "stale", Subject: "[waybill] stale: RR3CN (order 3)"},
	})
	for _, tt := range []struct {
		name          string
		lang          Lang
		subject, body string
		wantSubject   string
		wantLine      string // a line the body must hold
	}{
		{"a deadline's time left", Zh, dlSubject, dlBody, "[waybill] 纠纷回复 剩 2天2小时 到期（订单 8123）", "剩余时间：2天2小时"},
		{"a deadline's lead time", Zh, dlSubject, dlBody, "[waybill] 纠纷回复 剩 2天2小时 到期（订单 8123）", "截止：纠纷回复（提前 3天 提醒）"},
		{"a deadline in English as stored", En, dlSubject, dlBody, dlSubject, "Time left: 2d 2h"},
		{"a digest's kinds", Zh, digest, digestBody, "[waybill] 3 条提醒：停滞 2 条、关注订单 1 条", "[waybill] 关注：RR2CN 运输中（订单 2）"},
		{"a digest's alerts' lines", Zh, digest, digestBody, "[waybill] 3 条提醒：停滞 2 条、关注订单 1 条", "详情：9 天无更新：请申请物流调查"},
		{"a digest in English as stored", En, digest, digestBody, "[waybill] 3 alerts: 2 stale, 1 watch", "Status: in_transit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			subject, body := New(tt.lang).StoredAlert(tt.subject, tt.body)
			if subject != tt.wantSubject {
				t.Errorf("subject %q, want %q", subject, tt.wantSubject)
			}
			if !containsLine(body, tt.wantLine) {
				t.Errorf("body lacks the line %q:\n%s", tt.wantLine, body)
			}
			if tt.lang == En && (subject != tt.subject || body != tt.body) {
				t.Errorf("English changed the stored text:\n%s\n%s", subject, body)
			}
		})
	}
}

func containsLine(text, line string) bool {
	return slices.Contains(strings.Split(text, "\n"), line)
}
