package ui

import (
	"testing"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// What the status line says after an action, in Chinese: watch,
// acknowledge, assign, snooze for a day and undo, each with its count from
// the catalog and the undo key, and undo naming what it put back.
func TestChineseStatusAfterActions(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Actor: tracker.Actor{Name: "ana"}, Language: i18n.Zh}, 120, 35)
	h.press("u")
	wantOnScreen(t, h, "没有可撤销的操作")
	h.press("w")
	wantOnScreen(t, h, "：每次变化都会提醒 · 按 u 撤销")
	toQueue(h)
	h.press("a")
	wantOnScreen(t, h, "已确认：1 条异常 · 按 u 撤销")
	h.press("o")
	h.typeText("bo")
	h.press("enter")
	wantOnScreen(t, h, "已指派给 bo：1 条异常 · 按 u 撤销")
	h.press("s", "1")
	wantOnScreen(t, h, "已暂缓 1 天：1 条异常 · 按 u 撤销")
	h.press("u")
	wantOnScreen(t, h, "已撤销：已暂缓 1 天：1 条异常")
	h.press("u")
	wantOnScreen(t, h, "已撤销：已指派给 bo：1 条异常")
}
