package i18n

import (
	"regexp"
	"testing"
)

// benchCallRE finds what `waybill bench` prints through the catalog by a
// literal key: a line's note (Note: "…"), a progress line (say("…")) and
// tr.Plain("…").
var benchCallRE = regexp.MustCompile(`(?:\.Plain\(|\bsay\(|\bNote:\s*)"((?:[^"\\]|\\.)*)"`)

// Every note, progress line and head the bench prints is in the catalog,
// so none prints as its English key in Chinese.
func TestCatalogCoversTheBench(t *testing.T) {
	have := catalogKeys()
	n := 0
	eachLiteral(t, "../cli/bench/*.go", benchCallRE, func(file, key string) {
		n++
		if !have[key] {
			t.Errorf("%s asks for %q, which the catalog lacks", file, key)
		}
	})
	if n < 30 {
		t.Errorf("found only %d messages asked for in ui/cli/bench/*.go: the pattern is broken", n)
	}
}
