package tracker

import "time"

// DefaultSyncInterval is [marketplaces] sync_interval of an empty file:
// a new order or dispute shows within a quarter hour, at a handful of
// calls an hour against the marketplace's limits.
const DefaultSyncInterval = 15 * time.Minute

// The bounds of sync_interval: more often than a minute only spends the
// marketplace's call limit; less than daily misses a dispute's reply
// window (AliExpress gives days, not hours, but a day is the most to lose).
const (
	MinSyncInterval = time.Minute
	MaxSyncInterval = 24 * time.Hour
)
