package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// caseDoc is every line of the case's scrolled part the screen shows, read
// by scrolling from the top to the end with key (each line once).
func caseDoc(t *testing.T, h *harness, key string) []string {
	t.Helper()
	v := h.app.caseView
	h.press("g")
	if v.top != 0 {
		t.Fatalf("g left the case at line %d", v.top)
	}
	r := h.app.lay.alerts
	var out []string
	seen := 0
	for range 200 {
		lines := strings.Split(screen(h), "\n")
		// The pane's border, then three header lines, then the document.
		body := lines[r.y+1+caseChrome : r.y+r.h-1]
		for i, l := range body {
			if v.top+i >= seen {
				out = append(out, strings.TrimRight(strings.Trim(l, "│"), " "))
			}
		}
		seen = v.top + len(body)
		before := v.top
		h.press(key)
		if v.top == before {
			return out
		}
	}
	t.Fatal("the case never reached its end")
	return nil
}

// At 80×24 the case view scrolls: the message is there whole, its link
// and sign-off too, and so is every entry of the log; nothing is cut
// (issue 20: the message lost its link and sign-off, the log showed its
// last 7 lines).
func TestCaseViewScrollsAt80x24(t *testing.T) {
	f := triageFake()
	fc := newFakeCases(f)
	h := newHarness(t, Options{Reader: f, ETA: f, Templates: mustTemplates(t), Actor: tracker.Actor{Name: "agent-7"}, Seller: "Acme Shop"}, 80, 24)
	c := toVerify(t, h, fc)
	// A long log: back to step 1 and on again, five times.
	for range 5 {
		h.press("[", "]")
	}
	h.press("[") // at step 1 again, with its message
	_, log := fc.get(c.ID)
	if len(log) < 12 {
		t.Fatalf("log of %d entries, want a long one", len(log))
	}
	if !strings.Contains(screen(h), " ↓") {
		t.Errorf("the border does not say there is more below:\n%s", screen(h))
	}

	for _, key := range []string{"j", "pgdown"} {
		t.Run(key, func(t *testing.T) {
			doc := caseDoc(t, h, key)
			text := strings.Join(doc, "\n")
			subject, body := h.app.caseView.message()
			if !strings.Contains(text, subject) {
				t.Errorf("the subject is not shown:\n%s", text)
			}
			// The message whole: every line of it, the last (the seller's
			// name, the sign-off) too, and the tracking link.
			var lines []string
			for _, l := range strings.Split(body, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					lines = append(lines, l)
				}
			}
			flat := strings.Join(strings.Fields(text), "")
			for _, l := range lines {
				if !strings.Contains(flat, strings.Join(strings.Fields(l), "")) {
					t.Errorf("message line %q is not shown", l)
				}
			}
			if last := lines[len(lines)-1]; last != "Acme Shop" {
				t.Errorf("the message ends %q, want the seller's sign-off", last)
			}
			if !strings.Contains(flat, "https://") {
				t.Errorf("no tracking link in the message:\n%s", text)
			}
			// Every log entry, each on its own line, oldest first.
			var entries []string
			for _, l := range doc {
				if strings.Contains(l, " agent-7 ") {
					entries = append(entries, l)
				}
			}
			if len(entries) != len(log) {
				t.Fatalf("%d log lines shown, the log has %d:\n%s", len(entries), len(log), text)
			}
			for i, e := range log {
				if !strings.Contains(entries[i], string(e.Action)) {
					t.Errorf("log line %d %q, want %s", i, entries[i], e.Action)
				}
			}
			if !strings.Contains(doc[len(doc)-1], string(log[len(log)-1].Action)) &&
				!slices.ContainsFunc(doc[len(doc)-3:], func(l string) bool { return strings.Contains(l, "go_to") }) {
				t.Errorf("the end of the case is not the newest log entry: %q", doc[len(doc)-3:])
			}
		})
	}

	// G goes to the end, g back; the wheel scrolls too.
	v := h.app.caseView
	h.press("G")
	if v.top != v.scrollMax() || v.top == 0 {
		t.Errorf("G: line %d, want %d", v.top, v.scrollMax())
	}
	h.press("g")
	h.send(tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown})
	if v.top != 3 {
		t.Errorf("wheel down: line %d, want 3", v.top)
	}
	h.send(tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelUp})
	if v.top != 0 {
		t.Errorf("wheel up: line %d, want 0", v.top)
	}
	// The full help says how.
	h.press("?")
	text := squash(strings.Join(helpText(h), "\n"))
	for _, w := range []string{"pgdn/ctrl+d scroll down", "G/end scroll to the end", "↓/j scroll a line down", "wheel scroll the case"} {
		if !strings.Contains(text, w) {
			t.Errorf("case help lacks %q:\n%s", w, text)
		}
	}
}

// Editing the message keeps the cursor's field in sight; in step 3, j and
// k still pick the solution, and pgdn scrolls.
func TestCaseViewFollowsTheFocusedField(t *testing.T) {
	f := triageFake()
	fc := newFakeCases(f)
	h := newHarness(t, Options{Reader: f, ETA: f, Templates: mustTemplates(t), Actor: tracker.Actor{Name: "agent-7"}, Seller: "Acme Shop"}, 80, 24)
	openLost(t, h, fc)
	v := h.app.caseView
	h.press("G")
	h.press("e")
	doc, at, hgt := v.docLines(v.width - 2)
	if at < v.top || at >= v.top+v.docRows() || hgt == 0 {
		t.Errorf("editing: the body at line %d (of %d) is out of the view at %d+%d", at, len(doc), v.top, v.docRows())
	}
	h.press("esc")
	toSolveFrom(t, h, fc)
	sol := v.sol
	h.press("j")
	if v.sol == sol {
		t.Errorf("j in step 3 did not pick the next solution")
	}
}

// toSolveFrom takes an open step-1 case on to step 3.
func toSolveFrom(t *testing.T, h *harness, fc *fakeCases) {
	t.Helper()
	h.press("enter") // recorded sent: step 2
	h.press("enter") // verified: step 3
	if c, _, _ := fc.only(); c.Step != tracker.StepSolve {
		t.Fatalf("not at step 3: %+v", c)
	}
}
