package ui

// The smallest terminal we draw the panes in; below it we say so instead of
// drawing a mess (and never index out of range).
const (
	minWidth  = 60
	minHeight = 16
	// wideWidth is where the timeline moves up beside the orders: from
	// here the orders pane keeps about 104 columns, its whole table
	// (orderColumns), and the timeline still gets 56. Below it the orders
	// take the full width, so at 100-159 columns a seller sees the
	// carrier, the last update and the buyer, not only at 200.
	wideWidth = 160
)

type rect struct{ x, y, w, h int }

// promptWidth is the width of a prompt's box, at most.
const promptWidth = 64

func (r rect) contains(x, y int) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// layout is where everything goes for one terminal size; computed in Update
// when the size or the help changes, read by View and by mouse handling.
type layout struct {
	tooSmall   bool
	width      int
	height     int
	orders     rect
	timeline   rect
	exceptions rect
	alerts     rect // the alert list, over the panes, when open
	statusY    int  // the status line; help follows it
	helpH      int
}

// computeLayout places the panes. Below wideWidth: orders across the top,
// timeline and exceptions side by side below (the orders table needs the
// full width). From wideWidth: orders and timeline side by side, the
// exceptions queue across the bottom.
func computeLayout(w, h, helpH int) layout {
	l := layout{width: w, height: h}
	if w < minWidth || h < minHeight {
		l.tooSmall = true
		return l
	}
	const titleH = 1
	// Full help must leave the panes room to be useful.
	helpH = clampInt(helpH, 1, max(1, h-titleH-1-12))
	l.helpH = helpH
	ph := h - titleH - 1 - helpH
	l.statusY = titleH + ph
	// The alert list covers the panes while it is open: a box over them
	// would leave cut-off cells of the rows beneath at its sides.
	l.alerts = rect{0, titleH, w, ph}
	if w >= wideWidth {
		upper := ph * 62 / 100
		// The orders table reads best at about 104 columns; the timeline
		// takes the rest, within limits.
		ow := clampInt(w-56, w*55/100, w*2/3)
		l.orders = rect{0, titleH, ow, upper}
		l.timeline = rect{ow, titleH, w - ow, upper}
		l.exceptions = rect{0, titleH + upper, w, ph - upper}
		return l
	}
	upper := ph * 55 / 100
	lw := w / 2
	l.orders = rect{0, titleH, w, upper}
	l.timeline = rect{0, titleH + upper, lw, ph - upper}
	l.exceptions = rect{lw, titleH + upper, w - lw, ph - upper}
	return l
}
