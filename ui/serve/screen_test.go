package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/serve/servetest"
)

// gate paces a screen for a test: after each frame the draw goroutine
// says so on framed and waits for release, where the frame gap would be.
type gate struct {
	framed  chan struct{}
	release chan struct{}
}

func (g *gate) wait(stop <-chan struct{}) bool {
	select {
	case g.framed <- struct{}{}:
	case <-stop:
		return false
	}
	select {
	case <-g.release:
		return true
	case <-stop:
		return false
	}
}

// tape is the client's end: every write, and the screen they draw.
type tape struct {
	mu     sync.Mutex
	raw    bytes.Buffer
	writes int
	broken bool // the client went away: writes fail
	term   *servetest.Term
	to     io.Writer // where the term is fed from
}

func (t *tape) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.broken {
		return 0, io.ErrClosedPipe
	}
	t.writes++
	t.raw.Write(p)
	return t.to.Write(p)
}

func (t *tape) counts() (writes, bytes int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.writes, t.raw.Len()
}

func (t *tape) since(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.raw.String()[n:]
}

// rig is a screen paced by a gate, writing to a tape, for a terminal of
// w×h. mapNewline runs its output through the writer an SSH session with
// an emulated terminal has.
type rig struct {
	s   *screen
	g   *gate
	out *tape
}

func newRig(t *testing.T, w, h int, mapNewline bool) *rig {
	t.Helper()
	out := &tape{term: servetest.NewTerm(w, h)}
	out.to = out.term
	var dst io.Writer = out
	if mapNewline {
		dst = ssh.NewPtyWriter(out)
	}
	s := makeScreen(dst, []string{"TERM=xterm-256color"}, colorprofile.TrueColor, mapNewline)
	g := &gate{framed: make(chan struct{}), release: make(chan struct{})}
	s.gap, s.settle = g.wait, 0
	s.want.width, s.want.height = w, h // as the first size would, without a wakeup
	t.Cleanup(func() { _ = s.close() })
	return &rig{s: s, g: g, out: out}
}

func (r *rig) start() { go r.s.run() }

// frame waits until the next frame is out; the draw goroutine then waits
// in its gap until next.
func (r *rig) frame(t *testing.T) {
	t.Helper()
	select {
	case <-r.g.framed:
	case <-time.After(waitScreen):
		t.Fatal("no frame")
	}
}

func (r *rig) next() { r.g.release <- struct{}{} }

func appView(content string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "waybill"
	return v
}

