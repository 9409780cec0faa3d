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

// The cases list (C) in Simplified Chinese on the real program over the
// demo store with three cases open, at 80×24 and 120×35: the filters in
// the title, the column heads, kinds, steps (1/4 安抚买家) and ages; the
// order and tracking numbers as they are, no character cut, no column out
// of line.
func TestGoldenChineseCasesList(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x35", 120, 35}} {
		t.Run(size.name, func(t *testing.T) {
			db, ref, hub := demoStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			svc := storeService(db, hub)
			rows, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 3})
			if err != nil || len(rows) != 3 {
				t.Fatalf("shipments: %v %v", rows, err)
			}
			for i, k := range []tracker.ExceptionKind{tracker.ExLost, tracker.ExCustoms, tracker.ExCarrierProblem} {
				r := rows[i]
				if _, err := svc.OpenCase(ctx, tracker.LocalActor("agent-7"), tracker.CaseRequest{OrderID: r.OrderID, ShipmentID: r.ShipmentID, Kind: k}); err != nil {
					t.Fatal(err)
				}
			}
			p := &probe{app: newApp(ctx, Options{Reader: db, Service: svc, ETA: db, History: db, Refresher: ref, Hub: hub,
				Clock: tracker.NewFixedClock(fixedNow), Actor: tracker.Actor{Name: "agent-7"}, Language: i18n.Zh})}
			tm := newProgram(t, p, size.w, size.h)
			waitFor(t, tm, p, "first screen", func(s snapshot) bool { return s.ready })
			tm.Send(KeyPress("C"))
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
				return strings.Contains(string(b), "承运商异常") && strings.Contains(string(b), "[处理中 3]")
			},
				teatest.WithDuration(hangGuard))
			tm.Send(KeyPress("ctrl+c"))
			out := plainView(tm.FinalModel(t, teatest.WithFinalTimeout(hangGuard)))
			lines := strings.Split(out, "\n")
			if len(lines) != size.h {
				t.Errorf("screen has %d lines, want %d", len(lines), size.h)
			}
			for i, l := range lines {
				if wd := widthOf(l); wd != size.w {
					t.Errorf("line %d is %d cells wide, want %d: %q", i+1, wd, size.w, l)
				}
			}
			checkBorders(t, lines)
			for _, s := range []string{"售后工单", "[处理中 3]", "运单号", "步骤", "丢件", "清关", "承运商异常", "1/4"} {
				if !strings.Contains(out, s) {
					t.Errorf("the Chinese cases list lacks %q", s)
				}
			}
			for _, s := range []string{"Cases", "due today", "reassure", "Step", "Follow-up"} {
				if strings.Contains(out, s) {
					t.Errorf("the Chinese cases list shows English %q", s)
				}
			}
			if size.w >= 120 {
				for _, s := range []string{"1/4 安抚买家", "时长", "刚刚"} {
					if !strings.Contains(out, s) {
						t.Errorf("the Chinese cases list at %d columns lacks %q", size.w, s)
					}
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}
