package ui

import (
	"strings"
	"testing"
	"time"

	"waybill/tracker/orderfile"
	"waybill/ui/i18n"
)

// An order file's refused cells say why in Chinese on the import sheet
// and in `waybill import` (one ProblemText): the frame and the reason,
// the cell's value as written; English is orderfile's own text.
func TestImportProblemsInChinese(t *testing.T) {
	csv := "order no,tracking no,country,email,amount,ship date,insured\n" +
		"A-1,RB123456785GB,Atlantis,ana@example.com,12.50,2026-12-01,yes\n" +
		"A-2,RB123456785GB,DE,nobody,12.50,2026-12-01,yes\n" +
		"A-3,RB123456785GB,DE,,twelve,2026-12-01,yes\n" +
		"A-4,RB123456785GB,DE,,12.50,3/4/2026,yes\n" +
		"A-5,RB123456785GB,DE,,12.50,2026-12-01,maybe\n" +
		",RB123456785GB,DE,,12.50,2026-12-01,yes\n" +
		"A-7,A-7,DE,,12.50,2026-12-01,yes\n"
	res, err := orderfile.Read("o.csv", []byte(csv), orderfile.Options{Now: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		2: "不是国家：应为 ISO 3166 两位代码",
		3: "不是有效的邮箱地址",
		4: "不是金额",
		5: "日期有歧义：3/4 可能是日/月",
		6: "不是“是”或“否”",
		7: "缺少订单号",
		8: "与订单号相同",
	}
	zh, en := i18n.New(i18n.Zh), i18n.New(i18n.En)
	seen := map[int]bool{}
	for _, p := range res.Problems {
		if got := ProblemText(en, p); got != p.String() {
			t.Errorf("English line %d: %q, want orderfile's %q", p.Line, got, p.String())
		}
		w, ok := want[p.Line]
		if !ok {
			continue
		}
		seen[p.Line] = true
		got := ProblemText(zh, p)
		if !strings.Contains(got, w) || strings.Contains(got, p.Reason) {
			t.Errorf("line %d: %q, want %q and not the English %q", p.Line, got, w, p.Reason)
		}
		if p.Value != "" && !strings.Contains(got, p.Value) {
			t.Errorf("line %d: %q lost the value %q", p.Line, got, p.Value)
		}
	}
	for line := range want {
		if !seen[line] {
			t.Errorf("no problem on line %d: %+v", line, res.Problems)
		}
	}
}