// Only what changes what the terminal shows, or must be sent to it, wakes
// the screen: Bubble Tea asks for the view after every message, and an
// idle session's messages change nothing.
func TestScreenWakesOnlyForChanges(t *testing.T) {
	const w, h = 40, 8
	base := "orders 1/30\nWB-1  in transit"
	for _, tt := range []struct {
		name string
		do   func(*screen) tea.Msg
		wake bool
	}{
		{"the same view", func(s *screen) tea.Msg { s.show(appView(base)); return nil }, false},
		{"the same view, built anew", func(s *screen) tea.Msg { s.show(appView(strings.Clone(base))); return nil }, false},
		{"new content", func(s *screen) tea.Msg { s.show(appView(base + "!")); return nil }, true},
		{"a new title", func(s *screen) tea.Msg {
			v := appView(base)
			v.WindowTitle = "waybill 2"
			s.show(v)
			return nil
		}, true},
		{"no mouse", func(s *screen) tea.Msg {
			v := appView(base)
			v.MouseMode = tea.MouseModeNone
			s.show(v)
			return nil
		}, true},
		{"no bracketed paste", func(s *screen) tea.Msg {
			v := appView(base)
			v.DisableBracketedPasteMode = true
			s.show(v)
			return nil
		}, true},
		{"the same size", func(s *screen) tea.Msg { s.resize(w, h); return nil }, false},
		{"a new size", func(s *screen) tea.Msg { s.resize(w, h+1); return nil }, true},
		{"the same colours", func(s *screen) tea.Msg { s.setProfile(colorprofile.TrueColor); return nil }, false},
		{"fewer colours", func(s *screen) tea.Msg { s.setProfile(colorprofile.ANSI256); return nil }, true},
		{"a terminal without atomic frames", func(s *screen) tea.Msg {
			s.onModeReport(tea.ModeReportMsg{Mode: ansi.ModeSynchronizedOutput, Value: ansi.ModeNotRecognized})
			return nil
		}, false},
		{"a terminal with atomic frames", func(s *screen) tea.Msg {
			s.onModeReport(tea.ModeReportMsg{Mode: ansi.ModeSynchronizedOutput, Value: ansi.ModeReset})
			return nil
		}, true},
		{"a key", func(s *screen) tea.Msg { return s.filter(tea.KeyPressMsg{Code: 'j', Text: "j"}) }, false},
		{"a copy to the clipboard", func(s *screen) tea.Msg { return s.filter(tea.SetClipboard("WB-1")()) }, true},
		{"a question about the background", func(s *screen) tea.Msg { return s.filter(tea.RequestBackgroundColor()) }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, w, h, false)
			r.s.show(appView(base))
			r.start()
			r.frame(t) // drawn; the draw goroutine waits in its gap
			passed := tt.do(r.s)
			if woke := len(r.s.wake) == 1; woke != tt.wake {
				t.Errorf("woke the screen: %v, want %v", woke, tt.wake)
			}
			if passed != nil && tt.wake {
				t.Errorf("%T went on to Bubble Tea, which would send it again", passed)
			}
			if n := r.s.frames.Load(); n != 1 {
				t.Errorf("%d frames, want 1", n)
			}
		})
	}
}

// fixedModel always shows the same screen, as an idle session does.
type fixedModel struct {
	content string
	got     int
}

func (m *fixedModel) Init() tea.Cmd { return nil }
func (m *fixedModel) Update(tea.Msg) (tea.Model, tea.Cmd) {
	m.got++
	return m, nil
}
func (m *fixedModel) View() tea.View { return appView(m.content) }

// An idle session writes nothing and its screen does not wake: the
// minute's tick, a refresher's notice about other parcels and Bubble
// Tea's view after each are the same screen again.
func TestIdleScreenWritesNothing(t *testing.T) {
	r := newRig(t, 40, 8, true)
	inner := &fixedModel{content: "orders 1/30\nWB-1  in transit"}
	m := &screenModel{inner: inner, scr: r.s}
	r.start()
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 8})
	m.View()
	r.frame(t)
	r.next() // the gap is over: from now on nothing runs
	writes, _ := r.out.counts()
	for range 500 {
		m.Update(changeNotice{})
		m.View()
		m.Update(tea.WindowSizeMsg{Width: 40, Height: 8})
		m.View()
	}
	if inner.got != 1001 {
		t.Fatalf("the model got %d messages, want 1001", inner.got)
	}
	if len(r.s.wake) != 0 {
		t.Error("the same screen again woke the draw goroutine")
	}
	// A change: one frame, one write, one wakeup more; the thousand
	// unchanged views before it caused none.
	inner.content = "orders 2/30\nWB-1  delivered"
	m.View()
	r.frame(t)
	if got, _ := r.out.counts(); got != writes+1 {
		t.Errorf("%d writes after the change, want %d", got, writes+1)
	}
	if n, w := r.s.frames.Load(), r.s.wakes.Load(); n != 2 || w != 2 {
		t.Errorf("%d frames and %d wakeups, want 2 and 2", n, w)
	}
	if got := r.out.term.String(); !strings.Contains(got, "WB-1  delivered") {
		t.Errorf("the change is not on the screen:\n%s", got)
	}
}

