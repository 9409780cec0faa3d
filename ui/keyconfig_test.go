package ui

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
)

func TestKeyActionNamesAreTheKeyMapsFields(t *testing.T) {
	names := KeyActionNames()
	for _, want := range []string{"acknowledge", "resolve", "page_down", "next_pane", "close_case", "hard_quit", "palette", "help"} {
		if !slices.Contains(names, want) {
			t.Errorf("no action %q in %v", want, names)
		}
	}
	if len(names) != len(keyActions(DefaultKeyMap())) {
		t.Errorf("%d names for %d bindings", len(names), len(keyActions(DefaultKeyMap())))
	}
}

// Every key the defaults bind is one a terminal reports as written, and
// KeyPress gives the press that matches it.
func TestDefaultKeysAreKeysATerminalSends(t *testing.T) {
	for _, a := range keyActions(DefaultKeyMap()) {
		for _, k := range a.b.Keys() {
			if _, err := parseKey(k); err != nil {
				t.Errorf("%s: %q: %v", a.name, k, err)
			}
			if got := KeyPress(k).String(); got != k {
				t.Errorf("%s: KeyPress(%q) reads as %q", a.name, k, got)
			}
		}
	}
}

func TestKeyLabel(t *testing.T) {
	tests := []struct {
		keys        []string
		full, short string
	}{
		{[]string{"up", "k"}, "↑/k", "↑"},
		{[]string{"q", "ctrl+c"}, "q/ctrl+c", "q"},
		{[]string{"shift+tab"}, "S-tab", "S-tab"},
		{[]string{"pgdown", "ctrl+d"}, "pgdn/ctrl+d", "pgdn"},
		{[]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "1-9"},
		{[]string{"alt+1", "alt+2", "alt+3"}, "alt+1-3", "alt+1-3"},
		{[]string{"1", "2"}, "1/2", "1"},
		{[]string{"A"}, "A", "A"},
	}
	for _, tt := range tests {
		if got := keyLabel(tt.keys); got != tt.full {
			t.Errorf("keyLabel(%q) = %q, want %q", tt.keys, got, tt.full)
		}
		if got := shortLabel(tt.keys); got != tt.short {
			t.Errorf("shortLabel(%q) = %q, want %q", tt.keys, got, tt.short)
		}
	}
}

func TestParseKey(t *testing.T) {
	tests := []struct {
		key  string
		want string // "" when valid, else a part of the error
	}{
		{"a", ""}, {"A", ""}, {"?", ""}, {":", ""}, {"字", ""}, {"+", ""},
		{"ctrl+s", ""}, {"ctrl+alt+x", ""}, {"shift+tab", ""}, {"f2", ""}, {"space", ""}, {"enter", ""},
		{"alt+1", ""}, {"ctrl++", ""}, {"shift+enter", ""},
		{"", "an empty key"},
		{" ", `write a space as "space"`},
		{"shift+a", `write "A"`},
		{"shift+/", `write "?"`},
		{"ctrl+A", "with a small letter"},
		{"Enter", `"Enter" is not a key name`},
		{"escape", `"escape" is not a key name`},
		{"ab", `"ab" is not a key name`},
		{"alt+ctrl+x", `reports this key as "ctrl+alt+x"`},
		{"cmd+s", `"cmd" is not a modifier`},
		{"ctrl+ctrl+s", "ctrl twice"},
		{"\x1b", "control character"},
	}
	for _, tt := range tests {
		_, err := parseKey(tt.key)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("parseKey(%q): %v", tt.key, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("parseKey(%q) = %v, want an error with %q", tt.key, err, tt.want)
		}
	}
}

// checkKeys reads [keys] as a command does when it starts: tracker's
// rules, then the screen's.
func checkKeys(src string) error {
	_, err := tracker.ParseConfig("c.toml", []byte(src), CheckKeys)
	return err
}

