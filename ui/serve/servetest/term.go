// Package servetest drives `waybill serve` as an agent would, for tests: a
// real SSH client with a terminal, and a small terminal emulator that turns
// what the server draws into the screen a person would see.
package servetest

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Term is a minimal VT100/xterm emulator: enough of cursor movement,
// erasing, scrolling and the alternate screen to follow what Bubble Tea's
// renderer writes. Colours and other attributes are dropped: tests read
// text. It is safe for concurrent use, and an io.Writer.
type Term struct {
	mu    sync.Mutex
	w, h  int
	main  [][]rune
	alt   [][]rune
	cur   *[][]rune
	x, y  int
	wrap  bool // the last column was written: the next rune starts a new line
	top   int  // scrolling region, inclusive
	bot   int
	saveX int
	saveY int
	last  rune // the last rune printed, for REP

	state   int
	params  []byte
	private byte
	inter   byte
	pend    []byte // an incomplete UTF-8 rune
	strEsc  bool   // an ESC inside a string sequence: ST may follow
	written int
	modes   map[int]bool // DEC private modes set (h) or reset (l)
}

const (
	stGround = iota
	stEscape
	stEscInter
	stCSI
	stString // OSC, DCS, APC, PM, SOS: skipped to BEL or ST
)

// NewTerm returns a blank terminal of w columns and h rows.
func NewTerm(w, h int) *Term {
	t := &Term{w: w, h: h, modes: map[int]bool{25: true}} // the cursor shows
	t.main, t.alt = blank(w, h), blank(w, h)
	t.cur = &t.main
	t.bot = h - 1
	return t
}

func blank(w, h int) [][]rune {
	rows := make([][]rune, h)
	for i := range rows {
		rows[i] = blankRow(w)
	}
	return rows
}

func blankRow(w int) []rune {
	r := make([]rune, w)
	for i := range r {
		r[i] = ' '
	}
	return r
}

// Write feeds output to the terminal.
func (t *Term) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.written += len(p)
	for _, b := range p {
		t.feed(b)
	}
	return len(p), nil
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
	fit := func(rows [][]rune) [][]rune {
		out := blank(w, h)
		for y := range min(h, len(rows)) {
			copy(out[y], rows[y][:min(w, len(rows[y]))])
		}
		return out
	}
	alt := t.cur == &t.alt
	t.main, t.alt = fit(t.main), fit(t.alt)
	t.cur = &t.main
	if alt {
		t.cur = &t.alt
	}
	t.w, t.h = w, h
	t.x, t.y, t.wrap = min(t.x, w-1), min(t.y, h-1), false
	t.top, t.bot = 0, h-1
}

// AltScreen says whether the alternate screen is showing.
func (t *Term) AltScreen() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cur == &t.alt
}

// Mode says whether DEC private mode n (as in ESC [ ? n h) is set: 25
// shows the cursor, 1002 and 1006 report the mouse, 2004 brackets pastes.
// Only the cursor is set before the program says otherwise.
func (t *Term) Mode(n int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.modes[n]
}

// String is the screen as text: one line per row, trailing spaces dropped.
func (t *Term) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := make([]string, t.h)
	for i, row := range *t.cur {
		var b strings.Builder
		for _, r := range row {
			if r != 0 { // 0: the right half of a wide character
				b.WriteRune(r)
			}
		}
		lines[i] = strings.TrimRight(b.String(), " ")
	}
	return strings.Join(lines, "\n")
}

