package ui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"waybill/store"
	"waybill/tracker"
)

// pasteOf is n lines, an order number and a valid S10 number each.
func pasteOf(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("WB-" + strconv.Itoa(i) + "\t" + s10("RB", i, "GB") + "\n")
	}
	return b.String()
}

// BenchmarkCheckPasteStore is the whole check of 10,000 lines against a
// real store (one look-up per number).
func BenchmarkCheckPasteStore(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "w.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	text := pasteOf(10000)
	b.ResetTimer()
	for b.Loop() {
		m := checkPaste(ctx, 1, text, tracker.NewService(db, nil, nil, db))().(pasteCheckedMsg)
		if m.err != nil || len(m.lines) != 10000 {
			b.Fatal(m.err, len(m.lines))
		}
	}
	b.ReportMetric(float64(b.N)*10000/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkPasteSheetKeyAndView is one j press and the frame after it on
// the confirmation of a 20,000-line paste, at 160×50.
func BenchmarkPasteSheetKeyAndView(b *testing.B) {
	r := newFakeReader(100)
	r.writer = &fakeWriter{f: newFakeReader(0)} // writes leave the list as it is
	h := newHarness(b, Options{Reader: r}, 160, 50)
	h.send(tea.PasteMsg{Content: pasteOf(20000)})
	if p, ok := h.app.sheet.(*pasteSheet); ok && p.checkReq != 0 {
		h.awaitParked()
	}
	if p, ok := h.app.sheet.(*pasteSheet); !ok || len(p.lines) != 20000 {
		b.Fatal("no paste sheet")
	}
	if h.app.sheet.(*pasteSheet).onOrder {
		b.Fatal("the order field has the keys")
	}
	down, up := KeyPress("j"), KeyPress("k")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := down
		if i%2 == 1 {
			k = up
		}
		h.app.Update(k)
		_ = h.app.View()
	}
}

// BenchmarkAddFormKeystroke is one character typed into the tracking
// number (detected again) and the frame after it.
func BenchmarkAddFormKeystroke(b *testing.B) {
	r := newFakeReader(100)
	r.writer = &fakeWriter{f: newFakeReader(0)} // writes leave the list as it is
	h := newHarness(b, Options{Reader: r}, 160, 50)
	h.press("a", "tab")
	h.typeText("RR12345678")
	digit, back := tea.KeyPressMsg{Code: '5', Text: "5"}, KeyPress("backspace")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := digit
		if i%2 == 1 {
			k = back
		}
		h.app.Update(k)
		_ = h.app.View()
	}
}
