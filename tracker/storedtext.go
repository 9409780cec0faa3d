package tracker

import (
	"slices"
	"strings"
	"sync"
)

// Stored text a person reads: an exception's detail, an alert's subject
// and body, an exception log entry's detail. The store keeps them in
// English, as tracker wrote them (mail, webhooks, exports and --json read
// them so), and no row keeps their parts apart; so the forms they are
// written in are kept here, beside the code that writes them, and read
// back into Phrases a screen renders in its reader's language. Text that
// is not in one of these forms (a carrier's words, a person's reason)
// reads as it is.

// The details of the exceptions the rules open (Evaluate).
const (
	DetailUntrackedService = "untracked service: the number cannot be followed to the buyer"
	DetailCarrierUnknown   = "carrier unknown: ask the seller or carrier which service shipped it"
	// DetailCarrier is the carrier's own words, which stay as they are.
	DetailCarrier          = "carrier: %s"
	DetailCarrierNoReason  = "carrier: exception, no reason given"
	DetailReturning        = "parcel is on its way back to the sender"
	DetailNoTracking       = "no tracking information %d days after shipping"
	DetailLost             = "no update for %d days: presumed lost"
	DetailStale            = "no update for %d days: request an investigation"
	DetailPromised         = "promised by %s, not delivered"
	DetailCarrierETA       = "carrier ETA %s passed, not delivered"
	DetailCarrierETAAndHis = "carrier ETA %s passed, and 9 in 10 similar parcels arrived by %s"
	DetailHistory          = "9 in 10 similar parcels arrived by %s, not delivered"
)

// The alerts' subjects and body lines (ExceptionAlert, WatchAlert,
// DeadlineAlert).
const (
	subjectException = "[waybill] %s: %s (order %s)"
	subjectWatch     = "[waybill] watch: %s %s (order %s)"
	subjectDeadline  = "[waybill] %s due in %s (order %s)"
	subjectDigest    = "[waybill] %d alerts: %s"
	watchNews        = "Watched order %s has %d new event(s)."
	deadlineLead     = "%s (alert %s before)"
	deadlineExtend   = "extend the buyer's protection: waybill extend %s --days N, or from the order view"
)

// The exception log's details that the store writes (store/triage.go,
// store/apply.go, store/cases.go) by these formats; its triage tests pin
// the English.
const (
	LogClosedByRules = "no longer found by the rules"
	LogSnoozeEnded   = "snooze until %s ended"
	LogSnoozedUntil  = "until %s"
	LogNobody        = "nobody"
	LogNobodyWas     = "nobody (was %s)"
	LogOwnerWas      = "%s (was %s)"
	LogByHand        = "by hand"
	// An exception a case closed, with the case's resolution when it has
	// one, and one a case reopened.
	LogCaseClosed    = "case %d closed"
	LogCaseClosedWhy = "case %d closed: %s"
	LogCaseReopened  = "case %d reopened"
)

// alertLabels are the labels of the alerts' body lines ("Label: value").
var alertLabels = []string{"Exception", "Detail", "Order", "Tracking", "Carrier", "Destination",
	"Suggested next action", "Status", "Latest event", "Deadline", "Due", "Time left", "Case", "Source", "What to do"}

