package ui

import "waybill/ui/i18n"

// LogActor is who made a log entry as the command line prints it, as the
// screen does: a person's name as it is, the rules by the catalog's word
// (规则) outside English. --json keeps the stored actor.
func LogActor(actor string, tr *i18n.Printer) string { return logActorWord(actor, tr) }
