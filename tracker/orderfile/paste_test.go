package orderfile

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestReadPasteLines(t *testing.T) {
	for _, tt := range []struct {
		name, line    string
		order, number string
		verdict       Verdict
		why           string
	}{
		{"bare number", "RR123456785CN", "", "RR123456785CN", PasteOK, ""},
		{"number in groups", "RR 123 456 785 CN", "", "RR123456785CN", PasteOK, ""},
		{"order, number", "WB-77,RR123456785CN", "WB-77", "RR123456785CN", PasteOK, ""},
		{"number; order", "RR123456785CN; WB-77", "WB-77", "RR123456785CN", PasteOK, ""},
		{"order-like digits tab number", "8123456789012345\t1Z999AA10123456784", "8123456789012345", "1Z999AA10123456784", PasteOK, ""},
		{"number then order-like digits, spaced", "1Z999AA10123456784 8123456789012345", "8123456789012345", "1Z999AA10123456784", PasteOK, ""},
		{"untracked", "WB-1,UN123456785CN", "WB-1", "UN123456785CN", PasteUntracked, ""},
		{"bad check digit", "WB-2,RR123456784CN", "WB-2", "RR123456784CN", PasteInvalid, "did you mean RR123456184CN"},
		{"order number alone", "8123456789012345", "", "8123456789012345", PasteInvalid, "order number"},
		{"three values", "a,b,c", "a,b,c", "", PasteBad, "3 values"},
		{"the same value twice", "RR123456785CN,RR123456785CN", "RR123456785CN", "RR123456785CN", PasteBad, "are the same"},
		{"escape in the order", "WB\x1b]0;pwn\x07-3\tRR123456785CN", "WB-3", "RR123456785CN", PasteOK, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := readPasteLine(1, tt.line)
			if l.OrderNo != tt.order || l.Tracking != tt.number || l.Verdict != tt.verdict || !strings.Contains(l.Why, tt.why) {
				t.Errorf("got order %q number %q verdict %d why %q", l.OrderNo, l.Tracking, l.Verdict, l.Why)
			}
		})
	}
}

// TestPasteLeavesStatusAndDateToTheStore: a pasted parcel names no order
// status and no ship date, so the write (store.DB.ImportOrders) marks a new
// order shipped and dates the parcel, and a known order that a person has
// moved on (refunded, arrived) keeps its status.
func TestPasteLeavesStatusAndDateToTheStore(t *testing.T) {
	lines := []PasteLine{
		{Line: 1, OrderNo: "WB-1", Tracking: "RR123456785CN", Carrier: "china-post", Verdict: PasteOK},
		{Line: 2, Tracking: "RB123456785GB", Carrier: "royal-mail", Verdict: PasteOK},
		{Line: 3, OrderNo: "WB-1", Tracking: "RR123456784CN", Carrier: "china-post", Verdict: PasteInvalid},
	}
	for _, force := range []bool{false, true} {
		orders := PasteOrders(lines, "WB-2", force, time.Date(2025, 6, 1, 14, 0, 0, 0, time.UTC))
		if len(orders) != 2 {
			t.Fatalf("force %v: %d orders, want 2", force, len(orders))
		}
		for _, o := range orders {
			if o.Status != "" {
				t.Errorf("force %v: order %s says status %q", force, o.OrderNo, o.Status)
			}
			for _, s := range o.Shipments {
				if !s.ShippedAt.IsZero() {
					t.Errorf("force %v: parcel %s says shipped %v", force, s.TrackingNo, s.ShippedAt)
				}
			}
		}
	}
}

// pasteOf is n lines, an order number and a valid S10 number each.
func pasteOf(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("WB-" + strconv.Itoa(i) + "\t" + s10("RB", i, "GB") + "\n")
	}
	return b.String()
}

// s10 makes a valid UPU S10 number: the serial's mod 11 check digit.
func s10(prefix string, serial int, country string) string {
	d := []byte(strconv.Itoa(100000000 + serial)[1:])
	sum := 0
	for i, w := range []int{8, 6, 4, 2, 3, 5, 9, 7} {
		sum += int(d[i]-'0') * w
	}
	c := 11 - sum%11
	switch c {
	case 10:
		c = 0
	case 11:
		c = 5
	}
	return prefix + string(d) + strconv.Itoa(c) + country
}

// BenchmarkReadPaste reads and detects 10,000 pasted lines: the part of
// the paste check that runs without the store.
func BenchmarkReadPaste(b *testing.B) {
	text := pasteOf(10000)
	b.ReportAllocs()
	for b.Loop() {
		if lines, _ := ReadPaste(text); len(lines) != 10000 {
			b.Fatal(len(lines))
		}
	}
	b.ReportMetric(float64(b.N)*10000/b.Elapsed().Seconds(), "lines/s")
}
