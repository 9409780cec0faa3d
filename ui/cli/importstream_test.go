package cli

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
	"waybill/tracker/orderfile"
)

// batchWriter is a store that counts the batches written to it.
type batchWriter struct {
	batches, orders, biggest int
}

func (w *batchWriter) WriteOrders(_ context.Context, _ tracker.Actor, orders []tracker.OrderDetail, _ time.Time) (tracker.Added, error) {
	w.batches++
	w.orders += len(orders)
	w.biggest = max(w.biggest, len(orders))
	return tracker.Added{Orders: len(orders)}, nil
}

// A streamed import writes a batch at a time, nothing when a row is bad
// (unless --skip-invalid), and draws its progress only on a terminal
// (a fake one here: a buffer the run is told is one), erased at the end.
func TestImportCSVStreamsWithProgress(t *testing.T) {
	good := 3*orderfile.StreamBatch + 5
	file := func(bad bool) *strings.Reader {
		var b strings.Builder
		b.WriteString("order no,buyer,country\n")
		for i := range good {
			fmt.Fprintf(&b, "S-%d,Buyer %d,GB\n", i, i)
		}
		if bad {
			b.WriteString("S-bad,Someone,Narnia\n")
		}
		return strings.NewReader(b.String())
	}
	for _, tc := range []struct {
		name        string
		bad, skip   bool
		dry, on     bool
		wantWritten int
		wantLines   []string // progress lines drawn, by what they count
	}{
		{"good file on a terminal: checked, then imported", false, false, false, true, good, []string{"rows checked", "rows imported"}},
		{"good file piped: no progress", false, false, false, false, good, nil},
		{"a bad row: checked, nothing written", true, false, false, true, 0, []string{"rows checked"}},
		{"a bad row, --skip-invalid: one pass", true, true, false, true, good, []string{"rows imported"}},
		{"dry run: one pass, nothing written", false, false, true, true, 0, []string{"rows checked"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			clock := func() time.Time { now = now.Add(time.Second); return now }
			var term bytes.Buffer
			w := &batchWriter{}
			run := importRun{opt: orderfile.Options{Now: now}, skip: tc.skip, dry: tc.dry, progress: &term, on: tc.on, clock: clock,
				open: func() (orderWriter, error) { return w, nil }}
			var out ImportSummary
			res, _, err := run.csv(context.Background(), file(tc.bad), &out)
			if err != nil {
				t.Fatal(err)
			}
			if w.orders != tc.wantWritten || out.NewOrders != tc.wantWritten || w.biggest > orderfile.StreamBatch {
				t.Errorf("wrote %d orders (counted %d) in %d batches, the biggest %d; want %d in batches of at most %d",
					w.orders, out.NewOrders, w.batches, w.biggest, tc.wantWritten, orderfile.StreamBatch)
			}
			if res.Rows != good+btoi(tc.bad) {
				t.Errorf("read %d rows, want %d", res.Rows, good+btoi(tc.bad))
			}
			drawn := term.String()
			for _, what := range []string{"rows checked", "rows imported"} {
				want := false
				for _, l := range tc.wantLines {
					want = want || l == what
				}
				if got := strings.Contains(drawn, "\r\x1b[K"+what+" "); got != want {
					t.Errorf("%q drawn: %v, want %v\n%q", what, got, want, drawn)
				}
			}
			if drawn != "" && !strings.HasSuffix(drawn, "\r\x1b[K") {
				t.Errorf("the progress line is left on the terminal: %q", drawn)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// import's last line says its rows per second of wall-clock time and of
// CPU time, and leaves out the latter where the system does not say.
func TestImportRateLine(t *testing.T) {
	for _, tc := range []struct {
		rows      int
		wall, cpu time.Duration
		want      string
	}{
		{1_000_000, 40 * time.Second, 50 * time.Second, "1000000 rows in 40.0 s: 25,000 rows/s, 20,000 rows per CPU-second"},
		{3, 1500 * time.Millisecond, 0, "3 rows in 1.5 s: 2 rows/s"},
		{0, 0, 0, "0 rows in 0.0 s: 0 rows/s"},
	} {
		sum := ImportSummary{Rows: tc.rows}
		sum.rate(tc.wall, tc.cpu)
		if got := sum.rateLine(); got != tc.want {
			t.Errorf("%d rows, %v, %v: %q, want %q", tc.rows, tc.wall, tc.cpu, got, tc.want)
		}
	}
}
