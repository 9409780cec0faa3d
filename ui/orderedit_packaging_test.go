package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// The order view shows how the parcel was packed (sanitized: it is typed
// or imported text), and the edit form saves new notes through the
// service; notes too long are refused by the form, naming the field and
// the value, whether typed or pasted.
func TestOrderEditSavesPackaging(t *testing.T) {
	f := orderViewFake()
	o := f.orders[ovOrder]
	o.Packaging = "double box\x1b[2J, bubble wrap"
	f.orders[ovOrder] = o
	h := newHarness(t, Options{Reader: f, ETA: f, Actor: tracker.Actor{Name: "agent-7"}}, 100, 30)
	openOrderOf(t, h)
	if !onScreenSomewhere(h, "Packaging   double box, bubble wrap") {
		t.Errorf("the order view does not show the packaging notes, sanitized:\n%s", screen(h))
	}
	if strings.Contains(h.view(), "\x1b[2J") {
		t.Error("the notes' escape reached the screen")
	}
	h.press("e")
	form, ok := h.app.sheet.(*orderEditForm)
	if !ok {
		t.Fatalf("e: sheet %T\n%s", h.app.sheet, screen(h))
	}
	for range len(form.fields()) {
		if form.fields()[form.focus].key == afPackaging {
			break
		}
		h.press("tab")
	}
	if form.fields()[form.focus].key != afPackaging {
		t.Fatalf("the edit form has no packaging field:\n%s", screen(h))
	}
	wantOnScreen(t, h, "Packaging", "double box, bubble wrap")

	long := strings.Repeat("bubble wrap ", 26) // 312 characters
	for _, enter := range []struct {
		name string
		do   func()
	}{
		{"typed", func() { h.typeText(long) }},
		{"pasted", func() { h.send(tea.PasteMsg{Content: long + long}) }},
	} {
		h.press("ctrl+u")
		enter.do()
		h.press("enter")
		if h.app.sheet == nil {
			t.Fatalf("%s: notes of %d characters were saved", enter.name, len(long))
		}
		if !strings.Contains(form.err, `packaging "bubble wrap bubble wrap bubble wrap bubb…": longer than 300 characters`) {
			t.Errorf("%s: error %q does not name the field and the value", enter.name, form.err)
		}
		if f.writer != nil && len(f.writer.calls) > 0 {
			t.Fatalf("%s: a refused form wrote %+v", enter.name, f.writer.calls)
		}
	}

	h.press("ctrl+u")
	h.typeText("双层纸箱，气泡膜")
	h.press("enter")
	if h.app.sheet != nil {
		t.Fatalf("the form stayed open: %s\n%s", form.err, screen(h))
	}
	calls := f.writer.calls
	if len(calls) != 1 || len(calls[0]) != 1 {
		t.Fatalf("writes %+v, want one of one order", calls)
	}
	got := calls[0][0].Order
	if got.OrderNo != "WB-00047" || got.Packaging != "双层纸箱，气泡膜" || got.Product != "" || got.Email != "" {
		t.Errorf("written %+v, want only the packaging notes", got)
	}
	wantOnScreen(t, h, "order WB-00047 changed: packaging")
}
