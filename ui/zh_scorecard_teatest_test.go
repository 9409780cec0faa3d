package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The carrier scorecard (S) in Simplified Chinese on the real program over
// the demo store, at 80×24, 120×35 and 200×50 (where the charts stand side
// by side): the title and its window, grouping and count, the column heads,
// the charts' titles and axes (days as 3天, weeks as 12月6日); carrier
// names as they are, no character cut, no column or border out of line.
func TestGoldenChineseScorecard(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x35", 120, 35}, {"200x50", 200, 50}} {
		t.Run(size.name, func(t *testing.T) {
			db, ref, hub := demoStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			p := &probe{app: newApp(ctx, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Refresher: ref, Hub: hub,
				Clock: tracker.NewFixedClock(fixedNow), Language: i18n.Zh})}
			tm := newProgram(t, p, size.w, size.h)
			waitFor(t, tm, p, "first screen", func(s snapshot) bool { return s.ready })
			tm.Send(KeyPress("S"))
			// The column head shows once history is read (the status bar
			// says 个包裹 from the start).
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "包裹数") },
				teatest.WithDuration(hangGuard))
			tm.Send(KeyPress("ctrl+c"))
			out := plainView(tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard)))
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
			for _, s := range []string{"承运商评分", "最近 90 天 · 按承运商", "承运商", "包裹数", "准时率", "p50天", "运输天数", "每周准时率", "天"} {
				if !strings.Contains(out, s) {
					t.Errorf("the Chinese scorecard lacks %q", s)
				}
			}
			for _, s := range []string{"scorecard", "last 90", "by carrier", "Parcels", "OnTime", "Transit days", "On time by week", "parcels"} {
				if strings.Contains(out, s) {
					t.Errorf("the Chinese scorecard shows English %q", s)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}

// The scorecard's model in Chinese over two carriers: grouping and window
// words as b and t cycle them, kinds and root causes by the catalog's
// words (丢件, 承运商), the empty chart and the empty window; every line
// exactly the pane's width at every size.
func TestChineseScorecardWords(t *testing.T) {
	h := newHarness(t, Options{Reader: newFakeReader(10), History: scoreFake(), Language: i18n.Zh}, 140, 40)
	h.press("S")
	wantOnScreen(t, h, "承运商评分", "最近 90 天 · 按承运商 · 共 4 个包裹", "fast-post", "slow-mail", "67%",
		"运输天数 · fast-post", "每周准时率 · fast-post（满格 100%）")
	h.press("j")
	wantOnScreen(t, h, "丢件 100.0%", "承运商 1", "没有已签收的包裹")
	h.press("b")
	wantOnScreen(t, h, "按承运商和线路", "线路", "CN→DE")
	h.press("b")
	wantOnScreen(t, h, "按承运商、线路和运输方式", "运输方式", "Std")
	h.press("t")
	wantOnScreen(t, h, "最近 180 天")
	h.press("t", "t")
	wantOnScreen(t, h, "最近 30 天", "此时间范围内没有发出的包裹。")
	h.press("t", "t", "t")
	wantOnScreen(t, h, "全部时间")
	for _, size := range [][2]int{{60, 16}, {80, 24}, {99, 30}, {100, 30}, {120, 35}, {200, 50}} {
		h := newHarness(t, Options{Reader: newFakeReader(10), History: scoreFake(), Language: i18n.Zh}, size[0], size[1])
		for _, keys := range [][]string{{"S"}, {"b"}, {"b"}} {
			h.press(keys...)
			lines := strings.Split(screen(h), "\n")
			if len(lines) != size[1] {
				t.Errorf("%v %v: %d lines", size, keys, len(lines))
			}
			for i, l := range lines {
				if widthOf(l) != size[0] {
					t.Errorf("%v %v: line %d is %d wide: %q", size, keys, i, widthOf(l), l)
				}
			}
			checkBorders(t, lines)
		}
	}
	h = newHarness(t, Options{Reader: newFakeReader(5), Language: i18n.Zh}, 120, 30)
	h.press("S")
	wantOnScreen(t, h, "无法打开承运商评分")
}

// The charts' axes in Chinese: labels measured in cells (3天 is three
// cells, 3月17日 seven), the right one ending where the English one would, never a wide
// character cut; the empty charts say so in Chinese.
func TestChineseChartAxes(t *testing.T) {
	zh := i18n.New(i18n.Zh)
	got := transitChart([]float64{3.2, 3.9, 4.1, 6.5}, 12, 3, zh)
	want := []string{
		"█           ",
		"█ █   █     ",
		"3天 6天     ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("transit: got\n%q\nwant\n%q", got, want)
	}
	wk := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	weeks := []tracker.WeekOnTime{{Week: wk(3), Promised: 4, OnTime: 4}, {Week: wk(10), Promised: 4, OnTime: 2}, {Week: wk(17), Promised: 0}}
	got = onTimeChart(weeks, time.UTC, 20, 3, zh)
	want = []string{
		"█                   ",
		"█ █ ·               ",
		"3月3日  3月17日     ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("on time: got\n%q\nwant\n%q", got, want)
	}
	for _, tt := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"no delivery", transitChart(nil, 30, 2, zh), "没有已签收的包裹"},
		{"no promise", onTimeChart(nil, time.UTC, 30, 2, zh), "尚无到期的承诺送达"},
	} {
		if !strings.Contains(tt.lines[0], tt.want) {
			t.Errorf("%s: %q lacks %q", tt.name, tt.lines[0], tt.want)
		}
	}
	// At every width the axis is exactly as wide as the chart, cutting no
	// wide character (an odd width leaves a space, not half a 日).
	for w := 1; w <= 30; w++ {
		for _, lines := range [][]string{onTimeChart(weeks, time.UTC, w, 3, zh), transitChart([]float64{3, 40}, w, 3, zh)} {
			for _, l := range lines {
				if widthOf(l) != w {
					t.Errorf("width %d: %q is %d wide", w, l, widthOf(l))
				}
			}
		}
	}
}
