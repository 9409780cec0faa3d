package ui

import (
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// Charts are drawn from block characters, to any size, by our own small
// renderer: the charting libraries for Bubble Tea (ntcharts) are built on
// Bubble Tea v1 and Lip Gloss v1, which this program does not use.

// eighths are the partial blocks, from one eighth of a cell to seven.
var eighths = []rune("▁▂▃▄▅▆▇")

// columnChart draws vals as vertical bars scaled so top fills height rows,
// in exactly height lines of exactly width cells. Each value gets one
// column, with a one-cell gap when there is room for it; values that do not
// fit are cut from the front, so the newest stay. A NaN is a missing value
// (a dot on the base line); a value above zero always shows at least a
// sliver.
func columnChart(vals []float64, top float64, width, height int) []string {
	if width <= 0 || height <= 0 {
		return nil
	}
	step := 2
	if len(vals)*2 > width {
		step = 1
	}
	if n := width / step; len(vals) > n {
		vals = vals[len(vals)-n:]
	}
	rows := make([][]rune, height)
	for r := range rows {
		rows[r] = []rune(strings.Repeat(" ", width))
	}
	for i, v := range vals {
		x := i * step
		if math.IsNaN(v) {
			rows[height-1][x] = '·'
			continue
		}
		if v <= 0 || top <= 0 {
			continue
		}
		full := min(v/top, 1) * float64(height)
		for level := range height {
			r := height - 1 - level
			switch part := full - float64(level); {
			case part >= 1:
				rows[r][x] = '█'
			case part > 0:
				rows[r][x] = eighths[max(0, min(6, int(part*8)-1))]
			}
		}
	}
	out := make([]string, height)
	for r := range rows {
		out[r] = string(rows[r])
	}
	return out
}

// axis is one line of width cells with left at the start and right ending
// at cell end (a label that would overlap is dropped). Labels are measured
// in cells, not runes: a Chinese label (3天, 3月2日) is wider than its
// runes, and a double-width character is never cut in half.
func axis(left, right string, end, width int) string {
	if width <= 0 {
		return ""
	}
	lw, rw := widthOf(left), widthOf(right)
	if lw > width {
		// Too long for the chart: cut by cells, padding the cell a wide
		// character would have straddled.
		cut := ansi.Truncate(left, width, "")
		return cut + strings.Repeat(" ", width-widthOf(cut))
	}
	if start := end - rw; right != "" && start > lw && end <= width {
		return left + strings.Repeat(" ", start-lw) + right + strings.Repeat(" ", width-end)
	}
	return left + strings.Repeat(" ", width-lw)
}

// transitChart is the distribution of transit days (ascending) as a
// histogram: one bar per day, or per few days when the span is wider than
// the chart, with the shortest and longest day under it. It fills width ×
// height (the last line is the axis); with no values it says so.
func transitChart(days []float64, width, height int, tr *i18n.Printer) []string {
	out := make([]string, 0, height)
	if len(days) == 0 || height < 2 {
		out = append(out, cell(tr.T("no delivered parcels"), width))
		for len(out) < height {
			out = append(out, strings.Repeat(" ", width))
		}
		return out[:height]
	}
	lo, hi := math.Floor(days[0]), math.Floor(days[len(days)-1])
	span := int(hi-lo) + 1
	per := 1 // days per bar
	slots := max(1, width/2)
	if span > slots {
		slots = width
		per = (span + slots - 1) / slots
	}
	bins := make([]float64, (span+per-1)/per)
	peak := 0.0
	for _, d := range days {
		i := min(len(bins)-1, int(math.Floor(d)-lo)/per)
		bins[i]++
		peak = max(peak, bins[i])
	}
	out = append(out, columnChart(bins, peak, width, height-1)...)
	step := 2
	if len(bins)*2 > width {
		step = 1
	}
	last := (len(bins)-1)*step + 1
	out = append(out, axis(tr.T("%dd", int(lo)), tr.T("%dd", int(hi)), last, width))
	return out
}

// onTimeChart is a carrier's weekly on-time share as bars (full height is
// 100%), the newest weeks that fit, with the first and last week's Monday
// under them.
func onTimeChart(weeks []tracker.WeekOnTime, loc *time.Location, width, height int, tr *i18n.Printer) []string {
	out := make([]string, 0, height)
	if len(weeks) == 0 || height < 2 {
		out = append(out, cell(tr.T("no promise settled yet"), width))
		for len(out) < height {
			out = append(out, strings.Repeat(" ", width))
		}
		return out[:height]
	}
	step := 2
	if len(weeks)*2 > width {
		step = 1
	}
	if n := width / step; len(weeks) > n {
		weeks = weeks[len(weeks)-n:]
	}
	rates := make([]float64, len(weeks))
	for i, w := range weeks {
		rates[i] = w.Rate()
	}
	out = append(out, columnChart(rates, 1, width, height-1)...)
	d := func(t time.Time) string { return dayIn(t, loc, tr) }
	last := (len(weeks)-1)*step + 1
	right := d(weeks[len(weeks)-1].Week)
	if len(weeks) == 1 {
		right = ""
	}
	// The right label ends under the last bar, or far enough out to
	// leave two cells after the left one (in English, whose labels are
	// five cells, that is where it always ended).
	left := d(weeks[0].Week)
	out = append(out, axis(left, right, max(last, widthOf(left)+2+widthOf(right)), width))
	return out
}
