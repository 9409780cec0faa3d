package servetest

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

func feed(t *testing.T, term *Term, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if n, err := term.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("write %q: %d, %v", p, n, err)
		}
	}
}

func wantScreen(t *testing.T, term *Term, lines ...string) {
	t.Helper()
	if got, want := term.String(), strings.Join(lines, "\n"); got != want {
		t.Fatalf("the screen shows\n%q\nwant\n%q", got, want)
	}
}

// A wide character takes two columns and reads as one; a line of them
// can fill the width; a narrow character written on either half of one
// takes its place.
func TestTermWideCharacters(t *testing.T) {
	term := NewTerm(12, 3)
	feed(t, term, "订单 WB-1\r\n收件人王小明\r\nok")
	wantScreen(t, term, "订单 WB-1", "收件人王小明", "ok")
	feed(t, term, ansi.CursorPosition(6, 1)+"X", ansi.CursorPosition(1, 2)+"ab", ansi.CursorPosition(4, 2)+"c")
	wantScreen(t, term, "订单 XB-1", "ab c人王小明", "ok")
}

// What ultraviolet's renderer (Bubble Tea's, and the server's) draws, frame
// after frame, is what the screen shows: lines of wide characters that
// fill the width, lines that move (its scroll optimisation), styles, a
// resize.
func TestTermFollowsTheRenderer(t *testing.T) {
	term := NewTerm(12, 4)
	r := uv.NewTerminalRenderer(term, []string{"TERM=xterm-256color"})
	r.SetScrollOptim(true)
	r.SetTabStops(-1)
	r.EnterAltScreen()
	buf := uv.NewScreenBuffer(12, 4)
	red := "\x1b[1;38;2;215;0;0m"
	for i, frame := range []struct {
		w, h    int
		content string
	}{
		{12, 4, "waybill 订单\n收件人王小明\n" + red + "清关\x1b[m late\nWB-1"},
		{12, 4, "waybill 订单\nnew line\n收件人王小明\n" + red + "清关\x1b[m late"},
		{12, 4, "收件人王小明\n清关 late\nx"},
		{8, 3, "收件人王小明\nabc"},
		{10, 5, "a\n\n\n\n王小明王小明"},
	} {
		if frame.w != buf.Width() || frame.h != buf.Height() {
			term.Resize(frame.w, frame.h)
			r.Resize(frame.w, frame.h)
			r.Erase()
			buf.Resize(frame.w, frame.h)
		}
		buf.Clear()
		uv.NewStyledString(frame.content).Draw(buf, buf.Bounds())
		r.Render(buf.RenderBuffer)
		if err := r.Flush(); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(ansi.Strip(frame.content), "\n")
		want := make([]string, frame.h)
		for y := range min(frame.h, len(lines)) {
			want[y] = strings.TrimRight(ansi.Truncate(lines[y], frame.w, ""), " ")
		}
		if got := term.String(); got != strings.Join(want, "\n") {
			t.Fatalf("frame %d: the screen shows\n%s\nwant\n%s", i, got, strings.Join(want, "\n"))
		}
	}
	if !term.AltScreen() {
		t.Error("not on the alternate screen")
	}
}

// The alternate screen starts blank and leaves the main screen as it was.
func TestTermAltScreen(t *testing.T) {
	term := NewTerm(10, 3)
	feed(t, term, "main\r\nline 2")
	if term.AltScreen() {
		t.Fatal("starts on the alternate screen")
	}
	feed(t, term, ansi.SetModeAltScreenSaveCursor)
	if !term.AltScreen() || !term.Mode(1049) {
		t.Fatalf("alternate screen %v, mode 1049 %v after ?1049h", term.AltScreen(), term.Mode(1049))
	}
	wantScreen(t, term, "", "", "")
	feed(t, term, ansi.CursorPosition(3, 2)+"alt")
	wantScreen(t, term, "", "  alt", "")
	feed(t, term, ansi.ResetModeAltScreenSaveCursor)
	if term.AltScreen() || term.Mode(1049) {
		t.Fatalf("alternate screen %v, mode 1049 %v after ?1049l", term.AltScreen(), term.Mode(1049))
	}
	wantScreen(t, term, "main", "line 2", "")
}

// A resize keeps what fits, from the top left, and the new rows and
// columns take text.
func TestTermResize(t *testing.T) {
	term := NewTerm(10, 3)
	feed(t, term, "main\r\nline 2\r\nline 3")
	term.Resize(3, 2)
	wantScreen(t, term, "mai", "lin")
	term.Resize(6, 4)
	wantScreen(t, term, "mai", "lin", "", "")
	feed(t, term, ansi.CursorPosition(6, 4)+"z")
	wantScreen(t, term, "mai", "lin", "", "     z")
}

