package carriers

import "waybill/tracker"

// Marketplaces builds the seller's marketplace accounts the config
// connects, for the sync (tracker.Service.SyncMarketplace): one per
// configured [marketplaces.NAME] table. getenv reads the secrets the
// config names by variable. None yet: each adapter adds its case here
// (carriers/aliexpress, issue 22), so main only wires.
func Marketplaces(cfg tracker.Config, getenv func(string) string) ([]tracker.Marketplace, error) {
	var ms []tracker.Marketplace
	return ms, nil
}
