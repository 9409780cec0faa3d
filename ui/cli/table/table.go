// Package table lays out the command line's tables by display width.
package table

import (
	"bytes"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
)

// Writer lays out tab-separated lines in columns as text/tabwriter does
// with (minwidth 0, tabwidth 0, padding 2, padchar ' ', no flags), but
// measures each cell by its display width: tabwriter counts runes, so a
// Chinese word, two cells wide a character, pushed every column after it
// out of line. Its output for ASCII text is tabwriter's, byte for byte.
//
// As in tabwriter, a cell is text ended by a tab; a line's text after its
// last tab is not in a column, and a line without a tab ends every column
// above it.
type Writer struct {
	out io.Writer
	buf bytes.Buffer
}

// New returns a Writer that lays out what is written to it on out when
// flushed.
func New(out io.Writer) *Writer { return &Writer{out: out} }

func (t *Writer) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush writes the lines written so far, laid out.
func (t *Writer) Flush() error {
	text := t.buf.String()
	t.buf.Reset()
	if text == "" {
		return nil
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	cells := make([][]string, len(lines))
	ends := make([]string, len(lines))
	for i, l := range lines {
		if strings.HasSuffix(l, "\n") {
			l, ends[i] = l[:len(l)-1], "\n"
		}
		cells[i] = strings.Split(l, "\t")
	}
	var b strings.Builder
	widths := make([]int, 0, 8)
	t.format(&b, cells, ends, widths, 0, len(cells))
	_, err := io.WriteString(t.out, b.String())
	return err
}

// format lays out lines [line0, line1) whose first len(widths) columns
// are sized: tabwriter's recursion, a block of lines with a cell in the
// next column at a time.
func (t *Writer) format(b *strings.Builder, cells [][]string, ends []string, widths []int, line0, line1 int) {
	column := len(widths)
	for this := line0; this < line1; this++ {
		if column >= len(cells[this])-1 {
			continue
		}
		t.write(b, cells, ends, widths, line0, this)
		line0 = this
		width := 0
		for ; this < line1; this++ {
			if column >= len(cells[this])-1 {
				break
			}
			if w := lipgloss.Width(cells[this][column]) + 2; w > width {
				width = w
			}
		}
		t.format(b, cells, ends, append(widths, width), line0, this)
		line0 = this
	}
	t.write(b, cells, ends, widths, line0, line1)
}

// write writes lines [line0, line1), each cell of a sized column padded
// to its width.
func (t *Writer) write(b *strings.Builder, cells [][]string, ends []string, widths []int, line0, line1 int) {
	for i := line0; i < line1; i++ {
		for j, c := range cells[i] {
			b.WriteString(c)
			if j < len(widths) && j < len(cells[i])-1 {
				b.WriteString(strings.Repeat(" ", max(0, widths[j]-lipgloss.Width(c))))
			}
		}
		b.WriteString(ends[i])
	}
}
