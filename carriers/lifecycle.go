package carriers

import (
	"maps"
	"slices"

	"waybill/tracker"
)

// QuotaReaders returns the configured services that tell their plan's use
// (tracker.QuotaReader), by name: 17TRACK's getquota today; AfterShip
// documents no such call.
func (s *Set) QuotaReaders() map[string]tracker.QuotaReader {
	out := map[string]tracker.QuotaReader{}
	for _, name := range slices.Sorted(maps.Keys(s.services)) {
		if q, ok := s.services[name].(tracker.QuotaReader); ok {
			out[name] = q
		}
	}
	return out
}
