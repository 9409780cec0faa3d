package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waybill/ui/cli"
)

func TestCLIImportExport(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	file := filepath.Join(dir, "orders.csv")
	good := "订单号;运单号;国家;收件人;下单时间\nA-1;RB123456785GB;GB;Ann;2026-03-01\nA-2;EA123456785CN;United States;Bob;2026/3/2\n"
	bad := good + "A-3;RB123456784GB;GB;Cid;2026-03-03\n"
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		t.Helper()
		r := waybill(t, "list", "--json", "--db", db)
		var orders []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil {
			t.Fatalf("list --json: %v\n%s%s", err, r.stdout, r.stderr)
		}
		return len(orders)
	}

	// All or nothing: one bad row, nothing written, the row reported.
	r := waybill(t, "import", "--db", db, file)
	if r.code != 1 || !strings.Contains(r.stdout, `line 4: column "运单号": value "RB123456784GB"`) ||
		!strings.Contains(r.stdout, "RB123456785GB") || !strings.Contains(r.stdout, "nothing imported") {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := count(); n != 0 {
		t.Fatalf("all-or-nothing import wrote %d orders", n)
	}
	r = waybill(t, "import", "--dry-run", "--skip-invalid", "--db", db, file)
	if r.code != 1 || !strings.Contains(r.stdout, "dry run: nothing written") || count() != 0 {
		t.Fatalf("dry run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// --skip-invalid writes the good rows.
	r = waybill(t, "import", "--skip-invalid", "--json", "--db", db, file)
	var sum cli.ImportSummary
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("import --json: %v\n%s", err, r.stdout)
	}
	if r.code != 1 || !sum.Written || sum.Rows != 3 || sum.NewOrders != 2 || sum.NewShipments != 2 || sum.Skipped != 1 || len(sum.Problems) != 1 {
		t.Fatalf("import --skip-invalid: exit %d %+v", r.code, sum)
	}
	if n := count(); n != 2 {
		t.Fatalf("%d orders after --skip-invalid, want 2", n)
	}

	// Re-importing the good rows adds nothing.
	os.WriteFile(file, []byte(good), 0o600)
	r = waybill(t, "import", "--db", db, file)
	if r.code != 0 || !strings.Contains(r.stdout, "(0 new orders, 0 new shipments)") || count() != 2 {
		t.Fatalf("re-import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Export, then import the export into a fresh store: the same orders.
	out := filepath.Join(dir, "export.csv")
	r = waybill(t, "export", "--db", db, "--out", out)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	db2 := e2eStoreIn(t, dir, "w2.db")
	r = waybill(t, "import", "--db", db2, out)
	if r.code != 0 || !strings.Contains(r.stdout, "(2 new orders, 2 new shipments)") {
		t.Fatalf("import of the export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	a := waybill(t, "export", "--db", db).stdout
	b := waybill(t, "export", "--db", db2).stdout
	if a != b || !strings.Contains(a, "A-2,EA123456785CN,china-ems,Bob,,,US,2026-03-02 00:00:00") {
		t.Fatalf("round trip differs:\n%s\n%s", a, b)
	}
	for _, what := range []string{"orders", "shipments", "exceptions", "cases"} {
		r = waybill(t, "export", "--format", "json", "--what", what, "--db", db)
		var v []any
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &v) != nil {
			t.Fatalf("export --what %s: exit %d\n%s%s", what, r.code, r.stdout, r.stderr)
		}
	}
	if r = waybill(t, "export", "--what", "parcels", "--db", db); r.code != 2 {
		t.Fatalf("export --what parcels: exit %d", r.code)
	}
}
