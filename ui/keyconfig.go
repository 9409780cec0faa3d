package ui

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// [keys] in the config rebinds the screen's keys, as gh-dash's
// keybindings do: each action is a KeyMap field, named in snake_case
// (acknowledge, page_down, close_case), and takes a list of keys spelled
// as Bubble Tea reports them ("a", "X", "ctrl+s", "shift+tab", "f2").
// The names are read off KeyMap itself, so every binding added to it can
// be rebound with no list to keep.

// keyAction is one action of the key map: its config name and its binding.
type keyAction struct {
	name string
	b    *key.Binding
}

// keyActions lists km's bindings in their declared order.
func keyActions(km *KeyMap) []keyAction {
	v := reflect.ValueOf(km).Elem()
	t := v.Type()
	out := make([]keyAction, 0, t.NumField())
	for i := range t.NumField() {
		if b, ok := v.Field(i).Addr().Interface().(*key.Binding); ok {
			out = append(out, keyAction{name: snakeCase(t.Field(i).Name), b: b})
		}
	}
	return out
}

// KeyActionNames lists every action [keys] may rebind, in the key map's
// order.
func KeyActionNames() []string {
	acts := keyActions(DefaultKeyMap())
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.name
	}
	return out
}

// snakeCase writes a Go field name as a config key: PageDown → page_down.
func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// relabel makes every binding's help label from its keys, so help always
// shows the keys that are bound, whoever bound them.
func relabel(km *KeyMap) *KeyMap {
	for _, a := range keyActions(km) {
		a.b.SetHelp(shortLabel(a.b.Keys()), a.b.Help().Desc)
	}
	return km
}

// shortLabel is the label of the one-line help, which has room for one
// key an action: the first bound, or a run of numbered keys ("1-9"). The
// full help shows every key (keyLabel).
func shortLabel(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	if l := keyLabel(keys); !strings.Contains(l, "/") {
		return l
	}
	return keyShown(keys[0])
}

// keyLabel is how help writes a list of keys: "↑/k", "q/ctrl+c", and a
// run of digits as a range, "1-9", "alt+1-9".
func keyLabel(keys []string) string {
	parts := make([]string, 0, len(keys))
	for i := 0; i < len(keys); i++ {
		// A run of three or more digits, each one more than the last,
		// behind the same modifiers.
		j := i
		for j+1 < len(keys) && nextDigit(keys[j], keys[j+1]) {
			j++
		}
		if j-i >= 2 {
			parts = append(parts, keys[i]+"-"+keys[j][len(keys[j])-1:])
			i = j
			continue
		}
		parts = append(parts, keyShown(keys[i]))
	}
	return strings.Join(parts, "/")
}

func nextDigit(a, b string) bool {
	if len(a) == 0 || len(a) != len(b) || a[:len(a)-1] != b[:len(b)-1] {
		return false
	}
	x, y := a[len(a)-1], b[len(b)-1]
	return x >= '0' && x <= '9' && y == x+1
}

// keyShown is one key as help writes it: arrows as arrows, the rest as
// the config spells them.
func keyShown(k string) string {
	switch k {
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "left":
		return "←"
	case "right":
		return "→"
	case "shift+tab":
		return "S-tab"
	case "pgdown":
		return "pgdn"
	}
	return k
}

// namedKeys are the keys Bubble Tea reports by name, as it spells them.
var namedKeys = func() map[string]rune {
	m := map[string]rune{
		"enter": tea.KeyEnter, "tab": tea.KeyTab, "backspace": tea.KeyBackspace, "esc": tea.KeyEscape,
		"space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"insert": tea.KeyInsert, "delete": tea.KeyDelete, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "begin": tea.KeyBegin, "find": tea.KeyFind, "select": tea.KeySelect,
	}
	for i := range 20 {
		m["f"+strconv.Itoa(i+1)] = tea.KeyF1 + rune(i)
	}
	return m
}()

// keyMods are the modifiers in the order Bubble Tea writes them.
var keyMods = []struct {
	name string
	mod  tea.KeyMod
}{{"ctrl", tea.ModCtrl}, {"alt", tea.ModAlt}, {"shift", tea.ModShift}, {"meta", tea.ModMeta}, {"hyper", tea.ModHyper}, {"super", tea.ModSuper}}

