package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// Under a Chinese locale `--help` is Chinese: the groups, every summary
// and flag usage, cobra's headings; command and flag names and the
// placeholders stay as typed. Every line fits an 80-column terminal by
// display width (a Chinese character takes two), except the use line,
// which is what a person types and the same in English. In the C locale
// the same commands print byte for byte the help of the binary before the
// help was translated (ui/cli/testdata/help_en, captured from it).
func TestZhHelpIsChineseAndEnglishUnchanged(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	for _, tt := range []struct {
		golden string
		args   []string
		zh     []string // in the Chinese help
	}{
		{"root", []string{"--help"}, []string{"订单与包裹：", "异常与投诉：", "用法：", "选项：", "  case        按四个步骤处理买家投诉", "--db path", "waybill 的帮助"}},
		{"case", []string{"case", "--help"}, []string{"按四个步骤处理买家投诉。", "可用命令：", "全局选项：", "waybill case do ID ACTION [flags] [--json]", "  bundle "}},
		{"import", []string{"import", "--help"}, []string{"从 CSV 或 XLSX 文件导入订单", "--skip-invalid", "--encoding string", "import 的帮助", "waybill import FILE [flags]"}},
	} {
		name := strings.Join(tt.args, " ")
		zh := waybillLang(t, zhEnv, tt.args...)
		if zh.code != 0 {
			t.Fatalf("%s in Chinese: exit %d: %s", name, zh.code, zh.stderr)
		}
		for _, w := range tt.zh {
			if !strings.Contains(zh.stdout, w) {
				t.Errorf("%s in Chinese lacks %q:\n%s", name, w, zh.stdout)
			}
		}
		for _, w := range []string{"Usage:", "Flags:", "Global Flags:", "help for", "(default ", "Available Commands:", "Orders and parcels:", "for more information"} {
			if strings.Contains(zh.stdout, w) {
				t.Errorf("%s in Chinese still says %q:\n%s", name, w, zh.stdout)
			}
		}
		for _, line := range strings.Split(zh.stdout, "\n") {
			if strings.HasPrefix(line, "  waybill ") && !strings.ContainsFunc(line, func(r rune) bool { return r > 0x2E80 }) {
				continue // a use line: command, flags and placeholders
			}
			if w := lipgloss.Width(line); w > 80 {
				t.Errorf("%s in Chinese: a line of %d columns:\n%s", name, w, line)
			}
		}
		want, err := os.ReadFile(filepath.Join("ui", "cli", "testdata", "help_en", tt.golden+".golden"))
		if err != nil {
			t.Fatal(err)
		}
		for _, env := range [][]string{cEnv, {"LC_ALL=", "LC_MESSAGES=", "LANG=en_US.UTF-8"}} {
			if en := waybillLang(t, env, tt.args...); en.code != 0 || en.stdout != string(want) {
				t.Errorf("%s under %s: exit %d, help not byte for byte as before:\n%s\nwant\n%s", name, env[2], en.code, en.stdout, want)
			}
		}
	}
}
