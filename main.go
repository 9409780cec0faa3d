// Command waybill tracks the parcels a cross-border seller shipped, catches
// logistics exceptions early, and helps work buyer complaints to the end.
//
// main.go parses flags and subcommands and wires store, carriers, tracker and
// ui together; the logic lives in those packages.
package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"waybill/carriers"
	"waybill/carriers/carrierhttp"
	"waybill/carriers/sim"
	"waybill/store"
	"waybill/tracker"
	"waybill/tracker/notify"
	"waybill/tracker/number"
	"waybill/tracker/orderfile"
	"waybill/tracker/templates"
	"waybill/ui"
	"waybill/ui/cli/bench"
	"waybill/ui/serve"
)

// Exit statuses: 0 success, 1 the command ran but found problems, 2 bad usage.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

// usageError marks errors that are the caller's to fix (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errProblems marks a command that ran but found problems (exit status 1)
// and has already said what they were.
var errProblems = errors.New("problems found")

const usage = `waybill tracks your parcels, catches logistics exceptions and works complaints.

Usage:
  waybill [--demo] [--db PATH] [--config PATH]   open the terminal UI
  waybill detect  [--json] NUMBER...             check tracking numbers, name the carrier
  waybill demo    [--orders N] [--seed S]        fill the store with demo orders
  waybill add     --order NO --tracking NUM [--carrier SLUG] [--shipped DATE]
                  [--country CC] [--buyer NAME] [--email ADDR] [--promised DATE]
                  [--method NAME] [--force]
  waybill refresh --once                         check every due parcel once
  waybill list    [--json] [--status S] [--query Q]   list orders, or those the filter Q finds
  waybill show    [--json] KEY                   one order, by order or tracking number
  waybill serve   [--ssh ADDR] [--http ADDR]     serve the screens to agents over SSH, receive carrier
                                                 webhooks, and refresh in the background
  waybill case    open|list|show|do|export ...   work buyer complaints (waybill case help)
  waybill import  FILE [--skip-invalid] [--dry-run] [--json]
                                                 import orders from a CSV or XLSX file; any bad
                                                 row imports nothing unless --skip-invalid
  waybill export  [--format csv|json] [--what orders|shipments|exceptions|cases] [--out FILE]
  waybill report  carriers|eta-backtest ...      carrier scorecard; ETA backtest (waybill report help)
  waybill bench   [--orders N] [--json]          build a store of N demo orders (100000) and
                                                 measure the screen, ingest, refresher and SSH

Every command takes --db PATH, --config PATH and --help.
Exit status: 0 success, 1 problems found, 2 bad usage.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cmd, rest := "", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest = args[0], args[1:]
	}
	commands := map[string]func(context.Context, []string, io.Writer) error{
		"":        cmdTUI,
		"detect":  cmdDetect,
		"demo":    cmdDemo,
		"add":     cmdAdd,
		"refresh": cmdRefresh,
		"list":    cmdList,
		"show":    cmdShow,
		"serve":   cmdServe,
		"case":    cmdCase,
		"import":  cmdImport,
		"export":  cmdExport,
		"report":  cmdReport,
		"bench":   cmdBench,
	}
	f, ok := commands[cmd]
	if cmd == "help" {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if !ok {
		fmt.Fprintf(stderr, "waybill: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	err := f(ctx, rest, stdout)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "waybill %s: %v\n", cmd, err)
		return exitUsage
	case errors.Is(err, errProblems):
		return exitProblems
	default:
		fmt.Fprintf(stderr, "waybill: %v\n", err)
		return exitProblems
	}
}

// common holds the flags every command takes.
type common struct {
	db, config string
}

func newFlags(name, synopsis string, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.db, "db", "", "SQLite store `path` (default $XDG_DATA_HOME/waybill/waybill.db)")
	fs.StringVar(&c.config, "config", "", "config file `path` (default $XDG_CONFIG_HOME/waybill/config.toml)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and turns flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
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

// env is what every command works with: the config and the open store.
type env struct {
	cfg     tracker.Config
	cfgPath string
	db      *store.DB
}

// loadConfig reads --config, or the default config file when there is one.
func (c common) loadConfig() (tracker.Config, string, error) {
	cfgPath, missingOK := c.config, false
	if cfgPath == "" {
		cfgPath, missingOK = filepath.Join(xdg("XDG_CONFIG_HOME", ".config"), "waybill", "config.toml"), true
	}
	cfg, err := tracker.LoadConfig(cfgPath, missingOK)
	if err == nil {
		if w := tracker.ConfigExposure(cfgPath, cfg); w != "" {
			exposureOnce.Do(func() { fmt.Fprintln(os.Stderr, w) })
		}
	}
	return cfg, cfgPath, err
}

// exposureOnce keeps the warning about a readable config to one line per
// process, however many times a command loads the config.
var exposureOnce sync.Once

func (c common) open(ctx context.Context) (*env, error) {
	cfg, cfgPath, err := c.loadConfig()
	if err != nil {
		return nil, err
	}
	path := c.db
	if path == "" {
		path = cfg.Store.Path
	}
	if path == "" {
		path = filepath.Join(xdg("XDG_DATA_HOME", ".local/share"), "waybill", "waybill.db")
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	db.SetETASettings(cfg.ETA)
	db.SetPrechecks(cfg.Prechecks)
	return &env{cfg: cfg, cfgPath: cfgPath, db: db}, nil
}

// messages loads the buyer-message templates, with the overrides from
// [messages] templates_dir or the templates folder beside the config file.
func (e *env) messages() (*templates.Set, error) {
	dir := e.cfg.Messages.TemplatesDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(e.cfgPath), "templates")
	}
	return templates.New(dir)
}

// buyerEmail sends a case's message to the buyer through [alerts.email]'s
// server, or is nil when no SMTP server is configured.
func (e *env) buyerEmail() (func(ctx context.Context, to, subject, body string) error, error) {
	if e.cfg.Alerts.Email == nil {
		return nil, nil
	}
	m, err := notify.NewEmail(*e.cfg.Alerts.Email, os.Getenv)
	if err != nil {
		return nil, fmt.Errorf("alerts.email: %w", err)
	}
	return m.SendTo, nil
}

const (
	metaDemo      = "demo"       // "1" when the store holds demo data
	metaDemoClock = "demo_clock" // the demo's own time, RFC 3339, saved as it runs
)

// demo reports whether the store holds demo data.
func (e *env) demo(ctx context.Context) (bool, error) {
	v, _, err := e.db.Meta(ctx, metaDemo)
	return v == "1", err
}

// clock is the wall clock, or for a demo store the demo's faster clock,
// resumed from where it last stood so journeys never jump backwards.
func (e *env) clock(ctx context.Context) (tracker.Clock, bool, error) {
	demo, err := e.demo(ctx)
	if err != nil || !demo {
		return tracker.SystemClock{}, false, err
	}
	start := time.Now()
	if v, ok, err := e.db.Meta(ctx, metaDemoClock); err != nil {
		return nil, false, err
	} else if ok {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil && t.After(start) {
			start = t
		}
	}
	return sim.NewDemoClock(start, e.cfg.Demo.Speed, time.Now), true, nil
}

// router sends every parcel of a demo store to the simulator, and a real
// store's parcels to the services the config enables.
func (e *env) router(demo bool, clock tracker.Clock) (tracker.Router, *carriers.Set, error) {
	if demo {
		c := sim.New(e.cfg.Demo.Seed, clock)
		return func(string) tracker.Carrier { return c }, nil, nil
	}
	set, err := carriers.Build(e.cfg, os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	return set.Route, set, nil
}

// wired is a refresher set up from the config, with what it was built from,
// and the sender that drains the alert outbox by the same clock.
type wired struct {
	ref    *tracker.Refresher
	set    *carriers.Set // nil for a demo store
	clock  tracker.Clock
	demo   bool
	alerts *notify.Sender
}

// refresher builds the refresher every command uses: the demo's clock and
// simulator or the configured services, each at its rate.
func (e *env) refresher(ctx context.Context, hub *tracker.Hub) (wired, error) {
	clock, demo, err := e.clock(ctx)
	if err != nil {
		return wired{}, err
	}
	route, set, err := e.router(demo, clock)
	if err != nil {
		return wired{}, err
	}
	ref := tracker.NewRefresher(e.db, route, clock, hub, e.cfg.Policy())
	ref.Concurrency = e.cfg.Refresh.Concurrency
	ref.Lease = e.cfg.Refresh.Lease.Duration
	if set != nil {
		for name, perSecond := range set.Rates(e.cfg) {
			ref.SetRate(name, perSecond, 1)
		}
	}
	alerts, err := e.alerts(clock)
	if err != nil {
		return wired{}, err
	}
	return wired{ref: ref, set: set, clock: clock, demo: demo, alerts: alerts}, nil
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

// logAlerts prints what a background sender does, one line per send; mu
// keeps its lines apart from the refresher's.
func logAlerts(out io.Writer, mu *sync.Mutex) func(string, int, error) {
	return func(channel string, sent int, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			fmt.Fprintf(out, "%s alerts: %s: %s\n", time.Now().Format("15:04:05"), channel, ui.Sanitize(err.Error()))
		} else if channel != tracker.ChannelApp {
			fmt.Fprintf(out, "%s alerts: %d sent by %s\n", time.Now().Format("15:04:05"), sent, channel)
		}
	}
}

// saveDemoClock keeps the demo's time so the next start resumes it rather
// than jumping back behind events already shown.
func (e *env) saveDemoClock(ctx context.Context, w wired) {
	if w.demo {
		_ = e.db.SetMeta(context.WithoutCancel(ctx), metaDemoClock, w.clock.Now().UTC().Format(time.RFC3339Nano))
	}
}

// seedDemo adds n demo orders as of the clock's now and checks each of them
// once through the simulator, the same path real parcels take.
func (e *env) seedDemo(ctx context.Context, n int, seed int64, clock tracker.Clock) (tracker.ApplySummary, error) {
	if err := addDemoOrders(ctx, e.db, n, seed, clock.Now()); err != nil {
		return tracker.ApplySummary{}, err
	}
	c := sim.New(seed, clock)
	policy := e.cfg.Policy()
	policy.Alerts = nil // made-up history is not news: the app lists it, nobody is emailed
	r := tracker.NewRefresher(e.db, func(string) tracker.Carrier { return c }, clock, nil, policy)
	r.Concurrency = 1 // batches stored in order: the same seed gives the same rows
	return r.RunOnce(ctx)
}

// addDemoOrders adds n simulated orders shipped before now; a store that
// was empty is marked as a demo's, so it runs by the demo's clock.
func addDemoOrders(ctx context.Context, db *store.DB, n int, seed int64, now time.Time) error {
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if err := db.AddOrders(ctx, now, sim.Orders(n, seed, now)); err != nil {
		return fmt.Errorf("add demo orders: %w", err)
	}
	if empty {
		return db.SetMeta(ctx, metaDemo, "1")
	}
	return nil
}

func cmdTUI(ctx context.Context, args []string, _ io.Writer) error {
	var c common
	fs := newFlags("waybill", "waybill [--demo] [--db PATH] [--config PATH]", &c)
	fresh := fs.Bool("demo", false, "open a fresh throwaway demo store")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *fresh {
		dir, err := os.MkdirTemp("", "waybill-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.db = filepath.Join(dir, "demo.db")
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()

	empty, err := e.db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if empty && len(e.cfg.RealCarriers()) == 0 {
		if _, err := e.seedDemo(ctx, e.cfg.Demo.Orders, e.cfg.Demo.Seed, tracker.SystemClock{}); err != nil {
			return err
		}
	}
	hub := tracker.NewHub()
	w, err := e.refresher(ctx, hub)
	if err != nil {
		return err
	}
	ref, clock, demo := w.ref, w.clock, w.demo

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { ref.Run(ctx, e.cfg.Refresh.Interval.Duration) })
	wg.Go(func() { w.alerts.Run(ctx) })
	wg.Go(func() { tracker.WatchStore(ctx, e.db, time.Second, hub) })

	title := shortPath(e.db.Path())
	if *fresh {
		title = "throwaway store"
	}
	msgs, err := e.messages()
	if err != nil {
		return err
	}
	sendBuyer, err := e.buyerEmail()
	if err != nil {
		return err
	}
	model := ui.New(ctx, ui.Options{
		Reader: e.db, Refresher: ref, Hub: hub, Clock: clock, Demo: demo, DemoSpeed: e.cfg.Demo.Speed, Title: title,
		Actor: caseActor(), Templates: msgs, SendBuyerEmail: sendBuyer, Seller: e.cfg.Messages.Seller,
		ImportFiles: true, ImportColumns: e.cfg.Import.Columns,
		ETA: e.db, History: e.db, Rules: e.cfg.Rules,
	})
	_, err = tea.NewProgram(model, tea.WithContext(ctx)).Run()
	cancel()
	wg.Wait()
	e.saveDemoClock(ctx, w)
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("terminal UI: %w", err)
	}
	return nil
}

// shortPath writes a path under the home folder with ~, for a title bar.
func shortPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(p, home+string(filepath.Separator)) {
		return "~" + p[len(home):]
	}
	return p
}

func cmdDemo(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("demo", "waybill demo [--orders N] [--seed S] [--db PATH]", &c)
	n := fs.Int("orders", 0, "how many demo orders (default from [demo] orders, 300)")
	seed := fs.Int64("seed", 0, "seed: the same seed gives the same data (default from [demo] seed, 1)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *n < 0 || *n > 1_000_000 {
		return usagef("--orders %d: want 1 to 1000000", *n)
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if *n == 0 {
		*n = e.cfg.Demo.Orders
	}
	if !isFlagSet(fs, "seed") {
		*seed = e.cfg.Demo.Seed
	}
	sum, err := e.seedDemo(ctx, *n, *seed, tracker.SystemClock{})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %d demo orders (seed %d) to %s: %d events, %d exceptions open\n",
		*n, *seed, e.db.Path(), sum.NewEvents, sum.Opened)
	return nil
}

func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func cmdAdd(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("add", "waybill add --order NO --tracking NUM [flags]", &c)
	orderNo := fs.String("order", "", "marketplace order `number` (required)")
	tracking := fs.String("tracking", "", "tracking `number` (required)")
	carrier := fs.String("carrier", "", "carrier `slug`, e.g. china-post (default: detected from the number)")
	shipped := fs.String("shipped", "", "ship `date`, YYYY-MM-DD (default today)")
	country := fs.String("country", "", "destination country, ISO 3166 alpha-2 `code`")
	buyer := fs.String("buyer", "", "buyer `name`")
	email := fs.String("email", "", "buyer email `address`")
	promised := fs.String("promised", "", "promised delivery `date`, YYYY-MM-DD")
	method := fs.String("method", "", "shipping `method` as the marketplace names it (its promised days apply without --promised)")
	force := fs.Bool("force", false, "store a number that does not validate, marked unverified")
	address := fs.String("address", "", "shipping `address`")
	product := fs.String("product", "", "what is in the parcel, as the `name` customs will read (checked for batteries, liquids …)")
	amount := fs.String("amount", "", "what the buyer paid, e.g. 19.90 (`amount`)")
	currency := fs.String("currency", "", "ISO 4217 `code` of --amount and --declared-value, e.g. USD")
	hsCode := fs.String("hs-code", "", "HS `code` of the goods, 6 to 10 digits")
	declared := fs.String("declared-value", "", "customs declared `value`, e.g. 15.00")
	insured := fs.Bool("insured", false, "the parcel is insured (--insured=false says it is not)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	now := time.Now()
	o := tracker.Order{OrderNo: strings.TrimSpace(*orderNo), Buyer: strings.TrimSpace(*buyer), Email: strings.TrimSpace(*email), ShippingMethod: strings.TrimSpace(*method), Status: tracker.OrderShipped, CreatedAt: now}
	det := number.Detect(*tracking)
	sh := tracker.Shipment{TrackingNo: det.Number, Carrier: strings.ToLower(strings.TrimSpace(*carrier)), Status: tracker.StatusPending, ShippedAt: now, NextCheckAt: now}
	switch {
	case o.OrderNo == "":
		return usagef("--order is required")
	case strings.TrimSpace(*tracking) == "":
		return usagef("--tracking is required")
	case det.Number == number.Normalize(o.OrderNo):
		return usagef("--tracking %q is the same as --order: that is the order number, not the parcel's tracking number", *tracking)
	case sh.Carrier != "" && number.CarrierName(sh.Carrier) == "":
		return usagef("--carrier %q: not a carrier slug (the README lists them; `waybill detect NUMBER` suggests one)", *carrier)
	}
	if *country != "" {
		cc := strings.ToUpper(strings.TrimSpace(*country))
		if len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
			return usagef("--country %q: want a two-letter ISO 3166 code such as US", *country)
		}
		o.Country, sh.Destination = cc, cc
	}
	var err error
	if *shipped != "" {
		if sh.ShippedAt, err = parseDate("--shipped", *shipped); err != nil {
			return err
		}
	}
	if *promised != "" {
		if o.PromisedAt, err = parseDate("--promised", *promised); err != nil {
			return err
		}
	}
	if err := addContents(fs, &o, *address, *product, *amount, *currency, *hsCode, *declared, *insured); err != nil {
		return err
	}
	if !det.Valid {
		if !*force {
			return fmt.Errorf("--tracking %q: %s (use --force to store it anyway, marked unverified)", *tracking, det.Explain())
		}
		sh.Unverified = true
	}
	if sh.Carrier == "" {
		sh.Carrier = det.Carrier
	}

	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	got, err := e.db.AddOrder(ctx, now, o, []tracker.Shipment{sh})
	if err != nil {
		return fmt.Errorf("add order %s: %w", o.OrderNo, err)
	}
	carrierName := "carrier unknown"
	if sh.Carrier != "" {
		carrierName = sh.Carrier
	}
	fmt.Fprintf(stdout, "added %s (%s) to order %s (%d shipment(s))\n", sh.TrackingNo, carrierName, got.OrderNo, len(got.Shipments))
	switch {
	case sh.Unverified:
		fmt.Fprintf(stdout, "warning: %s did not validate and is stored unverified: %s\n", sh.TrackingNo, det.Explain())
	case !det.Tracked:
		fmt.Fprintf(stdout, "warning: %s\n", ui.Sanitize(det.Note))
	}
	for _, ch := range got.Checks {
		fmt.Fprintf(stdout, "warning: order %s: %s\n", ui.Sanitize(got.OrderNo), ui.Sanitize(ch.String()))
	}
	return nil
}

func cmdDetect(_ context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("detect", "waybill detect [--json] NUMBER...", &c)
	asJSON := fs.Bool("json", false, "print a JSON array, one object per number")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("give one or more tracking numbers")
	}
	results := make([]number.Result, fs.NArg())
	ok := true
	for i, a := range fs.Args() {
		results[i] = number.Detect(a)
		ok = ok && results[i].Valid
	}
	if *asJSON {
		if err := writeJSON(stdout, results); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NUMBER\tVALID\tCARRIER\tCHECK\tTRACKED\tNOTE")
		for _, r := range results {
			note := r.Note
			if len(r.Suggestions) > 0 {
				note = strings.TrimSpace(note + " Did you mean " + strings.Join(r.Suggestions, ", ") + "?")
			}
			carrier := r.Carrier
			if carrier == "" {
				carrier = "—"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ui.Sanitize(r.Number), yesNo(r.Valid), carrier, r.Checksum, yesNo(r.Tracked), ui.Sanitize(note))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if !ok {
		return errProblems
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func parseDate(field, v string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v), time.Local)
	if err != nil {
		return time.Time{}, usagef("%s %q: want a date as YYYY-MM-DD", field, v)
	}
	return t, nil
}

func cmdRefresh(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("refresh", "waybill refresh (--once [ORDER_OR_TRACKING_NO...] | --watch)", &c)
	once := fs.Bool("once", false, "one pass over the due parcels (or over the named ones, due or not), then a summary")
	watch := fs.Bool("watch", false, "refresh until interrupted (SIGINT or SIGTERM), printing each pass that did something")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *once == *watch:
		return usagef("say --once or --watch")
	case *watch && fs.NArg() > 0:
		return usagef("--watch refreshes every due parcel; name parcels with --once")
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	w, err := e.refresher(ctx, nil)
	if err != nil {
		return err
	}
	defer e.saveDemoClock(ctx, w)

	if *watch {
		fmt.Fprintf(stdout, "watching %s every %s (Ctrl-C to stop)\n", e.db.Path(), e.cfg.Refresh.Interval)
		var mu sync.Mutex
		w.alerts.OnSend = logAlerts(stdout, &mu)
		w.ref.OnPass = func(rep tracker.Report, err error) {
			mu.Lock()
			defer mu.Unlock()
			if rep.Total.Checked+rep.Total.Skipped > 0 || err != nil {
				fmt.Fprintf(stdout, "%s ", time.Now().Format("15:04:05"))
				printReport(stdout, rep, w.ref.Health(), 0)
			}
			if err != nil {
				fmt.Fprintf(stdout, "pass failed: %v\n", err)
			}
		}
		var wg sync.WaitGroup
		wg.Go(func() { w.alerts.Run(ctx) })
		w.ref.Run(ctx, e.cfg.Refresh.Interval.Duration) // releases its claims when it returns
		wg.Wait()
		fmt.Fprintln(stdout, "stopped; claims released")
		return nil
	}

	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 && fs.NArg() == 0 {
		total, _ := e.db.CountDue(ctx, w.clock.Now())
		w.ref.Progress = func(rep tracker.Report) {
			fmt.Fprintf(os.Stderr, "\r\x1b[K%s", progressLine(rep.Total, total))
		}
		defer fmt.Fprint(os.Stderr, "\r\x1b[K")
	}
	start := time.Now()
	rep := tracker.Report{ByService: map[string]*tracker.ServiceReport{}}
	if fs.NArg() == 0 {
		rep, err = w.ref.RunPass(ctx)
	} else {
		rep.Total, err = refreshNamed(ctx, e.db, w.ref, fs.Args())
	}
	if ctx.Err() != nil {
		_ = e.db.ReleaseClaims(context.WithoutCancel(ctx), w.ref.Owner)
	}
	// The alerts this pass wrote, and any left from before, go out before
	// the process ends.
	sent, aerr := w.alerts.Drain(ctx)
	printReport(stdout, rep, w.ref.Health(), time.Since(start))
	printAlerts(ctx, stdout, e.db, sent)
	return errors.Join(err, aerr)
}

// printAlerts says what a drain of the outbox did, and how many alerts are
// still waiting after failed attempts.
func printAlerts(ctx context.Context, out io.Writer, db *store.DB, r notify.Result) {
	waiting, _ := db.AlertFailures(context.WithoutCancel(ctx))
	if r.Sent+r.Failed == 0 && waiting == 0 {
		return
	}
	fmt.Fprintf(out, "alerts sent %d, failed %d", r.Sent, r.Failed)
	if waiting > 0 {
		fmt.Fprintf(out, "; %d waiting to be retried", waiting)
	}
	fmt.Fprintln(out)
}

// progressLine draws a pass's progress: a bar when the total is known.
func progressLine(sum tracker.ApplySummary, total int) string {
	done := sum.Checked + sum.Skipped
	text := fmt.Sprintf("%d checked · %d new events · %d failures", sum.Checked, sum.NewEvents, sum.Failures)
	if total <= 0 {
		return text
	}
	const width = 30
	filled := min(width, done*width/total)
	return fmt.Sprintf("[%s%s] %d/%d · %s", strings.Repeat("█", filled), strings.Repeat("░", width-filled), min(done, total), total, text)
}

// printReport writes a pass's summary: the totals, then each service's
// share with its failure reasons, then any service that is not healthy.
func printReport(out io.Writer, rep tracker.Report, health []tracker.ServiceHealth, took time.Duration) {
	t := rep.Total
	fmt.Fprintf(out, "checked %d, updated %d, new events %d, failures %d, skipped %d, exceptions opened %d closed %d",
		t.Checked, t.Updated, t.NewEvents, t.Failures, t.Skipped, t.Opened, t.Closed)
	if took > 0 {
		fmt.Fprintf(out, " (%s)", took.Round(time.Millisecond))
	}
	fmt.Fprintln(out)
	names := make([]string, 0, len(rep.ByService))
	for name := range rep.ByService {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sr := rep.ByService[name]
		fmt.Fprintf(out, "  %-10s checked %d, updated %d, new events %d, failures %d, skipped %d\n",
			name, sr.Checked, sr.Updated, sr.NewEvents, sr.Failures, sr.Skipped)
		reasons := make([]string, 0, len(sr.Reasons))
		for reason := range sr.Reasons {
			reasons = append(reasons, reason)
		}
		sort.Strings(reasons)
		for _, reason := range reasons {
			fmt.Fprintf(out, "    %d× %s\n", sr.Reasons[reason], ui.Sanitize(reason))
		}
	}
	for _, h := range health {
		if h.State != tracker.HealthOK {
			fmt.Fprintf(out, "%s %s: %s\n", h.Service, h.State, ui.Sanitize(h.Reason))
		}
	}
}

// refreshNamed checks the parcels of the named orders or tracking numbers
// now, whether or not they are due.
func refreshNamed(ctx context.Context, db *store.DB, r *tracker.Refresher, keys []string) (tracker.ApplySummary, error) {
	var total tracker.ApplySummary
	for _, key := range keys {
		o, err := db.FindOrder(ctx, key, false)
		if errors.Is(err, tracker.ErrNotFound) {
			return total, fmt.Errorf("no order or tracking number %q in %s", key, db.Path())
		}
		if err != nil {
			return total, err
		}
		n := number.Normalize(key)
		byTracking := false
		for _, sh := range o.Shipments {
			byTracking = byTracking || sh.TrackingNo == n
		}
		for _, sh := range o.Shipments {
			if byTracking && sh.TrackingNo != n {
				continue
			}
			sum, err := r.RefreshNow(ctx, sh.ID)
			total.Add(sum)
			if err != nil {
				return total, err
			}
		}
	}
	return total, nil
}

func cmdList(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("list", "waybill list [--json] [--status S] [--query Q]", &c)
	asJSON := fs.Bool("json", false, "print a JSON array of orders")
	query := fs.String("query", "", "only orders with a parcel whose order no, tracking no, buyer, destination, carrier or status has words beginning with each word of `Q`")
	status := fs.String("status", "", "only orders with a parcel in this `status` (pending, in_transit, customs, delivered, …)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var st tracker.Status
	if *status != "" {
		var err error
		if st, err = tracker.ParseStatus(*status); err != nil {
			return usagef("--status: %v", err)
		}
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	orders, err := e.db.ListOrdersMatching(ctx, st, *query)
	if err != nil {
		return err
	}
	if *asJSON {
		model, now, err := e.etaModel(ctx)
		if err != nil {
			return err
		}
		out := make([]tracker.OrderJSON, 0, len(orders))
		for _, o := range orders {
			out = append(out, o.JSONAt(false, model, now))
		}
		return writeJSON(stdout, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ORDER\tTRACKING\tCARRIER\tDEST\tSTATUS\tLAST EVENT\tEXCEPTIONS")
	for _, o := range orders {
		for _, s := range o.Shipments {
			last := "—"
			if !s.LastEventAt.IsZero() {
				last = s.LastEventAt.Local().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ui.Sanitize(o.OrderNo), ui.Sanitize(s.TrackingNo), ui.Sanitize(s.Carrier), ui.Sanitize(o.Country), s.Status, last, kinds(s.Exceptions))
		}
	}
	return tw.Flush()
}

func cmdShow(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("show", "waybill show [--json] ORDER_OR_TRACKING_NO", &c)
	asJSON := fs.Bool("json", false, "print the order as JSON, events newest first")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one order number or tracking number, got %d arguments", fs.NArg())
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	o, err := e.db.FindOrder(ctx, fs.Arg(0), true)
	if errors.Is(err, tracker.ErrNotFound) {
		return fmt.Errorf("no order or tracking number %q in %s", fs.Arg(0), e.db.Path())
	}
	if err != nil {
		return err
	}
	model, now, err := e.etaModel(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, o.JSONAt(true, model, now))
	}
	fmt.Fprintf(stdout, "Order %s  %s  buyer %s  to %s\n", ui.Sanitize(o.OrderNo), o.Status, ui.Sanitize(o.Buyer), ui.Sanitize(o.Country))
	if line := contentsLine(o.Order); line != "" {
		fmt.Fprintln(stdout, line)
	}
	for _, ch := range o.Checks {
		fmt.Fprintf(stdout, "warning: %s\n", ui.Sanitize(ch.String()))
	}
	for _, s := range o.Shipments {
		fmt.Fprintf(stdout, "\n%s  %s  %s  %s\n", ui.Sanitize(s.TrackingNo), ui.Sanitize(s.Carrier), s.Status, kinds(s.Exceptions))
		if est, ok := tracker.EstimateETA(model, s.Shipment, o.Order, now); ok {
			j := est.JSON()
			if est.Source == tracker.ETAFromCarrier {
				fmt.Fprintf(stdout, "  ETA %s (the carrier's estimate)\n", j.Date)
			} else {
				fmt.Fprintf(stdout, "  ETA %s, 8 in 10 within %s–%s (%d delivered parcels, same %s)\n", j.Date, j.From, j.To, j.Samples, ui.Sanitize(j.Basis))
			}
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		for _, ev := range s.Events {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", ev.Time.Local().Format("2006-01-02 15:04"), ev.Status, ui.Sanitize(ev.Location), ui.Sanitize(ev.Description))
		}
		tw.Flush()
	}
	return nil
}

func kinds(ks []tracker.ExceptionKind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func cmdServe(ctx context.Context, args []string, stdout io.Writer) error {
	return serveWith(ctx, args, stdout, os.Stderr)
}

// serveWith is `waybill serve`, with its log (logins, refusals, skipped
// authorized_keys lines) written to logOut.
func serveWith(ctx context.Context, args []string, stdout, logOut io.Writer) error {
	var c common
	fs := newFlags("serve", "waybill serve [--ssh ADDR] [--http ADDR] [--db PATH] [--config PATH]", &c)
	httpAddr := fs.String("http", "", "listen `address` for carrier webhooks, e.g. 127.0.0.1:8080")
	sshAddr := fs.String("ssh", "", "listen `address` for agents over SSH (default: [ssh] listen, 127.0.0.1:23234; without --http it is on)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	// With neither flag, serve the agents: that is what a bare `waybill
	// serve` is for. --http alone keeps to webhooks, as it always did.
	withSSH := *sshAddr != "" || *httpAddr == ""
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	hub := tracker.NewHub()
	w, err := e.refresher(ctx, hub)
	if err != nil {
		return err
	}
	defer e.saveDemoClock(ctx, w)
	ref, set := w.ref, w.set

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var failMu sync.Mutex
	var failed error
	fail := func(err error) { // a server that stops on its own stops the others
		failMu.Lock()
		failed = errors.Join(failed, err)
		failMu.Unlock()
		cancel()
	}

	if *httpAddr != "" {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
		var paths []string
		if set != nil {
			var hooks http.Handler
			hooks, paths = set.Webhooks(ref.Push)
			mux.Handle("/webhooks/", hooks)
		}
		ln, err := net.Listen("tcp", tracker.LoopbackDefault(*httpAddr))
		if err != nil {
			return fmt.Errorf("serve --http %s: %w", *httpAddr, err)
		}
		ln = carrierhttp.LimitListener(ln, e.cfg.HTTP.MaxConnections)
		srv := carrierhttp.NewServer(mux, e.cfg.HTTP)
		fmt.Fprintf(stdout, "listening on http://%s (webhooks: %s)\n", ln.Addr(), strings.Join(paths, " "))
		wg.Go(func() {
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				fail(fmt.Errorf("serve --http: %w", err))
			}
		})
		wg.Go(func() {
			<-ctx.Done()
			sctx, stop := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer stop()
			srv.Shutdown(sctx)
		})
	}
	if withSSH {
		addr := *sshAddr
		if addr == "" {
			addr = e.cfg.SSH.Listen
		}
		srv, ln, err := e.sshServer(ctx, addr, w, hub, slog.New(slog.NewTextHandler(logOut, nil)), stdout)
		if err != nil {
			cancel()
			wg.Wait()
			return err
		}
		wg.Go(func() {
			if err := srv.Serve(ctx, ln); err != nil {
				fail(err)
			}
		})
		// Writes by other processes (`waybill case do` in a shell) reach
		// every agent's screen too.
		wg.Go(func() { tracker.WatchStore(ctx, e.db, time.Second, hub) })
	}

	w.alerts.OnSend = logAlerts(stdout, new(sync.Mutex))
	wg.Go(func() { ref.Run(ctx, e.cfg.Refresh.Interval.Duration) })
	wg.Go(func() { w.alerts.Run(ctx) })
	<-ctx.Done()
	wg.Wait()
	return failed
}

