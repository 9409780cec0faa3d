package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/tracker/orderfile"
	"waybill/ui"
	"waybill/ui/i18n"
)

// ImportSummary is what `waybill import` read, judged and wrote, and its
// --json shape.
type ImportSummary struct {
	File         string `json:"file"`
	Rows         int    `json:"rows"`
	Orders       int    `json:"orders"`
	Shipments    int    `json:"shipments"`
	NewOrders    int    `json:"new_orders"`
	NewShipments int    `json:"new_shipments"`
	Skipped      int    `json:"skipped"`
	Errors       int    `json:"errors"` // every problem, listed or not
	Written      bool   `json:"written"`
	DryRun       bool   `json:"dry_run"`
	// The first orderfile.MaxProblems problems; the rest are counted in
	// Unlisted, and all of them by column in ByColumn.
	Problems          []orderfile.Problem     `json:"problems"`
	Unlisted          int                     `json:"problems_not_listed"`
	ByColumn          []orderfile.ColumnTally `json:"problems_by_column"`
	IgnoredColumns    []string                `json:"ignored_columns"`
	ColumnsFromHeader map[string]string       `json:"columns"`
	// Pre-shipment warnings of the file's orders, by kind; they never
	// stop an import.
	CheckedOrders int            `json:"orders_with_checks"`
	Checks        map[string]int `json:"checks"`
	// How long the import took, and its rows per second of wall-clock
	// and of CPU time (all threads; 0 where the system does not say).
	Seconds          float64 `json:"seconds"`
	RowsPerSecond    float64 `json:"rows_per_second"`
	RowsPerCPUSecond float64 `json:"rows_per_cpu_second"`
	warnings         []string
	moreWarnings     int
	tr               *i18n.Printer // the human report's language; nil is English
}

