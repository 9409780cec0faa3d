package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zhStep is one command run the same way on two stores made alike, one
// under a Chinese locale and one under C: the words each must print (in
// stdout and stderr together) and the English that must be gone from the
// Chinese.
type zhStep struct {
	args    []string
	code    int
	zh, en  []string
	notInZh []string
}

// twoStores makes two demo stores from the same seed, so the same
// commands find the same orders in both.
func twoStores(t *testing.T) (zhDB, enDB string) {
	t.Helper()
	zhDB, enDB = e2eStore(t), e2eStore(t)
	for _, db := range []string{zhDB, enDB} {
		if r := waybill(t, "demo", "--orders", "30", "--seed", "3", "--db", db); r.code != 0 {
			t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
		}
	}
	return zhDB, enDB
}

// runZhSteps runs each step on its store in its language, in order, and
// checks the words of each.
func runZhSteps(t *testing.T, zhDB, enDB string, steps []zhStep) {
	t.Helper()
	for _, tt := range steps {
		name := strings.Join(tt.args, " ")
		zh := waybillLang(t, zhEnv, append([]string{"--db", zhDB}, tt.args...)...)
		en := waybillLang(t, cEnv, append([]string{"--db", enDB}, tt.args...)...)
		if zh.code != tt.code || en.code != tt.code {
			t.Errorf("%s: exit %d in Chinese, %d in English, want %d: %s %s", name, zh.code, en.code, tt.code, zh.stderr, en.stderr)
		}
		for _, w := range tt.zh {
			if !strings.Contains(zh.stdout+zh.stderr, w) {
				t.Errorf("%s in Chinese lacks %q:\n%s%s", name, w, zh.stdout, zh.stderr)
			}
		}
		for _, w := range tt.notInZh {
			if strings.Contains(zh.stdout+zh.stderr, w) {
				t.Errorf("%s in Chinese still says %q:\n%s%s", name, w, zh.stdout, zh.stderr)
			}
		}
		for _, w := range tt.en {
			if !strings.Contains(en.stdout+en.stderr, w) {
				t.Errorf("%s in English lacks %q:\n%s%s", name, w, en.stdout, en.stderr)
			}
		}
	}
}