// sshServer sets up `waybill serve --ssh`: the host key (made once beside
// the store unless [ssh] host_key_path says where), the agents' keys, and
// the screens they share, and listens on addr.
func (e *env) sshServer(ctx context.Context, addr string, w wired, hub *tracker.Hub, log *slog.Logger, stdout io.Writer) (*serve.Server, net.Listener, error) {
	keyPath := e.cfgRelative(e.cfg.SSH.HostKeyPath)
	if keyPath == "" {
		keyPath = filepath.Join(filepath.Dir(e.db.Path()), "ssh_host_ed25519_key")
	}
	hostKey, created, err := serve.HostKey(keyPath)
	if err != nil {
		return nil, nil, err
	}
	if created {
		log.Info("ssh host key created", "path", keyPath, "key", gossh.FingerprintSHA256(hostKey.PublicKey()))
	}
	role, err := tracker.ParseRole(e.cfg.SSH.DefaultRole)
	if err != nil {
		return nil, nil, fmt.Errorf("ssh default_role: %w", err)
	}
	keys, err := serve.NewKeys(e.cfg.Agents, e.cfgRelative(e.cfg.SSH.AuthorizedKeys), role, log)
	if err != nil {
		return nil, nil, err
	}
	agents := keys.Count()
	if agents == 0 && e.cfg.SSH.AuthorizedKeys == "" {
		return nil, nil, fmt.Errorf("serve --ssh: no agent can log in: add [[agents]] entries or [ssh] authorized_keys to %s (the README shows how)", e.cfgPath)
	}
	msgs, err := e.messages()
	if err != nil {
		return nil, nil, err
	}
	sendBuyer, err := e.buyerEmail()
	if err != nil {
		return nil, nil, err
	}
	srv, err := serve.New(serve.Options{
		HostKey: hostKey, Keys: keys, Log: log,
		IdleTimeout: e.cfg.SSH.IdleTimeout.Duration, MaxSessions: e.cfg.SSH.MaxSessions, MaxAuthPerMinute: e.cfg.SSH.MaxAuthPerMinute,
		Session: ui.Options{
			Reader: e.db, Refresher: w.ref, Hub: hub, Clock: w.clock, Demo: w.demo, DemoSpeed: e.cfg.Demo.Speed,
			Title: shortPath(e.db.Path()), Templates: msgs, SendBuyerEmail: sendBuyer, Seller: e.cfg.Messages.Seller,
			// `i` reads server files: only with allow_import, and only admins (serve.sessionOptions).
			ImportFiles: e.cfg.SSH.AllowImport, ImportColumns: e.cfg.Import.Columns,
			// Read-only ports, so a viewer sees ETAs and the scorecard too.
			ETA: e.db, History: e.db, Rules: e.cfg.Rules,
		},
	})
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", tracker.LoopbackDefault(addr))
	if err != nil {
		return nil, nil, fmt.Errorf("serve --ssh %s: %w", addr, err)
	}
	fmt.Fprintf(stdout, "listening on ssh://%s (host key %s; %d agents can log in)\n", ln.Addr(), gossh.FingerprintSHA256(hostKey.PublicKey()), agents)
	return srv, ln, nil
}

