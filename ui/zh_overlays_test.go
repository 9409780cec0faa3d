package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The boxes over the panes in Simplified Chinese over the demo store, at
// 80×24 and 120×35: the command palette (:) with help's words, an event
// in full (enter in the timeline) with its labels, status and weekday,
// and an exception's log (l) with its actions and 2025-06-01 dates. The
// carrier's own text, tracking and order numbers stay as they are; no
// character is cut, no border out of line.
func TestGoldenChineseOverlays(t *testing.T) {
	for _, tt := range []struct {
		name  string
		keys  []string
		want  []string
		notEn []string
	}{
		{"palette", []string{":"}, []string{"命令 · 订单面板", "承运商评分", "关注订单 ★"}, []string{"Commands", "scorecard", "watch"}},
		{"event", []string{"tab", "enter"}, []string{"轨迹事件 · ", "时间", "状态", "承运商代码", "地点", "周日"},
			[]string{"Event", "Carrier code", "Status", "Sun "}},
		{"log", []string{"tab", "tab", "l"}, []string{"异常 ", " 的记录 · ", "产生于 2025-", "规则   产生"},
			[]string{"Log of exception", "opened", "rules"}},
	} {
		for _, size := range []struct {
			name string
			w, h int
		}{{"80x24", 80, 24}, {"120x35", 120, 35}} {
			t.Run(tt.name+"_"+size.name, func(t *testing.T) {
				db, _, hub := demoStore(t)
				h := newHarness(t, Options{Reader: db, Service: storeService(db, hub), History: db, Hub: hub,
					Clock: tracker.NewFixedClock(fixedNow), Language: i18n.Zh}, size.w, size.h)
				h.press(tt.keys...)
				out := screen(h)
				lines := strings.Split(out, "\n")
				if len(lines) != size.h {
					t.Errorf("screen has %d lines, want %d", len(lines), size.h)
				}
				for i, l := range lines {
					if wd := widthOf(l); wd != size.w {
						t.Errorf("line %d is %d cells wide, want %d: %q", i+1, wd, size.w, l)
					}
				}
				checkBorders(t, lines)
				for _, s := range tt.want {
					if !strings.Contains(out, s) {
						t.Errorf("the Chinese %s lacks %q", tt.name, s)
					}
				}
				for _, s := range tt.notEn {
					if strings.Contains(out, s) {
						t.Errorf("the Chinese %s shows English %q", tt.name, s)
					}
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

// The palette in Chinese finds an action by its Chinese words and, as
// habit types them, by its English ones; the empty match says so.
func TestChinesePaletteFindsByEitherLanguage(t *testing.T) {
	h := newHarness(t, Options{Reader: triageFake(), Language: i18n.Zh}, 100, 30)
	toQueue(h)
	h.press(":")
	wantOnScreen(t, h, "命令 · 异常面板")
	h.typeText("暂缓")
	if got := paletteDescs(h); len(got) == 0 || got[0] != "暂缓" {
		t.Errorf("after 暂缓: %q", got)
	}
	h.press("ctrl+u")
	h.typeText("sn")
	if got := paletteDescs(h); len(got) == 0 || got[0] != "暂缓" {
		t.Errorf("after sn: %q", got)
	}
	wantOnScreen(t, h, "›暂缓")
	h.press("ctrl+u")
	h.typeText("zzz")
	wantOnScreen(t, h, "没有匹配的操作")
}

// The exception log in Chinese names the actions by the catalog (a
// newer store's action reads as written) and dates as 2025-06-01.
func TestChineseExceptionLog(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}, Language: i18n.Zh}, 120, 35)
	toQueue(h)
	h.press("a", "o")
	h.typeText("bo")
	h.press("enter", "l")
	wantOnScreen(t, h, "2025-06-01 14:00  ana    指派", "2025-06-01 14:00  ana    确认")
	for _, tt := range []struct{ action, want string }{
		{tracker.LogUnsnoozed, "取消暂缓"}, {"opened", "产生"}, {"closed", "关闭"}, {"merged_by_a_newer_store", "merged_by_a_newer_store"},
	} {
		if got := logActionWord(tt.action, i18n.New(i18n.Zh)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.action, got, tt.want)
		}
		if got := logActionWord(tt.action, i18n.New(i18n.En)); got != tt.action {
			t.Errorf("%s in English: %q", tt.action, got)
		}
	}
}

// The status line's service words in Chinese: a refresh of a paused or
// stopped service, a plan's use, a missing opener, a bundle the session
// cannot write; the service's own reason as it gave it.
func TestChineseStatusWords(t *testing.T) {
	for _, tt := range []struct {
		down tracker.ServiceHealth
		want string
	}{
		{tracker.ServiceHealth{Service: "dhl", State: tracker.HealthPaused, Until: fixedNow.Add(10 * time.Hour), Reason: "daily quota used up"},
			"：未查询，dhl 暂停至 00:00：daily quota used up"},
		{tracker.ServiceHealth{Service: "17track", State: tracker.HealthStopped, Reason: "key rejected"},
			"：未查询，17track 已停止：key rejected"},
	} {
		ref := &fakeRefresher{sum: tracker.ApplySummary{Skipped: 1}, err: &tracker.ServiceDown{ServiceHealth: tt.down}}
		h := newHarness(t, Options{Reader: newFakeReader(5), Refresher: ref, Language: i18n.Zh}, 120, 35)
		h.press("r")
		wantOnScreen(t, h, tt.want)
	}

	at := time.Date(2030, 1, 1, 14, 5, 0, 0, time.UTC)
	for _, tt := range []struct {
		q    tracker.ServiceQuota
		want string
	}{
		{tracker.ServiceQuota{Service: "17track", Quota: tracker.Quota{Used: 7}, At: at}, "17track 已用 7"},
		{tracker.ServiceQuota{Service: "17track", Err: "timeout", At: at}, "17track 额度 ?"},
	} {
		hub := tracker.NewHub()
		h := newHarness(t, Options{Reader: newFakeReader(10), Hub: hub, Language: i18n.Zh}, 120, 30)
		hub.Publish(tracker.Change{Refresher: &tracker.RefresherState{LastPass: at, Quotas: []tracker.ServiceQuota{tt.q}}})
		h.awaitParked()
		if v := screen(h); !strings.Contains(v, tt.want) {
			t.Errorf("status bar lacks %q:\n%s", tt.want, v)
		}
	}

	zh := i18n.New(i18n.Zh)
	if got := browserErrorIn(noOpenerError{"xdg-open"}, zh); got != "本机没有 xdg-open" {
		t.Errorf("no opener: %q", got)
	}
	if got := browserErrorIn(errors.New("xdg-open: exit status 3"), zh); got != "xdg-open: exit status 3" {
		t.Errorf("an opener's error: %q", got)
	}

	h, _, fc := caseSession(t, func(o *Options) { o.Language = i18n.Zh })
	openLost(t, h, fc)
	h.press("B")
	wantOnScreen(t, h, "证据包在服务器上生成")
}
