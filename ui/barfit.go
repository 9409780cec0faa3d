package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// barItem is one piece of a one-line bar, shown whole or not at all.
type barItem struct {
	text  string // plain, sanitized
	style lipgloss.Style
	// rank is the drop order: when the line is short, the item of the
	// highest rank goes first.
	rank  int
	right bool   // in the group at the right end of the line
	sep   string // put between this item and the next shown one of its group
	// shrink: free text (a message, a reason) that is shortened at a word
	// boundary rather than dropped. Its first shrinkHead cells have rank;
	// the rest has tail (when greater), so a long message's end gives way
	// before items that matter more than it.
	shrink bool
	tail   int
}

const (
	// shrinkHead is how much of a long text counts at its item's rank.
	shrinkHead = 24
	// minShrink is the least room a shrinking item is shortened to; with
	// less it is dropped like any other.
	minShrink = 12
)

// barGap is the least space between the left and the right group.
const barGap = 2

// renderBar draws the kept items in w cells.
func renderBar(items []barItem, keep []bool, w int, sepSt lipgloss.Style) string {
	if w <= 0 {
		return ""
	}
	left, right := joinBar(items, keep, false, sepSt), joinBar(items, keep, true, sepSt)
	gap := w - widthOf(left) - widthOf(right)
	return left + strings.Repeat(" ", max(0, gap)) + right
}

// fitItems is which items fit w cells together: the left group from the
// left, the right group against the right end, each in the order given.
// Items are dropped whole, highest rank first, until the rest fits; a
// shrinking item is shortened at a word boundary instead, never inside a
// word unless its first word alone is too wide. It measures and shortens
// in items (texts only) and leaves styling to joinBar.
func fitItems(items []barItem, w int) []bool {
	keep := make([]bool, len(items))
	if w <= 0 {
		return keep
	}
	for i := range items {
		keep[i] = items[i].text != ""
	}
	rank := func(it barItem) int {
		if it.shrink && it.tail > it.rank && widthOf(it.text) > shrinkHead {
			return it.tail
		}
		return it.rank
	}
	for {
		over := barWidth(items, keep) - w
		if over <= 0 {
			return keep
		}
		drop := -1
		for i, it := range items {
			if keep[i] && (drop < 0 || rank(it) >= rank(items[drop])) {
				drop = i // the last of equal rank goes first: the end of a list
			}
		}
		if drop < 0 {
			return keep
		}
		it := &items[drop]
		if it.shrink {
			tw := widthOf(it.text)
			switch room := tw - over; {
			case rank(*it) != it.rank: // the tail goes first, down to the head
				it.text = cutWords(it.text, max(room, shrinkHead))
				continue
			case room >= min(minShrink, w):
				it.text = cutWords(it.text, room)
				continue
			}
		}
		keep[drop] = false
	}
}

// barWidth is the width of the kept items with their separators and, when
// both groups have items, the gap between them.
func barWidth(items []barItem, keep []bool) int {
	n := 0
	groups := [2]bool{}
	for g, right := range []bool{false, true} {
		prev := -1
		for i, it := range items {
			if !keep[i] || it.right != right {
				continue
			}
			if prev >= 0 {
				n += widthOf(items[prev].sep)
			}
			n += widthOf(it.text)
			prev = i
			groups[g] = true
		}
	}
	if groups[0] && groups[1] {
		n += barGap
	}
	return n
}

func joinBar(items []barItem, keep []bool, right bool, sepSt lipgloss.Style) string {
	var b strings.Builder
	prev := -1
	for i, it := range items {
		if !keep[i] || it.right != right {
			continue
		}
		if prev >= 0 && items[prev].sep != "" {
			b.WriteString(sepSt.Render(items[prev].sep))
		}
		b.WriteString(it.style.Render(it.text))
		prev = i
	}
	return b.String()
}

// cutWords shortens s to at most w cells at a word boundary, with an
// ellipsis: "carrier 17track stopped: key…". A first word wider than w is
// cut where it must be.
func cutWords(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if widthOf(s) <= w {
		return s
	}
	out := ""
	for _, word := range strings.Fields(s) {
		next := word
		if out != "" {
			next = out + " " + word
		}
		if widthOf(next)+1 > w { // room for the ellipsis
			break
		}
		out = next
	}
	if out == "" {
		return strings.TrimRight(cell(s, w), " ")
	}
	return out + "…"
}
