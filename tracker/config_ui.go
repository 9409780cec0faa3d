package tracker

import "fmt"

// UIConfig is [ui]: how the screen and the command line's human output
// read.
type UIConfig struct {
	// Language is en, zh (Simplified Chinese) or auto: the locale's
	// (LC_ALL, LC_MESSAGES, LANG). Over SSH an agent's own `language`
	// and then the client's LANG come first. Machine output (--json, CSV,
	// exit codes, config keys) is the same in every language.
	Language string `toml:"language"`
}

// Languages are the values a `language` setting takes ("" is auto); the
// catalog (ui/i18n) holds the same two languages.
var Languages = []string{"en", "zh", "auto"}

func checkLanguage(p *problems, key, value string) {
	if value == "" {
		return
	}
	for _, l := range Languages {
		if value == l {
			return
		}
	}
	p.add(key, value, "want en, zh or auto")
}

func (c Config) validateUI(p *problems) {
	checkLanguage(p, "ui.language", c.UI.Language)
	for i, a := range c.Agents {
		checkLanguage(p, fmt.Sprintf("agents[%d].language", i), a.Language)
	}
}
