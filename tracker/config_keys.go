package tracker

import (
	"errors"
	"maps"
	"slices"
)

// KeyList is the keys of one action in [keys]: a list, or one key alone
// (acknowledge = "A" is acknowledge = ["A"]).
type KeyList []string

// UnmarshalTOML takes a string or an array of strings.
func (l *KeyList) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*l = KeyList{v}
		return nil
	case []any:
		out := make(KeyList, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return errors.New("want a key or a list of keys, each in quotes: [\"a\", \"ctrl+s\"]")
			}
			out = append(out, s)
		}
		*l = out
		return nil
	}
	return errors.New("want a key or a list of keys, each in quotes: [\"a\", \"ctrl+s\"]")
}

// validateKeys checks what [keys] says without knowing the screen: each
// action has keys, none empty or named twice. Which actions and keys there
// are is the screen's to say (ui.CheckKeys).
func validateKeys(p *problems, keys map[string]KeyList) {
	for _, name := range slices.Sorted(maps.Keys(keys)) {
		list, at := keys[name], ConfigKey("keys", name)
		if len(list) == 0 {
			p.add(at, "[]", "no keys: an action needs at least one (leave it out to keep its default)")
			continue
		}
		for i, k := range list {
			switch {
			case k == "":
				p.add(at, list, "an empty key")
			case slices.Contains(list[:i], k):
				p.add(at, list, "key %q twice", k)
			default:
				continue
			}
			break
		}
	}
}
