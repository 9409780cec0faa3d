package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"waybill/tracker"
)

var _ tracker.CaseStore = (*DB)(nil)

// CaseOpenError refuses a second open case on one shipment for one kind of
// problem: the case already open is the one to resume.
type CaseOpenError struct {
	ID         int64 // the case already open
	ShipmentID int64
	Kind       tracker.ExceptionKind
}

func (e *CaseOpenError) Error() string { return e.Phrased().String() }

// Phrased is the refusal as its format, so a reader says it (and the
// kind) in its language.
func (e *CaseOpenError) Phrased() tracker.Phrase {
	return tracker.Phrase{Format: tracker.StoreCaseOpen, Args: []any{e.ID, e.Kind}}
}

// Is lets callers that know only tracker test for tracker.ErrCaseOpen.
func (e *CaseOpenError) Is(target error) bool { return target == tracker.ErrCaseOpen }

// caseCols reads a case (alias c) with what lists show beside it.
const caseCols = `c.id, c.order_id, c.shipment_id, c.exception_id, c.kind, c.step, c.state, c.language,
	c.opened_at, c.opened_by, c.updated_at, c.follow_up_at, c.closed_at,
	c.reassured, c.verified, c.carrier_answer, c.reference, c.investigation_requested,
	c.solution, c.resolution, c.root_cause,
	o.order_no, s.tracking_no, s.carrier, coalesce(nullif(s.destination, ''), o.country), o.buyer,
	` + caseOwner + `, o.promised_at`

// caseFrom joins a case to its order and shipment, and to its exception
// for its owner.
const caseFrom = ` FROM cases c JOIN shipments s ON s.id = c.shipment_id JOIN orders o ON o.id = c.order_id` + caseExceptionJoin

// caseExceptionJoin joins a case (c) to the exception it was opened for (e).
const caseExceptionJoin = ` LEFT JOIN exceptions e ON e.id = c.exception_id`

// caseOwner is tracker.CaseRow.Owner in SQL: the exception's owner, else
// who opened the case.
const caseOwner = `coalesce(nullif(e.owner, ''), c.opened_by)`

func caseRowDest(r *tracker.CaseRow) []any {
	c := &r.Case
	return []any{&c.ID, &c.OrderID, &c.ShipmentID, nullInt{&c.ExceptionID}, &c.Kind, &c.Step, &c.State, &c.Language,
		ts(&c.OpenedAt), &c.OpenedBy, nanoTime{&c.UpdatedAt}, ts(&c.FollowUpAt), ts(&c.ClosedAt),
		&c.Reassured, &c.Verified, &c.CarrierAnswer, &c.Reference, &c.InvestigationRequested,
		solutionCol{&c.Solution}, &c.Resolution, &c.RootCause,
		&r.OrderNo, &r.TrackingNo, &r.Carrier, &r.Destination, &r.Buyer,
		&r.Owner, ts(&r.PromisedAt)}
}

// nanoTime scans cases.updated_at, unix nanoseconds, back to a UTC time.
type nanoTime struct{ t *time.Time }

func (n nanoTime) Scan(v any) error {
	i, ok := v.(int64)
	if !ok {
		return fmt.Errorf("updated_at holds %T, want an integer", v)
	}
	*n.t = time.Unix(0, i).UTC()
	return nil
}

// solutionJSON is how a tracker.Solution is kept in cases.solution. Its
// keys are the store's, apart from the Go field names, so renaming a field
// in tracker never makes stored solutions unreadable.
type solutionJSON struct {
	Type              tracker.SolutionType `json:"type"`
	ETA               string               `json:"eta,omitempty"` // RFC 3339 with nanoseconds, UTC
	ReissueTrackingNo string               `json:"reissue_tracking_no,omitempty"`
	ReissueCarrier    string               `json:"reissue_carrier,omitempty"`
	Amount            storedMoney          `json:"amount,omitempty"`
	Currency          string               `json:"currency,omitempty"`
	Partial           bool                 `json:"partial,omitempty"`
	Documents         []string             `json:"documents,omitempty"`
	Duties            tracker.Duties       `json:"duties,omitempty"`
	SellerShare       storedMoney          `json:"seller_share,omitempty"`
	Address           string               `json:"address,omitempty"`
	Phone             string               `json:"phone,omitempty"`
	Evidence          []string             `json:"evidence,omitempty"`
	Reference         string               `json:"reference,omitempty"`
}

