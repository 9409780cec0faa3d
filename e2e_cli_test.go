package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// waybillWithin is waybill that gives up after d: a command line the
// binary misreads may open the terminal UI and wait for keys.
func waybillWithin(t *testing.T, d time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	home := t.TempDir()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("waybill %s: still running after %v (the terminal UI?)\n%s", strings.Join(args, " "), d, errb.String())
	}
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// --db and --config go anywhere on the command line: before the command,
// between its arguments, after them; a command's own flags too. "--" ends
// the flags.
func TestCLIGlobalFlagsAnywhere(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	if r := waybillWithin(t, time.Minute, "demo", "--orders", "6", "--seed", "2", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var key string
	for _, args := range [][]string{
		{"--db", db, "list", "--json"},
		{"--db=" + db, "list", "--json"},
		{"list", "--db", db, "--json"},
		{"list", "--json", "--db", db},
	} {
		r := waybillWithin(t, time.Minute, args...)
		var orders []struct {
			OrderNo string `json:"order_no"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &orders); r.code != 0 || err != nil || len(orders) != 6 {
			t.Fatalf("waybill %s: exit %d, %d orders (%v)\n%s", strings.Join(args, " "), r.code, len(orders), err, r.stderr)
		}
		key = orders[0].OrderNo
	}
	db2 := e2eStoreIn(t, dir, "w2.db")
	if r := waybillWithin(t, time.Minute, "--db", db2, "demo", "--orders", "3"); r.code != 0 || !strings.Contains(r.stdout, "added 3 demo orders") || !strings.Contains(r.stdout, db2) {
		t.Errorf("waybill --db X demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Flags after the positional argument, and the config before the command.
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[rules]\nstale_days = 7\n"), 0o600)
	for _, args := range [][]string{
		{"show", key, "--json", "--db", db},
		{"--config", cfg, "show", key, "--db", db, "--json"},
		{"--db", db, "--config", cfg, "show", "--json", key},
	} {
		if r := waybillWithin(t, time.Minute, args...); r.code != 0 || !strings.Contains(r.stdout, `"order_no": "`+key+`"`) {
			t.Errorf("waybill %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
	// A bad config is read wherever --config stands.
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[rules]\nstale_dayz = 3\n"), 0o600)
	if r := waybillWithin(t, time.Minute, "--config", bad, "list", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "rules.stale_dayz") {
		t.Errorf("waybill --config BAD list: exit %d\n%s", r.code, r.stderr)
	}
	// After "--" everything is an argument: here a "number" that looks
	// like a flag, which detect judges (invalid: exit 1) rather than
	// refusing it as a flag without its value (exit 2).
	r := waybillWithin(t, time.Minute, "detect", "--json", "--", "--db")
	var res []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &res); r.code != 1 || err != nil || len(res) != 1 {
		t.Errorf("detect --json -- --db: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
}

// `waybill --help` (and `waybill help`) lists every command; each command
// has its own --help.
func TestCLIHelpNamesEveryCommand(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	// Every command, under the group a seller would look in, in the order
	// the help shows them (cobra sorts each group by name).
	groups := []struct {
		title    string
		commands []string
	}{
		{"Orders and parcels:", []string{"add", "detect", "edit", "export", "import", "list", "paste", "show"}},
		{"Tracking:", []string{"refresh", "serve", "watch"}},
		{"Exceptions and complaints:", []string{"case", "claim", "claims", "deadline", "deadlines", "exception", "report"}},
		{"Marketplaces:", []string{"connect", "extend", "sync"}},
		{"Demo and tools:", []string{"bench", "completion", "demo", "help", "migrate", "version"}},
	}
	var want strings.Builder
	for _, g := range groups {
		want.WriteString("\n\n" + g.title)
		for _, c := range g.commands {
			want.WriteString("\n  " + c + " ")
		}
	}
	for _, args := range [][]string{{"--help"}, {"help"}, {"-h"}} {
		r := waybillWithin(t, time.Minute, args...)
		if r.code != 0 {
			t.Fatalf("waybill %s: exit %d\n%s", args[0], r.code, r.stderr)
		}
		// The command lines, with their summaries cut off, are the groups.
		var got strings.Builder
		for _, line := range strings.Split(r.stdout, "\n") {
			if name, _, ok := strings.Cut(strings.TrimPrefix(line, "  "), " "); ok && strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") && name != "waybill" && !strings.HasPrefix(name, "-") {
				got.WriteString("\n  " + name + " ")
			} else if strings.HasSuffix(line, ":") && !strings.HasPrefix(line, " ") && line != "Usage:" && line != "Flags:" {
				got.WriteString("\n\n" + line)
			}
		}
		if got.String() != want.String() {
			t.Errorf("waybill %s lists\n%s\nwant\n%s\nin\n%s", args[0], got.String(), want.String(), r.stdout)
		}
		for _, s := range []string{"--db", "--config", "--demo", "--version", "With no command, waybill opens the terminal UI", "Exit status: 0 success, 1 problems found"} {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("waybill %s does not say %q", args[0], s)
			}
		}
		// Nothing wraps in an 80-column terminal, so the command list is
		// read as a list.
		for _, line := range strings.Split(r.stdout, "\n") {
			if n := utf8.RuneCountInString(line); n > 80 {
				t.Errorf("waybill %s: a line of %d columns:\n%s", args[0], n, line)
			}
		}
	}
	for _, g := range groups {
		for _, c := range g.commands {
			if c == "help" || c == "completion" {
				continue
			}
			r := waybillWithin(t, time.Minute, c, "--help")
			if r.code != 0 || !strings.Contains(r.stdout, "waybill "+c) || !strings.Contains(r.stdout, "--db") {
				t.Errorf("waybill %s --help: exit %d\n%s%s", c, r.code, r.stdout, r.stderr)
			}
		}
	}
}

// `waybill completion SHELL` prints cobra's completion script for it.
func TestCLICompletion(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	for shell, want := range map[string]string{
		"bash": "# bash completion V2 for waybill",
		"zsh":  "#compdef waybill",
		"fish": "complete -c waybill",
	} {
		r := waybillWithin(t, time.Minute, "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("completion %s: exit %d, no %q in\n%.300s%s", shell, r.code, want, r.stdout, r.stderr)
		}
	}
	r := waybillWithin(t, time.Minute, "completion", "tcsh")
	if r.code != 2 || !strings.Contains(r.stderr, `"tcsh"`) {
		t.Errorf("completion tcsh: exit %d\n%s", r.code, r.stderr)
	}
}

// Cobra's own refusals are bad usage, exit 2, said in one line on stderr
// naming the command, with nothing on stdout.
func TestCLIUsageErrors(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag of a command", []string{"list", "--db", db, "--frobnicate"}, "waybill list: unknown flag: --frobnicate"},
		{"unknown flag before the command", []string{"--frobnicate", "list", "--db", db}, "--frobnicate"},
		{"unknown flag of the screen", []string{"--frobnicate"}, "waybill: unknown flag: --frobnicate"},
		{"unknown flag of a case action", []string{"case", "do", "1", "note", "--frobnicate", "--db", db}, "waybill case: unknown flag: --frobnicate"},
		{"flag without its value", []string{"list", "--status"}, "waybill list: flag needs an argument: --status"},
		{"one dash for a long flag", []string{"list", "-json", "--db", db}, "two dashes: --json"},
		{"bad value", []string{"demo", "--orders", "many", "--db", db}, `waybill demo: invalid argument "many" for "--orders"`},
		{"unknown command", []string{"lsti", "--db", db}, `waybill: unknown command "lsti"; did you mean list?`},
		{"unknown help topic", []string{"help", "frobnicate"}, `waybill help: no command "frobnicate"`},
		{"extra argument", []string{"demo", "extra", "--db", db}, `waybill demo: unexpected argument "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := waybillWithin(t, time.Minute, tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, tc.want)
			}
			if strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 || r.stdout != "" {
				t.Errorf("want one line on stderr and nothing on stdout; got stderr %q, stdout %q", r.stderr, r.stdout)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a command refused as bad usage created the store")
	}
}
