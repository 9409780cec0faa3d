package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// helpScene is a view in a state worth walking: built fresh, since a key
// that does something changes it.
type helpScene struct {
	name  string
	build func(t *testing.T) *harness
}

// helpScenes are every view and focus of the screen. A new view belongs
// here: TestHelpListsEveryKeyThatWorks then holds its help to its keys.
func helpScenes(t *testing.T) []helpScene {
	// Reading the templates is the slow part of a case session; the set
	// is read only, so every session here shares one.
	msgs := mustTemplates(t)
	agent := tracker.Actor{Name: "agent-7"}
	viewer := tracker.Actor{Name: "sam", Role: tracker.RoleViewer}
	panes := func(actor tracker.Actor, keys ...string) func(t *testing.T) *harness {
		return func(t *testing.T) *harness {
			h := newHarness(t, Options{Reader: triageFake(), Refresher: &fakeRefresher{}, History: scoreFake(), Actor: actor}, 100, 30)
			h.press(keys...)
			return h
		}
	}
	caseAt := func(actor tracker.Actor, to func(*testing.T, *harness, *fakeCases) tracker.Case, keys ...string) func(t *testing.T) *harness {
		return func(t *testing.T) *harness {
			// caseSession's, with the shared templates.
			f := triageFake()
			fc := newFakeCases(f)
			h := newHarness(t, Options{Reader: f, ETA: f, Templates: msgs, Actor: agent, Seller: "Acme Shop"}, 100, 30)
			to(t, h, fc)
			if actor.Role == tracker.RoleViewer {
				// The viewer reads the case the agent opened.
				v := newHarness(t, Options{Reader: f, Templates: msgs, Actor: actor}, 100, 30)
				toQueue(v)
				v.press("enter")
				h = v
			}
			h.press(keys...)
			return h
		}
	}
	closed := func(t *testing.T, h *harness, fc *fakeCases) tracker.Case {
		c := toFollowUp(t, h, fc)
		h.press("x", "enter")
		h.typeText("replacement delivered")
		h.press("enter")
		return c
	}
	return []helpScene{
		{"orders pane", panes(agent)},
		{"orders pane with a kept filter", panes(agent, "/", "W", "B", "enter")},
		{"orders filter line", panes(agent, "/")},
		{"timeline pane", panes(agent, "tab")},
		{"exceptions pane, one marked, filtered", func(t *testing.T) *harness {
			h := panes(agent, "tab", "tab", "space")(t)
			h.app.exceptions.filter = exceptionFilter{owner: "bob"}
			return h
		}},
		{"alert list", panes(agent, "!")},
		{"scorecard", panes(agent, "S")},
		{"snooze prompt", panes(agent, "tab", "tab", "s")},
		{"owner prompt", panes(agent, "tab", "tab", "o")},
		{"add form", panes(agent, "a")},
		{"help", panes(agent, "?")},
		{"command palette", panes(agent, ":")},
		{"viewer's orders pane", panes(viewer)},
		{"viewer's exceptions pane", panes(viewer, "tab", "tab")},
		{"kind prompt", caseAt(agent, func(*testing.T, *harness, *fakeCases) tracker.Case { return tracker.Case{} }, "c")},
		{"close prompt", caseAt(agent, toFollowUp, "x")},
		{"paste sheet", func(t *testing.T) *harness {
			h := panes(agent)(t)
			h.send(tea.PasteMsg{Content: "RR123456785CN\n1Z999AA10123456784\n"})
			return h
		}},
		{"case, step 1", caseAt(agent, openLost)},
		{"case, step 1, editing the message", caseAt(agent, openLost, "e")},
		{"case, step 2", caseAt(agent, toVerify)},
		{"case, step 2, in a field", caseAt(agent, toVerify, "tab")},
		{"case, step 3", caseAt(agent, toSolve)},
		{"case, step 4", caseAt(agent, toFollowUp)},
		{"case, closed", caseAt(agent, closed)},
		{"viewer's case", caseAt(viewer, openLost)},
		{"order view", func(t *testing.T) *harness {
			f := orderViewFake()
			h := newHarness(t, Options{Reader: f, ETA: f, Refresher: &fakeRefresher{}, Templates: msgs, Actor: agent}, 100, 30)
			openOrderOf(t, h)
			return h
		}},
		{"viewer's order view", func(t *testing.T) *harness {
			f := orderViewFake()
			h := newHarness(t, Options{Reader: f, ETA: f, Refresher: &fakeRefresher{}, Templates: msgs, Actor: viewer}, 100, 30)
			openOrderOf(t, h)
			return h
		}},
		{"cases view", func(t *testing.T) *harness {
			h := newCasesFixture(t).session(t, tracker.LocalActor("ana"), nil, 100, 30)
			h.press("C")
			return h
		}},
		{"cases view, closed ones", func(t *testing.T) *harness {
			h := newCasesFixture(t).session(t, tracker.LocalActor("ana"), nil, 100, 30)
			h.press("C", "4")
			return h
		}},
		{"exceptions pane after an ack", panes(agent, "tab", "tab", "a")},
		{"exceptions pane, acknowledged view", panes(agent, "tab", "tab", "v")},
		{"exceptions filter line", panes(agent, "tab", "tab", "/")},
		{"exceptions pane with a kept filter", panes(agent, "tab", "tab", "/", "c", "u", "s", "enter")},
		{"exception log", panes(agent, "tab", "tab", "l")},
		{"resolve prompt", panes(agent, "tab", "tab", "X")},
		{"alerts filter line", panes(agent, "!", "/")},
		{"event in full", panes(agent, "tab", "enter")},
	}
}