// storedMoney is an amount of a stored solution: written as a two-decimal
// string ("12.50"), so it comes back digit for digit. Solutions stored
// before amounts were whole cents hold a JSON number; it is read to the
// nearest cent (12.555 was shown and logged as 12.55 or 12.56 alike).
type storedMoney tracker.Money

func (m storedMoney) MarshalJSON() ([]byte, error) {
	return json.Marshal(tracker.Money(m).String())
}

func (m *storedMoney) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case string:
		got, err := tracker.ParseMoney(v)
		if err != nil {
			return fmt.Errorf("amount %q: %w", v, err)
		}
		*m = storedMoney(got)
	case float64:
		if v < 0 || math.IsInf(v, 0) || math.IsNaN(v) || v > 1e13 {
			return fmt.Errorf("amount %v: out of range", v)
		}
		*m = storedMoney(math.Round(v * 100))
	case nil:
		*m = 0
	default:
		return fmt.Errorf("amount %v: want a number or a string", v)
	}
	return nil
}

// solutionText is the stored form of s: JSON text, NULL for none.
func solutionText(s *tracker.Solution) (any, error) {
	if s == nil {
		return nil, nil
	}
	j := solutionJSON{
		Type: s.Type, ReissueTrackingNo: s.ReissueTrackingNo, ReissueCarrier: s.ReissueCarrier,
		Amount: storedMoney(s.Amount), Currency: s.Currency, Partial: s.Partial, Documents: s.Documents,
		Duties: s.Duties, SellerShare: storedMoney(s.SellerShare), Address: s.Address, Phone: s.Phone,
		Evidence: s.Evidence, Reference: s.Reference,
	}
	if !s.ETA.IsZero() {
		j.ETA = s.ETA.UTC().Format(time.RFC3339Nano)
	}
	b, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("solution: %w", err)
	}
	return string(b), nil
}

// solutionCol scans cases.solution.
type solutionCol struct{ p **tracker.Solution }

func (c solutionCol) Scan(v any) error {
	var b []byte
	switch v := v.(type) {
	case nil:
		*c.p = nil
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("solution holds %T, want JSON text", v)
	}
	var j solutionJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("solution: %w", err)
	}
	s := &tracker.Solution{
		Type: j.Type, ReissueTrackingNo: j.ReissueTrackingNo, ReissueCarrier: j.ReissueCarrier,
		Amount: tracker.Money(j.Amount), Currency: j.Currency, Partial: j.Partial, Documents: j.Documents,
		Duties: j.Duties, SellerShare: tracker.Money(j.SellerShare), Address: j.Address, Phone: j.Phone,
		Evidence: j.Evidence, Reference: j.Reference,
	}
	if j.ETA != "" {
		t, err := time.Parse(time.RFC3339Nano, j.ETA)
		if err != nil {
			return fmt.Errorf("solution eta: %w", err)
		}
		s.ETA = t.UTC()
	}
	*c.p = s
	return nil
}

// caseValues are the columns a save may change, in the order of
// updateCase, for c stored with updated_at at nanoseconds.
func caseValues(c tracker.Case, updatedAt int64) ([]any, error) {
	sol, err := solutionText(c.Solution)
	if err != nil {
		return nil, err
	}
	return []any{nullID(c.ExceptionID), string(c.Step), string(c.State), c.Language, updatedAt,
		unix(c.FollowUpAt), unix(c.ClosedAt), c.Reassured, c.Verified, c.CarrierAnswer, c.Reference,
		c.InvestigationRequested, sol, c.Resolution, string(c.RootCause)}, nil
}

const insertCase = `INSERT INTO cases (order_id, shipment_id, kind, opened_at, opened_by,
	exception_id, step, state, language, updated_at, follow_up_at, closed_at, reassured, verified,
	carrier_answer, reference, investigation_requested, solution, resolution, root_cause)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// updateCase changes a case only if it still has the updated_at it was
// read with: the optimistic lock of SaveCase.
const updateCase = `UPDATE cases SET exception_id = ?, step = ?, state = ?, language = ?, updated_at = ?,
	follow_up_at = ?, closed_at = ?, reassured = ?, verified = ?, carrier_answer = ?, reference = ?,
	investigation_requested = ?, solution = ?, resolution = ?, root_cause = ?