// The first change is drawn at once; the changes that come while a frame
// gap lasts make one frame, of the last of them.
func TestScreenGathersABurstIntoOneFrame(t *testing.T) {
	r := newRig(t, 40, 8, false)
	page := func(i int) tea.View { return appView("orders " + strings.Repeat("·", i) + "|") }
	r.s.show(page(0))
	r.start()
	r.frame(t)
	for i := 1; i <= 30; i++ {
		r.s.show(page(i))
	}
	if n := r.s.frames.Load(); n != 1 {
		t.Fatalf("%d frames during the gap, want 1", n)
	}
	r.next()
	r.frame(t)
	if n := r.s.frames.Load(); n != 2 {
		t.Errorf("%d frames for a burst of 30 views, want 2: the first and the last", n)
	}
	if got, want := r.out.term.String(), "orders "+strings.Repeat("·", 30)+"|"; !strings.HasPrefix(got, want+"\n") {
		t.Errorf("the last view is not what shows:\n%s", got)
	}
	r.next()
	r.s.show(page(30))
	if len(r.s.wake) != 0 {
		t.Error("the view already drawn woke the screen")
	}
}

// What the client's terminal shows is what the view draws, frame after
// frame, whatever changes between them, and with or without an SSH
// session's newline mapping.
func TestScreenShowsWhatTheViewDraws(t *testing.T) {
	red := lipgloss.NewStyle().Foreground(lipgloss.Color("#d70000")).Bold(true)
	sel := lipgloss.NewStyle().Background(lipgloss.Color("#005f87")).Foreground(lipgloss.Color("#ffffff"))
	rows := func(n int, mark int) []string {
		var out []string
		for i := range n {
			line := "WB-" + strings.Repeat(string(rune('0'+i%10)), 3) + "  in transit  " + red.Render("late")
			if i == mark {
				line = sel.Render(line)
			}
			out = append(out, line)
		}
		return out
	}
	type step struct {
		name    string
		w, h    int // 0: unchanged
		content string
	}
	steps := []step{
		{"first screen", 0, 0, strings.Join(append([]string{"waybill · orders 1/8"}, rows(7, 0)...), "\n")},
		{"selection moves", 0, 0, strings.Join(append([]string{"waybill · orders 2/8"}, rows(7, 1)...), "\n")},
		{"a line comes in at the top", 0, 0, strings.Join(append([]string{"waybill · orders 2/9", "WB-new  pending"}, rows(6, 2)...), "\n")},
		{"two lines go", 0, 0, strings.Join(append([]string{"waybill · orders 2/7"}, rows(4, 2)...), "\n")},
		{"wide characters", 0, 0, "waybill · 订单\n收件人 王小明  WB-1\n" + red.Render("清关") + " customs"},
		{"shorter lines", 0, 0, "a\nb\nc"},
		{"a narrower, shorter window", 30, 6, strings.Join(append([]string{"waybill · orders 1/5"}, rows(5, 0)...), "\n")},
		{"a wider, taller window", 60, 12, strings.Join(append([]string{"waybill · orders 1/11"}, rows(11, 3)...), "\n")},
		{"lines longer than the window", 0, 0, strings.Repeat("x", 80) + "\n" + strings.Repeat("y", 70)},
		{"nothing", 0, 0, ""},
	}
	want := func(content string, w, h int) string {
		lines := strings.Split(ansi.Strip(content), "\n")
		out := make([]string, h)
		for i := range min(h, len(lines)) {
			out[i] = strings.TrimRight(ansi.Truncate(lines[i], w, ""), " ")
		}
		return strings.Join(out, "\n")
	}
	for _, mapNewline := range []bool{false, true} {
		name := "raw"
		if mapNewline {
			name = "ssh newline mapping"
		}
		t.Run(name, func(t *testing.T) {
			w, h := 40, 8
			r := newRig(t, w, h, mapNewline)
			for i, st := range steps {
				// Each step's changes come while the screen waits: one
				// frame shows them.
				if st.w > 0 {
					w, h = st.w, st.h
					r.out.term.Resize(w, h)
					r.s.resize(w, h)
				}
				r.s.show(appView(st.content))
				if i == 0 {
					r.start()
				} else {
					r.next()
				}
				r.frame(t)
				if got, exp := r.out.term.String(), want(st.content, w, h); got != exp {
					t.Fatalf("step %d, %s: the screen shows\n%s\nwant\n%s", i, st.name, got, exp)
				}
			}
		})
	}
}

