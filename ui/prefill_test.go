package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// editKey is a key press by name, with the editing keys KeyPress lacks.
func editKey(k string) tea.KeyPressMsg {
	switch k {
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "ctrl+t":
		return tea.KeyPressMsg{Code: 't', Mod: tea.ModCtrl}
	}
	return KeyPress(k)
}

// Issue 20: after `s d` the snooze date showed a week ahead and typing a
// date was dropped (the field was full, so the keys went nowhere); the
// case's follow-up date likewise. A prefilled value is selected: the first
// printable key replaces it, as in a text field with everything selected.
func TestTypingReplacesPrefilledSnoozeDate(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 100, 30)
	toQueue(h)
	sel, _ := h.app.exceptions.Selected()
	h.press("s", "d")
	h.typeText("2025-06-10")
	h.press("enter")
	c := lastCall(t, f)
	want := time.Date(2025, 6, 10, 0, 0, 0, 0, time.UTC)
	if c.method != "Snooze" || !slices.Equal(c.ids, []int64{sel.ID}) || !c.until.Equal(want) {
		t.Errorf("call %+v, want Snooze [%d] until %v", c, sel.ID, want)
	}
	wantOnScreen(t, h, "snoozed until Tue 2025-06-10")
}

func TestTypingReplacesPrefilledFollowUpDate(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := toFollowUp(t, h, fc)
	h.press("tab") // the follow-up date, prefilled
	if fl := h.app.caseView.focused(); fl == nil || fl.key != fFollowUp {
		t.Fatalf("tab did not reach the follow-up date: %+v", fl)
	}
	h.typeText("2025-06-12")
	h.press("enter")
	got, _ := fc.get(c.ID)
	if want := time.Date(2025, 6, 12, 0, 0, 0, 0, time.UTC); !got.FollowUpAt.Equal(want) {
		t.Errorf("follow-up at %v, want %v\n%s", got.FollowUpAt, want, screen(h))
	}
	wantOnScreen(t, h, "next follow-up Thu 2025-06-12")
}

// The date fields read what tracker.ParseDate reads; fixedNow is Sunday
// 2025-06-01.
func TestDateFieldsTakeWords(t *testing.T) {
	for _, tc := range []struct {
		typed string
		want  time.Time
	}{
		{"tomorrow", time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)},
		{"+3d", time.Date(2025, 6, 4, 0, 0, 0, 0, time.UTC)},
		{"+2w", time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)},
		{"fri", time.Date(2025, 6, 6, 0, 0, 0, 0, time.UTC)},
		{"Sunday", time.Date(2025, 6, 8, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run("snooze "+tc.typed, func(t *testing.T) {
			f := triageFake()
			h := newHarness(t, Options{Reader: f}, 100, 30)
			toQueue(h)
			h.press("s", "d")
			h.typeText(tc.typed)
			h.press("enter")
			if c := lastCall(t, f); c.method != "Snooze" || !c.until.Equal(tc.want) {
				t.Errorf("call %+v, want Snooze until %v", c, tc.want)
			}
		})
		t.Run("follow-up "+tc.typed, func(t *testing.T) {
			h, _, fc := caseSession(t, nil)
			c := toFollowUp(t, h, fc)
			h.press("tab")
			h.typeText(tc.typed)
			h.press("enter")
			if got, _ := fc.get(c.ID); !got.FollowUpAt.Equal(tc.want) {
				t.Errorf("follow-up at %v, want %v\n%s", got.FollowUpAt, tc.want, screen(h))
			}
		})
	}
}

// A bad date is refused naming the field and what was typed.
func TestDateFieldErrorsNameFieldAndValue(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 100, 30)
	toQueue(h)
	h.press("s", "d")
	h.typeText("someday")
	h.press("enter")
	if calls := f.triageCalls(); len(calls) != 0 {
		t.Errorf("calls %+v, want none", calls)
	}
	wantOnScreen(t, h, `until: "someday" is not a date`)

	h2, _, fc := caseSession(t, nil)
	toFollowUp(t, h2, fc)
	h2.press("tab")
	h2.typeText("someday")
	h2.press("enter")
	wantOnScreen(t, h2, `follow-up: "someday" is not a date`)
}

// The help under a field being typed into says how to clear it.
func TestFieldHelpOffersClear(t *testing.T) {
	f := triageFake()
	h := newHarness(t, Options{Reader: f}, 100, 30)
	toQueue(h)
	h.press("s", "d")
	wantOnScreen(t, h, "ctrl+u clear")

	h2, _, fc := caseSession(t, nil)
	toFollowUp(t, h2, fc)
	h2.press("tab")
	wantOnScreen(t, h2, "ctrl+u clear")
}