func (t *Term) feed(b byte) {
	switch t.state {
	case stString:
		switch {
		case b == 0x07:
			t.state = stGround
		case t.strEsc && b == '\\':
			t.state = stGround
		}
		t.strEsc = b == 0x1b
		return
	case stEscape:
		t.escape(b)
		return
	case stEscInter:
		if b >= 0x30 && b <= 0x7e { // charset designations and the like: ignored
			t.state = stGround
		}
		return
	case stCSI:
		switch {
		case b >= 0x30 && b <= 0x3b:
			t.params = append(t.params, b)
		case b >= 0x3c && b <= 0x3f:
			t.private = b
		case b >= 0x20 && b <= 0x2f:
			t.inter = b
		case b >= 0x40 && b <= 0x7e:
			t.state = stGround
			t.csi(b)
		case b == 0x1b:
			t.state = stEscape
		}
		return
	}
	// Ground.
	if len(t.pend) > 0 || b >= 0x80 {
		t.pend = append(t.pend, b)
		if !utf8.FullRune(t.pend) {
			return
		}
		r, _ := utf8.DecodeRune(t.pend)
		t.pend = t.pend[:0]
		t.print(r)
		return
	}
	switch b {
	case 0x1b:
		t.state = stEscape
	case '\r':
		t.x, t.wrap = 0, false
	case '\n', 0x0b, 0x0c:
		t.lineFeed()
	case '\b':
		if t.x > 0 {
			t.x--
		}
		t.wrap = false
	case '\t':
		t.x = min(t.w-1, (t.x/8+1)*8)
		t.wrap = false
	default:
		if b >= 0x20 && b < 0x7f {
			t.print(rune(b))
		}
	}
}

func (t *Term) escape(b byte) {
	t.state = stGround
	switch b {
	case '[':
		t.state, t.params, t.private, t.inter = stCSI, t.params[:0], 0, 0
	case ']', 'P', '_', '^', 'X':
		t.state, t.strEsc = stString, false
	case '7':
		t.saveX, t.saveY = t.x, t.y
	case '8':
		t.x, t.y, t.wrap = t.saveX, t.saveY, false
	case 'D':
		t.lineFeed()
	case 'E':
		t.x = 0
		t.lineFeed()
	case 'M':
		if t.y == t.top {
			t.scrollDown(1)
		} else if t.y > 0 {
			t.y--
		}
		t.wrap = false
	case 'c':
		t.main, t.alt = blank(t.w, t.h), blank(t.w, t.h)
		t.cur = &t.main
		t.x, t.y, t.wrap, t.top, t.bot = 0, 0, false, 0, t.h-1
	default:
		if b >= 0x20 && b <= 0x2f {
			t.state = stEscInter
		}
	}
}

func (t *Term) param(i, def int) int {
	ps := strings.Split(string(t.params), ";")
	if i >= len(ps) || ps[i] == "" {
		return def
	}
	n := 0
	for _, c := range ps[i] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	if n == 0 {
		return def
	}
	return n
}

func (t *Term) csi(final byte) {
	if t.private != 0 {
		if t.private == '?' && (final == 'h' || final == 'l') {
			for _, p := range strings.Split(string(t.params), ";") {
				switch p {
				case "1049", "1047", "47":
					t.altScreen(final == 'h', p == "1049")
				}
				if n, err := strconv.Atoi(p); err == nil {
					t.modes[n] = final == 'h'
				}
			}
		}
		return
	}
	if t.inter != 0 {
		return
	}
	row := (*t.cur)
	n := t.param(0, 1)
	t.wrap = false
	switch final {
	case 'A':
		t.y = max(0, t.y-n)
	case 'B', 'e':
		t.y = min(t.h-1, t.y+n)
	case 'C', 'a':
		t.x = min(t.w-1, t.x+n)
	case 'D':
		t.x = max(0, t.x-n)
	case 'E':
		t.x, t.y = 0, min(t.h-1, t.y+n)
	case 'F':
		t.x, t.y = 0, max(0, t.y-n)
	case 'G', '`':
		t.x = clamp(n-1, 0, t.w-1)
	case 'd':
		t.y = clamp(n-1, 0, t.h-1)
	case 'H', 'f':
		t.y, t.x = clamp(t.param(0, 1)-1, 0, t.h-1), clamp(t.param(1, 1)-1, 0, t.w-1)
	case 'I':
		for range n {
			t.x = min(t.w-1, (t.x/8+1)*8)
		}
	case 'Z':
		for range n {
			t.x = max(0, (t.x-1)/8*8)
		}
	case 'J':
		switch t.param(0, 0) {
		case 0:
			t.eraseRow(t.y, t.x, t.w)
			for y := t.y + 1; y < t.h; y++ {
				row[y] = blankRow(t.w)
			}
		case 1:
			t.eraseRow(t.y, 0, t.x+1)
			for y := 0; y < t.y; y++ {
				row[y] = blankRow(t.w)
			}
		default:
			for y := range row {
				row[y] = blankRow(t.w)
			}
		}
	case 'K':
		switch t.param(0, 0) {
		case 0:
			t.eraseRow(t.y, t.x, t.w)
		case 1:
			t.eraseRow(t.y, 0, t.x+1)
		default:
			t.eraseRow(t.y, 0, t.w)
		}
	case 'X':
		t.eraseRow(t.y, t.x, min(t.w, t.x+n))
	case '@':
		r := row[t.y]
		n = min(n, t.w-t.x)
		copy(r[t.x+n:], r[t.x:t.w-n])
		for i := t.x; i < t.x+n; i++ {
			r[i] = ' '
		}
	case 'P':
		r := row[t.y]
		n = min(n, t.w-t.x)
		copy(r[t.x:], r[t.x+n:])
		for i := t.w - n; i < t.w; i++ {
			r[i] = ' '
		}
	case 'L':
		if t.y >= t.top && t.y <= t.bot {
			t.scrollRegion(t.y, t.bot, -n)
		}
	case 'M':
		if t.y >= t.top && t.y <= t.bot {
			t.scrollRegion(t.y, t.bot, n)
		}
	case 'S':
		t.scrollUp(n)
	case 'T':
		t.scrollDown(n)
	case 'r':
		top, bot := t.param(0, 1)-1, t.param(1, t.h)-1
		if top < bot && bot < t.h {
			t.top, t.bot = top, bot
		} else {
			t.top, t.bot = 0, t.h-1
		}
		t.x, t.y = 0, 0
	case 'b':
		for range n {
			t.print(t.last)
		}
	case 's':
		t.saveX, t.saveY = t.x, t.y
	case 'u':
		t.x, t.y = t.saveX, t.saveY
	}
}