// firstOrder is the order number of the list's first row.
func firstOrder(t *testing.T, db string) string {
	t.Helper()
	r := waybillLang(t, cEnv, "--db", db, "list")
	lines := strings.Split(r.stdout, "\n")
	if r.code != 0 || len(lines) < 2 {
		t.Fatalf("list: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	return strings.Fields(lines[1])[0]
}

// Cases and claims speak Chinese under a Chinese locale: what case open,
// list, show and do say, the claims table and what claim add and set say;
// steps, kinds and claim states as the screen words them. English is what
// it was.
func TestZhCLICasesAndClaims(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	zhDB, enDB := twoStores(t)
	order := firstOrder(t, enDB)
	if o := firstOrder(t, zhDB); o != order {
		t.Fatalf("the two demo stores differ: %s and %s", o, order)
	}
	runZhSteps(t, zhDB, enDB, []zhStep{
		{[]string{"case", "open", order, "--kind", "lost"}, 0,
			[]string{"已开立工单 1：丢件", "第 1/4 步 安抚买家", order}, []string{"opened case 1: lost on order " + order}, []string{"opened case"}},
		{[]string{"case", "open", order, "--kind", "lost"}, 0,
			[]string{"已有处理中的丢件工单 1", "`waybill case do 1 ACTION`"}, []string{"case 1 is already open for lost"}, []string{"already open"}},
		{[]string{"case", "list"}, 0,
			[]string{"步骤", "截止日期", "开立时间", "1 安抚买家", "丢件"}, []string{"STEP", "FOLLOW-UP", "1 reassure"}, []string{"STEP", "FOLLOW-UP", "reassure"}},
		{[]string{"case", "do", "1", "reassure", "--text", "sorry"}, 0,
			[]string{"工单 1：安抚买家；现处于第 2/4 步 核实"}, []string{"case 1: reassure; now at step 2/4 verify"}, []string{"now at step"}},
		{[]string{"case", "show", "1"}, 0,
			[]string{"工单 1  丢件  第 2/4 步 核实", "买家", "已安抚 是", "记录：", "安抚买家  sorry"},
			[]string{"Case 1  lost  step 2/4 verify", "reassured yes", "Log:", "reassure  sorry"}, []string{"Log:", "reassured"}},
		{[]string{"claims"}, 0, []string{"没有索赔"}, []string{"no claims (add one with"}, []string{"no claims"}},
		{[]string{"claim", "add", "1", "--party", "cainiao", "--amount", "12.50", "--currency", "USD"}, 0,
			[]string{"已为工单 1 添加索赔 1：承运商 cainiao，索赔 12.50 USD，草稿"}, []string{"added claim 1 to case 1: carrier cainiao, 12.50 USD claimed, draft"}, []string{"claimed"}},
		{[]string{"claim", "set", "1", "--state", "filed", "--filed", "today", "--ref", "CN-77"}, 0,
			[]string{"索赔 1：已提交"}, []string{"claim 1: filed, 0.00 of 12.50 USD recovered"}, []string{"recovered"}},
		{[]string{"claims"}, 0, []string{"索赔金额", "已追回", "已提交", "0天", "cainiao"}, []string{"CLAIMED", "filed", "0d"}, []string{"CLAIMED", "filed"}},
		{[]string{"claims", "--state", "paid"}, 0, []string{"没有已赔付的索赔"}, []string{"no paid claims"}, nil},
	})
	sameMachineOutput(t, zhDB, [][]string{
		{"case", "list", "--json"},
		{"case", "show", "1", "--json"},
		{"case", "export"},
		{"claims", "--json"},
	})
}

// sameMachineOutput runs each command on one store in both languages:
// stdout and the exit code are the same bytes.
func sameMachineOutput(t *testing.T, db string, cmds [][]string) {
	t.Helper()
	for _, args := range cmds {
		zh := waybillLang(t, zhEnv, append([]string{"--db", db}, args...)...)
		en := waybillLang(t, cEnv, append([]string{"--db", db}, args...)...)
		if zh.stdout != en.stdout || zh.code != en.code {
			t.Errorf("%s: Chinese (exit %d) and English (exit %d) differ:\n%.300s\n---\n%.300s", strings.Join(args, " "), zh.code, en.code, zh.stdout, en.stdout)
		}
	}
}

// Deadlines, import's report and report carriers' table speak Chinese
// under a Chinese locale; a bad row's frame is Chinese and its value and
// column as the file has them. Their JSON and CSV are the same bytes.
func TestZhCLIDeadlinesImportAndReport(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	zhDB, enDB := twoStores(t)
	order := firstOrder(t, enDB)
	csvFile := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(csvFile, []byte("order_no,tracking_no,country\nA1,LX123456785CN,DE\nA3,RR123456785CN,XX\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runZhSteps(t, zhDB, enDB, []zhStep{
		{[]string{"deadlines"}, 0, []string{"没有未完成的截止日期"}, []string{"no open deadlines"}, []string{"no open"}},
		{[]string{"deadline", "add", order, "--kind", "follow_up", "--due", "+3d"}, 0,
			[]string{"截止日期 1：订单 " + order + " 的跟进", "剩余 2天"}, []string{"deadline 1: follow_up on order " + order, "left)"}, []string{"left"}},
		{[]string{"deadlines"}, 0, []string{"剩余", "截止时间", "跟进", "来源"}, []string{"LEFT", "DUE", "follow_up"}, []string{"LEFT", "follow_up"}},
		{[]string{"deadline", "done", "1"}, 0, []string{"截止日期 1 已完成"}, []string{"deadline 1 met"}, []string{"met"}},
		{[]string{"import", "--dry-run", csvFile}, 1,
			[]string{`第 3 行：列 "country"：值 "XX"：`, "试运行：未写入任何内容。已读取 2 行：1 个订单，1 个包裹", "警告：订单 A1：", "行，用时"},
			[]string{`line 3: column "country": value "XX": `, "dry run: nothing written. 2 rows read: 1 orders, 1 shipments", "warning: order A1: ", "rows/s"},
			[]string{"line 3", "dry run", "rows read", "rows/s"}},
		{[]string{"import", csvFile}, 1, []string{"未导入：1 行有错误", "--skip-invalid"}, []string{"nothing imported: 1 bad row(s)"}, []string{"nothing imported"}},
		{[]string{"report", "carriers"}, 0, []string{"承运商", "线路", "准时率", "停滞", "cainiao"}, []string{"ROUTE", "ON TIME", "stale"}, []string{"ROUTE", "ON TIME", "stale"}},
		{[]string{"report", "carriers", "--since", "1s"}, 0, []string{"时间范围内没有包裹"}, []string{"no shipments in the window"}, nil},
	})
	sameMachineOutput(t, zhDB, [][]string{
		{"deadlines", "--json"},
		{"report", "carriers", "--json"},
		{"report", "carriers", "--csv"},
		{"export", "--what", "shipments", "--format", "json"},
		{"export", "--what", "orders"},
	})
}

// sync, version, demo and paste speak Chinese under a Chinese locale; the
// paths, commit, tracking numbers and the detector's notes stay as they
// are, and paste's exit code is the same.
func TestZhCLISyncVersionDemoAndPaste(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	zhDB, enDB := twoStores(t)
	list := filepath.Join(t.TempDir(), "paste.txt")
	if err := os.WriteFile(list, []byte("LX123456785CN\nfoo\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runZhSteps(t, zhDB, enDB, []zhStep{
		{[]string{"sync", "--once"}, 0, []string{"未配置平台：", "[marketplaces.aliexpress]"}, []string{"no marketplace is configured"}, []string{"no marketplace"}},
		{[]string{"version"}, 0, []string{"waybill ", "提交"}, []string{"waybill ", "commit"}, []string{"commit"}},
		{[]string{"demo", "--status"}, 0, []string{"打开：", "（--db）", "订单：演示 30 个，真实 0 个", "时钟："}, []string{"opens:", "(--db)", "orders: 30 demo, 0 real", "clock:"}, []string{"opens:", "orders:"}},
		{[]string{"paste", "--dry-run", "--order", "X9", list}, 1,
			[]string{"行", "结果", "正常：", "无效：", "LX123456785CN", "2 行：1 行正常，1 无效；试运行：未写入（将添加 1 个）", "无效单号未添加"},
			[]string{"VERDICT", "ok: ", "invalid: ", "2 lines: 1 ok, 1 invalid; dry run: nothing written (1 would be added)"},
			[]string{"VERDICT", "dry run", "invalid numbers"}},
		{[]string{"demo", "--remove"}, 0, []string{"已从 ", "删除 30 个演示订单", "保留真实订单 0 个"}, []string{"removed 30 demo orders from "}, []string{"removed"}},
		{[]string{"demo", "--remove"}, 0, []string{"中没有演示订单；保留真实订单 0 个"}, []string{"no demo orders in "}, []string{"no demo orders"}},
	})
	sameMachineOutput(t, zhDB, [][]string{
		{"version", "--json"},
		{"sync", "--once", "--json"},
	})
}
