package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
)

func TestOrdersFilter(t *testing.T) {
	const n = 300 // destinations cycle DE FR US JP: 75 each
	for _, tc := range []struct {
		name      string
		keys      []string // "/" opens the filter; other single characters are typed
		wantQuery string   // of the last list read
		wantTotal string   // the pane's "pos/total"
		wantTitle string
		filtering bool // the filter line still has the keys
		check     func(r tracker.ShipmentRow) bool
	}{
		{name: "typing narrows with each key", keys: []string{"/", "u"},
			wantQuery: "u", wantTotal: "1/75", wantTitle: "Orders /u█", filtering: true,
			check: func(r tracker.ShipmentRow) bool { return r.Destination == "US" }},
		{name: "a destination", keys: []string{"/", "U", "S"},
			wantQuery: "US", wantTotal: "1/75", wantTitle: "Orders /US█", filtering: true,
			check: func(r tracker.ShipmentRow) bool { return r.Destination == "US" }},
		{name: "enter keeps the filter and gives keys back", keys: []string{"/", "U", "S", "enter", "j"},
			wantQuery: "US", wantTotal: "2/75", wantTitle: "Orders /US",
			check: func(r tracker.ShipmentRow) bool { return r.Destination == "US" }},
		{name: "esc while typing clears", keys: []string{"/", "U", "S", "esc"},
			wantQuery: "", wantTotal: "1/300", wantTitle: "Orders"},
		{name: "esc on the list clears a kept filter", keys: []string{"/", "U", "S", "enter", "esc"},
			wantQuery: "", wantTotal: "1/300", wantTitle: "Orders"},
		{name: "q and ? are typed, not obeyed", keys: []string{"/", "q", "?"},
			wantQuery: "q?", wantTotal: "0/0", wantTitle: "Orders /q?█", filtering: true},
		{name: "backspace widens again", keys: []string{"/", "w", "b", "-", "0", "0", "0", "1", "backspace"},
			wantQuery: "wb-000", wantTotal: "1/99", wantTitle: "Orders /wb-000█", filtering: true,
			check: func(r tracker.ShipmentRow) bool { return strings.HasPrefix(r.OrderNo, "WB-000") }},
		{name: "two words, each the start of a word", keys: []string{"/", "j", "p", " ", "d", "e", "l", "i", "v"},
			wantQuery: "jp deliv", wantTotal: "1/30", wantTitle: "Orders /jp deliv█", filtering: true,
			check: func(r tracker.ShipmentRow) bool {
				return r.Destination == "JP" && (r.Status == tracker.StatusDelivered || r.Status == tracker.StatusOutForDelivery)
			}},
		{name: "G pages the filtered list from its end", keys: []string{"/", "J", "P", "enter", "G"},
			wantQuery: "JP", wantTotal: "75/75", wantTitle: "Orders /JP",
			check: func(r tracker.ShipmentRow) bool { return r.Destination == "JP" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeReader(n)
			h := newHarness(t, Options{Reader: f}, 120, 30)
			for _, k := range tc.keys {
				h.send(KeyPress(k))
			}
			if h.quit {
				t.Fatal("the program quit")
			}
			q := lastQuery(t, f)
			if q.Query != tc.wantQuery {
				t.Errorf("last read's Query = %q, want %q", q.Query, tc.wantQuery)
			}
			assertBounded(t, h, f)
			if got := h.app.orders.position(); got != tc.wantTotal {
				t.Errorf("position %q, want %q", got, tc.wantTotal)
			}
			if got := h.app.orders.filterTitle(); got != tc.wantTitle {
				t.Errorf("title %q, want %q", got, tc.wantTitle)
			}
			if !strings.Contains(h.view(), tc.wantTitle) || !strings.Contains(h.view(), tc.wantTotal) {
				t.Errorf("screen lacks %q or %q:\n%s", tc.wantTitle, tc.wantTotal, h.view())
			}
			if got := h.app.orders.filtering(); got != tc.filtering {
				t.Errorf("filtering = %v, want %v", got, tc.filtering)
			}
			if tc.check != nil {
				if len(h.app.orders.rows) == 0 {
					t.Fatal("no rows")
				}
				for _, r := range h.app.orders.rows {
					if !tc.check(r) {
						t.Errorf("row %s (%s, %s) does not match", r.OrderNo, r.Destination, r.Status)
					}
				}
			}
		})
	}
}

// The help line is true to the keys: / on the list, enter and esc while
// typing, esc to clear once a filter is kept.
func TestOrdersFilterHelp(t *testing.T) {
	f := newFakeReader(50)
	h := newHarness(t, Options{Reader: f}, 160, 30)
	last := func() string {
		lines := strings.Split(h.view(), "\n")
		return lines[len(lines)-1]
	}
	for _, step := range []struct {
		keys      []string
		want, not []string
	}{
		{nil, []string{"enter order"}, []string{"clear filter", "keep filter"}},
		{[]string{"/", "d"}, []string{"enter keep filter", "esc clear filter"}, []string{"enter order"}},
		{[]string{"enter"}, []string{"esc clear filter"}, []string{"keep filter"}},
		{[]string{"esc"}, []string{"enter order"}, []string{"clear filter"}},
		{[]string{"?"}, []string{"/            filter: order, tracking, buyer"}, []string{"clear filter"}},
	} {
		h.press(step.keys...)
		help := ansi.Strip(last())
		if slices.Contains(step.keys, "?") {
			help = ansi.Strip(h.view())
		}
		for _, w := range step.want {
			if !strings.Contains(help, w) {
				t.Errorf("after %v: help %q lacks %q", step.keys, help, w)
			}
		}
		for _, w := range step.not {
			if strings.Contains(help, w) {
				t.Errorf("after %v: help %q shows %q", step.keys, help, w)
			}
		}
	}
}

// A jump from the queue to a parcel the filter hides shows it in the whole
// list.
func TestOrdersJumpClearsFilter(t *testing.T) {
	f := newFakeReader(300)
	h := newHarness(t, Options{Reader: f}, 120, 30)
	h.press("/", "F", "R", "enter")
	target := f.exceptions[0] // DE, FR, US, JP by index: pick one that is not FR
	for _, x := range f.exceptions {
		if x.Destination != "FR" {
			target = x
			break
		}
	}
	h.run(h.app.orders.jumpTo(target.ShipmentID, tracker.Cursor{ShippedAt: target.ShippedAt, ShipmentID: target.ShipmentID}))
	if h.app.orders.query != "" {
		t.Errorf("query %q after the jump, want none", h.app.orders.query)
	}
	if got := selectedID(h); got != target.ShipmentID {
		t.Errorf("selected %d, want %d", got, target.ShipmentID)
	}
}
