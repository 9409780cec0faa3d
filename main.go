// Command waybill tracks the parcels a cross-border seller shipped, catches
// logistics exceptions early, and helps work buyer complaints to the end.
//
// main.go is wiring only: it opens the config and the store, builds the
// carriers, the refresher, the alert channels and the simulator, and hands
// them to the command line (ui/cli), which parses, runs and prints.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"waybill/carriers"
	"waybill/carriers/aliexpress"
	"waybill/carriers/carrierhttp"
	"waybill/carriers/sim"
	"waybill/store"
	"waybill/tracker"
	"waybill/tracker/notify"
	"waybill/tracker/orderfile"
	"waybill/ui"
	"waybill/ui/cli"
	"waybill/ui/cli/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command line args with everything wired, and returns the
// exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return cli.Run(ctx, wiring(), args, os.Stdin, stdout, stderr)
}

func wiring() cli.Wiring {
	return cli.Wiring{
		LoadConfig:    loadConfig,
		Stores:        stores,
		Open:          open,
		BuyerEmail:    buyerEmail,
		WebhookServer: webhookServer,
		Backtest:      backtest,
		Connect:       connect,
		Bench:         benchPorts(),
		Marketplaces: func(cfg tracker.Config, cfgPath string) ([]tracker.Marketplace, error) {
			return carriers.Marketplaces(cfg, cfgPath, os.Getenv)
		},
		MarketWebhooks: func(cfg tracker.Config, cfgPath string, seen func(context.Context, string, string) (bool, error), kick func(string)) (http.Handler, []string, error) {
			return carriers.MarketWebhooks(cfg, cfgPath, os.Getenv, seen, kick)
		},
	}
}

func xdg(env, fallback string) string {
	if d := os.Getenv(env); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "waybill")
	}
	return filepath.Join(home, fallback)
}

// loadConfig reads the config at path, or the default config file when
// there is one, and checks all of it: tracker's rules, each service's
// documented limits, the order file columns, the store's folder, the
// environment variables it names, the screen's [keys].
func loadConfig(path string) (tracker.Config, string, error) {
	missingOK := false
	if path == "" {
		path, missingOK = filepath.Join(xdg("XDG_CONFIG_HOME", ".config"), "waybill", "config.toml"), true
	}
	cfg, err := tracker.LoadConfig(path, missingOK, carriers.CheckConfig, orderfile.CheckConfig, store.CheckConfig, tracker.CheckEnv(os.Getenv), ui.CheckKeys)
	return cfg, path, err
}

// defaultStore is where the default store is; the first run's demo
// store, demoStore, is beside it.
func defaultStore() string {
	return filepath.Join(xdg("XDG_DATA_HOME", ".local/share"), "waybill", "waybill.db")
}

func demoStore() string { return filepath.Join(filepath.Dir(defaultStore()), "demo.db") }

// stores says where the default and the demo store are, and whether the
// default store holds no order. It makes no store.
func stores(ctx context.Context) (cli.Stores, error) {
	st := cli.Stores{Default: defaultStore(), Demo: demoStore(), DefaultEmpty: true}
	if _, err := os.Stat(st.Default); errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	db, err := store.Open(ctx, st.Default)
	if err != nil {
		return st, err
	}
	defer db.Close()
	st.DefaultEmpty, err = db.IsEmpty(ctx)
	return st, err
}

// open opens the store at path, else [store] path, else the default one;
// for the screen or serve (screen) with its readers ready (store.Warm).
// Only the default folder (of the default and the demo store) is made,
// private to the user; a folder named by --db or store.path must exist
// (store.ErrNoFolder).
func open(ctx context.Context, path string, cfg tracker.Config, screen bool) (cli.Env, error) {
	if path == "" {
		path = cfg.Store.Where()
	}
	if path == "" {
		path = defaultStore()
	}
	if path == defaultStore() || path == demoStore() {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, tracker.Wrapf(tracker.WrapStoreFolder, err)
		}
	}
	var opts []store.OpenOption
	if screen {
		opts = append(opts, store.Warm)
	}
	db, err := store.Open(ctx, path, opts...)
	if err != nil {
		return nil, err
	}
	db.SetETASettings(cfg.ETA)
	db.SetPrechecks(cfg.Prechecks)
	return &env{cfg: cfg, db: db}, nil
}

// env is an open store with the config it was opened with.
type env struct {
	cfg tracker.Config
	db  *store.DB
	// demoClock is a demo store's clock once read; nil otherwise.
	demoClock *tracker.DemoClock
}

