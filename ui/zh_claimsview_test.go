package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The claims ledger ($) in Simplified Chinese at 80×24 and 120×35, over
// the claims fixture (a draft, one filed and paid in part, an insurer's):
// states, amounts, parties, references and ages in whole days (3天);
// amounts, references and order numbers as they are; no character cut,
// no column out of line.
func TestGoldenChineseClaims(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x35", 120, 35}} {
		t.Run(size.name, func(t *testing.T) {
			f, _ := claimsFixture(t)
			clock := tracker.NewFixedClock(fixedNow)
			h := newHarness(t, Options{Reader: f.db.DB, Service: tracker.NewService(f.db, clock, nil, f.db.DB),
				Clock: clock, Actor: tracker.LocalActor("ana"), Templates: mustTemplates(t), Language: i18n.Zh}, size.w, size.h)
			h.press("$")
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
			for _, s := range []string{"索赔", "全部状态 · 3 笔索赔", "已赔付", "草稿", "20.00 EUR", "PX-77", "3天", "（保险公司）"} {
				if !strings.Contains(out, s) {
					t.Errorf("the Chinese claims list lacks %q", s)
				}
			}
			for _, s := range []string{"Claims", "all states", "paid", "draft", "insurer", "Claimed"} {
				if strings.Contains(out, s) {
					t.Errorf("the Chinese claims list shows English %q", s)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}
