// Package cli is waybill's command line, the third user interface beside
// the screen and SSH: one cobra command per file's worth of work, each
// parsing its flags, asking the store (through the small port it declares)
// and tracker, and printing. What needs the store, the carriers, the
// simulator or the alert channels is built by main and handed in (Wiring).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// Exit statuses: 0 success, 1 the command ran but found problems, 2 bad usage.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

// usageError marks errors that are the caller's to fix (exit status 2).
// One made by usagef keeps its format and arguments, so exit says it in
// the run's language: the catalog translates the frame, and the flag
// names and values, arguments, stay as typed.
type usageError struct {
	msg    string
	format string
	args   []any
}

func (e usageError) Error() string { return e.msg }

// in is the error in tr's language: its format from the catalog (as
// itself when the catalog lacks it), cobra's own messages as they are.
func (e usageError) in(tr *i18n.Printer) string {
	if e.format == "" {
		return e.msg
	}
	// A value tracker refused (a date, an amount) is said in tr's
	// language too: its reason is a tracker.Refusal (tr.Err).
	args := make([]any, len(e.args))
	for i, a := range e.args {
		switch v := a.(type) {
		case error:
			a = tr.Err(v)
		case orList:
			a = strings.Join(v, tr.T(" or "))
		}
		args[i] = a
	}
	return tr.Plain(e.format, args...)
}

// Phrased is the error as its format and values, so a reader in another
// language says it where it ends up inside another error (tr.Err).
func (e usageError) Phrased() tracker.Phrase {
	if e.format == "" {
		return tracker.Text(e.msg)
	}
	return tracker.Phrase{Format: e.format, Args: e.args}
}

// orList is names a usage error offers, "a or b" in the run's language.
type orList []string

func (l orList) String() string { return strings.Join(l, " or ") }

func usagef(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...), format: format, args: args}
}

// problemError is a problem a command found with what it was given (exit
// status 1, as any error of its own work), said in the run's language as
// a usageError is.
type problemError struct{ usageError }

func problemf(format string, args ...any) error {
	return problemError{usageError{msg: fmt.Sprintf(format, args...), format: format, args: args}}
}

// wrapf is an error of the command's own work around a cause (%v, never
// %w: tracker.Wrapf keeps the cause for errors.Is and errors.As): exit
// says it through the catalog, the cause as far as it has a phrase, else
// as it was said.
func wrapf(format string, args ...any) error { return tracker.Wrapf(format, args...) }

// errProblems marks a command that ran but found problems (exit status 1)
// and has already said what they were.
var errProblems = errors.New("problems found")

// ranError is an error from a command's own work, as opposed to one cobra
// found in the command line before running it.
type ranError struct{ err error }

func (e ranError) Error() string { return e.err.Error() }
func (e ranError) Unwrap() error { return e.err }

// app is one run of the command line: what main wired, where output goes,
// and the flags every command takes.
type app struct {
	wiring             Wiring
	stdin              io.Reader
	stdout, stderr     io.Writer // cleaned of terminal controls (output)
	dbPath, configPath string    // --db, --config

	configOnce sync.Once // the config is read once a run
	cfg        tracker.Config
	cfgPath    string
	cfgErr     error

	trOnce  sync.Once // the language is chosen once a run (tr)
	printer *i18n.Printer
}

// Run runs the command line args (without the program's name) and returns
// the exit status.
func Run(ctx context.Context, w Wiring, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out, errOut := newOutput(stdout), newOutput(stderr)
	defer out.Flush()
	defer errOut.Flush()
	a := &app{wiring: w, stdin: stdin, stdout: out, stderr: errOut}
	root := a.newRoot()
	if args == nil {
		args = []string{} // cobra reads os.Args for nil
	}
	root.SetArgs(args)
	// A string key: the --version template names it (versionFlag).
	ctx = context.WithValue(ctx, versionKey, versionText{a})
	cmd, err := root.ExecuteContextC(ctx)
	return a.exit(cmd, err)
}

