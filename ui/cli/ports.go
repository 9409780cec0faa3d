package cli

import (
	"context"
	"net"
	"net/http"
	"time"

	"waybill/tracker"
	"waybill/ui/cli/bench"
)

// Wiring is what main builds for the command line from the packages ui may
// not import: the store, the carriers, the simulator and the alert
// channels. The commands parse flags, call these and tracker, and print.
type Wiring struct {
	// LoadConfig reads the config file at path, or the default one when
	// path is "" (a missing default is no error), and says which file that
	// was.
	LoadConfig func(path string) (cfg tracker.Config, cfgPath string, err error)
	// Stores says where the default store and the first run's demo store
	// are, and whether the default store holds no order; it makes no store.
	Stores func(ctx context.Context) (Stores, error)
	// Open opens the store at path ("": the config's [store] path, else
	// the default) with the config's settings. screen says the store is
	// for a process that shows the screen (waybill's screen, serve), whose
	// first frame the store may make ready as it opens (on PostgreSQL the
	// read pool's connections, store.Warm); a one-shot command opens with
	// screen false and pays for no read it does not make.
	Open func(ctx context.Context, path string, cfg tracker.Config, screen bool) (Env, error)
	// BuyerEmail mails a case's message to the buyer through [alerts.email]'s
	// server; nil, nil when no SMTP server is configured.
	BuyerEmail func(cfg tracker.Config) (func(ctx context.Context, to, subject, body string) error, error)
	// WebhookServer bounds the webhook listener as [http] says: requests
	// per address, body size, timeouts, connections at once.
	WebhookServer func(ln net.Listener, h http.Handler, cfg tracker.HTTPConfig) (*http.Server, net.Listener)
	// Backtest measures the ETA prediction on simulated history whose
	// deliveries are known.
	Backtest func(orders int, seed int64) Backtest
	// Connect builds the adapter of marketplace name ("aliexpress") from
	// its table in the config at cfgPath, for `waybill connect`.
	Connect func(ctx context.Context, name string, cfg tracker.Config, cfgPath string) (MarketConnector, error)
	// Bench is what `waybill bench` builds its throwaway stores from.
	Bench bench.Ports
	// Marketplaces builds the marketplace accounts the config connects
	// (carriers.Marketplaces); none when nil.
	Marketplaces func(cfg tracker.Config, cfgPath string) ([]tracker.Marketplace, error)
	// MarketWebhooks builds the marketplaces' webhook endpoints
	// (carriers.MarketWebhooks) that `serve --http` mounts, and the paths
	// they serve: a verified push calls kick with the marketplace's name;
	// seen keeps its webhook id in the store to drop repeats. None when nil.
	MarketWebhooks func(cfg tracker.Config, cfgPath string, seen func(ctx context.Context, market, id string) (bool, error), kick func(market string)) (http.Handler, []string, error)
}

// Stores are the stores `waybill` may open without --db: the default
// store, and the demo store beside it that a first run opens while
// nothing is configured (tracker.OpensDemo).
type Stores struct {
	Default, Demo string // paths
	DefaultEmpty  bool   // the default store holds no order (or is not there)
}

// Env is an open store and what main builds on it.
type Env interface {
	// Store is the open store.
	Store() Store
	// Clock is the store's clock: the wall clock, or a demo store's own
	// faster one, kept in the store so every process logs on one time
	// line; demo says which.
	Clock(ctx context.Context) (clock tracker.Clock, demo bool, err error)
	// SeedDemo adds n demo orders as of now and checks each once through
	// the simulator; a store that was empty becomes a demo store.
	SeedDemo(ctx context.Context, n int, seed int64) (tracker.ApplySummary, error)
	// Background builds the refresher (the simulator for demo orders'
	// parcels, the configured services, each at its rate, for the
	// others: tracker.Refresher's carrierFor), the sender that
	// drains the alert outbox (onAlert, when set, is told of every send),
	// and the services' webhooks. hub may be nil.
	Background(ctx context.Context, hub *tracker.Hub, onAlert func(channel string, sent int, err error)) (Background, error)
	// Close closes the store, first noting on a demo store's clock that
	// this process left it.
	Close() error
}

// Background is what a long-running command runs beside its work.
type Background struct {
	Refresher *tracker.Refresher
	Alerts    AlertSender
	Clock     tracker.Clock
	Demo      bool // the store runs on the demo's clock (tracker.OnDemoClock)
	// Webhooks serves /webhooks/SERVICE for each configured service that
	// takes pushes (WebhookPaths), into the refresher.
	Webhooks     http.Handler
	WebhookPaths []string
}