// Every way a screen ends gives the terminal back: the main screen, the
// cursor, no mouse reports, no bracketed paste, the keyboard as it was,
// no title.
func TestScreenRestoresTheTerminal(t *testing.T) {
	for _, tt := range []struct {
		name    string
		do      func(*testing.T, *rig)
		restore bool   // the sequences are written
		also    string // and this before them
		err     bool
	}{
		{"after frames", func(t *testing.T, r *rig) {
			r.s.show(appView("orders"))
			r.frame(t)
			r.next()
			r.s.show(appView("orders 2"))
			r.frame(t)
		}, true, "", false},
		{"while a frame gap lasts", func(t *testing.T, r *rig) {
			r.s.show(appView("orders"))
			r.frame(t)
			r.s.show(appView("orders 2")) // not drawn: the screen goes
		}, true, "", false},
		{"with a copy to the clipboard last", func(t *testing.T, r *rig) {
			r.s.show(appView("orders"))
			r.frame(t)
			r.s.filter(tea.SetClipboard("Dear buyer")())
		}, true, ansi.SetSystemClipboard("Dear buyer"), false},
		{"before any view", func(*testing.T, *rig) {}, false, "", false},
		{"the client went away", func(t *testing.T, r *rig) {
			r.s.show(appView("orders"))
			r.frame(t)
			r.out.mu.Lock()
			r.out.broken = true
			r.out.mu.Unlock()
			r.next()
			r.s.show(appView("orders 2"))
			r.frame(t)
		}, false, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, 40, 8, true)
			r.start()
			tt.do(t, r)
			if _, n := r.out.counts(); n > 0 && !tt.err {
				term := r.out.term
				if !term.AltScreen() || term.Mode(25) || !term.Mode(2004) || !term.Mode(1002) || !term.Mode(1006) {
					t.Errorf("while drawing: alternate screen %v, cursor %v, paste %v, mouse %v/%v; want true, false, true, true/true",
						term.AltScreen(), term.Mode(25), term.Mode(2004), term.Mode(1002), term.Mode(1006))
				}
			}
			_, before := r.out.counts()
			err := r.s.close()
			if (err != nil) != tt.err {
				t.Errorf("close: %v", err)
			}
			tail := r.out.since(before)
			if !strings.Contains(tail, tt.also) {
				t.Errorf("the last writes %q lack %q", tail, tt.also)
			}
			for _, seq := range []string{ansi.ResetModeAltScreenSaveCursor, ansi.SetModeTextCursorEnable, ansi.ResetModeBracketedPaste,
				ansi.ResetModeMouseButtonEvent, ansi.ResetModeMouseExtSgr, ansi.ResetModifyOtherKeys, ansi.PopKittyKeyboard(1), ansi.SetWindowTitle("")} {
				if strings.Contains(tail, seq) != tt.restore {
					t.Errorf("the last writes %q have %q: %v, want %v", tail, seq, !tt.restore, tt.restore)
				}
			}
			if tt.restore {
				if term := r.out.term; term.AltScreen() || !term.Mode(25) || term.Mode(2004) || term.Mode(1002) || term.Mode(1006) {
					t.Errorf("after: alternate screen %v, cursor %v, paste %v, mouse %v/%v; want false, true, false, false/false",
						term.AltScreen(), term.Mode(25), term.Mode(2004), term.Mode(1002), term.Mode(1006))
				}
				if i := strings.Index(tail, tt.also); tt.also != "" && i > strings.Index(tail, ansi.ResetModeAltScreenSaveCursor) {
					t.Error("the request went out after the terminal was given back")
				}
			}
			_, before = r.out.counts()
			if err := r.s.close(); (err != nil) != tt.err {
				t.Errorf("second close: %v", err)
			}
			if _, after := r.out.counts(); after != before {
				t.Errorf("the second close wrote %q", r.out.since(before))
			}
		})
	}
}

