package main

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/store"
	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// Issue 26, the forms: a Chinese session over a store the built binary
// filled edits the order, adds one with the add form and pastes a list,
// each form in Chinese; the binary then reads back what the forms wrote,
// typed Chinese and all.
func TestZhFormsWriteWhatTheBinaryReads(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := orderViewSeed(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	clock := tracker.SystemClock{}
	model := ui.New(ctx, ui.Options{Reader: st, Service: tracker.NewService(st, clock, nil, st), ETA: st, History: st,
		Clock: clock, Actor: tracker.LocalActor("ana"), Title: "zh", Language: i18n.Zh})
	rec := &viewRecorder{inner: model}
	s := &screenSession{t: t, rec: rec, st: st, tm: teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(120, 35))}
	defer s.close()
	s.waitFor(" 1/", "订单号", "共 2 个包裹")

	var shown []string
	s.keys("enter")
	s.waitFor("订单 OV-1")
	s.keys("e")
	s.waitFor("编辑订单 OV-1", "只写入修改过的字段")
	s.typeText("王芳")
	shown = append(shown, s.waitFor("王芳", "已修改", "买家", "邮箱", "申报价值"))
	s.keys("enter")
	s.waitFor("订单 OV-1 已修改：买家")
	s.keys("esc")
	s.waitFor("共 2 个包裹")

	s.keys("a")
	s.waitFor("添加订单", "订单号", "运单号")
	s.typeText("OV-2")
	s.keys("tab")
	s.typeText("RB000000217GB") // RB000000218GB, one digit off
	shown = append(shown, s.waitFor("✗ 校验位错误", "是否为："))
	s.tm.Send(tea.KeyPressMsg{Code: '1', Mod: tea.ModAlt})
	shown = append(shown, s.waitFor("✓ Royal Mail · 可信度"))
	s.keys("enter")
	s.waitFor("已将 RB000000218GB（royal-mail）加入订单 OV-2")

	s.tm.Send(tea.PasteMsg{Content: "OV-3\tRB000000221GB\nRB000000221GB\n"})
	shown = append(shown, s.waitFor("添加粘贴的包裹", "2 行：1 条有效 · 1 条重复 → 添加 1 条", "结果"))
	s.keys("enter")
	s.waitFor("已添加 1 个包裹到 1 个订单（1 个新订单）；跳过 1 行")
	for i, screen := range shown {
		for _, en := range []string{"Edit order", "Buyer ", "changed", "Add an order", "did you mean", "sure", "lines:", "Verdict"} {
			if strings.Contains(screen, en) {
				t.Errorf("screen %d shows English %q:\n%s", i, en, screen)
			}
		}
	}
	s.close()

	out := waybillDo(t, db, "list", "--json")
	for _, w := range []string{"王芳", `"OV-2"`, "RB000000218GB", `"OV-3"`, "RB000000221GB"} {
		if !strings.Contains(out, w) {
			t.Errorf("waybill list lacks %s:\n%s", w, out)
		}
	}
}
