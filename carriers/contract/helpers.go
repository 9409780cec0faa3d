package contract

import (
	"fmt"
	"os"
	"testing"
	"time"

	"waybill/tracker"
)

// Helpers the adapters' own tests share.

// S10 is a UPU S10 number: prefix, the eight-digit serial, its check digit
// and country. The check digit weighs the serial 8 6 4 2 3 5 9 7 and is
// 11 − sum mod 11, with 10 → 0 and 11 → 5.
func S10(prefix string, serial int, country string) string {
	digits := fmt.Sprintf("%08d", serial)
	weights := []int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	check := 11 - sum%11
	switch check {
	case 10:
		check = 0
	case 11:
		check = 5
	}
	return fmt.Sprintf("%s%s%d%s", prefix, digits, check, country)
}

// Testdata returns the file name in the testdata folder of the package
// under test, failing t when it cannot be read.
func Testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// SameEvents fails t unless got has want's events, in order: each at the
// same instant, in UTC, and otherwise equal.
func SameEvents(t testing.TB, got, want []tracker.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if !g.Time.Equal(w.Time) || g.Time.Location() != time.UTC {
			t.Errorf("event %d time %v, want %v UTC", i, g.Time, w.Time)
		}
		g.Time = w.Time
		if g != w {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}
