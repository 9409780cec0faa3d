package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// The first screen at every size a seller works in, on a shop whose buyers
// write their names in Chinese and Cyrillic: the goldens hold what
// TestColumnsFitEveryWidth asserts (tracking numbers whole from 100
// columns, short forms instead of cut labels, a status bar of whole
// items) and show what each width drops. The queue's first row is a due
// follow-up: its bottom border shows that row's state in full.
func TestGoldenColumns(t *testing.T) {
	for _, size := range columnSizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			f := columnsFake()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			clock := fixedClock{fixedNow}
			app := newApp(ctx, Options{Reader: f, Service: testService(f, clock, nil, nil), Refresher: columnsRefresher(),
				Clock: clock, Title: "shop.db"})
			p := &probe{app: app, quitOnReady: true}
			tm := newProgram(t, p, w, h)
			fm := tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard))
			if !p.state().ready {
				t.Fatalf("program ended before the first screen was complete")
			}
			out := plainView(fm)
			if n := strings.Count(out, "\n") + 1; n != h {
				t.Errorf("screen has %d lines, want %d", n, h)
			}
			golden.RequireEqual(t, out)
		})
	}
}
