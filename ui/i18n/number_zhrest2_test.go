package i18n

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/tracker/number"
)

// The detector's notes with values (an S10 number's digits, a country
// code that is none) and the order number mix-up leading another note
// read in Chinese by their format, the number's characters as typed.
func TestDetectorNotesWithValuesInChinese(t *testing.T) {
	zh := New(Zh)
	for _, tt := range []struct {
		note, want, notWant string
	}{
		{number.Detect("RR1234567CN").Note, "此单号有 7 位", "Looks like"},
		{number.Detect("RR123456785XX").Note, "XX 不是国家代码", "is not a country code"},
		{number.NoteOrder + " " + number.NoteTooShort, "这像是速卖通订单号，不是运单号：运单号在订单的“Track order”（物流跟踪）页面。太短，不是运单号。", "Too short"},
	} {
		got := zh.DetectorNote(tt.note)
		if !strings.Contains(got, tt.want) || strings.Contains(got, tt.notWant) {
			t.Errorf("%q: Chinese %q, want %q", tt.note, got, tt.want)
		}
		if got := New(En).DetectorNote(tt.note); got != tt.note {
			t.Errorf("English %q, want the detector's %q", got, tt.note)
		}
	}
	r := number.Detect("RR123456784CN")
	if got := zh.NumberReason(r.Reason()); got != "校验位不符。校验位（4）不符：按 UPU S10 mod 11 计算应为 5。可能有字符输错或颠倒；请看建议。" {
		t.Errorf("reason %q: Chinese %q", r.Reason(), got)
	}
}

// A case action refused reads in Chinese through Err: the action, the
// step and the reason, a reissue's number as typed with the detector's
// note; English is tracker's text.
func TestCaseRefusalsInChinese(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		c    tracker.Case
		a    tracker.CaseAction
		want string
	}{
		{tracker.Case{Kind: tracker.ExLost, Step: tracker.StepReassure}, tracker.CaseAction{Type: tracker.ActSolve, Solution: &tracker.Solution{Type: tracker.SolveRefund}},
			"处于“安抚买家”步骤时不能解决：请先核实派送状态"},
		{tracker.Case{Kind: tracker.ExLost, Step: tracker.StepSolve}, tracker.CaseAction{Type: tracker.ActSolve, Solution: &tracker.Solution{Type: tracker.SolveReissue, ReissueTrackingNo: "RB123456784GB"}},
			`处于“解决”步骤时不能解决：补发运单号 "RB123456784GB"：校验位（4）不符`},
		{tracker.Case{Kind: tracker.ExLost, Step: tracker.StepSolve}, tracker.CaseAction{Type: tracker.ActNote},
			"处于“解决”步骤时不能备注：备注为空"},
	} {
		_, _, err := tt.c.Apply(tt.a, "ana", now)
		if err == nil {
			t.Fatalf("%v: not refused", tt.a)
		}
		wrapped := fmt.Errorf("case 1: %w", err)
		if got := New(Zh).Err(wrapped); !strings.HasPrefix(got, "case 1: "+tt.want) {
			t.Errorf("Chinese %q, want it to start %q", got, "case 1: "+tt.want)
		}
		if got := New(En).Err(wrapped); got != wrapped.Error() {
			t.Errorf("English %q, want %q", got, wrapped.Error())
		}
	}
}

// The store's deadline log details read back in Chinese: an alert's lead
// in hours as a span, due times and keys as written; English as stored.
func TestDeadlineLogInChinese(t *testing.T) {
	zh, en := New(Zh), New(En)
	for _, tt := range []struct{ action, detail, want string }{
		{"alerted", "72h before due (deadline:7:72h:1767225600)", "到期前 3天（deadline:7:72h:1767225600）"},
		{"alerted", "1.5h before due (k)", "到期前 1小时30分钟（k）"},
		{"added", "due 2026-12-06 12:00 UTC (rule)", "到期 2026-12-06 12:00 UTC（rule）"},
		{"moved", "due moved from 2026-12-06 12:00 UTC to 2026-12-08 12:00 UTC (aliexpress)", "到期时间由 2026-12-06 12:00 UTC 改为 2026-12-08 12:00 UTC（aliexpress）"},
		{"note", "buyer agreed", "buyer agreed"},
	} {
		if got := zh.StoredDeadlineLog(tt.action, tt.detail); got != tt.want {
			t.Errorf("%s %q: Chinese %q, want %q", tt.action, tt.detail, got, tt.want)
		}
		if got := en.StoredDeadlineLog(tt.action, tt.detail); got != tt.detail {
			t.Errorf("%s %q: English %q", tt.action, tt.detail, got)
		}
	}
}

// The detector's whole-sentence notes on a valid number (a format's, a
// UPS service's) are in the catalog, so the add form's note under a
// recognized number reads in Chinese.
func TestDetectorFixedNotesInChinese(t *testing.T) {
	have := catalogKeys()
	for _, n := range number.FixedNotes() {
		if !have[n] {
			t.Errorf("the catalog lacks the detector's note %q", n)
		}
	}
	if got := New(Zh).DetectorNote(number.Detect("1Z999AA10123456784").Note); got != "UPS 1Z 单号，服务 01（次日达）。" {
		t.Errorf("a UPS number's note in Chinese: %q", got)
	}
}
