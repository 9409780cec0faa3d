package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// noMarketplace is what `waybill sync` says when none is configured: a
// plain fact, not a failure (exit 0), so a cron job set up before the
// marketplace is connected does not alarm anyone.
const noMarketplace = "no marketplace is configured: add [marketplaces.aliexpress] or [marketplaces.shopify] to the config (README: Connect AliExpress, Connect Shopify)"

func (a *app) syncCmd() *cobra.Command {
	var once, asJSON bool
	cmd := leaf("sync --once [--json]", "read orders and disputes from the configured marketplaces", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		if !once {
			return usagef("say --once (the screen, serve and refresh --watch sync in the background)")
		}
		return a.syncOnce(cmd.Context(), asJSON)
	})
	cmd.Long = `read orders and disputes from the configured marketplaces once.

Each marketplace is read from where its last sync stopped: orders changed
since then become orders and parcels (a field you edited in waybill stays
unless the marketplace changed it since), and each open dispute opens or
joins a complaint case on the order's parcel. With no marketplace
configured it says so and exits 0; it exits 1 when a record could not be
taken or a marketplace could not be read: the lines printed say which.`
	cmd.Flags().BoolVar(&once, "once", false, "sync every configured marketplace once, then a summary")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	return cmd
}

// syncResult is one marketplace's sync as `sync --json` prints it.
type syncResult struct {
	tracker.SyncReport
	Error string `json:"error,omitempty"`
}

func (a *app) syncOnce(ctx context.Context, asJSON bool) error {
	s, svc, err := a.openService(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	var ms []tracker.Marketplace
	if a.wiring.Marketplaces != nil {
		if ms, err = a.wiring.Marketplaces(s.cfg, s.cfgPath); err != nil {
			return err
		}
	}
	results := make([]syncResult, 0, len(ms))
	failed := false
	for _, m := range ms {
		rep, err := svc.SyncMarketplace(ctx, actor(), m)
		r := syncResult{SyncReport: rep}
		if err != nil {
			r.Error = err.Error()
		}
		failed = failed || err != nil || len(rep.Problems) > 0
		results = append(results, r)
	}
	if asJSON {
		doc := struct {
			Marketplaces []syncResult `json:"marketplaces"`
			Note         string       `json:"note,omitempty"`
		}{Marketplaces: results}
		if len(ms) == 0 {
			doc.Note = noMarketplace
		}
		if err := writeJSON(a.stdout, doc); err != nil {
			return err
		}
	} else {
		printSync(newOutput(a.stdout), a.tr(), results)
	}
	if failed {
		return errProblems
	}
	return nil
}

// printSync says what each marketplace's sync did, and each problem.
func printSync(w io.Writer, tr *i18n.Printer, results []syncResult) {
	if len(results) == 0 {
		fmt.Fprintln(w, tr.Plain(noMarketplace))
		return
	}
	for _, r := range results {
		fmt.Fprintln(w, tr.Plain("%s: orders %d new, %d changed, %d unchanged; parcels %d new; disputes %d opened, %d updated, %d finished",
			r.Marketplace, r.OrdersNew, r.OrdersChanged, r.OrdersUnchanged, r.ParcelsNew, r.DisputesOpened, r.DisputesUpdated, r.DisputesFinished))
		for _, p := range r.Problems {
			fmt.Fprintln(w, tr.Plain("  problem: %s", p))
		}
		if r.Error != "" {
			fmt.Fprintln(w, tr.Plain("  stopped: %s (the next sync resumes where this one stopped)", tr.ServiceError(r.Error)))
		}
	}
}
