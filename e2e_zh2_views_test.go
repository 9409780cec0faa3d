package main

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/store"
	"waybill/tracker"
	"waybill/tracker/templates"
	"waybill/ui"
	"waybill/ui/i18n"
)

// Issue 26, more views: a store the built binary filled (an order of two
// parcels, a case on one, a claim on the case) read by a Chinese session:
// the order view, the case view, the cases list and the claims ledger in
// Chinese, with the order number, tracking numbers and carrier names as
// the binary stored them, and none of the English each view said before.
func TestZhViewsOverABinarysStore(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := orderViewSeed(t)
	waybillDo(t, db, "case", "open", "RB123456785GB", "--kind", "lost")
	waybillDo(t, db, "claim", "add", "1", "--party", "royal-mail", "--amount", "29.90", "--currency", "EUR")

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	set, err := templates.New("")
	if err != nil {
		t.Fatal(err)
	}
	clock := tracker.SystemClock{}
	model := ui.New(ctx, ui.Options{Reader: st, Service: tracker.NewService(st, clock, nil, st), ETA: st, History: st,
		Clock: clock, Actor: tracker.LocalActor("ana"), Templates: set, Title: "zh", Language: i18n.Zh})
	rec := &viewRecorder{inner: model}
	s := &screenSession{t: t, rec: rec, st: st, tm: teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(120, 35))}
	defer s.close()
	s.waitFor(" 1/", "订单号", "共 2 个包裹")

	var shown []string
	s.keys("enter")
	shown = append(shown, s.waitFor("订单 OV-1", "包裹 · 2", "售后工单 · 1", "RB123456785GB  Royal Mail · 暂无信息",
		"RR123456785CN  China Post", "工单 1/4 安抚买家", "HS编码", "申报价值"))
	s.keys("esc")
	s.waitFor("订单号")
	s.keys("C")
	shown = append(shown, s.waitFor("售后工单 [处理中 1]", "步骤", "1/4 安抚买家", "丢件"))
	s.keys("enter")
	shown = append(shown, s.waitFor("工单 1 · OV-1 · 丢件", "›1 安抚买家", "给买家的消息", "记录 · 1"))
	s.keys("esc")
	s.waitFor("售后工单 [处理中 1]")
	s.keys("esc", "$")
	shown = append(shown, s.waitFor("索赔", "全部状态 · 1 笔索赔", "草稿", "29.90 EUR", "royal-mail"))
	for i, screen := range shown {
		for _, en := range []string{"Parcels ·", "Cases ·", "Buyer ", "case 1/4", "reassure", "Claims", "draft", "all states", " unread"} {
			if strings.Contains(screen, en) {
				t.Errorf("screen %d shows English %q:\n%s", i, en, screen)
			}
		}
	}
}
