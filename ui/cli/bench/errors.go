package bench

// The errors of a sitting a person reads (tracker.Wrapf), by their English
// format, so the command line says them in its reader's language: a
// store's path and a scale are values, the cause (the OS's, the store's)
// as it was said. A measure's own checks (a first frame with no orders,
// a filter that matches nothing, the RSS child's answer) are the bench's
// diagnostics of itself and stay in English.
const (
	errReuseMissing = "bench --reuse: the store of %d orders: %v"
	errStoreExists  = "bench: %s exists; --reuse measures it, or remove it"
	errBuild        = "bench: build %d orders: %v"
	errMeasure      = "bench: %d orders: %v"
)

// ErrorFormats are the formats above, for the catalog's test.
func ErrorFormats() []string { return []string{errReuseMissing, errStoreExists, errBuild, errMeasure} }
