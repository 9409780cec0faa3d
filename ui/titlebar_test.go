package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The store's name gives way in the title bar, not the DEMO badge or the
// clock: a PostgreSQL URL or a deep path as the title pushed both out at
// 80 columns. A URL keeps its start (server, database), a path its end
// (the file).
func TestTitleBarCutsTheStoreNameFirst(t *testing.T) {
	long := "postgres://waybill@/waybill_test_0123456789abcdef?host=/tmp/pgtest-cluster-socket&sslmode=disable"
	for _, tc := range []struct {
		title string
		w     int
		want  []string
	}{
		{long, 80, []string{"waybill · postgres://", "…", "DEMO ×120", fixedNow.Format("15:04")}},
		{long, 120, []string{"waybill · postgres://", "…", "DEMO ×120", fixedNow.Format("15:04")}},
		{"~/shops/a-very-long-folder-name-for-the-team-store/another-level-of-folders/orders.db", 80,
			[]string{"waybill · …", "folders/orders.db", "DEMO ×120", fixedNow.Format("15:04")}},
		// The demo's title, which says how to leave it, fits without
		// the clock: it stays whole.
		{"demo store · leave: waybill add, a carrier or --db", 80,
			[]string{"waybill · demo store · leave: waybill add, a carrier or --db", "DEMO ×120"}},
		{"demo store", 80, []string{"waybill · demo store", "DEMO ×120", fixedNow.Format("15:04")}},
	} {
		h := newHarness(t, Options{Reader: noService{newFakeReader(10)}, Title: tc.title, Demo: true, DemoSpeed: 120}, tc.w, 24)
		bar := h.app.titleBar(tc.w)
		if got := ansi.StringWidth(bar); got != tc.w {
			t.Errorf("%d columns, %q: bar is %d wide", tc.w, tc.title, got)
		}
		plain := ansi.Strip(bar)
		for _, want := range tc.want {
			if !strings.Contains(plain, want) {
				t.Errorf("%d columns, %q: bar %q lacks %q", tc.w, tc.title, plain, want)
			}
		}
	}
}