WHERE id = ? AND updated_at = ?`

const insertCaseLog = `INSERT INTO case_log (case_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)`

// openCaseSQL repeats the WHERE of index cases_open word for word.
const openCaseSQL = `SELECT id FROM cases WHERE shipment_id = ? AND kind = ? AND state = 'open'`

// CreateCase stores a new case and its first log entry in one transaction
// and returns the case as stored, with its ID. The shipment must belong to
// the case's order, and the exception, if any, to the shipment. A shipment
// has at most one open case per kind: a second is refused with a
// *CaseOpenError naming the first.
func (db *DB) CreateCase(ctx context.Context, c tracker.Case, e tracker.CaseEntry) (tracker.Case, error) {
	out, err := db.createCase(ctx, c, e)
	var open *CaseOpenError
	if errors.As(err, &open) {
		return tracker.Case{}, err
	}
	if err != nil {
		return tracker.Case{}, fmt.Errorf("create %s case on shipment %d: %w", c.Kind, c.ShipmentID, err)
	}
	return out, nil
}

func (db *DB) createCase(ctx context.Context, c tracker.Case, e tracker.CaseEntry) (tracker.Case, error) {
	switch {
	case c.Kind == "":
		return tracker.Case{}, errors.New("the case has no kind")
	case strings.TrimSpace(c.OpenedBy) == "" || strings.TrimSpace(e.Actor) == "":
		return tracker.Case{}, errors.New("no actor: every change is logged with who made it")
	case c.UpdatedAt.IsZero():
		return tracker.Case{}, errors.New("the case has no updated_at")
	}
	// Beside other servers' ingest, triage and casework on PostgreSQL
	// (pgWriteLock), with the case's parcel locked first: a second case
	// of the parcel, its exceptions and its ingest wait for this one, and
	// cases_open refuses a second open case of the kind all the same.
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil {
		return tracker.Case{}, err
	}
	defer tx.Rollback()
	if err := db.lockShipments(ctx, tx, []int64{c.ShipmentID}); err != nil {
		return tracker.Case{}, err
	}
	if err := db.lockOrders(ctx, tx, []int64{c.OrderID}); err != nil { // its follow-up deadline
		return tracker.Case{}, err
	}

	var orderID int64
	err = tx.QueryRowContext(ctx, `SELECT order_id FROM shipments WHERE id = ?`, c.ShipmentID).Scan(&orderID)
	if errors.Is(err, sql.ErrNoRows) {
		return tracker.Case{}, fmt.Errorf("shipment %d: %w", c.ShipmentID, tracker.ErrNotFound)
	}
	if err != nil {
		return tracker.Case{}, err
	}
	if orderID != c.OrderID {
		return tracker.Case{}, fmt.Errorf("shipment %d belongs to order %d, not to order %d", c.ShipmentID, orderID, c.OrderID)
	}
	if c.ExceptionID != 0 {
		var shipmentID int64
		err := tx.QueryRowContext(ctx, `SELECT shipment_id FROM exceptions WHERE id = ?`, c.ExceptionID).Scan(&shipmentID)
		if errors.Is(err, sql.ErrNoRows) {
			return tracker.Case{}, fmt.Errorf("exception %d: %w", c.ExceptionID, tracker.ErrNotFound)
		}
		if err != nil {
			return tracker.Case{}, err
		}
		if shipmentID != c.ShipmentID {
			return tracker.Case{}, fmt.Errorf("exception %d is about shipment %d, not %d", c.ExceptionID, shipmentID, c.ShipmentID)
		}
	}
	if c.State == tracker.CaseOpen {
		if err := openConflict(ctx, tx, c.ShipmentID, c.Kind, 0); err != nil {
			return tracker.Case{}, err
		}
	}
	vals, err := caseValues(c, c.UpdatedAt.UnixNano())
	if err != nil {
		return tracker.Case{}, err
	}
	args := append([]any{c.OrderID, c.ShipmentID, string(c.Kind), c.OpenedAt.Unix(), c.OpenedBy}, vals...)
	res, err := tx.ExecContext(ctx, insertCase, args...)
	if err != nil {
		return tracker.Case{}, db.caseConflict(ctx, tx, c, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return tracker.Case{}, err
	}
	if err := logCase(ctx, tx, id, e); err != nil {
		return tracker.Case{}, err
	}
	row, err := readCase(ctx, tx, id)
	if err != nil {
		return tracker.Case{}, err
	}
	if err := syncFollowUp(ctx, tx, row.Case, e.Actor); err != nil {
		return tracker.Case{}, err
	}
	if err := tx.Commit(); err != nil {
		return tracker.Case{}, classify(err)
	}
	return row.Case, nil
}

// syncFollowUp keeps a case's follow_up deadline as the case stands, in
// the case's transaction: its date while open with one, closed (met when
// the case closed, gone when the date was cleared) otherwise.
func syncFollowUp(ctx context.Context, tx *sql.Tx, c tracker.Case, actor string) error {
	now := c.UpdatedAt
	if d, ok := tracker.FollowUpDeadline(c); ok {
		var put tracker.DeadlinesPut
		if err := putDeadline(ctx, tx, now, actor, d, &put); err != nil {
			return fmt.Errorf("follow-up deadline of case %d: %w", c.ID, err)
		}
		return nil
	}
	state := tracker.DeadlineGone
	if c.State != tracker.CaseOpen {
		state = tracker.DeadlineMet
	}
	if err := closeDeadlineRef(ctx, tx, now, actor, c.OrderID, tracker.DeadlineFollowUp, tracker.FollowUpRef(c.ID), state); err != nil {
		return fmt.Errorf("follow-up deadline of case %d: %w", c.ID, err)
	}
	return nil
}

// openConflict returns a *CaseOpenError when the shipment has an open case
// of kind other than case except.
func openConflict(ctx context.Context, q querier, shipmentID int64, kind tracker.ExceptionKind, except int64) error {
	var id int64
	rows, err := q.QueryContext(ctx, openCaseSQL, shipmentID, string(kind))
	if err == nil {
		err = scanOne(rows, &id)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && id == except):
		return nil
	case err != nil:
		return err
	}
	return &CaseOpenError{ID: id, ShipmentID: shipmentID, Kind: kind}
}

// caseConflict turns a unique-index violation on cases_open (a reopen, or
// another process opening the same case meanwhile) into a *CaseOpenError.
func (db *DB) caseConflict(ctx context.Context, tx *sql.Tx, c tracker.Case, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || isPGUnique(err) {
		// PostgreSQL refuses every statement of a transaction after an
		// error: ask the read pool, which sees what was committed.
		var q querier = tx
		if db.pg {
			q = db.read
		}
		if cerr := openConflict(ctx, q, c.ShipmentID, c.Kind, c.ID); cerr != nil {
			return cerr
		}
	}
	return classify(err)
}

func logCase(ctx context.Context, tx *sql.Tx, caseID int64, e tracker.CaseEntry) error {
	if e.CaseID != 0 && e.CaseID != caseID {
		return fmt.Errorf("log entry for case %d given with case %d", e.CaseID, caseID)
	}
	if strings.TrimSpace(e.Actor) == "" {
		return errors.New("no actor: every change is logged with who made it")
	}
	if _, err := tx.ExecContext(ctx, insertCaseLog, caseID, e.At.Unix(), e.Actor, string(e.Action), e.Detail); err != nil {
		return fmt.Errorf("log: %w", err)
	}
	return nil
}

// SaveCase stores c, appends e and makes the effects in one transaction,
// provided the stored case still has updated_at prev; otherwise it returns
// tracker.ErrCaseChanged and changes nothing.
//
// updated_at is compared in nanoseconds, and every save makes it strictly
// greater than prev, even when the clock stood still or stepped back
// (a coarse clock, the demo clock resumed by another process): so a save
// read before another one always finds the value changed.
func (db *DB) SaveCase(ctx context.Context, c tracker.Case, prev time.Time, e tracker.CaseEntry, fx tracker.CaseEffects) error {
	err := db.saveCase(ctx, c, prev, e, fx)
	var open *CaseOpenError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tracker.ErrCaseChanged), errors.Is(err, tracker.ErrNotFound), errors.As(err, &open):
		return err // Casework names the case
	}
	return fmt.Errorf("save case %d: %w", c.ID, err)
}

func (db *DB) saveCase(ctx context.Context, c tracker.Case, prev time.Time, e tracker.CaseEntry, fx tracker.CaseEffects) error {
	if c.ID == 0 {
		return errors.New("the case has no id: create it first")
	}
	next := c.UpdatedAt.UnixNano()
	if p := prev.UnixNano(); next <= p {
		next = p + 1
	}
	vals, err := caseValues(c, next)
	if err != nil {
		return err
	}
	tx, err := db.beginCaseWrite(ctx, c.ID, fx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, updateCase, append(vals, c.ID, prev.UnixNano())...)
	if err != nil {
		return db.caseConflict(ctx, tx, c, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?)`, c.ID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return tracker.ErrNotFound
		}
		return tracker.ErrCaseChanged
	}
	if err := logCase(ctx, tx, c.ID, e); err != nil {
		return err
	}
	if err := db.caseEffects(ctx, tx, c, e, fx); err != nil {
		return err
	}
	if err := syncFollowUp(ctx, tx, c, e.Actor); err != nil {
		return err
	}
	return classify(tx.Commit())
}