func clamp(v, lo, hi int) int { return max(lo, min(hi, v)) }

func (t *Term) altScreen(on, saveCursor bool) {
	if on {
		if saveCursor {
			t.saveX, t.saveY = t.x, t.y
		}
		t.alt = blank(t.w, t.h)
		t.cur = &t.alt
		return
	}
	t.cur = &t.main
	if saveCursor {
		t.x, t.y = t.saveX, t.saveY
	}
}

func (t *Term) eraseRow(y, from, to int) {
	r := (*t.cur)[y]
	for i := max(0, from); i < min(to, t.w); i++ {
		r[i] = ' '
	}
}

func (t *Term) print(r rune) {
	if r == 0 {
		return
	}
	w := ansi.StringWidth(string(r))
	if w == 0 {
		return // combining marks and the like: not needed to read text
	}
	if t.wrap || t.x+w > t.w {
		t.x, t.wrap = 0, false
		t.lineFeed()
	}
	row := (*t.cur)[t.y]
	row[t.x] = r
	if w == 2 && t.x+1 < t.w {
		row[t.x+1] = 0
	}
	t.last = r
	t.x += w
	if t.x >= t.w {
		t.x, t.wrap = t.w-1, true
	}
}

func (t *Term) lineFeed() {
	t.wrap = false
	if t.y == t.bot {
		t.scrollUp(1)
		return
	}
	if t.y < t.h-1 {
		t.y++
	}
}

func (t *Term) scrollUp(n int)   { t.scrollRegion(t.top, t.bot, n) }
func (t *Term) scrollDown(n int) { t.scrollRegion(t.top, t.bot, -n) }

// scrollRegion moves rows top..bot up by n (down when n < 0), blanking
// the rows that come in.
func (t *Term) scrollRegion(top, bot, n int) {
	rows := *t.cur
	h := bot - top + 1
	switch {
	case n > 0:
		n = min(n, h)
		copy(rows[top:bot+1], rows[top+n:bot+1])
		for y := bot - n + 1; y <= bot; y++ {
			rows[y] = blankRow(t.w)
		}
	case n < 0:
		n = min(-n, h)
		copy(rows[top+n:bot+1], rows[top:bot+1-n])
		for y := top; y < top+n; y++ {
			rows[y] = blankRow(t.w)
		}
	}
}
