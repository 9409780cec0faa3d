package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// zhSizes are the terminal sizes of the Chinese goldens of the forms.
var zhSizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 24}, {"120x35", 120, 35}}

// checkZhScreen checks what a reader of double-width text would see go
// wrong on a screen: a line not the terminal's width (a wide character
// cut, a column measured in bytes), a border out of line, English left
// where the catalog has the words, and a word that must be there.
func checkZhScreen(t *testing.T, s string, w, h int, want, english []string) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := widthOf(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i+1, got, w, l)
		}
	}
	checkBorders(t, lines)
	for _, x := range want {
		if !strings.Contains(s, x) {
			t.Errorf("the Chinese screen lacks %q:\n%s", x, s)
		}
	}
	for _, x := range english {
		if strings.Contains(s, x) {
			t.Errorf("the Chinese screen shows English %q:\n%s", x, s)
		}
	}
}

// zhProgram runs the real program in Chinese over a store, for a form's
// golden: typeText types as a person does, one key a rune.
func zhProgram(t *testing.T, opts Options, w, h int) (*screenProbe, *teatest.TestModel, func(string)) {
	t.Helper()
	opts.Clock, opts.Language = tracker.NewFixedClock(fixedNow), i18n.Zh
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	app := newApp(ctx, opts)
	app.tickEvery = 0
	p := &screenProbe{app: app}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	typeText := func(s string) {
		for _, r := range s {
			tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	return p, tm, typeText
}

// The add form in Chinese: a mistyped number with its check digit wrong
// and its suggestions, a product in Chinese typed as it is, and a field
// check naming the field and the value; then the number fixed from the
// suggestions, written, and the status line in Chinese.
func TestGoldenChineseAddForm(t *testing.T) {
	for _, size := range zhSizes {
		t.Run(size.name, func(t *testing.T) {
			db, _, hub := demoStore(t)
			p, tm, typeText := zhProgram(t, Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Hub: hub,
				Title: "demo.db"}, size.w, size.h)
			p.waitFor(t, "a 添加")
			tm.Send(KeyPress("a"))
			p.waitFor(t, "添加订单")
			typeText("WB-Z1")
			tm.Send(KeyPress("tab"))
			typeText("RR123456784CN")
			top := p.waitFor(t, "alt+3 RR123456785CN")
			checkZhScreen(t, top, size.w, size.h,
				[]string{"添加订单", "订单号", "运单号", "承运商", "WB-Z1", "RR123456784CN", "✗ 校验位错误：", "校验位（4）不符", "是否为：", "alt+1"},
				[]string{"Order no", "Tracking no", "did you mean", "invalid check digit", "Add an order", "check digit ("})
			for range 4 { // to the email
				tm.Send(KeyPress("tab"))
			}
			typeText("ana@")
			email := p.waitFor(t, `邮箱 "ana@" 不是有效地址`)
			checkZhScreen(t, email, size.w, size.h, []string{"发货日期", "保险", "是 或 否"}, []string{"Shipped", "is not an address", "yes or no"})
			golden.RequireEqual(t, []byte(top+"\n\n"+email))

			tm.Send(alt('3'))
			p.waitFor(t, "✓ China Post · 可信度")
			tm.Send(KeyPress("ctrl+u")) // the email cleared: the form takes the order
			tm.Send(KeyPress("enter"))
			p.waitFor(t, "已将 RR123456785CN（china-post）加入订单 WB-Z1")
			tm.Send(KeyPress("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		})
	}
}

// The order edit form in Chinese over the order of TestTeatestOrderView:
// its fields prefilled, one changed (Chinese typed into it as it is), a
// packaging note too long refused in Chinese, naming the field.
func TestGoldenChineseEditForm(t *testing.T) {
	for _, size := range zhSizes {
		t.Run(size.name, func(t *testing.T) {
			db, svc, hub := orderViewStore(t)
			p, tm, typeText := zhProgram(t, Options{Reader: db, Service: svc, ETA: db, Hub: hub, Title: "orders.db",
				Actor: tracker.LocalActor("ana")}, size.w, size.h)
			p.waitFor(t, "共 2 个包裹")
			p.waitFor(t, "1 条未读")
			tm.Send(KeyPress("enter"))
			p.waitFor(t, "发货提醒")
			tm.Send(KeyPress("e"))
			p.waitFor(t, "编辑订单 OV-1001")
			typeText("王芳")
			s := p.waitFor(t, "王芳")
			p.waitFor(t, "已修改")
			checkZhScreen(t, s, size.w, size.h,
				[]string{"编辑订单 OV-1001", "只写入修改过的字段", "买家", "王芳", "邮箱", "anna@example.ru", "包装", "供快递员联系", "否"},
				[]string{"Edit order", "Buyer", "changed", "for the courier", "Packaging"})
			golden.RequireEqual(t, []byte(s))
			tm.Send(KeyPress("enter"))
			p.waitFor(t, "订单 OV-1001 已修改：买家")
			tm.Send(KeyPress("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		})
	}
}
