package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The order view in Simplified Chinese, on the real program over the store
// of TestTeatestOrderView: its top and its end at 80×24, its end at
// 120×35. Beside the goldens, what a reader of double-width text would see
// go wrong: a line not the terminal's width (a wide character cut), the
// border out of line, and English left where the catalog has the words.
// Tracking numbers, the order number and carrier names stay as they are.
func TestGoldenChineseOrderView(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x35", 120, 35}} {
		t.Run(size.name, func(t *testing.T) {
			db, svc, hub := orderViewStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			app := newApp(ctx, Options{Reader: db, Service: svc, ETA: db, Hub: hub, Clock: tracker.NewFixedClock(fixedNow),
				Title: "orders.db", Actor: tracker.LocalActor("ana"), Language: i18n.Zh})
			app.tickEvery = 0
			p := &screenProbe{app: app}
			tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(size.w, size.h),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
			p.waitFor(t, "承运商尚无轨迹")
			p.waitFor(t, "清关 1")
			// 清关 1 is in the queue's counts and the status bar's alike:
			// wait for the status bar's own words too.
			p.waitFor(t, "共 2 个包裹")
			p.waitFor(t, "1 条未读") // the title bar's unread alerts are read apart
			tm.Send(KeyPress("enter"))
			top := p.waitFor(t, "发货提醒")
			tm.Send(KeyPress("G"))
			end := p.waitFor(t, "#1 RB123456785GB 清关 · 工单 1/4 安抚买家 · 由 ana")
			tm.Send(KeyPress("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
			for _, s := range []string{top, end} {
				lines := strings.Split(s, "\n")
				if len(lines) != size.h {
					t.Errorf("screen has %d lines, want %d", len(lines), size.h)
				}
				for i, l := range lines {
					if w := widthOf(l); w != size.w {
						t.Errorf("line %d is %d cells wide, want %d: %q", i+1, w, size.w, l)
					}
				}
				checkBorders(t, lines)
			}
			all := top + "\n" + end
			for _, w := range []string{"订单 OV-1001", "买家", "地址", "申报价值", "包裹 · 2", "售后工单 · 1",
				"RB123456785GB", "RR123456785CN", "Royal Mail", "清关", "待处理：清关", "否"} {
				if !strings.Contains(all, w) {
					t.Errorf("the Chinese order view lacks %q", w)
				}
			}
			for _, w := range []string{"Buyer", "Parcels", "Cases", "last news", "open:", "case 1/4", "reassure", "shipped "} {
				if strings.Contains(all, w) {
					t.Errorf("the Chinese order view shows English %q", w)
				}
			}
			if size.w == 80 {
				golden.RequireEqual(t, []byte(top+"\n\n"+end))
			} else {
				golden.RequireEqual(t, []byte(end))
			}
		})
	}
}
