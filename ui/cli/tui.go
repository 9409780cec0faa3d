package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// tuiFlags makes the root command, `waybill [--demo]`, open the screen.
func (a *app) tuiFlags(root *cobra.Command) {
	fresh := root.Flags().Bool("demo", false, "open a fresh throwaway demo store")
	root.RunE = run(func(cmd *cobra.Command, _ []string) error {
		return a.tui(cmd.Context(), *fresh)
	})
}

// tui runs the screen on the store, with the refresher, the alert sender
// and a watch on other processes' writes beside it. The first run's demo
// store (whichStore) and a throwaway one are filled with the demo while
// they are empty; no other store ever is by itself.
func (a *app) tui(ctx context.Context, fresh bool) error {
	var demoStore bool
	if fresh {
		dir, err := os.MkdirTemp("", "waybill-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		a.dbPath = filepath.Join(dir, "demo.db")
	} else if a.dbPath == "" {
		at, err := a.whichStore(ctx)
		if err != nil {
			return err
		}
		if demoStore = at.demo; demoStore {
			a.dbPath = at.path
		}
	}
	s, err := a.openScreen(ctx)
	if err != nil {
		return err
	}
	defer s.Close()

	empty, err := s.store.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if empty && (fresh || demoStore) {
		if _, err := s.SeedDemo(ctx, s.cfg.Demo.Orders, s.cfg.Demo.Seed); err != nil {
			return err
		}
	}
	hub := tracker.NewHub()
	bg, err := s.Background(ctx, hub, nil)
	if err != nil {
		return err
	}
	market, err := a.marketSyncer(s, bg, hub, nil)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { bg.Refresher.Run(ctx, s.cfg.Refresh.Interval.Duration) })
	wg.Go(func() { market.Run(ctx) })
	wg.Go(func() { bg.Alerts.Run(ctx) })
	wg.Go(func() { tracker.WatchStore(ctx, s.store, time.Second, hub) })

	title, mixed, err := storeTitle(ctx, a.tr(), s.store, fresh, demoStore)
	if err != nil {
		return err
	}
	msgs, err := s.messages()
	if err != nil {
		return err
	}
	sendBuyer, err := a.wiring.BuyerEmail(s.cfg)
	if err != nil {
		return err
	}
	model := ui.New(ctx, ui.Options{
		Reader: s.store, Service: a.withMarkets(s, tracker.NewService(s.store, bg.Clock, hub, s.store).WithClaims(s.cfg.ClaimsSettings())),
		Refresher: bg.Refresher, Hub: hub, Clock: bg.Clock, Demo: bg.Demo, DemoSpeed: s.cfg.Demo.Speed, Title: title, MarkDemo: mixed,
		Actor: actor(), Templates: msgs, SendBuyerEmail: sendBuyer, Seller: s.cfg.Messages.Seller,
		ImportFiles: true, ImportColumns: s.cfg.Import.Columns, EvidenceFont: cfgRelative(s.cfgPath, s.cfg.Evidence.Font),
		ETA: s.store, History: s.store, Rules: s.cfg.Rules, Urgent: s.cfg.Deadlines.Urgent.Duration, Keys: s.cfg.Keys,
		Local: !overSSH(), ExtendDays: s.cfg.Deadlines.ExtendDays,
		ExtendBefore: s.cfg.Deadlines.ExtendBefore.Duration,
		Language:     language(s.cfg),
	})
	_, err = tea.NewProgram(model, tea.WithContext(ctx)).Run()
	cancel()
	wg.Wait()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return wrapf("terminal UI: %v", err)
	}
	return nil
}

// storeTitle is what the title bar says of the open store: which it is,
// and for the first run's demo how to leave it (the title bar drops its
// clock, never these words, to fit 80 columns). mixed says the store
// holds demo and real orders: the screen marks the demo's rows, and the
// title says how. The words are in p's language (a server's title is in
// the server's).
func storeTitle(ctx context.Context, p *i18n.Printer, st demoStore, fresh, firstRunDemo bool) (title string, mixed bool, err error) {
	switch {
	case fresh:
		return p.T("throwaway store"), false, nil
	case firstRunDemo:
		return p.T("demo store · leave: waybill add, a carrier or --db"), false, nil
	}
	title = shortPath(st.Path())
	demo, real, err := st.HasOrders(ctx)
	if mixed = demo && real; mixed {
		title += " · " + p.T("%s: demo order", ui.DemoMark)
	}
	return title, mixed, err
}

// overSSH reports whether this screen runs in an SSH login: a browser it
// opened would open on this machine, not in front of the person.
func overSSH() bool {
	return os.Getenv("SSH_CONNECTION") != "" || os.Getenv("SSH_TTY") != "" || os.Getenv("SSH_CLIENT") != ""
}
