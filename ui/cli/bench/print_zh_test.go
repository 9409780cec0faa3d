package bench

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"waybill/ui/i18n"
)

// cellRE finds a table's cells: runs of text split by two spaces or more
// (a cell holds single spaces only: "≤ 20.0, p99 ≤ 60.0").
var cellRE = regexp.MustCompile(`\S+(?: \S+)*`)

// starts are the terminal cells where the first n cells of line start.
func starts(line string, n int) []int {
	var out []int
	for _, m := range cellRE.FindAllStringIndex(line, n) {
		out = append(out, ansi.StringWidth(line[:m[0]]))
	}
	return out
}

// alignedColumns fails unless each of the first n columns of every line
// of a table starts at the same terminal cell as in the heads' line:
// tabwriter counts runes, so a head of Chinese, two cells a character,
// would push the heads' line out of line with the rows.
func alignedColumns(t *testing.T, table string, n int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	want := starts(lines[0], n)
	if len(want) != n {
		t.Fatalf("heads %q: %d cells, want %d", lines[0], len(want), n)
	}
	for _, l := range lines[1:] {
		if got := starts(l, n); !slices.Equal(got, want) {
			t.Errorf("columns start at cells %v, the heads at %v:\n%s", got, want, table)
			return
		}
	}
}

// Under a Chinese printer the tables' heads, yes and no and the notes are
// Chinese, the names, figures, units and budgets as in English, and every
// column starts at the same cell on every line.
func TestPrintInChinese(t *testing.T) {
	zh := i18n.New(i18n.Zh)
	var b strings.Builder
	Print(&b, fixedLines(), zh)
	got := b.String()
	// The note is not a column: the six before it are.
	alignedColumns(t, got, 6)
	for _, want := range []string{
		"测量项", "中位数", "P99", "单位", "预算", "达标", "说明",
		"ingest_new", "101323", "events/s", "≥ 150000", "否",
		"filter_key", "≤ 20.0, p99 ≤ 60.0", "是",
		"3123 条轨迹事件", "最多 640 个包裹", "662 次按键", "0 次调用超出限额", "占一个核心的 %",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	for _, english := range []string{"MEASURE", "NOTE", " yes ", " no ", "events, all new", "keys:", "%!"} {
		if strings.Contains(got, english) {
			t.Errorf("%q in the Chinese table:\n%s", english, got)
		}
	}

	b.Reset()
	scales := fixedSitting()
	PrintScales(&b, scales, Rows(scales), zh)
	got = b.String()
	// Every column: measure, three scales, growth, flat, unit, budget, ok.
	alignedColumns(t, got, 9)
	for _, want := range []string{"测量项", "10000", "1000000", "增长", "持平", "单位", "预算", "达标", "tui_rss", "≤ 150.0", "1.25"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "GROWTH") || strings.Contains(got, " yes") {
		t.Errorf("English in the Chinese sitting:\n%s", got)
	}
}
