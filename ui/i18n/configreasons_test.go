package i18n

import (
	"regexp"
	"strings"
	"testing"

	"waybill/tracker"
)

// configReasonRE finds the reasons tracker's config checks give
// (problems.add and addShown): the first literal after the key and value.
// A literal without a space is a key's part (ConfigKey's), not a reason.
var configReasonRE = regexp.MustCompile(`\.(?:add|addShown)\((?:[^"\n]|"[^"]*")*?, "((?:[^"\\]|\\.)*)"`)

// Every reason a config check gives is in the catalog, so a Chinese
// reader reads none in English but a nested error's (%v).
func TestCatalogHasConfigReasons(t *testing.T) {
	have := catalogKeys()
	n := 0
	eachLiteral(t, "../../tracker/*.go", configReasonRE, func(file, k string) {
		if !strings.Contains(k, " ") {
			return
		}
		n++
		if !have[k] {
			t.Errorf("%s: the catalog lacks config reason %q", file, k)
		}
	})
	if n < 50 {
		t.Errorf("found only %d config reasons: the pattern is broken", n)
	}
}

// A reason with values reads in Chinese by its format, the values as
// written; English is tracker's.
func TestConfigReasonWithValuesInChinese(t *testing.T) {
	_, err := tracker.ParseConfig("config.toml", []byte("[carriers.nope]\nenabled = true\n"))
	if err == nil {
		t.Fatal("an unknown tracking service was accepted")
	}
	zh := New(Zh).Err(err)
	if !strings.Contains(zh, `未知的跟踪服务 "nope"（应为 `) || strings.Contains(zh, "unknown tracking service") {
		t.Errorf("Chinese %q", zh)
	}
	if en := New(En).Err(err); en != err.Error() {
		t.Errorf("English %q, want %q", en, err.Error())
	}
}
