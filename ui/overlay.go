package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// overlay draws box over lines, its top left corner at column x of line
// y, in place. Both are frames of our own making: every line of lines is
// the screen's width, and box fits inside it.
func overlay(lines, box []string, x, y int) {
	for i, b := range box {
		j := y + i
		if j < 0 || j >= len(lines) {
			continue
		}
		l := lines[j]
		w := widthOf(l)
		bw := widthOf(b)
		if x < 0 || x+bw > w {
			continue
		}
		left := ansi.Cut(l, 0, x)
		if strings.Contains(left, "\x1b") {
			left += "\x1b[m" // a style cut open must not run into the box
		}
		// A wide character (Chinese, Japanese, Korean) across either edge
		// of the box is left out whole: a space takes each cell it held, so
		// the line keeps the screen's width.
		// (ansi.Cut drops one across the left end of its range and keeps
		// one across the right.)
		left += strings.Repeat(" ", max(0, x-widthOf(left)))
		right := ansi.Cut(l, x+bw, w)
		if widthOf(right) > w-x-bw {
			right = ansi.Cut(l, x+bw+1, w)
		}
		right = strings.Repeat(" ", max(0, w-x-bw-widthOf(right))) + right
		lines[j] = left + b + right
	}
}

// promptBox renders the open prompt as a box sized to what it asks.
func (a *App) promptBox() []string {
	w := min(a.c.width-4, promptWidth)
	if wide, ok := a.prompt.(interface{ width() int }); ok { // a prompt that shows more than it asks
		w = min(a.c.width-4, wide.width())
	}
	body := a.prompt.body(w - 2)
	return a.c.styles.pane(a.prompt.title(), "", body, w, len(body)+2, true)
}

// promptAt is where the prompt's box goes: centred over the panes.
func (a *App) promptAt(box []string) (x, y int) {
	w := widthOf(box[0])
	panesH := a.lay.statusY - 1
	return (a.c.width - w) / 2, 1 + max(0, (panesH-len(box))/2)
}