func (e *env) Store() cli.Store { return e.db }

func (e *env) Close() error {
	if e.demoClock != nil {
		e.demoClock.Leave(context.Background())
	}
	return e.db.Close()
}

// Clock is the store's clock: the wall clock, or a demo store's own,
// kept in the store so every process logs on one time line, while it
// holds no real order (tracker.OnDemoClock).
func (e *env) Clock(ctx context.Context) (tracker.Clock, bool, error) {
	if e.demoClock != nil {
		return e.demoClock, true, nil
	}
	v, _, err := e.db.Meta(ctx, tracker.MetaDemo)
	if err != nil || v != "1" {
		return tracker.SystemClock{}, false, err
	}
	if _, real, err := e.db.HasOrders(ctx); err != nil || !tracker.OnDemoClock(true, real) {
		return tracker.SystemClock{}, false, err
	}
	if e.demoClock, err = tracker.OpenDemoClock(ctx, e.db, e.cfg.Demo.Speed, time.Now); err != nil {
		return nil, false, err
	}
	return e.demoClock, true, nil
}

func (e *env) SeedDemo(ctx context.Context, n int, seed int64) (tracker.ApplySummary, error) {
	clock := tracker.SystemClock{}
	if err := addDemoOrders(ctx, e.db, n, seed, clock.Now()); err != nil {
		return tracker.ApplySummary{}, err
	}
	// Real parcels due now are checked by their services, as any pass
	// does; the demo's alerts go to the app alone (Policy.AlertRoutes).
	r, _, err := e.refresher(clock, nil, seed)
	if err != nil {
		return tracker.ApplySummary{}, err
	}
	r.Concurrency = 1 // batches stored in order: the same seed gives the same rows
	return r.RunOnce(ctx)
}

