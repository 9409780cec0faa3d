package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// cliCallRE finds what the command line asks the catalog for by a literal
// key: tr.Plain("…") and a.tr().Plain("…"), and every usage error's
// format (usagef("…")), which exit prints through the catalog.
var cliCallRE = regexp.MustCompile(`(?:\.Plain\(|\busagef\()"((?:[^"\\]|\\.)*)"`)

// Every literal key the command line asks for is in the catalog, so none
// prints as its English key in Chinese. A format with no word of its own
// ("%s: %v") has nothing to translate.
func TestCatalogCoversTheCLI(t *testing.T) {
	have := map[string]bool{}
	for _, k := range Keys() {
		have[k.Key] = true
	}
	files, err := filepath.Glob("../cli/*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range cliCallRE.FindAllStringSubmatch(string(src), -1) {
			key, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				t.Fatalf("%s: %q: %v", filepath.Base(f), m[1], err)
			}
			if !hasWords(key) {
				continue
			}
			n++
			if !have[key] {
				t.Errorf("%s asks for %q, which the catalog lacks", filepath.Base(f), key)
			}
		}
	}
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
