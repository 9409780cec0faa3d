package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"waybill/tracker"
)

// Streaming output for the whole-store commands (export, report
// carriers, case export, import): rows are written as they are read, and a
// progress line is drawn on a terminal.

// exportPage is how many orders (or cases) a keyset page reads: large
// enough that a page's few queries cost little beside its rows, small
// enough that memory is a page.
const exportPage = 2000

// jsonArray writes a JSON array one element at a time, byte for byte what
// writeJSON writes for the whole slice (indented by two spaces, every
// string cleaned as tracker.SanitizeJSON cleans it), without holding it.
type jsonArray struct {
	w io.Writer
	n int
}

func newJSONArray(w io.Writer) *jsonArray { return &jsonArray{w: w} }

// Add writes one element.
func (a *jsonArray) Add(v any) error {
	// MarshalIndent with the array's own indent as prefix is what the
	// encoder writes for an element of an indented array; it escapes
	// HTML as the encoder does by default.
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if a.n == 0 {
		sep = "[\n  "
	}
	a.n++
	if _, err := io.WriteString(a.w, sep); err != nil {
		return err
	}
	_, err = a.w.Write(tracker.SanitizeJSON(b))
	return err
}

// Close ends the array: "[]" when nothing was added.
func (a *jsonArray) Close() error {
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(a.w, end)
	return err
}

// progress is the one updating line a long command draws while it works:
// rows done and the rate. It draws only when on is set (its writer is a
// terminal the command's data does not go to), at most every
// progressEvery, so a pipe or a --json run sees none of it.
type progress struct {
	w     io.Writer
	on    bool
	what  string // "orders exported"
	now   func() time.Time
	start time.Time
	drawn time.Time
	n     int
	shown bool
}

// progressEvery spaces the redraws: a terminal needs no more.
const progressEvery = 200 * time.Millisecond

// newProgress returns a progress line on w, drawn when on.
func newProgress(w io.Writer, on bool, what string, now func() time.Time) *progress {
	if now == nil {
		now = time.Now
	}
	t := now()
	return &progress{w: w, on: on, what: what, now: now, start: t, drawn: t}
}

// progressOn says whether a command whose data goes to data may draw its
// progress on errw: errw must be a terminal, and not the one the data is
// printed on (the line would land among the rows). isTerm is
// isTerminal, or a test's fake.
func progressOn(errw, data io.Writer, toFile bool, isTerm func(io.Writer) bool) bool {
	return isTerm(errw) && (toFile || !isTerm(data))
}

// Add counts n more rows and redraws the line when it is due.
func (p *progress) Add(n int) {
	p.n += n
	if !p.on {
		return
	}
	t := p.now()
	if t.Sub(p.drawn) < progressEvery {
		return
	}
	p.drawn = t
	eraseLine(p.w)
	fmt.Fprintf(p.w, "%s %d… %s/s", p.what, p.n, rate(p.n, t.Sub(p.start)))
	p.shown = true
}

// Done erases the line, leaving the terminal as it was.
func (p *progress) Done() {
	if p.shown {
		eraseLine(p.w)
		p.shown = false
	}
}

// rate is n per d, rounded to a whole number, "—" for no time.
func rate(n int, d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f", float64(n)/d.Seconds())
}
