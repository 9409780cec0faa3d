package serve

import (
	"io"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// A frame is drawn frameSettle after the first change it shows, so that
// a key's own change and the read it starts (the timeline of the row it
// moved to, a few milliseconds later) go out as one frame, not two; and
// no sooner than frameTime after the frame before, so a burst of views
// (keys held down, a stream of live updates) costs at most 60 frames a
// second, Bubble Tea's own rate. Bubble Tea's renderer drew at its next
// tick, on average half a frame time after a change. Drawing every change
// at once made waybill bench's ssh_frame slower, not faster: twenty
// sessions typing on two cores drew a third more bytes, and the CPU with
// them.
const (
	frameTime   = time.Second / 60
	frameSettle = frameTime / 2
)

// screen draws one session's views on its terminal, when they change and
// only then. Bubble Tea's renderer wakes at its frame rate for the life of
// the program whether or not anything changed (Program.startRenderer in
// bubbletea v2.0.9): twenty idle sessions kept the server busy doing
// nothing (waybill bench, ssh_idle_cpu). A session's program therefore runs
// without a renderer and hands each view to its screen; the screen
// gathers changes into frames (see frameTime) and waits on a channel
// while nothing changes.
//
// It draws with ultraviolet's TerminalRenderer, as Bubble Tea's renderer
// does: a cell buffer diffed against what the terminal shows. It keeps what
// waybill's view asks for (the alternate screen, no cursor, a mouse mode,
// bracketed paste, a window title; TestScreenCoversTheAppsView) and sets
// up and restores the terminal as that renderer did.
type screen struct {
	out      io.Writer
	wake     chan struct{} // holds one poke: something changed
	stop     chan struct{}
	done     chan struct{}                   // the draw goroutine has returned
	settle   time.Duration                   // frameSettle; tests that pace frames themselves set 0
	gap      func(stop <-chan struct{}) bool // nil; tests pause here after each frame
	stopOnce sync.Once

	mu   sync.Mutex
	want screenState // what the terminal should show

	// Only the draw goroutine uses these (and close, once it has returned).
	scr    *uv.TerminalRenderer
	buf    uv.ScreenBuffer
	have   screenState // what the terminal shows
	drawn  uint64      // want.gen when it was drawn
	last   time.Time   // when the last frame was drawn
	on     bool        // the alternate screen and modes are set up
	paste  bool        // bracketed paste is on
	failed error       // a write failed: the client is gone

	frames atomic.Int64 // frames drawn
	wakes  atomic.Int64 // times the draw goroutine woke up
}

// screenState is what a terminal shows, or should.
type screenState struct {
	gen           uint64    // counts the changes to what is shown
	since         time.Time // of the first change not yet drawn
	view          tea.View
	hasView       bool
	width, height int
	profile       colorprofile.Profile
	syncOutput    bool // the terminal has mode 2026: frames are atomic
	grapheme      bool // the terminal has mode 2027: widths by grapheme
	out           []string
}

// newScreen starts a screen that writes to out, for a terminal whose
// environment ($TERM) is env and that shows colours as profile. mapNewline
// says the writer turns "\n" into "\r\n", as an SSH session's emulated
// terminal does.
func newScreen(out io.Writer, env []string, profile colorprofile.Profile, mapNewline bool) *screen {
	s := makeScreen(out, env, profile, mapNewline)
	go s.run()
	return s
}

// makeScreen is newScreen without its goroutine, for tests to pace.
func makeScreen(out io.Writer, env []string, profile colorprofile.Profile, mapNewline bool) *screen {
	s := &screen{
		out:    out,
		wake:   make(chan struct{}, 1),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
		want:   screenState{profile: profile},
		buf:    uv.NewScreenBuffer(0, 0),
		settle: frameSettle,
	}
	s.scr = uv.NewTerminalRenderer(out, env)
	s.scr.SetColorProfile(profile)
	s.scr.SetMapNewline(mapNewline)
	s.scr.SetTabStops(-1)      // the session's terminal modes are unknown
	s.scr.SetScrollOptim(true) // as Bubble Tea does off Windows
	s.have.profile = profile
	return s
}

// show asks for v to be drawn; a view like the one wanted already is
// dropped here, so an unchanged screen costs no wakeup.
func (s *screen) show(v tea.View) {
	s.mu.Lock()
	same := s.want.hasView && sameView(s.want.view, v)
	if !same {
		s.want.view, s.want.hasView = v, true
		s.changed()
	}
	s.mu.Unlock()
	if !same {
		s.poke()
	}
}

// sameView says whether a and b draw the same: the fields the screen
// uses.
func sameView(a, b tea.View) bool {
	return a.Content == b.Content && a.MouseMode == b.MouseMode && a.WindowTitle == b.WindowTitle &&
		a.DisableBracketedPasteMode == b.DisableBracketedPasteMode
}

// resize redraws the whole screen at the terminal's new size.
func (s *screen) resize(w, h int) {
	s.update(func(st *screenState) bool {
		if st.width == w && st.height == h {
			return false
		}
		st.width, st.height = w, h
		return true
	})
}

func (s *screen) setProfile(p colorprofile.Profile) {
	s.update(func(st *screenState) bool {
		changed := st.profile != p
		st.profile = p
		return changed
	})
}

// onModeReport takes the terminal's answers to the queries sent when the
// screen is set up, as Bubble Tea's event loop did for its renderer.
func (s *screen) onModeReport(m tea.ModeReportMsg) {
	s.update(func(st *screenState) bool {
		switch {
		case m.Mode == ansi.ModeSynchronizedOutput && m.Value == ansi.ModeReset && !st.syncOutput:
			st.syncOutput = true
		case m.Mode == ansi.ModeUnicodeCore && !st.grapheme &&
			(m.Value == ansi.ModeReset || m.Value == ansi.ModeSet || m.Value == ansi.ModePermanentlySet):
			st.grapheme = true
		default:
			return false
		}
		return true
	})
}

// send writes seq to the terminal with the next frame, or alone.
func (s *screen) send(seq string) {
	s.mu.Lock()
	s.want.out = append(s.want.out, seq) // the view need not be drawn again
	s.mu.Unlock()
	s.poke()
}

func (s *screen) update(change func(*screenState) bool) {
	s.mu.Lock()
	changed := change(&s.want)
	if changed {
		s.changed()
	}
	s.mu.Unlock()
	if changed {
		s.poke()
	}
}

// changed notes a change to what is wanted; s.mu is held.
func (s *screen) changed() {
	s.want.gen++
	if s.want.since.IsZero() {
		s.want.since = time.Now()
	}
}

func (s *screen) poke() {
	select {
	case s.wake <- struct{}{}:
	default: // a poke is pending: the frame it brings will see this too
	}
}

func (s *screen) run() {
	defer close(s.done)
	for {
		select {
		case <-s.stop:
			return
		case <-s.wake:
		}
		s.wakes.Add(1)
		s.mu.Lock()
		since := s.want.since
		s.mu.Unlock()
		if !s.sleep(time.Until(frameAt(since, s.last, s.settle))) {
			return
		}
		if s.frame() && s.gap != nil && !s.gap(s.stop) {
			return
		}
	}
}

// frameAt is when a frame may be drawn that shows a change made at
// changed (zero: none, only sequences to send), the last frame having been
// drawn at last.
func frameAt(changed, last time.Time, settle time.Duration) time.Time {
	at := last.Add(frameTime)
	if !changed.IsZero() && changed.Add(settle).After(at) {
		at = changed.Add(settle)
	}
	return at
}

// sleep waits d, or until the screen stops.
func (s *screen) sleep(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.stop:
		return false
	}
}

