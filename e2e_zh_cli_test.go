package main

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

var (
	zhEnv = []string{"LC_ALL=", "LC_MESSAGES=", "LANG=zh_CN.UTF-8"}
	cEnv  = []string{"LC_ALL=", "LC_MESSAGES=", "LANG=C"}
)

// Under a Chinese locale the command line's human output is Chinese: the
// table heads, statuses, summary lines and usage errors, with order and
// tracking numbers, carrier slugs, flag names and values untouched. The
// same commands in the C locale print the English they always did, and
// the machine output of both is the same bytes.
func TestZhCLIHumanOutputIsChinese(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := waybill(t, "demo", "--orders", "30", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	// Words in stdout+stderr under each locale, and English words that
	// must be gone (zhStep); one store for both, in this order.
	runZhSteps(t, db, db, []zhStep{
		{[]string{"list"}, 0, []string{"订单号", "运单号", "承运商", "状态", "已签收"}, []string{"ORDER", "TRACKING", "delivered"}, []string{"ORDER", "TRACKING", "LAST EVENT"}},
		{[]string{"exception", "list"}, 0, []string{"编号", "级别", "类型", "处理状态", "待处理"}, []string{"SEV", "KIND", "open"}, []string{"SEV", "KIND"}},
		// Chinese runs first: it acknowledges 1, English then finds it so.
		{[]string{"exception", "ack", "1", "99999"}, 0, []string{"已确认 1 条（共 2 条异常）"}, []string{"acknowledged 0 of 2 exception(s) (2 already so"}, []string{"acknowledged"}},
		{[]string{"list", "--status", "nowhere"}, 2, []string{"waybill list: --status："}, []string{"waybill list: --status: "}, nil},
		{[]string{"add", "--order", "X1", "--tracking", "LX123456785CN", "--currency", "zz"}, 2,
			[]string{`--currency "zz"：应为 ISO 4217 代码，如 USD`}, []string{`--currency "zz": want an ISO 4217 code such as USD`}, []string{"want"}},
		{[]string{"refresh", "--once", "--no-such-order-number"}, 2, nil, nil, nil}, // cobra's own: exit code only
	})
}

// The list's columns line up by display width in Chinese: each column
// starts at the same terminal column on every line, the double-width
// heads and statuses counted as two cells a character.
func TestZhCLIListAlignsByDisplayWidth(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := waybill(t, "demo", "--orders", "30", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	r := waybillLang(t, zhEnv, "--db", db, "list")
	if r.code != 0 {
		t.Fatalf("list: exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) < 10 {
		t.Fatalf("list printed %d lines:\n%s", len(lines), r.stdout)
	}
	// Where each column starts, in display cells: after a run of two or
	// more spaces (cells hold single spaces, never two).
	starts := func(line string) []int {
		var out []int
		w, spaces := 0, 0
		for _, c := range line {
			if c == ' ' {
				spaces++
			} else {
				if spaces >= 2 || w == 0 {
					out = append(out, w)
				}
				spaces = 0
			}
			w += lipgloss.Width(string(c))
		}
		return out
	}
	head := starts(lines[0])
	if len(head) < 7 {
		t.Fatalf("the heading has %d columns: %q", len(head), lines[0])
	}
	for _, l := range lines[1:] {
		got := starts(l)
		// The exceptions column may be empty: compare the columns before it.
		for i := 0; i < 6 && i < len(got); i++ {
			if got[i] != head[i] {
				t.Errorf("column %d starts at cell %d, under a head at %d:\n%s\n%s", i, got[i], head[i], lines[0], l)
				break
			}
		}
	}
}

// The machine output of the commands this lane translated is the same
// bytes in Chinese and English.
func TestZhCLIMachineOutputIsTheSame(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	if r := waybill(t, "demo", "--orders", "30", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"list", "--json"},
		{"exception", "list", "--json"},
		{"exception", "log", "1", "--json"},
		{"detect", "--json", "LX123456785CN", "nonsense"},
		{"export", "--what", "exceptions"},
	} {
		zh := waybillLang(t, zhEnv, append([]string{"--db", db}, args...)...)
		en := waybillLang(t, cEnv, append([]string{"--db", db}, args...)...)
		if zh.stdout != en.stdout || zh.code != en.code {
			t.Errorf("%s: Chinese (exit %d) and English (exit %d) differ:\n%.300s\n---\n%.300s", strings.Join(args, " "), zh.code, en.code, zh.stdout, en.stdout)
		}
	}
}
