package store

import (
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// eventKey16 hashes Event.Key's bytes without building the string; the
// keys stored so far were made from the string, so they must not differ.
func TestEventKeyIsTheHashOfEventKey(t *testing.T) {
	at := time.Date(2026, 10, 21, 9, 30, 15, 500_000_000, time.FixedZone("CST", 8*3600))
	for _, e := range []tracker.Event{
		{},
		{Time: at, RawStatus: "GWMS_ACCEPT", Location: "Shenzhen", Description: "Accepted"},
		{Time: at.UTC(), RawStatus: "a|b", Location: "|", Description: "|"},
		{Time: time.Unix(0, 0), Description: "epoch"},
		{Time: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), Description: "before year 0"},
		{Time: at, Location: "Zürich 🇨🇭", Description: strings.Repeat("long description ", 40)}, // past the stack buffer
		{Time: at, Description: "bad utf-8 \xff\xfe and a NUL \x00"},
	} {
		sum := sha256.Sum256([]byte(e.Key()))
		if got := eventKey16(e); got != [16]byte(sum[:16]) {
			t.Errorf("eventKey16(%q) = %x, want %x", e.Key(), got, sum[:16])
		}
	}
}

func BenchmarkEventKey(b *testing.B) {
	e := scan(t0, 3)
	for b.Loop() {
		eventKey16(e)
	}
}