// AlertSender drains the alert outbox through the configured channels.
type AlertSender interface {
	// Run sends what is due until ctx ends.
	Run(ctx context.Context)
	// Drain sends everything due now, once.
	Drain(ctx context.Context) (sent, failed int, err error)
}

// Store is what the commands read and write, the union of each command's
// port below; the store main opened satisfies it. Each command sees only
// its own port, so a tracker service can take them over one by one.
type Store interface {
	tracker.ActionStore   // every action, through tracker.Service
	tracker.Reader        // the screens
	tracker.ETAReader     // the screens, `case do --eta auto`
	tracker.HistoryReader // the scorecard: the screens, `report carriers`
	tracker.Versioner     // the screens see other processes' writes
	etaModeler
	orderLister
	orderExporter
	historyStreamer
	refreshStore
	caseOpener
	caseDoer
	demoStore
	storeCopier
	IsEmpty(ctx context.Context) (bool, error)
	Path() string
}

// The ports of the commands, by what they do.
type (
	// named says which store an error is about.
	named interface{ Path() string }

	etaModeler interface {
		ETAModel(ctx context.Context, now time.Time, s tracker.ETASettings) (*tracker.ETAModel, error)
	}
	orderFinder interface {
		named
		FindOrder(ctx context.Context, key string, withEvents bool) (tracker.OrderDetail, error)
	}
	orderLister interface {
		ListOrdersMatching(ctx context.Context, status tracker.Status, query string) ([]tracker.OrderDetail, error)
	}
	// orderWriter is the service's one write of orders.
	orderWriter interface {
		WriteOrders(ctx context.Context, a tracker.Actor, orders []tracker.OrderDetail, asOf time.Time) (tracker.Added, error)
	}
	orderExporter interface {
		// Streamed: a keyset page of orders, a cursor of exceptions.
		OrdersAfter(ctx context.Context, after int64, limit int) ([]tracker.OrderDetail, error)
		EachOpenException(ctx context.Context, q tracker.ExceptionQuery, fn func(tracker.ExceptionRow) error) error
	}
	// historyStreamer is `report carriers`' read: the scorecard's
	// history a shipment at a time.
	historyStreamer interface {
		EachShipmentHistory(ctx context.Context, since time.Time, fn func(tracker.HistoryRecord) error) error
	}
	refreshStore interface {
		orderFinder
		CountDue(ctx context.Context, now time.Time) (int, error)
		ReleaseClaims(ctx context.Context, owner string) error
		AlertFailures(ctx context.Context) (int, error)
	}
	caseLister interface {
		Cases(ctx context.Context, q tracker.CaseQuery) ([]tracker.CaseRow, error)
	}
	caseReader interface {
		named
		Case(ctx context.Context, id int64) (tracker.CaseRow, error)
		CaseLog(ctx context.Context, id int64) ([]tracker.CaseEntry, error)
	}
	caseOpener interface {
		orderFinder
		caseReader
	}
	caseDoer interface {
		caseReader
	}
	// demoStore tells demo orders (tracker.Order.Demo) from real ones,
	// and deletes them.
	demoStore interface {
		named
		HasOrders(ctx context.Context) (demo, real bool, err error)
		CountOrders(ctx context.Context) (demo, real int, err error)
		RemoveDemoOrders(ctx context.Context) (tracker.DemoRemoved, error)
	}
	// storeCopier copies an SQLite store into an empty PostgreSQL
	// database (`waybill migrate --to`), telling progress of rows.
	storeCopier interface {
		CopyToPG(ctx context.Context, url string, progress func(table string, rows int)) (tracker.StoreCopyReport, error)
	}
)

// Backtest is an ETA backtest: the model learns from parcels delivered
// before Cutoff and predicts each parcel shipped after it, as of its
// shipping day and halfway through its journey; the carrier's own
// estimate is measured on the same parcels. OverdueByCarrier and
// OverdueByBoth are the shares of arrived parcels without a promise the
// overdue rule would have called overdue first, by the carrier's estimate
// alone and by the later of it and history's p90.
type Backtest struct {
	Orders, Trained                 int
	Cutoff                          time.Time
	AtShipping, MidTransit, Carrier BacktestFigures
	OverdueByCarrier, OverdueByBoth float64
}

// BacktestFigures measure predictions against the known deliveries.
type BacktestFigures struct {
	Parcels     int     // delivered parcels predicted
	Predicted   int     // of them, how many got an estimate
	MedianError float64 // days between predicted and delivered, median of absolute values
	ByP90       float64 // share delivered no later than the range's end (p90)
	InRange     float64 // share delivered inside the range (p10–p90)
}
