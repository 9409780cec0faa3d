package cli

import (
	"sort"
	"strings"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// The words of human output in the run's language (tr). English stays
// what it always printed, byte for byte: the status and kind values
// (in_transit, no_tracking), not the screen's labels; Chinese prints the
// screen's words for them (运输中, 无轨迹). Never for --json or CSV.

// statusWord is a parcel status in a table or a line.
func statusWord(tr *i18n.Printer, s tracker.Status) string {
	if tr.Lang() == i18n.En {
		return string(s)
	}
	return tr.Word(s.Label())
}

// kindWord is an exception kind.
func kindWord(tr *i18n.Printer, k tracker.ExceptionKind) string {
	if tr.Lang() == i18n.En {
		return string(k)
	}
	return tr.Word(strings.ReplaceAll(string(k), "_", " "))
}

// kindsWord is a parcel's exception kinds, sorted by their English name.
func kindsWord(tr *i18n.Printer, ks []tracker.ExceptionKind) string {
	if tr.Lang() == i18n.En {
		return kinds(ks)
	}
	sorted := append([]tracker.ExceptionKind(nil), ks...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	out := make([]string, len(sorted))
	for i, k := range sorted {
		out[i] = kindWord(tr, k)
	}
	return strings.Join(out, "、")
}

// yesNoWord is yes or no in a human table (CSV keeps yesNo).
func yesNoWord(tr *i18n.Printer, b bool) string {
	if tr.Lang() == i18n.En {
		return yesNo(b)
	}
	if b {
		return tr.Plain("yes")
	}
	return tr.Plain("no")
}

// heads is a table's heading line: each head through the catalog, joined
// by tabs.
func heads(tr *i18n.Printer, hs ...string) string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = tr.Word(h)
	}
	return strings.Join(out, "\t")
}

// severityWord is an exception's severity: the screen's word for it in
// Chinese (紧急, 高, 中, 低).
func severityWord(tr *i18n.Printer, s tracker.Severity) string {
	if tr.Lang() == i18n.En {
		return s.String()
	}
	short := map[tracker.Severity]string{tracker.SeverityCritical: "CRIT", tracker.SeverityHigh: "HIGH",
		tracker.SeverityMedium: "MED", tracker.SeverityLow: "LOW"}[s]
	return tr.WordOr(short, s.String())
}

// exStateWord is an exception's state, as the screen names its views.
func exStateWord(tr *i18n.Printer, s tracker.ExceptionState) string {
	if tr.Lang() == i18n.En {
		return string(s)
	}
	return tr.WordOr("view:"+string(s), string(s))
}

// stepWord is a case's step: the value (follow_up) in English, the
// screen's word for it in Chinese (跟进).
func stepWord(tr *i18n.Printer, s tracker.CaseStep) string {
	if tr.Lang() == i18n.En {
		return string(s)
	}
	return tr.WordOr("step:"+string(s), string(s))
}

// causeWord is a closed case's root cause.
func causeWord(tr *i18n.Printer, c tracker.RootCause) string {
	if tr.Lang() == i18n.En {
		return string(c)
	}
	return tr.WordOr("cause:"+string(c), string(c))
}

// claimStateWord is a claim's state, as the claims ledger words it.
func claimStateWord(tr *i18n.Printer, s tracker.ClaimState) string {
	if tr.Lang() == i18n.En {
		return string(s)
	}
	return tr.WordOr("claim:"+string(s), string(s))
}

// caseActWord is an action on a case, as typed (follow-up) or as logged
// (follow_up): itself in English, the case view's word in Chinese.
func caseActWord(tr *i18n.Printer, name string) string {
	if tr.Lang() == i18n.En {
		return name
	}
	return tr.WordOr("act:"+strings.ReplaceAll(name, "-", "_"), name)
}

// partyKindWord is whom a claim is made to: a carrier or an insurer.
func partyKindWord(tr *i18n.Printer, k tracker.PartyKind) string {
	if tr.Lang() == i18n.En {
		return string(k)
	}
	return tr.WordOr("party:"+string(k), string(k))
}

// deadlineKindWord is a deadline's kind (trade_assurance_reply, follow_up).
func deadlineKindWord(tr *i18n.Printer, k tracker.DeadlineKind) string {
	if tr.Lang() == i18n.En {
		return string(k)
	}
	return tr.WordOr("deadline:"+string(k), string(k))
}