func (a *app) importCmd() *cobra.Command {
	var skip, dry, asJSON bool
	var encoding string
	cmd := leaf("import FILE", "import orders from a CSV or XLSX file", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one CSV or XLSX file, got %d arguments", len(args))
		}
		enc, ok := orderfile.CanonicalEncoding(encoding)
		if !ok {
			return usagef("--encoding %q: want %s", encoding, strings.Join(orderfile.Encodings, ", "))
		}
		return a.importFile(cmd.Context(), args[0], enc, skip, dry, asJSON)
	})
	cmd.Long = "import orders from a CSV or XLSX file; any bad row imports nothing unless --skip-invalid"
	cmd.Flags().BoolVar(&skip, "skip-invalid", false, "import the good rows and report the bad ones (default: any bad row imports nothing)")
	cmd.Flags().BoolVar(&dry, "dry-run", false, "read and check the file, write nothing")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary and the problems as one JSON object")
	cmd.Flags().StringVar(&encoding, "encoding", "", "a CSV file's encoding: "+strings.Join(orderfile.Encodings, ", ")+" (default: UTF-8, or GB18030 when the whole file is)")
	cmd.RegisterFlagCompletionFunc("encoding", cobra.FixedCompletions(orderfile.Encodings, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// importFile reads and checks the file, and writes its orders unless a
// row is bad (or, with skip, its good rows), or dry says not to. enc is
// a CSV file's encoding, "" to decide from the file. A CSV file streams
// (importCSV); an XLSX workbook is read whole, at most 200,000 rows.
func (a *app) importFile(ctx context.Context, file, enc string, skip, dry, asJSON bool) error {
	cfg, _, err := a.config()
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	start, cpu0 := time.Now(), cpuTime()
	now := start
	opt := orderfile.Options{Columns: cfg.Import.Columns, Now: now, Encoding: enc}
	out := ImportSummary{File: file, DryRun: dry, tr: a.tr()}
	var svcClose func()
	defer func() {
		if svcClose != nil {
			svcClose()
		}
	}()
	// The store is opened for the first write only: a file that
	// imports nothing leaves it untouched.
	var svc orderWriter
	openStore := func() (orderWriter, error) {
		if svc == nil {
			s, sv, err := a.openService(ctx)
			if err != nil {
				return nil, err
			}
			svc, svcClose = sv, func() { s.Close() }
		}
		return svc, nil
	}
	var res *orderfile.Result
	var write bool
	if isXLSX(file, f) {
		res, write, err = a.importWhole(ctx, f, file, opt, skip, dry, cfg.Prechecks, &out, openStore)
	} else {
		run := importRun{opt: opt, skip: skip, dry: dry, prechecks: cfg.Prechecks,
			progress: a.stderr, on: isTerminal(a.stderr), open: openStore}
		res, write, err = run.csv(ctx, f, &out)
	}
	if err != nil {
		var fe *orderfile.FileError
		if errors.As(err, &fe) {
			// Wrapped, so the reader's language says it (tr.Err).
			return fmt.Errorf("%s: %w", file, fe)
		}
		return err
	}
	out.result(res)
	out.rate(time.Since(start), cpuTime()-cpu0)
	if asJSON {
		if err := writeJSON(a.stdout, out); err != nil {
			return err
		}
	} else {
		printImport(a.stdout, out, write, skip)
	}
	if res.ProblemCount > 0 {
		return errProblems
	}
	return nil
}

// isXLSX says whether the file is a workbook: by its name, or the ZIP
// signature (f is left at its start).
func isXLSX(name string, f io.ReadSeeker) bool {
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		return true
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	f.Seek(0, io.SeekStart)
	return string(head[:n]) == "PK\x03\x04"
}

// importWhole is the import of a file read whole (an XLSX workbook:
// its rows are scattered through a ZIP archive and its shared strings).
func (a *app) importWhole(ctx context.Context, f io.Reader, file string, opt orderfile.Options, skip, dry bool, prechecks tracker.PrecheckConfig, out *ImportSummary, open func() (orderWriter, error)) (*orderfile.Result, bool, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, false, err
	}
	res, err := orderfile.Read(file, data, opt)
	if err != nil {
		return nil, false, err
	}
	res.OrderCount, res.ShipmentCount = len(res.Orders), res.Shipments()
	out.Precheck(res.Orders, prechecks)
	write := !dry && (res.ProblemCount == 0 || skip)
	if write && len(res.Orders) > 0 {
		w, err := open()
		if err != nil {
			return nil, false, err
		}
		if err := out.Store(ctx, w, opt.Now, res.Orders, a.stderr); err != nil {
			return nil, false, err
		}
		out.Written = true
	}
	return res, write, nil
}

// result fills in what the file held.
func (sum *ImportSummary) result(res *orderfile.Result) {
	sum.Rows, sum.Orders, sum.Shipments = res.Rows, res.OrderCount, res.ShipmentCount
	sum.Skipped, sum.Errors, sum.Problems = res.BadRows, res.ProblemCount, res.Problems
	sum.Unlisted, sum.ByColumn, sum.IgnoredColumns = res.Unlisted(), res.Tally, res.Ignored
	sum.ColumnsFromHeader = map[string]string{}
	if sum.Problems == nil {
		sum.Problems = []orderfile.Problem{}
	}
	if sum.ByColumn == nil {
		sum.ByColumn = []orderfile.ColumnTally{}
	}
	if sum.IgnoredColumns == nil {
		sum.IgnoredColumns = []string{}
	}
	for f, h := range res.Columns {
		sum.ColumnsFromHeader[string(f)] = h
	}
}

// Store writes the orders, counting the orders and shipments that are new
// (the store's ImportOrders says how: new orders are marked shipped, known
// ones keep their status and their parcels' dates), with a progress line
// when progress is a terminal. now is when the file was read, which dated
// its rows without a ship date.
func (sum *ImportSummary) Store(ctx context.Context, w orderWriter, now time.Time, orders []tracker.OrderDetail, progress io.Writer) error {
	tty := isTerminal(progress)
	const chunk = 5000
	for start := 0; start < len(orders); start += chunk {
		end := min(start+chunk, len(orders))
		added, err := w.WriteOrders(ctx, actor(), orders[start:end], now)
		sum.NewOrders += added.Orders
		sum.NewShipments += added.Shipments
		if err != nil {
			if tty {
				fmt.Fprintln(progress)
			}
			return wrapf("%v (orders before %d are stored; import the file again once fixed: it changes nothing twice)", err, start+1)
		}
		if tty {
			eraseLine(progress)
			fmt.Fprint(progress, sum.tr.Plain("importing %d/%d orders…", end, len(orders)))
		}
	}
	if tty {
		eraseLine(progress)
	}
	return nil
}

// importWarningLines bounds the warnings import prints one by one; the
// summary counts them all, and `list --json` shows every order's.
const importWarningLines = 20

// Precheck counts the pre-shipment warnings of the file's orders (as the
// file has them; the store judges a merged order again) and keeps the
// first few as lines to print.
func (sum *ImportSummary) Precheck(orders []tracker.OrderDetail, cfg tracker.PrecheckConfig) {
	sum.Checks, sum.moreWarnings = nil, 0
	sum.precheck(tracker.NewPrechecker(cfg), orders)
	sum.precheckDone()
}

// precheck counts the warnings of some of the file's orders (a streamed
// file's batch at a time; precheckDone ends the count).
func (sum *ImportSummary) precheck(p *tracker.Prechecker, orders []tracker.OrderDetail) {
	if sum.Checks == nil {
		sum.Checks = map[string]int{}
	}
	// Judged on every core, a batch at a time, and counted in file
	// order: the checks of 200,000 orders held at once were about 20 MB
	// only to be counted.
	const batch = 8192
	checks := make([][]tracker.Check, min(batch, len(orders)))
	for start := 0; start < len(orders); start += batch {
		part := orders[start:min(start+batch, len(orders))]
		all := checks[:len(part)]
		var wg sync.WaitGroup
		per := max(1000, (len(part)+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0))
		for from := 0; from < len(part); from += per {
			to := min(from+per, len(part))
			wg.Go(func() {
				for i := from; i < to; i++ {
					all[i] = p.Check(part[i].Order)
				}
			})
		}
		wg.Wait()
		for i, o := range part {
			cs := all[i]
			if len(cs) > 0 {
				sum.CheckedOrders++
			}
			for _, c := range cs {
				sum.Checks[string(c.Kind)]++
				if len(sum.warnings) < importWarningLines {
					sum.warnings = append(sum.warnings, sum.tr.Plain("warning: order %s: %s", ui.Sanitize(o.OrderNo), ui.Sanitize(sum.tr.Check(c))))
				} else {
					sum.moreWarnings++
				}
			}
		}
		clear(all)
	}
}

func (sum *ImportSummary) precheckDone() {
	if sum.Checks == nil {
		sum.Checks = map[string]int{}
	}
	if sum.moreWarnings > 0 {
		sum.warnings = append(sum.warnings, sum.tr.Plain("warning: … and %d more (waybill list --json shows each order's checks)", sum.moreWarnings))
	}
}

func printImport(w io.Writer, out ImportSummary, write, skip bool) {
	tr := out.tr
	for _, p := range out.Problems {
		fmt.Fprintln(w, ui.Sanitize(ui.ProblemText(tr, p)))
	}
	if out.Unlisted > 0 {
		// The rest by column: a file with this many is wrong in a
		// column or two, and says which.
		fmt.Fprintln(w, tr.Plain("… and %d more problems, not listed; all %d by column:", out.Unlisted, out.Errors))
		for _, t := range out.ByColumn {
			fmt.Fprintln(w, tr.Plain("  column %q: %d bad values, lines %d to %d", ui.Sanitize(t.Column), t.Problems, t.FirstLine, t.LastLine))
		}
	}
	for _, line := range out.warnings {
		fmt.Fprintln(w, line)
	}
	if len(out.IgnoredColumns) > 0 {
		fmt.Fprintln(w, tr.Plain("ignored columns: %s", ui.Sanitize(strings.Join(out.IgnoredColumns, ", "))))
	}
	switch {
	case out.DryRun:
		fmt.Fprint(w, tr.Plain("dry run: nothing written. "))
	case !write:
		fmt.Fprint(w, tr.Plain("nothing imported: %d bad row(s); fix them, or import the good rows with --skip-invalid. ", out.Skipped))
	}
	fmt.Fprint(w, tr.Plain("%d rows read: %d orders, %d shipments", out.Rows, out.Orders, out.Shipments))
	if out.Written {
		fmt.Fprint(w, tr.Plain(" imported (%d new orders, %d new shipments)", out.NewOrders, out.NewShipments))
	}
	fmt.Fprintln(w, tr.Plain("; %d rows skipped, %d errors", out.Skipped, out.Errors))
	if out.CheckedOrders > 0 {
		var parts []string
		for _, k := range tracker.CheckKinds {
			if n := out.Checks[string(k)]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", tr.WordOr("check:"+string(k), string(k)), n))
			}
		}
		fmt.Fprintln(w, tr.Plain("pre-shipment warnings on %d orders: %s", out.CheckedOrders, strings.Join(parts, ", ")))
	}
	fmt.Fprintln(w, out.rateLine())
}
