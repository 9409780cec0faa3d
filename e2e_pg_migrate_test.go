package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"waybill/store/pgtest"
)

// Issue 25: `waybill migrate --to postgres://…` copies a demo store into
// an empty PostgreSQL database, says every table is equal, and the list
// read from PostgreSQL is the SQLite one; a second copy into the same
// database is refused, naming it, and changes nothing. WAYBILL_DB names a
// store too.
func TestPGMigrate(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	const secret = "s3cret-pw"
	pg := withPassword(t, pgtest.Standalone(t), secret)
	db := filepath.Join(t.TempDir(), "w.db")
	if r := waybill(t, "demo", "--orders", "40", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	list := func(args ...string) []map[string]any {
		t.Helper()
		r := waybill(t, append([]string{"list", "--json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("list %v: exit %d: %s", args, r.code, r.stderr)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
			t.Fatalf("list %v: %v\n%s", args, err, r.stdout)
		}
		return rows
	}
	want := list("--db", db)

	r := waybill(t, "migrate", "--db", db, "--to", pg, "--json")
	if strings.Contains(r.stdout+r.stderr, secret) {
		t.Errorf("migrate printed the password:\n%s%s", r.stdout, r.stderr)
	}
	if r.code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var rep struct {
		Tables []struct {
			Table        string
			SourceRows   int64  `json:"source_rows"`
			TargetRows   int64  `json:"target_rows"`
			SourceSHA256 string `json:"source_sha256"`
			TargetSHA256 string `json:"target_sha256"`
			Equal        bool
		}
		Equal, Committed bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("migrate --json: %v\n%s", err, r.stdout)
	}
	if !rep.Equal || !rep.Committed || len(rep.Tables) < 20 {
		t.Fatalf("migrate --json: %s", r.stdout)
	}
	for _, tb := range rep.Tables {
		if !tb.Equal || tb.SourceRows != tb.TargetRows {
			t.Errorf("table %s not equal: %+v", tb.Table, tb)
		}
		if tb.Table == "orders" && tb.TargetRows != 40 {
			t.Errorf("orders copied: %d, want 40", tb.TargetRows)
		}
	}
	if have := list("--db", pg); !reflect.DeepEqual(have, want) {
		t.Errorf("list on PostgreSQL after migrate differs from SQLite's: %s", firstDiff(have, want))
	}
	// WAYBILL_DB names a PostgreSQL store as it does a file.
	if have := listEnv(t, "WAYBILL_DB="+pg); !reflect.DeepEqual(have, want) {
		t.Errorf("list with WAYBILL_DB=postgres://… differs from SQLite's: %s", firstDiff(have, want))
	}

	// Again: the database holds the store now.
	r = waybill(t, "migrate", "--db", db, "--to", pg)
	if r.code != 1 || !strings.Contains(r.stderr, "holds waybill rows") || !strings.Contains(r.stderr, "orders") ||
		!strings.Contains(r.stderr, ":xxxxx@") || strings.Contains(r.stderr, secret) {
		t.Errorf("migrate into a full database: exit %d, want 1 and a refusal naming it (password hidden):\n%s%s", r.code, r.stdout, r.stderr)
	}
	if have := list("--db", pg); len(have) != len(want) {
		t.Errorf("after the refusal PostgreSQL lists %d orders, want %d", len(have), len(want))
	}
	// The human report: a line per table and the verdict.
	fresh := withPassword(t, pgtest.Standalone(t), secret)
	r = waybill(t, "migrate", "--db", db, "--to", fresh)
	if r.code != 0 || !strings.Contains(r.stdout, "every table is equal") || !strings.Contains(r.stdout, "shipment_counts") {
		t.Errorf("migrate (text): exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// listEnv is `waybill list --json` with env added to a private HOME's.
func listEnv(t *testing.T, env ...string) []map[string]any {
	t.Helper()
	home := t.TempDir()
	base := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "cfg"), "XDG_DATA_HOME=" + filepath.Join(home, "data")}
	args := []string{"list", "--json"}
	for _, e := range env {
		if strings.HasPrefix(e, "--") { // a flag, not a variable
			args = append(args, strings.SplitN(e, "=", 2)...)
			continue
		}
		base = append(base, e)
	}
	r := waybill2(t, base, args...)
	if r.code != 0 {
		t.Fatalf("list %v with %v: exit %d: %s", args, env, r.code, r.stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("list: %v\n%s", err, r.stdout)
	}
	return rows
}

// Issue 25: WAYBILL_DB names the store (a path or a URL) below --db and
// above the config's [store] path, and demo --status says it chose it.
func TestWaybillDBEnv(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	five, empty := filepath.Join(dir, "five.db"), filepath.Join(dir, "empty.db")
	if r := waybill(t, "demo", "--orders", "5", "--db", five); r.code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := waybill(t, "list", "--db", empty); r.code != 0 {
		t.Fatalf("make the empty store: exit %d: %s", r.code, r.stderr)
	}
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("[store]\npath = \""+empty+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  []string
		want int
	}{
		{"WAYBILL_DB alone", []string{"WAYBILL_DB=" + five}, 5},
		{"WAYBILL_DB over the config's store", []string{"WAYBILL_DB=" + five, "--config=" + cfg}, 5},
		{"--db over WAYBILL_DB", []string{"WAYBILL_DB=" + five, "--db=" + empty}, 0},
		{"sqlite: in WAYBILL_DB", []string{"WAYBILL_DB=sqlite:" + five}, 5},
		{"the config without WAYBILL_DB", []string{"--config=" + cfg}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := len(listEnv(t, tc.env...)); n != tc.want {
				t.Errorf("listed %d orders, want %d", n, tc.want)
			}
		})
	}
	r := waybill2(t, []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "WAYBILL_DB=" + five}, "demo", "--status")
	if r.code != 0 || !strings.Contains(r.stdout, five) || !strings.Contains(r.stdout, "WAYBILL_DB") {
		t.Errorf("demo --status with WAYBILL_DB: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// firstDiff says where two lists of orders first differ, briefly.
func firstDiff(have, want []map[string]any) string {
	if len(have) != len(want) {
		return fmt.Sprintf("%d orders, want %d", len(have), len(want))
	}
	for i := range have {
		for k, v := range want[i] {
			if !reflect.DeepEqual(have[i][k], v) {
				return fmt.Sprintf("order %d (%v) %s = %v, want %v", i, want[i]["order_no"], k, have[i][k], v)
			}
		}
	}
	return "(no difference found)"
}
