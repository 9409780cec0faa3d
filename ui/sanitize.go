package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
)

// Sanitize makes untrusted text safe to put on a terminal
// (tracker.Sanitize): every screen and every line of the command line's
// output shows outside text through it.
func Sanitize(s string) string { return tracker.Sanitize(s) }

// SanitizeText makes a message safe to show and edit line by line: each
// line is sanitized as a table cell is, the line breaks kept
// (tracker.SanitizeText).
func SanitizeText(s string) string { return tracker.SanitizeText(s) }

// isPlain reports whether s is printable ASCII, which cell can cut by
// bytes.
func isPlain(s string) bool { return tracker.PrintableASCII(s) }

// cell fits already sanitized text into exactly w columns: it truncates with
// an ellipsis by display width (so CJK and emoji count as two) and pads with
// spaces.
func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := widthOf(s)
	if sw > w {
		if isPlain(s) {
			s = s[:w-1] + "…"
		} else {
			s = ansi.Truncate(s, w, "…")
		}
		sw = widthOf(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// cellRight is cell aligned to the right, for numbers.
func cellRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := widthOf(s)
	if sw > w {
		return cell(s, w)
	}
	return strings.Repeat(" ", w-sw) + s
}
