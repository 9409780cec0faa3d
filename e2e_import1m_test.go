package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A CSV file past the 200,000 rows import used to refuse streams in:
// every row stored once, the last line says rows/s and rows per
// CPU-second, and a pipe sees no progress line. (A million rows is a
// manual measurement: README, Performance.)
func TestImport1mPastTheOldLimit(t *testing.T) {
	t.Parallel() // its own store and file
	sqliteOnlyE2E(t, "its check reads the SQLite file beside the store (norace shape); PostgreSQL's ingest at size is the bench's (e2e_pg_bench_test.go)")
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	file := filepath.Join(dir, "big.csv")
	const n = 200_001
	bigOrderFile(t, file, n)

	r := waybill(t, "import", "--db", db, file)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("import of %d rows: exit %d, stderr %q (want none: no progress on a pipe)\n%s", n, r.code, r.stderr, r.stdout)
	}
	if !strings.Contains(r.stdout, "200001 rows read: 200001 orders, 200001 shipments imported (200001 new orders, 200001 new shipments)") {
		t.Errorf("summary:\n%s", r.stdout)
	}
	if !regexp.MustCompile(`(?m)^200001 rows in [0-9.]+ s: [0-9,]+ rows/s, [0-9,]+ rows per CPU-second\n\z`).MatchString(r.stdout) {
		t.Errorf("no rate line:\n%s", r.stdout)
	}
	if orders, ships := storeShape(t, db); orders != n || ships != n {
		t.Fatalf("stored %d orders, %d parcels; want %d each", orders, ships, n)
	}

	r = waybill(t, "import", "--json", "--dry-run", "--db", db, file)
	var sum struct {
		Rows          int     `json:"rows"`
		Orders        int     `json:"orders"`
		RowsPerSecond float64 `json:"rows_per_second"`
		RowsPerCPU    float64 `json:"rows_per_cpu_second"`
		Seconds       float64 `json:"seconds"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil || r.code != 0 || r.stderr != "" {
		t.Fatalf("--json --dry-run: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if sum.Rows != n || sum.Orders != n || sum.RowsPerSecond <= 0 || sum.RowsPerCPU <= 0 || sum.Seconds <= 0 {
		t.Errorf("--json: %+v", sum)
	}
}

// importRateLine is import's last line: its time and rates.
var importRateLine = regexp.MustCompile(`(?m)^[0-9]+ rows in [0-9.]+ s: [0-9,]+ rows/s(, [0-9,]+ rows per CPU-second)?\n\z`)

// withoutRateLine is import's output without its last line, which varies
// run to run; it fails when that line is missing.
func withoutRateLine(t *testing.T, out string) string {
	t.Helper()
	loc := importRateLine.FindStringIndex(out)
	if loc == nil {
		t.Errorf("no rate line at the end of:\n%s", out)
		return out
	}
	return out[:loc[0]]
}
