package ui

import (
	"strconv"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// A complaint case's words in the session's language: its state, the
// solutions, root causes and the actions its log names. English is what
// the case view said before the catalog; a value the catalog lacks (a
// newer store's) reads as it did.

// caseStateWord is a case's state: "open", 处理中.
func caseStateWord(s tracker.CaseState, tr *i18n.Printer) string {
	return tr.WordOr("casestate:"+string(s), string(s))
}

// solutionWord is a solution type: "new ETA", 新预计时间.
func solutionWord(s tracker.SolutionType, tr *i18n.Printer) string {
	return tr.WordOr("solution:"+string(s), solutionName(s))
}

// causeWord is a root cause: "customs documents", 清关文件.
func causeWord(c tracker.RootCause, tr *i18n.Printer) string {
	if c == "" {
		return ""
	}
	return tr.WordOr("cause:"+string(c), causeLabel(c))
}

// caseActionWord is an action as the case log names it: "reassure", 安抚买家.
func caseActionWord(a tracker.CaseActionType, tr *i18n.Printer) string {
	return tr.WordOr("act:"+string(a), string(a))
}

// etaBasisIn is etaBasis in the session's language.
func etaBasisIn(e tracker.ETA, tr *i18n.Printer) string {
	if tr.Lang() == i18n.En {
		return etaBasis(e)
	}
	if e.Source == tracker.ETAFromCarrier {
		return tr.T("the carrier's estimate")
	}
	return tr.T("%s delivered parcels, same %s", strconv.Itoa(e.Samples), tr.WordOr("basis:"+e.Basis, Sanitize(e.Basis)))
}

// claimStateWord is a claim's state: "filed", 已提交.
func claimStateWord(s tracker.ClaimState, tr *i18n.Printer) string {
	return tr.WordOr("claim:"+string(s), string(s))
}
