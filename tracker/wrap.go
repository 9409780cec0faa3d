package tracker

// WrapError is an error a person reads whose English is a Phrase: what was
// being done, and the cause among its values (an error, unwrapped, so
// errors.Is and errors.As see through it). A reader in another language
// says the frame by its catalog and the cause as far as it can (its own
// phrase, or the cause's text as it is).
type WrapError struct{ Phrase }

func (e *WrapError) Error() string { return e.String() }

// Unwrap is the errors among the values.
func (e *WrapError) Unwrap() []error {
	var out []error
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			out = append(out, err)
		}
	}
	return out
}

// Wrapf is a WrapError of format (%v for the cause, never %w: a Phrase
// prints by fmt.Sprintf) and its values.
func Wrapf(format string, args ...any) error {
	return &WrapError{Phrase{Format: format, Args: args}}
}

// The frames of the errors main wraps around a cause, for Wrapf.
const (
	WrapStoreFolder = "create the store's folder: %v"
	WrapDemoOrders  = "add demo orders: %v"
	WrapMarketplace = "no marketplace %q: want aliexpress"
)

// The frames tracker's services wrap around a cause a person reads (a
// case action refused, a store's error): the case's number is a value.
const (
	WrapCase       = "case %d: %v"
	WrapCaseBundle = "bundle of case %d: %v"
	WrapCaseClaim  = "add claim to case %d: %v"
	// WrapConfigFile is a config file that cannot be read at all (the
	// OS's words after it).
	WrapConfigFile = "config %s: %v"
)

// wrapFormats are the frames above, for the catalog's test.
var wrapFormats = []string{WrapStoreFolder, WrapDemoOrders, WrapMarketplace, WrapCase, WrapCaseBundle, WrapCaseClaim, WrapConfigFile}
