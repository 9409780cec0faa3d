package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"waybill/tracker"
)

// querier is what *sql.DB, *sql.Tx and reads have in common, so one query
// function serves the read pool and a write transaction alike.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanOne scans the first row into dest, or returns sql.ErrNoRows.
func scanOne(rows *sql.Rows, dest ...any) error {
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

// unix is how a time is stored: unix seconds, NULL for the zero time.
func unix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// shippedUnix stores the zero ShippedAt as 0, not NULL: shipped_at is a
// keyset paging column, and NULLs would need their own cases in every query.
func shippedUnix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// unixTime scans a stored time back: NULL and 0 read as the zero time, and
// every other value in UTC.
type unixTime struct{ t *time.Time }

func ts(t *time.Time) unixTime { return unixTime{t} }

func (u unixTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*u.t = time.Time{}
	case int64:
		if v == 0 {
			*u.t = time.Time{}
		} else {
			*u.t = time.Unix(v, 0).UTC()
		}
	default:
		return fmt.Errorf("time column holds %T, want an integer", v)
	}
	return nil
}

// Column lists and their scan targets, kept side by side so they cannot
// drift apart.

const orderCols = `o.id, o.order_no, o.marketplace, o.buyer, o.email, o.phone, o.country, o.status,
	o.ordered_at, o.promised_at, o.created_at, o.shipping_method, o.demo`

func orderDest(o *tracker.Order) []any {
	return []any{&o.ID, &o.OrderNo, &o.Marketplace, &o.Buyer, &o.Email, &o.Phone, &o.Country, &o.Status,
		ts(&o.OrderedAt), ts(&o.PromisedAt), ts(&o.CreatedAt), &o.ShippingMethod, &o.Demo}
}

// orderDetailCols adds what is in the parcel to orderCols; the refresher's
// hot path reads orderCols alone.
const orderDetailCols = orderCols + `, o.address, o.product, o.amount, o.currency, o.hs_code, o.declared_value,
	o.insured, o.packaging, o.checks`

func orderDetailDest(o *tracker.Order) []any {
	return append(orderDest(o), &o.Address, &o.Product, &o.Amount, &o.Currency, &o.HSCode, &o.DeclaredValue,
		insuredCol{&o.Insured}, &o.Packaging, checksCol{&o.Checks})
}

// shipmentCols ends with whether the parcel's order is a demo's, which
// decides who checks it (tracker.Refresher): one look-up of the order by
// its key, in the row's own read.
const shipmentCols = `s.id, s.order_id, s.tracking_no, s.carrier, s.origin, s.destination, s.status,
	s.shipped_at, s.last_event_at, s.delivered_at, s.next_check_at, s.checked_at, s.eta, s.pushed_at, s.unverified,
	s.last_mile_no, s.last_mile_carrier, ` + shipmentDemoCol

// shipmentDemoCol is the last of shipmentCols: the parcel's order's demo
// flag, looked up by the order's id. A query that joins the order as o
// reads it from there instead (shipmentColsJoined).
const shipmentDemoCol = `(SELECT d.demo FROM orders d WHERE d.id = s.order_id)`

// shipmentColsJoined is shipmentCols for a query that joins the parcel's
// order as o: the demo flag comes from that row rather than from a second
// lookup of the same order for every parcel (ingest's load, loadSQL).
var shipmentColsJoined = strings.TrimSuffix(shipmentCols, shipmentDemoCol) + `o.demo`

// shipmentReturning is shipmentCols for a RETURNING clause, which cannot
// name the table by an alias.
var shipmentReturning = strings.ReplaceAll(shipmentCols, "s.", "")

func shipmentDest(s *tracker.Shipment) []any {
	return []any{&s.ID, &s.OrderID, &s.TrackingNo, &s.Carrier, &s.Origin, &s.Destination, &s.Status,
		ts(&s.ShippedAt), ts(&s.LastEventAt), ts(&s.DeliveredAt), ts(&s.NextCheckAt), ts(&s.CheckedAt), ts(&s.ETA),
		ts(&s.PushedAt), &s.Unverified, &s.LastMile.TrackingNo, &s.LastMile.Carrier, &s.Demo}
}

const eventCols = `e.id, e.shipment_id, e.time, e.status, e.raw_status, e.location, e.description, e.exception`

func eventDest(e *tracker.Event) []any {
	return []any{&e.ID, &e.ShipmentID, ts(&e.Time), &e.Status, &e.RawStatus, &e.Location, &e.Description, &e.Exception}
}

// eventKey is the stored dedupe key of an event.
func eventKey(e tracker.Event) []byte {
	k := eventKey16(e)
	return k[:]
}

// eventKey16 is eventKey as an array, which compares with ==.
//
// It hashes the bytes of e.Key() without building the string: ingest
// computes one per event handed in.
func eventKey16(e tracker.Event) [16]byte {
	var buf [256]byte
	b := e.Time.UTC().AppendFormat(buf[:0], time.RFC3339)
	b = append(b, '|')
	b = append(b, e.RawStatus...)
	b = append(b, '|')
	b = append(b, e.Location...)
	b = append(b, '|')
	b = append(b, e.Description...)
	sum := sha256.Sum256(b)
	return [16]byte(sum[:16])
}

// kinds splits a group_concat of exception kinds, worst first.
func kinds(s sql.NullString) []tracker.ExceptionKind {
	if !s.Valid || s.String == "" {
		return nil
	}
	parts := strings.Split(s.String, ",")
	out := make([]tracker.ExceptionKind, len(parts))
	for i, p := range parts {
		out[i] = tracker.ExceptionKind(p)
	}
	return tracker.Worst(out)
}
