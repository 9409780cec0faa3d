package serve

// The words a login or a session is refused or closed with, on the
// agent's terminal in the session's language (the catalog's); the log
// says them in English. A name, a count and a time are values.
const (
	whyMayNot     = "the key may not log in"
	whyUnknownKey = "this key may not log in"
	whyRelisted   = "this connection's key is no longer listed as it was: log in again"
	whyNoPty      = "no terminal: connect with ssh -t"
	whyCommand    = "waybill serves its screen only: connect without a command"
	whyStopping   = "the server is stopping"
	whyFull       = "all %d sessions are in use"
	whyKeyFull    = "%s already has %d sessions open, the most one key may"
	whyLater      = "%s; try again later"
	whyConnFull   = "%s already has %d connections open, the most one key may; close one and try again"
	whyClosed     = "closed: %s"
	whyIdle       = "closed after %s without a key press"
	whyUnlisted   = "the key is no longer listed"
	whyRelistedAs = "the key is now listed as %s · %s"
)

// words are the formats above, for the catalog's test.
var words = []string{whyUnknownKey, whyRelisted, whyNoPty, whyCommand, whyStopping, whyFull, whyKeyFull,
	whyLater, whyConnFull, whyClosed, whyIdle, whyUnlisted, whyRelistedAs}
