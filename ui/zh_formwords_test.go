package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/ui/i18n"
)

// The detector's notes the screen translates are the detector's own: a
// reworded note in tracker/number would otherwise fall back to English
// without a word. Each input gives one of them.
func TestDetectorNotesAreKnown(t *testing.T) {
	zh := i18n.New(i18n.Zh)
	for _, tt := range []struct{ in, want string }{
		{"", "未输入：请粘贴运单号。"},
		{"RR12#4", "含有运单号中不会出现的字符（运单号只有字母和数字）。"},
		{"12345", "太短，不是运单号。"},
		{"ABCDEFGHIJKLMN", "不是已知的运单号格式。"},
		{"8123456789012345", "这像是速卖通订单号，不是运单号：运单号在订单的“Track order”（物流跟踪）页面。"},
		{"RR123456784CN", "校验位（4）不符：按 UPU S10 mod 11 计算应为 5。可能有字符输错或颠倒；请看建议。"},
		{"RR12345G785CN", "按输入的内容不是有效运单号，但把一个形似数字的字母改为数字后校验位吻合；请看建议。"},
	} {
		note := number.Detect(tt.in).Note
		if got := detectorNote(zh, note); got != tt.want {
			t.Errorf("Detect(%q).Note %q: Chinese %q, want %q", tt.in, note, got, tt.want)
		}
		if got := detectorNote(i18n.New(i18n.En), note); got != strings.TrimSpace(note) {
			t.Errorf("Detect(%q): English %q, want the detector's %q", tt.in, got, note)
		}
	}
	// The order number mix-up leading a note the catalog lacks: the
	// mix-up in Chinese, the rest as the detector wrote it.
	got := detectorNote(zh, orderNumberNote+" DHL Express waybill.")
	if !strings.HasPrefix(got, "这像是速卖通订单号") || !strings.HasSuffix(got, "DHL Express waybill.") {
		t.Errorf("order note with a tail: %q", got)
	}
}

// Every label of the add form and the edit form is in the catalog, so no
// Chinese form shows an English label (they are asked for by value).
func TestFormLabelsAreInTheCatalog(t *testing.T) {
	c := &common{tr: i18n.New(i18n.Zh), now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
	fields := addFields(c.now)
	fields = append(fields, newOrderEditForm(c, tracker.Order{OrderNo: "X"}, "X").fields()...)
	for _, fl := range fields {
		if got := c.tr.Word(fl.label); got == fl.label {
			t.Errorf("label %q has no Chinese", fl.label)
		}
	}
}

// A write's refused fields read in Chinese: the field's name, the value
// as given, the reason when tracker's is a known one; an unknown reason
// is tracker's English. English is tracker's text, byte for byte.
func TestFieldErrorsInChinese(t *testing.T) {
	zh, en := i18n.New(i18n.Zh), i18n.New(i18n.En)
	bad := tracker.CheckOrder(tracker.OrderDetail{Order: tracker.Order{OrderNo: "A-1", Email: "ana@", Currency: "usd",
		HSCode: "12", Packaging: strings.Repeat("箱", tracker.MaxPackagingRunes+1)}})
	if len(bad) != 4 {
		t.Fatalf("CheckOrder: %v", bad)
	}
	err := fmt.Errorf("order A-1: %w", bad)
	got := errorText(zh, err)
	for _, w := range []string{`邮箱 "ana@"：不是有效的邮箱地址`, `币种 "usd"：不是币种`, `HS编码 "12"：不是 HS编码`, "包装 ", "超过 300 个字符"} {
		if !strings.Contains(got, w) {
			t.Errorf("Chinese %q lacks %q", got, w)
		}
	}
	if strings.Contains(got, "not ") {
		t.Errorf("Chinese %q has English left", got)
	}
	if got := errorText(en, err); got != err.Error() {
		t.Errorf("English %q, want tracker's %q", got, err.Error())
	}
	odd := tracker.FieldError{Field: "buyer", Value: "x", Reason: "a reason tracker added later"}
	if got := fieldErrorText(zh, odd); got != `买家 "x"：a reason tracker added later` {
		t.Errorf("unknown reason: %q", got)
	}
	if got := errorText(zh, fmt.Errorf("disk full")); got != "disk full" {
		t.Errorf("another error: %q", got)
	}
}

// The queue's filter takes a kind by its Chinese name as the queue shows
// it, beside the English names and prefixes, and says what is wrong in
// Chinese; English is as before.
func TestFilterKindsInChinese(t *testing.T) {
	zh := i18n.New(i18n.Zh)
	got, err := parseKindsIn(zh, "清关, 丢件, stale, 清关")
	want := []tracker.ExceptionKind{tracker.ExCustoms, tracker.ExLost, tracker.ExStale}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Chinese kinds: %v, %v; want %v", got, err, want)
	}
	if _, err := parseKindsIn(zh, "xyz"); err == nil || !strings.HasPrefix(err.Error(), `没有类型 "xyz"；可用类型：无轨迹 (no_tracking)、`) {
		t.Errorf("unknown kind in Chinese: %v", err)
	}
	if _, err := parseKinds("xyz"); err == nil || !strings.HasPrefix(err.Error(), `no kind "xyz"; kinds: no_tracking, `) {
		t.Errorf("unknown kind in English: %v", err)
	}
	if _, err := parseKinds("清关"); err == nil {
		t.Error("an English session took a Chinese kind name")
	}
}

// The date forms a date field takes (tracker.DateForms) are in the
// catalog, so the snooze prompt's hint reads in Chinese.
func TestDateFormsInTheCatalog(t *testing.T) {
	if got := i18n.New(i18n.Zh).Word(tracker.DateForms); got == tracker.DateForms {
		t.Errorf("tracker.DateForms %q has no Chinese", got)
	}
}

// The refusal of a mistyped number in Chinese: the detector's note and
// the suggestions, the note's stop giving way to the question as in
// English.
func TestExplainNumberInChinese(t *testing.T) {
	r := number.Detect("RR123456784CN")
	got := explainNumber(i18n.New(i18n.Zh), r)
	if !strings.HasPrefix(got, "校验位不符。校验位（4）不符") || !strings.Contains(got, "请看建议；是否为 RR123456184CN 或 ") || strings.Contains(got, "。；") {
		t.Errorf("Chinese: %q", got)
	}
	if got := explainNumber(i18n.New(i18n.En), r); got != r.Explain() {
		t.Errorf("English: %q, want %q", got, r.Explain())
	}
}
