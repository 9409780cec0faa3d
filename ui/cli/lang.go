package cli

import (
	"os"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// language is the language of a local session, the screen's and the
// command line's alike: `[ui] language`, else the locale variables (the
// server's own, for serve). One choice, so the screen and a command run
// in the same terminal never speak two languages.
func language(cfg tracker.Config) i18n.Lang {
	return i18n.Choose(cfg.UI.Language, os.Getenv)
}

// tr is the run's printer of human output, chosen once a run from the
// config (a config that fails to load leaves the locale to decide, so its
// error is said in the locale's language). Machine output (--json, CSV,
// exit codes, lines for tools) never goes through it.
func (a *app) tr() *i18n.Printer {
	a.trOnce.Do(func() {
		cfg, _, _ := a.config()
		a.printer = i18n.New(language(cfg))
	})
	return a.printer
}
