package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"waybill/ui/cli"
)

// badRowProblems is how many of a hostile row's cells are bad: all but
// the order number, buyer, phone, address and product (testdata/norace's
// hostileRow writes them).
const badRowProblems = 12

// hostileFile has norace write a hostile file (its hostileRow: every
// checked cell bad, in up to width random letters so the file does not
// pack; one row in every good, when not 0, a good one instead) until it
// is about size bytes or holds 199,998 rows (with the header, just under
// the 200,000-row limit), and says how many of each it wrote and the last
// bad row's line. Writing and deflating it in the test process took
// minutes under -race.
func hostileFile(t *testing.T, path string, size, width, every int) (goods, bads, lastBad int) {
	t.Helper()
	var written int
	out := norace(t, "hostile", path, strconv.Itoa(size), strconv.Itoa(width), strconv.Itoa(every))
	if _, err := fmt.Sscan(out, &goods, &bads, &lastBad, &written); err != nil {
		t.Fatalf("norace hostile: %v: %q", err, out)
	}
	if written > 10<<20 {
		t.Fatalf("the file is %d MB: the bound is for files under 10 MB", written>>20)
	}
	t.Logf("%s: %.1f MB, %d good rows, %d bad", filepath.Base(path), float64(written)/(1<<20), goods, bads)
	return goods, bads, lastBad
}

// A CSV or XLSX file under 10 MB whose rows are all bad is read within
// 300 MB and a few seconds, and the report still counts every bad row and
// problem, by column, with the first 1,000 problems in full. Before, every
// problem was kept with the suggestions of each mistyped number: these
// files took 1.3 GB and 16 s of CPU (the CSV), 1.6 GB and 19 s (the
// workbook), 2 GB (the mixed one, written). --skip-invalid still writes
// every good row of a mixed file.
func TestHostileBadRows(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	tests := []struct {
		name  string
		file  string
		width int // letters of a random cell, at most
		good  int // one row in good is good; 0: none
		args  []string
	}{
		{"a CSV of bad rows", "orders.csv", 2, 0, []string{"--dry-run"}},
		{"a workbook of bad rows", "orders.xlsx", 7, 0, []string{"--dry-run"}},
		{"a CSV of one good row in three, the good ones written", "orders.csv", 2, 3, []string{"--skip-invalid", "--json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, tt.file)
			goods, bads, last := hostileFile(t, file, 9_500_000, tt.width, tt.good)
			start := time.Now()
			r := waybillMeasured(t, append(append([]string{"import"}, tt.args...), "--db", filepath.Join(dir, "w.db"), file)...)
			t.Logf("%d MB, %v of CPU, %v in all", r.maxRSS>>20, r.cpu.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
			if r.maxRSS > 300<<20 {
				t.Errorf("peak memory %d MB, want under 300 MB", r.maxRSS>>20)
			}
			// Not a timing test: a bound on what took 16 to 19 s of CPU.
			if r.cpu > 20*time.Second {
				t.Errorf("took %v of CPU, want under 20 s", r.cpu)
			}
			if r.code != 1 {
				t.Fatalf("exit %d, want 1 (bad rows):\n%.2000s\n%.2000s", r.code, r.stdout, r.stderr)
			}
			problems := badRowProblems * bads
			if !slices.Contains(tt.args, "--json") {
				for _, want := range []string{
					`line 2: column "tracking no": value "`, "did you mean",
					fmt.Sprintf("… and %d more problems, not listed; all %d by column:", problems-1000, problems),
					fmt.Sprintf(`column "tracking no": %d bad values, lines 2 to %d`, bads, last),
					fmt.Sprintf(`column "insured": %d bad values, lines 2 to %d`, bads, last),
					fmt.Sprintf("%d rows read: 0 orders, 0 shipments; %d rows skipped, %d errors", bads, bads, problems),
				} {
					if !strings.Contains(r.stdout, want) {
						t.Errorf("the report lacks %q:\n%.3000s", want, r.stdout)
					}
				}
				if n := strings.Count(r.stdout, "\nline "); n != 999 {
					t.Errorf("%d problems printed one by one, want 1000", n+1)
				}
				return
			}
			var sum cli.ImportSummary
			if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
				t.Fatalf("import --json: %v\n%.2000s", err, r.stdout)
			}
			byColumn := map[string]int{}
			for _, c := range sum.ByColumn {
				byColumn[c.Column] = c.Problems
				if c.Problems != bads || c.FirstLine != 2 || c.LastLine != last {
					t.Errorf("column %q: %d problems on lines %d to %d, want %d on lines 2 to %d", c.Column, c.Problems, c.FirstLine, c.LastLine, bads, last)
				}
			}
			if !sum.Written || sum.NewOrders != goods || sum.NewShipments != goods || sum.Skipped != bads || sum.Errors != problems ||
				len(sum.Problems) != 1000 || sum.Unlisted != problems-1000 || len(byColumn) != badRowProblems {
				t.Errorf("written %v, %d new orders, %d new shipments, %d skipped, %d errors, %d listed, %d not; %d columns; want %d new orders and shipments, %d skipped, %d errors, 1000 listed, %d columns",
					sum.Written, sum.NewOrders, sum.NewShipments, sum.Skipped, sum.Errors, len(sum.Problems), sum.Unlisted, len(byColumn),
					goods, bads, problems, badRowProblems)
			}
		})
	}
}
