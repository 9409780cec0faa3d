package cli

import (
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"waybill/ui/cli/bench"
)

func (a *app) benchCmd() *cobra.Command {
	var n int
	var asJSON bool
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
		dir, err := os.MkdirTemp("", "waybill-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path := a.dbPath
		if path == "" {
			path = filepath.Join(dir, "bench.db")
		} else if _, err := os.Stat(path); err == nil {
			return usagef("--db %s: exists; bench builds a new store and will not touch one", path)
		}
		progress := io.Discard
		if !asJSON {
			progress = a.stderr
		}
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		lines, err := bench.Run(ctx, a.wiring.Bench, path, dir, n, exe, progress)
		if err != nil {
			return err
		}
		failed := false
		for _, l := range lines {
			failed = failed || !l.OK()
		}
		if asJSON {
			if err := writeJSON(a.stdout, bench.ToJSON(lines)); err != nil {
				return err
			}
		} else {
			bench.Print(a.stdout, lines)
		}
		if failed {
			return errProblems
		}
		return nil
	})
	cmd.Long = "build a store of N demo orders and measure the screen, ingest, refresher and SSH against the budgets"
	cmd.Flags().IntVar(&n, "orders", 100_000, "how many demo orders the measured store holds (about 15 events each)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {name, value, unit, budget, ok}")
	return cmd
}
