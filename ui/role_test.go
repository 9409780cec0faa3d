package ui

import (
	"slices"
	"strings"
	"testing"

	"waybill/tracker"
)

// An SSH session shows who is working and as what; a local one does not.
func TestStatusBarShowsAgentAndRole(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"agent", Options{Actor: tracker.Actor{Name: "alice", Role: tracker.RoleAgent}}, "alice · agent"},
		{"viewer", Options{Actor: tracker.Actor{Name: "sam", Role: tracker.RoleViewer}}, "sam · viewer"},
		{"admin, with an escape in the name", Options{Actor: tracker.Actor{Name: "root\x1b[2J", Role: tracker.RoleAdmin}}, "root · admin"},
		{"local", Options{Actor: tracker.Actor{Name: "me"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Reader = newFakeReader(20)
			h := newHarness(t, tt.opts, 100, 30)
			out := screen(h)
			lines := strings.Split(out, "\n")
			status := lines[len(lines)-2]
			if tt.want == "" {
				if strings.Contains(status, " · local") || strings.Contains(status, "me ·") {
					t.Errorf("a local session names itself: %q", status)
				}
				return
			}
			if !strings.Contains(status, tt.want) {
				t.Errorf("status bar %q lacks %q", status, tt.want)
			}
		})
	}
}

// A viewer's screen offers no action, and every action key is refused
// without a call to the store or the refresher.
func TestViewerSeesNoActionsAndIsRefused(t *testing.T) {
	// The same screen for an agent offers what the viewer's must not.
	control := newHarness(t, Options{Reader: triageFake(), Refresher: &fakeRefresher{},
		Actor: tracker.Actor{Name: "alice", Role: tracker.RoleAgent}}, 100, 30)
	control.press("?")
	for _, shown := range []string{"w watch", "c complaint", "r refresh"} {
		if !strings.Contains(squash(screen(control)), shown) {
			t.Fatalf("agent's help lacks %q, so the viewer's test proves nothing:\n%s", shown, screen(control))
		}
	}
	control.press("?")
	toQueue(control)
	for _, shown := range []string{"a ack", "s snooze", "o owner"} {
		if !strings.Contains(squash(screen(control)), shown) {
			t.Fatalf("agent's queue help lacks %q:\n%s", shown, screen(control))
		}
	}
	// The help line has no room for every key at 100 columns: the full
	// help has them all.
	control.press("?")
	if !strings.Contains(squash(screen(control)), "c complaint case") {
		t.Fatalf("agent's queue help lacks c:\n%s", screen(control))
	}

	f := triageFake()
	fc := newFakeCases(f)
	ref := &fakeRefresher{}
	h := newHarness(t, Options{Reader: f, Refresher: ref, Actor: tracker.Actor{Name: "sam", Role: tracker.RoleViewer}}, 100, 30)

	h.press("?") // full help: everything that works
	help := squash(screen(h))
	for _, hidden := range []string{"w watch", "c complaint", "r refresh"} {
		if strings.Contains(help, hidden) {
			t.Errorf("viewer's help offers %q:\n%s", hidden, help)
		}
	}
	h.press("?")
	h.press("w", "c", "r")
	toQueue(h)
	help = squash(screen(h))
	for _, hidden := range []string{"a ack", "s snooze", "o owner", "c case"} {
		if strings.Contains(help, hidden) {
			t.Errorf("viewer's queue help offers %q:\n%s", hidden, help)
		}
	}
	for _, k := range []string{"a", "s", "o", "c", "r", "space", "a"} {
		h.press(k)
		if h.app.prompt != nil {
			t.Fatalf("%s opened a prompt for a viewer", k)
		}
	}
	if calls := f.triageCalls(); len(calls) > 0 {
		t.Errorf("viewer's keys changed exceptions: %+v", calls)
	}
	if calls := ref.calls(); len(calls) > 0 {
		t.Errorf("viewer's r asked the carrier: %v", calls)
	}
	if _, _, ok := fc.only(); ok {
		t.Error("viewer's c opened a case")
	}
	wantOnScreen(t, h, "read only: the viewer role cannot")
	// Alerts are read, not marked read: the unread count is everyone's.
	h.press("!")
	if slices.ContainsFunc(f.triageCalls(), func(c recordedCall) bool { return c.method == "MarkAlertsRead" }) {
		t.Error("viewer marked alerts read")
	}
}

// A viewer may read a case another agent works, and change nothing in it.
func TestViewerReadsCasesButCannotWorkThem(t *testing.T) {
	agent, f, fc := caseSession(t, nil)
	c := openLost(t, agent, fc)
	_, before := fc.get(c.ID)

	h := newHarness(t, Options{Reader: f, Templates: mustTemplates(t), Actor: tracker.Actor{Name: "sam", Role: tracker.RoleViewer}}, 100, 30)
	toQueue(h)
	h.press("enter")
	if h.app.caseView == nil || !h.app.caseView.loaded {
		t.Fatalf("enter on a case's exception showed no case to a viewer:\n%s", screen(h))
	}
	wantOnScreen(t, h, "Case 1 · WB-00047 · lost", "agent-7")
	if help := squash(screen(agent)); !strings.Contains(help, "record") || !strings.Contains(help, "edit") {
		t.Fatalf("agent's case help lacks the actions:\n%s", help)
	}
	if help := squash(screen(h)); strings.Contains(help, "record") || strings.Contains(help, "edit") {
		t.Errorf("viewer's case help offers actions:\n%s", help)
	}
	for _, k := range []string{"e", "enter", "s", "]", "x", "tab", "i", "y", "m"} {
		h.press(k)
	}
	if h.app.prompt != nil {
		t.Fatal("a key opened a prompt in a viewer's case")
	}
	after, log := fc.get(c.ID)
	if len(log) != len(before) || after.Step != c.Step {
		t.Errorf("viewer changed the case: step %s, %d log entries (was %d)", after.Step, len(log), len(before))
	}
	wantOnScreen(t, h, "read only: the viewer role cannot work cases")
	h.press("esc")
	if h.app.caseView != nil {
		t.Error("esc did not leave the case")
	}
}
