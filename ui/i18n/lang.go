// Package i18n holds the words people read on waybill's screen and in its
// command line's human output, in English and Simplified Chinese, and
// chooses a session's language. It is a catalog of golang.org/x/text/message
// (plurals by plural.Selectf), read through a Printer that belongs to one
// session: two SSH sessions in different languages each have their own, and
// nothing here holds a language for the process.
//
// Machine output (--json, CSV, exit codes, config keys, logs meant for
// tools) never goes through a Printer: it is the same in every language.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language the screen speaks.
type Lang string

const (
	En Lang = "en"
	Zh Lang = "zh" // Simplified Chinese
)

// Langs lists the languages the catalog holds, English first.
var Langs = []Lang{En, Zh}

// Auto is the setting that takes the language from the environment.
const Auto = "auto"

// CheckSetting checks a `language` setting: en, zh, auto or "" (auto).
func CheckSetting(s string) error {
	switch s {
	case "", Auto, string(En), string(Zh):
		return nil
	}
	return fmt.Errorf("want en, zh or auto")
}

// FromLocale is the language of a POSIX locale name: zh_CN.UTF-8, zh_CN,
// zh → Zh (and zh_TW/zh_HK: the Simplified text is readable there and
// better than none); anything else, C and POSIX included, → En. ok is
// false when the name is empty.
func FromLocale(locale string) (l Lang, ok bool) {
	locale = strings.TrimSpace(locale)
	if locale == "" {
		return En, false
	}
	lang, _, _ := strings.Cut(locale, ".")
	lang, _, _ = strings.Cut(lang, "@")
	lang, _, _ = strings.Cut(strings.ReplaceAll(lang, "-", "_"), "_")
	if strings.EqualFold(lang, "zh") {
		return Zh, true
	}
	return En, true
}

// FromEnv is the language the locale variables name, in POSIX order of
// precedence for messages: LC_ALL, then LC_MESSAGES, then LANG; the first
// that is set decides. ok is false when none is.
func FromEnv(getenv func(string) string) (l Lang, ok bool) {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := FromLocale(getenv(v)); ok {
			return l, true
		}
	}
	return En, false
}

// Choose is the language of a local session: the config's `[ui] language`
// when it names one, else the locale variables, else English.
func Choose(setting string, getenv func(string) string) Lang {
	if setting == string(En) || setting == string(Zh) {
		return Lang(setting)
	}
	l, _ := FromEnv(getenv)
	return l
}

// ForSSH is the language of one SSH session: the agent's own `language` in
// [[agents]] when it names one, else what the client's locale says (ssh
// sends LANG and LC_* with `SendEnv`; environ is the session's), else the
// server's language.
func ForSSH(agent string, environ []string, server Lang) Lang {
	if agent == string(En) || agent == string(Zh) {
		return Lang(agent)
	}
	if l, ok := FromEnv(envLookup(environ)); ok {
		return l
	}
	if server == "" {
		return En
	}
	return server
}

// envLookup reads NAME=value pairs; the last one of a name wins, as in a
// process environment.
func envLookup(environ []string) func(string) string {
	return func(name string) string {
		v := ""
		for _, kv := range environ {
			if k, val, ok := strings.Cut(kv, "="); ok && k == name {
				v = val
			}
		}
		return v
	}
}
