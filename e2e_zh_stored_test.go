package main

import (
	"encoding/json"
	"strconv"
	"testing"
)

// Stored text and refused values speak Chinese under a Chinese locale
// (issue 26): an exception's detail and its log's entries are rendered
// from the form the rules wrote them in, and a refused date or amount
// says why in Chinese; the store keeps the English, so --json and the C
// locale print exactly what they did.
func TestZhCLIStoredTextAndRefusals(t *testing.T) {
	zhDB, enDB := twoStores(t)
	// Which exception is the untracked one depends on the demo's day, so
	// it is looked up rather than assumed.
	untracked := untrackedException(t, zhDB)
	if en := untrackedException(t, enDB); en != untracked {
		t.Fatalf("the demo stores of one seed differ: untracked exception %s and %s", untracked, en)
	}
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"exception", "list"},
			zh:      []string{"天无更新：请申请物流调查", "无跟踪服务：此单号无法跟踪到买家"},
			en:      []string{"days: request an investigation", "untracked service: the number cannot be followed to the buyer"},
			notInZh: []string{"request an investigation", "untracked service"}},
		// Machine output is the stored English in either language.
		{args: []string{"exception", "list", "--json"},
			zh: []string{`"detail": "no update for `, `days: request an investigation"`},
			en: []string{`"detail": "no update for `}},
		{args: []string{"exception", "log", untracked},
			zh:      []string{"产生", "无跟踪服务：此单号无法跟踪到买家"},
			en:      []string{"opened", "untracked service: the number cannot be followed to the buyer"},
			notInZh: []string{"opened", "untracked service"}},
		{args: []string{"add", "--order", "WB-ZS1", "--tracking", "RR123456785CN", "--shipped", "soonish"}, code: 2,
			zh:      []string{`--shipped: "soonish" 不是日期：请写 YYYY-MM-DD、today`},
			en:      []string{`--shipped: "soonish" is not a date: write YYYY-MM-DD, today`},
			notInZh: []string{"is not a date"}},
		{args: []string{"add", "--order", "WB-ZS2", "--tracking", "RR123456785CN", "--amount", "12.345"}, code: 2,
			zh:      []string{`--amount "12.345"：超过两位小数：最多到分，如 12.50`},
			en:      []string{`more than two decimals: want at most cents, such as 12.50`},
			notInZh: []string{"more than two decimals"}},
		{args: []string{"exception", "snooze", "2", "--until", "2020-01-01"}, code: 2,
			zh: []string{`"2020-01-01" 不是将来的日期`},
			en: []string{`"2020-01-01" is not in the future`}},
	})
}

// untrackedException is the id of db's open untracked exception.
func untrackedException(t *testing.T, db string) string {
	t.Helper()
	r := waybill(t, "exception", "list", "--json", "--db", db)
	var xs []struct {
		ID   int64  `json:"id"`
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &xs); err != nil {
		t.Fatalf("exception list --json: %v\n%s", err, r.stdout)
	}
	for _, x := range xs {
		if x.Kind == "untracked" {
			return strconv.FormatInt(x.ID, 10)
		}
	}
	t.Fatalf("no untracked exception in %s:\n%s", db, r.stdout)
	return ""
}
