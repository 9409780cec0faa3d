package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"waybill/tracker"
)

// SetPrechecks sets the [prechecks] config the store judges orders by when
// they are added or merged; until it is called, tracker.DefaultPrechecks.
// Orders already stored keep their checks until they are added again.
func (db *DB) SetPrechecks(cfg tracker.PrecheckConfig) {
	db.prechecks.Store(tracker.NewPrechecker(cfg))
}

func (db *DB) prechecker() *tracker.Prechecker {
	if p := db.prechecks.Load(); p != nil {
		return p
	}
	return tracker.NewPrechecker(tracker.DefaultPrechecks())
}

// CountChecked counts the orders with at least one pre-shipment warning:
// the counter row triggers keep (SQLite's migration 0027; on PostgreSQL
// the sum of 0029's slots, read through the view of the same name).
func (db *DB) CountChecked(ctx context.Context) (int, error) {
	var n int
	rows, err := db.query(ctx, checkedCountSQL)
	if err == nil {
		err = scanOne(rows, &n)
	}
	if err != nil {
		return 0, fmt.Errorf("count orders with pre-shipment warnings: %w", err)
	}
	return n, nil
}

// checkedCountSQL reads the counter row.
const checkedCountSQL = `SELECT coalesce((SELECT n FROM checked_count), 0)`

// scanCheckedSQL counts the orders with warnings themselves (the tests'
// check of the counter).
const scanCheckedSQL = `SELECT count(*) FROM orders WHERE checks <> ''`

// ShipmentChecks returns the pre-shipment warnings of the order shipment
// shipmentID belongs to.
func (db *DB) ShipmentChecks(ctx context.Context, shipmentID int64) ([]tracker.Check, error) {
	var cs []tracker.Check
	rows, err := db.query(ctx, `SELECT o.checks FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.id = ?`, shipmentID)
	if err == nil {
		err = scanOne(rows, checksCol{&cs})
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tracker.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("pre-shipment warnings of shipment %d: %w", shipmentID, err)
	}
	return cs, nil
}

// encodeChecks is how checks are stored: ” for none, so the partial
// index holds only the orders that warn.
func encodeChecks(cs []tracker.Check) (string, error) {
	if len(cs) == 0 {
		return "", nil
	}
	b, err := json.Marshal(cs)
	return string(b), err
}

// checksCol scans a stored checks column.
type checksCol struct{ cs *[]tracker.Check }

func (c checksCol) Scan(v any) error {
	var b []byte
	switch v := v.(type) {
	case nil:
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("checks column holds %T, want text", v)
	}
	*c.cs = nil
	if len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, c.cs); err != nil {
		return fmt.Errorf("checks column: %w", err)
	}
	return nil
}

// insuredCol scans the insured column: NULL is "nobody said".
type insuredCol struct{ b **bool }

func (c insuredCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.b = nil
	case int64:
		yes := v != 0
		*c.b = &yes
	default:
		return fmt.Errorf("insured column holds %T, want an integer", v)
	}
	return nil
}

func insuredArg(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
