package tracker

import (
	"strconv"
	"sync"
	"time"
)

// The deadline log's details the store writes (store/deadlines.go,
// store/deadline_alerts.go) by these formats, kept here beside the other
// stored text so a reader renders them in its language.
const (
	// A deadline added, updated or reopened: the due time and its source.
	DeadlineLogDue = "due %s (%s)"
	// A deadline moved: the old and new due times and the source.
	DeadlineLogMoved = "due moved from %s to %s (%s)"
	// An alert sent ahead of a deadline: the lead in hours (fmt's %g)
	// and the alert's key.
	DeadlineLogAlerted = "%sh before due (%s)"
)

// LeadHours is an alert's lead before a due, in hours as the store writes
// it (fmt's %g: "72", "0.5"); a screen says it as the Span it is.
type LeadHours float64

func (h LeadHours) String() string { return strconv.FormatFloat(float64(h), 'g', -1, 64) }

// Span is the lead as a Span.
func (h LeadHours) Span() Span { return SpanOf(time.Duration(float64(h) * float64(time.Hour))) }

// leadArg reads an alert's lead in hours.
func leadArg(s string) (any, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || LeadHours(f).String() != s {
		return nil, false
	}
	return LeadHours(f), true
}

var deadlineLogReaders = sync.OnceValue(func() map[string]*phraseReader {
	due := newPhraseReader(form(DeadlineLogDue))
	return map[string]*phraseReader{
		"added": due, "updated": due, "reopened": due,
		"moved":   newPhraseReader(form(DeadlineLogMoved)),
		"alerted": newPhraseReader(form(DeadlineLogAlerted, leadArg)),
	}
})

// DeadlineLogDetailPhrase is a deadline log entry's detail, of its
// action, as the Phrase the store wrote it from; ok false for a person's
// own words or an action without a form.
func DeadlineLogDetailPhrase(action, detail string) (Phrase, bool) {
	r, ok := deadlineLogReaders()[action]
	if !ok {
		return Phrase{}, false
	}
	return r.read(detail)
}
