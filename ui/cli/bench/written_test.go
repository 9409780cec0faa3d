package bench

import (
	"math"
	"slices"
	"testing"
)

func TestParseWriteBytes(t *testing.T) {
	for _, tc := range []struct {
		name, io string
		want     int64
		ok       bool
	}{
		{"linux", "rchar: 323934931\nwchar: 323929600\nsyscr: 632687\nsyscw: 632675\nread_bytes: 0\nwrite_bytes: 323932160\ncancelled_write_bytes: 0\n", 323932160, true},
		{"no write_bytes", "rchar: 1\nwchar: 2\n", 0, false},
		{"not a number", "write_bytes: many\n", 0, false},
		{"negative", "write_bytes: -4\n", 0, false},
		{"cancelled only", "cancelled_write_bytes: 7\n", 0, false}, // another counter, not the one
		{"empty", "", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseWriteBytes(tc.io)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseWriteBytes = %d, %v; want %d, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// The bytes written per new event and per plain row are lines of the
// bench when they were counted, and absent (not NaN, which --json cannot
// carry as a number) when they were not: on PostgreSQL, or without /proc.
func TestBuiltLinesBytes(t *testing.T) {
	names := func(b Built) []string {
		var out []string
		for _, l := range builtLines(b) {
			out = append(out, l.Name)
		}
		return out
	}
	counted := Built{NewRate: 100, PollRate: 200, PlainRate: 200, NewBytes: 998, PlainBytes: 232}
	for _, l := range builtLines(counted) {
		switch l.Name {
		case "ingest_new_bytes":
			if l.Median != 998 || l.Unit != "bytes/event" || !math.IsNaN(l.Budget) {
				t.Errorf("ingest_new_bytes = %+v", l)
			}
		case "plain_insert_bytes":
			if l.Median != 232 || l.Unit != "bytes/row" {
				t.Errorf("plain_insert_bytes = %+v", l)
			}
		}
	}
	for _, want := range []string{"ingest_new_bytes", "plain_insert_bytes"} {
		if !slices.Contains(names(counted), want) {
			t.Errorf("no %s in %v", want, names(counted))
		}
	}
	uncounted := counted
	uncounted.NewBytes, uncounted.PlainBytes = math.NaN(), math.NaN()
	for _, n := range names(uncounted) {
		if n == "ingest_new_bytes" || n == "plain_insert_bytes" {
			t.Errorf("%s shown though nothing was counted", n)
		}
	}
}

// A count that is off (PostgreSQL), or over no items, is NaN: no line.
func TestStartWritten(t *testing.T) {
	if _, ok := writtenBytes(); !ok {
		t.Skip("no /proc/self/io here")
	}
	off := startWritten(false)
	if got := off(10); !math.IsNaN(got) {
		t.Errorf("not counting: %v bytes an item, want NaN", got)
	}
	on := startWritten(true)
	if got := on(0); !math.IsNaN(got) {
		t.Errorf("over no items: %v, want NaN", got)
	}
}
