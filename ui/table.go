package ui

import (
	"sort"
	"strings"
)

// column describes one table column. Columns with the lowest prio survive
// the narrowest terminals; max 0 marks a flexible column that takes the
// width nobody else wants (a description, a detail). A flexible column with
// a want grows to it before the fixed columns grow, so free text is not
// squeezed to a stub by columns that would merely be roomier. The tables
// of the list panes are in columns.go.
type column struct {
	title string
	min   int
	max   int
	want  int
	prio  int
	grow  int // order in which fixed columns grow, lowest first
	right bool
	// cut: the column's text may be cut with an ellipsis. A column
	// without it holds what fits its min, or a form chosen to fit.
	cut bool
	// wide is the width its values take outside English, when more than
	// its min (an age: 26h is 26小时); titled widens it to that.
	wide int
}

// table lays out columns for one width: a one-cell gutter for the selection
// marker, then the columns that fit, one space apart.
type table struct {
	cols   []column
	widths []int // 0: hidden
}

func newTable(cols []column, width int) table {
	t := table{cols: cols, widths: make([]int, len(cols))}
	avail := width - 1 // gutter
	if avail <= 0 {
		return t
	}
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cols[order[a]].prio < cols[order[b]].prio })

	// A flexible column with a want keeps room for it against columns of
	// lower priority: a readable description beats one more narrow column.
	reserve := func(prio int) int {
		r := 0
		for _, c := range cols {
			if c.max == 0 && c.want > c.min && c.prio < prio {
				r += c.want - c.min
			}
		}
		return r
	}
	used, shown := 0, 0
	for _, i := range order {
		need := cols[i].min
		if shown > 0 {
			need++
		}
		if used+need+reserve(cols[i].prio) > avail {
			continue
		}
		t.widths[i] = cols[i].min
		used += need
		shown++
	}
	extra := avail - used
	for _, i := range order { // flexible columns grow to what they want
		if t.widths[i] == 0 || cols[i].max != 0 || extra == 0 || cols[i].want <= t.widths[i] {
			continue
		}
		g := min(extra, cols[i].want-t.widths[i])
		t.widths[i] += g
		extra -= g
	}
	growth := append([]int(nil), order...)
	sort.SliceStable(growth, func(a, b int) bool { return cols[growth[a]].grow < cols[growth[b]].grow })
	for _, i := range growth { // then bounded columns, up to their max
		if t.widths[i] == 0 || cols[i].max == 0 || extra == 0 {
			continue
		}
		g := min(extra, cols[i].max-t.widths[i])
		t.widths[i] += g
		extra -= g
	}
	for _, i := range order { // then the first flexible one takes the rest
		if t.widths[i] > 0 && cols[i].max == 0 {
			t.widths[i] += extra
			break
		}
	}
	return t
}

// tcell is one cell's text (already sanitized) and optional style.
type tcell struct {
	text string
	ink  ink
}

func plain(s string) tcell { return tcell{text: s} }

func styled(s string, k ink) tcell { return tcell{text: s, ink: k} }

func (t table) header(st ink) string {
	cells := make([]tcell, len(t.cols))
	for i, c := range t.cols {
		cells[i] = plain(c.title)
	}
	return st.paint(t.join(cells, " ", false))
}

// row renders one line. A selected row is drawn in one style over its whole
// width (per-cell colours would fight the highlight) and gets a marker in the
// gutter, so the selection is visible without colour too (NO_COLOR, goldens).
func (t table) row(cells []tcell, selected bool, sel ink) string {
	if selected {
		return sel.paint(t.join(cells, "›", false))
	}
	return t.join(cells, " ", true)
}

func (t table) join(cells []tcell, gutter string, withStyles bool) string {
	var b strings.Builder
	b.WriteString(gutter)
	first := true
	for i, w := range t.widths {
		if w == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		var c tcell
		if i < len(cells) {
			c = cells[i]
		}
		var s string
		if t.cols[i].right {
			s = cellRight(c.text, w)
		} else {
			s = cell(c.text, w)
		}
		if withStyles {
			s = c.ink.paint(s)
		}
		b.WriteString(s)
	}
	return b.String()
}

// visible reports whether column i is shown at this width.
func (t table) visible(i int) bool { return i < len(t.widths) && t.widths[i] > 0 }
