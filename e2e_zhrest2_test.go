package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The English issue 26 left after e2e_zhrest_test: an order file's
// problems with the file itself in `waybill import` under a Chinese
// locale. The exit status and --json are the same in both languages;
// English is what it was, byte for byte.
func TestZhRest2ImportFileProblems(t *testing.T) {
	t.Parallel() // its own files; env goes to the subprocess
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	for _, tt := range []struct {
		name, data string
		zh, en     string
		notInZh    string
	}{
		{"nocol.csv", "tracking,country\nRB123456785GB,DE\n",
			`没有订单号列：请将一列命名为 "order no", "order number", "order id"`,
			`no order number column: name one "order no", "order number", "order id"`, "no order number column"},
		{"empty.csv", "\n\n", "文件为空：应有一行表头，每个包裹一行",
			"the file is empty: want a header row and one row per parcel", "the file is empty"},
		{"latin1.csv", "order no,buyer\nA-1,J\xe9r\xf4me\n", "第 2 行第 6 字节：0xE9",
			"line 2, byte 6: 0xE9", "is not UTF-8"},
	} {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, []byte(tt.data), 0o600); err != nil {
			t.Fatal(err)
		}
		zh := waybillLang(t, zhEnv, "--db", db, "import", path)
		en := waybillLang(t, cEnv, "--db", db, "import", path)
		if zh.code != en.code || en.code == 0 {
			t.Errorf("%s: exit %d in Chinese, %d in English, want the same failure", tt.name, zh.code, en.code)
		}
		if !strings.Contains(zh.stderr, tt.zh) || strings.Contains(zh.stderr, tt.notInZh) || !strings.Contains(zh.stderr, path) {
			t.Errorf("%s in Chinese: %q, want %q and the path, not %q", tt.name, zh.stderr, tt.zh, tt.notInZh)
		}
		if want := "waybill: " + path + ": " + tt.en; !strings.HasPrefix(en.stderr, want) {
			t.Errorf("%s in English: %q, want it to start %q", tt.name, en.stderr, want)
		}
		zj := waybillLang(t, zhEnv, "--db", db, "import", "--json", path)
		ej := waybillLang(t, cEnv, "--db", db, "import", "--json", path)
		if zj.stdout != ej.stdout || zj.code != ej.code {
			t.Errorf("%s --json: Chinese (exit %d) %q, English (exit %d) %q", tt.name, zj.code, zj.stdout, ej.code, ej.stdout)
		}
	}
}

// A detector's note with values on a refused number, and a case action
// the service refuses, read in Chinese: the number and the step's words
// as the catalog has them; English is what it was.
func TestZhRest2NumberNotesAndCaseRefusals(t *testing.T) {
	t.Parallel()
	zhDB, enDB := twoStores(t)
	order := firstOrder(t, enDB)
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"add", "--order", "WB-ZR2", "--tracking", "RR1234567CN"}, code: 1,
			zh:      []string{`--tracking "RR1234567CN"：看起来像 UPU S10 单号`, "此单号有 7 位"},
			en:      []string{`--tracking "RR1234567CN": Looks like a UPU S10 number, but those have 9 digits between the two-letter prefix and the country code; this one has 7.`},
			notInZh: []string{"Looks like", "this one has"}},
		{args: []string{"case", "open", order, "--kind", "lost"}},
		{args: []string{"case", "do", "1", "solve", "--type", "refund", "--amount", "5", "--currency", "USD"}, code: 1,
			zh:      []string{"waybill: 工单 1：处于“安抚买家”步骤时不能解决：请先核实派送状态"},
			en:      []string{"waybill: case 1: solve at step reassure: verify the delivery status first"},
			notInZh: []string{"at step", "verify the delivery"}},
	})
}