// candidateKeys are every key any binding has, and the editing keys a
// field takes beside them.
func candidateKeys() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range keyActions(DefaultKeyMap()) {
		for _, k := range a.b.Keys() {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	for _, k := range []string{"left", "right", "home", "end", "backspace", "delete", "x", "z", "Z", "u", "h", "l", "0", "-", "#"} {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// listed is every key the help of h's current view lists, enabled.
func listed(h *harness) map[string]bool {
	kh := h.app.keyHelp()
	out := map[string]bool{}
	if kh.local != nil {
		for _, col := range kh.local.FullHelp() {
			for _, b := range col {
				if b.Enabled() {
					for _, k := range b.Keys() {
						out[k] = true
					}
				}
			}
		}
	}
	for _, b := range append(kh.fullGlobal, kh.fields...) {
		if b.Enabled() {
			for _, k := range b.Keys() {
				out[k] = true
			}
		}
	}
	return out
}

// TestHelpListsEveryKeyThatWorks walks every view and presses every key
// there is: a key that changes the screen or starts work must be listed
// in that view's full help, which is made from the bindings the view
// matches. Keys typed into a field are text and are not asked for; a key
// whose only effect is to say why it is refused (a viewer's) is not an
// action the help owes.
func TestHelpListsEveryKeyThatWorks(t *testing.T) {
	for _, sc := range helpScenes(t) {
		t.Run(sc.name, func(t *testing.T) {
			h := sc.build(t)
			typing := h.app.typing() || h.app.palette != nil
			for _, k := range candidateKeys() {
				msg := KeyPress(k)
				if typing && msg.Text != "" {
					continue // typed into the field
				}
				if k == "ctrl+c" {
					continue // quits from everywhere; each help says so where it can
				}
				help := listed(h)
				before := h.view()
				status, statusErr := h.app.status.msg, h.app.status.msgErr
				var result string
				if v := h.app.caseView; v != nil {
					result = v.result
				}
				_, cmd := h.app.Update(msg)
				after := h.view()
				if cmd == nil && after == before {
					continue // nothing happened: h is as it was
				}
				// What the key started (a write the workflow refuses, and
				// says why) is part of what it did.
				h.run(cmd)
				refused := (h.app.status.msg != status && h.app.status.msgErr && !statusErr) ||
					(h.app.caseView != nil && h.app.caseView.result != result && h.app.caseView.resultErr)
				if !help[k] && !refused {
					t.Errorf("%q works here but the help does not list it:\n%s", k, screen(h))
				}
				h = sc.build(t) // the key changed the view: start again
			}
		})
	}
}

// TestHelpListsTheViewsKeysOnce: the full help at 80×24 lists tab, !, S,
// ? and q in the panes, each entry whole on a line of its own, reached by
// scrolling.
func TestFullHelpAt80x24IsWhole(t *testing.T) {
	h := newHarness(t, Options{Reader: triageFake(), Refresher: &fakeRefresher{}, History: scoreFake()}, 80, 24)
	for _, focus := range []string{"orders", "timeline", "exceptions"} {
		t.Run(focus, func(t *testing.T) {
			h.press("?")
			if h.app.helpView == nil {
				t.Fatal("? opened no help")
			}
			text := helpText(h)
			for _, want := range [][2]string{{"tab", "next pane"}, {"S-tab", "prev pane"}, {"!", "alerts"},
				{"S", "scorecard"}, {"?/f1", "help"}, {":", "commands"}, {"q/ctrl+c", "quit"}, {"g/home", "top"}} {
				if !slices.ContainsFunc(text, func(l string) bool { return entryIs(l, want[0], want[1]) }) {
					t.Errorf("help lacks %q %q:\n%s", want[0], want[1], strings.Join(text, "\n"))
				}
			}
			// Every entry the help is made of is on the screen whole: its
			// key, then all of what it does (wrapped, maybe, never cut).
			all := strings.Join(strings.Fields(strings.Join(text, " ")), " ")
			for _, e := range h.app.helpView.sections() {
				for _, en := range e.entries {
					if !strings.Contains(all, en.label+" "+strings.Join(strings.Fields(en.desc), " ")) {
						t.Errorf("entry %q %q not shown whole:\n%s", en.label, en.desc, strings.Join(text, "\n"))
					}
				}
			}
			for _, l := range text {
				if strings.Contains(l, "…") {
					t.Errorf("a help line is cut: %q", l)
				}
			}
			h.press("esc", "tab")
		})
	}
}

// helpText is every line of the open help as the screen shows it,
// scrolled through with pgdn, each line once.
func helpText(h *harness) []string {
	var out []string
	seen := 0 // lines of the help read so far
	for range 50 {
		top := h.app.helpView.top
		lines := strings.Split(screen(h), "\n")
		r := h.app.lay.alerts
		for i, l := range lines[r.y+1 : r.y+r.h-1] {
			if top+i >= seen {
				out = append(out, strings.TrimRight(strings.Trim(l, "│"), " "))
			}
		}
		seen = top + r.h - 2
		if top >= len(h.app.helpView.lines)-h.app.helpView.rows() {
			break
		}
		h.press("pgdown")
	}
	return out
}

// entryIs reports whether a help line is the entry label, desc.
func entryIs(line, label, desc string) bool {
	f := strings.Fields(line)
	return len(f) >= 2 && f[0] == label && strings.Join(f[1:], " ") == desc
}

// Where keys are typed, ? is text and : too; f1 opens the help of the
// field's view, and closing it leaves the field as it was.
func TestHelpFromATextField(t *testing.T) {
	h := newHarness(t, Options{Reader: triageFake()}, 100, 30)
	h.press("/")
	h.typeText("?:")
	if got := h.app.orders.filter.edit.String(); got != "?:" {
		t.Fatalf("the filter line took %q, want ?: typed", got)
	}
	if h.app.helpView != nil || h.app.palette != nil {
		t.Fatal("? or : typed into the filter opened the help or the palette")
	}
	if line := helpLine(h); !strings.Contains(line, "f1 help") || strings.Contains(line, "? help") {
		t.Errorf("the help line offers the wrong help key: %q", line)
	}
	h.press("f1")
	if h.app.helpView == nil {
		t.Fatal("f1 in the filter line opened no help")
	}
	wantOnScreen(t, h, "Help · the orders filter", "In a text field")
	h.press("esc")
	if h.app.helpView != nil || !h.app.orders.filtering() || h.app.orders.filter.edit.String() != "?:" {
		t.Errorf("after the help: help %v, filtering %v, %q", h.app.helpView != nil, h.app.orders.filtering(), h.app.orders.filter.edit.String())
	}

	// Over a prompt: its keys, and the prompt is still there after.
	h.press("esc", "tab", "tab", "o")
	h.typeText("b?")
	h.press("f1")
	wantOnScreen(t, h, "Help · Owner of 1 exception")
	h.press("esc")
	if p, ok := h.app.prompt.(*ownerPrompt); !ok || p.name.String() != "b?" {
		t.Errorf("the owner prompt after the help: %T", h.app.prompt)
	}
}
