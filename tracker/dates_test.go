package tracker

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	// A Sunday afternoon, away from UTC: days begin where now is.
	loc := time.FixedZone("UTC+8", 8*3600)
	now := time.Date(2025, 6, 1, 14, 30, 0, 0, loc)
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, loc) }
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-12-10", time.Date(2026, 12, 10, 0, 0, 0, 0, loc)},
		{"  2025-06-03 ", day(6, 3)},
		{"today", day(6, 1)},
		{"Tomorrow", day(6, 2)},
		{"yesterday", day(5, 31)},
		{"+3d", day(6, 4)},
		{"3d", day(6, 4)},
		{"+0d", day(6, 1)},
		{"-2d", day(5, 30)},
		{"+2w", day(6, 15)},
		{"+1 week", day(6, 8)},
		{"+10 days", day(6, 11)},
		{"+31d", day(7, 2)},
		{"mon", day(6, 2)},
		{"monday", day(6, 2)},
		{"FRI", day(6, 6)},
		{"tues", day(6, 3)},
		{"thurs", day(6, 5)},
		{"sat", day(6, 7)},
		// Today is Sunday: "sun" is the next one, today is "today".
		{"sun", day(6, 8)},
		{"sunday", day(6, 8)},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDate(tc.in, now)
			if err != nil || !got.Equal(tc.want) || got.Location() != loc {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
	for _, tc := range []struct{ in, err string }{
		{"", "no date: write YYYY-MM-DD"},
		{"   ", "no date"},
		{"2025-13-01", `"2025-13-01" is not a date: write YYYY-MM-DD, today`},
		{"someday", `"someday" is not a date`},
		{"+d", `"+d" is not a date`},
		{"+3", `"+3" is not a date`},
		{"+3m", `"+3m" is not a date`},
		{"+99999d", `"+99999d" is not a date`},
		{"mo", `"mo" is not a date`},
		{"fridays", `"fridays" is not a date`},
		{"10/12/2026", `"10/12/2026" is not a date`},
	} {
		t.Run("refuses "+tc.in, func(t *testing.T) {
			got, err := ParseDate(tc.in, now)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseDate(%q) = %v, %v; want error %q", tc.in, got, err, tc.err)
			}
		})
	}
}

// A day is counted on the calendar, not in 24-hour steps: across a change
// to summer time "+2d" is still the start of the day after tomorrow.
func TestParseDateAcrossDST(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	now := time.Date(2025, 3, 29, 12, 0, 0, 0, loc) // summer time begins on the 30th
	got, err := ParseDate("+2d", now)
	if want := time.Date(2025, 3, 31, 0, 0, 0, 0, loc); err != nil || !got.Equal(want) {
		t.Errorf("ParseDate(+2d) = %v, %v; want %v", got, err, want)
	}
}

func TestParseDayWantsTheFuture(t *testing.T) {
	now := time.Date(2025, 6, 1, 14, 30, 0, 0, time.UTC)
	for _, tc := range []struct{ in, err string }{
		{"today", `"today" (Sun 2025-06-01) is not in the future`},
		{"-1d", `"-1d" (Sat 2025-05-31) is not in the future`},
		{"2025-06-01", `"2025-06-01" is not in the future`},
		{"2025-05-31", `"2025-05-31" is not in the future`},
		{"nope", `"nope" is not a date`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got, err := ParseDay(tc.in, now); err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseDay(%q) = %v, %v; want error %q", tc.in, got, err, tc.err)
			}
		})
	}
	if got, err := ParseDay("tomorrow", now); err != nil || !got.Equal(time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseDay(tomorrow) = %v, %v", got, err)
	}
}

// FuzzParseDate: whatever is typed, ParseDate answers without panicking,
// and a day it returns begins at midnight where now is.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-10", "today", "+3d", "-9999w", "fri", "+1 week", "", "\x00"} {
		f.Add(s)
	}
	now := time.Date(2025, 6, 1, 14, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s, now)
		if err != nil {
			return
		}
		if h, m, sec := got.Clock(); h != 0 || m != 0 || sec != 0 || got.Nanosecond() != 0 {
			t.Errorf("ParseDate(%q) = %v: not the start of a day", s, got)
		}
	})
}
