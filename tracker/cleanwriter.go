package tracker

import (
	"io"
	"sync"
	"unicode/utf8"
)

// CleanWriter passes text to the writer under it without anything a
// terminal would act on, as Sanitize cleans a cell, but keeping newlines
// and tabs: a program's whole output can go through it, so that no line
// printed now or by a command written later can carry an escape sequence,
// a C0 or C1 control, DEL or a bidi override from outside text. A sequence
// split across two writes is dropped whole, and a character split across
// two writes is joined; Flush ends what the last write left open.
//
// Output that must carry the program's own controls (a progress line
// erased in place) writes them to the writer under it, never through here.
// A CleanWriter is safe for concurrent use.
type CleanWriter struct {
	mu      sync.Mutex
	w       io.Writer
	c       cleaner
	partial []byte // the first bytes of a character the last write cut
}

// NewCleanWriter returns a CleanWriter writing to w.
func NewCleanWriter(w io.Writer) *CleanWriter {
	return &CleanWriter{w: w, c: cleaner{keepLines: true}}
}

// chunk bounds what a CleanWriter holds before passing it on, so a large
// document is not copied whole.
const chunk = 32 << 10

// Write writes p cleaned. It reports all of p written unless the writer
// under it failed.
func (cw *CleanWriter) Write(p []byte) (int, error) {
	cw.mu.Lock()
	defer cw.mu.Unlock()
	data := p
	if len(cw.partial) > 0 {
		data = append(cw.partial, p...)
		cw.partial = nil
	}
	c := &cw.c
	c.out = c.out[:0]
	for i := 0; i < len(data); {
		if len(c.out) >= chunk {
			if err := cw.flushOut(); err != nil {
				return 0, err
			}
		}
		if b := data[i]; c.state == inText && printableOrLine(b) {
			j := i + 1
			for j < len(data) && j-i < chunk && printableOrLine(data[j]) {
				j++
			}
			c.out = append(c.out, data[i:j]...)
			c.lastSpace = data[j-1] == ' '
			i = j
			continue
		}
		if data[i] < utf8.RuneSelf {
			c.rune(rune(data[i]), false)
			i++
			continue
		}
		if !utf8.FullRune(data[i:]) {
			cw.partial = append([]byte(nil), data[i:]...) // at most 3 bytes
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		c.rune(r, r == utf8.RuneError && size == 1)
		i += size
	}
	if err := cw.flushOut(); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush ends a character the last write cut short: its bytes are not
// UTF-8, and show as U+FFFD.
func (cw *CleanWriter) Flush() error {
	cw.mu.Lock()
	defer cw.mu.Unlock()
	c := &cw.c
	c.out = c.out[:0]
	for len(cw.partial) > 0 {
		r, size := utf8.DecodeRune(cw.partial)
		c.rune(r, r == utf8.RuneError && size == 1)
		cw.partial = cw.partial[size:]
	}
	cw.partial = nil
	return cw.flushOut()
}

func (cw *CleanWriter) flushOut() error {
	if len(cw.c.out) == 0 {
		return nil
	}
	_, err := cw.w.Write(cw.c.out)
	cw.c.out = cw.c.out[:0]
	return err
}

// printableOrLine is a byte a CleanWriter passes as it is, outside a
// sequence: printable ASCII, newline, tab.
func printableOrLine(b byte) bool {
	return (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\t'
}