// beginCaseWrite begins the transaction of a save of case id. On
// PostgreSQL it runs beside other servers' ingest, triage and casework
// (pgWriteLock's shared mode) with the case's parcel locked first, as
// they lock theirs: what a save changes besides the case is its parcel's
// exception and its own follow-up deadline (ref per case). Two saves of
// one case take turns on the parcel, and the second finds updated_at
// moved (ErrCaseChanged): no lost update. A save that adds to the order
// (a reissued parcel, a verified address) locks every parcel of the order
// and then the order, as adding to an order does (see pgadd.go): it may
// merge into another of the order's parcels, and fills in the
// destination of any of them.
func (db *DB) beginCaseWrite(ctx context.Context, id int64, fx tracker.CaseEffects) (*sql.Tx, error) {
	if fx.Reissue != nil || fx.Contact != nil {
		return db.beginOrderWrite(ctx, "cases", id)
	}
	return db.beginParcelWrite(ctx, "cases", id)
}

// beginParcelWrite begins a shared write transaction (pgWriteLock) with
// the parcel of row id of table (cases or claims) locked, then its order. A case or claim
// stays on its parcel (no save moves it), so it is read unlocked. No such
// row locks nothing: the save's UPDATE finds none and says so.
func (db *DB) beginParcelWrite(ctx context.Context, table string, id int64) (*sql.Tx, error) {
	return db.beginRowWrite(ctx, table, id, false)
}

