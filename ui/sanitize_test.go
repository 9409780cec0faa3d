package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestCellIsWidthAware(t *testing.T) {
	tests := []struct {
		name string
		in   string
		w    int
		want string
	}{
		{"pads ASCII", "ab", 4, "ab  "},
		{"cuts ASCII with ellipsis", "abcdef", 4, "abc…"},
		{"CJK counts two cells", "深圳市到达", 6, "深圳…"},
		{"CJK pads the odd cell", "深圳市到达", 5, "深圳…"},
		{"exact fit stays", "深圳", 4, "深圳"},
		{"zero width", "abc", 0, ""},
		{"one cell", "深圳", 1, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cell(tt.in, tt.w)
			if strings.TrimRight(got, " ") != strings.TrimRight(tt.want, " ") {
				t.Errorf("cell(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
			}
			if w := ansi.StringWidth(got); w != tt.w {
				t.Errorf("cell(%q, %d) is %d wide", tt.in, tt.w, w)
			}
		})
	}
}

func TestTableDropsLowPriorityColumnsFirst(t *testing.T) {
	cols := []column{
		{title: "A", min: 5, max: 5, prio: 0},
		{title: "B", min: 5, max: 10, prio: 2},
		{title: "C", min: 5, want: 10, prio: 1},
	}
	tests := []struct {
		name  string
		width int
		want  []int
	}{
		{"everything fits, flexible gets the rest", 40, []int{5, 10, 22}},
		{"want is kept before a lower column", 20, []int{5, 0, 13}},
		{"tiny", 7, []int{5, 0, 0}},
		{"nothing", 0, []int{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTable(cols, tt.width)
			for i, w := range tt.want {
				if tb.widths[i] != w {
					t.Errorf("widths %v, want %v", tb.widths, tt.want)
					break
				}
			}
			if line := tb.row([]tcell{plain("x"), plain("y"), plain("z")}, false, NewStyles(true).inkSelected); ansi.StringWidth(line) > max(tt.width, 1) {
				t.Errorf("row %q wider than %d", line, tt.width)
			}
		})
	}
}

// TestWidthOfAgreesWithAnsi: the fast path measures what ansi.StringWidth
// measures, styled or not.
func TestWidthOfAgreesWithAnsi(t *testing.T) {
	st := NewStyles(true)
	for _, s := range []string{
		"", "plain", "Hélène Алексей", "›WB-1 …", "╭─ Orders ─╮", "↑/k ↓/j", "⟳ refreshing…", "× · • —",
		"深圳市", "📦 box", "e\u0301", "👨\u200d👩\u200d👧", "Ωmega", "\u00ad",
		st.Selected.Render("›row …"), st.SeverityStyle(4).Render("!lost") + " x",
	} {
		if got, want := widthOf(s), ansi.StringWidth(s); got != want {
			t.Errorf("widthOf(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	}
}

func FuzzWidthOf(f *testing.F) {
	for _, s := range []string{"a", "深", "\x1b[1mx\x1b[m", "é", "e\u0301", "…›"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = Sanitize(s) // what we measure is always sanitized, plus our SGR
		if got, want := widthOf(s), ansi.StringWidth(s); got != want {
			t.Fatalf("widthOf(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	})
}
