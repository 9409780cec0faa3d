package tracker

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes untrusted text (carrier descriptions and locations, buyer
// names, marketplace order numbers) safe to put on a terminal: it removes
// escape sequences of every kind (CSI, OSC, DCS, SOS, PM, APC, two-byte ESC
// sequences, their 8-bit C1 forms), every other C0/C1 control character, and
// the Unicode bidi controls that can make text display in a misleading order.
// Tabs and line breaks become a single space, because every place we show
// such text is one table cell on one line. Invalid UTF-8 becomes U+FFFD so a
// stray 8-bit byte can never be read as C1 by a terminal in a legacy mode.
//
// The result is at most maxText bytes: a carrier or a file can send a
// megabyte where a name belongs, and every render measures what it shows.
// Longer text is cut at a character boundary and ends in "…".
//
// ansi.Strip would not do: it drops escape sequences but keeps C0 controls
// (BEL, BS, CR, …), which can still move the cursor or ring the bell.
func Sanitize(s string) string {
	if PrintableASCII(s) {
		return bound(s) // the common case: no allocation
	}
	var b strings.Builder
	b.Grow(min(len(s), maxText))
	lastSpace := false
	space := func() {
		if !lastSpace {
			b.WriteByte(' ')
			lastSpace = true
		}
	}
	for i := 0; i < len(s); {
		if b.Len() > maxText {
			break // enough to know it must be cut
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(utf8.RuneError)
			lastSpace = false
			i++
			continue
		}
		switch {
		case r == 0x1b: // ESC
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // OSC, DCS, SOS, PM, APC
			i = skipString(s, i+size)
			continue
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
			space()
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// other C0 and C1 controls: drop
		case isBidi(r):
			// drop: "Trojan Source"-style reordering of a cell
		default:
			b.WriteString(s[i : i+size])
			lastSpace = r == ' '
		}
		i += size
	}
	return bound(b.String())
}

// maxText bounds what Sanitize returns, in bytes; far more than any cell,
// line or message field shows.
const maxText = 4096

const ellipsis = "…"

// bound cuts clean text longer than maxText at a character boundary and
// marks the cut.
func bound(s string) string {
	if len(s) <= maxText {
		return s
	}
	n := maxText - len(ellipsis)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + ellipsis
}

// PrintableASCII reports whether s is printable ASCII, which needs no
// cleaning and is one cell a byte.
func PrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// skipEscape skips the sequence that follows an ESC at s[i-1] and returns the
// index just past it. An unterminated sequence swallows the rest of the text:
// showing half of an attack is worse than showing nothing.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i // bare ESC at the end
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// nF sequences: intermediates 0x20–0x2F then one final 0x30–0x7E;
	// Fp/Fe/Fs: a single final byte. Anything else ends the bare ESC.
	j := i
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
		return j + 1
	}
	return j
}

// skipCSI skips parameter and intermediate bytes and the final byte of a
// control sequence whose introducer ends just before s[i].
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 || c >= 0x7f {
			// not a valid CSI byte: the sequence is broken; stop here
			// and let the caller look at what follows as text.
			return i - 1
		}
	}
	return i
}

// skipString skips a control string (OSC, DCS, SOS, PM, APC) up to and
// including its terminator: ST (ESC \ or U+009C) or, as xterm accepts for
// every one of them, BEL.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c: // U+009C ST
			return i + 2
		}
		i++
	}
	return i
}
