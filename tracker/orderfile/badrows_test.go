package orderfile

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"waybill/tracker/heavytest"
)

// mistyped is a UPU S10 number whose check digit is one off: the detector
// refuses it and has suggestions for it.
func mistyped(serial int) string {
	n := []byte(s10("RB", serial, "GB"))
	n[10] = '0' + (n[10]-'0'+1)%10
	return string(n)
}

// badRowsFile is n rows of an order number, a tracking number and an
// email; row i (from 1, on line i+1) is good when good(i), else its
// number is mistyped and its email is not one.
func badRowsFile(n int, good func(i int) bool) (header []string, rows func(each func(cells []string))) {
	return []string{"order no", "tracking no", "email"}, func(each func(cells []string)) {
		for i := 1; i <= n; i++ {
			if good(i) {
				each([]string{"B-" + strconv.Itoa(i), s10("RB", i, "GB"), "b" + strconv.Itoa(i) + "@example.com"})
			} else {
				each([]string{"B-" + strconv.Itoa(i), mistyped(i), "not-an-email-" + strconv.Itoa(i)})
			}
		}
	}
}

func csvOf(header []string, rows func(each func(cells []string))) []byte {
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	rows(func(c []string) { b.WriteString(strings.Join(c, ",") + "\n") })
	return []byte(b.String())
}

func xlsxOf(t *testing.T, header []string, rows func(each func(cells []string))) []byte {
	return streamedWorkbook(t, nil, func(w io.Writer) {
		row := func(c []string) {
			io.WriteString(w, "<row>")
			for _, v := range c {
				fmt.Fprintf(w, `<c t="inlineStr"><is><t>%s</t></is></c>`, v)
			}
			io.WriteString(w, "</row>")
		}
		io.WriteString(w, "<worksheet><sheetData>")
		row(header)
		rows(row)
		io.WriteString(w, "</sheetData></worksheet>")
	})
}

// A file of many bad rows keeps its first MaxProblems problems in full
// (with the suggestions of each mistyped number) and counts every other
// one, by column, with the lines they are on; its good rows are all read.
// Each of 150,000 bad rows' problems was kept before, with its
// suggestions: a 13.7 MB file took 2 GB and 16 s of CPU to import.
func TestManyBadRows(t *testing.T) {
	heavytest.WithoutRace(t)
	const n = 150_000
	tests := []struct {
		name string
		good func(i int) bool
		xlsx bool
		heap int // MB the read may take; 0: not checked, as good rows hold their orders
	}{
		{"every row bad, CSV", func(int) bool { return false }, false, 80},
		{"every row bad, XLSX", func(int) bool { return false }, true, 80},
		{"one row in three good, CSV", func(i int) bool { return i%3 == 0 }, false, 0},
		{"a few bad rows, all listed", func(i int) bool { return i > 400 }, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header, rows := badRowsFile(n, tt.good)
			name, data := "orders.csv", csvOf(header, rows)
			if tt.xlsx {
				name, data = "orders.xlsx", xlsxOf(t, header, rows)
			}
			// What the file holds, counted here.
			var goods, bads, first, last int
			for i := 1; i <= n; i++ {
				if tt.good(i) {
					goods++
					continue
				}
				bads++
				last = i + 1
				if first == 0 {
					first = i + 1
				}
			}
			peak, cpu := peakHeap(), cpuTime()
			res, err := Read(name, data, Options{})
			grew, took := peak(), cpuTime()-cpu
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != n || res.BadRows != bads || len(res.Orders) != goods || res.Shipments() != goods {
				t.Errorf("%d rows, %d bad, %d orders, %d shipments; want %d, %d, %d, %d",
					res.Rows, res.BadRows, len(res.Orders), res.Shipments(), n, bads, goods, goods)
			}
			// 1,000 is MaxProblems, as the report and README say it.
			if res.ProblemCount != 2*bads || len(res.Problems) != min(2*bads, 1000) || res.Unlisted() != res.ProblemCount-len(res.Problems) {
				t.Errorf("%d problems counted, %d listed, %d unlisted; want %d counted, the first %d listed",
					res.ProblemCount, len(res.Problems), res.Unlisted(), 2*bads, min(2*bads, 1000))
			}
			want := []ColumnTally{
				{Field: TrackingNo, Column: "tracking no", Problems: bads, FirstLine: first, LastLine: last},
				{Field: Email, Column: "email", Problems: bads, FirstLine: first, LastLine: last},
			}
			if !slices.Equal(res.Tally, want) {
				t.Errorf("by column %+v\nwant %+v", res.Tally, want)
			}
			// The listed ones are the first, in order, in full: the two
			// of each bad row, the number's with its suggestions.
			line := 1 // the line of the bad row the next pair is on
			for i, p := range res.Problems {
				if i%2 == 0 {
					for line++; tt.good(line - 1); line++ {
					}
				}
				if wantField := []Field{TrackingNo, Email}[i%2]; p.Line != line || p.Field != wantField || p.Reason == "" {
					t.Fatalf("problem %d is %+v, want line %d's %s", i, p, line, wantField)
				}
				if p.Field == TrackingNo && len(p.Suggestions) == 0 {
					t.Fatalf("problem %d, a mistyped number, has no suggestions: %+v", i, p)
				}
			}
			if len(res.Problems) > 0 {
				if p := res.Problems[0]; p.Line != first || p.Field != TrackingNo || !slices.Contains(p.Suggestions, s10("RB", first-1, "GB")) {
					t.Errorf("the first problem is %+v, want line %d's number, suggesting %s", p, first, s10("RB", first-1, "GB"))
				}
			}
			// A row is about 200 bytes until checked; problems kept
			// in full were 300 bytes more each, and their suggestions
			// more again (180 MB for these files).
			if tt.heap > 0 && grew > uint64(tt.heap)<<20 {
				t.Errorf("reading took %d MB of heap, want at most %d MB", grew>>20, tt.heap)
			}
			t.Logf("%d MB of heap, %v of CPU", grew>>20, took.Round(time.Millisecond))
		})
	}
}

