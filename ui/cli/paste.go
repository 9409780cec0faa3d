package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker/orderfile"
	"waybill/ui"
	"waybill/ui/i18n"
)

func (a *app) pasteCmd() *cobra.Command {
	var order string
	var force, dry bool
	cmd := leaf("paste [FILE|-] [--order NO] [--force]", "add a pasted list of parcels, one a line, as on the screen", func(cmd *cobra.Command, args []string) error {
		var in io.Reader = a.stdin
		switch {
		case len(args) > 1:
			return usagef("want one file (or - for standard input), got %d arguments", len(args))
		case len(args) == 1 && args[0] != "-":
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			in = f
		}
		text, err := io.ReadAll(io.LimitReader(in, orderfile.MaxPasteBytes+1))
		if err != nil {
			return wrapf("read the list: %v", err)
		}
		lines, cut := orderfile.ReadPaste(string(text))
		if len(lines) == 0 {
			return usagef("the list is empty: one parcel a line, a tracking number or an order number and a tracking number")
		}
		bare := strings.TrimSpace(order)
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		stored, err := svc.KnownNumbers(cmd.Context(), orderfile.Numbers(lines))
		if err != nil {
			return err
		}
		orderfile.MarkStored(lines, stored)
		var counts [orderfile.Verdicts]int
		needOrder := 0
		for _, l := range lines {
			counts[l.Verdict]++
			if l.OrderNo == "" && l.Adds(force) {
				needOrder++
			}
		}
		tr := a.tr()
		printPaste(a.stdout, tr, lines)
		if needOrder > 0 && bare == "" {
			return usagef("%d line(s) have a tracking number alone: say which order they go to with --order NO", needOrder)
		}
		orders := orderfile.PasteOrders(lines, bare, force, svc.Now())
		add := 0
		for _, o := range orders {
			add += len(o.Shipments)
		}
		summary := tr.Plain("%d lines: %d ok", len(lines), counts[orderfile.PasteOK])
		for v := orderfile.PasteUntracked; v < orderfile.Verdicts; v++ {
			if counts[v] > 0 {
				summary += tr.Plain(", %d %s", counts[v], verdictWord(tr, v))
			}
		}
		if cut > 0 {
			summary += tr.Plain("; %d more left out past %d lines", cut, orderfile.MaxPasteLines)
		}
		switch {
		case dry:
			fmt.Fprintln(a.stdout, summary+tr.Plain("; dry run: nothing written (%d would be added)", add))
		case add == 0:
			fmt.Fprintln(a.stdout, summary+tr.Plain("; nothing to add"))
		default:
			added, err := svc.WriteOrders(cmd.Context(), actor(), orders, time.Time{})
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, summary+tr.Plain("; added %d parcel(s) (%d new orders, %d new parcels)", add, added.Orders, added.Shipments))
		}
		if counts[orderfile.PasteInvalid] > 0 && !force || counts[orderfile.PasteBad] > 0 || cut > 0 {
			if counts[orderfile.PasteInvalid] > 0 && !force {
				fmt.Fprintln(a.stdout, tr.Plain("invalid numbers were not added: fix them, or add them unverified with --force"))
			}
			return errProblems
		}
		return nil
	})
	cmd.Long = "add a pasted list of parcels, one a line (a tracking number, or an order number and a tracking number), as a paste on the screen does"
	fs := cmd.Flags()
	fs.StringVar(&order, "order", "", "the order `number` the lines with a tracking number alone go to")
	fs.BoolVar(&force, "force", false, "add the numbers that do not validate too, marked unverified")
	fs.BoolVar(&dry, "dry-run", false, "check the list, write nothing")
	return cmd
}

// printPaste writes every line's verdict, as the screen's paste sheet.
func printPaste(out io.Writer, tr *i18n.Printer, lines []orderfile.PasteLine) {
	tw := newTable(out)
	fmt.Fprintln(tw, heads(tr, "LINE", "ORDER", "TRACKING", "CARRIER", "VERDICT"))
	for _, l := range lines {
		v := verdictWord(tr, l.Verdict)
		if l.Why != "" {
			v = tr.Plain("%s: %s", v, ui.PasteWhy(tr, l))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", l.Line, orDash(ui.Sanitize(l.OrderNo)), orDash(ui.Sanitize(l.Tracking)),
			orDash(l.Carrier), ui.Sanitize(v))
	}
	tw.Flush()
}

// verdictWord is a pasted line's verdict (ok, untracked, already stored
// …) in tr's language; the detector's why after it stays as it says it.
func verdictWord(tr *i18n.Printer, v orderfile.Verdict) string {
	if tr.Lang() == i18n.En {
		return v.String()
	}
	return tr.WordOr("paste:"+v.String(), v.String())
}