// [keys] is checked when the config is read, every problem with its file,
// line, setting and value: an unknown action, a key no terminal sends, a
// key that takes another action's in a view where both work.
func TestCheckKeys(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // lines of the error, in order; none: valid
	}{
		{"rebind two triage keys", "[keys]\nacknowledge = [\"A\"]\nresolve = [\"R\", \"ctrl+r\"]\n", nil},
		{"one key alone", "[keys]\nacknowledge = \"A\"\n", nil},
		{"swap two keys", "[keys]\nacknowledge = \"s\"\nsnooze = \"a\"\n", nil},
		// Enter records a message and submits a field in the case view by
		// default: rebinding record keeps that, and adds R.
		{"a key the defaults share", "[keys]\nrecord = [\"enter\", \"R\"]\n", nil},
		// The same key in two views that never work together.
		{"same key, other views", "[keys]\nwatch = \"x\"\n", nil},
		{"unknown action", "[keys]\n\nacknowlege = [\"A\"]\n",
			[]string{`config c.toml line 3: keys.acknowlege = ["A"]: no such action (want one of up, down,`}},
		{"bad keys", "[keys]\nacknowledge = [\"shift+a\"]\nresolve = \"Enter\"\n", []string{
			`config c.toml line 2: keys.acknowledge = ["shift+a"]: key "shift+a": a terminal reports shift and a character as the character it types: write "A"`,
			`config c.toml line 3: keys.resolve = "Enter": key "Enter": "Enter" is not a key name`}},
		{"empty list", "[keys]\nsnooze = []\n", []string{`config c.toml line 2: keys.snooze = []: no keys`}},
		{"conflict in a pane", "[keys]\nacknowledge = [\"s\"]\n",
			[]string{`config c.toml line 2: keys.acknowledge = ["s"]: key "s" is also snooze in the exceptions pane: bind one of them to another key`}},
		{"conflict in the case view", "[keys]\n# y is copy\nedit = [\"y\"]\n",
			[]string{`config c.toml line 3: keys.edit = ["y"]: key "y" is also copy in the case view`}},
		{"conflict with a global", "[keys]\nadd = \"q\"\n",
			[]string{`config c.toml line 2: keys.add = "q": key "q" is also quit in the orders pane`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkKeys(tt.src)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("problem %d:\n%s\nwant it to start\n%s", i, lines[i], w)
				}
			}
		})
	}
}

// Binding every action to its default keys is no conflict: the views
// table agrees with the defaults.
func TestDefaultKeysHaveNoConflict(t *testing.T) {
	var b strings.Builder
	b.WriteString("[keys]\n")
	for _, a := range keyActions(DefaultKeyMap()) {
		b.WriteString(a.name + " = [")
		for i, k := range a.b.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`"` + k + `"`)
		}
		b.WriteString("]\n")
	}
	if err := checkKeys(b.String()); err != nil {
		t.Error(err)
	}
}

// A new KeyMap field must say where it works, or its conflicts go unseen.
func TestEveryActionHasAView(t *testing.T) {
	in := map[string]bool{}
	for _, v := range keyViews {
		for _, a := range v.actions {
			if !slices.Contains(KeyActionNames(), a) {
				t.Errorf("keyViews: %s lists %q, which is no action", v.view, a)
			}
			in[a] = true
		}
	}
	for _, name := range KeyActionNames() {
		if !in[name] {
			t.Errorf("action %q is in no view of keyViews (ui/keyconfig.go): add it where its key works", name)
		}
	}
}

// The example config's [keys] is valid, and what it shows works.
func TestExampleConfigKeys(t *testing.T) {
	src, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tracker.ParseConfig("config.example.toml", src, CheckKeys); err != nil {
		t.Fatal(err)
	}
}

// A rebound key does the action and help names it; the old key does
// nothing; another session with no [keys] keeps the defaults.
func TestReboundKeysWorkAndHelpShowsThem(t *testing.T) {
	cfg := map[string]tracker.KeyList{"acknowledge": {"A"}, "help": {"f1", "h"}}
	f := triageFake()
	h := newHarness(t, Options{Reader: f, Keys: cfg}, 100, 30)
	other := newHarness(t, Options{Reader: triageFake()}, 100, 30)
	toQueue(h)
	toQueue(other)
	if line := helpLine(h); !strings.Contains(line, "A ack") || !strings.Contains(line, "f1 help") {
		t.Errorf("help line does not show the bound keys: %q", line)
	}
	if line := helpLine(other); !strings.Contains(line, "a ack") || !strings.Contains(line, "? help") {
		t.Errorf("the other session's help line changed: %q", line)
	}
	h.press("a")
	if calls := f.triageCalls(); len(calls) != 0 {
		t.Fatalf("the old key still acknowledges: %+v", calls)
	}
	h.press("A")
	if calls := f.triageCalls(); len(calls) != 1 || calls[0].method != "Acknowledge" {
		t.Fatalf("A did not acknowledge: %+v", calls)
	}
	h.press("h")
	if h.app.helpView == nil {
		t.Fatal("h, bound to help, opened no help")
	}
	text := helpText(h)
	for _, want := range [][2]string{{"A", "acknowledge"}, {"f1/h", "help"}} {
		if !slices.ContainsFunc(text, func(l string) bool { return entryIs(l, want[0], want[1]) }) {
			t.Errorf("full help does not show %s %s:\n%s", want[0], want[1], strings.Join(text, "\n"))
		}
	}
	if got := DefaultKeyMap().Acknowledge.Keys(); !slices.Equal(got, []string{"a"}) {
		t.Errorf("the defaults changed: %q", got)
	}
}

func helpLine(h *harness) string {
	lines := strings.Split(ansi.Strip(h.view()), "\n")
	return lines[len(lines)-1]
}