// take is what the terminal should show now; the sequences to send are
// handed over once.
func (s *screen) take() screenState {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := s.want
	s.want.out, s.want.since = nil, time.Time{}
	return want
}

// frame brings the terminal to what is wanted, in one write, and says
// whether it wrote. A change that comes while a frame is being taken pokes
// the screen again, though that frame shows it: the wakeup it brings finds
// nothing new and draws nothing.
func (s *screen) frame() bool {
	want := s.take()
	fresh := want.gen != s.drawn && want.hasView && want.width > 0 && want.height > 0
	if s.failed != nil || !fresh && len(want.out) == 0 {
		return false
	}
	s.last = time.Now()
	for _, seq := range want.out {
		_, _ = s.scr.WriteString(seq)
	}
	if fresh {
		s.draw(want)
		s.drawn = want.gen
	}
	s.flush()
	return true
}

func (s *screen) flush() {
	if err := s.scr.Flush(); err != nil {
		s.failed = err
	}
}

// draw queues the sequences that take the terminal from s.have to want.
func (s *screen) draw(want screenState) {
	v := want.view
	if !s.on {
		s.on = true
		// As Bubble Tea's renderer: the main screen's keyboard mode is
		// reset before leaving it; in the alternate screen the cursor is
		// hidden (some terminals keep one visibility per screen), keys
		// are reported unambiguously (modifyOtherKeys, kitty's
		// "disambiguate"), and the terminal is asked whether it draws
		// frames atomically (2026) and measures by grapheme (2027).
		_, _ = s.scr.WriteString(ansi.ResetModifyOtherKeys)
		s.scr.EnterAltScreen()
		_, _ = s.scr.WriteString(ansi.ResetModeTextCursorEnable + ansi.SetModifyOtherKeys2 + ansi.PushKittyKeyboard(1) +
			ansi.RequestModeSynchronizedOutput + ansi.RequestModeUnicodeCore)
	}
	if paste := !v.DisableBracketedPasteMode; paste != s.paste {
		s.paste = paste
		_, _ = s.scr.WriteString(pick(paste, ansi.SetModeBracketedPaste, ansi.ResetModeBracketedPaste))
	}
	if v.MouseMode != s.have.view.MouseMode {
		if s.have.view.MouseMode != tea.MouseModeNone {
			_, _ = s.scr.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr)
		}
		switch v.MouseMode {
		case tea.MouseModeCellMotion:
			_, _ = s.scr.WriteString(ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr)
		case tea.MouseModeAllMotion:
			_, _ = s.scr.WriteString(ansi.SetModeMouseAnyEvent + ansi.SetModeMouseExtSgr)
		}
	}
	if v.WindowTitle != s.have.view.WindowTitle {
		_, _ = s.scr.WriteString(ansi.SetWindowTitle(v.WindowTitle))
	}
	if want.grapheme && !s.have.grapheme {
		_, _ = s.scr.WriteString(ansi.SetModeUnicodeCore)
		s.buf.Method = ansi.GraphemeWidth
		s.scr.SetWidthMethod(ansi.GraphemeWidth)
	}
	if want.profile != s.have.profile {
		// Every coloured cell changes its sequence.
		s.scr.SetColorProfile(want.profile)
		s.scr.Erase()
	}
	if want.width != s.buf.Width() || want.height != s.buf.Height() {
		s.scr.Resize(want.width, want.height)
		s.scr.Erase() // a terminal may scroll or reflow on a resize: draw it all
		s.buf.Touched = nil
		s.buf.Resize(want.width, want.height)
	}
	s.buf.Clear()
	uv.NewStyledString(v.Content).Draw(s.buf, s.buf.Bounds())
	if want.syncOutput {
		_, _ = s.scr.WriteString(ansi.SetModeSynchronizedOutput)
	}
	s.scr.Render(s.buf.RenderBuffer)
	if want.syncOutput {
		_, _ = s.scr.WriteString(ansi.ResetModeSynchronizedOutput)
	}
	want.out = nil
	s.have = want
	s.frames.Add(1)
}

