package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/tracker/orderfile"
	"waybill/ui/i18n"
)

// The paste sheet's detail line on a number that does not validate: the
// suggestions and the detector's note in Chinese, the numbers as they
// are; English is the line's reason as orderfile wrote it.
func TestPasteDetailSuggestionsInChinese(t *testing.T) {
	lines, _ := orderfile.ReadPaste("RB000000219GB\n")
	l := lines[0]
	zh := (&pasteSheet{c: &common{tr: i18n.New(i18n.Zh)}}).detail(l)
	if !strings.Contains(zh, "是否为 RB000000218GB 或 RB000000249GB") || !strings.Contains(zh, "？校验位（9）不符") ||
		strings.Contains(zh, "did you mean") || strings.Contains(zh, "check digit") {
		t.Errorf("Chinese %q", zh)
	}
	en := (&pasteSheet{c: &common{tr: i18n.New(i18n.En)}}).detail(l)
	if want := "line 1: invalid: " + l.Why; en != want || !strings.HasPrefix(l.Why, "did you mean RB000000218GB or ") {
		t.Errorf("English %q, want %q", en, want)
	}
}

// A store's error on the status line reads in Chinese, inside another
// frame too; English is its text, byte for byte.
func TestErrorTextSaysTheStoresErrorsInChinese(t *testing.T) {
	err := fmt.Errorf("assign: %w", tracker.Wrapf(tracker.StoreAssignNobody, "#3", "nobody"))
	if got := errorText(i18n.New(i18n.Zh), err); got != "assign: 指派 #3 给 \"nobody\"：该名称在筛选中表示“无人负责”" {
		t.Errorf("Chinese %q", got)
	}
	if got := errorText(i18n.New(i18n.En), err); got != err.Error() {
		t.Errorf("English %q, want %q", got, err)
	}
	if got := said(i18n.New(i18n.Zh), err).Error(); !strings.Contains(got, "无人负责") {
		t.Errorf("a view's error %q", got)
	}
}

// A case action refused, inside tracker's "case N: " frame, reads in
// Chinese without the frame on the case view's status line.
func TestCaseRefusalInChinese(t *testing.T) {
	now := time.Date(2026, 12, 6, 14, 0, 0, 0, time.UTC)
	c := tracker.Case{ID: 7, Step: tracker.StepReassure, State: tracker.CaseOpen, Kind: tracker.ExStale}
	_, _, cause := c.Apply(tracker.CaseAction{Type: tracker.ActNote}, "ana", now)
	if cause == nil {
		t.Fatal("an empty note was taken")
	}
	err := tracker.Wrapf(tracker.WrapCase, int64(7), cause)
	if got := refusal(i18n.New(i18n.Zh), err, 7); got != "处于“安抚买家”步骤时不能备注：备注为空" {
		t.Errorf("Chinese %q", got)
	}
	if got := refusal(i18n.New(i18n.En), err, 7); got != cause.Error() || got != "note at step reassure: the note is empty" {
		t.Errorf("English %q", got)
	}
}

// The help over a case is titled in the session's language: "工单 12"
// (its heading too), as the case view's own title; English as before.
func TestCaseHelpTitleInChinese(t *testing.T) {
	for _, tt := range []struct {
		lang i18n.Lang
		want string
	}{{i18n.Zh, "工单 12"}, {i18n.En, "case 12"}} {
		h := newHarness(t, Options{Reader: newFakeReader(3), Language: tt.lang}, 80, 24)
		h.app.caseView = newCaseView(h.app.c, caseDeps{}, 12)
		kh := h.app.keyHelp()
		if kh.title != tt.want {
			t.Errorf("%v: help title %q, want %q", tt.lang, kh.title, tt.want)
		}
		if hv := newHelpView(h.app.c, kh); hv.sections()[0].heading != capitalize(tt.want) {
			t.Errorf("%v: heading %q", tt.lang, hv.sections()[0].heading)
		}
	}
}

// A pane's read that fails with a store's error says it in Chinese (the
// orders pane, the status bar's count): worked out once as it comes in.
func TestPaneReadErrorInChinese(t *testing.T) {
	f := newFakeReader(10)
	f.failList = tracker.Wrapf(tracker.StoreLocked)
	h := newHarness(t, Options{Reader: f, Language: i18n.Zh}, 120, 35)
	out := ansi.Strip(h.view())
	if !strings.Contains(out, "数据库已锁定（另一个 waybill 正在写入？）") || strings.Contains(out, "database is locked") {
		t.Errorf("read error not in Chinese:\n%s", out)
	}
}
