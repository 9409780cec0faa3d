package ui

import (
	"slices"
	"strings"
	"testing"

	"waybill/tracker"
)

// paletteDescs is what the open palette offers, in order.
func paletteDescs(h *harness) []string {
	p := h.app.palette
	out := make([]string, len(p.matches))
	for i, m := range p.matches {
		out[i] = p.all[m].desc
	}
	return out
}

func TestPaletteOffersTheViewsActions(t *testing.T) {
	tests := []struct {
		name      string
		actor     tracker.Actor
		keys      []string
		want, not []string
	}{
		{"orders pane", tracker.Actor{}, nil,
			[]string{"watch order ★", "complaint case", "add order (or paste numbers)", "next pane", "alerts", "quit", "help"},
			[]string{"acknowledge", "up", "commands"}},
		{"exceptions pane", tracker.Actor{}, []string{"tab", "tab"},
			[]string{"acknowledge", "snooze", "assign owner", "resolve", "mark / unmark", "filter"},
			[]string{"watch order ★"}},
		// A viewer is offered what a viewer may do, nothing that changes.
		{"viewer's exceptions pane", tracker.Actor{Name: "sam", Role: tracker.RoleViewer}, []string{"tab", "tab"},
			[]string{"filter", "next pane", "alerts"},
			[]string{"acknowledge", "snooze", "resolve", "complaint case", "refresh parcel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Reader: triageFake(), Refresher: &fakeRefresher{}, Actor: tt.actor}, 100, 30)
			h.press(tt.keys...)
			h.press(":")
			if h.app.palette == nil {
				t.Fatal(": opened no palette")
			}
			got := paletteDescs(h)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("palette lacks %q: %q", w, got)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("palette offers %q: %q", w, got)
				}
			}
			wantOnScreen(t, h, "Commands · the "+strings.TrimPrefix(strings.TrimPrefix(tt.name, "viewer's "), ""))
		})
	}
}

func TestPaletteFiltersAsYouType(t *testing.T) {
	h := newHarness(t, Options{Reader: triageFake()}, 100, 30)
	toQueue(h)
	h.press(":")
	all := len(h.app.palette.matches)
	h.typeText("sn")
	if got := paletteDescs(h); len(got) == 0 || got[0] != "snooze" || len(got) >= all {
		t.Errorf("after sn: %q", got)
	}
	wantOnScreen(t, h, ": sn", "›snooze")
	h.press("ctrl+u")
	if got := len(h.app.palette.matches); got != all {
		t.Errorf("ctrl+u left %d of %d", got, all)
	}
	// Words in any order; letters in order for a hurried query.
	h.typeText("owner assign")
	if got := paletteDescs(h); !slices.Equal(got, []string{"assign owner"}) {
		t.Errorf("after owner assign: %q", got)
	}
	h.press("ctrl+u")
	h.typeText("ackn")
	if got := paletteDescs(h); len(got) != 1 || got[0] != "acknowledge" {
		t.Errorf("after ackn: %q", got)
	}
	h.press("ctrl+u")
	h.typeText("zzz")
	wantOnScreen(t, h, "no action here matches")
	h.press("enter") // nothing to run: the palette stays
	if h.app.palette == nil {
		t.Error("enter with nothing chosen closed the palette")
	}
	h.press("esc")
	if h.app.palette != nil {
		t.Fatal("esc did not close the palette")
	}
	if calls := triageFakeCalls(h); len(calls) != 0 {
		t.Errorf("closing the palette acted: %+v", calls)
	}
}

func triageFakeCalls(h *harness) []recordedCall {
	return h.app.c.reader.(*fakeReader).triageCalls()
}

// Enter runs the chosen action by its key: the same Update handles it as
// when the key is pressed.
func TestPaletteRunsTheActionByItsKey(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 100, 30)
	toQueue(h)
	h.press(":")
	h.typeText("ackn")
	h.press("enter")
	if h.app.palette != nil {
		t.Fatal("the palette stayed open")
	}
	if calls := f.triageCalls(); len(calls) != 1 || calls[0].method != "Acknowledge" {
		t.Fatalf("acknowledge from the palette: %+v", calls)
	}
	// One that opens a prompt, chosen with the arrows.
	h.press(":")
	h.typeText("s")
	for paletteDescs(h)[h.app.palette.sel] != "snooze" {
		h.press("down")
	}
	h.press("enter")
	if _, ok := h.app.prompt.(*snoozePrompt); !ok {
		t.Fatalf("snooze from the palette: prompt %T", h.app.prompt)
	}
	h.press("esc")
	// A rebound key is the one the palette presses.
	g := triageFake()
	r := newHarness(t, Options{Reader: g, Keys: map[string]tracker.KeyList{"acknowledge": {"A"}}}, 100, 30)
	toQueue(r)
	r.press(":")
	r.typeText("ackn")
	if !strings.Contains(squash(screen(r)), "›acknowledge A") {
		t.Errorf("the palette does not show the bound key:\n%s", screen(r))
	}
	r.press("enter")
	if calls := g.triageCalls(); len(calls) != 1 || calls[0].method != "Acknowledge" {
		t.Fatalf("rebound acknowledge from the palette: %+v", calls)
	}
}

// The palette of the case view offers the step's actions; a numbered key
// is one entry a number.
func TestPaletteInTheCaseView(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	toSolve(t, h, fc)
	h.press(":")
	got := paletteDescs(h)
	for _, w := range []string{"solution 1", "solution 2", "record solution", "back", "step back"} {
		if !slices.Contains(got, w) {
			t.Errorf("case palette lacks %q: %q", w, got)
		}
	}
	h.typeText("solution 2")
	h.press("enter")
	if h.app.caseView.sol != 1 {
		t.Errorf("solution 2 from the palette: sol %d", h.app.caseView.sol)
	}
}
