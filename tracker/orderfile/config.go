package orderfile

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"waybill/tracker"
)

// columnField is the field an [import.columns] key names, as MapHeader
// reads it.
func columnField(key string) (Field, bool) {
	f := Field(strings.TrimSpace(strings.ToLower(key)))
	return f, slices.Contains(Fields, f)
}

// CheckConfig is the order files' part of checking a config, a
// tracker.ConfigCheck that main runs when any command starts: each
// [import.columns] entry names a field and a header, and no two name the
// same field or the same column (MapHeader would fail every file).
func CheckConfig(cfg tracker.Config) []*tracker.ConfigError {
	var out []*tracker.ConfigError
	bad := func(key, header, format string, args ...any) {
		out = append(out, &tracker.ConfigError{Key: tracker.ConfigKey("import", "columns", key),
			Value: tracker.ConfigValue(header), Reason: fmt.Sprintf(format, args...)})
	}
	fields := map[Field]string{}   // field → the key that named it
	headers := map[string]string{} // folded header → the key that named it
	keys := make([]string, 0, len(cfg.Import.Columns))
	for k := range cfg.Import.Columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h := cfg.Import.Columns[k]
		f, ok := columnField(k)
		folded := foldHeader(h)
		switch {
		case !ok:
			bad(k, h, "%q is not a field (want one of %s)", k, fieldList())
		case fields[f] != "":
			bad(k, h, "the same field as %s", tracker.ConfigKey("import", "columns", fields[f]))
		case folded == "":
			bad(k, h, "want the header of the column that holds %s", f)
		case utf8.RuneCountInString(h) > maxHeader:
			bad(k, h, "a header is at most %d characters", maxHeader)
		case headers[folded] != "":
			bad(k, h, "the same column as %s: a column holds one field", tracker.ConfigKey("import", "columns", headers[folded]))
		}
		if ok && fields[f] == "" {
			fields[f] = k
		}
		if folded != "" && headers[folded] == "" {
			headers[folded] = k
		}
	}
	return out
}

// maxHeader bounds a header [import.columns] names; no sheet's is longer.
const maxHeader = 200
