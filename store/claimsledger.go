package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"waybill/tracker"
)

// The claims ledger (tracker.ClaimStore); migration 0022.

var _ tracker.ClaimStore = (*DB)(nil)

const claimCols = `k.id, k.case_id, k.order_id, k.shipment_id, k.party_kind, k.party, k.reference, k.filed_at,
	k.claimed, k.recovered, k.currency, k.state, k.note, k.created_at, k.created_by, k.updated_at,
	o.order_no, s.tracking_no, s.carrier, s.shipped_at`

const claimFrom = ` FROM claims k JOIN orders o ON o.id = k.order_id JOIN shipments s ON s.id = k.shipment_id`

func claimRowDest(r *tracker.ClaimRow) []any {
	c := &r.Claim
	return []any{&c.ID, &c.CaseID, &c.OrderID, &c.ShipmentID, &c.PartyKind, &c.Party, &c.Reference, ts(&c.FiledAt),
		&c.Claimed, &c.Recovered, &c.Currency, &c.State, &c.Note, ts(&c.CreatedAt), &c.CreatedBy, nanoTime{&c.UpdatedAt},
		&r.OrderNo, &r.TrackingNo, &r.Carrier, ts(&r.ShippedAt)}
}

func nullDay(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// AddClaim stores a new claim with its first log entry and its effects on
// the deadlines, in one transaction.
func (db *DB) AddClaim(ctx context.Context, c tracker.Claim, e tracker.ClaimEntry, fx tracker.ClaimEffects) (tracker.Claim, error) {
	if strings.TrimSpace(c.CreatedBy) == "" || strings.TrimSpace(e.Actor) == "" {
		return tracker.Claim{}, errors.New("no actor: every change is logged with who made it")
	}
	// Beside other servers' ingest, triage and casework on PostgreSQL,
	// the parcel locked first, then the order (see beginParcelWrite): a
	// claim writes its own row and log and a filing window among its
	// order's deadlines.
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return tracker.Claim{}, db.diskErr(err)
	}
	defer tx.Rollback()
	if err := db.lockShipments(ctx, tx, []int64{c.ShipmentID}); err != nil {
		return tracker.Claim{}, err
	}
	if err := db.lockOrders(ctx, tx, []int64{c.OrderID}); err != nil { // the filing window
		return tracker.Claim{}, err
	}
	var caseShipment, caseOrder int64
	err = tx.QueryRowContext(ctx, `SELECT shipment_id, order_id FROM cases WHERE id = ?`, c.CaseID).Scan(&caseShipment, &caseOrder)
	if errors.Is(err, sql.ErrNoRows) {
		return tracker.Claim{}, fmt.Errorf("case %d: %w", c.CaseID, tracker.ErrNotFound)
	}
	if err != nil {
		return tracker.Claim{}, err
	}
	if caseShipment != c.ShipmentID || caseOrder != c.OrderID {
		return tracker.Claim{}, fmt.Errorf("case %d is about shipment %d of order %d, not shipment %d of order %d",
			c.CaseID, caseShipment, caseOrder, c.ShipmentID, c.OrderID)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO claims (case_id, order_id, shipment_id, party_kind, party, reference, filed_at,
		claimed, recovered, currency, state, note, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.CaseID, c.OrderID, c.ShipmentID, string(c.PartyKind), c.Party, c.Reference, nullDay(c.FiledAt),
		int64(c.Claimed), int64(c.Recovered), c.Currency, string(c.State), c.Note, c.CreatedAt.Unix(), c.CreatedBy, c.UpdatedAt.UnixNano())
	if err != nil {
		return tracker.Claim{}, fmt.Errorf("insert claim: %w", classify(err))
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return tracker.Claim{}, err
	}
	// Read back as stored: the version a later save checks is the
	// column's nanoseconds.
	c.UpdatedAt = time.Unix(0, c.UpdatedAt.UnixNano()).UTC()
	e.ClaimID = c.ID
	if err := logClaim(ctx, tx, e); err != nil {
		return tracker.Claim{}, err
	}
	if err := claimEffects(ctx, tx, c, e.Actor, fx); err != nil {
		return tracker.Claim{}, err
	}
	return c, db.diskErr(classify(tx.Commit()))
}

// SaveClaim stores c over the claim read at version prev, with its log
// entry and effects, in one transaction.
func (db *DB) SaveClaim(ctx context.Context, c tracker.Claim, prev time.Time, e tracker.ClaimEntry, fx tracker.ClaimEffects) error {
	if c.ID == 0 {
		return errors.New("the claim has no id: add it first")
	}
	if strings.TrimSpace(e.Actor) == "" {
		return errors.New("no actor: every change is logged with who made it")
	}
	next := c.UpdatedAt.UnixNano()
	if p := prev.UnixNano(); next <= p {
		next = p + 1
	}
	tx, err := db.beginParcelWrite(ctx, "claims", c.ID)
	if err != nil {
		return db.diskErr(err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE claims SET reference = ?, filed_at = ?, recovered = ?, state = ?, note = ?, updated_at = ?
		WHERE id = ? AND updated_at = ?`, c.Reference, nullDay(c.FiledAt), int64(c.Recovered), string(c.State), c.Note, next, c.ID, prev.UnixNano())
	if err != nil {
		return fmt.Errorf("save claim %d: %w", c.ID, classify(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM claims WHERE id = ?)`, c.ID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return tracker.ErrNotFound
		}
		return tracker.ErrClaimChanged
	}
	e.ClaimID = c.ID
	if err := logClaim(ctx, tx, e); err != nil {
		return err
	}
	if err := claimEffects(ctx, tx, c, e.Actor, fx); err != nil {
		return err
	}
	return db.diskErr(classify(tx.Commit()))
}

func logClaim(ctx context.Context, tx execQuerier, e tracker.ClaimEntry) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO claim_log (claim_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)`,
		e.ClaimID, e.At.Unix(), e.Actor, e.Action, e.Detail); err != nil {
		return fmt.Errorf("log claim %d: %w", e.ClaimID, err)
	}
	return nil
}

// claimEffects writes what a claim's change does to its filing window.
func claimEffects(ctx context.Context, tx execQuerier, c tracker.Claim, actor string, fx tracker.ClaimEffects) error {
	own := func(ref string) string {
		if ref == tracker.ClaimOwnRef {
			return tracker.ClaimWindowRef(c.ID)
		}
		return ref
	}
	if fx.Window != nil {
		d := *fx.Window
		if d.Ref == "" {
			d.Ref = tracker.ClaimWindowRef(c.ID)
		}
		var put tracker.DeadlinesPut
		if err := putDeadline(ctx, tx, c.UpdatedAt, actor, d, &put); err != nil {
			return fmt.Errorf("filing window of claim %d: %w", c.ID, err)
		}
	}
	for _, x := range []struct{ ref, state string }{{fx.Meet, tracker.DeadlineMet}, {fx.Gone, tracker.DeadlineGone}} {
		if x.ref == "" {
			continue
		}
		if err := closeDeadlineRef(ctx, tx, c.UpdatedAt, actor, c.OrderID, tracker.DeadlineCarrierClaim, own(x.ref), x.state); err != nil {
			return fmt.Errorf("filing window of claim %d: %w", c.ID, err)
		}
	}
	return nil
}

// Claim reads one claim.
func (db *DB) Claim(ctx context.Context, id int64) (tracker.ClaimRow, error) {
	var r tracker.ClaimRow
	rows, err := db.read.QueryContext(ctx, `SELECT `+claimCols+claimFrom+` WHERE k.id = ?`, id)
	if err != nil {
		return r, fmt.Errorf("claim %d: %w", id, err)
	}
	if err := scanOne(rows, claimRowDest(&r)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return r, tracker.ErrNotFound
		}
		return r, fmt.Errorf("claim %d: %w", id, err)
	}
	return r, nil
}

// Claims lists claims newest first: all, one state's (index claims_state)
// or one parcel's (index claims_shipment).
func (db *DB) Claims(ctx context.Context, q tracker.ClaimQuery) ([]tracker.ClaimRow, error) {
	var where []string
	var args []any
	if q.State != "" {
		where, args = append(where, "k.state = ?"), append(args, string(q.State))
	}
	if q.ShipmentID != 0 {
		where, args = append(where, "k.shipment_id = ?"), append(args, q.ShipmentID)
	}
	query := `SELECT ` + claimCols + claimFrom
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += ` ORDER BY k.id DESC`
	if q.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, q.Limit)
	}
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	defer rows.Close()
	var out []tracker.ClaimRow
	for rows.Next() {
		var r tracker.ClaimRow
		if err := rows.Scan(claimRowDest(&r)...); err != nil {
			return nil, fmt.Errorf("claims: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ClaimLog is a claim's log, oldest first.
func (db *DB) ClaimLog(ctx context.Context, id int64) ([]tracker.ClaimEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT claim_id, at, actor, action, detail FROM claim_log WHERE claim_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("log of claim %d: %w", id, err)
	}
	defer rows.Close()
	var out []tracker.ClaimEntry
	for rows.Next() {
		var e tracker.ClaimEntry
		if err := rows.Scan(&e.ClaimID, ts(&e.At), &e.Actor, &e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("log of claim %d: %w", id, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// filedCarrierClaimsSQL lists the parcels among a JSON array of ids that
// have a claim that reached its carrier: then the carrier's claim clock is
// met, and a lost or damaged exception opened later must not start it
// again.
const filedCarrierClaimsSQL = `SELECT DISTINCT c.shipment_id FROM json_each(?) j CROSS JOIN claims c ON c.shipment_id = j.value
	WHERE c.party_kind = 'carrier' AND c.state <> 'draft' AND NOT (c.state = 'withdrawn' AND c.filed_at IS NULL)`
