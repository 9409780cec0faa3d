package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The last English of issue 26 on the command line under a Chinese
// locale: a case's customs, redelivery and pickup solutions (in case
// show's solution line and log), a tracking number refused as typed,
// lookups that match nothing, the rules as the exception log's actor. English is what it was, and --json keeps
// the stored English.
func TestZhRestCLICaseSolutions(t *testing.T) {
	t.Parallel() // its own stores; env goes to the subprocess
	zhDB, enDB := twoStores(t)
	order := firstOrder(t, enDB)
	if o := firstOrder(t, zhDB); o != order {
		t.Fatalf("the two demo stores differ: %s and %s", o, order)
	}
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"case", "open", order, "--kind", "delivery_failed"}},
		{args: []string{"case", "do", "1", "reassure", "--text", "sorry"}},
		{args: []string{"case", "do", "1", "verify", "--text", "at depot"}},
		{args: []string{"case", "do", "1", "solve", "--type", "redelivery", "--address", "Hauptstr. 5, Berlin", "--phone", "+49 30 1234"}},
		{args: []string{"case", "show", "1"},
			zh:      []string{"解决方案：重新派送，地址 Hauptstr. 5, Berlin，电话 +49 30 1234", "解决      重新派送，地址 Hauptstr. 5, Berlin，电话 +49 30 1234"},
			en:      []string{"Solution: redelivery to Hauptstr. 5, Berlin, phone +49 30 1234", "solve     redelivery to Hauptstr. 5, Berlin, phone +49 30 1234"},
			notInZh: []string{"redelivery to", ", phone"}},
	})
	runZhSteps(t, zhDB, enDB, []zhStep{
		// A tracking number refused as typed (tracker.NumberRefusal), on
		// add and on a reissue.
		{args: []string{"add", "--order", "WB-ZR1", "--tracking", "RR123"}, code: 1,
			zh:      []string{`waybill: --tracking "RR123"：太短，不是运单号。（加 --force 仍可保存，标记为未验证）`},
			en:      []string{`waybill: --tracking "RR123": Too short for a tracking number. (use --force to store it anyway, marked unverified)`},
			notInZh: []string{"Too short", "use --force"}},
		{args: []string{"case", "do", "1", "solve", "--type", "reissue", "--tracking", "RR123"}, code: 2,
			zh:      []string{`--tracking "RR123"：太短，不是运单号。`},
			en:      []string{`--tracking "RR123": Too short for a tracking number.`},
			notInZh: []string{"Too short"}},
	})
	runZhSteps(t, zhDB, enDB, []zhStep{
		// Lookups that match nothing.
		{args: []string{"case", "show", "999"}, code: 1,
			zh: []string{"中没有工单 999"}, en: []string{"waybill: no case 999 in "}, notInZh: []string{"no case"}},
		{args: []string{"show", "NOPE123"}, code: 1,
			zh: []string{`中没有订单号或运单号 "NOPE123"`}, en: []string{`waybill: no order or tracking number "NOPE123" in `}, notInZh: []string{"no order"}},
		{args: []string{"claim", "set", "99", "--state", "filed"}, code: 1,
			zh: []string{"waybill: 索赔 99：未找到（waybill claims 可列出索赔）"}, en: []string{"waybill: claim 99: not found (waybill claims shows the claims)"}},
		// The rules, which open exceptions, are 规则 in the log's WHO.
		{args: []string{"exception", "log", untrackedException(t, enDB)},
			zh: []string{"规则"}, en: []string{"rules"}, notInZh: []string{"rules"}},
		{args: []string{"deadline", "add", "NOPE", "--kind", "follow_up", "--due", "tomorrow"}, code: 1,
			zh: []string{`订单 "NOPE"：没有此订单`}, en: []string{`order "NOPE": no such order`}, notInZh: []string{"no such order"}},
	})
	sameMachineOutput(t, zhDB, [][]string{{"case", "show", "1", "--json"}, {"exception", "log", "1", "--json"}})
}