// cfgRelative resolves a path the config names: ~/ is the home folder, and
// a relative path is taken from the config file's folder, not from
// wherever the server was started.
func (e *env) cfgRelative(p string) string {
	switch {
	case p == "":
		return ""
	case p == "~" || strings.HasPrefix(p, "~/"):
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	case !filepath.IsAbs(p):
		return filepath.Join(filepath.Dir(e.cfgPath), p)
	}
	return p
}

// Complaint cases (`waybill case`): the four steps of DESIGN §5 for
// scripts. Every action goes through tracker.Casework, as the screens do,
// so the state machine decides and the case log records it.

const caseUsage = `Usage:
  waybill case open ORDER_OR_TRACKING --kind KIND [--tracking NUM] [--lang LL] [--json]
  waybill case list [--json] [--state open|closed]
  waybill case show [--json] ID
  waybill case do ID ACTION [flags] [--json]
  waybill case export [--format csv] [--state open|closed]

Actions of case do, by step (1 reassure, 2 verify, 3 solve, 4 follow up):
  reassure     --text MSG [--via HOW]       1: the message sent to the buyer
  verify       [--text ANSWER] [--ref REF]  2: what the carrier said
  investigate  [--ref REF] [--text NOTE]    2: a logistics investigation was requested
  solve        --type TYPE [flags]          3: new_eta --eta DATE|auto; reissue --tracking NUM [--carrier SLUG];
                                               refund --amount N --currency CUR [--partial];
                                               customs --documents LIST --duties buyer|seller|shared
                                                 [--amount N --seller-share N --currency CUR];
                                               redelivery|pickup --address TEXT --phone NUM; return;
                                               claim --evidence PATHS --amount N --currency CUR [--ref REF];
                                               resend; none
  follow-up    --date DATE                  4: when to look again (YYYY-MM-DD [HH:MM])
  update-buyer --text MSG [--via HOW]       4: an update sent to the buyer
  close        --resolution TEXT --cause CAUSE  (carrier, packaging, address, customs_documents, buyer, other)
  note         --text NOTE                  any step
  go-to        --step STEP                  back to an earlier step, or on to one whose need is met
  reopen       [--text WHY]
--text - reads the text from standard input. Lists (--documents, --evidence) are comma-separated.
Every command also takes --db PATH and --config PATH.
`

