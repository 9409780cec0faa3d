package i18n

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"waybill/tracker"
)

// Phrase is a tracker.Phrase in the printer's language: its format from the
// catalog, and its values tracker's words (an exception kind, a severity, a
// status, a deadline, a phrase within it) in the printer's language too;
// numbers, dates and outside text (a carrier's words, a tracking number)
// as they are. English is tracker's own text, byte for byte; so is a
// phrase whose format the catalog lacks (a newer tracker's), rather than
// half of it translated.
func (p *Printer) Phrase(ph tracker.Phrase) string {
	if (ph.Format == "%s" || ph.Format == "%v") && len(ph.Args) == 1 && p.Lang() != En {
		return fmt.Sprint(p.phraseValue(ph.Args[0])) // a value alone: a word, or text as it is
	}
	if p.Lang() == En || !keySet()[ph.Format] {
		return ph.String()
	}
	if len(ph.Args) == 0 {
		return p.T(ph.Format) // a sentence without values: never read as a format's values
	}
	args := make([]any, len(ph.Args))
	for i, a := range ph.Args {
		args[i] = p.phraseValue(a)
	}
	// Plain: a count or an id prints as Go prints it (9, not 9.0 or 1,234).
	return p.Plain(ph.Format, args...)
}

// phraseValue is one value of a phrase in the printer's language.
func (p *Printer) phraseValue(a any) any {
	switch v := a.(type) {
	case tracker.Phrase:
		return p.Phrase(v)
	case tracker.ExceptionKind:
		return p.Word(strings.ReplaceAll(string(v), "_", " "))
	case tracker.Severity:
		return p.WordOr("severity:"+v.String(), v.String())
	case tracker.Status:
		return p.Word(v.Label())
	case tracker.CaseStep:
		return p.WordOr("step:"+string(v), string(v))
	case tracker.CaseActionType:
		return p.WordOr("act:"+string(v), string(v))
	case tracker.RootCause:
		return p.WordOr("cause:"+string(v), string(v))
	case tracker.Hint:
		return p.Word(string(v))
	case tracker.DeadlineWords:
		return p.WordOr("deadline:"+string(v), v.String())
	case tracker.SolutionType:
		return p.WordOr("solution:"+string(v), string(v))
	case tracker.Duties:
		return p.WordOr("choice:"+string(v), string(v))
	case tracker.DocumentList:
		docs := make([]string, len(v))
		for i, d := range v {
			docs[i] = p.Word(d) // a document the catalog lacks reads as typed
		}
		return strings.Join(docs, p.T("list:sep"))
	case tracker.Span:
		return p.Span(v)
	case tracker.FailKind:
		return p.WordOr("fail:"+string(v), string(v))
	case tracker.Wait:
		return p.wait(time.Duration(v))
	case tracker.LeadHours:
		return p.Span(v.Span())
	case tracker.AlertCounts:
		return p.alertCounts(v)
	case tracker.CountryOf:
		return p.Country(string(v))
	case interface{ Phrased() tracker.Phrase }:
		// An error of ours inside another's phrase (a config problem's
		// cause, an XLSX limit in a file's refusal): its own phrase.
		return p.Phrase(v.Phrased())
	case error:
		// A cause wrapped by fmt.Errorf around one of ours (a refusal
		// inside "case 3: …"): the part of ours in the printer's language.
		return p.Err(v)
	}
	return a
}

// alertCounts are a digest's parts, each kind in the printer's language
// (停滞 2 条、关注订单 1 条); a kind the catalog lacks reads as its name.
func (p *Printer) alertCounts(c tracker.AlertCounts) string {
	parts := make([]string, len(c))
	for i, a := range c {
		word := p.WordOr("alertkind:"+a.Kind, p.Word(strings.ReplaceAll(a.Kind, "_", " ")))
		parts[i] = p.Plain("%d alerts of kind %s", a.N, word)
	}
	return strings.Join(parts, p.T("list:sep"))
}

