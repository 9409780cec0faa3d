package i18n

import (
	"errors"
	"strings"

	"waybill/tracker"
)

// configErrors is err's config problems (tracker.ConfigErrors, or one
// tracker.ConfigError) said in the printer's language in place of their
// English within msg: the frame (file, line) from the catalog, the setting
// and the value as written in the file, and the reason in the printer's
// language where the catalog has it (tracker's fixed reasons), else as
// tracker wrote it. ok false when err holds none.
func (p *Printer) configErrors(err error, msg string) (string, bool) {
	var es tracker.ConfigErrors
	if !errors.As(err, &es) {
		var one *tracker.ConfigError
		if !errors.As(err, &one) {
			return msg, false
		}
		es = tracker.ConfigErrors{one}
	}
	en := es.Error()
	i := strings.LastIndex(msg, en)
	if i < 0 {
		return msg, false
	}
	lines := make([]string, len(es))
	for j, e := range es {
		lines[j] = p.configError(e)
	}
	return msg[:i] + strings.Join(lines, "\n") + msg[i+len(en):], true
}

// configError is one problem: ConfigError.Error's parts in the printer's
// language.
func (p *Printer) configError(e *tracker.ConfigError) string {
	what := p.Word(e.Reason)
	if ph, ok := e.ReasonPhrase(); ok && what == e.Reason {
		// A reason with values (a service's name, a limit): its format
		// from the catalog; one the catalog lacks reads as tracker wrote it.
		what = p.Phrase(ph)
	}
	switch {
	case e.Key != "" && e.Value != "":
		what = p.Plain("%s = %s: %s", e.Key, e.Value, what)
	case e.Key != "":
		what = p.Plain("%s: %s", e.Key, what)
	}
	if e.Line > 0 {
		return p.Plain("config %s line %d: %s", e.File, e.Line, what)
	}
	return p.Plain("config %s: %s", e.File, what)
}
