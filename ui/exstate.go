package ui

import (
	"strings"
	"time"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// statePart is one fact of an exception's state in the forms it can take,
// longest first: "follow-up due" or "f/u due".
type statePart struct {
	forms []string
	// rank orders the facts by what a person must know first: 0 is
	// shortened last and dropped last.
	rank int
}

// The ranks of the facts. A due follow-up asks for work today; a snooze
// says the row is parked and until when; the case step says how far the
// complaint got; the owner who has it; ack that someone has seen it.
const (
	rankFollowUp = iota
	rankSnoozed
	rankCase
	rankOwner
	rankAck
)

// exceptionState is the state of a queue row as the facts the State column
// fits into its width, in reading order: ack or snooze, owner, case, a due
// follow-up. None for an open exception nobody owns: it is the default, and
// the one that needs a person. Text must be sanitized already.
func exceptionState(x tracker.ExceptionRow, loc *time.Location, tr *i18n.Printer) []statePart {
	var parts []statePart
	switch {
	case x.State == tracker.ExAcknowledged:
		parts = append(parts, statePart{forms: []string{tr.T("state:ack")}, rank: rankAck})
	case x.State == tracker.ExSnoozed && !x.SnoozedUntil.IsZero():
		d := x.SnoozedUntil.In(loc).Format("01-02")
		parts = append(parts, statePart{forms: []string{tr.T("snoozed→%s", d), tr.T("snz→%s", d)}, rank: rankSnoozed})
	}
	if x.Owner != "" {
		parts = append(parts, statePart{forms: []string{"@" + x.Owner}, rank: rankOwner})
	}
	if x.CaseStep != "" {
		forms := []string{caseStepLabel(x.CaseStep, tr), caseStepShort(x.CaseStep, tr)}
		if n := x.CaseStep.Number(); n >= 1 && n <= 4 {
			forms = append(forms, tr.T("c%d/4", n))
		}
		parts = append(parts, statePart{forms: forms, rank: rankCase})
	}
	if x.FollowUpDue {
		parts = append(parts, statePart{forms: []string{tr.T("follow-up due"), tr.T("f/u due")}, rank: rankFollowUp})
	}
	return parts
}

// fullState is every fact in its longest form: what the queue's bottom
// border shows for the selected row.
func fullState(parts []statePart) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = p.forms[0]
	}
	return strings.Join(s, " · ")
}

// fitState is the state in at most w cells. First the facts take shorter
// forms, the least important first; when that is not enough the least
// important is left out and the rest start again from their long forms; a
// single fact still too wide (an owner's long name) is cut, as the only
// free text here. The bottom border has the state in full.
func fitState(parts []statePart, w int) string {
	if len(parts) == 0 || w <= 0 {
		return ""
	}
	form := make([]int, len(parts))
	keep := make([]bool, len(parts))
	for i := range keep {
		keep[i] = true
	}
	render := func() string {
		var b strings.Builder
		for i, p := range parts {
			if !keep[i] {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p.forms[form[i]])
		}
		return b.String()
	}
	// least is the kept part of the highest rank that ok accepts.
	least := func(ok func(i int) bool) int {
		at := -1
		for i, p := range parts {
			if keep[i] && ok(i) && (at < 0 || p.rank > parts[at].rank) {
				at = i
			}
		}
		return at
	}
	for kept := len(parts); ; kept-- {
		// Each time a fact is left out, the others may take their long
		// forms again.
		clear(form)
		for {
			s := render()
			if widthOf(s) <= w {
				return s
			}
			i := least(func(i int) bool { return form[i] < len(parts[i].forms)-1 })
			if i < 0 {
				break
			}
			form[i]++
		}
		if kept == 1 {
			return strings.TrimRight(cell(render(), w), " ")
		}
		keep[least(func(int) bool { return true })] = false
	}
}