// The screen draws only some of what a view may ask for; the app's view
// asks for no more.
func TestScreenCoversTheAppsView(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var m tea.Model = ui.New(ctx, ui.Options{Reader: newFakeStore(), Title: "test store"})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	v := m.View()
	for _, tt := range []struct {
		field string
		used  bool
	}{
		{"AltScreen off", !v.AltScreen},
		{"Cursor", v.Cursor != nil},
		{"OnMouse", v.OnMouse != nil},
		{"ForegroundColor", v.ForegroundColor != nil},
		{"BackgroundColor", v.BackgroundColor != nil},
		{"ProgressBar", v.ProgressBar != nil},
		{"ReportFocus", v.ReportFocus},
		{"KeyboardEnhancements", v.KeyboardEnhancements != tea.KeyboardEnhancements{}},
	} {
		if tt.used {
			t.Errorf("the app's view uses %s, which the SSH screen does not draw (ui/serve/screen.go)", tt.field)
		}
	}
	if v.Content == "" || v.MouseMode != tea.MouseModeCellMotion || v.WindowTitle == "" {
		t.Errorf("the app's view has changed what it asks for: mouse %v, title %q; check the screen draws it", v.MouseMode, v.WindowTitle)
	}
}

// Over SSH: the screen is set up as the session starts and given back on
// every way it ends, before anything is printed after it.
func TestSessionGivesTheTerminalBack(t *testing.T) {
	for _, tt := range []struct {
		name   string
		idle   time.Duration
		end    func(*fixture, *servetest.Session) error
		reason string
		after  string // shown on the main screen once it is back
	}{
		{"quit", 0, func(_ *fixture, s *servetest.Session) error { return s.Type("q") }, "quit", ""},
		{"idle", time.Second, func(*fixture, *servetest.Session) error { return nil }, "idle", "closed after 1s without a key press"},
		{"server stopping", 0, func(f *fixture, _ *servetest.Session) error { return f.stop() }, `"server stopping"`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := start(t, func(o *Options) { o.IdleTimeout = tt.idle }, agentSpec{"alice", tracker.RoleAgent})
			s := f.login(t, "alice")
			mustScreen(t, s, "alice · agent")
			if !s.AltScreen() || s.Mode(25) || !s.Mode(2004) || !s.Mode(1002) || !s.Mode(1006) {
				t.Errorf("while on: alternate screen %v, cursor %v, paste %v, mouse %v/%v; want true, false, true, true/true",
					s.AltScreen(), s.Mode(25), s.Mode(2004), s.Mode(1002), s.Mode(1006))
			}
			if err := tt.end(f, s); err != nil {
				t.Fatal(err)
			}
			select {
			case <-s.Done():
			case <-time.After(tt.idle + waitEnd):
				t.Fatalf("the session did not end:\n%s", s.String())
			}
			if s.AltScreen() || !s.Mode(25) || s.Mode(2004) || s.Mode(1002) || s.Mode(1006) {
				t.Errorf("after: alternate screen %v, cursor %v, paste %v, mouse %v/%v; want false, true, false, false/false",
					s.AltScreen(), s.Mode(25), s.Mode(2004), s.Mode(1002), s.Mode(1006))
			}
			if screen := s.String(); !strings.Contains(screen, tt.after) || strings.Contains(screen, "alice · agent") {
				t.Errorf("the main screen shows\n%s\nwant %q and none of waybill's screen", screen, tt.after)
			}
			f.log.waitLog(t, "ssh logout", "agent=alice", "reason="+tt.reason)
		})
	}
}

// The agent's terminal is asked to bracket pastes, and a paste arrives as
// one: a tracking number pasted on the orders opens the add form with it
// (as keys, "r" would refresh instead).
func TestPasteOverSSH(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent})
	s := f.login(t, "alice")
	mustScreen(t, s, "alice · agent", "WB-1", "1/3")
	if !s.Mode(2004) {
		t.Fatal("bracketed paste is off: a terminal would type a paste key by key")
	}
	if err := s.Type(ansi.BracketedPasteStart + "RB000000002GB" + ansi.BracketedPasteEnd); err != nil {
		t.Fatal(err)
	}
	mustScreen(t, s, "Add an order", "RB000000002GB")
}

