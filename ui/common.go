package ui

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// common is what every component of one session shares, after soft-serve's
// pkg/ui/common: the session's context, its size, styles and keys, and the
// ports it reads through. One value per session and nothing at package
// level, so any number of SSH sessions can run in one process.
//
// Fields are written only from Update (the program's event loop); a tea.Cmd
// closure must copy what it needs into locals first, because it runs on
// another goroutine.
type common struct {
	ctx    context.Context
	width  int
	height int
	styles *Styles
	keys   *KeyMap
	clock  tracker.Clock
	reader tracker.Reader
	// svc does every action and reads cases; nil: a session that changes
	// nothing and has no cases.
	svc   *tracker.Service
	actor tracker.Actor // who every log names, and what they may do
	// readOnly is a session that may change nothing (a viewer's, or one
	// with no service): every action is hidden from help and refused by
	// its key, the refresh key included (a viewer asks no carrier; the
	// refresher keeps the screen current). The service refuses a viewer's
	// writes too, whatever the screen does.
	readOnly     bool
	refresher    Refresher
	importOn     bool                  // `i` may read files from this machine
	columns      map[string]string     // [import.columns]
	evidenceFont string                // [evidence] font (the case view's bundle key)
	eta          tracker.ETAReader     // nil: no ETA shown or suggested
	history      tracker.HistoryReader // nil: no scorecard
	rules        tracker.Rules         // promises by method, for the scorecard
	markDemo     bool                  // mark demo orders' rows (Options.MarkDemo)
	urgent       time.Duration         // [deadlines] urgent (Options.Urgent)
	ext          extendOpts            // the extend key's offer and proposal (ui/extend.go)
	tr           *i18n.Printer         // the session's language: every word people read goes through it
	// now is the clock reading of the last tick: View shows ages relative
	// to it, so rendering never asks the clock and two renders of the same
	// state are identical.
	now time.Time
}

// canTriage reports whether the session may change exceptions, watches
// and alerts.
func (c *common) canTriage() bool { return !c.readOnly }

// canRefresh reports whether the session may ask a carrier now (`r`).
func (c *common) canRefresh() bool { return c.refresher != nil && !c.readOnly }

// hasCases reports whether the session can read complaint cases.
func (c *common) hasCases() bool { return c.svc != nil }

// canOpenCases reports whether the session may open and work cases; a
// viewer may still read the cases there are.
func (c *common) canOpenCases() bool { return !c.readOnly }

// canAdd reports whether the session may add orders (`a`, a paste).
func (c *common) canAdd() bool { return !c.readOnly }

// canImport reports whether the session may import an order file (`i`).
func (c *common) canImport() bool { return c.canAdd() && c.importOn }

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// widthOf is the display width of s, escape sequences not counted. A frame
// measures every cell and line, and ansi.StringWidth segments graphemes for
// every character; most of what we draw is ASCII, Latin, Cyrillic and our
// own box and punctuation glyphs with SGR styling, which are one cell each,
// so we count those directly and leave everything else (CJK, emoji,
// combining marks) to ansi.StringWidth.
func widthOf(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			i += 2
			for i < len(s) && (s[i] < 0x40 || s[i] > 0x7e) {
				i++
			}
			i++
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !singleCell(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// singleCell reports runes that are one cell wide on their own and never
// join a neighbour into a cluster.
func singleCell(r rune) bool {
	switch {
	case r >= 0xa0 && r <= 0x2ff && r != 0xad: // Latin-1, Latin Extended
	case r >= 0x370 && r <= 0x482, r >= 0x48a && r <= 0x52f: // Greek, Cyrillic
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205e: // punctuation: … • › —
	case r >= 0x2190 && r <= 0x21ff: // arrows
	case r >= 0x2500 && r <= 0x257f: // box drawing
	case r == 0x27f3: // ⟳
	case r == 0x2605: // ★
	default:
		return false
	}
	return true
}

// since formats the age of t at now in one short unit: "now", "12m", "3h",
// "2d"; "—" when t is unknown.
func since(now, t time.Time) string {
	if t.IsZero() || now.IsZero() {
		return "—"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	default:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
}

// daysBetween counts whole days from a to b, "—" when a is unknown.
func daysBetween(a, b time.Time) string {
	if a.IsZero() || b.IsZero() || b.Before(a) {
		return "—"
	}
	return strconv.Itoa(int(b.Sub(a)/(24*time.Hour))) + "d"
}

// clampInt keeps v within [lo, hi]; when hi < lo it returns lo.
func clampInt(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
