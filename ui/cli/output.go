package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/ui"
)

// How the commands write what they found: JSON, tables, CSV cells.

// writeJSON writes v as indented JSON, every string in it cleaned as the
// text output cleans it (tracker.SanitizeJSON): the same to stdout and to
// an --out file.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(tracker.SanitizeJSON(b.Bytes()))
	return err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func kinds(ks []tracker.ExceptionKind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

// localTime is a time for a table: local, to the minute, "—" when unknown.
func localTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func jsonTime(t time.Time, layout string) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(layout)
	return &s
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func csvDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// csvCell makes text safe for a terminal and a spreadsheet: no control
// characters, and no leading character a spreadsheet would run as a formula.
func csvCell(s string) string {
	s = ui.Sanitize(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// output is where the command line prints: stdout or stderr through a
// tracker.CleanWriter, so that no line any command prints (outside text a
// command forgot to sanitize, an error quoting a flag, cobra's own
// messages) carries a terminal control. The program's own controls, the
// progress line erased in place, go to the terminal under it (eraseLine).
type output struct {
	*tracker.CleanWriter
	raw io.Writer
}

func newOutput(w io.Writer) *output { return &output{tracker.NewCleanWriter(w), w} }

// eraseLine returns to the start of the line and clears it, on a terminal
// where a command draws a progress line: the one control sequence the
// command line itself prints.
func eraseLine(w io.Writer) {
	if o, ok := w.(*output); ok {
		w = o.raw
	}
	io.WriteString(w, "\r\x1b[K")
}

// isTerminal reports whether w is a terminal, or prints to one.
func isTerminal(w io.Writer) bool {
	if o, ok := w.(*output); ok {
		w = o.raw
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// toOutput runs write on stdout, or on a temporary file renamed to path
// once complete, so a failed export never leaves half a file.
func toOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".waybill-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
