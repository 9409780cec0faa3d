package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"waybill/ui/i18n"
)

// buildVersion is what a binary knows of where it came from: the module
// version and the commit `go build` stamped into it, read back at run time
// so no release step has to remember to set them.
type buildVersion struct {
	Version    string `json:"version"`               // "(devel)" for a build from a checkout
	Commit     string `json:"commit,omitempty"`      // vcs.revision
	CommitTime string `json:"commit_time,omitempty"` // vcs.time, RFC 3339
	Modified   bool   `json:"modified"`              // vcs.modified: built with uncommitted changes
	Go         string `json:"go"`
	Platform   string `json:"platform"`
}

// readVersion reads what the Go toolchain stamped into the binary; ok is
// debug.ReadBuildInfo's.
func readVersion(info *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{Version: "unknown", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if !ok || info == nil {
		return v
	}
	if info.Main.Version != "" {
		v.Version = info.Main.Version
	}
	if info.GoVersion != "" {
		v.Go = info.GoVersion
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.CommitTime = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the text `waybill --version` prints, and `waybill version`
// in English.
func (v buildVersion) String() string { return v.in(nil) }

// in is the text `waybill version` prints in tr's language (nil:
// English); the version, commit and platform as they are.
func (v buildVersion) in(tr *i18n.Printer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "waybill %s\n", v.Version)
	switch {
	case v.Commit == "":
		// go run, go test, a git worktree or -buildvcs=false stamp nothing.
		b.WriteString(tr.Plain("commit unknown (not stamped: `go build` in a git checkout records it)") + "\n")
	default:
		commit := v.Commit
		if v.Modified {
			commit += "+dirty"
		}
		b.WriteString(tr.Plain("commit %s", commit))
		if v.CommitTime != "" {
			fmt.Fprintf(&b, " (%s)", v.CommitTime)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%s %s\n", v.Go, v.Platform)
	return b.String()
}

// versionKey is the context key of the run's --version text. A template
// can only name it by a string, so it is one; no other package reads a
// run's context by it.
const versionKey = "waybill.cli.version"

// versionText is `waybill --version`'s text, made when it is printed.
type versionText struct{ a *app }

func (t versionText) String() string { return readVersion(debug.ReadBuildInfo()).in(t.a.tr()) }

func (a *app) versionCmd() *cobra.Command {
	var asJSON bool
	cmd := leaf("version", "the version and commit this binary was built from", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		v := readVersion(debug.ReadBuildInfo())
		if asJSON {
			return writeJSON(a.stdout, v)
		}
		_, err := fmt.Fprint(a.stdout, v.in(a.tr()))
		return err
	})
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {version, commit, commit_time, modified, go, platform}")
	return cmd
}

// versionFlag gives the root command cobra's --version, printing what
// `waybill version` prints, in the run's language.
func versionFlag(root *cobra.Command) {
	v := readVersion(debug.ReadBuildInfo())
	root.Version = v.Version
	// The template asks the run's context for the text when it runs, after
	// every flag is parsed (--config names the language), rather than
	// holding English made before; nothing stamped is read as a template
	// action, as the text is a value. A run without the value (a test's
	// bare root) prints the English.
	root.SetVersionTemplate(`{{with .Context.Value "` + versionKey + `"}}{{printf "%s" .}}{{else}}{{printf "%s" ` + strconv.Quote(v.String()) + `}}{{end}}`)
	root.InitDefaultVersionFlag()
	if f := root.Flags().Lookup("version"); f != nil {
		f.Usage = "the version and commit, as waybill version prints them"
	}
}
