package tracker

// The demo and real work, kept apart. Demo orders are made up by the
// simulator and marked (Order.Demo); these are the rules of which store a
// first run opens, which clock a store runs on and who checks a parcel
// (Refresher.carrierFor). Every user interface asks them; none decides
// for itself.

// MetaDemo is the store's meta key that is "1" when demo orders filled
// the store while it was empty: a demo store, which runs on its own clock
// (MetaDemoClock) while it holds nothing else.
const MetaDemo = "demo"

// OpensDemo is the one rule of which store `waybill` with no --db opens.
// With nothing configured, the first run opens the demo in a store of its
// own beside the default one, so the default store only ever holds real
// work. Nothing is configured when the config (a file, or none: the
// defaults) names no tracking service (the simulator does not count), no
// marketplace and no [store] path, and the default store holds no order (a
// missing file holds none). Adding or importing an order into the default
// store, or configuring a service, a marketplace or a store path, makes
// the next run open the real store: a marketplace's orders are real work,
// and its background sync must never fill the demo's store.
func OpensDemo(cfg Config, defaultStoreEmpty bool) bool {
	return len(cfg.RealCarriers()) == 0 && !cfg.Marketplaces.Any() && cfg.Store.Where() == "" && defaultStoreEmpty
}

// OnDemoClock is the rule of which clock a store runs on: a demo store's
// own faster clock (DemoClock) while every order in it is a demo's, the
// wall clock as soon as one real order is in it, since real work's
// deadlines, follow-ups and alerts keep the calendar. Demo events stamped
// ahead of the wall clock stay as they were; the demo's parcels go on at
// the wall clock's pace.
func OnDemoClock(demoStore, hasReal bool) bool {
	return demoStore && !hasReal
}

// DemoRemoved counts what deleting a store's demo orders deleted with
// them, and the real orders it kept.
type DemoRemoved struct {
	Orders, Parcels, Events, Exceptions, Cases, Alerts int
	Kept                                               int // real orders left
}
