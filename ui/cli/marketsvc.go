package cli

import (
	"waybill/tracker"
)

// withMarkets gives svc the configured marketplaces, for the actions that
// call one (extending protection). A marketplace that cannot be built
// (its secret unset) leaves the service without any: the screen still
// opens, and an extension says the marketplace is not connected; `waybill
// sync` and `waybill extend` report the build's own error.
func (a *app) withMarkets(s *session, svc *tracker.Service) *tracker.Service {
	if a.wiring.Marketplaces == nil {
		return svc
	}
	if ms, err := a.wiring.Marketplaces(s.cfg, s.cfgPath); err == nil {
		svc.WithMarketplaces(ms...)
	}
	return svc
}
