package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The alert list (!) in Simplified Chinese over the demo store's alerts at
// 80×24 and 120×35: the title, column heads, the new marks, kinds and
// severities, times as 6月1日 14:00; tracking numbers in the alerts' text
// as they are, no character cut, no column or border out of line.
func TestGoldenChineseAlerts(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x35", 120, 35}} {
		t.Run(size.name, func(t *testing.T) {
			db, _, hub := demoStore(t)
			h := newHarness(t, Options{Reader: db, Service: storeService(db, hub), History: db, Hub: hub,
				Clock: tracker.NewFixedClock(fixedNow), Language: i18n.Zh}, size.w, size.h)
			h.press("!")
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
			for _, s := range []string{"提醒", "新", "6月1日", "级别", "类型"} {
				if !strings.Contains(out, s) {
					t.Errorf("the Chinese alert list lacks %q", s)
				}
			}
			for _, s := range []string{"Alerts", "When", "Kind", "new ", "unread"} {
				if strings.Contains(out, s) {
					t.Errorf("the Chinese alert list shows English %q", s)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}

// The alert list's words in Chinese over a fake: kinds of every sort
// (an exception kind, a watched order's change, a deadline, one the
// catalog lacks), severities, the unread count while the list is marked,
// the empty states and filtering by the Chinese word of a kind.
func TestChineseAlertList(t *testing.T) {
	f := triageFake()
	f.alerts = []tracker.Alert{
		{ID: 4, Kind: "lost", Severity: tracker.SeverityCritical, Subject: "Lost: WB-00047", Body: "claim it", CreatedAt: fixedNow.Add(-time.Hour), ShipmentID: 1},
		{ID: 3, Kind: tracker.AlertWatch, Severity: tracker.SeverityLow, Subject: "WB-00012 moved", CreatedAt: fixedNow.Add(-2 * time.Hour)},
		{ID: 2, Kind: tracker.AlertDeadline, Severity: tracker.SeverityHigh, Subject: "Protection ends: WB-00020", CreatedAt: fixedNow.Add(-3 * time.Hour)},
		{ID: 1, Kind: "newer_kind", Severity: tracker.SeverityMedium, Subject: "Other: WB-00030", CreatedAt: fixedNow.Add(-4 * time.Hour),
			ReadAt: fixedNow.Add(-time.Hour)},
	}
	h := newHarness(t, Options{Reader: f, Language: i18n.Zh}, 120, 30)
	h.press("!")
	out := screen(h)
	for _, s := range []string{"提醒", "丢件", "关注订单", "临近截止", "newer kind", "紧急", "高", "低", "6月1日 13:00", "Lost: WB-00047"} {
		if !strings.Contains(out, s) {
			t.Errorf("the Chinese alert list lacks %q:\n%s", s, out)
		}
	}
	if n := strings.Count(out, "│ 新 ") + strings.Count(out, "│›新 "); n != 3 {
		t.Errorf("%d alerts marked 新, want the three unread:\n%s", n, out)
	}
	h.press("/")
	h.typeText("丢件")
	h.press("enter")
	out = screen(h)
	if !strings.Contains(out, "Lost: WB-00047") || strings.Contains(out, "WB-00012 moved") {
		t.Errorf("/丢件 keeps the wrong alerts:\n%s", out)
	}
	wantOnScreen(t, h, "提醒 /丢件")
	h.press("/")
	h.typeText("无此")
	h.press("enter")
	wantOnScreen(t, h, "没有匹配 /无此 的提醒（按 Esc 清除）。")

	empty := newHarness(t, Options{Reader: triageFake(), Language: i18n.Zh}, 120, 30)
	empty.press("!")
	wantOnScreen(t, empty, "还没有提醒。")

	// An alert without a parcel: enter says so in Chinese.
	f = triageFake()
	f.alerts = []tracker.Alert{{ID: 1, Kind: tracker.AlertWatch, Subject: "moved", CreatedAt: fixedNow}}
	h = newHarness(t, Options{Reader: f, Language: i18n.Zh}, 120, 30)
	h.press("!")
	h.app.openAlert()
	wantOnScreen(t, h, "此提醒没有关联包裹")
}
