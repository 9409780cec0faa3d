package cli

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"waybill/ui/i18n"
)

// The help in the run's language. The commands are written in English
// (their Short and Long, the flags' usages, the groups' titles); once
// cobra has parsed the flags (--config may choose the language) and just
// before it prints help, localizeHelp puts every one of them through the
// catalog. English is left alone, so its help stays byte for byte what
// cobra always printed. Command and flag names, and the placeholder a
// usage quotes in backticks (`path`), are never translated: they are what
// a person types.

// helpHeadings are the words of cobra's usage template, replaced in a
// copy of it for a language other than English.
var helpHeadings = []string{
	"Usage:", "Aliases:", "Examples:", "Available Commands:", "Additional Commands:",
	"Flags:", "Global Flags:", "Additional help topics:",
}

// usageTemplate is cobra's own usage template (cobra v1.10), whose
// headings localUsageTemplate replaces; the flag lists go through
// helpDefaults so pflag's "(default …)" is said in the language too.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}{{$cmds := .Commands}}{{if eq (len .Groups) 0}}

Available Commands:{{range $cmds}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{else}}{{range $group := .Groups}}

{{.Title}}{{range $cmds}}{{if (and (eq .GroupID $group.ID) (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if not .AllChildCommandsHaveGroup}}

Additional Commands:{{range $cmds}}{{if (and (eq .GroupID "") (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{helpDefaults DEFAULT .LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global Flags:
{{helpDefaults DEFAULT .InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Additional help topics:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

{{MORE}}{{end}}
`

// defaultRE is pflag's note of a flag's default at the end of its line.
var defaultRE = regexp.MustCompile(`(?m) \(default (.*)\)$`)

// addHelpFuncs adds helpDefaults to cobra's template functions (a table
// of the process; the function itself knows no language: the format is
// the template's, from the catalog).
var addHelpFuncs = sync.OnceFunc(func() {
	cobra.AddTemplateFunc("helpDefaults", helpDefaults)
})

// helpColumns is the width the translated help fits.
const helpColumns = 80

// helpDefaults is pflag's list of flags with each "(default …)" in
// format, and each line wider than helpColumns wrapped under the column
// its usage starts at. pflag pads by bytes and never wraps, so a Chinese
// usage, two columns a character, would run off an 80-column terminal.
func helpDefaults(format, usages string) string {
	usages = defaultRE.ReplaceAllStringFunc(usages, func(m string) string {
		return strings.Replace(format, "%s", defaultRE.FindStringSubmatch(m)[1], 1)
	})
	lines := strings.Split(usages, "\n")
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		if ansi.StringWidth(line) <= helpColumns {
			out = append(out, line)
			continue
		}
		col := usageColumn(line)
		out = append(out, wrapWide(line[:col], line[col:], helpColumns)...)
	}
	return strings.Join(out, "\n")
}

// usageColumn is where a flag line's usage starts: after the first gap of
// three spaces that follows the flag (pflag's padding), or after the
// indent of a usage's continuation line.
func usageColumn(line string) int {
	indent := len(line) - len(strings.TrimLeft(line, " "))
	i := strings.Index(line[indent:], "   ")
	if i < 0 {
		return indent
	}
	i += indent
	return i + len(line[i:]) - len(strings.TrimLeft(line[i:], " "))
}

// wrapWide is head followed by text, wrapped to width columns with the
// lines after the first indented to head's width: between words, or
// between two characters of Chinese, which has no spaces to break at.
func wrapWide(head, text string, width int) []string {
	pad := strings.Repeat(" ", ansi.StringWidth(head))
	room := max(width-len(pad), 20)
	var out []string
	line, w := head, 0
	for _, tok := range wrapTokens(text) {
		tw := ansi.StringWidth(tok)
		if w > 0 && w+tw > room {
			out = append(out, strings.TrimRight(line, " "))
			line, w = pad, 0
			tok = strings.TrimLeft(tok, " ")
			tw = ansi.StringWidth(tok)
		}
		line += tok
		w += tw
	}
	return append(out, strings.TrimRight(line, " "))
}

// wrapTokens cuts text where a line may break: before a space, and
// around every wide character, except that a closing mark (，。）…) stays
// with what it closes and an opening one (（「) with what it opens, so
// no line starts with a comma or ends with a bracket.
func wrapTokens(text string) []string {
	const closing, opening = "，。、；：）」》！？…)", "（「《("
	var toks []string
	cur, glue := "", false
	flush := func() {
		if cur != "" {
			toks = append(toks, cur)
		}
		cur = ""
	}
	for _, r := range text {
		wide := ansi.StringWidth(string(r)) > 1
		switch {
		case glue || strings.ContainsRune(closing, r):
		case r == ' ', wide:
			flush()
		default: // ASCII after a wide character starts a token of its own
			if last, _ := utf8.DecodeLastRuneInString(cur); ansi.StringWidth(string(last)) > 1 {
				flush()
			}
		}
		cur += string(r)
		glue = strings.ContainsRune(opening, r)
	}
	flush()
	return toks
}

// localUsageTemplate is the usage template with its headings in tr's
// language. Catalog texts go in as template text, never as actions.
func localUsageTemplate(tr *i18n.Printer) string {
	pairs := make([]string, 0, 2*len(helpHeadings)+4)
	for _, h := range helpHeadings {
		pairs = append(pairs, "\n"+h, "\n"+templateText(tr.Word(h)))
	}
	before, after, _ := strings.Cut(tr.Plain(`Use "%s [command] --help" for more information about a command.`, "\x00"), "\x00")
	pairs = append(pairs,
		"DEFAULT", `"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(tr.Plain(" (default %s)", "%s"))+`"`,
		"{{MORE}}", templateText(before)+"{{.CommandPath}}"+templateText(after))
	return strings.NewReplacer(pairs...).Replace("\n" + usageTemplate)[1:]
}

// templateText is s as literal template text: no "{{" left to start an
// action.
func templateText(s string) string {
	return strings.ReplaceAll(s, "{{", `{{"{{"}}`)
}

// helpFlagPrefix begins cobra's usage of the help flag it adds: "help
// for NAME".
const helpFlagPrefix = "help for "

// localizeHelp puts root's help in tr's language, once a run, before cobra
// prints any of it: every command's Short, Long and Example, every
// flag's usage, the groups' titles, and the usage template's headings.
// English is left as cobra prints it.
func localizeHelp(root *cobra.Command, tr *i18n.Printer) {
	if tr.Lang() == i18n.En {
		return
	}
	addHelpFuncs()
	root.SetUsageTemplate(localUsageTemplate(tr))
	for _, g := range root.Groups() {
		g.Title = tr.Word(g.Title)
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Short = tr.Word(c.Short)
		c.Long = tr.Word(c.Long)
		c.Example = tr.Word(c.Example)
		localizeFlags(c.Flags(), tr)
		localizeFlags(c.PersistentFlags(), tr)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// localizeFlags puts a flag set's usages in tr's language; the help flag
// cobra adds says whose help it is. A usage already translated is no key
// of the catalog and stays as it is, so a flag shared by two sets (an
// inherited one) is translated once.
func localizeFlags(fs *pflag.FlagSet, tr *i18n.Printer) {
	fs.VisitAll(func(f *pflag.Flag) {
		if name, ok := strings.CutPrefix(f.Usage, helpFlagPrefix); ok && f.Name == "help" {
			f.Usage = tr.Plain(helpFlagPrefix+"%s", name)
			return
		}
		f.Usage = tr.Word(f.Usage)
	})
}

// localHelp wraps root's help function: the tree is put in the run's
// language the first time help is asked for, after the flags are parsed.
func (a *app) localHelp(root *cobra.Command) {
	show := root.HelpFunc()
	var once sync.Once
	root.SetHelpFunc(func(cmd *cobra.Command, args []string) {
		once.Do(func() { localizeHelp(root, a.tr()) })
		show(cmd, args)
	})
}