func cmdCase(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef("say what to do with cases: open, list, show, do or export (waybill case help)")
	}
	sub := map[string]func(context.Context, []string, io.Writer) error{
		"open": cmdCaseOpen, "list": cmdCaseList, "show": cmdCaseShow, "do": cmdCaseDo, "export": cmdCaseExport,
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, caseUsage)
		return nil
	}
	f, ok := sub[args[0]]
	if !ok {
		return usagef("case %q: want open, list, show, do or export (waybill case help)", args[0])
	}
	return f(ctx, args[1:], stdout)
}

// parseMixed parses flags that come before, between or after the
// positional arguments, and returns the positional ones; after "--" every
// argument is positional.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// caseActor is who the case log names: the local user.
func caseActor() string {
	if u := strings.TrimSpace(os.Getenv("USER")); u != "" {
		return u
	}
	return "local"
}

// caseLanguage reads --lang: a built-in language of the buyer messages,
// or the code of one an override set in the config folder provides.
func caseLanguage(v string) (lang, note string, err error) {
	lang = templates.NormalizeLanguage(v)
	if slices.Contains(templates.Languages(), lang) {
		return lang, "", nil
	}
	if len(lang) < 2 || len(lang) > 3 || strings.Trim(lang, "abcdefghijklmnopqrstuvwxyz") != "" {
		return "", "", usagef("--lang %q: want one of %s, or the code of a language your template overrides provide", v, strings.Join(templates.Languages(), ", "))
	}
	return lang, fmt.Sprintf("note: waybill has no built-in texts in %q; template overrides in the config folder must provide them", lang), nil
}

func parseCaseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("case id %q: want a case number such as 12 (waybill case list shows them)", s)
	}
	return id, nil
}

func parseKind(s string) (tracker.ExceptionKind, error) {
	k := tracker.ExceptionKind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_"))
	if s == "" {
		return "", usagef("--kind is required: one of %s", kindNames())
	}
	if !slices.Contains(tracker.ExceptionKinds, k) {
		return "", usagef("--kind %q: want one of %s", s, kindNames())
	}
	return k, nil
}

