package store

import (
	"context"
	"strings"
	"testing"
)

// The count of orders with pre-shipment warnings is a counter row kept by
// triggers (migration 0027; PostgreSQL's 0029), so a screen opening on a
// million orders does not count them; after every kind of write it equals
// a fresh count of the rows. Each step runs on the store as the last left
// it.
func TestCheckedCountMatchesScan(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	for _, step := range []struct {
		name string
		sql  string
		want int
	}{
		{"an order with warnings", `INSERT INTO orders (order_no, order_key, buyer, checks) VALUES ('A-1', 'A1', 'Ana', '["no phone"]')`, 1},
		{"an order without", `INSERT INTO orders (order_no, order_key, buyer) VALUES ('A-2', 'A2', 'Bo')`, 1},
		{"warnings added", `UPDATE orders SET checks = '["no address"]' WHERE order_no = 'A-2'`, 2},
		{"warnings changed, still some", `UPDATE orders SET checks = '["no phone","no address"]' WHERE order_no = 'A-1'`, 2},
		{"warnings cleared", `UPDATE orders SET checks = '' WHERE order_no = 'A-1'`, 1},
		{"an order with warnings deleted", `DELETE FROM orders WHERE order_no = 'A-2'`, 0},
		{"an order without deleted", `DELETE FROM orders WHERE order_no = 'A-1'`, 0},
	} {
		if _, err := db.write.ExecContext(ctx, step.sql); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		got, err := db.CountChecked(ctx)
		if scan := count(t, db, scanCheckedSQL); err != nil || got != scan || got != step.want {
			t.Errorf("after %s: CountChecked = %d, %v; the rows say %d, want %d", step.name, got, err, scan, step.want)
		}
	}
	// And it reads the counter, not the orders: a counter set wrong by
	// hand is what it says.
	bump := `UPDATE checked_count SET n = n + 1000`
	if onPG() {
		bump = `UPDATE checked_count_slots SET n = n + 1000 WHERE slot = 0`
	}
	if _, err := db.write.ExecContext(ctx, bump); err != nil {
		t.Fatal(err)
	}
	if got, err := db.CountChecked(ctx); err != nil || got != 1000 {
		t.Errorf("CountChecked with the counter at 1000 = %d, %v: it counted the rows", got, err)
	}
	if onPG() {
		rows, err := db.read.QueryContext(ctx, `EXPLAIN `+checkedCountSQL)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var plan string
			if err := rows.Scan(&plan); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(plan, " orders") {
				t.Errorf("CountChecked's plan reads the orders: %q", plan)
			}
		}
		return
	}
	for _, line := range explain(t, db, checkedCountSQL) {
		if strings.Contains(line, "orders") {
			t.Errorf("CountChecked's plan reads the orders: %q", line)
		}
	}
}
