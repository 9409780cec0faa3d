package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
)

// The case view scrolls: under its three header lines, the step's work
// area (the message whole, with its link and sign-off) and the whole log
// are one document, moved by pgup/pgdn, g/G, the wheel, and j/k where they
// pick nothing else (step 3 takes them for the solution). At 80×24 the
// message and a long log do not fit, and nothing of them is left out.

// docRows is how many lines of the document the view shows.
func (v *caseView) docRows() int { return max(1, v.height-2-caseChrome) }

// docLines is the document for an inner width w: the work area, a blank
// line, the log; and the focused field's first line and height (-1, 0
// when none is focused).
func (v *caseView) docLines(w int) (lines []string, focusAt, focusH int) {
	work, at := v.workArea(w)
	focusAt = at
	if fl := v.focused(); fl != nil && at >= 0 {
		focusH = 1
		if fl.kind == fieldArea {
			focusH = fl.area.Height()
		}
	}
	lines = append(work, "")
	lines = append(lines, v.logLines(w)...)
	return lines, focusAt, focusH
}

// scrollMax is the last first line that still fills the view.
func (v *caseView) scrollMax() int {
	doc, _, _ := v.docLines(max(1, v.width-2))
	return max(0, len(doc)-v.docRows())
}

// scrollable reports whether the document is longer than the view.
func (v *caseView) scrollable() bool { return v.loaded && v.scrollMax() > 0 }

func (v *caseView) scrollBy(delta int) { v.top = clampInt(v.top+delta, 0, v.scrollMax()) }

// follow keeps the focused field in sight: a key in a field may have moved
// to another, or made the message longer.
func (v *caseView) follow() {
	if !v.loaded {
		return
	}
	doc, at, h := v.docLines(max(1, v.width-2))
	rows := v.docRows()
	if at >= 0 {
		switch {
		case at < v.top:
			v.top = at
		case at+h > v.top+rows:
			v.top = max(at, at+h-rows)
			v.top = min(v.top, at)
		}
	}
	v.top = clampInt(v.top, 0, max(0, len(doc)-rows))
}

// scrollsWithArrows reports whether j/k scroll here: not in step 3, where
// they pick the solution.
func (v *caseView) scrollsWithArrows() bool {
	return v.c.readOnly || !v.open() || v.step != tracker.StepSolve
}

// scrollKey moves the document for a scrolling key; ok is false for any
// other key.
func (v *caseView) scrollKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := v.c.keys
	rows := v.docRows()
	switch {
	case key.Matches(msg, k.PageDown):
		v.scrollBy(rows - 1)
	case key.Matches(msg, k.PageUp):
		v.scrollBy(-(rows - 1))
	case key.Matches(msg, k.Top):
		v.top = 0
	case key.Matches(msg, k.Bottom):
		v.top = v.scrollMax()
	case v.scrollsWithArrows() && key.Matches(msg, k.Down):
		v.scrollBy(1)
	case v.scrollsWithArrows() && key.Matches(msg, k.Up):
		v.scrollBy(-1)
	default:
		return nil, false
	}
	return nil, true
}

// wheel scrolls by the mouse wheel.
func (v *caseView) wheel(m tea.Mouse) {
	switch m.Button {
	case tea.MouseWheelDown:
		v.scrollBy(3)
	case tea.MouseWheelUp:
		v.scrollBy(-3)
	}
}

// scrollHelp is the scrolling keys, enabled when there is more to see.
func (v *caseView) scrollHelp() []key.Binding {
	k := v.c.keys
	on := v.focused() == nil && v.scrollable()
	out := []key.Binding{
		enabledIf(withHelp(k.PageDown, "scroll down"), on), enabledIf(withHelp(k.PageUp, "scroll up"), on),
		enabledIf(withHelp(k.Top, "scroll to the top"), on), enabledIf(withHelp(k.Bottom, "scroll to the end"), on),
	}
	if v.scrollsWithArrows() {
		out = append(out, enabledIf(withHelp(k.Down, "scroll a line down"), on), enabledIf(withHelp(k.Up, "scroll a line up"), on))
	}
	return out
}

// wrapMessage is a message's text as lines of at most w cells, wrapped at
// words as the editor wraps it, its blank lines kept.
func wrapMessage(s string, w int) []string {
	lines := strings.Split(ansi.Wrap(strings.TrimRight(s, "\n"), w, ""), "\n")
	for i := range lines {
		lines[i] = cell(lines[i], w)
	}
	return lines
}
