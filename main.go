// Command waybill tracks the parcels a cross-border seller shipped, catches
// logistics exceptions early, and helps work buyer complaints to the end.
//
// main.go parses flags and subcommands and wires store, carriers, tracker and
// ui together; the logic lives in those packages.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/carriers"
	"waybill/carriers/sim"
	"waybill/store"
	"waybill/tracker"
	"waybill/tracker/notify"
	"waybill/tracker/number"
	"waybill/ui"
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
  waybill list    [--json] [--status S]          list orders
  waybill show    [--json] KEY                   one order, by order or tracking number
  waybill serve   --http ADDR                    receive carrier webhooks and refresh in the background

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
	cfg tracker.Config
	db  *store.DB
}

func (c common) open(ctx context.Context) (*env, error) {
	cfgPath, missingOK := c.config, false
	if cfgPath == "" {
		cfgPath, missingOK = filepath.Join(xdg("XDG_CONFIG_HOME", ".config"), "waybill", "config.toml"), true
	}
	cfg, err := tracker.LoadConfig(cfgPath, missingOK)
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
	return &env{cfg: cfg, db: db}, nil
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
	empty, err := e.db.IsEmpty(ctx)
	if err != nil {
		return tracker.ApplySummary{}, err
	}
	now := clock.Now()
	if err := e.db.AddOrders(ctx, now, sim.Orders(n, seed, now)); err != nil {
		return tracker.ApplySummary{}, fmt.Errorf("add demo orders: %w", err)
	}
	if empty {
		if err := e.db.SetMeta(ctx, metaDemo, "1"); err != nil {
			return tracker.ApplySummary{}, err
		}
	}
	c := sim.New(seed, clock)
	policy := e.cfg.Policy()
	policy.Alerts = nil // made-up history is not news: the app lists it, nobody is emailed
	r := tracker.NewRefresher(e.db, func(string) tracker.Carrier { return c }, clock, nil, policy)
	r.Concurrency = 1 // batches stored in order: the same seed gives the same rows
	return r.RunOnce(ctx)
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
	model := ui.New(ctx, ui.Options{Reader: e.db, Refresher: ref, Hub: hub, Clock: clock, Demo: demo, DemoSpeed: e.cfg.Demo.Speed, Title: title})
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
	if !det.Valid {
		if !*force {
			return fmt.Errorf("--tracking %q: %s (use --force to store it anyway, marked unverified)", *tracking, describeInvalid(det))
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
		fmt.Fprintf(stdout, "warning: %s did not validate and is stored unverified: %s\n", sh.TrackingNo, describeInvalid(det))
	case !det.Tracked:
		fmt.Fprintf(stdout, "warning: %s\n", ui.Sanitize(det.Note))
	}
	return nil
}

// describeInvalid says why a number failed and what it might have been.
func describeInvalid(r number.Result) string {
	msg := r.Note
	if msg == "" {
		msg = "not a known tracking number format"
	}
	if r.Checksum == number.ChecksumBad {
		msg = "the check digit does not match. " + msg
	}
	if len(r.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(r.Suggestions, " or ") + "?"
	}
	return strings.TrimSpace(msg)
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
	fs := newFlags("list", "waybill list [--json] [--status S]", &c)
	asJSON := fs.Bool("json", false, "print a JSON array of orders")
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
	orders, err := e.db.ListOrders(ctx, st)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]tracker.OrderJSON, 0, len(orders))
		for _, o := range orders {
			out = append(out, o.JSON(false))
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
	if *asJSON {
		return writeJSON(stdout, o.JSON(true))
	}
	fmt.Fprintf(stdout, "Order %s  %s  buyer %s  to %s\n", ui.Sanitize(o.OrderNo), o.Status, ui.Sanitize(o.Buyer), ui.Sanitize(o.Country))
	for _, s := range o.Shipments {
		fmt.Fprintf(stdout, "\n%s  %s  %s  %s\n", ui.Sanitize(s.TrackingNo), ui.Sanitize(s.Carrier), s.Status, kinds(s.Exceptions))
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
	var c common
	fs := newFlags("serve", "waybill serve --http ADDR [--db PATH] [--config PATH]", &c)
	addr := fs.String("http", "", "listen `address` for carrier webhooks, e.g. 127.0.0.1:8080")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *addr == "" {
		return usagef("give --http ADDR: the address to receive carrier webhooks on")
	}
	e, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer e.db.Close()
	w, err := e.refresher(ctx, tracker.NewHub())
	if err != nil {
		return err
	}
	defer e.saveDemoClock(ctx, w)
	ref, set := w.ref, w.set
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	var paths []string
	if set != nil {
		var hooks http.Handler
		hooks, paths = set.Webhooks(ref.Push)
		mux.Handle("/webhooks/", hooks)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve --http %s: %w", *addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	fmt.Fprintf(stdout, "listening on http://%s (webhooks: %s)\n", ln.Addr(), strings.Join(paths, " "))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	w.alerts.OnSend = logAlerts(stdout, new(sync.Mutex))
	wg.Go(func() { ref.Run(ctx, e.cfg.Refresh.Interval.Duration) })
	wg.Go(func() { w.alerts.Run(ctx) })
	wg.Go(func() {
		<-ctx.Done()
		sctx, stop := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer stop()
		srv.Shutdown(sctx)
	})
	err = srv.Serve(ln)
	cancel()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
