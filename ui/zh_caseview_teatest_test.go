package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The case view in Simplified Chinese on the real program over the demo
// store: a lost parcel's case at each of its first three steps, at 80×24
// and 120×35. The buyer's message stays in the buyer's language (the
// templates'); the order number, tracking number and carrier stay as they
// are. Beside the goldens: no line other than the terminal's width (a wide
// character cut), the border in line, and no English where the catalog has
// the words.
func TestGoldenChineseCaseView(t *testing.T) {
	for _, tt := range []struct {
		name string
		w, h int
		step tracker.CaseStep
		zh   []string
	}{
		{"reassure_80x24", 80, 24, tracker.StepReassure, []string{"工单 1", "丢件", "处理中", "1 安抚买家", "2 核实", "给买家的消息", "主题"}},
		{"verify_80x24", 80, 24, tracker.StepVerify, []string{"✓1 安抚买家", "›2 核实", "包裹", "最新轨迹", "承运商预计", "物流调查", "承运商答复", "编号"}},
		{"solve_80x24", 80, 24, tracker.StepSolve, []string{"›3 解决", "解决方案", "补发", "运单号", "输入新包裹的运单号"}},
		{"reassure_120x35", 120, 35, tracker.StepReassure, []string{"工单 1", "给买家的消息", "记录 · 1", "安抚买家"}},
		{"verify_120x35", 120, 35, tracker.StepVerify, []string{"›2 核实", "最新轨迹", "已申请", "编号 INV-77"}},
		{"solve_120x35", 120, 35, tracker.StepSolve, []string{"›3 解决", "补发", "退款", "运单号"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, ref, hub := demoStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			p := &probe{app: newApp(ctx, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Refresher: ref,
				Hub: hub, Clock: tracker.NewFixedClock(fixedNow), Actor: tracker.Actor{Name: "agent-7"},
				Templates: mustTemplates(t), Seller: "Acme Shop", Language: i18n.Zh})}
			w := &caseWalk{t: t, db: db, p: p, ctx: context.Background(), tm: newProgram(t, p, tt.w, tt.h)}
			w.waitUI("first screen", func(s snapshot) bool { return s.ready })
			first, err := db.ListShipments(w.ctx, tracker.ListQuery{Limit: 1})
			if err != nil || len(first) != 1 {
				t.Fatalf("first shipment: %v %v", first, err)
			}
			c := w.openCase(first[0].ShipmentID, tracker.ExLost)
			if tt.step != tracker.StepReassure {
				w.keys("y", "enter")
				w.waitCase("reassured", c.ID, func(r tracker.CaseRow) bool { return r.Step == tracker.StepVerify })
				w.keys("tab")
				w.typeText("承运商确认丢件")
				w.keys("tab")
				w.typeText("INV-77")
				w.keys("esc", "i")
				w.waitCase("investigation requested", c.ID, func(r tracker.CaseRow) bool { return r.InvestigationRequested })
			}
			if tt.step == tracker.StepSolve {
				w.keys("enter")
				w.waitCase("verified", c.ID, func(r tracker.CaseRow) bool { return r.Step == tracker.StepSolve })
			}
			w.keys("ctrl+c")
			out := plainView(w.tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard)))
			lines := strings.Split(out, "\n")
			if len(lines) != tt.h {
				t.Errorf("screen has %d lines, want %d", len(lines), tt.h)
			}
			for i, l := range lines {
				if wd := widthOf(l); wd != tt.w {
					t.Errorf("line %d is %d cells wide, want %d: %q", i+1, wd, tt.w, l)
				}
			}
			checkBorders(t, lines)
			for _, s := range tt.zh {
				if !strings.Contains(out, s) {
					t.Errorf("the Chinese case view lacks %q", s)
				}
			}
			for _, s := range []string{"Case 1", "reassure", "verify", "Last event", "Message to the buyer", "Solution", "follow-up due", "Log ·"} {
				if strings.Contains(out, s) {
					t.Errorf("the Chinese case view shows English %q", s)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}
