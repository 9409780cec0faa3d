package ui

import (
	"context"
	"strings"
	"testing"

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

// zhDemo runs the real program in Chinese over a new demo store, with
// the options a form's golden needs (more, when set changes them), and
// waits for its first screen to be whole.
func zhDemo(t *testing.T, w, h int, set func(*Options)) (*screenProbe, *teatest.TestModel, func(string)) {
	t.Helper()
	db, _, hub := demoStore(t)
	opts := Options{Reader: db, Service: storeService(db, hub), ETA: db, History: db, Hub: hub, Title: "demo.db"}
	if set != nil {
		set(&opts)
	}
	p, tm, typeText := zhProgram(t, opts, w, h)
	demoSettled(t, p)
	return p, tm, typeText
}

// demoSettled waits for the demo store's first screen to be whole: the
// title bar's unread alerts and the status bar's counts are read apart
// from the panes, and a golden taken before them differs under load.
func demoSettled(t *testing.T, p *screenProbe) {
	t.Helper()
	// The orders page is read apart from the counts too: its first row.
	for _, w := range []string{"4 条未读", "14 个订单待检查", "共 63 个包裹", "4 条待处理", "#62141 RC750834324CN"} {
		p.waitFor(t, w)
	}
}

// The add form in Chinese: a mistyped number with its check digit wrong
// and its suggestions, a product in Chinese typed as it is, and a field
// check naming the field and the value; then the number fixed from the
// suggestions, written, and the status line in Chinese.
func TestGoldenChineseAddForm(t *testing.T) {
	for _, size := range zhSizes {
		t.Run(size.name, func(t *testing.T) {
			p, tm, typeText := zhDemo(t, size.w, size.h, nil)
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
			tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
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
			// The page is read apart from the counts: enter before its rows
			// are on the screen opens nothing (CI, at load).
			p.waitFor(t, "OV-1001 RR123456785CN")
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
			tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
		})
	}
}

// The paste confirmation in Chinese: a line with its order, one without
// (the order number asked for first), a number pasted twice, a mistyped
// one with its suggestions; the totals, the verdicts, the selected line
// in full, the keys. Then the order given and the lines written.
func TestGoldenChinesePasteSheet(t *testing.T) {
	for _, size := range zhSizes {
		t.Run(size.name, func(t *testing.T) {
			p, tm, typeText := zhDemo(t, size.w, size.h, nil)
			p.waitFor(t, "#62141") // the selected order: the sheet offers it for the bare numbers
			a, b := s10("RB", 21, "GB"), s10("RB", 22, "GB")
			tm.Send(tea.PasteMsg{Content: "WB-Z2\t" + a + "\n" + b + "\n" + a + "\nRR123456784CN\n"})
			p.waitFor(t, "4 行：2 条有效 · 1 条无效 · 1 条重复 → 添加 2 条")
			tm.Send(KeyPress("tab"))
			tm.Send(KeyPress("ctrl+u"))
			typeText("WB-Z3")
			s := p.waitFor(t, "WB-Z3")
			checkZhScreen(t, s, size.w, size.h,
				[]string{"添加粘贴的包裹", "共 4 行", "无订单号的单号归入订单", "WB-Z3", "订单号", "运单号", "结果", "重复，跳过",
					"无效，跳过：是否为", "第 1 行：有效，Royal Mail 98%", "添加 2 条", "esc 取消", a, b},
				[]string{"lines", "Verdict", "skipped", "did you mean", "to add"})
			golden.RequireEqual(t, []byte(s))
			tm.Send(KeyPress("enter"))
			p.waitFor(t, "已添加 2 个包裹到 2 个订单（2 个新订单）；跳过 2 行")
			tm.Send(KeyPress("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
		})
	}
}

// The import sheet in Chinese over a file with a bad row: the report, the
// choices (write all refused), the problems table; then the good rows
// written and the summary. The file's problems are the reader's English.
func TestGoldenChineseImportSheet(t *testing.T) {
	for _, size := range zhSizes {
		t.Run(size.name, func(t *testing.T) {
			p, tm, typeText := zhDemo(t, size.w, size.h, func(o *Options) { o.ImportFiles = true })
			tm.Send(KeyPress("i"))
			p.waitFor(t, "导入订单文件")
			first := p.waitFor(t, "CSV 或 XLSX 导出文件")
			checkZhScreen(t, first, size.w, size.h, []string{"文件 ", "enter 读取", "esc 取消"}, []string{"File", "read"})
			typeText("testdata/orders_bad.csv")
			tm.Send(KeyPress("enter"))
			s := p.waitFor(t, "已读取 3 行")
			tm.Send(KeyPress("w"))
			s = p.waitFor(t, "拒绝全部写入")
			checkZhScreen(t, s, size.w, size.h,
				[]string{"导入订单文件", "已读取 3 行：2 个订单，2 个包裹 · 1 行错误，1 个问题", "w：全部写入（已拒绝", "s：写入 2 个正确的订单",
					"esc：取消，不写入", "列", "原因", "RR123456784CN",
					`第 3 行：列 "tracking_no"：值 "RR123456784CN"：校验位不符。校验位（4）不符`},
				[]string{"rows read", "write all", "Reason", "cancel", "check digit", "did you mean", "。；"})
			golden.RequireEqual(t, []byte(first+"\n\n"+s))
			tm.Send(KeyPress("s"))
			p.waitFor(t, "已写入 2/2 个订单（新订单 2 个，新包裹 2 个）；跳过 1 行错误")
			tm.Send(KeyPress("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
		})
	}
}

// The queue's filter prompt and the snooze prompt in Chinese, over the
// demo store's queue: a kind typed by its Chinese name beside one no kind
// has, refused in Chinese with the kinds listed; then the filter taken and
// the snooze prompt asking for a date, its label as wide as it is.
func TestGoldenChinesePrompts(t *testing.T) {
	for _, size := range zhSizes {
		t.Run(size.name, func(t *testing.T) {
			p, tm, typeText := zhDemo(t, size.w, size.h, func(o *Options) { o.Actor = tracker.LocalActor("ana") })
			tm.Send(KeyPress("tab"))
			tm.Send(KeyPress("tab"))
			tm.Send(KeyPress("f"))
			p.waitFor(t, "筛选异常")
			typeText("停滞, xyz")
			tm.Send(KeyPress("enter"))
			filter := p.waitFor(t, `没有类型 "xyz"`)
			checkZhScreen(t, filter, size.w, size.h,
				[]string{"筛选异常", "类型", "承运商", "目的地", "负责人", "停滞, xyz"},
				[]string{"Filter exceptions", "Kind", "no kind", "nobody's"})
			tm.Send(KeyPress("ctrl+w"))
			tm.Send(KeyPress("backspace"))
			tm.Send(KeyPress("backspace"))
			tm.Send(KeyPress("enter"))
			p.waitFor(t, "3 条待处理")
			tm.Send(KeyPress("s"))
			p.waitFor(t, "暂缓 1 条异常")
			tm.Send(KeyPress("d"))
			snooze := p.waitFor(t, "截至 ")
			checkZhScreen(t, snooze, size.w, size.h, []string{"暂缓 1 条异常", "1  1 天", "3  3 天", "d  直到某日", "2025-06-08"},
				[]string{"Snooze", "for 1 day", "until a date", "Until"})
			golden.RequireEqual(t, []byte(filter+"\n\n"+snooze))
			tm.Send(KeyPress("enter"))
			p.waitFor(t, "已暂缓")
			tm.Send(KeyPress("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(hangGuard))
		})
	}
}
