// Package servetest drives `waybill serve` as an agent would, for tests: a
// real SSH client with a terminal, and a terminal emulator that turns what
// the server draws into the screen a person would see.
package servetest

import (
	"io"
	"runtime"
	"sync"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// Term is a terminal emulator (charmbracelet/x/vt) read as text: what the
// screen shows, which screen it is and which modes are set. It is safe for
// concurrent use, and an io.Writer.
type Term struct {
	mu      sync.Mutex
	vt      *vt.Emulator
	modes   map[int]bool // DEC private modes, as the emulator set them
	written int
	screen  string // String's answer, until the next Write or Resize
	fresh   bool
}

// NewTerm returns a blank terminal of w columns and h rows.
func NewTerm(w, h int) *Term {
	e := vt.NewEmulator(w, h)
	// vt keeps its modes to itself; its callbacks say when one changes.
	// The callbacks run inside Write, under t.mu. They must not refer to
	// t, or the emulator, and the goroutine below, would keep t alive.
	modes := map[int]bool{7: true, 25: true} // vt's defaults that are set: wrapping, the cursor
	set := func(on bool) func(ansi.Mode) {
		return func(m ansi.Mode) {
			if m, ok := m.(ansi.DECMode); ok {
				modes[int(m)] = on
			}
		}
	}
	e.SetCallbacks(vt.Callbacks{EnableMode: set(true), DisableMode: set(false)})
	// The emulator answers the server's queries (DECRQM, OSC 11 and the
	// like) on an unbuffered pipe: Write would block on the first answer
	// until it is read. Answers are dropped, as a terminal that does not
	// answer, and the reader ends once t is garbage.
	go func() { _, _ = io.Copy(io.Discard, e) }()
	t := &Term{vt: e, modes: modes}
	if pw, ok := e.InputPipe().(io.Closer); ok { // an *io.PipeWriter: closed, the reader sees EOF
		runtime.AddCleanup(t, func(pw io.Closer) { _ = pw.Close() }, pw)
	}
	return t
}

// Write feeds output to the terminal.
func (t *Term) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.written += len(p)
	t.fresh = t.fresh && len(p) == 0
	return t.vt.Write(p)
}

// Written is how many bytes the terminal has been fed.
func (t *Term) Written() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.written
}

// Resize makes the terminal w×h, as a window resized: rows and columns
// kept where they fit, the cursor kept on the screen.
func (t *Term) Resize(w, h int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fresh = false
	t.vt.Resize(w, h)
}

// AltScreen says whether the alternate screen is showing.
func (t *Term) AltScreen() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.vt.IsAltScreen()
}

// Mode says whether DEC private mode n (as in ESC [ ? n h) is set: 25
// shows the cursor, 1002 and 1006 report the mouse, 2004 brackets pastes.
// Before the program says otherwise, the cursor shows (25) and lines wrap
// (7); no other mode is set.
func (t *Term) Mode(n int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.modes[n]
}

// String is the screen as text: one line per row, trailing spaces dropped.
// Waiting for a screen asks for it every few milliseconds, and vt builds it
// cell by cell (about 0.2 ms for 160×45): it is built again only once the
// terminal has been written to or resized.
func (t *Term) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.fresh {
		t.screen, t.fresh = t.vt.String(), true
	}
	return t.screen
}
