package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"waybill/tracker/number"
)

// The design fixes the top level and the direction of imports: tracker
// imports none of our packages; store, carriers and ui import only tracker
// (and their own subpackages); main imports them.
func TestLayoutAndImportDirection(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	for _, p := range []string{"main.go", "ui", "tracker", "store", "carriers", "config.example.toml", "go.mod", "README.md", ".ci/run"} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("layout: %v", err)
		}
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}:{{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string][]string{
		"waybill/tracker":        {"waybill/tracker"},
		"waybill/tracker/notify": {"waybill/tracker"}, // alert channels: the domain and the standard library only
		"waybill/store":          {"waybill/tracker", "waybill/store"},
		"waybill/carriers":       {"waybill/tracker", "waybill/carriers"},
		"waybill/ui":             {"waybill/tracker", "waybill/ui"},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		if pkg == "waybill" { // main: wiring
			for _, imp := range strings.Fields(imports) {
				if strings.HasPrefix(imp, "waybill/") && !slices.ContainsFunc([]string{"tracker", "store", "carriers", "ui"}, func(top string) bool {
					return strings.HasPrefix(imp+"/", "waybill/"+top+"/")
				}) {
					t.Errorf("main imports %s: the top level is main.go, ui, tracker, store and carriers", imp)
				}
			}
		}
		for prefix, ok := range allowed {
			if pkg != prefix && !strings.HasPrefix(pkg, prefix+"/") {
				continue
			}
			for _, imp := range strings.Fields(imports) {
				if !strings.HasPrefix(imp, "waybill") {
					continue
				}
				fine := false
				for _, a := range ok {
					fine = fine || imp == a || strings.HasPrefix(imp, a+"/")
				}
				if !fine {
					t.Errorf("%s imports %s: imports must point main → ui, store, carriers → tracker", pkg, imp)
				}
			}
		}
	}
}

// main.go is wiring only (DESIGN §1): at most 400 lines, and the only Go
// source at the top level beside tests; commands live in ui/cli.
func TestMainIsWiringOnly(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	b, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\n")); n > 400 {
		t.Errorf("main.go has %d lines, want at most 400: it wires; commands belong in ui/cli", n)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f != "main.go" && !strings.HasSuffix(f, "_test.go") {
			t.Errorf("%s at the top level: only main.go (wiring) lives there; put it in ui/cli, tracker, store or carriers", f)
		}
	}
}

// The README lists every carrier slug the detector can return, so users can
// find the names --carrier and the config take.
func TestReadmeListsEveryCarrierSlug(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range number.Carriers() {
		if !strings.Contains(string(readme), "`"+c.Slug+"`") {
			t.Errorf("README.md does not list carrier slug %s (%s)", c.Slug, c.Name)
		}
	}
}

// Every action has one implementation, tracker.Service, which the three
// user interfaces ask (DESIGN §1). So no code under ui/ names the store's
// write ports (only the command line's wiring, which hands its store to
// the service) and none calls a write of the store itself: a rule written
// twice would disagree.
func TestUserInterfacesActThroughTheService(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	ports := regexp.MustCompile(`tracker\.(Triage|CaseStore|OrderStore|ActionStore)\b`)
	writes := regexp.MustCompile(`\.store\.(Acknowledge|Snooze|Assign|Resolve|SetWatch|MarkAlertsRead|CreateCase|SaveCase|ImportOrders|AddOrders?)\(`)
	err := filepath.WalkDir("ui", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		wiring := path == filepath.Join("ui", "cli", "ports.go") || path == filepath.Join("ui", "cli", "bench", "bench.go")
		for i, line := range strings.Split(string(b), "\n") {
			if m := ports.FindString(line); m != "" && !wiring {
				t.Errorf("%s:%d names %s: the screen and the command line act through tracker.Service", path, i+1, m)
			}
			if m := writes.FindString(line); m != "" {
				t.Errorf("%s:%d calls %s: actions go through tracker.Service, which checks the actor and tells the screens", path, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