// parseKey reads a key as a binding names it ("a", "?", "ctrl+s",
// "shift+tab", "f2", "space") into the key press a terminal sends for it.
// It refuses what no key press is reported as, so a binding that could
// never match is caught when the config is read: "shift+a" (a terminal
// sends "A"), "Enter" (it is "enter"), "alt+ctrl+x" (it is "ctrl+alt+x").
func parseKey(s string) (tea.Key, error) {
	if s == "" {
		return tea.Key{}, fmt.Errorf("an empty key")
	}
	if utf8.RuneCountInString(s) == 1 {
		r, _ := utf8.DecodeRuneInString(s)
		switch {
		case r == ' ':
			return tea.Key{}, fmt.Errorf("write a space as \"space\"")
		case !unicode.IsPrint(r):
			return tea.Key{}, fmt.Errorf("not a key a terminal reports (a control character)")
		}
		return tea.Key{Code: r, Text: s}, nil
	}
	base, modsText := s, ""
	// The key is after the last +; "+" itself, and "ctrl++", name the
	// plus key.
	if i := strings.LastIndex(s[:len(s)-1], "+"); i >= 0 {
		base, modsText = s[i+1:], s[:i]
	}
	var k tea.Key
	if modsText != "" {
		for _, m := range strings.Split(modsText, "+") {
			i := -1
			for j, km := range keyMods {
				if km.name == m {
					i = j
				}
			}
			switch {
			case i < 0:
				return tea.Key{}, fmt.Errorf("%q is not a modifier (want ctrl, alt, shift, meta, hyper or super)", m)
			case k.Mod.Contains(keyMods[i].mod):
				return tea.Key{}, fmt.Errorf("%s twice", m)
			}
			k.Mod |= keyMods[i].mod
		}
	}
	if code, ok := namedKeys[base]; ok {
		k.Code = code
		if code == tea.KeySpace && k.Mod == 0 {
			k.Text = " "
		}
	} else if utf8.RuneCountInString(base) == 1 {
		r, _ := utf8.DecodeRuneInString(base)
		switch {
		case !unicode.IsPrint(r) || r == ' ':
			return tea.Key{}, fmt.Errorf("not a key a terminal reports")
		case unicode.IsUpper(r):
			return tea.Key{}, fmt.Errorf("terminals report %s with a small letter: write %s, or %s for the capital",
				s, strings.TrimSuffix(s, base)+string(unicode.ToLower(r)), strings.TrimSuffix(s, base)+"shift+"+string(unicode.ToLower(r)))
		case k.Mod == tea.ModShift:
			// Shift and a character types the shifted character, and
			// that is what the terminal reports.
			return tea.Key{}, fmt.Errorf("a terminal reports shift and a character as the character it types: write %q", shifted(r))
		}
		k.Code = r
	} else {
		return tea.Key{}, fmt.Errorf("%q is not a key name (want one character, or enter, tab, esc, space, backspace, delete, insert, up, down, left, right, home, end, pgup, pgdown, f1 … f20, with ctrl+, alt+ or shift+ before it)", base)
	}
	if got := k.Keystroke(); got != s {
		return tea.Key{}, fmt.Errorf("Bubble Tea reports this key as %q: write that", got)
	}
	return k, nil
}

// shifted is what shift and r type on a US keyboard, for the error's hint.
func shifted(r rune) string {
	if i := strings.IndexRune("`1234567890-=[]\\;',./", r); i >= 0 {
		return string([]rune("~!@#$%^&*()_+{}|:\"<>?")[i])
	}
	return string(unicode.ToUpper(r))
}

// KeyPress is the key press a terminal sends for a key named as a binding
// names it ("j", "G", "tab", "shift+tab", "pgdown", "ctrl+u", "esc",
// "alt+2", "f1"): how the command palette runs an action, and how
// benchmarks and tests type into a Driver or a model.
func KeyPress(k string) tea.KeyPressMsg {
	if key, err := parseKey(k); err == nil {
		return tea.KeyPressMsg(key)
	}
	r, _ := utf8.DecodeRuneInString(k)
	return tea.KeyPressMsg{Code: r, Text: k}
}

// applyKeys binds the actions [keys] names to their keys in km, and makes
// their help labels from those keys. The config was checked when it was
// read (CheckKeys); what would not bind is left as it was.
func applyKeys(km *KeyMap, cfg map[string]tracker.KeyList) {
	for _, a := range keyActions(km) {
		keys, ok := cfg[a.name]
		if !ok || len(keys) == 0 {
			continue
		}
		valid := make([]string, 0, len(keys))
		for _, k := range keys {
			if _, err := parseKey(k); err == nil {
				valid = append(valid, k)
			}
		}
		if len(valid) > 0 {
			a.b.SetKeys(valid...)
			a.b.SetHelp(shortLabel(valid), a.b.Help().Desc)
		}
	}
}

