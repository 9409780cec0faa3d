package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The refresh command's lifecycle, quota, push and service-state lines
// read in Chinese, service names and a service's own words as they are;
// English is what it was, byte for byte.
func TestRefreshLifeLinesInChinese(t *testing.T) {
	lr := tracker.LifeReport{Restarted: map[string]int{"17track": 2}, OverBudget: map[string]int{"17track": 3},
		Untracked: map[string]int{"17track": 5}, Refused: map[string]int{"track123": 1}}
	qs := []tracker.ServiceQuota{{Service: "17track", Quota: tracker.Quota{Used: 12, Limit: 100}},
		{Service: "track123", Err: "HTTP 500"}, {Service: "kuaidi100", Quota: tracker.Quota{Used: 7}, Err: "timeout"}}
	rep := tracker.Report{ByService: map[string]*tracker.ServiceReport{"17track": {Subscribed: 4}}}
	health := []tracker.ServiceHealth{{Service: "dhl", State: tracker.HealthStopped, Reason: "key rejected: 401"},
		{Service: "ups", State: tracker.HealthPaused, Reason: "busy"}}
	print := func(tr *i18n.Printer) string {
		var b bytes.Buffer
		printLife(&b, tr, lr)
		printQuotas(&b, tr, qs)
		printReport(&b, tr, rep, health, time.Duration(0))
		return b.String()
	}
	en := print(i18n.New(i18n.En))
	for _, w := range []string{
		"lifecycle 17track: restarted 2, 3 over today's budget ([tracking] restarts_per_day), stopped following 5\n",
		"lifecycle track123: 1 refused\n",
		"quota 17track: 12 of 100 used\n", "quota track123: unknown: HTTP 500\n", "quota kuaidi100: 7 used (last read failed: timeout)\n",
		"    subscribed 4 for pushes\n", "dhl stopped: key rejected: 401\n", "ups paused: busy\n",
	} {
		if !strings.Contains(en, w) {
			t.Errorf("English lacks %q:\n%s", w, en)
		}
	}
	zh := print(i18n.New(i18n.Zh))
	for _, w := range []string{
		"跟踪周期 17track：重新跟踪 2 个、3 个超出今日额度（[tracking] restarts_per_day）、停止跟踪 5 个\n",
		"跟踪周期 track123：1 个被拒绝\n",
		"额度 17track：已用 12 / 共 100\n", "额度 track123：未知：HTTP 500\n", "额度 kuaidi100：已用 7（上次读取失败：timeout）\n",
		"    已订阅推送 4 个\n", "dhl 已停止：密钥被拒绝：401\n", "ups 已暂停：busy\n",
	} {
		if !strings.Contains(zh, w) {
			t.Errorf("Chinese lacks %q:\n%s", w, zh)
		}
	}
	for _, w := range []string{"lifecycle", "quota ", "used", "subscribed", "stopped:", "paused:"} {
		if strings.Contains(zh, w) {
			t.Errorf("Chinese still says %q:\n%s", w, zh)
		}
	}
}
