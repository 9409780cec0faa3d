package tracker

import (
	"encoding/json"
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
//
// What counts as a control is decided in one place, cleaner, which the
// line-keeping forms (SanitizeText, CleanWriter) share.
func Sanitize(s string) string {
	if PrintableASCII(s) {
		return bound(s) // the common case: no allocation
	}
	c := cleaner{out: make([]byte, 0, min(len(s), maxText+utf8.UTFMax))}
	for i := 0; i < len(s) && len(c.out) <= maxText; { // past maxText: enough to know it must be cut
		r, size := utf8.DecodeRuneInString(s[i:])
		c.rune(r, r == utf8.RuneError && size <= 1)
		i += size
	}
	return bound(string(c.out))
}

// stripControls is Sanitize without its bound, for text that is cut by
// its own measure (OneLine).
func stripControls(s string) string {
	if PrintableASCII(s) {
		return s
	}
	c := cleaner{out: make([]byte, 0, len(s))}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c.rune(r, r == utf8.RuneError && size <= 1)
		i += size
	}
	return string(c.out)
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

// escState is where a cleaner is in the text: in plain text, or inside a
// sequence a terminal would act on, which is dropped to its end.
type escState uint8

const (
	inText      escState = iota
	inEscape             // after ESC
	inEscInter           // after ESC and intermediate bytes (0x20–0x2F)
	inCSI                // in a control sequence (ESC [ or U+009B)
	inString             // in a control string: OSC, DCS, SOS, PM, APC
	inStringEsc          // after an ESC inside a control string
)

// cleaner reads text a character at a time and appends to out what is safe
// to print. It keeps its state between characters, so a sequence split
// across two writes of a stream is dropped whole (CleanWriter).
type cleaner struct {
	out   []byte
	state escState
	// keepLines keeps newlines and tabs, for text shown as lines; without
	// it they fold into one space, for a table cell. With it, a newline also
	// ends an unterminated control string: a stream of lines must not lose
	// every later line to one stray ESC ] (the ESC itself is never printed).
	keepLines bool
	lastSpace bool
}

// rune reads one character; invalid is set for a byte that is not UTF-8.
func (c *cleaner) rune(r rune, invalid bool) {
	for {
		switch c.state {
		case inEscape:
			switch {
			case r == '[':
				c.state = inCSI
				return
			case r == ']' || r == 'P' || r == 'X' || r == '^' || r == '_':
				c.state = inString
				return
			case r >= 0x20 && r <= 0x2f: // nF: intermediates, then a final byte
				c.state = inEscInter
				return
			case r >= 0x30 && r <= 0x7e: // Fp, Fe, Fs: a single final byte
				c.state = inText
				return
			}
			c.state = inText // a bare ESC: r is text
			continue
		case inEscInter:
			switch {
			case r >= 0x20 && r <= 0x2f:
				return
			case r >= 0x30 && r <= 0x7e:
				c.state = inText
				return
			}
			c.state = inText
			continue
		case inCSI:
			switch {
			case r >= 0x40 && r <= 0x7e: // the final byte
				c.state = inText
				return
			case r >= 0x20 && r < 0x7f: // parameters and intermediates
				return
			}
			// Not a valid CSI byte: the sequence is broken; what follows
			// is looked at as text.
			c.state = inText
			continue
		case inString:
			switch {
			case r == 0x07 || r == 0x9c: // BEL (xterm takes it for any string) or ST
				c.state = inText
			case r == 0x1b:
				c.state = inStringEsc
			case r == '\n' && c.keepLines:
				c.state = inText
				continue
			}
			return
		case inStringEsc:
			c.state = inText
			if r == '\\' { // ESC \ is ST
				return
			}
			continue // the ESC ended the string; r is text
		}
		break
	}
	switch {
	case invalid:
		c.out = utf8.AppendRune(c.out, utf8.RuneError)
		c.lastSpace = false
	case r == 0x1b:
		c.state = inEscape
	case r == 0x9b: // 8-bit CSI
		c.state = inCSI
	case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // OSC, DCS, SOS, PM, APC
		c.state = inString
	case c.keepLines && (r == '\n' || r == '\t'):
		c.out = append(c.out, byte(r))
		c.lastSpace = false
	case c.keepLines && r == '\r':
		// dropped: a carriage return lets later text overwrite the line
	case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
		if !c.lastSpace {
			c.out = append(c.out, ' ')
			c.lastSpace = true
		}
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		// other C0 and C1 controls: drop
	case isBidi(r):
		// drop: "Trojan Source"-style reordering of a cell
	default:
		c.out = utf8.AppendRune(c.out, r)
		c.lastSpace = r == ' '
	}
}

// SanitizeText makes a message of several lines safe to show: each line
// is sanitized as a table cell is (Sanitize), the line breaks kept. Outside
// text in JSON is cleaned so too (SanitizeJSON): as it would show, without
// flattening a message into one line.
func SanitizeText(s string) string {
	if PrintableASCII(s) && len(s) <= maxText {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Sanitize(l)
	}
	return strings.Join(lines, "\n")
}

// SanitizeJSON cleans every string of an encoded JSON document as
// SanitizeText does, and leaves the rest as it is. encoding/json escapes
// C0 controls (so ESC arrives as \u001b, which a reader decodes back into
// ESC) and passes C1 controls, DEL and bidi overrides through raw: neither
// is fit to reach a terminal or a script that prints what it reads.
// Strings of printable ASCII without escapes, nearly all of them, are not
// decoded. A document that is not valid JSON is returned as it is.
func SanitizeJSON(doc []byte) []byte {
	var out []byte // nil until a string changes
	last := 0
	for i := 0; i < len(doc); i++ {
		if doc[i] != '"' {
			continue
		}
		j, plain := i+1, true
		for ; j < len(doc) && doc[j] != '"'; j++ {
			switch c := doc[j]; {
			case c == '\\':
				j++
				plain = false
			case c < 0x20 || c >= 0x7f:
				plain = false
			}
		}
		if j >= len(doc) {
			break // unterminated: not JSON
		}
		if !plain {
			var s string
			if err := json.Unmarshal(doc[i:j+1], &s); err == nil {
				if clean := SanitizeText(s); clean != s {
					enc, err := json.Marshal(clean)
					if err == nil {
						out = append(append(out, doc[last:i]...), enc...)
						last = j + 1
					}
				}
			}
		}
		i = j
	}
	if out == nil {
		return doc
	}
	return append(out, doc[last:]...)
}