// keyViews says which actions work together in one view, where two of
// them must not share a key. An action may be in several views. A new
// KeyMap field must be placed here (TestEveryActionHasAView says so).
var keyViews = []struct {
	view    string
	actions []string
}{
	{"the orders pane", append(paneGlobals(), "up", "down", "top", "bottom", "page_up", "page_down",
		"search", "watch", "add", "import", "complaint")},
	{"the timeline pane", append(paneGlobals(), "up", "down", "top", "bottom", "page_up", "page_down")},
	{"the exceptions pane", append(paneGlobals(), "up", "down", "top", "bottom", "page_up", "page_down",
		"acknowledge", "resolve", "snooze", "assign", "mark", "clear_marks", "filter", "clear_filter", "complaint",
		"queue_view", "history", "search", "extend")},
	{"the alert list", []string{"up", "down", "top", "bottom", "page_up", "page_down", "alerts", "close", "quit", "help", "palette",
		"search", "open"}},
	{"the case view", []string{"back", "edit", "field", "field_prev", "language", "copy", "email", "record", "submit",
		"investigate", "follow_up", "close_case", "reopen", "prev_step", "next_step", "choose", "bundle", "hard_quit", "help",
		"palette", "refresh", "up", "down", "top", "bottom", "page_up", "page_down"}},
	{"a field of the case view", []string{"field", "field_prev", "leave", "toggle", "submit", "hard_quit", "clear_field", "up", "down", "help"}},
	{"the claims", []string{"up", "down", "top", "bottom", "page_up", "page_down", "filter", "back", "help", "hard_quit", "palette"}},
	{"the scorecard", []string{"up", "down", "top", "bottom", "page_up", "page_down", "group_by", "window", "back", "help", "hard_quit", "palette"}},
	{"a prompt", []string{"close", "confirm", "next_field", "prev_field", "snooze_day", "snooze_days", "snooze_date",
		"up", "down", "top", "bottom", "clear_field", "reopen", "new_case", "field", "field_prev", "toggle", "hard_quit", "help"}},
	{"the add form, a paste or an import", []string{"close", "confirm", "next_field", "prev_field", "suggestion", "toggle",
		"force", "write_all", "write_good", "up", "down", "top", "bottom", "page_up", "page_down", "clear_field", "hard_quit", "help"}},
	{"the help", []string{"up", "down", "top", "bottom", "page_up", "page_down", "help", "back", "hard_quit"}},
	{"the command palette", []string{"close", "confirm", "up", "down", "hard_quit"}},
	{"the order", []string{"up", "down", "top", "bottom", "page_up", "page_down", "copy", "browse", "refresh", "edit",
		"complaint", "extend", "back", "hard_quit", "help", "palette"}},
	{"the cases", []string{"up", "down", "top", "bottom", "page_up", "page_down", "open", "reopen", "filter", "pick_filter",
		"back", "hard_quit", "help", "palette"}},
	{"an exception's log", []string{"up", "down", "top", "bottom", "page_up", "page_down", "close", "history", "hard_quit", "help", "palette"}},
}

// paneGlobals work in every pane.
func paneGlobals() []string {
	return []string{"quit", "alerts", "scorecard", "cases", "claims", "undo", "help", "palette", "next_pane", "prev_pane", "refresh", "open"}
}

// CheckKeys is the tracker.ConfigCheck of [keys]: every action named is
// one of the key map's, every key is one Bubble Tea reports, and no key
// the file binds is also another action's in a view where both work.
// Keys the defaults give two actions on purpose (enter records in a
// message step and submits in a field) are not reported.
func CheckKeys(cfg tracker.Config) []*tracker.ConfigError {
	var out []*tracker.ConfigError
	add := func(name string, value any, format string, args ...any) {
		out = append(out, &tracker.ConfigError{Key: tracker.ConfigKey("keys", name), Value: tracker.ConfigValue(value),
			Reason: fmt.Sprintf(format, args...)})
	}
	defaults := DefaultKeyMap()
	byName := map[string]*key.Binding{}
	for _, a := range keyActions(defaults) {
		byName[a.name] = a.b
	}
	names := slices.Sorted(maps.Keys(cfg.Keys))
	for _, name := range names {
		keys := cfg.Keys[name]
		if _, ok := byName[name]; !ok {
			add(name, strings.Join(keys, " "), "no such action (want one of %s)", strings.Join(KeyActionNames(), ", "))
			continue
		}
		for _, k := range keys {
			if _, err := parseKey(k); err != nil {
				add(name, k, "key %q: %v", k, err)
				break
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	bound := DefaultKeyMap()
	applyKeys(bound, cfg.Keys)
	now := map[string][]string{}
	for _, a := range keyActions(bound) {
		now[a.name] = a.b.Keys()
	}
	reported := map[string]bool{}
	for _, v := range keyViews {
		for _, name := range v.actions {
			if _, ok := cfg.Keys[name]; !ok || reported[name] {
				continue
			}
			for _, other := range v.actions {
				if other == name {
					continue
				}
				for _, k := range now[name] {
					if !slices.Contains(now[other], k) {
						continue
					}
					// The defaults share it between these two on purpose.
					if slices.Contains(byName[name].Keys(), k) && slices.Contains(byName[other].Keys(), k) {
						continue
					}
					what := other
					if d := byName[other].Help().Desc; d != strings.ReplaceAll(other, "_", " ") {
						what += " (" + d + ")"
					}
					add(name, k, "key %q is also %s in %s: bind one of them to another key", k, what, v.view)
					reported[name] = true
					break
				}
				if reported[name] {
					break
				}
			}
		}
	}
	return out
}

// sessionKeys is one session's key map: the defaults, fresh, with the
// config's bindings over them.
func sessionKeys(cfg map[string]tracker.KeyList) *KeyMap {
	km := DefaultKeyMap()
	applyKeys(km, cfg)
	return km
}
