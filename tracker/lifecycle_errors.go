package tracker

import "errors"

// Per-number answers of Restarter.Restart that are not failures of the
// number itself: the service says there was nothing to restart
// (ErrNotStopped: it still follows the number) or that the number's one
// restart is spent already (ErrRestartSpent). Adapters wrap them around
// the service's own words; the refresher tells them apart with errors.Is.
var (
	ErrNotStopped   = errors.New("the service still follows the number")
	ErrRestartSpent = errors.New("the number's one restart is spent")
)
