package i18n

import (
	"fmt"
	"testing"

	"waybill/tracker"
)

// Every reason the refresher writes for a paused or stopped service reads
// in Chinese, the carrier's error's frame and kind too (zhrest5), its own
// words and the counts as they are, and a marketplace's sync paused by
// its error; a reason
// in no known form (a marketplace's error) and English read as written.
func TestHealthReasonsInChinese(t *testing.T) {
	const carrier = "17track: auth (HTTP 401): bad key"
	const zhCarrier = "17track：密钥或权限被拒（HTTP 401）：bad key"
	for _, tt := range []struct{ reason, want string }{
		{fmt.Sprintf(tracker.ReasonKeyRejected, carrier), "密钥被拒绝：" + zhCarrier},
		{fmt.Sprintf(tracker.ReasonRedirected, carrier), "被重定向到其他主机，未发送密钥：" + zhCarrier},
		{fmt.Sprintf(tracker.ReasonNoTLS, carrier), "无法建立可信的 TLS 连接：" + zhCarrier},
		{fmt.Sprintf(tracker.ReasonBreaker, 5, carrier), "连续 5 次调用失败，已暂停调用：" + zhCarrier},
		{tracker.ReasonQuota, "额度已用完"},
		{tracker.ReasonRateLimited, "调用过于频繁，已限流"},
		{tracker.ReasonQuotaDailyGMT, "今日额度已用完，GMT 00:00 重置"},
		{fmt.Sprintf(tracker.ReasonQuotaPlan, "2026-12-08 00:00 UTC"), "套餐请求额度已用完，2026-12-08 00:00 UTC 重置"},
		{"aliexpress: HTTP 502", "aliexpress: HTTP 502"},
		{`shopify orders since 2026-12-01T00:00:00Z page "": shopify: server (HTTP 502)`, `shopify 订单（自 2026-12-01T00:00:00Z 起，页 ""）：shopify：服务端出错（HTTP 502）`},
	} {
		if got := New(Zh).HealthReason(tt.reason); got != tt.want {
			t.Errorf("%q: Chinese %q, want %q", tt.reason, got, tt.want)
		}
		if got := New(En).HealthReason(tt.reason); got != tt.reason {
			t.Errorf("%q: English %q", tt.reason, got)
		}
	}
}