// refresher checks each parcel where tracker's rule sends it: a demo
// order's to the simulator, every other to the service the config routes
// its carrier to, at that service's rate.
func (e *env) refresher(clock tracker.Clock, hub *tracker.Hub, seed int64) (*tracker.Refresher, *carriers.Set, error) {
	set, err := carriers.Build(e.cfg, os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	ref := tracker.NewRefresher(e.db, set.Route, clock, hub, e.cfg.Policy())
	ref.Simulator = sim.New(seed, clock)
	ref.Concurrency = e.cfg.Refresh.Concurrency
	ref.Lease = e.cfg.Refresh.Lease.Duration
	for name, perSecond := range set.Rates(e.cfg) {
		ref.SetRate(name, perSecond, 1)
	}
	ref.Life = e.cfg.Lifecycle(e.db)
	ref.QuotaReaders = set.QuotaReaders()
	ref.KeyPrints = set.KeyPrints()
	return ref, set, nil
}

// addDemoOrders adds n simulated orders shipped before now, each marked a
// demo's; a store that was empty is marked as a demo's, so it runs by the
// demo's clock while it holds nothing else.
func addDemoOrders(ctx context.Context, db *store.DB, n int, seed int64, now time.Time) error {
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if err := db.AddOrders(ctx, now, sim.Orders(n, seed, now)); err != nil {
		return tracker.Wrapf(tracker.WrapDemoOrders, err)
	}
	if empty {
		return db.SetMeta(ctx, tracker.MetaDemo, "1")
	}
	return nil
}

func (e *env) Background(ctx context.Context, hub *tracker.Hub, onAlert func(string, int, error)) (cli.Background, error) {
	clock, demo, err := e.Clock(ctx)
	if err != nil {
		return cli.Background{}, err
	}
	ref, set, err := e.refresher(clock, hub, e.cfg.Demo.Seed)
	if err != nil {
		return cli.Background{}, err
	}
	bg := cli.Background{Refresher: ref, Clock: clock, Demo: demo}
	bg.Webhooks, bg.WebhookPaths = set.Webhooks(ref.Push)
	alerts, err := e.alerts(clock)
	if err != nil {
		return cli.Background{}, err
	}
	alerts.OnSend = onAlert
	bg.Alerts = alertSender{alerts}
	if e.demoClock != nil {
		// Other processes on the store see this one has it open.
		go e.demoClock.Keep(ctx)
	}
	return bg, nil
}

// alerts builds the sender that drains the outbox, with a notifier for each
// channel [alerts] configures. An alert a sender holds is held for the
// refresh lease, as parcels are, and one send must end well within it.
func (e *env) alerts(clock tracker.Clock) (*notify.Sender, error) {
	ns, err := notify.Build(e.cfg.Alerts, os.Getenv)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	lease := e.cfg.Refresh.Lease.Duration
	e.db.SetAlertLease(lease)
	s := notify.NewSender(e.db, clock, ns...)
	s.Tick = e.cfg.Refresh.Interval.Duration
	s.Digest = e.cfg.Alerts.Digest.Duration
	s.Timeout = min(30*time.Second, lease/2)
	return s, nil
}

// alertSender is notify's Sender as the command line takes it.
type alertSender struct{ *notify.Sender }

func (s alertSender) Drain(ctx context.Context) (sent, failed int, err error) {
	r, err := s.Sender.Drain(ctx)
	return r.Sent, r.Failed, err
}

// buyerEmail sends a case's message to the buyer through [alerts.email]'s
// server, or is nil when no SMTP server is configured.
func buyerEmail(cfg tracker.Config) (func(ctx context.Context, to, subject, body string) error, error) {
	if cfg.Alerts.Email == nil {
		return nil, nil
	}
	m, err := notify.NewEmail(*cfg.Alerts.Email, os.Getenv)
	if err != nil {
		return nil, fmt.Errorf("alerts.email: %w", err)
	}
	return m.SendTo, nil
}

func webhookServer(ln net.Listener, h http.Handler, cfg tracker.HTTPConfig) (*http.Server, net.Listener) {
	return carrierhttp.NewServer(h, cfg), carrierhttp.LimitListener(ln, cfg.MaxConnections)
}

func backtest(orders int, seed int64) cli.Backtest {
	r := sim.Backtest(sim.BacktestOptions{Orders: orders, Seed: seed})
	return cli.Backtest{
		Orders: r.Orders, Trained: r.Trained, Cutoff: r.Cutoff,
		AtShipping: cli.BacktestFigures(r.AtShipping), MidTransit: cli.BacktestFigures(r.MidTr), Carrier: cli.BacktestFigures(r.Carrier),
		OverdueByCarrier: r.OverdueByCarrier, OverdueByBoth: r.OverdueByBoth,
	}
}

// benchStore is a store the bench builds, which can fill itself with demo orders.
type benchStore struct{ *store.DB }

func (s benchStore) AddDemoOrders(ctx context.Context, n int, seed int64, now time.Time) error {
	return addDemoOrders(ctx, s.DB, n, seed, now)
}

func benchPorts() bench.Ports {
	return bench.Ports{
		Open: func(ctx context.Context, path string) (bench.Store, error) {
			db, err := store.Open(ctx, path, store.Warm) // as the screen opens it: the bench times its first frame
			if err != nil {
				return nil, err
			}
			return benchStore{db}, nil
		},
		OpenPlain: func(ctx context.Context, path string) (bench.PlainTable, error) {
			if store.IsURL(path) {
				p, err := store.OpenPGPlain(ctx, path, "waybill_bench_plain")
				if err != nil {
					return nil, err
				}
				return p, nil
			}
			p, err := store.OpenPlain(ctx, path)
			if err != nil {
				return nil, err
			}
			return p, nil
		},
		Tables:    store.PGTables,
		Sibling:   store.PGSibling,
		Simulator: func(seed int64, clock tracker.Clock) tracker.Carrier { return sim.New(seed, clock) },
	}
}

// connect builds the adapter `waybill connect NAME` asks for.
func connect(_ context.Context, name string, cfg tracker.Config, cfgPath string) (cli.MarketConnector, error) {
	if name != aliexpress.Name {
		return nil, tracker.Wrapf(tracker.WrapMarketplace, name)
	}
	c, err := carriers.AliExpress(cfg, cfgPath, os.Getenv)
	if err != nil {
		return nil, err
	}
	return aeConnector{c, aliexpress.TokenPath(cfgPath)}, nil
}

// aeConnector is the AliExpress adapter as `waybill connect` takes it:
// the grant without its tokens.
type aeConnector struct {
	c    *aliexpress.Client
	path string
}

func (a aeConnector) ConsentURL(state string) string { return a.c.ConsentURL(state) }

func (a aeConnector) Exchange(ctx context.Context, code string) (cli.MarketGrant, error) {
	t, err := a.c.Exchange(ctx, code)
	if err != nil {
		return cli.MarketGrant{}, err
	}
	return cli.MarketGrant{SellerID: t.SellerID, UserNick: t.UserNick, ExpiresAt: t.ExpiresAt,
		RefreshExpiresAt: t.RefreshExpiresAt, TokenPath: a.path}, nil
}
