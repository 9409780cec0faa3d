package cli

import (
	"fmt"
	"strings"
	"testing"
	"text/tabwriter"

	"charm.land/lipgloss/v2"
)

// For ASCII text the table is tabwriter, byte for byte: every table the
// command line printed before reads the same.
func TestTableIsTabwriterForASCII(t *testing.T) {
	for _, text := range []string{
		"",
		"no tabs at all\n",
		"A\tBB\tC\na\tb\tc\n",
		"ORDER\tTRACKING\tSTATUS\nAE-1\tLX1\tdelivered\nAE-22\tLX22\tin_transit\n",
		"h1\th2\t\nlong cell\tx\t\n",                                                          // a trailing tab pads the last column
		"a\tb\nheading without tab\nccc\tddddd\te\n",                                          // a line without a tab ends the columns
		"  2026-01-02\tdelivered\tShenzhen\tAccepted\n  2026-01-03\tin_transit\t\tDeparted\n", // empty cell
		"x\ty\tz\nx\ty\nx\ty\tz\tw\n",                                                         // ragged lines
		"no newline at the end\tcell",
	} {
		var want, got strings.Builder
		tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', 0)
		fmt.Fprint(tw, text)
		tw.Flush()
		tb := newTable(&got)
		fmt.Fprint(tb, text)
		if err := tb.Flush(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", text, got.String(), want.String())
		}
	}
}

// Chinese text is two cells wide a character: the columns after it line
// up by display width, where tabwriter (counting runes) pushed them out.
func TestTableAlignsByDisplayWidth(t *testing.T) {
	var b strings.Builder
	tb := newTable(&b)
	fmt.Fprint(tb, "订单号\t状态\t目的地\nAE-1\t运输中\tDE\nAE-22222\tdelivered\tFR\n")
	tb.Flush()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	col := func(line, cell string) int { return lipgloss.Width(line[:strings.Index(line, cell)]) }
	for _, c := range [][2]string{{"状态", "运输中"}, {"运输中", "delivered"}, {"目的地", "DE"}, {"DE", "FR"}} {
		var a, z int
		for _, l := range lines {
			if strings.Contains(l, c[0]) {
				a = col(l, c[0])
			}
			if strings.Contains(l, c[1]) {
				z = col(l, c[1])
			}
		}
		if a != z {
			t.Errorf("%q starts at column %d, %q at %d:\n%s", c[0], a, c[1], z, b.String())
		}
	}
}