// Err is err's text in the printer's language, as far as tracker made it
// a Refusal (a date or an amount refused), a NotFound (a lookup that
// matched nothing), a NumberRefusal (a tracking number) or config errors
// (tracker.ConfigErrors: the setting and value named as written): that part is rendered through
// the catalog, and the words around it (the field, what was being done)
// are kept as the caller wrote them. Any other error reads as it is.
func (p *Printer) Err(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if p.Lang() == En {
		return msg
	}
	if out, ok := p.numberRefusal(err, msg); ok {
		return out
	}
	if out, ok := p.configErrors(err, msg); ok {
		return out
	}
	// A Refusal or a NotFound: an error tracker made from a Phrase.
	var r interface {
		error
		Phrased() tracker.Phrase
	}
	if !errors.As(err, &r) {
		return msg
	}
	en := r.Error()
	i := strings.LastIndex(msg, en)
	if i < 0 {
		return msg
	}
	return msg[:i] + p.Phrase(r.Phrased()) + msg[i+len(en):]
}

// Stored text a person reads, in the printer's language: the store keeps
// tracker's English (mail, exports and --json read it), and a screen or
// the command line's human output renders the form tracker wrote it in
// (tracker.Phrase) when it reads it: the screen as a read's result comes
// in, never in View. Text in no known form (a carrier's
// words, a person's reason, an older store's) reads as stored; English
// reads the stored text untouched.

// StoredDetail is an exception's detail: "no update for 9 days: …".
func (p *Printer) StoredDetail(detail string) string {
	if p.Lang() == En {
		return detail
	}
	if ph, ok := tracker.DetailPhrase(detail); ok {
		return p.Phrase(ph)
	}
	return detail
}

// StoredAlert is an alert's subject and body.
func (p *Printer) StoredAlert(subject, body string) (string, string) {
	if p.Lang() == En {
		return subject, body
	}
	if ph, ok := tracker.AlertSubjectPhrase(subject); ok {
		subject = p.Phrase(ph)
	}
	lines := tracker.AlertBodyPhrases(body)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = p.Phrase(l)
	}
	text := strings.Join(out, "\n")
	if strings.HasSuffix(body, "\n") {
		text += "\n"
	}
	return subject, text
}

// StoredCaseDetail is a case log entry's detail, of its action.
func (p *Printer) StoredCaseDetail(action tracker.CaseActionType, detail string) string {
	if p.Lang() == En {
		return detail
	}
	if ph, ok := tracker.CaseLogDetailPhrase(action, detail); ok {
		return p.Phrase(ph)
	}
	return detail
}

// StoredDeadlineLog is a deadline log entry's detail, of its action: an
// alert's lead as a Span ("3天" for the store's "72h").
func (p *Printer) StoredDeadlineLog(action, detail string) string {
	if p.Lang() == En {
		return detail
	}
	if ph, ok := tracker.DeadlineLogDetailPhrase(action, detail); ok {
		return p.Phrase(ph)
	}
	return detail
}

// StoredLogDetail is an exception log entry's detail, of its action.
func (p *Printer) StoredLogDetail(action, detail string) string {
	if p.Lang() == En {
		return detail
	}
	if ph, ok := tracker.LogDetailPhrase(action, detail); ok {
		return p.Phrase(ph)
	}
	return detail
}

// Check is a pre-shipment warning as a person reads it: its kind and its
// stored detail in the printer's language, the product's words and the
// amounts as written; English is tracker's own "kind: detail", byte for
// byte. A detail in no known form (an older store's) reads as stored.
func (p *Printer) Check(c tracker.Check) string {
	if p.Lang() == En {
		return c.String()
	}
	detail := c.Detail
	if ph, ok := tracker.CheckDetailPhrase(detail); ok {
		detail = p.Phrase(ph)
	}
	return p.WordOr("check:"+string(c.Kind), string(c.Kind)) + "：" + detail
}

// wait is how long a service asked us to wait: its days, hours and
// minutes as a Span says them, and the seconds under a minute's worth.
func (p *Printer) wait(d time.Duration) string {
	var s string
	if d >= time.Minute {
		s = p.Span(tracker.SpanOf(d))
	}
	if secs := int(d % time.Minute / time.Second); secs > 0 && d < time.Hour || d < time.Minute {
		s += p.Plain("%ds", secs)
	}
	return s
}
