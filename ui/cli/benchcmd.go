package cli

import (
	"context"
	"fmt"
	"io"
	neturl "net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui/cli/bench"
)

func (a *app) benchCmd() *cobra.Command {
	var n int
	var asJSON, reuse bool
	var scaleList, keep string
	cmd := leaf("bench", "measure the screen, ingest, refresher and SSH against the budgets", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		if n < 100 || n > 1_000_000 {
			return usagef("--orders %d: want 100 to 1000000", n)
		}
		ctx := cmd.Context()
		if os.Getenv(bench.ChildEnv) == "rss" {
			return bench.RSSChild(ctx, a.wiring.Bench, a.dbPath, a.stdout)
		}
		var scales []int
		if scaleList != "" {
			if cmd.Flags().Changed("orders") {
				return usagef("--orders and --scales exclude each other: --orders measures one store, --scales several in one sitting")
			}
			var err error
			if scales, err = parseScales(scaleList); err != nil {
				return err
			}
		}
		if reuse && keep == "" {
			return usagef("--reuse measures the stores kept in --keep DIR: give --keep")
		}
		isURL := tracker.IsStoreURL(a.dbPath)
		if isURL && (scales != nil || keep != "") {
			return usagef("--db %s with --scales or --keep: a sitting of several stores is for SQLite files; on PostgreSQL measure one size per empty database with --orders", tracker.RedactStoreURL(a.dbPath))
		}
		if a.dbPath != "" && (scales != nil || keep != "") {
			return usagef("--db with --scales or --keep: the stores go in --keep DIR as orders-N.db")
		}
		dir, err := os.MkdirTemp("", "waybill-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		if scales != nil || keep != "" {
			if keep != "" && !reuse {
				if err := os.MkdirAll(keep, 0o755); err != nil {
					return err
				}
			}
			oneScale := scales == nil
			if oneScale {
				scales = []int{n}
			}
			if err := checkKept(keep, reuse, scales); err != nil {
				return err
			}
			return a.benchSitting(ctx, bench.Sitting{Scales: scales, Scratch: dir, Keep: keep, Reuse: reuse}, exe, asJSON, oneScale)
		}
		path := a.dbPath
		if isURL {
			if err := a.benchEmptyPG(ctx, path); err != nil {
				return err
			}
		} else if path == "" {
			path = filepath.Join(dir, "bench.db")
		} else if _, err := os.Stat(path); err == nil {
			return usagef("--db %s: exists; bench builds a new store and will not touch one", path)
		}
		progress := io.Discard
		if !asJSON {
			progress = a.stderr
		}
		lines, err := bench.Run(ctx, a.wiring.Bench, path, dir, n, exe, progress, a.tr())
		if err != nil {
			return err
		}
		return a.benchLines(lines, asJSON)
	})
	cmd.Long = "Build a store of N demo orders and measure the screen, ingest, the refresher\n" +
		"and SSH against the budgets. --scales measures several sizes of store in one\n" +
		"sitting, and how much each figure grows from the smallest to the largest.\n" +
		"--db postgres://… measures PostgreSQL: an empty database, which it fills."
	cmd.Flags().IntVar(&n, "orders", 100_000, "orders in the store (~15 events each)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {name, value, unit, budget, ok}")
	cmd.Flags().StringVar(&scaleList, "scales", "", "stores of these `sizes`, one sitting: 10000,100000,1000000")
	cmd.Flags().StringVar(&keep, "keep", "", "keep the stores built in `dir` (orders-N.db)")
	cmd.Flags().BoolVar(&reuse, "reuse", false, "measure the stores kept in --keep dir, not new ones")
	return cmd
}

// benchEmptyPG refuses a PostgreSQL database that has tables: the bench
// builds its store of demo orders in an empty one, and must not mix them
// into a team's store.
func (a *app) benchEmptyPG(ctx context.Context, url string) error {
	if a.wiring.Bench.Tables == nil {
		return usagef("--db %s: this build cannot bench on PostgreSQL", tracker.RedactStoreURL(url))
	}
	tables, err := a.wiring.Bench.Tables(ctx, url)
	if err != nil {
		return err
	}
	if len(tables) > 0 {
		shown := tables[:min(len(tables), 3)]
		more := ""
		if len(tables) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(tables)-len(shown))
		}
		return usagef("--db %s: database %s is not empty (%d tables: %s%s); bench builds a new store in an empty database and will not touch one",
			tracker.RedactStoreURL(url), pgDatabaseName(url), len(tables), strings.Join(shown, ", "), more)
	}
	return nil
}

// pgDatabaseName is the database a store URL names.
func pgDatabaseName(u string) string {
	p, err := neturl.Parse(u)
	if err != nil || p.Path == "" || p.Path == "/" {
		return "(the user's default)"
	}
	return strings.TrimPrefix(p.Path, "/")
}

// benchLines prints the lines of one store; exit 1 when a budget is missed.
func (a *app) benchLines(lines []bench.Line, asJSON bool) error {
	failed := false
	for _, l := range lines {
		failed = failed || !l.OK()
	}
	if asJSON {
		if err := writeJSON(a.stdout, bench.ToJSON(lines)); err != nil {
			return err
		}
	} else {
		bench.Print(a.stdout, lines, a.tr())
	}
	if failed {
		return errProblems
	}
	return nil
}

// benchSitting runs a sitting and prints it: one store as `bench --orders`
// does (oneScale), or the table of its scales. A sitting of several lasts
// long, so it says what it is doing on stderr even with --json.
func (a *app) benchSitting(ctx context.Context, s bench.Sitting, exe string, asJSON, oneScale bool) error {
	progress := a.stderr
	if oneScale && asJSON {
		progress = io.Discard
	}
	scales, err := bench.RunScales(ctx, a.wiring.Bench, s, exe, progress, a.tr())
	if err != nil {
		return err
	}
	if oneScale {
		return a.benchLines(scales[0].Lines, asJSON)
	}
	rows := bench.Rows(scales)
	if asJSON {
		if err := writeJSON(a.stdout, bench.ScalesJSON(scales, rows)); err != nil {
			return err
		}
	} else {
		bench.PrintScales(a.stdout, scales, rows, a.tr())
	}
	if bench.Failed(rows) {
		return errProblems
	}
	return nil
}

// parseScales reads --scales: two or more distinct sizes of 100 to
// 1000000 orders, comma-separated, measured smallest first.
func parseScales(list string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, usagef("--scales %q: %q is not a number of orders", list, f)
		}
		if n < 100 || n > 1_000_000 {
			return nil, usagef("--scales %q: %d: want 100 to 1000000", list, n)
		}
		if slices.Contains(out, n) {
			return nil, usagef("--scales %q: %d twice", list, n)
		}
		out = append(out, n)
	}
	if len(out) < 2 {
		return nil, usagef("--scales %q: want two sizes or more (--orders measures one)", list)
	}
	slices.Sort(out)
	return out, nil
}

// checkKept checks, before a sitting of an hour starts, that every store
// it would build in keep is not there yet, or with reuse that every store
// it would measure is.
func checkKept(keep string, reuse bool, scales []int) error {
	if keep == "" {
		return nil
	}
	for _, s := range scales {
		path := bench.StorePath(keep, s)
		_, err := os.Stat(path)
		switch {
		case reuse && err != nil:
			return usagef("--reuse: no store of %d orders in --keep %s: %v", s, keep, err)
		case !reuse && err == nil:
			return usagef("--keep %s: %s exists; --reuse measures it, or remove it", keep, path)
		}
	}
	return nil
}