func kindNames() string {
	names := make([]string, len(tracker.ExceptionKinds))
	for i, k := range tracker.ExceptionKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func parseCaseState(s string) (tracker.CaseState, error) {
	switch st := tracker.CaseState(strings.ToLower(strings.TrimSpace(s))); st {
	case "", tracker.CaseOpen, tracker.CaseClosed:
		return st, nil
	}
	return "", usagef("--state %q: want open or closed", s)
}

// pickShipment is the parcel a case is about: the one key names when key
// is a tracking number, else the one --tracking names, else the order's
// only parcel.
func pickShipment(o tracker.OrderDetail, key, tracking string) (tracker.ShipmentDetail, error) {
	n, want := number.Normalize(key), number.Normalize(tracking)
	var numbers []string
	for _, s := range o.Shipments {
		numbers = append(numbers, ui.Sanitize(s.TrackingNo))
	}
	for _, s := range o.Shipments {
		if s.TrackingNo == n {
			if want != "" && want != n {
				return tracker.ShipmentDetail{}, usagef("--tracking %q: %q is itself a tracking number; give one or the other", tracking, key)
			}
			return s, nil
		}
	}
	if want != "" {
		for _, s := range o.Shipments {
			if s.TrackingNo == want {
				return s, nil
			}
		}
		return tracker.ShipmentDetail{}, usagef("--tracking %q: order %s has no such parcel (it has %s)", tracking, ui.Sanitize(o.OrderNo), strings.Join(numbers, ", "))
	}
	switch len(o.Shipments) {
	case 0:
		return tracker.ShipmentDetail{}, fmt.Errorf("order %s has no parcel to open a case on", ui.Sanitize(o.OrderNo))
	case 1:
		return o.Shipments[0], nil
	}
	return tracker.ShipmentDetail{}, usagef("order %s has %d parcels (%s): say which with --tracking NUM", ui.Sanitize(o.OrderNo), len(o.Shipments), strings.Join(numbers, ", "))
}

func cmdCaseOpen(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("case open", "waybill case open ORDER_OR_TRACKING --kind KIND [--tracking NUM] [--lang LL] [--json]", &c)
	kindFlag := fs.String("kind", "", "the `kind` of problem: "+kindNames())
	tracking := fs.String("tracking", "", "the parcel's tracking `number`, when the order has several")
	lang := fs.String("lang", "", "`language` of the messages to the buyer: "+strings.Join(templates.Languages(), ", ")+" (default: the buyer's country's)")
	asJSON := fs.Bool("json", false, "print the case as JSON")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one order number or tracking number, got %d arguments", len(pos))
	}
	kind, err := parseKind(*kindFlag)
	if err != nil {
		return err
	}
	var language, langNote string
	if *lang != "" {
		if language, langNote, err = caseLanguage(*lang); err != nil {
			return err
		}
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	o, err := e.db.FindOrder(ctx, pos[0], false)
	if errors.Is(err, tracker.ErrNotFound) {
		return fmt.Errorf("no order or tracking number %q in %s", pos[0], e.db.Path())
	}
	if err != nil {
		return err
	}
	sh, err := pickShipment(o, pos[0], *tracking)
	if err != nil {
		return err
	}
	exID, err := e.db.OpenException(ctx, sh.ID, kind)
	if err != nil {
		return err
	}
	if language == "" {
		language = templates.LanguageFor(o.Country)
	}
	clock, _, err := e.clock(ctx)
	if err != nil {
		return err
	}
	w := tracker.Casework{Store: e.db, Clock: clock}
	cs, err := w.Open(ctx, o.ID, sh.ID, exID, kind, language, caseActor())
	var open *store.CaseOpenError
	if errors.As(err, &open) {
		return fmt.Errorf("parcel %s of order %s already has open %s case %d: carry on with `waybill case do %d ACTION`",
			ui.Sanitize(sh.TrackingNo), ui.Sanitize(o.OrderNo), kind, open.ID, open.ID)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return printCase(ctx, stdout, e.db, cs.ID, false)
	}
	linked := "no open exception of that kind"
	if exID != 0 {
		linked = fmt.Sprintf("exception %d", exID)
	}
	fmt.Fprintf(stdout, "opened case %d: %s on order %s, parcel %s (%s), language %s; step 1/4 reassure\n",
		cs.ID, kind, ui.Sanitize(o.OrderNo), ui.Sanitize(sh.TrackingNo), linked, language)
	if langNote != "" {
		fmt.Fprintln(stdout, langNote)
	}
	return nil
}

// cases reads the cases in a --state ("" for all), newest first.
func (c common) cases(ctx context.Context, stateFlag string) ([]tracker.CaseRow, error) {
	state, err := parseCaseState(stateFlag)
	if err != nil {
		return nil, err
	}
	e, err := c.open(ctx)
	if err != nil {
		return nil, err
	}
	defer e.db.Close()
	return e.db.Cases(ctx, tracker.CaseQuery{State: state})
}

func cmdCaseList(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("case list", "waybill case list [--json] [--state open|closed]", &c)
	asJSON := fs.Bool("json", false, "print a JSON array of cases, newest first")
	stateFlag := fs.String("state", "", "only `open` or closed cases")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	rows, err := c.cases(ctx, *stateFlag)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeCasesJSON(stdout, rows)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTEP\tKIND\tORDER\tTRACKING\tCARRIER\tDEST\tFOLLOW-UP\tOPENED\tBY")
	for _, r := range rows {
		step := fmt.Sprintf("%d %s", r.Step.Number(), r.Step)
		if r.State == tracker.CaseClosed {
			step = "closed"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, step, r.Kind, ui.Sanitize(r.OrderNo),
			ui.Sanitize(r.TrackingNo), ui.Sanitize(r.Carrier), ui.Sanitize(r.Destination), localTime(r.FollowUpAt),
			localTime(r.OpenedAt), ui.Sanitize(r.OpenedBy))
	}
	return tw.Flush()
}

// localTime is a time for a table: local, to the minute, "—" when unknown.
func localTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func cmdCaseShow(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("case show", "waybill case show [--json] ID", &c)
	asJSON := fs.Bool("json", false, "print the case and its log as JSON")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one case id, got %d arguments", len(pos))
	}
	id, err := parseCaseID(pos[0])
	if err != nil {
		return err
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	if *asJSON {
		return printCase(ctx, stdout, e.db, id, true)
	}
	r, err := e.db.Case(ctx, id)
	if errors.Is(err, tracker.ErrNotFound) {
		return fmt.Errorf("no case %d in %s", id, e.db.Path())
	}
	if err != nil {
		return err
	}
	log, err := e.db.CaseLog(ctx, id)
	if err != nil {
		return err
	}
	step := fmt.Sprintf("step %d/4 %s", r.Step.Number(), r.Step)
	if r.State == tracker.CaseClosed {
		step = "closed " + localTime(r.ClosedAt)
	}
	fmt.Fprintf(stdout, "Case %d  %s  %s\n", r.ID, r.Kind, step)
	fmt.Fprintf(stdout, "Order %s  buyer %s  parcel %s (%s) to %s\n", ui.Sanitize(r.OrderNo), ui.Sanitize(r.Buyer),
		ui.Sanitize(r.TrackingNo), ui.Sanitize(r.Carrier), ui.Sanitize(r.Destination))
	fmt.Fprintf(stdout, "Opened %s by %s · language %s · reassured %s · verified %s\n", localTime(r.OpenedAt),
		ui.Sanitize(r.OpenedBy), ui.Sanitize(r.Language), yesNo(r.Reassured), yesNo(r.Verified))
	if r.CarrierAnswer != "" || r.Reference != "" || r.InvestigationRequested {
		fmt.Fprintf(stdout, "Carrier: %s", ui.Sanitize(r.CarrierAnswer))
		if r.Reference != "" {
			fmt.Fprintf(stdout, " [ref %s]", ui.Sanitize(r.Reference))
		}
		if r.InvestigationRequested {
			fmt.Fprint(stdout, " · investigation requested")
		}
		fmt.Fprintln(stdout)
	}
	if r.Solution != nil {
		fmt.Fprintf(stdout, "Solution: %s\n", ui.Sanitize(r.Solution.String()))
	}
	if !r.FollowUpAt.IsZero() {
		fmt.Fprintf(stdout, "Next follow-up: %s\n", localTime(r.FollowUpAt))
	}
	if r.State == tracker.CaseClosed {
		fmt.Fprintf(stdout, "Resolution: %s (root cause: %s)\n", ui.Sanitize(r.Resolution), r.RootCause)
	}
	fmt.Fprintln(stdout, "\nLog:")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, l := range log {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", localTime(l.At), ui.Sanitize(l.Actor), ui.Sanitize(string(l.Action)), ui.Sanitize(l.Detail))
	}
	return tw.Flush()
}

// printCase writes case id as JSON, with its log when withLog is set.
func printCase(ctx context.Context, stdout io.Writer, db *store.DB, id int64, withLog bool) error {
	r, err := db.Case(ctx, id)
	if errors.Is(err, tracker.ErrNotFound) {
		return fmt.Errorf("no case %d in %s", id, db.Path())
	}
	if err != nil {
		return err
	}
	out := caseToJSON(r)
	if withLog {
		log, err := db.CaseLog(ctx, id)
		if err != nil {
			return err
		}
		entries := make([]caseLogJSON, 0, len(log))
		for _, l := range log {
			entries = append(entries, caseLogJSON{At: l.At.UTC().Format(time.RFC3339), Actor: l.Actor, Action: string(l.Action), Detail: l.Detail})
		}
		out.Log = &entries
	}
	return writeJSON(stdout, out)
}

// caseAction is one action of `case do`: the flags it takes besides the
// common ones, and those it cannot do without.
type caseAction struct {
	typ      tracker.CaseActionType
	flags    []string
	required []string
}

var caseActions = map[string]caseAction{
	"reassure":     {tracker.ActReassure, []string{"text", "via"}, []string{"text"}},
	"verify":       {tracker.ActVerify, []string{"text", "ref"}, nil},
	"investigate":  {tracker.ActInvestigate, []string{"ref", "text"}, nil},
	"solve":        {tracker.ActSolve, append([]string{"type", "ref"}, solutionFlags...), []string{"type"}},
	"follow-up":    {tracker.ActFollowUp, []string{"date"}, []string{"date"}},
	"update-buyer": {tracker.ActUpdateBuyer, []string{"text", "via"}, []string{"text"}},
	"note":         {tracker.ActNote, []string{"text"}, []string{"text"}},
	"go-to":        {tracker.ActGoTo, []string{"step"}, []string{"step"}},
	"close":        {tracker.ActClose, []string{"resolution", "cause"}, []string{"resolution", "cause"}},
	"reopen":       {tracker.ActReopen, []string{"text"}, nil},
}

// solutionFlags are the flags of `case do ID solve`; solutionTypes says
// which of them each type of solution takes (--ref fits every type).
var solutionFlags = []string{"eta", "tracking", "carrier", "amount", "currency", "partial", "documents", "duties", "seller-share", "address", "phone", "evidence"}

var solutionTypes = map[tracker.SolutionType][]string{
	tracker.SolveNewETA:     {"eta"},
	tracker.SolveReissue:    {"tracking", "carrier"},
	tracker.SolveRefund:     {"amount", "currency", "partial"},
	tracker.SolveCustoms:    {"documents", "duties", "amount", "seller-share", "currency"},
	tracker.SolveRedeliver:  {"address", "phone"},
	tracker.SolvePickup:     {"address", "phone"},
	tracker.SolveReturn:     {},
	tracker.SolveClaim:      {"amount", "currency", "evidence"},
	tracker.SolveResend:     {},
	tracker.SolveNoneNeeded: {},
}

// solutionNeeds are the flags a type of solution cannot do without.
var solutionNeeds = map[tracker.SolutionType][]string{
	tracker.SolveNewETA:    {"eta"},
	tracker.SolveReissue:   {"tracking"},
	tracker.SolveRefund:    {"amount", "currency"},
	tracker.SolveCustoms:   {"documents", "duties"},
	tracker.SolveRedeliver: {"address", "phone"},
	tracker.SolveClaim:     {"evidence", "amount", "currency"},
}

func actionNames() string {
	names := make([]string, 0, len(caseActions))
	for n := range caseActions {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func cmdCaseDo(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("case do", "waybill case do ID ACTION [flags] (waybill case help lists the actions)", &c)
	asJSON := fs.Bool("json", false, "print the case as JSON afterwards")
	text := fs.String("text", "", "the message sent, the carrier's answer, a note (- reads standard input)")
	via := fs.String("via", "", "how the message went, e.g. clipboard, email, marketplace")
	ref := fs.String("ref", "", "investigation, ticket or claim `reference`")
	solType := fs.String("type", "", "solution `type`: new_eta, reissue, refund, customs, redelivery, pickup, return, claim, resend, none")
	eta := fs.String("eta", "", "new_eta: the promised `date`, YYYY-MM-DD, or auto: the parcel's ETA (the day 9 in 10 similar parcels arrived by, or the carrier's estimate)")
	tracking := fs.String("tracking", "", "reissue: the new parcel's tracking `number`")
	carrier := fs.String("carrier", "", "reissue: the new parcel's carrier `slug` (default: detected from the number)")
	amount := fs.String("amount", "", "refund, claim or duties `amount`, e.g. 12.50")
	currency := fs.String("currency", "", "ISO 4217 `code` of the amount, e.g. EUR")
	partial := fs.Bool("partial", false, "refund: a partial refund")
	documents := fs.String("documents", "", "customs: the documents supplied, comma-separated (`list`): "+strings.Join(tracker.CustomsDocuments, ", "))
	duties := fs.String("duties", "", "customs: who pays the duties: buyer, seller or shared")
	sellerShare := fs.String("seller-share", "", "customs, shared duties: the seller's part of --amount")
	address := fs.String("address", "", "redelivery or pickup: the verified `address`")
	phone := fs.String("phone", "", "redelivery or pickup: the verified `phone` number")
	evidence := fs.String("evidence", "", "claim: photo file `paths`, comma-separated")
	date := fs.String("date", "", "follow-up: the `date` to look again, YYYY-MM-DD or \"YYYY-MM-DD HH:MM\"")
	stepFlag := fs.String("step", "", "go-to: the `step`: reassure, verify, solve or follow_up (or 1-4)")
	resolution := fs.String("resolution", "", "close: how it was resolved")
	cause := fs.String("cause", "", "close: the root `cause`: carrier, packaging, address, customs_documents, buyer, other")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("want a case id and an action (%s), got %d arguments", actionNames(), len(pos))
	}
	id, err := parseCaseID(pos[0])
	if err != nil {
		return err
	}
	name := strings.ReplaceAll(strings.ToLower(pos[1]), "_", "-")
	act, ok := caseActions[name]
	if !ok {
		return usagef("action %q: want one of %s", pos[1], actionNames())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for f := range set {
		if f != "db" && f != "config" && f != "json" && !slices.Contains(act.flags, f) {
			return usagef("--%s does not apply to %s (it takes %s)", f, name, flagList(act.flags))
		}
	}
	for _, f := range act.required {
		if !set[f] || (fs.Lookup(f).Value.String() == "" && f != "partial") {
			return usagef("%s needs --%s", name, f)
		}
	}
	if *text == "-" {
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return fmt.Errorf("--text -: read standard input: %w", err)
		}
		*text = strings.TrimSpace(string(b))
	}
	a := tracker.CaseAction{Type: act.typ, Text: *text, Via: strings.TrimSpace(*via), Reference: strings.TrimSpace(*ref)}
	switch act.typ {
	case tracker.ActSolve:
		typ := tracker.SolutionType(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(*solType)), "-", "_"))
		fits, ok := solutionTypes[typ]
		if !ok {
			return usagef("--type %q: want new_eta, reissue, refund, customs, redelivery, pickup, return, claim, resend or none", *solType)
		}
		for _, f := range solutionFlags {
			if set[f] && !slices.Contains(fits, f) {
				return usagef("--%s does not apply to a %s solution (it takes %s)", f, typ, flagList(append(slices.Clone(fits), "ref")))
			}
		}
		for _, f := range solutionNeeds[typ] {
			if fs.Lookup(f).Value.String() == "" {
				return usagef("a %s solution needs --%s", typ, f)
			}
		}
		if *amount != "" && *currency == "" {
			return usagef("--amount %s needs --currency", *amount)
		}
		sol := tracker.Solution{Type: typ, Partial: *partial, Reference: a.Reference, Duties: tracker.Duties(strings.ToLower(strings.TrimSpace(*duties))),
			Address: strings.TrimSpace(*address), Phone: strings.TrimSpace(*phone)}
		if *eta != "" && *eta != "auto" {
			if sol.ETA, err = parseDate("--eta", *eta); err != nil {
				return err
			}
		}
		if *tracking != "" {
			det := number.Detect(*tracking)
			if !det.Valid {
				return usagef("--tracking %q: %s", *tracking, det.Explain())
			}
			sol.ReissueTrackingNo, sol.ReissueCarrier = det.Number, det.Carrier
			if *carrier != "" {
				sol.ReissueCarrier = strings.ToLower(strings.TrimSpace(*carrier))
				if number.CarrierName(sol.ReissueCarrier) == "" {
					return usagef("--carrier %q: not a carrier slug (the README lists them)", *carrier)
				}
			}
		}
		if sol.Amount, err = parseAmount("--amount", *amount); err != nil {
			return err
		}
		if sol.SellerShare, err = parseAmount("--seller-share", *sellerShare); err != nil {
			return err
		}
		if *currency != "" {
			sol.Currency = strings.ToUpper(strings.TrimSpace(*currency))
			if len(sol.Currency) != 3 || strings.Trim(sol.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
				return usagef("--currency %q: want a three-letter ISO 4217 code such as EUR", *currency)
			}
		}
		if *duties != "" && !slices.Contains([]tracker.Duties{tracker.DutiesBuyer, tracker.DutiesSeller, tracker.DutiesShared}, sol.Duties) {
			return usagef("--duties %q: want buyer, seller or shared", *duties)
		}
		sol.Documents = splitList(*documents)
		sol.Evidence = splitList(*evidence)
		for _, p := range sol.Evidence {
			if _, err := os.Stat(p); err != nil {
				return usagef("--evidence %q: %v", p, err)
			}
		}
		a.Solution = &sol
	case tracker.ActFollowUp:
		if a.FollowUpAt, err = parseDateTime("--date", *date); err != nil {
			return err
		}
	case tracker.ActGoTo:
		if a.Step, err = parseStep(*stepFlag); err != nil {
			return err
		}
	case tracker.ActClose:
		a.Text = strings.TrimSpace(*resolution)
		if a.RootCause, err = parseCause(*cause); err != nil {
			return err
		}
	}

	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	clock, _, err := e.clock(ctx)
	if err != nil {
		return err
	}
	if a.Solution != nil && *eta == "auto" {
		if a.Solution.ETA, err = suggestedETA(ctx, e.db, id, clock.Now()); err != nil {
			return err
		}
	}
	w := tracker.Casework{Store: e.db, Clock: clock}
	cs, err := w.Do(ctx, id, a, caseActor())
	if errors.Is(err, tracker.ErrNotFound) {
		return fmt.Errorf("no case %d in %s", id, e.db.Path())
	}
	if err != nil {
		return err
	}
	var added string
	if a.Solution != nil && a.Solution.Type == tracker.SolveReissue {
		if added, err = addReissue(ctx, e.db, cs, clock.Now()); err != nil {
			return err
		}
	}
	if *asJSON {
		return printCase(ctx, stdout, e.db, id, false)
	}
	switch {
	case cs.State == tracker.CaseClosed:
		fmt.Fprintf(stdout, "case %d: %s; closed (root cause: %s)\n", id, name, cs.RootCause)
	default:
		fmt.Fprintf(stdout, "case %d: %s; now at step %d/4 %s\n", id, name, cs.Step.Number(), cs.Step)
	}
	if added != "" {
		fmt.Fprintln(stdout, added)
	}
	return nil
}

// addReissue adds a reissue's new parcel to the case's order, so it is
// tracked like the first.
func addReissue(ctx context.Context, db *store.DB, cs tracker.Case, now time.Time) (string, error) {
	r, err := db.Case(ctx, cs.ID)
	if err != nil {
		return "", err
	}
	s := cs.Solution
	_, err = db.AddOrder(ctx, now, tracker.Order{OrderNo: r.OrderNo}, []tracker.Shipment{{
		TrackingNo: s.ReissueTrackingNo, Carrier: s.ReissueCarrier, Destination: r.Destination,
		Status: tracker.StatusPending, ShippedAt: now, NextCheckAt: now,
	}})
	if err != nil {
		return "", fmt.Errorf("case %d is solved, but its new parcel %s was not added to order %s (add it with waybill add): %w",
			cs.ID, s.ReissueTrackingNo, ui.Sanitize(r.OrderNo), err)
	}
	return fmt.Sprintf("added the new parcel %s to order %s", s.ReissueTrackingNo, ui.Sanitize(r.OrderNo)), nil
}

func flagList(names []string) string {
	if len(names) == 0 {
		return "no flags"
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "--" + n
	}
	return strings.Join(out, ", ")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseAmount reads a money amount in whole cents; "" is zero. More than
// two decimals, an exponent or a sign is refused, never rounded.
func parseAmount(field, v string) (tracker.Money, error) {
	if strings.TrimSpace(v) == "" {
		return 0, nil
	}
	m, err := tracker.ParseMoney(v)
	if err == nil && m <= 0 {
		err = errors.New("zero")
	}
	if err != nil {
		return 0, usagef("%s %q: want an amount above 0 with at most two decimals, such as 12.50 (%v)", field, v, err)
	}
	return m, nil
}

// parseDateTime reads a local date, or a date and time to the minute.
func parseDateTime(field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, v, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("%s %q: want a date as YYYY-MM-DD, or \"YYYY-MM-DD HH:MM\"", field, v)
}

func parseStep(v string) (tracker.CaseStep, error) {
	s := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(v)), "-", "_")
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 4 {
		return tracker.CaseSteps[n-1], nil
	}
	if st := tracker.CaseStep(s); slices.Contains(tracker.CaseSteps[:4], st) {
		return st, nil
	}
	return "", usagef("--step %q: want reassure, verify, solve or follow_up (or 1-4)", v)
}

