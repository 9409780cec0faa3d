package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The English issue 26 left after e2e_zhrest3_test, under a Chinese
// locale; English is what it was, byte for byte, and the exit status is
// the same in both languages.

// zhPair runs args under a Chinese and a C locale and checks both.
func zhPair(t *testing.T, args []string, code int, zh, en, notInZh []string) {
	t.Helper()
	z := waybillLang(t, zhEnv, args...)
	e := waybillLang(t, cEnv, args...)
	name := strings.Join(args, " ")
	if z.code != code || e.code != code {
		t.Errorf("%s: exit %d in Chinese, %d in English, want %d", name, z.code, e.code, code)
	}
	for _, w := range zh {
		if !strings.Contains(z.stdout+z.stderr, w) {
			t.Errorf("%s in Chinese lacks %q:\n%s%s", name, w, z.stdout, z.stderr)
		}
	}
	for _, w := range notInZh {
		if strings.Contains(z.stdout+z.stderr, w) {
			t.Errorf("%s in Chinese still says %q:\n%s%s", name, w, z.stdout, z.stderr)
		}
	}
	for _, w := range en {
		if !strings.Contains(e.stdout+e.stderr, w) {
			t.Errorf("%s in English lacks %q:\n%s%s", name, w, e.stdout, e.stderr)
		}
	}
}

// The store's errors a person reads: a --db in a folder that does not
// exist, one that is a folder, one that is no database, and store.path's
// folder in the config; the paths and the file's line as they are.
func TestZhRest4StoreErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	folder := filepath.Join(dir, "a-folder.db")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nowhere")
	cfg := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(cfg, []byte("[store]\npath = \""+filepath.Join(missing, "w.db")+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name            string
		args            []string
		zh, en, notInZh []string
	}{
		{"missing folder", []string{"--db", filepath.Join(missing, "w.db"), "list"},
			[]string{"打开数据库 " + filepath.Join(missing, "w.db") + "：文件夹不存在：" + missing + "（请先创建；waybill 只会创建默认文件夹）"},
			[]string{"open store " + filepath.Join(missing, "w.db") + ": folder does not exist: " + missing + " (create it first; waybill makes only its default folder)"},
			[]string{"open store", "does not exist"}},
		{"a folder", []string{"--db", folder, "list"},
			[]string{"打开数据库 " + folder + "：是文件夹，不是文件"}, []string{"open store " + folder + ": is a directory"}, []string{"is a directory"}},
		{"no database", []string{"--db", junk, "list"},
			[]string{"打开数据库 " + junk + "：文件不是数据库"}, []string{"open store " + junk + ": file is not a database"}, []string{"not a database"}},
		{"under a file", []string{"--db", filepath.Join(file, "w.db"), "list"},
			[]string{file + " 不是文件夹"}, []string{file + " is not a folder"}, []string{"not a folder"}},
		{"config missing", []string{"--config", filepath.Join(missing, "c.toml"), "--db", filepath.Join(dir, "w.db"), "list"},
			[]string{"waybill: 配置文件 " + filepath.Join(missing, "c.toml") + "：open "}, []string{"waybill: config " + filepath.Join(missing, "c.toml") + ": open "},
			[]string{"waybill: config "}},
		{"store.path", []string{"--config", cfg, "--db", filepath.Join(dir, "w.db"), "list"},
			[]string{"第 2 行：store.path = ", "：文件夹不存在：" + missing + "（请先创建"},
			[]string{"line 2: store.path = ", ": folder does not exist: " + missing + " (create it first"}, []string{"does not exist"}},
	} {
		t.Run(tt.name, func(t *testing.T) { zhPair(t, tt.args, 1, tt.zh, tt.en, tt.notInZh) })
	}
}

