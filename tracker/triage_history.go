package tracker

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// The queue's history: which exceptions a screen or a command lists besides
// the triage queue (snoozed, acknowledged, resolved), what the exception log
// says was done to each, and the undo of a person's triage action.

// ExceptionView picks which exceptions a list shows. The zero value is the
// triage queue itself.
type ExceptionView string

const (
	// ViewQueue is the triage queue: open exceptions, acknowledged ones
	// among them, snoozed ones once their snooze ends; worst first.
	ViewQueue ExceptionView = ""
	// ViewAcknowledged is the open exceptions someone acknowledged, worst
	// first.
	ViewAcknowledged ExceptionView = "acknowledged"
	// ViewSnoozed is the exceptions snoozed past now, the first to come
	// back first.
	ViewSnoozed ExceptionView = "snoozed"
	// ViewResolved is the closed exceptions, resolved by a person or
	// closed by the rules, the last closed first.
	ViewResolved ExceptionView = "resolved"
	// ViewAll is every exception, open or closed, the newest first.
	ViewAll ExceptionView = "all"
)

// ExceptionViews are the views in the order the screen cycles through them.
var ExceptionViews = []ExceptionView{ViewQueue, ViewAcknowledged, ViewSnoozed, ViewResolved, ViewAll}

// Name is the view as a person types and reads it: "open" for the queue.
func (v ExceptionView) Name() string {
	if v == ViewQueue {
		return "open"
	}
	return string(v)
}

// ParseExceptionView reads a view by its name ("open", "snoozed", …) or an
// unambiguous prefix of it ("ack", "res").
func ParseExceptionView(s string) (ExceptionView, error) {
	want := strings.ToLower(strings.TrimSpace(s))
	if want == "" || want == "queue" {
		return ViewQueue, nil
	}
	var match []ExceptionView
	for _, v := range ExceptionViews {
		if v.Name() == want {
			return v, nil
		}
		if strings.HasPrefix(v.Name(), want) {
			match = append(match, v)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	names := make([]string, len(ExceptionViews))
	for i, v := range ExceptionViews {
		names[i] = v.Name()
	}
	return "", refusal(refuseClaimState, s, strings.Join(names, ", "))
}

// open reports whether the view lists open exceptions only: those are
// counted per kind as the queue is.
func (v ExceptionView) open() bool {
	return v == ViewQueue || v == ViewAcknowledged || v == ViewSnoozed
}

// Counted reports whether ExceptionCounts answers for the view: the open
// ones only, which a partial index holds; counting the closed history
// would read all of it.
func (v ExceptionView) Counted() bool { return v.open() }

// ExceptionLogEntry is one line of an exception's log: who did what, when.
// Actor "rules" is the rules opening or closing it.
type ExceptionLogEntry struct {
	At     time.Time
	Actor  string
	Action string // opened, closed, acknowledged, snoozed, assigned, resolved, reopened, unsnoozed …
	Detail string
}

// MaxReasonLen bounds the reason of a resolution, in characters: a
// sentence, not a report (a case holds those).
const MaxReasonLen = 200

// CleanReason is a resolution's reason as it is logged: control
// characters stripped, lines joined, spaces trimmed, at most MaxReasonLen
// characters.
func CleanReason(s string) string {
	s = strings.Join(strings.Fields(Sanitize(strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(s))), " ")
	if r := []rune(s); len(r) > MaxReasonLen {
		s = string(r[:MaxReasonLen-1]) + "…"
	}
	return s
}

// TriageState is what a triage action changes on one exception.
type TriageState struct {
	State        ExceptionState // as stored: snoozed stays snoozed after its end
	Owner        string
	SnoozedUntil time.Time // zero: never snoozed
	Closed       bool
}

// TriageChange is one exception a triage action changed: as it was, and as
// the action left it. Undo puts back Before where the exception is still
// After; one changed since by someone else is left as it is.
type TriageChange struct {
	ID         int64
	ShipmentID int64
	Before     TriageState
	After      TriageState
}

// The exception log's actions of a person's triage, and of their undo.
const (
	LogAcknowledged   = "acknowledged"
	LogSnoozed        = "snoozed"
	LogAssigned       = "assigned"
	LogResolved       = "resolved"
	LogUnacknowledged = "unacknowledged"
	LogUnsnoozed      = "unsnoozed"
	LogReassigned     = "reassigned"
	LogReopened       = "reopened"
)

// UndoAction is the log action of undoing action; "" when it cannot be
// undone.
func UndoAction(action string) string {
	switch action {
	case LogAcknowledged:
		return LogUnacknowledged
	case LogSnoozed:
		return LogUnsnoozed
	case LogAssigned:
		return LogReassigned
	case LogResolved:
		return LogReopened
	}
	return ""
}

// Describe says what the state is, for an undo's log line: "open",
// "snoozed until 2026-12-10 00:00Z", with "owner ana" when owner is set.
func (s TriageState) Describe(withOwner bool) string {
	var out string
	switch {
	case s.Closed:
		out = string(ExResolved)
	case s.State == ExSnoozed && !s.SnoozedUntil.IsZero():
		out = "snoozed until " + s.SnoozedUntil.UTC().Format("2006-01-02 15:04Z")
	case s.State == "":
		out = string(ExOpen)
	default:
		out = string(s.State)
	}
	if withOwner {
		if s.Owner == "" {
			out = "nobody's"
		} else {
			out = "owner " + s.Owner
		}
	}
	return out
}

// Undo undoes a triage action this actor's session did, given as the
// action returned it: each exception it changed goes back to how it was,
// if nobody changed it since, logged with who as unacknowledged,
// unsnoozed, reassigned or reopened. A resolution is not undone where the
// rules have since opened the same kind on the parcel again. The result
// counts what was put back.
func (s *Service) Undo(ctx context.Context, a Actor, done Triaged) (Triaged, error) {
	if UndoAction(done.Action) == "" {
		return Triaged{}, fmt.Errorf("undo %q: not a triage action that can be undone", done.Action)
	}
	return s.triage(ctx, a, func(now time.Time) (Triaged, error) {
		return s.store.UndoTriage(ctx, done.Action, done.Changes, a.Name, now)
	})
}