// exit says what went wrong, if anything, and turns it into the exit status.
func (a *app) exit(cmd *cobra.Command, err error) int {
	var ue usageError
	var pe problemError
	var ran ranError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &pe) && pe.Error() == err.Error():
		fmt.Fprintf(a.stderr, "waybill: %s\n", pe.in(a.tr()))
		return exitProblems
	case errors.As(err, &ue):
		fmt.Fprintf(a.stderr, "%s: %s\n", commandName(cmd), ue.in(a.tr()))
		return exitUsage
	case errors.Is(err, errProblems):
		return exitProblems
	case errors.As(err, &ran):
		msg := a.tr().Err(err)
		if tracker.IsConfigError(err) {
			// A config's problems are one a line, each said in full.
			msg = strings.ReplaceAll(msg, "\n", "\nwaybill: ")
		}
		fmt.Fprintf(a.stderr, "waybill: %s\n", msg)
		return exitProblems
	default: // cobra's own: a flag, an argument or a command it could not place
		fmt.Fprintf(a.stderr, "%s: %v\n", commandName(cmd), err)
		return exitUsage
	}
}

// commandName is "waybill" and the top-level command, as errors name it:
// `waybill case: …` for every case subcommand.
func commandName(cmd *cobra.Command) string {
	if cmd == nil || !cmd.HasParent() {
		return "waybill"
	}
	for cmd.Parent().HasParent() {
		cmd = cmd.Parent()
	}
	return "waybill " + cmd.Name()
}

// run adapts a command's work to cobra: its errors are marked as the
// command's own, so that whatever cobra returns unmarked is bad usage.
func run(f func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := f(cmd, args); err != nil {
			return ranError{err}
		}
		return nil
	}
}

