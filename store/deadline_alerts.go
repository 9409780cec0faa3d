package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"waybill/tracker"
)

var _ tracker.DeadlineAlerter = (*DB)(nil)

// deadlineAlertsSQL reads the open deadlines not yet due whose largest lead
// time has begun, through index deadlines_open_due (its WHERE repeated):
// a range scan from now to now plus that lead time.
const deadlineAlertsSQL = `SELECT d.id, d.order_id, COALESCE(d.shipment_id, 0), COALESCE(d.case_id, 0), d.kind, d.due_at, d.source, d.ref,
	d.alerted, o.order_no, o.demo, COALESCE(s.tracking_no, '')
FROM deadlines d INDEXED BY deadlines_open_due
JOIN orders o ON o.id = d.order_id
LEFT JOIN shipments s ON s.id = d.shipment_id
WHERE d.state = 'open' AND d.due_at > ? AND d.due_at <= ?
ORDER BY d.due_at, d.id`

// deadlineCandidate is a deadline within its largest lead time.
type deadlineCandidate struct {
	row     tracker.DeadlineRow
	alerted string
	demo    bool
}

// EnqueueDeadlineAlerts writes the alerts the deadlines' lead times owe
// (tracker.DeadlineAlerter). The reading, the outbox rows and the alerted
// lists are one write transaction, begun IMMEDIATE (the write pool's
// _txlock): a second process on the same file waits for the write lock
// before it reads, so it finds the first one's alerted lists and writes
// nothing again; the outbox's UNIQUE (key, channel) would drop a repeat
// besides.
func (db *DB) EnqueueDeadlineAlerts(ctx context.Context, now time.Time, leads []time.Duration, routes []tracker.AlertRoute) (int, error) {
	if len(leads) == 0 {
		return 0, nil
	}
	horizon := slices.Max(leads)
	tx, err := begin(ctx, db.write)
	if err != nil {
		return 0, db.diskErr(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, deadlineAlertsSQL, now.Unix(), now.Add(horizon).Unix())
	if err != nil {
		return 0, fmt.Errorf("read deadlines to alert: %w", classify(err))
	}
	var cands []deadlineCandidate
	for rows.Next() {
		var c deadlineCandidate
		var kind string
		var due int64
		if err := rows.Scan(&c.row.ID, &c.row.OrderID, &c.row.ShipmentID, &c.row.CaseID, &kind, &due, &c.row.Source, &c.row.Ref,
			&c.alerted, &c.row.OrderNo, &c.demo, &c.row.TrackingNo); err != nil {
			rows.Close()
			return 0, fmt.Errorf("read deadlines to alert: %w", err)
		}
		c.row.Kind, c.row.DueAt, c.row.State = tracker.DeadlineKind(kind), time.Unix(due, 0).UTC(), tracker.DeadlineOpen
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read deadlines to alert: %w", classify(err))
	}
	n := 0
	for _, c := range cands {
		lead, record, ok := tracker.DeadlineLead(c.row.DueAt, now, leads, tracker.ParseAlerted(c.alerted))
		if !ok {
			continue
		}
		subject, body := tracker.DeadlineAlert(c.row, lead, now)
		// A demo order's clocks tell the app only, as its exceptions do.
		rs := routes
		if c.demo {
			rs = nil
		}
		al := tracker.Alert{Key: tracker.DeadlineAlertKey(c.row.ID, lead, c.row.DueAt), Kind: tracker.AlertDeadline,
			Severity: tracker.SeverityHigh, ShipmentID: c.row.ShipmentID, Subject: subject, Body: body}
		for _, ch := range alertChannels(rs, al) {
			if _, err := tx.ExecContext(ctx, insertOutbox, al.Key, ch, al.Kind, int(al.Severity), nil, nullID(al.ShipmentID),
				al.Subject, al.Body, now.Unix(), now.Unix()); err != nil {
				return 0, fmt.Errorf("enqueue alert %s for %s: %w", al.Key, ch, classify(err))
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deadlines SET alerted = ? WHERE id = ?`, tracker.FormatAlerted(record), c.row.ID); err != nil {
			return 0, fmt.Errorf("deadline %d: record alerted %s: %w", c.row.ID, tracker.FormatAlerted(record), classify(err))
		}
		if err := logDeadline(ctx, tx, c.row.ID, now, "rules", "alerted", fmt.Sprintf(tracker.DeadlineLogAlerted, tracker.LeadHours(lead.Hours()), al.Key)); err != nil {
			return 0, err
		}
		n++
	}
	if n == 0 {
		return 0, nil // nothing written: the rollback ends it
	}
	return n, db.diskErr(classify(tx.Commit()))
}
