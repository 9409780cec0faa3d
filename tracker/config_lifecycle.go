package tracker

// validateLifecycle checks [tracking]'s follow_days and restarts_per_day.
// A marketplace protects the buyer 60 to 120 days on slow routes; a year
// is beyond any, and a follow of less than a day follows nothing.
func (t TrackingConfig) validateLifecycle(p *problems) {
	if !inRange(t.FollowDays, 1, 365) {
		p.add("tracking.follow_days", t.FollowDays, "want 1 to 365 days after shipping (the buyer's protection, e.g. 90)")
	}
	if !inRange(t.RestartsPerDay, 0, 100_000) {
		p.add("tracking.restarts_per_day", t.RestartsPerDay, "want 0 (never restart) to 100000 restarts a day per service")
	}
}

// Lifecycle is how the refresher follows numbers as [tracking] says, on
// store.
func (c Config) Lifecycle(store LifeStore) *Lifecycle {
	return &Lifecycle{Store: store, FollowDays: c.Tracking.FollowDays, RestartsPerDay: c.Tracking.RestartsPerDay}
}
