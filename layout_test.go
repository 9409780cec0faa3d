package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"waybill/tracker/number"
)

// The design fixes the top level and the direction of imports: tracker
// imports none of our packages; store, carriers and ui import only tracker
// (and their own subpackages).
func TestLayoutAndImportDirection(t *testing.T) {
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

// The README lists every carrier slug the detector can return, so users can
// find the names --carrier and the config take.
func TestReadmeListsEveryCarrierSlug(t *testing.T) {
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