// beginOrderWrite is beginParcelWrite with every parcel of the row's
// order locked, not its own alone (lockOrderAndParcels).
func (db *DB) beginOrderWrite(ctx context.Context, table string, id int64) (*sql.Tx, error) {
	return db.beginRowWrite(ctx, table, id, true)
}

func (db *DB) beginRowWrite(ctx context.Context, table string, id int64, wholeOrder bool) (*sql.Tx, error) {
	tx, err := begin(sharedWrite(ctx), db.write)
	if err != nil || !db.pg {
		return tx, err
	}
	var shipmentID, orderID int64
	err = tx.QueryRowContext(ctx, `SELECT shipment_id, order_id FROM `+table+` WHERE id = ?`, id).Scan(&shipmentID, &orderID)
	switch {
	case err != nil:
	case wholeOrder:
		err = db.lockOrderAndParcels(ctx, tx, orderID)
	default:
		err = db.lockShipments(ctx, tx, []int64{shipmentID})
		if err == nil { // the follow-up deadline, the filing window: the order's
			err = db.lockOrders(ctx, tx, []int64{orderID})
		}
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		tx.Rollback()
		return nil, fmt.Errorf("lock the parcel of %s row %d: %w", table, id, err)
	}
	return tx, nil
}

// caseEffects writes what a case action changes beyond the case, in the
// case's transaction.
func (db *DB) caseEffects(ctx context.Context, tx *sql.Tx, c tracker.Case, e tracker.CaseEntry, fx tracker.CaseEffects) error {
	if fx.Reissue == nil && fx.Contact == nil && fx.ResolveException == 0 && fx.ReopenException == 0 {
		return nil
	}
	at := e.At
	if fx.Reissue != nil || fx.Contact != nil {
		var orderNo string
		if err := tx.QueryRowContext(ctx, `SELECT order_no FROM orders WHERE id = ?`, c.OrderID).Scan(&orderNo); err != nil {
			return fmt.Errorf("the case's order %d: %w", c.OrderID, err)
		}
		od := tracker.OrderDetail{Order: tracker.Order{OrderNo: orderNo}}
		if fx.Contact != nil {
			od.Address, od.Phone = fx.Contact.Address, fx.Contact.Phone
		}
		if fx.Reissue != nil {
			od.Shipments = []tracker.ShipmentDetail{{Shipment: *fx.Reissue}}
		}
		a, err := newAdder(ctx, tx, db.prechecker())
		if err != nil {
			return err
		}
		defer a.close()
		if err := a.add(ctx, at, od); err != nil {
			if fx.Reissue != nil {
				return fmt.Errorf("add the reissued parcel %s to order %s: %w", fx.Reissue.TrackingNo, orderNo, err)
			}
			return fmt.Errorf("write the verified address and phone to order %s: %w", orderNo, err)
		}
	}
	if id := fx.ResolveException; id != 0 {
		detail := fmt.Sprintf(tracker.LogCaseClosed, c.ID)
		if c.Resolution != "" {
			detail = fmt.Sprintf(tracker.LogCaseClosedWhy, c.ID, c.Resolution)
		}
		if err := resolveException(ctx, tx, id, e.Actor, detail, at); err != nil {
			return err
		}
	}
	if id := fx.ReopenException; id != 0 {
		if err := db.reopenException(ctx, tx, c, id, e.Actor, at); err != nil {
			return err
		}
	}
	return nil
}

