package tracker

import "time"

// SetMarketTick replaces the round ticker of m, for tests that drive the
// rounds by hand.
func SetMarketTick(m *MarketSyncer, tick func(d time.Duration) (<-chan time.Time, func())) {
	m.tick = tick
}

// SetMarketPoll replaces the ticker m looks for syncs wanted by other
// processes with, for tests that drive it by hand.
func SetMarketPoll(m *MarketSyncer, poll func() (<-chan time.Time, func())) {
	m.poll = poll
}
