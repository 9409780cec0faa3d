package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui"
)

// tuiFlags makes the root command, `waybill [--demo]`, open the screen.
func (a *app) tuiFlags(root *cobra.Command) {
	fresh := root.Flags().Bool("demo", false, "open a fresh throwaway demo store")
	root.RunE = run(func(cmd *cobra.Command, _ []string) error {
		return a.tui(cmd.Context(), *fresh)
	})
}

// tui runs the screen on the store, with the refresher, the alert sender
// and a watch on other processes' writes beside it. A store that is empty
// while no real carrier is configured is filled with the demo first.
func (a *app) tui(ctx context.Context, fresh bool) error {
	if fresh {
		dir, err := os.MkdirTemp("", "waybill-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		a.dbPath = filepath.Join(dir, "demo.db")
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()

	empty, err := s.store.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if empty && len(s.cfg.RealCarriers()) == 0 {
		if _, err := s.SeedDemo(ctx, s.cfg.Demo.Orders, s.cfg.Demo.Seed); err != nil {
			return err
		}
	}
	hub := tracker.NewHub()
	bg, err := s.Background(ctx, hub, nil)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { bg.Refresher.Run(ctx, s.cfg.Refresh.Interval.Duration) })
	wg.Go(func() { bg.Alerts.Run(ctx) })
	wg.Go(func() { tracker.WatchStore(ctx, s.store, time.Second, hub) })

	title := shortPath(s.store.Path())
	if fresh {
		title = "throwaway store"
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
		Reader: s.store, Service: tracker.NewService(s.store, bg.Clock, hub, s.store),
		Refresher: bg.Refresher, Hub: hub, Clock: bg.Clock, Demo: bg.Demo, DemoSpeed: s.cfg.Demo.Speed, Title: title,
		Actor: actor(), Templates: msgs, SendBuyerEmail: sendBuyer, Seller: s.cfg.Messages.Seller,
		ImportFiles: true, ImportColumns: s.cfg.Import.Columns,
		ETA: s.store, History: s.store, Rules: s.cfg.Rules, Keys: s.cfg.Keys,
	})
	_, err = tea.NewProgram(model, tea.WithContext(ctx)).Run()
	cancel()
	wg.Wait()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("terminal UI: %w", err)
	}
	return nil
}
