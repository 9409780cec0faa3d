package cli

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

func TestReadVersion(t *testing.T) {
	const rev = "5285f1f0c2d9a1e4b7c3d8e6f5a4b3c2d1e0f9a8"
	stamped := func(modified string) *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "waybill", Version: "v0.0.0-20261207011854-5285f1f0c2d9"},
			Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: "2026-12-07T01:18:54Z"}, {Key: "vcs.modified", Value: modified}}}
	}
	platform := runtime.GOOS + "/" + runtime.GOARCH
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"go build in a clean checkout", stamped("false"), true,
			"waybill v0.0.0-20261207011854-5285f1f0c2d9\ncommit " + rev + " (2026-12-07T01:18:54Z)\ngo1.26.8 " + platform + "\n"},
		{"go build with uncommitted changes", stamped("true"), true,
			"waybill v0.0.0-20261207011854-5285f1f0c2d9\ncommit " + rev + "+dirty (2026-12-07T01:18:54Z)\ngo1.26.8 " + platform + "\n"},
		{"go run or a test binary: nothing stamped", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "waybill", Version: "(devel)"}}, true,
			"waybill (devel)\ncommit unknown (not stamped: `go build` in a git checkout records it)\ngo1.26.8 " + platform + "\n"},
		{"no build information at all", nil, false,
			"waybill unknown\ncommit unknown (not stamped: `go build` in a git checkout records it)\n" + runtime.Version() + " " + platform + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readVersion(tt.info, tt.ok).String(); got != tt.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// The root's help is the table of contents: every command sits in a group
// (none falls into cobra's "Additional Commands"), and every command line
// of every list of commands fits an 80-column terminal, so none wraps.
func TestHelpGroupsEveryCommandInEightyColumns(t *testing.T) {
	a := &app{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: &strings.Builder{}}
	root := a.newRoot()
	groups := map[string]bool{}
	for _, g := range root.Groups() {
		groups[g.ID] = true
	}
	for _, c := range root.Commands() {
		if !c.Hidden && !groups[c.GroupID] {
			t.Errorf("%s has no group (GroupID %q)", c.Name(), c.GroupID)
		}
	}
	if !root.AllChildCommandsHaveGroup() {
		t.Error("some command would be listed under Additional Commands")
	}
	// As cobra lays it out: two spaces, the name padded to the longest
	// sibling's, a space, the one-line summary.
	fits := func(c *cobra.Command) {
		line := "  " + padRight(c.Name(), c.NamePadding()) + " " + c.Short
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("%s: %d columns in its parent's help:\n%s", c.CommandPath(), n, line)
		}
	}
	for _, c := range root.Commands() {
		fits(c)
		for _, sub := range c.Commands() {
			fits(sub)
		}
	}
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}
