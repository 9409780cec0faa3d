package main

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"waybill/store/pgtest"
)

// Issue 25 item 7: `waybill bench --db postgres://…` measures a store on
// PostgreSQL as on SQLite, every entry with a number, plain_insert being
// PostgreSQL's own COPY; and it leaves nothing of its own but the store.
func TestPGBenchJSON(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	if testing.Short() {
		t.Skip("builds and measures a store on PostgreSQL, serves 20 SSH sessions")
	}
	db := pgtest.Standalone(t)
	r := waybill(t, "bench", "--orders", "300", "--db", db, "--json")
	if r.code != 0 && r.code != 1 {
		t.Fatalf("bench --db postgres://…: exit %d: %s", r.code, r.stderr)
	}
	var out []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("bench --db postgres://… --json: %v\n%s", err, r.stdout)
	}
	names := map[string]bool{}
	for _, e := range out {
		name, _ := e["name"].(string)
		names[name] = true
		if v, ok := e["value"].(float64); !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s: value %v is not a number", name, e["value"])
		}
		if u, _ := e["unit"].(string); u == "" {
			t.Errorf("%s: no unit", name)
		}
	}
	for _, w := range []string{"ingest_new", "ingest_polled", "plain_insert", "ingest_new_vs_plain", "ingest_polled_vs_plain",
		"first_frame", "first_frame_cold", "eta_filled_cold", "nav_key_median", "nav_key_p99", "filter_key", "filter_key_p99",
		"filter_count_exact", "tui_rss", "refresher_vs_bound", "ssh_frame", "ssh_idle_cpu", "ssh_open_median", "ssh_open_p99"} {
		if !names[w] {
			t.Errorf("no %q in %s", w, r.stdout)
		}
	}

	// The COPY's table and the refresher's schema are gone; the store stays.
	ctx := context.Background()
	c, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var left []string
	rows, err := c.Query(ctx, `SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_name = 'waybill_bench_plain' OR table_schema = 'waybill_bench_refresh'
		UNION ALL SELECT nspname FROM pg_namespace WHERE nspname = 'waybill_bench_refresh'`)
	if err != nil {
		t.Fatal(err)
	}
	if left, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("bench left %v behind in the database", left)
	}
	var orders int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM orders`).Scan(&orders); err != nil || orders != 300 {
		t.Errorf("the bench's store has %d orders (%v), want 300", orders, err)
	}
}

// The bench builds its store only in an empty database: one with a store
// (a team's, say) is refused, naming it, and left as it was; --scales and
// --keep, which build several stores, are refused with a URL.
func TestPGBenchRefusesNonEmpty(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := pgtest.Standalone(t)
	if r := waybill(t, "demo", "--orders", "5", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	name := db[strings.LastIndex(db, "/")+1:]
	name = name[:strings.IndexAny(name+"?", "?")]
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--orders", "300"}, "database " + name + " is not empty"},
		{[]string{"--scales", "200,300"}, "--scales or --keep"},
		{[]string{"--orders", "300", "--keep", t.TempDir()}, "--scales or --keep"},
	} {
		r := waybill(t, append([]string{"bench", "--db", db}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("bench %v on a database with a store: exit %d, want 2 and %q:\n%s%s", c.args, r.code, c.want, r.stdout, r.stderr)
		}
	}
	if r := waybill(t, "list", "--json", "--db", db); r.code != 0 || strings.Count(r.stdout, `"order_no"`) != 5 {
		t.Errorf("the store after bench was refused: exit %d, want its 5 orders:\n%s", r.code, r.stdout)
	}
}
