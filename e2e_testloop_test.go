package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// e2eHang bounds an end-to-end test's wait for a condition (a screen, a
// program's end): it guards a hang, it is not a time the thing is expected
// to take. The end-to-end tests run in parallel (issue 24 item 5), several
// to a core, so a wait of 10-20 s that passed alone can run out beside
// them; a passing test never waits this long.
const e2eHang = 2 * time.Minute

// The README's test commands are the ones CI runs (.ci/run), each a line
// of it, and the first runs every package under the race detector: CI
// failed on a real data race, and the README's command is what a
// contributor runs before sending a change.
func TestReadmeTestCommandIsWhatCIRuns(t *testing.T) {
	t.Parallel() // reads two files
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Test it\n")
	if !ok {
		t.Fatal(`README.md has no "## Test it" section`)
	}
	_, block, ok := strings.Cut(section, "```sh\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal(`README.md's "Test it" has no sh block`)
	}
	ciLines := map[string]bool{}
	for _, l := range strings.Split(string(ci), "\n") {
		ciLines[strings.TrimSpace(l)] = true
	}
	var cmds []string
	for _, l := range strings.Split(strings.TrimSpace(block), "\n") {
		cmds = append(cmds, strings.Split(l, " && ")...)
	}
	for _, c := range cmds {
		if !ciLines[strings.TrimSpace(c)] {
			t.Errorf("README.md runs %q, which .ci/run does not", c)
		}
	}
	if len(cmds) == 0 || !strings.Contains(cmds[0], "go test -race ") || !strings.HasSuffix(cmds[0], " ./...") {
		t.Errorf("README.md's first test command %q does not run ./... under -race", cmds)
	}
}

// TestRaceLeavesOutOnlySQLitesC keeps the race command's exemption to the
// C SQLite translated to Go, modernc.org/sqlite/lib: a pattern that also
// matched our packages would switch the detector off where it is meant to
// look, and one that matched modernc.org/libc or the driver breaks it for
// everyone (README, Test it: their generic copies of sync/atomic and
// reflect code are shared with the whole binary).
func TestRaceLeavesOutOnlySQLitesC(t *testing.T) {
	t.Parallel() // reads one file
	ci, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	var race string
	for _, l := range strings.Split(string(ci), "\n") {
		if strings.HasPrefix(l, "go test -race ") {
			race = l
		}
	}
	if race == "" {
		t.Fatal(".ci/run has no `go test -race` line")
	}
	for _, f := range strings.Fields(race) {
		pattern, ok := strings.CutPrefix(f, "-gcflags=")
		if !ok {
			continue
		}
		pattern = strings.Trim(pattern, "'")
		if pattern != "modernc.org/sqlite/lib=-race=false" {
			t.Errorf("the race command's %s reaches past modernc.org's SQLite", f)
		}
	}
}

// TestBenchCommandListsEveryBenchmark: the README's second test command,
// built without -race, runs every benchmark once and the tests marked
// heavytest.WithoutRace (skipped under -race), and names the packages that
// have either rather than ./..., since each package it names links a test
// binary of its own (most have neither: a link each for nothing). A
// package that gains its first benchmark or heavy test must join the list,
// and a heavy test its -run pattern, or CI never runs it.
func TestBenchCommandListsEveryBenchmark(t *testing.T) {
	t.Parallel() // reads files
	ci, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	var bench string
	for _, l := range strings.Split(string(ci), "\n") {
		if strings.HasPrefix(l, "go test ") && strings.Contains(l, " -bench ") {
			bench = l
		}
	}
	if bench == "" {
		t.Fatal(".ci/run has no `go test … -bench` line")
	}
	if strings.Contains(bench, " -race") {
		t.Fatalf("the bench line %q is built with -race: the heavy tests skip there", bench)
	}
	listed, run := map[string]bool{}, map[string]bool{}
	for _, f := range strings.Fields(bench) {
		if f == "." || strings.HasPrefix(f, "./") {
			listed[filepath.Clean(f)] = true
		}
	}
	if m := regexp.MustCompile(`-run '\^\(([A-Za-z0-9_|]+)\)\$'`).FindStringSubmatch(bench); m != nil {
		for _, name := range strings.Split(m[1], "|") {
			run[name] = true
		}
	}
	benches, heavy := map[string]bool{}, map[string][]string{} // by package folder
	testFunc := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	marked := regexp.MustCompile(`\n\theavytest\.WithoutRace\(t\)`)
	err = filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src := string(b)
		if strings.Contains(src, "\nfunc Benchmark") {
			benches[filepath.Dir(path)] = true
		}
		for _, at := range marked.FindAllStringIndex(src, -1) {
			fns := testFunc.FindAllStringSubmatch(src[:at[0]], -1)
			if len(fns) == 0 {
				t.Errorf("%s: heavytest.WithoutRace outside a test", path)
				continue
			}
			heavy[filepath.Dir(path)] = append(heavy[filepath.Dir(path)], fns[len(fns)-1][1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(benches) == 0 || len(heavy) == 0 {
		t.Fatalf("found %d packages with benchmarks, %d with heavy tests: the walk is wrong", len(benches), len(heavy))
	}
	for dir := range benches {
		if !listed[dir] {
			t.Errorf("package ./%s has benchmarks the CI's bench line (%q) does not run", dir, bench)
		}
	}
	for dir, names := range heavy {
		if !listed[dir] {
			t.Errorf("package ./%s has heavy tests (%v) the CI's bench line does not name", dir, names)
		}
		for _, name := range names {
			if !run[name] {
				t.Errorf("%s (./%s) skips under -race and is not in the bench line's -run: CI never runs it", name, dir)
			}
			delete(run, name)
		}
	}
	for name := range run {
		t.Errorf("the bench line's -run names %s, which is not a heavy test", name)
	}
	for dir := range listed {
		if !benches[dir] && heavy[dir] == nil {
			t.Errorf("the CI's bench line names ./%s, which has no benchmark and no heavy test", dir)
		}
	}
}

// TestProgramStartAllocatesLittle: every command, and each of the
// thousands of runs of the binary in these tests, pays for the program's
// package initialisation before doing anything. Tables and templates a
// run may never use are built on first use instead (the phrasebooks'
// templates, 1.3 MB; the country table, 0.5 MB): the bytes the inits
// allocate, as the runtime reports them, are held to a bound well under
// the 2.8 MB they were. Bytes, not time: the count is the same on a busy
// machine.
func TestProgramStartAllocatesLittle(t *testing.T) {
	t.Parallel() // runs the binary once
	cmd := exec.Command(binary, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "HOME="+t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("version: %v\n%s", err, stderr.String())
	}
	// init waybill/tracker @22 ms, 2.3 ms clock, 227088 bytes, 2932 allocs
	line := regexp.MustCompile(`(?m)^init (\S+) @.* clock, (\d+) bytes,`)
	total, most, mostPkg := 0, 0, ""
	for _, m := range line.FindAllStringSubmatch(stderr.String(), -1) {
		n, _ := strconv.Atoi(m[2])
		total += n
		if n > most {
			most, mostPkg = n, m[1]
		}
	}
	if total == 0 {
		t.Fatalf("no init trace in:\n%s", stderr.String())
	}
	const bound = 1_500_000
	if total > bound {
		t.Errorf("the program's inits allocate %d bytes, over %d; the most: %s, %d bytes", total, bound, mostPkg, most)
	}
}