// lineEdit is the one text field of every form: a prefilled value is
// selected until the first key decides what happens to it.
func TestLineEditPrefilledIsSelected(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keys  []string // "paste:TEXT" pastes TEXT
		want  string
		atPos int
	}{
		{"a printable key replaces it", []string{"x"}, "x", 1},
		{"typing goes on after the first key", []string{"a", "b"}, "ab", 2},
		{"backspace edits it", []string{"backspace"}, "2025-06-0", 9},
		{"left then a key inserts", []string{"left", "x"}, "2025-06-0x8", 10},
		{"home then a key inserts at the start", []string{"home", "x"}, "x2025-06-08", 1},
		{"end then a key appends", []string{"end", "x"}, "2025-06-08x", 11},
		{"ctrl+u clears it", []string{"ctrl+u"}, "", 0},
		{"ctrl+u after a move clears before the cursor", []string{"left", "ctrl+u"}, "8", 0},
		{"a paste replaces it", []string{"paste:+3d"}, "+3d", 3},
		{"a paste after a move inserts", []string{"home", "paste:x"}, "x2025-06-08", 1},
		{"a control key leaves it", []string{"ctrl+t", "x"}, "x", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newLineEdit("2025-06-08", 11)
			for _, k := range tc.keys {
				if p, ok := strings.CutPrefix(k, "paste:"); ok {
					e.paste(p)
					continue
				}
				e.update(editKey(k))
			}
			if e.String() != tc.want || e.pos != tc.atPos {
				t.Errorf("value %q at %d, want %q at %d", e.String(), e.pos, tc.want, tc.atPos)
			}
		})
	}
	t.Run("an empty field has nothing selected", func(t *testing.T) {
		e := newLineEdit("", 10)
		e.update(KeyPress("a"))
		e.update(KeyPress("b"))
		if e.String() != "ab" {
			t.Errorf("value %q, want ab", e.String())
		}
	})
}

// The add form's ship date is prefilled with today; typing replaces it,
// and both of its dates read the words every date field reads.
func TestAddFormDatesReplaceAndTakeWords(t *testing.T) {
	for _, tc := range []struct {
		shipped, promised string
		wantShipped       time.Time
		wantPromised      time.Time
	}{
		{"2025-05-28", "2025-06-20", time.Date(2025, 5, 28, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 20, 0, 0, 0, 0, time.UTC)},
		{"yesterday", "+10d", time.Date(2025, 5, 31, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 11, 0, 0, 0, 0, time.UTC)},
		{"-3d", "fri", time.Date(2025, 5, 29, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 6, 0, 0, 0, 0, time.UTC)},
		{"today", "+3w", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 22, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.shipped+" "+tc.promised, func(t *testing.T) {
			h, _, w := addHarness(t, Options{})
			h.press("a")
			h.typeText("WB-902")
			h.press("tab")
			h.typeText("RR123456785CN")
			f := h.app.sheet.(*addForm)
			for _, v := range []struct{ field, value string }{{afShipped, tc.shipped}, {afPromised, tc.promised}} {
				for f.focus >= len(f.fields) || f.fields[f.focus].key != v.field {
					h.press("tab")
				}
				h.typeText(v.value)
			}
			h.press("enter")
			writes := w.writes()
			if len(writes) != 1 {
				t.Fatalf("%d writes, want 1:\n%s", len(writes), screen(h))
			}
			od := writes[0][0]
			if got := od.Shipments[0].ShippedAt; !got.Equal(tc.wantShipped) {
				t.Errorf("shipped %v, want %v", got, tc.wantShipped)
			}
			if got := od.Order.PromisedAt; !got.Equal(tc.wantPromised) {
				t.Errorf("promised %v, want %v", got, tc.wantPromised)
			}
		})
	}
}

// The orders filter reopens on the kept filter, selected: typing starts a
// new one (issue 20: it appended), ctrl+u clears it rather than paging.
func TestOrdersFilterReopensSelected(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
		want string
	}{
		{"typing replaces the kept filter", []string{"/", "U", "S", "enter", "/", "J", "P"}, "JP"},
		{"backspace edits it", []string{"/", "U", "S", "enter", "/", "backspace"}, "U"},
		{"ctrl+u clears it", []string{"/", "U", "S", "enter", "/", "ctrl+u"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeReader(300)
			h := newHarness(t, Options{Reader: f}, 120, 30)
			h.press(tc.keys...)
			if q := lastQuery(t, f); q.Query != tc.want {
				t.Errorf("last read's Query = %q, want %q", q.Query, tc.want)
			}
		})
	}
}