var (
	detailReader = sync.OnceValue(func() *phraseReader {
		return newPhraseReader(
			form(DetailUntrackedService), form(DetailCarrierUnknown), form(DetailCarrierNoReason),
			form(DetailCarrier), form(DetailReturning), form(DetailNoTracking), form(DetailLost),
			form(DetailStale), form(DetailPromised), form(DetailCarrierETAAndHis), form(DetailCarrierETA),
			form(DetailHistory))
	})
	subjectReader = sync.OnceValue(func() *phraseReader {
		return newPhraseReader(
			form(subjectWatch, nil, statusArg),
			form(subjectDeadline, deadlineArg, spanArg),
			form(subjectDigest, nil, countsArg),
			form(subjectException, kindArg))
	})
	// actionReader is what an alert says to do: a kind's next action or
	// a deadline's.
	actionReader = sync.OnceValue(func() *phraseReader {
		var forms []phraseForm
		for _, k := range ExceptionKinds {
			if a := SuggestedAction(k); a != "" {
				forms = append(forms, form(a))
			}
		}
		for _, k := range DeadlineKinds {
			if k != DeadlineProtectionEnd {
				forms = append(forms, form(deadlineAction(DeadlineRow{Deadline: Deadline{Kind: k}})))
			}
		}
		return newPhraseReader(append(forms, form(deadlineExtend), form(deadlineAction(DeadlineRow{})))...)
	})
	bodyReader = sync.OnceValue(func() *phraseReader {
		forms := []phraseForm{form(watchNews)}
		for _, l := range alertLabels {
			var value argReader
			switch l {
			case "Exception":
				forms = append(forms, form(l+": %s (%s)", kindArg, severityArg))
				continue
			case "Deadline":
				forms = append(forms, form(l+": "+deadlineLead, deadlineArg, spanArg))
				continue
			case "Time left":
				value = spanArg
			case "Detail":
				value = phraseArg(detailReader)
			case "Suggested next action", "What to do":
				value = phraseArg(actionReader)
			case "Status":
				value = statusArg
			}
			forms = append(forms, form(l+": %s", value))
		}
		return newPhraseReader(forms...)
	})
	logReaders = sync.OnceValue(func() map[string]*phraseReader {
		return map[string]*phraseReader{
			"opened":        detailReader(),
			"closed":        newPhraseReader(form(LogClosedByRules)),
			LogAcknowledged: newPhraseReader(form(LogSnoozeEnded)),
			LogSnoozed:      newPhraseReader(form(LogSnoozedUntil)),
			LogAssigned:     newPhraseReader(form(LogNobody), form(LogNobodyWas), form(LogOwnerWas)),
			LogResolved:     newPhraseReader(form(LogByHand), form(LogCaseClosed), form(LogCaseClosedWhy)),
			LogReopened:     newPhraseReader(form(LogCaseReopened)),
		}
	})
)

// DetailPhrase is an exception's stored detail as the Phrase the rules
// wrote it from; ok false for a detail in no known form.
func DetailPhrase(detail string) (Phrase, bool) { return detailReader().read(detail) }

// AlertSubjectPhrase is an alert's stored subject as the Phrase it was
// written from (a digest's too: its parts are AlertCounts); ok false for
// one in no known form (an older store's).
func AlertSubjectPhrase(subject string) (Phrase, bool) { return subjectReader().read(subject) }

// AlertBodyPhrases is an alert's stored body, a Phrase a line: a line in
// no known form is Text of itself. The line breaks are the caller's. A
// digest's body holds its alerts' subjects too, each on a line of its own.
func AlertBodyPhrases(body string) []Phrase {
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	out := make([]Phrase, len(lines))
	for i, l := range lines {
		p, ok := bodyReader().read(l)
		if !ok && strings.HasPrefix(l, "[waybill] ") {
			p, ok = subjectReader().read(l)
		}
		if !ok {
			p = Text(l)
		}
		out[i] = p
	}
	return out
}

// LogDetailPhrase is an exception log entry's detail, of the entry's
// action, as the Phrase it was written from; ok false for a person's own
// words (a resolution's reason, an owner's name).
func LogDetailPhrase(action, detail string) (Phrase, bool) {
	r, ok := logReaders()[action]
	if !ok {
		return Phrase{}, false
	}
	return r.read(detail)
}

// Text is a phrase that is text as it is: it renders the same in every
// language.
func Text(s string) Phrase { return Phrase{Format: "%s", Args: []any{s}} }

// StoredFormats are the formats of every stored text and refusal a screen
// renders, for the catalog's test: each must be in the catalog.
func StoredFormats() []string {
	var out []string
	for _, r := range []*phraseReader{detailReader(), subjectReader(), actionReader(), bodyReader(), checkReader()} {
		out = append(out, r.formats()...)
	}
	for _, r := range logReaders() {
		out = append(out, r.formats()...)
	}
	for _, r := range caseReaders() {
		for _, f := range r.formats() {
			if f != "%s" { // a kind alone: its word is the catalog's
				out = append(out, f)
			}
		}
	}
	out = append(out, numberFormats()...)
	out = append(out, healthReasons().formats()...)
	out = append(out, carrierFormats()...)
	out = append(out, ExposedSecrets, ExposedSecretsMore)
	out = append(out, DeadlineLogDue, DeadlineLogMoved, DeadlineLogAlerted)
	out = append(out, configRefusalFormats...)
	out = append(out, wrapFormats...)
	out = append(out, storeFormats...)
	out = append(out, claimRefusalFormats...)
	return append(out, refusalFormats...)
}

