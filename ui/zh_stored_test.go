package ui

import (
	"strings"
	"testing"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// storedFake is triageFake with the stored English tracker writes: the
// rules' details, an exception log with the rules' and a person's
// entries, and an alert as ExceptionAlert writes it.
func storedFake() (*fakeReader, tracker.ExceptionRow) {
	f := triageFake()
	for i := range f.exceptions {
		x := &f.exceptions[i]
		switch x.Kind {
		case tracker.ExLost:
			x.Detail = "no update for 31 days: presumed lost"
		case tracker.ExStale:
			x.Detail = "no update for 9 days: request an investigation"
		case tracker.ExCustoms:
			x.Detail = "carrier: Zoll: Rechnung fehlt" // the carrier's words
		}
	}
	first := f.exceptions[0] // lost, the oldest: the queue's first row
	f.logChange(first.ID, "rules", "opened", first.OpenedAt, first.Detail)
	f.logChange(first.ID, "ana", tracker.LogAssigned, first.OpenedAt.Add(1), "nobody (was bob)")
	subject, body := tracker.ExceptionAlert(first.Exception,
		tracker.Shipment{TrackingNo: first.TrackingNo, Carrier: first.Carrier, Destination: first.Destination},
		tracker.Order{OrderNo: first.OrderNo})
	f.alerts = []tracker.Alert{{ID: 1, Kind: string(first.Kind), Severity: first.Severity, Subject: subject, Body: body,
		CreatedAt: fixedNow, ShipmentID: first.ShipmentID}}
	return f, first
}

// Stored text reads in the session's language: the queue's details, the
// log (l) and the alert list (!) in Chinese, built from the form tracker
// wrote them in; a carrier's own words, tracking and order numbers as
// they are; English exactly as stored.
func TestStoredTextInTheSessionsLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang      i18n.Lang
		queue     []string
		log       []string
		alerts    []string
		neverSeen []string
	}{
		{i18n.Zh,
			[]string{"31 天无更新：疑似丢件", "9 天无更新：请申请物流调查", "承运商：Zoll: Rechnung fehlt"},
			[]string{"产生 · 31 天无更新：疑似丢件", "指派 · 无人（原为 bob）"},
			[]string{"[waybill] 丢件：", "（订单 ", "异常：丢件（紧急）", "详情：31 天无更新：疑似丢件", "建议下一步：索赔（附交易凭证）；补发或退款"},
			[]string{"no update for", "presumed lost", "nobody (was", "(order ", "Suggested next action"}},
		{i18n.En,
			[]string{"no update for 31 days: presumed lost", "no update for 9 days: request an", "carrier: Zoll: Rechnung fehlt"},
			[]string{"opened · no update for 31 days: presumed lost", "assigned · nobody (was bob)"},
			[]string{"[waybill] lost: ", " (order ", "Exception: lost (critical)", "Detail: no update for 31 days: presumed lost"},
			[]string{"天无更新", "无人", "订单 "}},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			f, first := storedFake()
			h := newHarness(t, Options{Reader: f, Language: tt.lang}, 200, 40)
			toQueue(h)
			var seen []string
			check := func(where string, want []string) {
				t.Helper()
				out := screen(h)
				seen = append(seen, out)
				for _, s := range want {
					if !strings.Contains(out, s) {
						t.Errorf("%s lacks %q:\n%s", where, s, out)
					}
				}
			}
			check("the queue", tt.queue)
			h.press("l")
			check("the log", tt.log)
			h.press("esc", "!")
			check("the alert list", append(tt.alerts, first.TrackingNo, first.OrderNo))
			for _, out := range seen {
				for _, s := range tt.neverSeen {
					if strings.Contains(out, s) {
						t.Errorf("%s shows %q:\n%s", tt.lang, s, out)
					}
				}
			}
		})
	}
}

// The store is not rewritten: the screen translates what it read, and the
// rows it holds for a write (the queue's raw numbers) are tracker's.
func TestStoredTextIsNotWrittenBack(t *testing.T) {
	f, first := storedFake()
	h := newHarness(t, Options{Reader: f, Language: i18n.Zh}, 200, 40)
	toQueue(h)
	if f.exceptions[0].Detail != first.Detail || !strings.Contains(f.alerts[0].Body, "Suggested next action: ") {
		t.Errorf("the reader's rows changed: %q, %q", f.exceptions[0].Detail, f.alerts[0].Body)
	}
}

// A date or an amount the add form refuses says why in the session's
// language; the field is named in it, the value as typed.
func TestAddFormRefusalsInChinese(t *testing.T) {
	for _, tt := range []struct {
		field, value, want, notWant string
	}{
		{afShipped, "soonish", `发货日期："soonish" 不是日期：请写 `, "is not a date"},
		{afAmount, "12.345", `金额 "12.345"：超过两位小数：最多到分，如 12.50`, "more than two decimals"},
	} {
		t.Run(tt.field, func(t *testing.T) {
			h, _, _ := addHarness(t, Options{Language: i18n.Zh})
			h.press("a")
			h.typeText("WB-902")
			h.press("tab")
			h.typeText("RR123456785CN")
			f := h.app.sheet.(*addForm)
			for f.focus >= len(f.fields) || f.fields[f.focus].key != tt.field {
				h.press("tab")
			}
			h.typeText(tt.value)
			h.press("enter")
			out := screen(h)
			if !strings.Contains(out, tt.want) || strings.Contains(out, tt.notWant) {
				t.Errorf("the form does not say %q (or says %q):\n%s", tt.want, tt.notWant, out)
			}
		})
	}
}

// A case's log reads in the session's language where tracker wrote it in
// a form (the kind opened for, a step, a solution, a root cause, a
// reference); a person's words as written, English as stored.
func TestCaseLogDetailsInTheSessionsLanguage(t *testing.T) {
	log := []tracker.CaseEntry{
		{Action: "open", Detail: "lost"},
		{Action: tracker.ActInvestigate, Detail: "logistics investigation requested [ref INV-77]"},
		{Action: tracker.ActGoTo, Detail: "verify → solve"},
		{Action: tracker.ActSolve, Detail: "partial refund 12.50 USD"},
		{Action: tracker.ActFollowUp, Detail: "next follow-up 2026-03-23 12:00"},
		{Action: tracker.ActClose, Detail: "buyer refunded (root cause: carrier)"},
		{Action: tracker.ActNote, Detail: "next follow-up by phone"},
	}
	want := map[i18n.Lang][]string{
		i18n.Zh: {"丢件", "已申请物流调查（编号 INV-77）", "核实 → 解决", "部分退款 12.50 USD", "下次跟进 2026-03-23 12:00",
			"buyer refunded（根本原因：承运商）", "next follow-up by phone"},
	}
	for _, e := range log {
		want[i18n.En] = append(want[i18n.En], e.Detail)
	}
	for lang, w := range want {
		got := sanitizeLog(log, i18n.New(lang))
		for i := range got {
			if got[i].Detail != w[i] {
				t.Errorf("%s %s: %q, want %q", lang, log[i].Action, got[i].Detail, w[i])
			}
		}
	}
}