// A config's problems are said in the reader's language, the setting and
// the value as written in the file; the exit status is the same.
func TestZhRestCLIConfigProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("[alerts]\ndigest = \"3s\"\n[rules]\nstale_days = 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := e2eStoreIn(t, dir, "w.db")
	zh := waybillLang(t, zhEnv, "--db", db, "--config", cfg, "list")
	en := waybillLang(t, cEnv, "--db", db, "--config", cfg, "list")
	if zh.code != en.code || en.code != 1 {
		t.Errorf("exit %d in Chinese, %d in English, want 1", zh.code, en.code)
	}
	for _, w := range []string{`第 2 行：alerts.digest = "3s"：应为 0（每条提醒一封消息）或 1m 到 7d 之间的时长`, "第 4 行：rules.stale_days = 0：应为 1 到 90 天"} {
		if !strings.Contains(zh.stderr, w) {
			t.Errorf("Chinese lacks %q:\n%s", w, zh.stderr)
		}
	}
	for _, w := range []string{`line 2: alerts.digest = "3s": want 0 (one message per alert) or a duration from 1m to 7d`, "line 4: rules.stale_days = 0: want 1 to 90 days"} {
		if !strings.Contains(en.stderr, w) {
			t.Errorf("English lacks %q:\n%s", w, en.stderr)
		}
	}
}

// report eta-backtest, case bundle and --version speak the reader's language; the
// figures, file names and hashes are as they were, and --json the same.
func TestZhRestCLIBacktestAndBundle(t *testing.T) {
	t.Parallel()
	zhDB, enDB := twoStores(t)
	order := firstOrder(t, enDB)
	steps := []zhStep{
		{args: []string{"report", "eta-backtest", "--orders", "500"},
			zh:      []string{"预计送达回测：500 个模拟订单（种子 1）", "预测时点", "误差中位数", "发货当天", "承运商预计", "没有承诺日期时"},
			en:      []string{"ETA backtest: 500 simulated orders (seed 1)", "AS OF", "MEDIAN ERROR", "shipping day", "carrier's ETA", "Without a promise"},
			notInZh: []string{"simulated orders", "AS OF", "shipping day", " days"}},
		{args: []string{"case", "open", order, "--kind", "lost"}},
		// --version says what `waybill version` says, in the same language.
		{args: []string{"--version"}, zh: []string{"waybill ", "提交"}, en: []string{"waybill ", "commit "}, notInZh: []string{"commit"}},
	}
	runZhSteps(t, zhDB, enDB, steps)
	sameMachineOutput(t, zhDB, [][]string{{"report", "eta-backtest", "--orders", "500", "--json"}})
	bundleTools(t)
	dir := t.TempDir()
	zh := waybillLang(t, zhEnv, "--db", zhDB, "case", "bundle", "1", "--for", "claim", "--out", filepath.Join(dir, "zh.zip"))
	en := waybillLang(t, cEnv, "--db", enDB, "case", "bundle", "1", "--for", "claim", "--out", filepath.Join(dir, "en.zip"))
	if zh.code != 0 || en.code != 0 {
		t.Fatalf("case bundle: exit %d in Chinese, %d in English: %s%s", zh.code, en.code, zh.stderr, en.stderr)
	}
	if w := "：工单 1（用于索赔），含 summary.pdf、timeline.csv、case.json 及 0 个证据文件"; !strings.Contains(zh.stdout, w) || strings.Contains(zh.stdout, "wrote") {
		t.Errorf("case bundle in Chinese lacks %q:\n%s", w, zh.stdout)
	}
	if w := ": case 1 for claim, summary.pdf, timeline.csv, case.json, 0 evidence files"; !strings.HasPrefix(en.stdout, "wrote ") || !strings.Contains(en.stdout, w) {
		t.Errorf("case bundle in English lacks %q:\n%s", w, en.stdout)
	}
}