func pick(on bool, set, reset string) string {
	if on {
		return set
	}
	return reset
}

// close stops drawing, sends what was asked to be sent, and gives the
// terminal back as it was: the main screen, a cursor, no mouse reports,
// no bracketed paste, the keyboard as it was, no title. It is what every
// way a session ends goes through; the second call does nothing. It
// returns the error of a write that failed (the client went away).
func (s *screen) close() error {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
	want := s.take()
	if s.failed != nil {
		return s.failed
	}
	for _, seq := range want.out {
		_, _ = s.scr.WriteString(seq)
	}
	if s.on {
		s.on = false
		_, _ = s.scr.WriteString(ansi.ResetModifyOtherKeys + ansi.PopKittyKeyboard(1))
		// The bottom line, for a terminal without an alternate screen.
		s.scr.MoveTo(0, s.buf.Height()-1)
		s.scr.ExitAltScreen()
		_, _ = s.scr.WriteString(ansi.SetModeTextCursorEnable)
		if s.paste {
			_, _ = s.scr.WriteString(ansi.ResetModeBracketedPaste)
		}
		if s.have.view.MouseMode != tea.MouseModeNone {
			_, _ = s.scr.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr)
		}
		if s.have.view.WindowTitle != "" {
			_, _ = s.scr.WriteString(ansi.SetWindowTitle(""))
		}
		if s.have.grapheme {
			_, _ = s.scr.WriteString(ansi.ResetModeUnicodeCore)
		}
	}
	s.flush()
	return s.failed
}

// outOfBand are the requests to the terminal that Bubble Tea queues for
// its renderer's next tick, which comes only once a second for a session
// (WithFPS(1)): the screen sends them with its next frame instead. Each is
// known by the type of the message its tea.Cmd returns; the types are
// Bubble Tea's own and unexported, hence the probes. A request not listed
// here still goes out, on Bubble Tea's tick.
var outOfBand = []struct {
	probe tea.Msg
	seq   func(tea.Msg) string
}{
	// The app asks for the background colour as it starts, to pick its
	// light or dark styles.
	{tea.RequestBackgroundColor(), func(tea.Msg) string { return ansi.RequestBackgroundColor }},
	// OSC 52: a complaint's message copied to the agent's clipboard.
	{tea.SetClipboard("")(), func(m tea.Msg) string { return ansi.SetSystemClipboard(reflect.ValueOf(m).String()) }},
}

// filter sends the requests in outOfBand itself and drops them, so Bubble
// Tea does not send them again.
func (s *screen) filter(msg tea.Msg) tea.Msg {
	if msg == nil {
		return nil
	}
	t := reflect.TypeOf(msg)
	for _, o := range outOfBand {
		if reflect.TypeOf(o.probe) == t {
			s.send(o.seq(msg))
			return nil
		}
	}
	return msg
}

// screenModel runs a session's model and hands its views to the screen.
// Bubble Tea asks for the view after every message, as it would to draw
// it; with no renderer of its own it does nothing with what View returns.
type screenModel struct {
	inner tea.Model
	scr   *screen
}

func (m *screenModel) Init() tea.Cmd { return m.inner.Init() }

func (m *screenModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.scr.resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		m.scr.setProfile(msg.Profile)
	case tea.ModeReportMsg:
		m.scr.onModeReport(msg)
	}
	inner, cmd := m.inner.Update(msg)
	m.inner = inner
	return m, cmd
}

func (m *screenModel) View() tea.View {
	v := m.inner.View()
	m.scr.show(v)
	return v
}

// lockedWriter lets the screen and Bubble Tea write to one session in
// turn, never into the middle of each other's sequences.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
