package tracker

import (
	"slices"
	"strings"
	"testing"
)

// [keys] takes a list of keys or one key alone, per action; which actions
// and keys there are is the screen's to check (ui.CheckKeys), what any
// list must be is checked here, with the line.
func TestConfigKeys(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte("[keys]\nacknowledge = [\"A\", \"ctrl+a\"]\nresolve = \"X\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Keys["acknowledge"]; !slices.Equal(got, KeyList{"A", "ctrl+a"}) {
		t.Errorf("acknowledge = %q", got)
	}
	if got := cfg.Keys["resolve"]; !slices.Equal(got, KeyList{"X"}) {
		t.Errorf("resolve = %q, want the one key as a list", got)
	}

	tests := []struct {
		name, src string
		want      string
	}{
		{"no keys", "[keys]\n\nsnooze = []\n", `c.toml line 3: keys.snooze = []: no keys`},
		{"an empty key", "[keys]\nsnooze = [\"s\", \"\"]\n", `c.toml line 2: keys.snooze = ["s", ""]: an empty key`},
		{"a key twice", "[keys]\nsnooze = [\"s\", \"z\", \"s\"]\n", `c.toml line 2: keys.snooze = ["s", "z", "s"]: key "s" twice`},
		{"not a string", "[keys]\nsnooze = 3\n", `c.toml line 2: keys.snooze = 3: want a key or a list of keys`},
		{"not strings", "[keys]\nsnooze = [\"s\", 3]\n", `keys.snooze`},
		{"a table", "[keys.snooze]\nkey = \"s\"\n", `keys.snooze`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
