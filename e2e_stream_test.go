package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// The whole-store commands stream (a page or a cursor at a time); what
// they print is what they printed when they read everything first, and a
// pipe sees no progress line.
func TestStreamWholeStoreCommands(t *testing.T) {
	t.Parallel()
	db := e2eStore(t)
	if r := asAgent(t, "demo", "--orders", "300", "--seed", "7", "--db", db); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	run := func(args ...string) string {
		t.Helper()
		r := asAgent(t, append(args, "--db", db)...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q (piped: no progress line)", strings.Join(args, " "), r.code, r.stderr)
		}
		return r.stdout
	}
	var orders []map[string]any
	if err := json.Unmarshal([]byte(run("export", "--what", "orders", "--format", "json")), &orders); err != nil || len(orders) != 300 {
		t.Fatalf("orders JSON: %d orders, %v; want 300", len(orders), err)
	}
	var ships []map[string]any
	if err := json.Unmarshal([]byte(run("export", "--what", "shipments", "--format", "json")), &ships); err != nil || len(ships) < 300 {
		t.Fatalf("shipments JSON: %d, %v", len(ships), err)
	}
	rows, err := csv.NewReader(strings.NewReader(run("export", "--what", "orders"))).ReadAll()
	if err != nil || len(rows) != 1+len(ships) || rows[0][0] != "order_no" {
		t.Fatalf("orders CSV: %d rows (want a header and one per parcel, %d), %v", len(rows), len(ships), err)
	}
	// The CSV rows come in the JSON's order: order by order, by id.
	if rows[1][0] != orders[0]["order_no"] || rows[len(rows)-1][0] != orders[len(orders)-1]["order_no"] {
		t.Errorf("orders CSV from %s to %s; JSON from %v to %v", rows[1][0], rows[len(rows)-1][0], orders[0]["order_no"], orders[len(orders)-1]["order_no"])
	}
	var ex []map[string]any
	if err := json.Unmarshal([]byte(run("export", "--what", "exceptions", "--format", "json")), &ex); err != nil || len(ex) == 0 {
		t.Fatalf("exceptions JSON: %d, %v", len(ex), err)
	}
	if out := run("export", "--what", "cases", "--format", "json"); out != "[]\n" {
		t.Errorf("no cases yet: %q, want []", out)
	}
	if out := run("case", "export"); strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "id,order_no,") {
		t.Errorf("case export with no cases: %q, want the header alone", out)
	}
	var scores []map[string]any
	if err := json.Unmarshal([]byte(run("report", "carriers", "--since", "all", "--json")), &scores); err != nil || len(scores) == 0 {
		t.Fatalf("report carriers --json: %d lines, %v", len(scores), err)
	}
	total := 0.0
	for _, s := range scores {
		total += s["shipments"].(float64)
	}
	if int(total) != len(ships) {
		t.Errorf("the scorecard counts %v parcels, the export %d", total, len(ships))
	}
}
