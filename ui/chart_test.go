package ui

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

func TestColumnChart(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name          string
		vals          []float64
		top           float64
		width, height int
		want          []string
	}{
		{"halves and wholes, with gaps", []float64{0, 1, 2, 4}, 4, 8, 2, []string{
			"      █ ",
			"  ▄ █ █ "}},
		{"too many for gaps: one column each", []float64{1, 2, 3}, 3, 4, 1, []string{
			"▂▅█ "}},
		{"too many to fit: the newest stay", []float64{9, 9, 1, 2}, 2, 2, 1, []string{
			"▄█"}},
		{"missing values and a sliver", []float64{nan, 0.01}, 1, 4, 2, []string{
			"    ",
			"· ▁ "}},
		{"above the top is clipped to it", []float64{5}, 1, 2, 2, []string{
			"█ ",
			"█ "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := columnChart(tt.vals, tt.top, tt.width, tt.height)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestTransitChart(t *testing.T) {
	tests := []struct {
		name          string
		days          []float64
		width, height int
		want          []string
	}{
		// Days 3: 2 parcels, 4: 1, 5: none, 6: 1; the longest day's label
		// ends under its bar.
		{"one bar per day", []float64{3.2, 3.9, 4.1, 6.5}, 12, 3, []string{
			"█           ",
			"█ █   █     ",
			"3d   6d     "}},
		// Ten days in four cells: three days a bar, the last bar one day
		// (a third of the peak); no room for the right label.
		{"wide spans share bars", []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 4, 2, []string{
			"███▂",
			"0d  "}},
		// Two days a bar in five cells.
		{"wide spans, room for both labels", []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 8, 2, []string{
			"█████   ",
			"0d 9d   "}},
		{"nothing delivered", nil, 10, 2, []string{
			"no delive…",
			"          "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := transitChart(tt.days, tt.width, tt.height, nil)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestChartsFitEveryWidth checks the promise every pane relies on: exactly
// the lines asked for, each exactly as wide, at any size from the smallest
// screen up.
func TestChartsFitEveryWidth(t *testing.T) {
	var days []float64
	for i := range 300 {
		days = append(days, float64(i%47)+0.5)
	}
	slices.Sort(days)
	var weeks []tracker.WeekOnTime
	for i := range 80 {
		weeks = append(weeks, tracker.WeekOnTime{Week: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i), Promised: 10, OnTime: i % 11})
	}
	for w := 10; w <= 200; w += 7 {
		for h := 2; h <= 12; h += 5 {
			for name, lines := range map[string][]string{
				"transit":     transitChart(days, w, h, nil),
				"on time":     onTimeChart(weeks, time.UTC, w, h, nil),
				"one week":    onTimeChart(weeks[:1], time.UTC, w, h, nil),
				"no delivery": transitChart(nil, w, h, nil),
			} {
				if len(lines) != h {
					t.Fatalf("%s %d×%d: %d lines", name, w, h, len(lines))
				}
				for _, l := range lines {
					if widthOf(l) != w {
						t.Fatalf("%s %d×%d: line %q is %d wide", name, w, h, l, widthOf(l))
					}
				}
			}
		}
	}
}

func TestOnTimeChart(t *testing.T) {
	wk := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	weeks := []tracker.WeekOnTime{{Week: wk(3), Promised: 4, OnTime: 4}, {Week: wk(10), Promised: 4, OnTime: 2}, {Week: wk(17), Promised: 0}}
	got := onTimeChart(weeks, time.UTC, 14, 3, nil)
	// 100%, 50%, and a week with nothing settled (a dot).
	want := []string{
		"█             ",
		"█ █ ·         ",
		"03-03  03-17  ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(got[1]+got[0], "█") {
		t.Error("no bar drawn")
	}
}
