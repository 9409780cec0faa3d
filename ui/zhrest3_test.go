package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// A stopped or paused service's reason on the status bar in Chinese: the
// refresher's words in Chinese, the carrier's error's frame and kind too
// (zhrest5), its own answer after them as it gave it; English is the
// reason as the refresher wrote it.
func TestStatusBarServiceReasonInChinese(t *testing.T) {
	for _, tc := range []struct {
		name    string
		h       tracker.ServiceHealth
		zh, en  string
		notInZh string
	}{
		{"a rejected key", tracker.ServiceHealth{Service: "17track", State: tracker.HealthStopped, Reason: "key rejected: 17track: auth (HTTP 401)"},
			"17track 已停止：密钥被拒绝：17track：密钥或权限被拒（HTTP 401）", "17track stopped: key rejected: 17track: auth (HTTP 401)", "key rejected"},
		{"DHL's day used up", tracker.ServiceHealth{Service: "dhl", State: tracker.HealthPaused, Until: fixedNow.Add(3600e9), Reason: tracker.ReasonQuotaDailyGMT},
			"今日额度已用完，GMT 00:00 重置", "dhl paused until 15:00: daily quota used up, resets 00:00 GMT", "daily quota"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, l := range []i18n.Lang{i18n.Zh, i18n.En} {
				c := &common{styles: NewStyles(true), now: fixedNow, refresher: &fakeRefresher{}, tr: i18n.New(l)}
				m := newStatusBar(c)
				m.setRefresher(tracker.RefresherState{Services: []tracker.ServiceHealth{tc.h}})
				line := ansi.Strip(m.View(200))
				want := tc.en
				if l == i18n.Zh {
					want = tc.zh
				}
				if !strings.Contains(line, want) || (l == i18n.Zh && strings.Contains(line, tc.notInZh)) {
					t.Errorf("%v: %q, want %q", l, line, want)
				}
			}
		})
	}
}