// The command line's own errors around a cause, and without one: a case
// action refused inside tracker's "case N: " frame, an order to edit
// that is not there, connect with no [marketplaces.aliexpress].
func TestZhRest4CLIFrames(t *testing.T) {
	t.Parallel()
	zhDB, enDB := e2eStore(t), e2eStore(t)
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"add", "--order", "ZR4-1", "--tracking", "RB000000218GB"}},
		{args: []string{"case", "open", "ZR4-1", "--kind", "stale"}},
		{args: []string{"case", "do", "1", "note", "--text", "-"}, code: 1,
			zh: []string{"waybill: 工单 1：处于“安抚买家”步骤时不能备注"}, en: []string{"waybill: case 1: note at step reassure: the note is empty"},
			notInZh: []string{"case 1:"}},
		{args: []string{"edit", "--order", "ZR4-9", "--buyer", "Ann"}, code: 1,
			zh: []string{"中没有订单 \"ZR4-9\"（waybill add 可连同包裹一起添加）"}, en: []string{"no order \"ZR4-9\" in ", " (waybill add adds one with its parcel)"},
			notInZh: []string{"no order"}},
		{args: []string{"deadline", "add", "ZR4-1", "--kind", "dispute_reply", "--due", "2099-01-01"}, code: 2,
			zh:      []string{"waybill deadline: --kind \"dispute_reply\"：由平台或规则设定，不能手动添加；应为 trade_assurance_reply 或 follow_up"},
			en:      []string{"waybill deadline: --kind \"dispute_reply\": set by a marketplace or the rules, not by hand; want trade_assurance_reply or follow_up"},
			notInZh: []string{"not by hand"}},
		{args: []string{"deadline", "add", "ZR4-1", "--kind", "follow_up", "--due", "2020-01-01"}, code: 1,
			zh: []string{"waybill: 截止 2020-01-01T00:00:00Z：已经过了"}, en: []string{"waybill: due 2020-01-01T00:00:00Z: already past"}, notInZh: []string{"already past"}},
		{args: []string{"extend", "ZR4-1", "--days", "5"}, code: 1,
			zh:      []string{"waybill: 订单 ZR4-1：无法延长买家保护期：不是平台订单（导入或手动输入的）"},
			en:      []string{"waybill: order ZR4-1: cannot extend the buyer's protection: it is not a marketplace's order (imported or typed in)"},
			notInZh: []string{"cannot extend"}},
		{args: []string{"edit", "--order", "ZR4-1", "--email", "bad@"}, code: 2,
			zh: []string{`waybill edit: --email "bad@"：不是有效的邮箱地址，例如 ana@example.com`},
			en: []string{`waybill edit: --email "bad@": not an email address such as ana@example.com`}, notInZh: []string{"not an email"}},
		{args: []string{"edit", "--order", "ZR4-1", "--country", "ZZ"}, code: 2,
			zh: []string{`waybill edit: --country "ZZ"：不是国家：应为 ISO 3166 两位代码`},
			en: []string{`waybill edit: --country "ZZ": not a country: want an ISO 3166 alpha-2 code`}, notInZh: []string{"not a country"}},
		{args: []string{"list", "--status", "bogus"}, code: 2,
			zh: []string{`waybill list: --status：状态 "bogus"：应为以下之一：[pending `}, en: []string{`waybill list: --status: status "bogus": want one of [pending `},
			notInZh: []string{"want one of"}},
		{args: []string{"list", "--bogus"}, code: 2,
			zh: []string{"waybill list: 未知选项：--bogus"}, en: []string{"waybill list: unknown flag: --bogus"}, notInZh: []string{"unknown flag"}},
		{args: []string{"list", "-json"}, code: 2,
			zh: []string{"waybill list: 未知短选项：-json 中的 'j'：长选项要用两个短横线：--json"},
			en: []string{"waybill list: unknown shorthand flag: 'j' in -json: long flags take two dashes: --json"}, notInZh: []string{"unknown shorthand"}},
		{args: []string{"exception", "list", "--limit", "x"}, code: 2,
			zh:      []string{`waybill exception: 选项 "--limit" 的值 "x" 无效：strconv.ParseInt: parsing "x": invalid syntax`},
			en:      []string{`waybill exception: invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax`},
			notInZh: []string{"invalid argument"}},
		{args: []string{"exception", "list", "--state", "bogus"}, code: 2,
			zh: []string{`--state：状态 "bogus"：应为以下之一：open, acknowledged`}, en: []string{`--state: state "bogus": want one of open, acknowledged`},
			notInZh: []string{"want one of"}},
		{args: []string{"deadline", "done", "99"}, code: 1,
			zh: []string{"截止日期编号 99：没有这个未完成的截止日期（`waybill deadlines` 可列出）"},
			en: []string{"deadline id 99: no open deadline has it (`waybill deadlines` lists them)"}, notInZh: []string{"no open deadline"}},
	})
	cfg := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	zhPair(t, []string{"--db", zhDB, "--config", cfg, "connect", "aliexpress"}, 1,
		[]string{cfg + " 中没有 [marketplaces.aliexpress] 表"}, []string{"no [marketplaces.aliexpress] table in " + cfg + ": add one"}, []string{"add one with"})
}

// `waybill paste`: a number that does not validate says its suggestions
// and the detector's note in Chinese, the numbers as they are.
func TestZhRest4PasteSuggestions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	list := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(list, []byte("RB000000219GB\nXX\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	zhDB, enDB := e2eStore(t), e2eStore(t)
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"paste", "--order", "P1", "--dry-run", list}, code: 1,
			zh:      []string{"无效：是否为 RB000000218GB 或 RB000000249GB", "？校验位（9）不符", "无效：太短，不是运单号。"},
			en:      []string{"invalid: did you mean RB000000218GB or RB000000249GB", "? The check digit (9) does not match", "invalid: Too short for a tracking number."},
			notInZh: []string{"did you mean", "check digit", "Too short"}},
	})
}

// A claim refused (a currency, a state it cannot move to) and a bundle
// that would overwrite a file read in Chinese, the values as typed.
func TestZhRest4ClaimsAndBundle(t *testing.T) {
	t.Parallel()
	zhDB, enDB := e2eStore(t), e2eStore(t)
	in := t.TempDir()
	taken := filepath.Join(in, "taken.zip")
	if err := os.WriteFile(taken, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"add", "--order", "ZR4-2", "--tracking", "RB000000218GB"}},
		{args: []string{"case", "open", "ZR4-2", "--kind", "lost"}},
		{args: []string{"claim", "add", "1", "--party", "4px", "--amount", "3", "--currency", "zz"}, code: 1,
			zh: []string{`币种 "ZZ"：应为三个字母的 ISO 代码，如 USD 或 EUR`}, en: []string{`currency "ZZ": want a three-letter ISO code such as USD or EUR`},
			notInZh: []string{"three-letter"}},
		{args: []string{"claim", "add", "1", "--party", "4px", "--amount", "3", "--currency", "USD"}},
		{args: []string{"claim", "set", "1", "--state", "paid"}, code: 1,
			zh: []string{"状态 paid：draft 状态的索赔不能改为 paid（可改为：filed, withdrawn）"}, en: []string{"state paid: a draft claim cannot become paid (it may become: filed, withdrawn)"},
			notInZh: []string{"cannot become"}},
		{args: []string{"case", "bundle", "1", "--out", taken}, code: 1,
			zh: []string{"证据包 " + taken + "：文件已存在；请换一个 --out，或先把它移走"}, en: []string{"bundle " + taken + ": the file exists; give another --out, or move it away first"},
			notInZh: []string{"the file exists"}},
	})
}
