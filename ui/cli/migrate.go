package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"waybill/tracker"
)

// migrateCmd is `waybill migrate --to postgres://…`: the store (--db, the
// config's, or the default, as every command opens it) copied into an
// empty PostgreSQL database, with rows and a checksum per table on both
// sides. Exit 1 when any table differs (the copy is then rolled back).
func (a *app) migrateCmd() *cobra.Command {
	var to string
	var asJSON bool
	cmd := leaf("migrate", "copy the SQLite store into an empty PostgreSQL database", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		if to == "" {
			return usagef("--to is required: the PostgreSQL database to copy the store into (postgres://…)")
		}
		if !tracker.IsStoreURL(to) {
			return usagef("--to %q is not a PostgreSQL URL (postgres://user@host/database)", tracker.RedactStoreURL(to))
		}
		ctx := cmd.Context()
		s, err := a.open(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		on := !asJSON && progressOn(a.stderr, a.stdout, false, isTerminal)
		var p *progress
		var table string
		rep, err := s.store.CopyToPG(ctx, to, func(t string, n int) {
			if t != table {
				if p != nil {
					p.Done()
				}
				table, p = t, newProgress(a.stderr, on, a.tr().Plain("rows copied to %s", t), nil)
			}
			p.Add(n)
		})
		if p != nil {
			p.Done()
		}
		if err != nil {
			return err
		}
		if asJSON {
			if err := writeJSON(a.stdout, rep); err != nil {
				return err
			}
		} else if err := a.printCopyReport(rep); err != nil {
			return err
		}
		if !rep.Equal {
			return errProblems
		}
		return nil
	})
	cmd.Long = `Copy the store (--db, else the config's, else the default) into an empty
PostgreSQL database: its schema is made first, then every table is copied
in one transaction, ids as they are. For each table it prints the rows and
a SHA-256 of them on both sides; any difference rolls the copy back and
exits 1. Stop every waybill on the store first. The orders filter's words
are rebuilt on PostgreSQL, and the counters are compared, not copied.`
	cmd.Flags().StringVar(&to, "to", "", "the PostgreSQL `url` to copy into (postgres://user@host/database)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON: rows and SHA-256 per table, equal, committed")
	return cmd
}

// printCopyReport prints a copy's tables, one a line, and what came of it.
func (a *app) printCopyReport(rep tracker.StoreCopyReport) error {
	tr := a.tr()
	w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, tr.Plain("TABLE\tSQLITE ROWS\tPOSTGRESQL ROWS\tSHA-256 (SQLITE / POSTGRESQL)\t"))
	for _, t := range rep.Tables {
		verdict := tr.Plain("migrate:equal")
		if !t.Equal {
			verdict = tr.Plain("migrate:DIFFERS")
		}
		if t.Rebuilt {
			verdict += " " + tr.Plain("(rebuilt by PostgreSQL)")
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%.12s / %.12s\t%s\n", t.Table, t.SourceRows, t.TargetRows, t.SourceSHA256, t.TargetSHA256, verdict)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	var err error
	if rep.Committed {
		_, err = fmt.Fprintln(a.stdout, tr.Plain("every table is equal: the store is copied to %s; set [store] url to it", rep.To))
	} else {
		_, err = fmt.Fprintln(a.stdout, tr.Plain("a table differs: nothing was kept in %s", rep.To))
	}
	return err
}