// The modes the tests ask about follow ESC [ ? n h and l; the cursor
// shows until it is hidden.
func TestTermModes(t *testing.T) {
	term := NewTerm(10, 3)
	modes := []int{25, 1002, 1006, 2004}
	want := func(on ...bool) {
		t.Helper()
		for i, n := range modes {
			if term.Mode(n) != on[i] {
				t.Errorf("mode %d: %v, want %v", n, term.Mode(n), on[i])
			}
		}
	}
	want(true, false, false, false)
	feed(t, term, ansi.ResetModeTextCursorEnable+ansi.SetModeMouseButtonEvent+ansi.SetModeMouseExtSgr, ansi.SetModeBracketedPaste)
	want(false, true, true, true)
	feed(t, term, ansi.ResetModeMouseButtonEvent+ansi.ResetModeMouseExtSgr+ansi.ResetModeBracketedPaste+ansi.SetModeTextCursorEnable)
	want(true, false, false, false)
	feed(t, term, "\x1b[?1002;2004h")
	want(true, true, false, true)
}

// The emulator answers queries the server sends (mode reports, device
// attributes, the cursor's position, the background colour): answers no
// one reads must not stop the writes. Titles and clipboard copies do not
// show.
func TestTermAnswersNothingAndDoesNotBlock(t *testing.T) {
	term := NewTerm(10, 3)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 3 {
			feed(t, term, ansi.RequestModeSynchronizedOutput+ansi.RequestModeUnicodeCore+ansi.RequestPrimaryDeviceAttributes+
				ansi.RequestSecondaryDeviceAttributes+ansi.RequestCursorPositionReport+ansi.RequestBackgroundColor+
				ansi.SetModeInBandResize)
			term.Resize(10, 3) // reported in-band
		}
		feed(t, term, ansi.SetWindowTitle("waybill")+ansi.SetSystemClipboard("Dear buyer")+"ok")
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a write that asks the terminal something did not return")
	}
	wantScreen(t, term, "ok", "", "")
}

// SSH hands output over in pieces that split characters and sequences
// anywhere: a byte at a time draws what the whole does.
func TestTermSplitWrites(t *testing.T) {
	frame := ansi.SetModeAltScreenSaveCursor + ansi.SetWindowTitle("waybill") + ansi.EraseEntireScreen +
		ansi.CursorPosition(1, 1) + "\x1b[1;38;2;215;0;0m收件人\x1b[m WB-1" + ansi.CursorPosition(1, 3) +
		ansi.SetSystemClipboard("Dear buyer") + "café ✓" + ansi.SetModeBracketedPaste
	whole, bytewise := NewTerm(12, 3), NewTerm(12, 3)
	feed(t, whole, frame)
	for i := range len(frame) {
		feed(t, bytewise, frame[i:i+1])
	}
	wantScreen(t, whole, "收件人 WB-1", "", "café ✓")
	wantScreen(t, bytewise, "收件人 WB-1", "", "café ✓")
	if !bytewise.AltScreen() || !bytewise.Mode(2004) {
		t.Error("the modes set a byte at a time are not set")
	}
	if whole.Written() != len(frame) || bytewise.Written() != len(frame) {
		t.Errorf("written %d and %d, want %d", whole.Written(), bytewise.Written(), len(frame))
	}
}

// One goroutine writes (the session) while others read the screen and
// resize it; run with -race.
func TestTermConcurrentUse(t *testing.T) {
	term := NewTerm(20, 5)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			_, _ = term.Write([]byte(ansi.CursorPosition(1, 1+i%5) + "frame " + strings.Repeat("王", i%8)))
		}
	})
	for range 2 {
		wg.Go(func() {
			for i := range 200 {
				_ = term.String()
				_ = term.AltScreen() || term.Mode(25)
				if i%50 == 0 {
					term.Resize(20+i%3, 5)
				}
			}
		})
	}
	wg.Wait()
}

// Each Term reads its emulator's answers on a goroutine; that goroutine
// ends once the Term is garbage.
func TestTermReaderEndsWithTheTerm(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 50 {
		term := NewTerm(10, 3)
		feed(t, term, ansi.RequestPrimaryDeviceAttributes)
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before+5 {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before 50 terminals came and went", runtime.NumGoroutine(), before)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
