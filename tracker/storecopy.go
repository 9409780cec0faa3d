package tracker

// StoreCopyTable is one table of a store copied to another engine
// (`waybill migrate --to`): its rows and checksum on each side. The
// checksum is SHA-256 over the rows in primary-key order, each value
// rendered the same way whichever engine it was read from, so equal sums
// mean equal rows.
type StoreCopyTable struct {
	Table string `json:"table"`
	// Rebuilt: the table is not copied but kept by the target's own
	// triggers as the rows are copied (the counters); it is compared all
	// the same.
	Rebuilt      bool   `json:"rebuilt,omitempty"`
	SourceRows   int64  `json:"source_rows"`
	TargetRows   int64  `json:"target_rows"`
	SourceSHA256 string `json:"source_sha256"`
	TargetSHA256 string `json:"target_sha256"`
	Equal        bool   `json:"equal"`
}

// StoreCopyReport is what a store copy found. Committed is false when a
// table differed: the copy was rolled back and the target left empty.
type StoreCopyReport struct {
	From      string           `json:"from"`
	To        string           `json:"to"` // the URL without its password
	Tables    []StoreCopyTable `json:"tables"`
	Equal     bool             `json:"equal"`
	Committed bool             `json:"committed"`
}
