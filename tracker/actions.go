package tracker

// suggestedActions is the first thing to do about each kind of exception
// (DESIGN §4). The triage queue shows it beside each exception and alerts
// carry it, so both tell a person the same next step.
var suggestedActions = map[ExceptionKind]string{
	ExNoTracking:     "check the number, ask the carrier",
	ExStale:          "request a logistics investigation",
	ExCustoms:        "supply invoice, packing list, HS code; agree duties",
	ExDeliveryFailed: "verify phone and address with the buyer; redeliver or pickup point",
	ExDamaged:        "photos as evidence; claim; resend or refund",
	ExMissingItems:   "photos as evidence; claim; resend or refund",
	ExLost:           "claim (transaction proof); reissue or refund",
	ExOverdue:        "give the buyer a new ETA",
	ExReturning:      "contact buyer; resend or refund",
	ExUntracked:      "ask the seller/carrier for a tracked number",
	ExCarrierProblem: "ask the carrier what happened; tell the buyer",
}

// SuggestedAction returns the first suggested action for an exception kind,
// or "" for a kind it does not know.
func SuggestedAction(k ExceptionKind) string { return suggestedActions[k] }
