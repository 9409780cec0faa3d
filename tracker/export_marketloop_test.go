package tracker

import "time"

// SetMarketTick replaces the round ticker of m, for tests that drive the
// rounds by hand.
func SetMarketTick(m *MarketSyncer, tick func(d time.Duration) (<-chan time.Time, func())) {
	m.tick = tick
}
