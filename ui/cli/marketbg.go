package cli

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"waybill/tracker"
	"waybill/ui"
)

// marketSyncer is the marketplace sync that runs beside the refresher in
// the screen, `serve` and `refresh --watch`, every [marketplaces]
// sync_interval; nil (whose Run returns at once) when no marketplace is
// configured. Its health shows among the services' in the refresher's
// state, so the status bar says when a sync fails; onSync, when set, is
// told each sync.
func (a *app) marketSyncer(s *session, bg Background, hub *tracker.Hub, onSync func(tracker.SyncReport, error)) (*tracker.MarketSyncer, error) {
	if a.wiring.Marketplaces == nil {
		return nil, nil
	}
	markets, err := a.wiring.Marketplaces(s.cfg, s.cfgPath)
	if err != nil || len(markets) == 0 {
		return nil, err
	}
	svc := tracker.NewService(s.store, bg.Clock, hub, s.store)
	m := tracker.NewMarketSyncer(svc, bg.Clock, markets, s.cfg.Marketplaces.SyncInterval.Duration)
	m.Role = actor().Role
	m.Health = bg.Refresher
	m.OnSync = onSync
	return m, nil
}

// logSync prints what a background sync did, when it did anything or
// failed; mu keeps its lines apart from the refresher's and the sender's.
func logSync(out io.Writer, mu *sync.Mutex) func(tracker.SyncReport, error) {
	return func(rep tracker.SyncReport, err error) {
		if err == nil && len(rep.Problems) == 0 &&
			rep.OrdersNew+rep.OrdersChanged+rep.ParcelsNew+rep.DisputesOpened+rep.DisputesUpdated+rep.DisputesFinished == 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		r := syncResult{SyncReport: rep}
		if err != nil {
			r.Error = ui.Sanitize(err.Error())
		}
		fmt.Fprintf(out, "%s sync ", time.Now().Format("15:04:05"))
		printSync(out, nil, []syncResult{r}) // a timestamped log: English
	}
}

// marketWebhooks mounts on mux the marketplaces' webhook endpoints (a
// Shopify shop's with its webhook secret) and returns their paths. A
// verified push kicks market's sync of that marketplace, so the order is
// read within seconds instead of at the next sync_interval; the handler
// never waits for the sync (MarketSyncer.Kick). Webhook ids are kept in
// the store (MarketSyncer.WebhookRepeat), so a repeat is dropped after a
// restart and by another process on the store.
func (a *app) marketWebhooks(s *session, mux *http.ServeMux, market *tracker.MarketSyncer) ([]string, error) {
	if a.wiring.MarketWebhooks == nil || market == nil {
		return nil, nil
	}
	h, paths, err := a.wiring.MarketWebhooks(s.cfg, s.cfgPath, market.WebhookRepeat, func(name string) { market.Kick(name) })
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		mux.Handle(p, h) // more specific than the carriers' /webhooks/
	}
	return paths, nil
}
