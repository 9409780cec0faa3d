package ui

import "waybill/ui/i18n"

// A session that may change nothing says why when a key would: a viewer's
// role, or a store opened read-only. What it cannot do is a phrase the
// catalog holds by id ("cannot:work cases"), so the sentence reads whole
// in each language; a phrase it lacks reads as written.

// readOnlyNoteIn is what a viewer is told when a key would change
// something: "read only: the viewer role cannot work cases".
func readOnlyNoteIn(what string, tr *i18n.Printer) string {
	return tr.T("read only: the viewer role cannot %s", cannotWord(what, tr))
}

// readOnlyStoreNoteIn is what a session over a read-only store is told.
func readOnlyStoreNoteIn(what string, tr *i18n.Printer) string {
	return tr.T("this session cannot %s (read-only store)", cannotWord(what, tr))
}

func cannotWord(what string, tr *i18n.Printer) string {
	return tr.WordOr("cannot:"+what, what)
}