func parseCause(v string) (tracker.RootCause, error) {
	s := tracker.RootCause(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(v)), "-", "_"))
	if s == "customs" {
		s = tracker.CauseCustoms
	}
	if !slices.Contains(tracker.RootCauses, s) {
		return "", usagef("--cause %q: want carrier, packaging, address, customs_documents, buyer or other", v)
	}
	return s, nil
}

func cmdCaseExport(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("case export", "waybill case export [--format csv] [--state open|closed]", &c)
	format := fs.String("format", "csv", "output `format`: csv")
	stateFlag := fs.String("state", "", "only `open` or closed cases")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if f := strings.ToLower(strings.TrimSpace(*format)); f != "csv" {
		return usagef("--format %q: want csv", *format)
	}
	rows, err := c.cases(ctx, *stateFlag)
	if err != nil {
		return err
	}
	return writeCasesCSV(stdout, rows)
}

// writeCasesJSON writes cases as `case list --json` does, newest first.
func writeCasesJSON(w io.Writer, rows []tracker.CaseRow) error {
	out := make([]caseJSON, 0, len(rows))
	for _, r := range rows {
		out = append(out, caseToJSON(r))
	}
	return writeJSON(w, out)
}

// writeCasesCSV writes cases oldest first, as a spreadsheet grows.
func writeCasesCSV(stdout io.Writer, rows []tracker.CaseRow) error {
	rows = slices.Clone(rows)
	slices.Reverse(rows)
	cw := csv.NewWriter(stdout)
	cw.Write([]string{"id", "order_no", "tracking_no", "carrier", "destination", "kind", "step", "state",
		"opened_at", "opened_by", "closed_at", "solution", "amount", "seller_share", "currency", "resolution", "root_cause"})
	for _, r := range rows {
		var typ, amount, share, cur string
		if s := r.Solution; s != nil {
			typ, cur = string(s.Type), s.Currency
			if s.Amount > 0 {
				amount = s.Amount.String()
			}
			if s.SellerShare > 0 {
				share = s.SellerShare.String()
			}
		}
		cw.Write([]string{strconv.FormatInt(r.ID, 10), csvCell(r.OrderNo), csvCell(r.TrackingNo), csvCell(r.Carrier),
			csvCell(r.Destination), string(r.Kind), string(r.Step), string(r.State), csvTime(r.OpenedAt),
			csvCell(r.OpenedBy), csvTime(r.ClosedAt), typ, amount, share, csvCell(cur), csvCell(r.Resolution), string(r.RootCause)})
	}
	cw.Flush()
	return cw.Error()
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// csvCell makes text safe for a terminal and a spreadsheet: no control
// characters, and no leading character a spreadsheet would run as a formula.
func csvCell(s string) string {
	s = ui.Sanitize(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// caseJSON is the public JSON shape of a case (`case list --json`, `case
// show --json`). Field names are snake_case and stable: scripts depend on
// them. Times are RFC 3339 in UTC (updated_at with fractions of a second),
// null when not set.
type caseJSON struct {
	ID                     int64          `json:"id"`
	OrderNo                string         `json:"order_no"`
	TrackingNo             string         `json:"tracking_no"`
	Carrier                string         `json:"carrier"`
	Destination            string         `json:"destination"`
	Buyer                  string         `json:"buyer"`
	ExceptionID            *int64         `json:"exception_id"`
	Kind                   string         `json:"kind"`
	Step                   string         `json:"step"`
	State                  string         `json:"state"`
	Language               string         `json:"language"`
	OpenedAt               *string        `json:"opened_at"`
	OpenedBy               string         `json:"opened_by"`
	UpdatedAt              *string        `json:"updated_at"`
	FollowUpAt             *string        `json:"follow_up_at"`
	ClosedAt               *string        `json:"closed_at"`
	Reassured              bool           `json:"reassured"`
	Verified               bool           `json:"verified"`
	CarrierAnswer          string         `json:"carrier_answer"`
	Reference              string         `json:"reference"`
	InvestigationRequested bool           `json:"investigation_requested"`
	Solution               *solutionJSON  `json:"solution"`
	Resolution             string         `json:"resolution"`
	RootCause              string         `json:"root_cause"`
	Log                    *[]caseLogJSON `json:"log,omitempty"`
}

type solutionJSON struct {
	Type              string   `json:"type"`
	ETA               *string  `json:"eta"`
	ReissueTrackingNo string   `json:"reissue_tracking_no"`
	ReissueCarrier    string   `json:"reissue_carrier"`
	Amount            *string  `json:"amount"` // two decimals, "12.50"; null when none
	Currency          string   `json:"currency"`
	Partial           bool     `json:"partial"`
	Documents         []string `json:"documents"`
	Duties            string   `json:"duties"`
	SellerShare       *string  `json:"seller_share"`
	Address           string   `json:"address"`
	Phone             string   `json:"phone"`
	Evidence          []string `json:"evidence"`
	Reference         string   `json:"reference"`
}

type caseLogJSON struct {
	At     string `json:"at"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Detail string `json:"detail"`
}

func jsonTime(t time.Time, layout string) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(layout)
	return &s
}

func caseToJSON(r tracker.CaseRow) caseJSON {
	out := caseJSON{
		ID: r.ID, OrderNo: r.OrderNo, TrackingNo: r.TrackingNo, Carrier: r.Carrier, Destination: r.Destination, Buyer: r.Buyer,
		Kind: string(r.Kind), Step: string(r.Step), State: string(r.State), Language: r.Language,
		OpenedAt: jsonTime(r.OpenedAt, time.RFC3339), OpenedBy: r.OpenedBy, UpdatedAt: jsonTime(r.UpdatedAt, time.RFC3339Nano),
		FollowUpAt: jsonTime(r.FollowUpAt, time.RFC3339), ClosedAt: jsonTime(r.ClosedAt, time.RFC3339),
		Reassured: r.Reassured, Verified: r.Verified, CarrierAnswer: r.CarrierAnswer, Reference: r.Reference,
		InvestigationRequested: r.InvestigationRequested, Resolution: r.Resolution, RootCause: string(r.RootCause),
	}
	if r.ExceptionID != 0 {
		out.ExceptionID = &r.ExceptionID
	}
	if s := r.Solution; s != nil {
		out.Solution = &solutionJSON{
			Type: string(s.Type), ETA: jsonTime(s.ETA, time.RFC3339), ReissueTrackingNo: s.ReissueTrackingNo,
			ReissueCarrier: s.ReissueCarrier, Amount: tracker.MoneyJSON(s.Amount), Currency: s.Currency, Partial: s.Partial,
			Documents: append([]string{}, s.Documents...), Duties: string(s.Duties), SellerShare: tracker.MoneyJSON(s.SellerShare),
			Address: s.Address, Phone: s.Phone, Evidence: append([]string{}, s.Evidence...), Reference: s.Reference,
		}
	}
	return out
}

// importJSON is the --json shape of `waybill import`.
type importJSON struct {
	File              string              `json:"file"`
	Rows              int                 `json:"rows"`
	Orders            int                 `json:"orders"`
	Shipments         int                 `json:"shipments"`
	NewOrders         int                 `json:"new_orders"`
	NewShipments      int                 `json:"new_shipments"`
	Skipped           int                 `json:"skipped"`
	Errors            int                 `json:"errors"`
	Written           bool                `json:"written"`
	DryRun            bool                `json:"dry_run"`
	Problems          []orderfile.Problem `json:"problems"`
	IgnoredColumns    []string            `json:"ignored_columns"`
	ColumnsFromHeader map[string]string   `json:"columns"`
	// Pre-shipment warnings of the file's orders, by kind; they never
	// stop an import.
	CheckedOrders int            `json:"orders_with_checks"`
	Checks        map[string]int `json:"checks"`
	warnings      []string
}

func cmdImport(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("import", "waybill import FILE [--skip-invalid] [--dry-run] [--json]", &c)
	skip := fs.Bool("skip-invalid", false, "import the good rows and report the bad ones (default: any bad row imports nothing)")
	dry := fs.Bool("dry-run", false, "read and check the file, write nothing")
	asJSON := fs.Bool("json", false, "print the summary and the problems as one JSON object")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one CSV or XLSX file, got %d arguments", len(pos))
	}
	file := pos[0]
	cfg, _, err := c.loadConfig()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	now := time.Now()
	res, err := orderfile.Read(file, data, orderfile.Options{Columns: cfg.Import.Columns, Now: now})
	if err != nil {
		var fe *orderfile.FileError
		if errors.As(err, &fe) {
			return fmt.Errorf("%s: %s", file, fe.Msg)
		}
		return err
	}
	out := importJSON{File: file, Rows: res.Rows, Orders: len(res.Orders), Shipments: res.Shipments(),
		Skipped: res.BadRows, Errors: len(res.Problems), DryRun: *dry, Problems: res.Problems,
		IgnoredColumns: res.Ignored, ColumnsFromHeader: map[string]string{}}
	if out.Problems == nil {
		out.Problems = []orderfile.Problem{}
	}
	if out.IgnoredColumns == nil {
		out.IgnoredColumns = []string{}
	}
	for f, h := range res.Columns {
		out.ColumnsFromHeader[string(f)] = h
	}
	precheckImport(res.Orders, cfg.Prechecks, &out)
	write := !*dry && (len(res.Problems) == 0 || *skip)
	if write && len(res.Orders) > 0 {
		e, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer e.db.Close()
		if err := storeImport(ctx, e.db, now, res.Orders, stdout, &out); err != nil {
			return err
		}
		out.Written = true
	}
	if *asJSON {
		if err := writeJSON(stdout, out); err != nil {
			return err
		}
	} else {
		printImport(stdout, out, write, *skip)
	}
	if len(res.Problems) > 0 {
		return errProblems
	}
	return nil
}

// storeImport writes the orders, counting the orders and shipments that
// are new (store.DB.ImportOrders says how: new orders are marked shipped,
// known ones keep their status and their parcels' dates), with a progress
// line when stdout is a terminal. now is when the file was read, which
// dated its rows without a ship date.
func storeImport(ctx context.Context, db *store.DB, now time.Time, orders []tracker.OrderDetail, stdout io.Writer, out *importJSON) error {
	tty := isTerminal(stdout)
	const chunk = 5000
	for start := 0; start < len(orders); start += chunk {
		end := min(start+chunk, len(orders))
		added, err := db.ImportOrders(ctx, now, orders[start:end])
		out.NewOrders += added.Orders
		out.NewShipments += added.Shipments
		if err != nil {
			if tty {
				fmt.Fprintln(stdout)
			}
			return fmt.Errorf("%w (orders before %d are stored; import the file again once fixed: it changes nothing twice)", err, start+1)
		}
		if tty {
			fmt.Fprintf(stdout, "\rimporting %d/%d orders…", end, len(orders))
		}
	}
	if tty {
		fmt.Fprint(stdout, "\r\033[K")
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func printImport(w io.Writer, out importJSON, write, skip bool) {
	for _, p := range out.Problems {
		fmt.Fprintln(w, ui.Sanitize(p.String()))
	}
	for _, line := range out.warnings {
		fmt.Fprintln(w, line)
	}
	if len(out.IgnoredColumns) > 0 {
		fmt.Fprintf(w, "ignored columns: %s\n", ui.Sanitize(strings.Join(out.IgnoredColumns, ", ")))
	}
	switch {
	case out.DryRun:
		fmt.Fprintf(w, "dry run: nothing written. ")
	case !write:
		fmt.Fprintf(w, "nothing imported: %d bad row(s); fix them, or import the good rows with --skip-invalid. ", out.Skipped)
	}
	fmt.Fprintf(w, "%d rows read: %d orders, %d shipments", out.Rows, out.Orders, out.Shipments)
	if out.Written {
		fmt.Fprintf(w, " imported (%d new orders, %d new shipments)", out.NewOrders, out.NewShipments)
	}
	fmt.Fprintf(w, "; %d rows skipped, %d errors\n", out.Skipped, out.Errors)
	if out.CheckedOrders > 0 {
		var parts []string
		for _, k := range tracker.CheckKinds {
			if n := out.Checks[string(k)]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", k, n))
			}
		}
		fmt.Fprintf(w, "pre-shipment warnings on %d orders: %s\n", out.CheckedOrders, strings.Join(parts, ", "))
	}
}

func cmdExport(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("export", "waybill export [--format csv|json] [--what orders|shipments|exceptions|cases] [--out FILE]", &c)
	format := fs.String("format", "csv", "output `format`: csv or json")
	what := fs.String("what", "orders", "what to export: `orders`, shipments, exceptions or cases")
	outPath := fs.String("out", "", "write to this `file` instead of stdout")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	f := strings.ToLower(strings.TrimSpace(*format))
	if f != "csv" && f != "json" {
		return usagef("--format %q: want csv or json", *format)
	}
	w := strings.ToLower(strings.TrimSpace(*what))
	if !slices.Contains([]string{"orders", "shipments", "exceptions", "cases"}, w) {
		return usagef("--what %q: want orders, shipments, exceptions or cases", *what)
	}
	return toOutput(*outPath, stdout, func(out io.Writer) error {
		if w == "cases" {
			rows, err := c.cases(ctx, "")
			if err != nil {
				return err
			}
			if f == "json" {
				return writeCasesJSON(out, rows)
			}
			return writeCasesCSV(out, rows)
		}
		e, err := c.open(ctx)
		if err != nil {
			return err
		}
		defer e.db.Close()
		switch w {
		case "orders", "shipments":
			orders, err := e.db.ListOrders(ctx, "")
			if err != nil {
				return err
			}
			if w == "orders" {
				return exportOrders(out, f, orders)
			}
			return exportShipments(out, f, orders)
		default:
			rows, err := e.db.OpenExceptions(ctx, tracker.ExceptionQuery{Now: time.Now()})
			if err != nil {
				return err
			}
			return exportExceptions(out, f, rows)
		}
	})
}

// toOutput runs write on stdout, or on a temporary file renamed to path
// once complete, so a failed export never leaves half a file.
func toOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".waybill-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func csvDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// exportOrders writes one row per shipment (one for an order without any)
// under headers `waybill import` maps back to the same fields.
func exportOrders(w io.Writer, format string, orders []tracker.OrderDetail) error {
	if format == "json" {
		out := make([]tracker.OrderJSON, 0, len(orders))
		for _, o := range orders {
			out = append(out, o.JSON(false))
		}
		return writeJSON(w, out)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"order_no", "tracking_no", "carrier", "buyer", "email", "phone", "country",
		"order_date", "ship_date", "promised_date", "shipping_method", "order_status", "shipment_status",
		"address", "product", "amount", "currency", "hs_code", "declared_value", "insured"})
	money := func(m tracker.Money) string {
		if m == 0 {
			return ""
		}
		return m.String()
	}
	for _, o := range orders {
		insured := ""
		if o.Insured != nil {
			insured = yesNo(*o.Insured)
		}
		line := func(s tracker.ShipmentDetail) {
			cw.Write([]string{csvCell(o.OrderNo), csvCell(s.TrackingNo), csvCell(s.Carrier), csvCell(o.Buyer),
				csvCell(o.Email), csvCell(o.Phone), csvCell(o.Country), csvDate(o.OrderedAt), csvDate(s.ShippedAt),
				csvDate(o.PromisedAt), csvCell(o.ShippingMethod), string(o.Status), string(s.Status),
				csvCell(o.Address), csvCell(o.Product), money(o.Amount), csvCell(o.Currency), csvCell(o.HSCode),
				money(o.DeclaredValue), insured})
		}
		if len(o.Shipments) == 0 {
			line(tracker.ShipmentDetail{})
		}
		for _, s := range o.Shipments {
			line(s)
		}
	}
	cw.Flush()
	return cw.Error()
}

type shipmentExportJSON struct {
	OrderNo     string   `json:"order_no"`
	TrackingNo  string   `json:"tracking_no"`
	Carrier     string   `json:"carrier"`
	Origin      string   `json:"origin"`
	Destination string   `json:"destination"`
	Status      string   `json:"status"`
	ShippedAt   *string  `json:"shipped_at"`
	LastEventAt *string  `json:"last_event_at"`
	DeliveredAt *string  `json:"delivered_at"`
	ETA         *string  `json:"eta"`
	Exceptions  []string `json:"exceptions"`
	Unverified  bool     `json:"unverified"`
}

func exportShipments(w io.Writer, format string, orders []tracker.OrderDetail) error {
	var rows []shipmentExportJSON
	for _, o := range orders {
		for _, s := range o.Shipments {
			ex := make([]string, 0, len(s.Exceptions))
			for _, k := range s.Exceptions {
				ex = append(ex, string(k))
			}
			rows = append(rows, shipmentExportJSON{OrderNo: o.OrderNo, TrackingNo: s.TrackingNo, Carrier: s.Carrier,
				Origin: s.Origin, Destination: s.Destination, Status: string(s.Status), ShippedAt: jsonTime(s.ShippedAt, time.RFC3339),
				LastEventAt: jsonTime(s.LastEventAt, time.RFC3339), DeliveredAt: jsonTime(s.DeliveredAt, time.RFC3339),
				ETA: jsonTime(s.ETA, time.RFC3339), Exceptions: ex, Unverified: s.Unverified})
		}
	}
	if format == "json" {
		if rows == nil {
			rows = []shipmentExportJSON{}
		}
		return writeJSON(w, rows)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"order_no", "tracking_no", "carrier", "origin", "destination", "status", "shipped_at",
		"last_event_at", "delivered_at", "eta", "exceptions", "unverified"})
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, r := range rows {
		cw.Write([]string{csvCell(r.OrderNo), csvCell(r.TrackingNo), csvCell(r.Carrier), csvCell(r.Origin), csvCell(r.Destination),
			r.Status, str(r.ShippedAt), str(r.LastEventAt), str(r.DeliveredAt), str(r.ETA), strings.Join(r.Exceptions, ","),
			strconv.FormatBool(r.Unverified)})
	}
	cw.Flush()
	return cw.Error()
}

type exceptionExportJSON struct {
	ID          int64   `json:"id"`
	OrderNo     string  `json:"order_no"`
	TrackingNo  string  `json:"tracking_no"`
	Carrier     string  `json:"carrier"`
	Destination string  `json:"destination"`
	Kind        string  `json:"kind"`
	Severity    string  `json:"severity"`
	State       string  `json:"state"`
	Owner       string  `json:"owner"`
	Detail      string  `json:"detail"`
	OpenedAt    *string `json:"opened_at"`
	CaseID      *int64  `json:"case_id"`
}

func exportExceptions(w io.Writer, format string, rows []tracker.ExceptionRow) error {
	out := make([]exceptionExportJSON, 0, len(rows))
	for _, r := range rows {
		x := exceptionExportJSON{ID: r.ID, OrderNo: r.OrderNo, TrackingNo: r.TrackingNo, Carrier: r.Carrier,
			Destination: r.Destination, Kind: string(r.Kind), Severity: r.Severity.String(), State: string(r.State),
			Owner: r.Owner, Detail: r.Detail, OpenedAt: jsonTime(r.OpenedAt, time.RFC3339)}
		if r.CaseID != 0 {
			id := r.CaseID
			x.CaseID = &id
		}
		out = append(out, x)
	}
	if format == "json" {
		return writeJSON(w, out)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "order_no", "tracking_no", "carrier", "destination", "kind", "severity", "state", "owner", "detail", "opened_at", "case_id"})
	for _, x := range out {
		caseID := ""
		if x.CaseID != nil {
			caseID = strconv.FormatInt(*x.CaseID, 10)
		}
		opened := ""
		if x.OpenedAt != nil {
			opened = *x.OpenedAt
		}
		cw.Write([]string{strconv.FormatInt(x.ID, 10), csvCell(x.OrderNo), csvCell(x.TrackingNo), csvCell(x.Carrier),
			csvCell(x.Destination), x.Kind, x.Severity, x.State, csvCell(x.Owner), csvCell(x.Detail), opened, caseID})
	}
	cw.Flush()
	return cw.Error()
}

// etaModel is the store's ETA model as of the store's clock (the demo's,
// for a demo store), with that time.
func (e *env) etaModel(ctx context.Context) (*tracker.ETAModel, time.Time, error) {
	clock, _, err := e.clock(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	now := clock.Now()
	m, err := e.db.ETAModel(ctx, now, e.cfg.ETA)
	return m, now, err
}

const reportUsage = `Usage:
  waybill report carriers [--since 90d] [--by carrier|route|method] [--json|--csv]
      the carrier scorecard from your own shipments: per carrier, route and
      shipping method: shipments, delivered, on-time rate against the promised
      date, transit days (p50, p90), days to first scan, exception rates by
      kind, lost and damaged rates, refunds, reissues and root causes from
      closed cases
  waybill report eta-backtest [--orders N] [--seed S] [--json]
      measure the ETA prediction on simulated history with known deliveries
`

func cmdReport(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef("want carriers or eta-backtest\n\n%s", reportUsage)
	}
	switch args[0] {
	case "carriers":
		return cmdReportCarriers(ctx, args[1:], stdout)
	case "eta-backtest":
		return cmdReportBacktest(ctx, args[1:], stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, reportUsage)
		return nil
	}
	return usagef("report %q: want carriers or eta-backtest", args[0])
}

// parseSince reads --since: a duration such as 90d or 2160h, or "all".
func parseSince(v string, now time.Time) (time.Time, error) {
	if v == "all" || v == "0" {
		return time.Time{}, nil
	}
	var d tracker.Duration
	if err := d.UnmarshalText([]byte(v)); err != nil || d.Duration <= 0 {
		return time.Time{}, usagef("--since %q: want a duration such as 90d or 720h, or all", v)
	}
	return now.Add(-d.Duration), nil
}

func parseGrouping(v string) (tracker.Grouping, error) {
	switch v {
	case "carrier":
		return tracker.ByCarrier, nil
	case "route":
		return tracker.ByRoute, nil
	case "method", "":
		return tracker.ByRouteAndMethod, nil
	}
	return 0, usagef("--by %q: want carrier, route or method", v)
}

func cmdReportCarriers(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("report carriers", "waybill report carriers [--since 90d] [--by carrier|route|method] [--json|--csv]", &c)
	sinceFlag := fs.String("since", "90d", "only parcels shipped within this `duration` (90d, 720h) before now, or all")
	by := fs.String("by", "method", "one line per `carrier`, per carrier and route, or per carrier, route and method")
	asJSON := fs.Bool("json", false, "print a JSON array, one object per line")
	asCSV := fs.Bool("csv", false, "print CSV with a header row")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usagef("--json and --csv: pick one")
	}
	g, err := parseGrouping(*by)
	if err != nil {
		return err
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	clock, _, err := e.clock(ctx)
	if err != nil {
		return err
	}
	now := clock.Now()
	since, err := parseSince(*sinceFlag, now)
	if err != nil {
		return err
	}
	history, err := e.db.ShipmentHistory(ctx, since)
	if err != nil {
		return err
	}
	scores := tracker.Scorecard(history, tracker.ScoreOptions{Now: now, Since: since, Rules: e.cfg.Rules, By: g})
	switch {
	case *asJSON:
		out := make([]tracker.ScoreJSON, 0, len(scores))
		for _, s := range scores {
			out = append(out, s.JSON())
		}
		return writeJSON(stdout, out)
	case *asCSV:
		return writeScoresCSV(stdout, scores)
	}
	return printScores(stdout, scores)
}

// scoreFigure prints a figure that may be missing (NaN) as "—".
func scoreFigure(v float64, format string) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf(format, v)
}

func printScores(stdout io.Writer, scores []tracker.Score) error {
	if len(scores) == 0 {
		fmt.Fprintln(stdout, "no shipments in the window")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CARRIER\tROUTE\tMETHOD\tSHIPPED\tDELIVERED\tON TIME\tP50 DAYS\tP90 DAYS\t1ST SCAN\tEXCEPTIONS\tLOST\tDAMAGED\tREFUNDS\tREISSUES\tROOT CAUSES")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n",
			ui.Sanitize(s.Carrier), ui.Sanitize(s.Route()), ui.Sanitize(s.Method), s.Shipments, s.Delivered,
			scoreFigure(100*s.OnTimeRate(), "%.0f%%"), scoreFigure(s.TransitP50, "%.1f"), scoreFigure(s.TransitP90, "%.1f"),
			scoreFigure(s.FirstScanP50, "%.1f"), exceptionRates(s), scoreFigure(100*s.Rate(s.Lost), "%.1f%%"),
			scoreFigure(100*s.Rate(s.Damaged), "%.1f%%"), s.Refunds, s.Reissues, rootCauses(s))
	}
	return tw.Flush()
}

// exceptionRates is "stale 4.0%, customs 2.0%": the kinds seen, most first.
func exceptionRates(s tracker.Score) string {
	ks := s.KindsByCount()
	// The three most common fit a terminal; --json and --csv have them all.
	parts := make([]string, 0, 4)
	for i, k := range ks {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %.1f%%", k, 100*s.Rate(s.Exceptions[k])))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, ", ")
}

// rootCauses is "carrier 2, packaging 1", sorted; "—" when none.
func rootCauses(s tracker.Score) string {
	if len(s.RootCauses) == 0 {
		return "—"
	}
	return causeCounts(s, " ", ", ")
}

// rootCausesCSV is "carrier:2;packaging:1", sorted.
func rootCausesCSV(s tracker.Score) string { return causeCounts(s, ":", ";") }

func causeCounts(s tracker.Score, pair, list string) string {
	cs := make([]string, 0, len(s.RootCauses))
	for c, n := range s.RootCauses {
		cs = append(cs, fmt.Sprintf("%s%s%d", c, pair, n))
	}
	sort.Strings(cs)
	return strings.Join(cs, list)
}

func writeScoresCSV(stdout io.Writer, scores []tracker.Score) error {
	w := csv.NewWriter(stdout)
	head := []string{"carrier", "origin", "destination", "method", "shipments", "delivered", "promised", "on_time", "on_time_rate",
		"transit_days_p50", "transit_days_p90", "first_scan_days_p50"}
	for _, k := range tracker.ExceptionKinds {
		head = append(head, "exception_"+string(k)+"_rate")
	}
	head = append(head, "lost_rate", "damaged_rate", "refunds", "reissues", "root_causes")
	if err := w.Write(head); err != nil {
		return err
	}
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	for _, s := range scores {
		j := s.JSON()
		row := []string{csvCell(j.Carrier), csvCell(j.Origin), csvCell(j.Destination), csvCell(j.Method),
			strconv.Itoa(j.Shipments), strconv.Itoa(j.Delivered), strconv.Itoa(j.Promised), strconv.Itoa(j.OnTime),
			f(j.OnTimeRate), f(j.TransitDaysP50), f(j.TransitDaysP90), f(j.FirstScanDaysP50)}
		for _, k := range tracker.ExceptionKinds {
			row = append(row, strconv.FormatFloat(j.ExceptionRates[string(k)], 'f', -1, 64))
		}
		row = append(row, strconv.FormatFloat(j.LostRate, 'f', -1, 64), strconv.FormatFloat(j.DamagedRate, 'f', -1, 64),
			strconv.Itoa(j.Refunds), strconv.Itoa(j.Reissues), csvCell(rootCausesCSV(s)))
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

func cmdReportBacktest(_ context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("report eta-backtest", "waybill report eta-backtest [--orders N] [--seed S] [--json]", &c)
	orders := fs.Int("orders", 6000, "simulated `orders`, shipped over 180 days")
	seed := fs.Int64("seed", 1, "simulation `seed`")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *orders < 100 || *orders > 1_000_000 {
		return usagef("--orders %d: want 100–1000000", *orders)
	}
	r := sim.Backtest(sim.BacktestOptions{Orders: *orders, Seed: *seed})
	if *asJSON {
		fig := func(f sim.BacktestFigures) map[string]any {
			return map[string]any{"parcels": f.Parcels, "predicted": f.Predicted, "median_abs_error_days": round2(f.MedianError),
				"share_by_p90": round4(f.ByP90), "share_in_range": round4(f.InRange)}
		}
		return writeJSON(stdout, map[string]any{
			"orders": r.Orders, "trained_on": r.Trained, "cutoff": r.Cutoff.Format(time.DateOnly),
			"at_shipping": fig(r.AtShipping), "mid_transit": fig(r.MidTr),
			"carrier_eta": map[string]any{"parcels": r.Carrier.Parcels, "median_abs_error_days": round2(r.Carrier.MedianError),
				"share_by_eta": round4(r.Carrier.ByP90)},
			"overdue_before_arrival": map[string]any{"by_carrier_eta": round4(r.OverdueByCarrier), "by_carrier_eta_and_history_p90": round4(r.OverdueByBoth)},
		})
	}
	fmt.Fprintf(stdout, "ETA backtest: %d simulated orders (seed %d); trained on %d parcels delivered before %s,\npredicting the %d delivered parcels shipped after it.\n\n",
		r.Orders, *seed, r.Trained, r.Cutoff.Format(time.DateOnly), r.AtShipping.Parcels)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "AS OF\tPREDICTED\tMEDIAN ERROR\tBY P90\tIN P10–P90")
	for _, row := range []struct {
		name string
		f    sim.BacktestFigures
	}{{"shipping day", r.AtShipping}, {"halfway", r.MidTr}} {
		fmt.Fprintf(tw, "%s\t%d\t%.2f days\t%.1f%%\t%.1f%%\n", row.name, row.f.Predicted, row.f.MedianError, 100*row.f.ByP90, 100*row.f.InRange)
	}
	fmt.Fprintf(tw, "carrier's ETA\t%d\t%.2f days\t%.1f%% by it\t\n", r.Carrier.Predicted, r.Carrier.MedianError, 100*r.Carrier.ByP90)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nWithout a promise, the overdue rule would call %.1f%% of these parcels overdue before they arrived\ngoing by the carrier's ETA alone, and %.1f%% going by the later of it and history's p90.\n",
		100*r.OverdueByCarrier, 100*r.OverdueByBoth)
	if r.AtShipping.ByP90 < 0.85 || r.MidTr.ByP90 < 0.85 {
		fmt.Fprintln(stdout, "\nbelow the goal: at least 85% of deliveries by the p90 date")
		return errProblems
	}
	return nil
}

// addContents puts add's flags about the parcel's contents on o; a flag not
// given leaves its field empty, so the stored value stays.
func addContents(fs *flag.FlagSet, o *tracker.Order, address, product, amount, currency, hsCode, declared string, insured bool) error {
	o.Address, o.Product = strings.TrimSpace(address), strings.TrimSpace(product)
	var err error
	if strings.TrimSpace(amount) != "" {
		if o.Amount, err = tracker.ParseMoney(amount); err != nil {
			return usagef("--amount %q: %v", amount, err)
		}
	}
	if strings.TrimSpace(declared) != "" {
		if o.DeclaredValue, err = tracker.ParseMoney(declared); err != nil {
			return usagef("--declared-value %q: %v", declared, err)
		}
	}
	if c := strings.ToUpper(strings.TrimSpace(currency)); c != "" {
		if !orderfile.ValidCurrency(c) {
			return usagef("--currency %q: want an ISO 4217 code such as USD", currency)
		}
		o.Currency = c
	}
	if h := strings.TrimSpace(hsCode); h != "" {
		if !orderfile.ValidHSCode(h) {
			return usagef("--hs-code %q: want 6 to 10 digits", hsCode)
		}
		o.HSCode = h
	}
	if isFlagSet(fs, "insured") {
		o.Insured = &insured
	}
	return nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
func round4(v float64) float64 { return math.Round(v*10000) / 10000 }

// suggestedETA is the new ETA step 3 suggests for case id's parcel, as the
// case view does: the day 9 in 10 similar parcels arrived by (the end of the
// history range), or the carrier's estimate.
func suggestedETA(ctx context.Context, db *store.DB, id int64, now time.Time) (time.Time, error) {
	r, err := db.Case(ctx, id)
	if errors.Is(err, tracker.ErrNotFound) {
		return time.Time{}, fmt.Errorf("no case %d in %s", id, db.Path())
	}
	if err != nil {
		return time.Time{}, err
	}
	est, ok, err := db.ShipmentETA(ctx, r.ShipmentID, now)
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Time{}, fmt.Errorf("--eta auto: no ETA is known for parcel %s (delivered, or no carrier estimate and too little history): give --eta YYYY-MM-DD", ui.Sanitize(r.TrackingNo))
	}
	return est.To, nil
}

// importWarningLines bounds the warnings import prints one by one; the
// summary counts them all, and `list --json` shows every order's.
const importWarningLines = 20

// precheckImport counts the pre-shipment warnings of the file's orders (as
// the file has them; the store judges a merged order again) and keeps the
// first few as lines to print.
func precheckImport(orders []tracker.OrderDetail, cfg tracker.PrecheckConfig, out *importJSON) {
	out.Checks = map[string]int{}
	more := 0
	p := tracker.NewPrechecker(cfg)
	// Judged on every core, counted in file order.
	all := make([][]tracker.Check, len(orders))
	var wg sync.WaitGroup
	per := max(1000, (len(orders)+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0))
	for start := 0; start < len(orders); start += per {
		end := min(start+per, len(orders))
		wg.Go(func() {
			for i := start; i < end; i++ {
				all[i] = p.Check(orders[i].Order)
			}
		})
	}
	wg.Wait()
	for i, o := range orders {
		cs := all[i]
		if len(cs) > 0 {
			out.CheckedOrders++
		}
		for _, c := range cs {
			out.Checks[string(c.Kind)]++
			if len(out.warnings) < importWarningLines {
				out.warnings = append(out.warnings, "warning: order "+ui.Sanitize(o.OrderNo)+": "+ui.Sanitize(c.String()))
			} else {
				more++
			}
		}
	}
	if more > 0 {
		out.warnings = append(out.warnings, fmt.Sprintf("warning: … and %d more (waybill list --json shows each order's checks)", more))
	}
}

// contentsLine is show's line about what is in the parcel, "" when the
// order says nothing about it.
func contentsLine(o tracker.Order) string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+" "+ui.Sanitize(v))
		}
	}
	add("product", o.Product)
	if o.Amount != 0 {
		add("amount", strings.TrimSpace(o.Amount.String()+" "+o.Currency))
	}
	add("HS", o.HSCode)
	if o.DeclaredValue != 0 {
		add("declared", strings.TrimSpace(o.DeclaredValue.String()+" "+o.Currency))
	}
	if o.Insured != nil {
		add("insured", yesNo(*o.Insured))
	}
	add("address", o.Address)
	return strings.Join(parts, "  ")
}

// ---- waybill bench ------------------------------------------------------

func cmdBench(ctx context.Context, args []string, stdout io.Writer) error {
	var c common
	fs := newFlags("bench", "waybill bench [--orders N] [--json] [--db PATH]", &c)
	n := fs.Int("orders", 100_000, "how many demo orders the measured store holds (about 15 events each)")
	asJSON := fs.Bool("json", false, "print a JSON array of {name, value, unit, budget, ok}")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *n < 100 || *n > 1_000_000 {
		return usagef("--orders %d: want 100 to 1000000", *n)
	}
	if os.Getenv(bench.ChildEnv) == "rss" {
		return bench.RSSChild(ctx, benchPorts(), c.db, stdout)
	}
	dir, err := os.MkdirTemp("", "waybill-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := c.db
	if path == "" {
		path = filepath.Join(dir, "bench.db")
	} else if _, err := os.Stat(path); err == nil {
		return usagef("--db %s: exists; bench builds a new store and will not touch one", path)
	}
	progress := io.Discard
	if !*asJSON {
		progress = os.Stderr
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	lines, err := bench.Run(ctx, benchPorts(), path, dir, *n, exe, progress)
	if err != nil {
		return err
	}
	failed := false
	for _, l := range lines {
		failed = failed || !l.OK()
	}
	if *asJSON {
		if err := writeJSON(stdout, bench.ToJSON(lines)); err != nil {
			return err
		}
	} else {
		bench.Print(stdout, lines)
	}
	if failed {
		return errProblems
	}
	return nil
}

// benchStore is a store the bench builds, which can fill itself with demo orders.
type benchStore struct{ *store.DB }

func (s benchStore) AddDemoOrders(ctx context.Context, n int, seed int64, now time.Time) error {
	return addDemoOrders(ctx, s.DB, n, seed, now)
}

// benchPorts are the store and the simulator `waybill bench` builds on.
func benchPorts() bench.Ports {
	return bench.Ports{
		Open: func(ctx context.Context, path string) (bench.Store, error) {
			db, err := store.Open(ctx, path)
			if err != nil {
				return nil, err
			}
			return benchStore{db}, nil
		},
		OpenPlain: func(ctx context.Context, path string) (bench.PlainTable, error) {
			p, err := store.OpenPlain(ctx, path)
			if err != nil {
				return nil, err
			}
			return p, nil
		},
		Simulator: func(seed int64, clock tracker.Clock) tracker.Carrier { return sim.New(seed, clock) },
	}
}
