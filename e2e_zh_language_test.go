package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// waybillLang runs the binary as waybill does, with env added last (so it
// wins over the test's own LANG and LC_*).
func waybillLang(t *testing.T, env []string, args ...string) result {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// Machine output is the same in every language: --json, CSV headers and
// values, and exit codes, whether the language comes from the locale or
// from [ui] language.
func TestZhMachineOutputIgnoresTheLanguage(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	if r := waybill(t, "demo", "--orders", "30", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	conf := func(lang string) string {
		p := filepath.Join(dir, lang+".toml")
		if err := os.WriteFile(p, []byte("[ui]\nlanguage = \""+lang+"\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	settings := []struct {
		name string
		env  []string
		cfg  string
	}{
		{"C locale", []string{"LC_ALL=", "LC_MESSAGES=", "LANG=C"}, conf("en")},
		{"LANG zh_CN.UTF-8", []string{"LC_ALL=", "LC_MESSAGES=", "LANG=zh_CN.UTF-8"}, conf("auto")},
		{"[ui] language zh", []string{"LC_ALL=", "LC_MESSAGES=", "LANG=C"}, conf("zh")},
		{"LC_ALL zh, config en", []string{"LC_ALL=zh_CN.UTF-8"}, conf("en")},
	}
	commands := [][]string{
		{"list", "--json"},
		{"export", "--what", "orders"},
		{"export", "--what", "shipments"},
		{"export", "--what", "exceptions", "--format", "json"},
		{"exception", "list", "--json"},
		{"show", "--json", "no-such-order"}, // an error: its exit code
		{"list", "--status", "nowhere"},     // bad usage: its exit code
	}
	for _, args := range commands {
		var first result
		for i, s := range settings {
			r := waybillLang(t, s.env, append([]string{"--db", db, "--config", s.cfg}, args...)...)
			if i == 0 {
				first = r
				continue
			}
			if r.code != first.code {
				t.Errorf("%s, %s: exit %d; %s: exit %d", strings.Join(args, " "), s.name, r.code, settings[0].name, first.code)
			}
			if r.stdout != first.stdout {
				t.Errorf("%s: the output under %s differs from %s's:\n%.400s\n---\n%.400s", strings.Join(args, " "), s.name, settings[0].name, r.stdout, first.stdout)
			}
		}
	}
}

// A language the config cannot take is refused at start, naming the key
// and the value, with the usage exit code of a bad config.
func TestZhBadLanguageSettingIsRefused(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	p := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(p, []byte("[ui]\nlanguage = \"zh_CN\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := waybill(t, "--config", p, "--db", e2eStoreIn(t, dir, "w.db"), "list")
	if r.code == 0 {
		t.Fatalf("a bad [ui] language was taken: %s", r.stdout)
	}
	for _, w := range []string{"ui.language", "zh_CN", "want en, zh or auto"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("the error does not name %q: %s", w, r.stderr)
		}
	}
}
