package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The status bar counts orders with pre-shipment warnings from one
// CountChecked read, and the timeline header shows the selected order's
// warnings, stripped of terminal controls.
func TestPrecheckWarningsOnScreen(t *testing.T) {
	tests := []struct {
		name     string
		checks   map[int64][]tracker.Check
		bar      string // in the status line; "" when no count should show
		header   string // the timeline's first line; "" when none
		noHeader bool
	}{
		{"none", nil, "", "", true},
		{"two orders, first selected", map[int64][]tracker.Check{
			idAt(20, 0): {{Kind: tracker.CheckSensitive, Detail: "product mentions \"battery\"\x1b]0;pwned\x07"},
				{Kind: tracker.CheckNoHSCode, Detail: "no HS code"}},
			idAt(20, 5): {{Kind: tracker.CheckUninsured, Detail: "value 500.00"}},
		}, "⚠ 2 orders to check · 20 parcels:",
			`⚠ sensitive_goods: product mentions "battery" · missing_hs_code`, false},
		{"another order warns, not the selected one", map[int64][]tracker.Check{
			idAt(20, 5): {{Kind: tracker.CheckUninsured, Detail: "value 500.00"}},
		}, "⚠ 1 order to check · 20 parcels:", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeReader(20)
			f.checks = tt.checks
			h := newHarness(t, Options{Reader: f}, 200, 30)
			view := ansi.Strip(h.view())
			if strings.Contains(view, "pwned") || strings.Contains(view, "\x07") {
				t.Fatalf("terminal controls reached the screen:\n%s", view)
			}
			if tt.bar != "" && !strings.Contains(view, tt.bar) {
				t.Errorf("status bar lacks %q:\n%s", tt.bar, view)
			}
			if tt.bar == "" && strings.Contains(view, "to check") {
				t.Errorf("status bar counts warnings that are not there:\n%s", view)
			}
			if f.count("checked") != 1 {
				t.Errorf("%d CountChecked reads, want 1", f.count("checked"))
			}
			tl := strings.Join(h.app.timeline.View(false), "\n")
			if tt.noHeader {
				if strings.Contains(tl, "⚠") {
					t.Errorf("timeline shows warnings the order does not have:\n%s", tl)
				}
				return
			}
			lines := strings.Split(ansi.Strip(tl), "\n")
			if len(lines) < 3 || !strings.Contains(lines[1], tt.header) || !strings.Contains(lines[2], "Time") {
				t.Errorf("timeline header:\n%s\nwant %q above the table", tl, tt.header)
			}
		})
	}
}

// A click on the timeline still selects the event under the pointer when
// the warnings line pushes the table down.
func TestTimelineClickBelowWarnings(t *testing.T) {
	f := newFakeReader(20)
	f.checks = map[int64][]tracker.Check{idAt(20, 0): {{Kind: tracker.CheckNoHSCode, Detail: "no HS code"}}}
	h := newHarness(t, Options{Reader: f}, 200, 30)
	tl := h.app.timeline
	if len(tl.events) != 2 {
		t.Fatalf("%d events", len(tl.events))
	}
	tl.clickRow(4) // border, warnings, header, first event, second event
	if tl.sel != 1 {
		t.Errorf("click on line 4 selected event %d, want 1", tl.sel)
	}
	tl.clickRow(2) // the header
	if tl.sel != 1 {
		t.Errorf("click on the header moved the selection to %d", tl.sel)
	}
}

// In Chinese the timeline's warnings line and the order view say the
// warning in Chinese, read from the stored English; the product's words
// stay as written.
func TestPrecheckWarningsInChinese(t *testing.T) {
	f := newFakeReader(20)
	f.checks = map[int64][]tracker.Check{idAt(20, 0): {
		{Kind: tracker.CheckSensitive, Detail: `product mentions "battery": check the carrier accepts it`},
		{Kind: tracker.CheckNoHSCode, Detail: tracker.CheckDetailNoHSCode}}}
	h := newHarness(t, Options{Reader: f, Language: i18n.Zh}, 320, 30)
	tl := ansi.Strip(strings.Join(h.app.timeline.View(false), "\n"))
	want := `⚠ 敏感货物：商品含 "battery"：请确认承运商接收此类货物 · 缺少HS编码：报关缺少HS编码`
	if !strings.Contains(tl, want) {
		t.Errorf("timeline lacks %q:\n%s", want, tl)
	}
	if strings.Contains(tl, "sensitive_goods") || strings.Contains(tl, "customs declaration") {
		t.Errorf("timeline's warnings still in English:\n%s", tl)
	}
}
