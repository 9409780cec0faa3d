package cli

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"waybill/ui/i18n"
)

// newTestApp is an app whose language is l, without a config or locale.
func newTestApp(l i18n.Lang) (*app, *strings.Builder) {
	out := &strings.Builder{}
	a := &app{stdin: strings.NewReader(""), stdout: out, stderr: out}
	a.trOnce.Do(func() { a.printer = i18n.New(l) })
	return a, out
}

// helpTexts is every text of root's help that comes from waybill's own
// source, as English keys: summaries, long texts, examples, flag usages,
// group titles, and the headings of the usage template.
func helpTexts(root *cobra.Command) []string {
	out := append([]string{}, helpHeadings...)
	out = append(out, " (default %s)", `Use "%s [command] --help" for more information about a command.`, helpFlagPrefix+"%s")
	for _, g := range root.Groups() {
		out = append(out, g.Title)
	}
	flag := func(f *pflag.Flag) {
		if f.Name != "help" {
			out = append(out, f.Usage)
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, s := range []string{c.Short, c.Long, c.Example} {
			if s != "" {
				out = append(out, s)
			}
		}
		c.Flags().VisitAll(flag)
		c.PersistentFlags().VisitAll(flag)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// Every text of the help is in the catalog, with its placeholder (the
// word a usage quotes in backticks, which pflag prints after the flag's
// name) the same in Chinese, and no format verb a flag's usage would have
// read as one.
func TestCatalogCoversTheHelp(t *testing.T) {
	a, _ := newTestApp(i18n.En)
	root := a.newRoot()
	root.InitDefaultHelpFlag()
	have := map[string][]string{}
	for _, k := range i18n.Keys() {
		have[k.Key] = k.Forms[i18n.Zh]
	}
	seen := map[string]bool{}
	for _, s := range helpTexts(root) {
		if seen[s] {
			continue
		}
		seen[s] = true
		zh, ok := have[s]
		if !ok {
			t.Errorf("help text missing from the catalog: %q", s)
			continue
		}
		enName, _ := pflag.UnquoteUsage(&pflag.Flag{Usage: s, Value: boolish{}})
		zhName, _ := pflag.UnquoteUsage(&pflag.Flag{Usage: zh[0], Value: boolish{}})
		if enName != zhName {
			t.Errorf("%q: placeholder %q in English, %q in Chinese (%q)", s, enName, zhName, zh[0])
		}
	}
}

// boolish is a flag value pflag names "" when a usage quotes no word.
type boolish struct{}

func (boolish) String() string   { return "" }
func (boolish) Set(string) error { return nil }
func (boolish) Type() string     { return "bool" }

// Every command's help in Chinese has no English text left of waybill's
// own (a Short, a usage, a heading) and every line fits 80 columns by
// display width, a Chinese character taking two.
func TestHelpInChineseFitsEightyColumns(t *testing.T) {
	en, _ := newTestApp(i18n.En)
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string{}, path...), sub.Name()))
		}
	}
	walk(en.newRoot(), nil)
	for _, path := range paths {
		a, out := newTestApp(i18n.Zh)
		root := a.newRoot()
		root.SetArgs(append(append([]string{}, path...), "--help"))
		if err := root.Execute(); err != nil {
			t.Fatalf("%v --help: %v", path, err)
		}
		cmd, _, _ := root.Find(path)
		for _, line := range strings.Split(out.String(), "\n") {
			// The use line is what a person types, the same in English.
			if strings.TrimSpace(line) == cmd.UseLine() {
				continue
			}
			if w := ansi.StringWidth(line); w > 80 {
				t.Errorf("waybill %s --help: a line of %d columns:\n%s", strings.Join(path, " "), w, line)
			}
		}
		for _, english := range []string{"Usage:", "Flags:", "Global Flags:", "help for", "(default "} {
			if strings.Contains(out.String(), english) {
				t.Errorf("waybill %s --help still says %q:\n%s", strings.Join(path, " "), english, out.String())
			}
		}
	}
}

// helpDefaults says pflag's default in the template's format and wraps a
// line wider than 80 columns under its usage, between Chinese characters
// or words, never starting a line with a closing mark.
func TestHelpDefaultsWrapsByDisplayWidth(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"short English line untouched", "      --db path   store path", "      --db path   store path"},
		{"default in the format", "      --n int   orders (default 300)", "      --n int   orders（默认 300）"},
		{"Chinese wraps under the usage",
			"      --x string   " + strings.Repeat("汉", 35),
			"      --x string   " + strings.Repeat("汉", 30) + "\n                   " + strings.Repeat("汉", 5)},
		{"a comma stays with what it ends",
			"      --x string   " + strings.Repeat("汉", 30) + "，汉",
			"      --x string   " + strings.Repeat("汉", 29) + "\n                   汉，汉"},
		{"English words stay whole",
			"      --x string   " + strings.Repeat("word ", 13) + "words",
			"      --x string   " + strings.TrimSpace(strings.Repeat("word ", 12)) + "\n                   word words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := helpDefaults("（默认 %s）", tt.in)
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			for _, l := range strings.Split(got, "\n") {
				if ansi.StringWidth(l) > 80 {
					t.Errorf("a line of %d columns: %s", ansi.StringWidth(l), l)
				}
			}
		})
	}
}
