package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"waybill/tracker"
)

// The demo, kept apart from real work: `waybill demo`, and which store
// `waybill` opens (tracker.OpensDemo).

func (a *app) demoCmd() *cobra.Command {
	var n int
	var seed int64
	var status, remove bool
	cmd := leaf("demo [--orders N] [--seed S] | --status | --remove", "add demo orders; --status: which store opens; --remove", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		adding := cmd.Flags().Changed("orders") || cmd.Flags().Changed("seed")
		switch {
		case status && remove:
			return usagef("--status or --remove, not both")
		case (status || remove) && adding:
			return usagef("--orders and --seed shape the demo orders added; --status and --remove add none")
		case n < 0 || n > 1_000_000:
			return usagef("--orders %d: want 1 to 1000000", n)
		case status:
			return a.demoStatus(cmd.Context())
		case remove:
			return a.demoRemove(cmd.Context())
		}
		s, err := a.open(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		if n == 0 {
			n = s.cfg.Demo.Orders
		}
		if !cmd.Flags().Changed("seed") {
			seed = s.cfg.Demo.Seed
		}
		sum, err := s.SeedDemo(cmd.Context(), n, seed)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, a.tr().Plain("added %d demo orders (seed %d) to %s: %d events, %d exceptions open",
			n, seed, s.store.Path(), sum.NewEvents, sum.Opened))
		return nil
	})
	cmd.Long = `Demo orders are made up by a simulated carrier and marked demo: only the
simulator checks their parcels, their alerts go to the screen alone, and
--remove deletes them, leaving real orders as they are.

With nothing configured (no tracking service, no [store] path) and an empty
default store, waybill opens the demo in a store of its own, demo.db beside
the default store; --status says which store waybill opens, and why.`
	cmd.Flags().IntVar(&n, "orders", 0, "how many demo orders (default from [demo] orders, 300)")
	cmd.Flags().Int64Var(&seed, "seed", 0, "seed: the same seed gives the same data (default from [demo] seed, 1)")
	cmd.Flags().BoolVar(&status, "status", false, "say which store waybill opens and why, its demo and real orders, its clock, and how to leave the demo")
	cmd.Flags().BoolVar(&remove, "remove", false, "delete the store's demo orders with their parcels, events, exceptions, cases and alerts")
	return cmd
}

// opening is the store `waybill` opens: its path, why that one, and
// whether it is the first run's demo store.
type opening struct {
	path, why string // why: a catalog key, a format of whyArg
	whyArg    string
	demo      bool
}

// whichStore is the store `waybill` opens: --db, else WAYBILL_DB, else
// [store] url or path, else
// the demo store while nothing is configured and the default store holds
// no order (tracker.OpensDemo), else the default store.
func (a *app) whichStore(ctx context.Context) (opening, error) {
	cfg, cfgPath, err := a.config()
	switch {
	case err != nil:
		return opening{}, err
	case a.dbPath != "":
		return opening{path: a.dbPath, why: "--db"}, nil
	case os.Getenv(dbEnv) != "":
		return opening{path: os.Getenv(dbEnv), why: dbEnv}, nil
	case cfg.Store.URL != "":
		return opening{path: cfg.Store.URL, why: "store.url in %s", whyArg: cfgPath}, nil
	case cfg.Store.Path != "":
		return opening{path: cfg.Store.Path, why: "store.path in %s", whyArg: cfgPath}, nil
	}
	st, err := a.wiring.Stores(ctx)
	switch {
	case err != nil:
		return opening{}, err
	case tracker.OpensDemo(cfg, st.DefaultEmpty):
		return opening{path: st.Demo, demo: true, why: "the demo: nothing is configured and the default store %s holds no order", whyArg: st.Default}, nil
	case len(cfg.RealCarriers()) > 0:
		return opening{path: st.Default, why: "the default store: a tracking service is configured"}, nil
	case cfg.Marketplaces.Any():
		return opening{path: st.Default, why: "the default store: a marketplace is configured"}, nil
	}
	return opening{path: st.Default, why: "the default store: it holds orders"}, nil
}

// demoStatus says which store `waybill` opens and why, what it holds, its
// clock, and how to leave the demo. It makes no store.
func (a *app) demoStatus(ctx context.Context) error {
	at, err := a.whichStore(ctx)
	if err != nil {
		return err
	}
	out, tr := a.stdout, a.tr()
	why := tr.Word(at.why)
	if at.whyArg != "" {
		why = tr.Plain(at.why, at.whyArg)
	}
	fmt.Fprintln(out, tr.Plain("opens:  %s (%s)", tracker.RedactStoreURL(at.path), why))
	if _, err := os.Stat(at.path); errors.Is(err, os.ErrNotExist) && !tracker.IsStoreURL(at.path) {
		if at.demo {
			fmt.Fprintln(out, tr.Plain("orders: none yet; waybill fills it with %d demo orders", a.cfg.Demo.Orders))
		} else {
			fmt.Fprintln(out, tr.Plain("orders: none yet (no store there)"))
		}
	} else {
		a.dbPath = at.path
		s, err := a.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		demo, real, err := s.store.CountOrders(ctx)
		if err != nil {
			return err
		}
		_, onDemo, err := s.Clock(ctx)
		if err != nil {
			return err
		}
		clock := tr.Plain("wall")
		if onDemo {
			clock = tr.Plain("demo ×%s", strconv.FormatFloat(s.cfg.Demo.Speed, 'f', -1, 64))
		}
		fmt.Fprintln(out, tr.Plain("orders: %d demo, %d real\nclock:  %s", demo, real, clock))
	}
	if at.demo {
		fmt.Fprintln(out, tr.Plain("leave:  add or import an order (waybill add, waybill import), or configure a tracking service\n        or a [store] path in %s; --db PATH opens another store", a.cfgPath))
	}
	return nil
}

// demoRemove deletes the demo orders of the store and says what went.
func (a *app) demoRemove(ctx context.Context) error {
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.store.RemoveDemoOrders(ctx)
	if err != nil {
		return err
	}
	if r.Orders == 0 {
		fmt.Fprintln(a.stdout, a.tr().Plain("no demo orders in %s; real orders kept: %d", s.store.Path(), r.Kept))
		return nil
	}
	fmt.Fprintln(a.stdout, a.tr().Plain("removed %d demo orders from %s: %d parcels, %d events, %d exceptions, %d cases, %d alerts; real orders kept: %d",
		r.Orders, s.store.Path(), r.Parcels, r.Events, r.Exceptions, r.Cases, r.Alerts, r.Kept))
	return nil
}
