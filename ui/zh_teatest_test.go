package ui

import (
	"context"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// TestGoldenChinese is the main screen and its help in Simplified Chinese
// in the real program over the demo store, at 80×24 and 120×35. Beside the
// goldens it checks what a reader of double-width text would see go
// wrong: a line not exactly the terminal's width (a wide character cut, a
// column measured in bytes or runes), and the panes' borders out of line.
func TestGoldenChinese(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		keys []tea.KeyPressMsg
	}{
		{"main_80x24", 80, 24, nil},
		{"main_120x35", 120, 35, nil},
		{"main_200x50", 200, 50, nil},
		{"queue_120x35", 120, 35, []tea.KeyPressMsg{KeyPress("tab"), KeyPress("tab")}},
		{"help_80x24", 80, 24, []tea.KeyPressMsg{KeyPress("?")}},
		{"help_80x24_end", 80, 24, []tea.KeyPressMsg{KeyPress("?"), KeyPress("G")}},
		{"help_120x35", 120, 35, []tea.KeyPressMsg{KeyPress("?")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, ref, hub := demoStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			app := newApp(ctx, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Refresher: ref, Hub: hub,
				Clock: tracker.NewFixedClock(fixedNow), Demo: true, DemoSpeed: 120, Title: "demo.db", Language: i18n.Zh})
			p := &probe{app: app}
			tm := newProgram(t, p, tt.w, tt.h)
			waitFor(t, tm, p, "first screen", func(s snapshot) bool { return s.ready })
			for _, k := range tt.keys {
				tm.Send(k)
			}
			tm.Send(KeyPress("ctrl+c"))
			fm := tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard))
			out := plainView(fm)
			lines := strings.Split(out, "\n")
			if len(lines) != tt.h {
				t.Errorf("screen has %d lines, want %d", len(lines), tt.h)
			}
			for i, l := range lines {
				if w := widthOf(l); w != tt.w {
					t.Errorf("line %d is %d cells wide, want %d: %q", i+1, w, tt.w, l)
				}
			}
			checkBorders(t, lines)
			for _, w := range []string{"订单", "帮助"} {
				if !strings.Contains(out, w) {
					t.Errorf("the Chinese screen lacks %q", w)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}

// checkBorders: in each run of lines between a pane's top (╭) and bottom
// (╰), every line has its vertical borders at the same display columns as
// the top's corners.
func checkBorders(t *testing.T, lines []string) {
	t.Helper()
	cols := func(l string, marks string) []int {
		var out []int
		c := 0
		for _, r := range l {
			if strings.ContainsRune(marks, r) {
				out = append(out, c)
			}
			c += widthOf(string(r))
		}
		return out
	}
	var top []int
	for i, l := range lines {
		switch {
		case strings.ContainsRune(l, '╭'):
			top = cols(l, "╭╮")
		case strings.ContainsRune(l, '╰'):
			top = nil
		case top != nil:
			got := cols(l, "│")
			for _, c := range top {
				found := false
				for _, g := range got {
					found = found || g == c
				}
				if !found {
					t.Errorf("line %d: no border at column %d (borders at %v): %q", i+1, c, got, l)
				}
			}
		}
	}
}

// Two sessions in one process, one Chinese and one English, render at the
// same time: each reads its own language, so nothing about the language
// is shared between sessions.
func TestSessionsKeepTheirOwnLanguage(t *testing.T) {
	zh := newHarness(t, Options{Reader: triageFake(), Language: i18n.Zh}, 120, 35)
	en := newHarness(t, Options{Reader: triageFake(), Language: i18n.En}, 120, 35)
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i, h := range []*harness{zh, en} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				outs[i] = screen(h)
			}
		}()
	}
	wg.Wait()
	for _, w := range []string{"订单", "物流轨迹", "异常", "丢件", "索赔（附交易凭证）；补发或退款", "帮助"} {
		if !strings.Contains(outs[0], w) {
			t.Errorf("the Chinese session lacks %q:\n%s", w, outs[0])
		}
	}
	for _, w := range []string{"Orders", "Timeline", "Exceptions", "lost", tracker.SuggestedAction(tracker.ExLost), "help"} {
		if !strings.Contains(outs[1], w) {
			t.Errorf("the English session lacks %q:\n%s", w, outs[1])
		}
	}
	for _, w := range []string{"订单", "运输中", "帮助"} {
		if strings.Contains(outs[1], w) {
			t.Errorf("the English session shows %q: a language leaked between sessions", w)
		}
	}
}

// No Options.Language is English, as before the catalog.
func TestNoLanguageIsEnglish(t *testing.T) {
	out := screen(newHarness(t, Options{Reader: triageFake()}, 120, 35))
	for _, w := range []string{"Orders", "Exceptions", "Tracking", "Pending"} {
		if !strings.Contains(out, w) {
			t.Errorf("the default screen lacks %q", w)
		}
	}
}
