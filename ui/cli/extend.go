package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// `waybill extend ORDER --days N`: ask the order's marketplace for more
// days of the buyer's protection, through the service (the same action
// as the order view's key).

func (a *app) extendCmd() *cobra.Command {
	var asJSON bool
	var days int
	cmd := leaf("extend ORDER --days N [--json]", "extend a marketplace order's buyer protection by N days", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one order number (the marketplace's), got %d arguments", len(args))
		}
		if !cmd.Flags().Changed("days") {
			return usagef("say how many days more with --days N")
		}
		if err := tracker.CheckExtendDays(days); err != nil {
			return usagef("--days: %v", err)
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		if a.wiring.Marketplaces != nil {
			ms, err := a.wiring.Marketplaces(s.cfg, s.cfgPath)
			if err != nil {
				return err
			}
			svc.WithMarketplaces(ms...)
		}
		res, err := svc.ExtendProtection(cmd.Context(), actor(), args[0], days)
		if err != nil {
			return err
		}
		if asJSON {
			if err := writeJSON(a.stdout, res); err != nil {
				return err
			}
		} else {
			fmt.Fprintln(a.stdout, ui.Sanitize(extendWords(a.tr(), res)))
			if res.Note != "" {
				fmt.Fprintln(a.stdout, a.tr().Plain("note: %s", res.Note))
			}
		}
		if !res.Extended {
			return errProblems
		}
		return nil
	})
	cmd.Long = `extend a marketplace order's buyer protection by N days.

Only the seller can extend it, and only while the order awaits the buyer's
receipt with no dispute open: an order with an open dispute is refused
before the marketplace is asked. The answer is noted on the order's open
case and its protection_end deadline; a granted one moves that deadline.
Each refusal is said in words. Exit 0 extended, 1 refused or failed.`
	fs := cmd.Flags()
	fs.IntVar(&days, "days", 0, "days more of protection ("+strconv.Itoa(tracker.MinExtendDays)+" to "+strconv.Itoa(tracker.MaxExtendDays)+")")
	fs.BoolVar(&asJSON, "json", false, "print the answer as JSON")
	return cmd
}

// extendWords is tracker.ExtendSummary in tr's language: the frame
// translated, the order number, the marketplace's reason and message as
// they are.
func extendWords(tr *i18n.Printer, res tracker.ExtendResult) string {
	if tr.Lang() == i18n.En {
		return tracker.ExtendSummary(res)
	}
	if res.Extended {
		s := tr.Plain("order %s: buyer protection extended by %d days", res.OrderNo, res.Days)
		if res.ProtectionEnd != nil {
			s += tr.Plain("; now ends %s UTC", res.ProtectionEnd.UTC().Format("2006-01-02 15:04"))
			if res.Derived {
				s += tr.Plain(" (derived)")
			}
		}
		return s
	}
	s := tr.Plain("order %s: not extended: %s", res.OrderNo, res.Reason)
	if res.MarketMessage != "" {
		s += " [" + tracker.ShortValue(res.MarketMessage) + "]"
	}
	return s
}
