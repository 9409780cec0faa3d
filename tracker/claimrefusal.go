package tracker

// The refusals of a claim as a person writes it (CheckClaim, the state
// machine's, a new claim's state, the parcel's attempts): a state, an
// amount, a currency and a party as given are values; the flags named
// (--filed, --ref, --recovered) as they are typed.
const (
	refuseClaimState      = "state %q: want one of %s"
	refuseClaimPartyKind  = "party kind %q: want carrier or insurer"
	refuseClaimNoParty    = "party: empty: name the carrier (its slug) or the insurer"
	refuseClaimAmount     = "amount claimed %s: want more than 0"
	refuseClaimTooLarge   = "amount claimed %s: too large"
	refuseClaimCurrency   = "currency %q: want a three-letter ISO code such as USD or EUR"
	refuseClaimRecovered  = "amount recovered %s: want 0 or more"
	refuseClaimOverpaid   = "amount recovered %s: more than the %s claimed"
	refuseClaimFuture     = "filed date %s: in the future"
	refuseClaimNeedsFiled = "state %s: needs the filed date (--filed YYYY-MM-DD)"
	refuseClaimNeedsRef   = "state %s: needs the party's reference (--ref)"
	refuseClaimPaidNone   = "state paid: recovered %s: want the amount that came back, more than 0 (--recovered)"
	refuseClaimNotPaid    = "state %s: recovered %s: only a paid claim has money recovered (a partial payment is paid)"
	refuseClaimMove       = "state %s: a %s claim cannot become %s (it may become: %s)"
	refuseClaimNoChange   = "nothing to change: give --state, --recovered, --ref, --filed or --note"
	refuseClaimNewState   = "state %q: a new claim is draft or filed (change it later with claim set)"
	refuseClaimAttempts   = "party %s: %s allows %d claims per parcel ([claims.attempts]) and this parcel has %d already (%s)"
	claimFinal            = "none (it is final)"
	refuseClaimChanged    = "the claim was changed by someone else meanwhile: read it again"
	// WrapClaim is the frame around a claim's refusal or a store's error.
	WrapClaim = "claim %d: %v"
)

// claimRefusalFormats are the formats above, for the catalog's test.
var claimRefusalFormats = []string{refuseClaimState, refuseClaimPartyKind, refuseClaimNoParty, refuseClaimAmount,
	refuseClaimTooLarge, refuseClaimCurrency, refuseClaimRecovered, refuseClaimOverpaid, refuseClaimFuture,
	refuseClaimNeedsFiled, refuseClaimNeedsRef, refuseClaimPaidNone, refuseClaimNotPaid, refuseClaimMove,
	refuseClaimNoChange, refuseClaimNewState, refuseClaimAttempts, claimFinal, WrapClaim, refuseClaimChanged,
	refuseCaseClosed, refuseCaseChanged, refuseCaseOpen, refuseViewer, refuseNotExtendable, refuseExtendDays,
	refuseExtendNoOrder, refuseExtendCap, refuseNotMarket, refuseNoExtender, refuseNotConnected, refuseSnoozePast, refuseSnoozeFor, refuseNotCountry, refuseStatus,
	refuseSeverity, refuseRole, refuseCaseFilter, refuseAudience}

// Refusals of a case, a viewer, an extension and a snooze a person
// meets on the screen and the command line: an order number, a
// marketplace's name, days and times are values.
const (
	refuseCaseClosed    = "the case is closed: reopen it first"
	refuseCaseChanged   = "the case was changed by someone else meanwhile: reload it"
	refuseCaseOpen      = "a case is already open for this parcel and kind"
	refuseViewer        = "read only: the viewer role cannot change anything"
	refuseNotExtendable = "cannot extend the buyer's protection"
	refuseExtendDays    = "days %d: want %d to %d days more of buyer protection"
	refuseExtendNoOrder = "order: want the marketplace order number"
	refuseExtendCap     = "days %d: more than %s = %d allows (the marketplace's own cap is not published; raise the setting if you know it)"
	refuseNotMarket     = "order %s: %v: it is not a marketplace's order (imported or typed in)"
	refuseNoExtender    = "order %s: %v: %s has no way to extend it"
	refuseNotConnected  = "order %s: %v: %s is not connected (README: Marketplaces)"
	refuseSnoozePast    = "snooze until %s: that is not after now (%s)"
	refuseSnoozeFor     = "snooze for %v: want a time ahead"
)

// The refusals of a name typed for a severity, a role, a case filter and
// a bundle's audience: the name as typed is a value, the names wanted are
// typed as they are.
const (
	refuseSeverity   = "severity %q: want low, medium, high or critical"
	refuseRole       = "role %q: want viewer, agent or admin"
	refuseCaseFilter = "case filter %q: want open, due, mine, closed or all"
	refuseAudience   = "bundle audience %q: want dispute, claim or buyer"
)