// A CSV file past maxRows rows with a value is refused, naming the limit
// and the line it was reached on; blank lines do not count, and cost
// nothing to hold. A 10 MB file of short rows held 470,000 orders in
// 780 MB before.
func TestCSVRowLimit(t *testing.T) {
	heavytest.WithoutRace(t)
	tests := []struct {
		name  string
		rows  int
		blank int // ",,\n" lines after each row
		err   string
	}{
		{"as many rows as the limit, the header one of them", maxRows - 1, 0, ""},
		{"one more", maxRows, 0, "refused as CSV: line 200001: more than 200000 rows, the limit: split the file"},
		{"blank lines between, not counted", 50_000, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("order no,tracking no,buyer\n")
			for i := range tt.rows {
				b.WriteString("B-" + strconv.Itoa(i) + ",,x\n")
				b.WriteString(strings.Repeat(",,\n", tt.blank))
			}
			res, err := Read("orders.csv", []byte(b.String()), Options{})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != tt.rows || len(res.Orders) != tt.rows {
				t.Errorf("%d rows, %d orders; want %d of each", res.Rows, len(res.Orders), tt.rows)
			}
		})
	}
}

// The count by column is the file's columns left to right, each with its
// bad rows' count and first and last line; a tracking number that a
// carrier calls for, in a file without that column, is counted apart
// from whatever column comes first (it was said to be in that column).
func TestTallyByColumn(t *testing.T) {
	csv := "Carrier,Order No,Email\n" +
		"ups,A-1,x\n" + // a carrier without a number; a bad email
		",A-2,y\n" + // a bad email
		",,a@b.co\n" + // no order number
		"ups,A-4,a@b.co\n" // a carrier without a number
	res, err := Read("orders.csv", []byte(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type p struct {
		line   int
		column string
		field  Field
	}
	var got []p
	for _, g := range res.Problems {
		got = append(got, p{g.Line, g.Column, g.Field})
	}
	want := []p{{2, "Email", Email}, {2, "", TrackingNo}, {3, "Email", Email}, {4, "Order No", OrderNo}, {5, "", TrackingNo}}
	if !slices.Equal(got, want) {
		t.Errorf("problems %+v\nwant %+v", got, want)
	}
	tally := []ColumnTally{
		{Field: OrderNo, Column: "Order No", Problems: 1, FirstLine: 4, LastLine: 4},
		{Field: Email, Column: "Email", Problems: 2, FirstLine: 2, LastLine: 3},
		{Field: TrackingNo, Column: "", Problems: 2, FirstLine: 2, LastLine: 5},
	}
	if !slices.Equal(res.Tally, tally) || res.ProblemCount != 5 || res.Unlisted() != 0 || res.BadRows != 4 {
		t.Errorf("%d problems, %d unlisted, %d bad rows, by column %+v; want 5, 0, 4, %+v",
			res.ProblemCount, res.Unlisted(), res.BadRows, res.Tally, tally)
	}
}