func (a *app) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "waybill",
		Short: "waybill tracks your parcels, catches logistics exceptions and works complaints",
		Long: `waybill tracks your parcels, catches logistics exceptions and works complaints.

With no command, waybill opens the terminal UI on the default store, or on the
demo's while nothing is configured (waybill demo --status says which);
--demo opens a throwaway demo.
--db and --config go anywhere on the command line; without --db,
WAYBILL_DB (a store path or postgres:// URL) names the store.
Exit status: 0 success, 1 problems found (a parcel that failed to refresh,
a bad row, …), 2 bad usage.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				return usagef("unknown command %q; did you mean %s? (waybill --help lists the commands)", args[0], orList(s))
			}
			return usagef("unknown command %q (waybill --help lists the commands)", args[0])
		},
		SilenceErrors:              true, // exit says what went wrong, once
		SilenceUsage:               true,
		SuggestionsMinimumDistance: 2,
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbPath, "db", "", "store `path` or postgres:// URL (default in XDG_DATA_HOME)")
	pf.StringVar(&a.configPath, "config", "", "config `path` (default $XDG_CONFIG_HOME/waybill/config.toml)")
	_ = root.MarkPersistentFlagFilename("db", "db")
	_ = root.MarkPersistentFlagFilename("config", "toml")
	root.SetFlagErrorFunc(flagError)
	a.localHelp(root)
	root.PersistentPreRunE = a.checkConfig
	a.tuiFlags(root)
	versionFlag(root)
	// The help lists the commands by what a seller is doing; a command
	// added without a group would show under "Additional Commands".
	for _, g := range []struct {
		id, title string
		cmds      []*cobra.Command
	}{
		{"parcels", "Orders and parcels:", []*cobra.Command{a.addCmd(), a.pasteCmd(), a.importCmd(), a.editCmd(), a.listCmd(), a.showCmd(), a.exportCmd(), a.detectCmd()}},
		{"tracking", "Tracking:", []*cobra.Command{a.refreshCmd(), a.watchCmd(), a.serveCmd()}},
		{"problems", "Exceptions and complaints:", []*cobra.Command{a.exceptionCmd(), a.caseCmd(), a.claimCmd(), a.claimsCmd(), a.deadlineCmd(), a.deadlinesCmd(), a.reportCmd()}},
		{"markets", "Marketplaces:", []*cobra.Command{a.connectCmd(), a.syncCmd(), a.extendCmd()}},
		{"other", "Demo and tools:", []*cobra.Command{a.demoCmd(), a.benchCmd(), a.migrateCmd(), a.versionCmd()}},
	} {
		root.AddGroup(&cobra.Group{ID: g.id, Title: g.title})
		for _, c := range g.cmds {
			c.GroupID = g.id
			root.AddCommand(c)
		}
	}
	root.SetHelpCommandGroupID("other")
	root.SetCompletionCommandGroupID("other")
	refuseUnknownTopics(root)
	return root
}

// checkConfig reads and checks the whole config before any command runs,
// whether or not the command uses it: a value no service could want is
// reported now, naming its file and line, and not when a command that
// uses it fails hours later. Help and shell completion run without it.
func (a *app) checkConfig(cmd *cobra.Command, _ []string) error {
	for c := cmd; c != nil; c = c.Parent() {
		switch c.Name() {
		case "help", "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return nil
		}
	}
	if _, _, err := a.config(); err != nil {
		return ranError{err}
	}
	return nil
}

// refuseUnknownTopics makes cobra's own `help` and `completion` refuse a
// command or shell they do not know (exit 2), as every other command does,
// rather than print help and succeed.
func refuseUnknownTopics(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Short = "help on any command"
			show := c.Run
			c.Run, c.RunE = nil, func(cmd *cobra.Command, args []string) error {
				if _, rest, err := root.Find(args); err != nil || len(rest) > 0 {
					return usagef("no command %q (waybill --help lists them)", strings.Join(args, " "))
				}
				show(cmd, args)
				return nil
			}
		case "completion":
			c.Short = "print a shell completion script: bash, zsh, fish or powershell"
			c.Args, c.RunE = cobra.ArbitraryArgs, func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usagef("no shell %q: want bash, zsh, fish or powershell", args[0])
				}
				return cmd.Help()
			}
		}
	}
}

// flagError is every command's flag error: bad usage. A long flag given
// with one dash, as Go's flag package took it, gets a hint.
func flagError(cmd *cobra.Command, err error) error {
	var ne *pflag.NotExistError
	errors.As(err, &ne)
	// pflag's own words, said by formats of the catalog where they are
	// pflag's text exactly (a newer pflag's other wording stays as it is).
	var said error = usageError{msg: err.Error()}
	for _, e := range pflagSaid(err, ne) {
		if e.Error() == err.Error() {
			said = e
			break
		}
	}
	if ne != nil {
		if name := ne.GetSpecifiedShortnames(); len(name) > 1 && cmd.Flags().Lookup(name) != nil {
			return usagef("%v: long flags take two dashes: --%s", said, name)
		}
	}
	return said
}

// pflagSaid are the usage errors err may be, each a catalog format with
// its values: an unknown flag, a flag without its value, a value its type
// refuses, a flag's name that is none (---x, --=x); for a letter in a
// group (-xZ), each letter it may have stopped at.
func pflagSaid(err error, ne *pflag.NotExistError) []error {
	var out []error
	shorts := func(format, group string) {
		for _, c := range group {
			out = append(out, usagef(format, c, group))
		}
	}
	var vr *pflag.ValueRequiredError
	var iv *pflag.InvalidValueError
	var is *pflag.InvalidSyntaxError
	switch {
	case ne != nil && ne.GetSpecifiedShortnames() == "":
		out = append(out, usagef("unknown flag: --%s", ne.GetSpecifiedName()))
	case ne != nil:
		shorts("unknown shorthand flag: %q in -%s", ne.GetSpecifiedShortnames())
	case errors.As(err, &vr) && vr.GetSpecifiedShortnames() == "":
		out = append(out, usagef("flag needs an argument: --%s", vr.GetSpecifiedName()))
	case vr != nil:
		shorts("flag needs an argument: %q in -%s", vr.GetSpecifiedShortnames())
	case errors.As(err, &iv) && iv.GetFlag() != nil:
		name := "--" + iv.GetFlag().Name
		if iv.GetFlag().Shorthand != "" {
			name = "-" + iv.GetFlag().Shorthand + ", " + name
		}
		out = append(out, usagef("invalid argument %q for %q flag: %v", iv.GetValue(), name, errors.Unwrap(iv)))
	case errors.As(err, &is):
		out = append(out, usagef("bad flag syntax: %s", is.GetSpecifiedFlag()))
	}
	return out
}

// noSubcommand is cobra.NoArgs for a command with subcommands: an
// argument is a subcommand it does not have, said as cobra says it, in the
// run's language.
func noSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return nil
}

// leaf is a command with positional arguments that checks them itself.
func leaf(use, short string, f func(cmd *cobra.Command, args []string) error) *cobra.Command {
	return &cobra.Command{Use: use, Short: short, Args: cobra.ArbitraryArgs, RunE: run(f)}
}

// noArgs refuses positional arguments, as every command without any does.
func noArgs(args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}