// resolveException closes an open exception as a person's decision,
// logged with who and why; a closed one stays as it is.
func resolveException(ctx context.Context, tx *sql.Tx, id int64, actor, detail string, at time.Time) error {
	res, err := tx.ExecContext(ctx, resolveExSQL, at.Unix(), actor, id)
	if err != nil {
		return fmt.Errorf("resolve exception %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	if _, err := tx.ExecContext(ctx, insertLog, id, at.Unix(), actor, logResolved, detail); err != nil {
		return fmt.Errorf("exception %d: log: %w", id, err)
	}
	return nil
}

// reopenException opens again the exception a reopened case was opened
// for. Where the rules have opened one of its kind since, the case moves
// to that one instead: a parcel has one open exception of a kind.
func (db *DB) reopenException(ctx context.Context, tx *sql.Tx, c tracker.Case, id int64, actor string, at time.Time) error {
	var shipmentID int64
	var kind string
	var closed sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT shipment_id, kind, closed_at FROM exceptions WHERE id = ?`, id).Scan(&shipmentID, &kind, &closed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("exception %d: %w", id, err)
	}
	if !closed.Valid {
		return nil // open still: nothing to do
	}
	var other int64
	rows, err := tx.QueryContext(ctx, `SELECT id FROM exceptions WHERE shipment_id = ? AND kind = ? AND closed_at IS NULL`, shipmentID, kind)
	if err == nil {
		err = scanOne(rows, &other)
	}
	switch {
	case err == nil:
		_, err := tx.ExecContext(ctx, `UPDATE cases SET exception_id = ? WHERE id = ?`, other, c.ID)
		return err
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE exceptions SET state = 'open', closed_at = NULL, resolved_by = '' WHERE id = ?`, id); err != nil {
		return fmt.Errorf("reopen exception %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, insertLog, id, at.Unix(), actor, tracker.LogReopened, fmt.Sprintf(tracker.LogCaseReopened, c.ID)); err != nil {
		return fmt.Errorf("exception %d: log: %w", id, err)
	}
	return nil
}

func readCase(ctx context.Context, q querier, id int64) (tracker.CaseRow, error) {
	var r tracker.CaseRow
	rows, err := q.QueryContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.id = ?`, id)
	if err == nil {
		err = scanOne(rows, caseRowDest(&r)...)
	}
	if errors.Is(err, sql.ErrNoRows) {
		err = tracker.ErrNotFound
	}
	return r, err
}

// Case returns one case with its order's and shipment's fields, or an
// error wrapping tracker.ErrNotFound.
func (db *DB) Case(ctx context.Context, id int64) (tracker.CaseRow, error) {
	r, err := readCase(ctx, reads{db}, id)
	if err != nil {
		return tracker.CaseRow{}, fmt.Errorf("case %d: %w", id, err)
	}
	return r, nil
}

// CaseLog returns a case's log, oldest first: in the order it was written,
// which a clock that stepped back cannot reorder.
func (db *DB) CaseLog(ctx context.Context, id int64) ([]tracker.CaseEntry, error) {
	rows, err := db.query(ctx, `SELECT id, case_id, at, actor, action, detail FROM case_log WHERE case_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("log of case %d: %w", id, err)
	}
	defer rows.Close()
	var out []tracker.CaseEntry
	for rows.Next() {
		var e tracker.CaseEntry
		if err := rows.Scan(&e.ID, &e.CaseID, ts(&e.At), &e.Actor, &e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("log of case %d: %w", id, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("log of case %d: %w", id, err)
	}
	if len(out) == 0 { // every case has its "open" entry: no log, no case
		if _, err := db.Case(ctx, id); err != nil {
			return nil, fmt.Errorf("log of %w", err)
		}
	}
	return out, nil
}

// casesWhere is the SQL of tracker.CaseQuery.Matches: the conditions on
// a case (c, joined to its exception e when it filters by owner) and
// their arguments. States are written out, so SQLite can match them to
// the partial indexes on open cases.
func casesWhere(q tracker.CaseQuery) ([]string, []any) {
	var where []string
	var args []any
	switch q.State {
	case "":
	case tracker.CaseOpen, tracker.CaseClosed:
		where = append(where, "c.state = '"+string(q.State)+"'")
	default:
		where = append(where, "c.state = ?")
		args = append(args, string(q.State))
	}
	if q.OrderID != 0 {
		where = append(where, "c.order_id = ?")
		args = append(args, q.OrderID)
	}
	if !q.DueBy.IsZero() {
		where = append(where, "c.state = 'open' AND c.follow_up_at < ?")
		args = append(args, q.DueBy.Unix())
	}
	switch owner := strings.TrimSpace(q.Owner); owner {
	case "":
	case tracker.OwnerNone:
		where = append(where, "0 = 1")
	default:
		where = append(where, caseOwner+" = ? COLLATE NOCASE")
		args = append(args, owner)
	}
	return where, args
}

// caseSegment is one run of a case list that an index reads in order:
// the whole list newest first, or one rank of tracker.CasesByNeed.
type caseSegment struct {
	rank  int
	where string // the rank's cases, states written out as the partial indexes' WHERE
	args  []any
	// byFollowUp: sorted by follow_up_at, then id (index
	// cases_follow_up); else by id, descending when desc.
	byFollowUp bool
	desc       bool
}

// caseSegments are q's list, segment after segment: tracker's
// CaseQuery.CursorOf in SQL. Segments q's filters leave empty are left
// out.
func caseSegments(q tracker.CaseQuery) []caseSegment {
	if q.Order != tracker.CasesByNeed {
		return []caseSegment{{desc: true}}
	}
	now := q.Now.Unix()
	all := []caseSegment{
		{rank: tracker.NeedOverdue, where: "c.state = 'open' AND c.follow_up_at <= ?", args: []any{now}, byFollowUp: true},
		{rank: tracker.NeedNoFollowUp, where: "c.state = 'open' AND c.follow_up_at IS NULL"},
		{rank: tracker.NeedLater, where: "c.state = 'open' AND c.follow_up_at > ?", args: []any{now}, byFollowUp: true},
		{rank: tracker.NeedClosed, where: "c.state = 'closed'", desc: true},
	}
	var out []caseSegment
	for _, g := range all {
		closed := g.rank == tracker.NeedClosed
		switch {
		case q.State == tracker.CaseOpen && closed, q.State == tracker.CaseClosed && !closed:
		case !q.DueBy.IsZero() && !g.byFollowUp:
		default:
			out = append(out, g)
		}
	}
	return out
}

// segmentQuery reads up to limit rows (all: -1) of one segment of q's
// list, after cur (Forward) or before it (Backward) when cur is in this
// segment, in display order or, Backward, the reverse.
func segmentQuery(q tracker.CaseQuery, g caseSegment, cur *tracker.CaseCursor, limit int) (string, []any) {
	where, args := casesWhere(q)
	if g.where != "" {
		where = append([]string{g.where}, where...)
		args = append(slices.Clone(g.args), args...)
	}
	back := q.Dir == tracker.Backward
	after, asc, desc := ">", "", " DESC"
	if back {
		after, asc, desc = "<", " DESC", ""
	}
	order := ` ORDER BY c.id` + asc
	switch {
	case g.byFollowUp:
		order = ` ORDER BY c.follow_up_at` + asc + `, c.id` + asc
	case g.desc:
		order = ` ORDER BY c.id` + desc
	}
	if cur != nil && cur.Rank == g.rank {
		switch {
		case g.byFollowUp:
			// A row value: SQLite starts the index range at it.
			where = append(where, "(c.follow_up_at, c.id) "+after+" (?, ?)")
			args = append(args, cur.Key, cur.ID)
		case g.desc:
			before := map[string]string{">": "<", "<": ">"}[after]
			where = append(where, "c.id "+before+" ?")
			args = append(args, cur.ID)
		default:
			where = append(where, "c.id "+after+" ?")
			args = append(args, cur.ID)
		}
	}
	query := `SELECT ` + caseCols + caseFrom
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	return query + order + ` LIMIT ?`, append(args, limit)
}

// casesQuery is the SQL of a whole list newest first (what `case list`
// reads without a filter, and what finds an order's cases).
func casesQuery(q tracker.CaseQuery) (string, []any) {
	q.Order = tracker.CasesNewest
	limit := q.Limit
	if limit <= 0 {
		limit = -1
	}
	return segmentQuery(q, caseSegments(q)[0], q.Cursor, limit)
}

// Cases lists the cases q picks, one keyset page in q's order, with their
// orders' and shipments' fields: segment after segment, each read in its
// index's order, until the page is full.
func (db *DB) Cases(ctx context.Context, q tracker.CaseQuery) ([]tracker.CaseRow, error) {
	segs := caseSegments(q)
	back := q.Dir == tracker.Backward
	if back {
		slices.Reverse(segs)
	}
	var out []tracker.CaseRow
	for _, g := range segs {
		if c := q.Cursor; c != nil && (!back && g.rank < c.Rank || back && g.rank > c.Rank) {
			continue
		}
		limit := -1
		if q.Limit > 0 {
			if limit = q.Limit - len(out); limit <= 0 {
				break
			}
		}
		query, args := segmentQuery(q, g, q.Cursor, limit)
		rows, err := db.query(ctx, query, args...)
		if err != nil {
			return nil, fmt.Errorf("list cases: %w", err)
		}
		for rows.Next() {
			var r tracker.CaseRow
			if err := rows.Scan(caseRowDest(&r)...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("list cases: %w", err)
			}
			out = append(out, r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("list cases: %w", err)
		}
	}
	if back {
		slices.Reverse(out)
	}
	return out, nil
}

// countCasesQuery counts what each query lists, one subquery each, in
// one statement. Only a filter by owner joins the exceptions.
func countCasesQuery(qs []tracker.CaseQuery) (string, []any) {
	var subs []string
	var args []any
	for _, q := range qs {
		where, wargs := casesWhere(q)
		sub := `SELECT count(*) FROM cases c`
		if strings.TrimSpace(q.Owner) != "" {
			sub += caseExceptionJoin
		}
		if len(where) > 0 {
			sub += ` WHERE ` + strings.Join(where, " AND ")
		}
		subs = append(subs, "("+sub+")")
		args = append(args, wargs...)
	}
	return `SELECT ` + strings.Join(subs, ", "), args
}

// CountCases counts what Cases lists for each query, cursor and limit
// aside.
func (db *DB) CountCases(ctx context.Context, qs []tracker.CaseQuery) ([]int, error) {
	if len(qs) == 0 {
		return nil, nil
	}
	query, args := countCasesQuery(qs)
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("count cases: %w", err)
	}
	out := make([]int, len(qs))
	dest := make([]any, len(qs))
	for i := range out {
		dest[i] = &out[i]
	}
	if err := scanOne(rows, dest...); err != nil {
		return nil, fmt.Errorf("count cases: %w", err)
	}
	return out, nil
}

// OpenException returns the id of the shipment's open exception of kind,
// or 0 when there is none, so a case opened from an order can still link
// the exception that describes it.
func (db *DB) OpenException(ctx context.Context, shipmentID int64, kind tracker.ExceptionKind) (int64, error) {
	var id int64
	rows, err := db.query(ctx, `SELECT id FROM exceptions WHERE shipment_id = ? AND kind = ? AND closed_at IS NULL`, shipmentID, string(kind))
	if err == nil {
		err = scanOne(rows, &id)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("open %s exception of shipment %d: %w", kind, shipmentID, err)
	}
	return id, nil
}
