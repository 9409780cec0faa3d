package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file with more problems than are listed says so on the sheet: the
// counts are every bad row's and problem's, and a line names each column's
// count and lines; s still writes every good row.
func TestImportManyBadRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("order no,tracking no,email\n")
	for i := 1; i <= 3000; i++ {
		if i%3 == 0 {
			fmt.Fprintf(&b, "G-%d,,g%d@example.com\n", i, i)
		} else {
			fmt.Fprintf(&b, "B-%d,,not-an-email\n", i)
		}
	}
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	h, _, w := addHarness(t, Options{ImportFiles: true})
	h.press("i")
	h.typeText(path)
	h.press("enter")
	s, ok := h.app.sheet.(*importSheet)
	if !ok {
		t.Fatalf("i opened no import:\n%s", screen(h))
	}
	// The read and the writes run off the event loop; on a busy machine
	// they outlast the harness's wait.
	for s.stage == importReading {
		h.awaitParked()
	}
	out := squash(screen(h))
	for _, want := range []string{
		"3000 rows read: 1000 orders, 0 shipments · 2000 bad rows, 2000 problems",
		"the first 1000 problems are listed, 1000 more are not; all by column: email 2000 (lines 2–3000)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the sheet lacks %q:\n%s", want, out)
		}
	}
	h.press("s")
	for s.stage == importWriting {
		h.awaitParked()
	}
	orders := 0
	for _, wr := range w.writes() {
		orders += len(wr)
	}
	if out := squash(screen(h)); orders != 1000 || !strings.Contains(out, "1000 orders of 1000 written") || !strings.Contains(out, "2000 bad rows skipped") {
		t.Errorf("wrote %d orders, want 1000:\n%s", orders, out)
	}
}