// The case log's details that Case.Apply and OpenCase write, where they
// have a form (Solution.String's common ones among them); a message to
// the buyer, a note or a carrier's answer is a person's text.
const (
	caseNextFollowUp = "next follow-up %s"
	caseGoTo         = "%s → %s"
	caseClosed       = "%s (root cause: %s)"
	caseRefSuffix    = "%s [ref %s]"
	solvedNewETA     = "new ETA %s"
	solvedReissue    = "reissue as %s"
	solvedFullRefund = "full refund %s %s"
	solvedPartRefund = "partial refund %s %s"
	solvedClaim      = "claim %s %s with %d photos"
	solvedClaimRef   = "claim %s %s [ref %s] with %d photos"
	solvedNone       = "none needed"
	// A customs solution: the documents supplied and who pays the duties;
	// shared duties name the seller's part of the total.
	solvedCustoms       = "customs: %s; duties paid by %s"
	solvedCustomsShared = "customs: %s; duties paid by %s (seller %s of %s %s)"
	// A redelivery or a pickup, to the verified address and phone.
	solvedToPhone = "%s to %s, phone %s"
	solvedTo      = "%s to %s"
	solvedPhone   = "%s, phone %s"
	// InvestigationRequested is what the screen logs when a logistics
	// investigation is asked for without a word of the person's own.
	InvestigationRequested = "logistics investigation requested"
)

// stepArg reads a case step ("verify").
func stepArg(s string) (any, bool) {
	st := CaseStep(s)
	return st, slices.Contains(CaseSteps, st)
}

// causeArg reads a root cause ("carrier").
func causeArg(s string) (any, bool) {
	c := RootCause(s)
	return c, slices.Contains(RootCauses, c)
}

// DocumentList is the documents a customs solution supplied: its String
// is the English list ("commercial invoice, packing list"), and a screen
// says each document it knows in its language.
type DocumentList []string

func (d DocumentList) String() string { return strings.Join(d, ", ") }

// docsArg reads a customs solution's documents.
func docsArg(s string) (any, bool) {
	if s == "" {
		return nil, false
	}
	return DocumentList(strings.Split(s, ", ")), true
}

// dutiesArg reads who pays the duties ("shared").
func dutiesArg(s string) (any, bool) {
	d := Duties(s)
	return d, d == DutiesBuyer || d == DutiesSeller || d == DutiesShared
}

// placeArg reads the solution that goes to an address or a phone.
func placeArg(s string) (any, bool) {
	t := SolutionType(s)
	return t, t == SolveRedeliver || t == SolvePickup
}

// solutionArg reads a solution written as its type alone ("return"), as
// Solution.String writes those with nothing more to say.
func solutionArg(s string) (any, bool) {
	t := SolutionType(s)
	return t, slices.Contains([]SolutionType{SolveRedeliver, SolvePickup, SolveReturn, SolveResend}, t)
}

var caseReaders = sync.OnceValue(func() map[CaseActionType]*phraseReader {
	ref := newPhraseReader(form(caseRefSuffix))
	asked := newPhraseReader(form(InvestigationRequested))
	investigated := newPhraseReader(form(InvestigationRequested),
		form(caseRefSuffix, phraseArg(func() *phraseReader { return asked })))
	return map[CaseActionType]*phraseReader{
		"open":         newPhraseReader(form("%s", kindArg)),
		ActFollowUp:    newPhraseReader(form(caseNextFollowUp)),
		ActGoTo:        newPhraseReader(form(caseGoTo, stepArg, stepArg)),
		ActClose:       newPhraseReader(form(caseClosed, nil, causeArg)),
		ActVerify:      ref,
		ActInvestigate: investigated,
		ActSolve: newPhraseReader(form(solvedNewETA), form(solvedReissue), form(solvedFullRefund), form(solvedPartRefund),
			form(solvedClaimRef), form(solvedClaim), form(solvedNone),
			form(solvedCustomsShared, docsArg, dutiesArg), form(solvedCustoms, docsArg, dutiesArg),
			form(solvedToPhone, placeArg), form(solvedTo, placeArg), form(solvedPhone, placeArg),
			form("%s", solutionArg)),
	}
})

// CaseLogDetailPhrase is a case log entry's detail, of its action, as the
// Phrase it was written from; ok false for a person's own words.
func CaseLogDetailPhrase(action CaseActionType, detail string) (Phrase, bool) {
	r, ok := caseReaders()[action]
	if !ok {
		return Phrase{}, false
	}
	return r.read(detail)
}
