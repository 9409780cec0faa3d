package tracker

// EvidenceConfig configures the evidence bundles (`waybill case bundle`,
// the case view's bundle key).
type EvidenceConfig struct {
	// Font is the TrueType font (.ttf) covering Chinese, Japanese and
	// Korean the bundle's PDF is set in; "" looks on the system (Debian's
	// fonts-droid-fallback, Noto Sans SC, WenQuanYi). ~/ is the home
	// folder; a relative path is taken from the config file's folder.
	Font string `toml:"font"`
}
