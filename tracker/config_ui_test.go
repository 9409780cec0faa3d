package tracker

import (
	"strings"
	"testing"
)

// [ui] language and an agent's language take en, zh or auto; anything else
// is refused with the key, the value and what is wanted.
func TestConfigLanguage(t *testing.T) {
	const agent = "[[agents]]\nname = \"ana\"\nrole = \"agent\"\npublic_key = \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMPcLXNhL0JMOSpEMFuJ1Pb9vUsXU7fY2EvzM5LQ5o9a ana\"\n"
	for _, tt := range []struct {
		name, src string
		want      []string // nil: accepted
	}{
		{"zh", "[ui]\nlanguage = \"zh\"\n", nil},
		{"en", "[ui]\nlanguage = \"en\"\n", nil},
		{"auto", "[ui]\nlanguage = \"auto\"\n", nil},
		{"a locale is not a setting", "[ui]\nlanguage = \"zh_CN\"\n", []string{"line 2", "ui.language = \"zh_CN\"", "want en, zh or auto"}},
		{"cn", "\n[ui]\nlanguage = \"cn\"\n", []string{"line 3", "ui.language", "cn"}},
		{"an agent's zh", agent + "language = \"zh\"\n", nil},
		{"an agent's bad one", agent + "language = \"chinese\"\n", []string{"agents[0].language", "chinese", "want en, zh or auto"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(tt.src))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
