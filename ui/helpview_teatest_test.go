package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/tracker"
)

// TestGoldenHelp is the full help (?) of the orders pane in the real
// program over the demo store, at 80×24 (it scrolls: the first page) and
// 120×35, and the command palette (:) narrowed to "wa" at 80×24.
func TestGoldenHelp(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		keys []tea.KeyPressMsg
	}{
		{"80x24", 80, 24, []tea.KeyPressMsg{KeyPress("?")}},
		{"80x24_end", 80, 24, []tea.KeyPressMsg{KeyPress("?"), KeyPress("G")}},
		{"120x35", 120, 35, []tea.KeyPressMsg{KeyPress("?")}},
		{"palette_80x24", 80, 24, []tea.KeyPressMsg{KeyPress(":"), KeyPress("w"), KeyPress("a")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, ref, hub := demoStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			app := newApp(ctx, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Refresher: ref, Hub: hub,
				Clock: tracker.NewFixedClock(fixedNow), Demo: true, DemoSpeed: 120, Title: "demo.db"})
			p := &probe{app: app}
			tm := newProgram(t, p, tt.w, tt.h)
			waitFor(t, tm, p, "first screen", func(s snapshot) bool { return s.ready })
			for _, k := range tt.keys {
				tm.Send(k)
			}
			tm.Send(KeyPress("ctrl+c")) // quits from the help and the palette
			fm := tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard))
			out := plainView(fm)
			if n := strings.Count(out, "\n") + 1; n != tt.h {
				t.Errorf("screen has %d lines, want %d", n, tt.h)
			}
			golden.RequireEqual(t, out)
		})
	}
}
