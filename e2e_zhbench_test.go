package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// zhBenchCellRE finds a bench table's cells: text split by two spaces or
// more.
var zhBenchCellRE = regexp.MustCompile(`\S+(?: \S+)*`)

// `waybill bench` under a Chinese locale: its table's heads, yes/no and
// notes and its progress lines on stderr are Chinese, the measure names
// and units as in English, and the six columns before the note start at
// the same terminal cell on every line. A small store and a short idle
// window keep it to seconds; no figure is judged.
func TestZhBenchIsChinese(t *testing.T) {
	t.Parallel() // its own scratch store and servers; env goes to the subprocess, never t.Setenv
	if testing.Short() {
		t.Skip("builds and measures a store, serves 40 SSH sessions")
	}
	r := waybillLang(t, append([]string{"WAYBILL_BENCH_IDLE_WINDOW=200ms"}, zhEnv...), "bench", "--orders", "200")
	if r.code != 0 && r.code != 1 {
		t.Fatalf("bench: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"测量项", "中位数", "单位", "预算", "达标", "说明", "first_frame", "events/s", "ms",
		"条轨迹事件", "次按键",
		"在 0.2 秒内"} { // the idle window it was given, not the default 10 s
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, want := range []string{"bench: 正在建立含 200 个演示订单的存储：", "bench: 已建好：", "bench: 首帧", "bench: 20 个 SSH 会话"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	for _, english := range []string{"MEASURE", "BUDGET", "NOTE", "events, all new", "building a store", "first frame"} {
		if strings.Contains(r.stdout+r.stderr, english) {
			t.Errorf("English %q under a Chinese locale:\n%s\n%s", english, r.stdout, r.stderr)
		}
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	starts := func(line string) []int {
		var out []int
		for _, m := range zhBenchCellRE.FindAllStringIndex(line, 6) {
			out = append(out, lipgloss.Width(line[:m[0]]))
		}
		return out
	}
	want := starts(lines[0])
	for _, l := range lines[1:] {
		if got := starts(l); !slices.Equal(got, want) {
			t.Errorf("columns start at cells %v, the heads at %v:\n%s", got, want, r.stdout)
			break
		}
	}
}
