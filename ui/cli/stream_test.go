package cli

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// jsonArray writes, an element at a time, the bytes writeJSON writes for
// the whole slice: scripts reading an export see no change.
func TestJSONArrayIsWriteJSON(t *testing.T) {
	type row struct {
		Name string   `json:"name"`
		N    *int     `json:"n"`
		Tags []string `json:"tags"`
	}
	one := 1
	for _, tc := range []struct {
		name string
		rows []row
	}{
		{"empty", []row{}},
		{"one", []row{{Name: "a", N: &one, Tags: []string{"x"}}}},
		{"several, HTML and controls", []row{{Name: "<b>&</b>"}, {Name: "red \x1b[31mtext\x1b[0m", Tags: []string{}}, {Name: "\u2028"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want, got bytes.Buffer
			if err := writeJSON(&want, tc.rows); err != nil {
				t.Fatal(err)
			}
			arr := newJSONArray(&got)
			for _, r := range tc.rows {
				if err := arr.Add(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := arr.Close(); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("streamed:\n%q\nwriteJSON:\n%q", got.String(), want.String())
			}
		})
	}
}

// The progress line is drawn only on a terminal the data does not go to,
// at most every progressEvery, and erased at the end.
func TestStreamProgressLine(t *testing.T) {
	term, pipe := &bytes.Buffer{}, &bytes.Buffer{}
	fakeTerm := func(w io.Writer) bool { return w == io.Writer(term) }
	for _, tc := range []struct {
		name   string
		errw   io.Writer
		data   io.Writer
		toFile bool
		want   bool
	}{
		{"stderr a terminal, data piped", term, pipe, false, true},
		{"stderr piped", pipe, pipe, false, false},
		{"data printed on the terminal", term, term, false, false},
		{"data to --out, stderr a terminal", term, term, true, true},
	} {
		if got := progressOn(tc.errw, tc.data, tc.toFile, fakeTerm); got != tc.want {
			t.Errorf("%s: progressOn = %v, want %v", tc.name, got, tc.want)
		}
	}

	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var out bytes.Buffer
	p := newProgress(&out, true, "orders exported", clock)
	p.Add(500) // no time has passed: nothing drawn yet
	if out.Len() != 0 {
		t.Fatalf("drawn before progressEvery: %q", out.String())
	}
	now = now.Add(time.Second)
	p.Add(1500)
	if got, want := out.String(), "\r\x1b[Korders exported 2000… 2000/s"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	p.Done()
	if !strings.HasSuffix(out.String(), "\r\x1b[K") {
		t.Errorf("not erased at the end: %q", out.String())
	}

	var off bytes.Buffer
	q := newProgress(&off, false, "orders exported", clock)
	now = now.Add(time.Hour)
	q.Add(10)
	q.Done()
	if off.Len() != 0 {
		t.Errorf("drawn when off: %q", off.String())
	}
}

// pagedCases is a case store that counts what each read returns.
type pagedCases struct {
	rows    []tracker.CaseRow // newest first, as the store lists them
	biggest int
	reads   int
}

// Cases reads a keyset page as the store does for CasesNewest.
func (p *pagedCases) Cases(_ context.Context, q tracker.CaseQuery) ([]tracker.CaseRow, error) {
	p.reads++
	var out []tracker.CaseRow
	if q.Dir == tracker.Backward {
		// Ids above the cursor, oldest first, then shown newest first.
		for i := len(p.rows) - 1; i >= 0 && len(out) < q.Limit; i-- {
			if q.Cursor == nil || p.rows[i].ID > q.Cursor.ID {
				out = append(out, p.rows[i])
			}
		}
		slices.Reverse(out)
	} else {
		for _, r := range p.rows {
			if len(out) < q.Limit && (q.Cursor == nil || r.ID < q.Cursor.ID) {
				out = append(out, r)
			}
		}
	}
	p.biggest = max(p.biggest, len(out))
	return out, nil
}

// case export and export --what cases write what the whole list gave,
// in the same order, reading a page at a time.
func TestCaseExportStreamsPages(t *testing.T) {
	st := &pagedCases{}
	for id := int64(2*exportPage + 7); id >= 1; id-- {
		st.rows = append(st.rows, tracker.CaseRow{Case: tracker.Case{ID: id, Kind: tracker.ExStale, State: tracker.CaseOpen}, OrderNo: "O-1"})
	}
	ctx := context.Background()
	off := newProgress(io.Discard, false, "", nil)

	var want, got bytes.Buffer
	if err := writeCasesCSV(&want, st.rows); err != nil {
		t.Fatal(err)
	}
	if err := streamCasesCSV(ctx, &got, st, "", off); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("case export CSV differs from the whole list's (%d against %d bytes)", got.Len(), want.Len())
	}
	if st.biggest > exportPage || st.reads != 3 {
		t.Errorf("CSV: %d reads, the biggest %d rows; want 3 reads of at most %d", st.reads, st.biggest, exportPage)
	}

	st.reads, st.biggest = 0, 0
	want.Reset()
	got.Reset()
	if err := writeCasesJSON(&want, st.rows); err != nil {
		t.Fatal(err)
	}
	if err := streamCasesJSON(ctx, &got, st, off); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("export --what cases JSON differs from the whole list's")
	}
	if st.biggest > exportPage || st.reads != 3 {
		t.Errorf("JSON: %d reads, the biggest %d rows; want 3 reads of at most %d", st.reads, st.biggest, exportPage)
	}
}
