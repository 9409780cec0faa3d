package ui

import (
	"strings"
	"testing"
)

// In a store of demo and real orders the demo's rows carry the mark, the
// real ones none, and a watched demo order shows its ★ instead; without
// MarkDemo (a demo store, whose title says DEMO, or a real one) no row
// does.
func TestDemoRowsMarkedAmongRealOnes(t *testing.T) {
	for _, tc := range []struct {
		name string
		mark bool
		want map[string]string // order no → what stands before it
	}{
		{"a store of demo and real orders", true, map[string]string{"WB-00020": " D ", "WB-00019": "   ", "WB-00018": " ★ "}},
		{"a demo store", false, map[string]string{"WB-00020": "   ", "WB-00019": "   ", "WB-00018": " ★ "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeReader(20)
			f.rows[0].Demo = true                          // WB-00020
			f.rows[2].Demo, f.rows[2].Watched = true, true // WB-00018
			h := newHarness(t, Options{Reader: f, MarkDemo: tc.mark}, 100, 30)
			h.press("j", "j", "j") // off the rows looked at: the selected one's gutter shows ›
			out := screen(h)
			for no, before := range tc.want {
				if !strings.Contains(out, "│"+before+no) {
					t.Errorf("%s: want %q before it:\n%s", no, before, out)
				}
			}
		})
	}
}