// A resized window is drawn anew at its new size, smaller or larger.
func TestResizeRedrawsTheScreen(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent})
	s := f.login(t, "alice")
	mustScreen(t, s, "alice · agent", "WB-1")
	for _, size := range []struct{ w, h int }{{90, 24}, {150, 44}, {100, 30}} {
		if err := s.Resize(size.w, size.h); err != nil {
			t.Fatal(err)
		}
		_, err := s.WaitMatch(waitScreen, fmt.Sprintf("the status bar on the last row but one of %d×%d", size.w, size.h), func(screen string) bool {
			return strings.Contains(statusLine(screen), "alice · agent")
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// screensDrawing is how many screens' draw goroutines are alive.
func screensDrawing() int {
	buf := make([]byte, 1<<20)
	return strings.Count(string(buf[:runtime.Stack(buf, true)]), "serve.(*screen).run(")
}

// A client that goes away ends its session and its screen's goroutine.
func TestDisconnectStopsTheScreen(t *testing.T) {
	f := start(t, nil, agentSpec{"alice", tracker.RoleAgent})
	before := screensDrawing()
	s := f.login(t, "alice")
	mustScreen(t, s, "alice · agent")
	if n := screensDrawing(); n != before+1 {
		t.Fatalf("%d screens drawing with a session open, want %d", n, before+1)
	}
	s.Close()
	f.log.waitLog(t, "ssh logout", "agent=alice", "reason=disconnected")
	if n := screensDrawing(); n != before {
		t.Errorf("%d screens drawing after the client went away, want %d", n, before)
	}
	if n := f.srv.Sessions(); n != 0 {
		t.Errorf("%d sessions after the client went away", n)
	}
}

// A frame waits for the changes that follow the first it shows, and for
// a frame time after the last.
func TestFrameTiming(t *testing.T) {
	t0 := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	ms := time.Millisecond
	for _, tt := range []struct {
		name          string
		changed, last time.Duration // after t0; -1: never
		want          time.Duration
	}{
		{"a change on a quiet screen waits to settle", 10 * time.Second, 0, 10*time.Second + frameSettle},
		{"a change soon after a frame waits for its frame time", 2 * ms, 0, frameTime},
		{"a change late in the frame time waits to settle", 15 * ms, 0, 15*ms + frameSettle},
		{"sequences alone wait for the frame time", -1, 0, frameTime},
		{"sequences on a quiet screen go at once", -1, -10 * time.Second, -10*time.Second + frameTime},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var changed time.Time
			if tt.changed >= 0 {
				changed = t0.Add(tt.changed)
			}
			if got := frameAt(changed, t0.Add(tt.last), frameSettle); !got.Equal(t0.Add(tt.want)) {
				t.Errorf("drawn at t0%+v, want t0%+v", got.Sub(t0), tt.want)
			}
		})
	}
}

// A change that comes while a frame is being taken is in that frame; the
// wakeup it left finds nothing new, and draws nothing.
func TestScreenDrawsAChangeOnce(t *testing.T) {
	r := newRig(t, 40, 8, false)
	r.s.show(appView("orders 1/30"))
	r.start()
	r.frame(t)
	writes, _ := r.out.counts()
	r.s.poke() // as show does when the frame already took its view
	r.next()
	r.s.show(appView("orders 2/30"))
	r.frame(t)
	if n, w := r.s.frames.Load(), r.s.wakes.Load(); n != 2 || w < 2 {
		t.Errorf("%d frames in %d wakeups, want 2 frames", n, w)
	}
	if got, _ := r.out.counts(); got != writes+1 {
		t.Errorf("%d writes, want %d", got, writes+1)
	}
}
