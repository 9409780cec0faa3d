package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The Driver renders what the program would: the first complete frame
// after Start, and each key's frame with its reads answered.
func TestDriverRunsTheSessionToItsFrames(t *testing.T) {
	f := newFakeReader(500)
	d := NewDriver(context.Background(), Options{Reader: f, Clock: fixedClock{fixedNow}}, 120, 30)
	first := d.Start(120, 30)
	for _, want := range []string{"1/500", "WB-00500", "Timeline", "Exceptions"} {
		if !strings.Contains(first, want) {
			t.Errorf("first frame lacks %q", want)
		}
	}
	if d.Rows() == 0 || d.Matches() != 500 {
		t.Fatalf("rows %d, matches %d after Start", d.Rows(), d.Matches())
	}
	for _, tc := range []struct {
		name string
		key  tea.KeyPressMsg
		want string // on screen after the key
	}{
		{"a key within the window", tea.KeyPressMsg{Code: 'j', Text: "j"}, "2/500"},
		{"a key that needs a read", tea.KeyPressMsg{Code: 'G', Text: "G"}, "500/500"},
		{"back to the top", tea.KeyPressMsg{Code: 'g', Text: "g"}, "1/500"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if took := d.Key(tc.key); took <= 0 {
				t.Errorf("Key took %v", took)
			}
			if !strings.Contains(d.View(), tc.want) {
				t.Errorf("screen lacks %q", tc.want)
			}
		})
	}
	d.Key(tea.KeyPressMsg{Code: '/', Text: "/"})
	for _, r := range "JP" {
		d.KeyUntilShown(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if d.Matches() != 125 || !strings.Contains(d.View(), "1/125") {
		t.Errorf("after typing JP: matches %d\n%s", d.Matches(), d.View())
	}
}
