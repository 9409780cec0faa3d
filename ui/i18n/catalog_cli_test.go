package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// cliCallRE finds what the command line asks the catalog for by a literal
// key: tr.Plain("…") and a.tr().Plain("…"), and every usage error's
// format (usagef("…")), which exit prints through the catalog.
var cliCallRE = regexp.MustCompile(`(?:\.Plain\(|\b(?:usagef|problemf|wrapf)\()"((?:[^"\\]|\\.)*)"`)

// Every literal key the command line asks for is in the catalog, so none
// prints as its English key in Chinese. A format with no word of its own
// ("%s: %v") has nothing to translate.
func TestCatalogCoversTheCLI(t *testing.T) {
	have := catalogKeys()
	n := 0
	eachLiteral(t, "../cli/*.go", cliCallRE, func(file, key string) {
		if !hasWords(key) {
			return
		}
		n++
		if !have[key] {
			t.Errorf("%s asks for %q, which the catalog lacks", file, key)
		}
	})
	if n < 100 {
		t.Errorf("found only %d messages asked for in ui/cli/*.go: the pattern is broken", n)
	}
}

// hasWords reports whether a format has letters outside its verbs.
func hasWords(format string) bool {
	return strings.ContainsFunc(verbRE.ReplaceAllString(format, ""), func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	})
}
