package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

// alertPolicy routes customs and worse to email, only lost to the webhook,
// and only critical alerts to SMS.
func alertPolicy() tracker.Policy {
	p := tracker.DefaultPolicy()
	p.Alerts = []tracker.AlertRoute{
		{Channel: tracker.ChannelEmail, MinSeverity: tracker.SeverityHigh},
		{Channel: tracker.ChannelWebhook, Kinds: []string{string(tracker.ExLost)}},
		{Channel: tracker.ChannelSMS, MinSeverity: tracker.SeverityCritical},
	}
	return p
}

func applyWith(t testing.TB, db *DB, now time.Time, p tracker.Policy, us ...tracker.Update) tracker.ApplySummary {
	t.Helper()
	sum, err := db.ApplyUpdates(context.Background(), now, p, us)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

type outboxRow struct {
	Key, Channel, Kind string
	Severity           tracker.Severity
	ExceptionID        sql.NullInt64
	ShipmentID         sql.NullInt64
	Subject, Body      string
	CreatedAt, NextAt  int64
}

func outboxRows(t testing.TB, db *DB) []outboxRow {
	t.Helper()
	rows, err := db.read.Query(`SELECT key, channel, kind, severity, exception_id, shipment_id, subject, body, created_at, next_attempt_at FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxRow
	for rows.Next() {
		var r outboxRow
		if err := rows.Scan(&r.Key, &r.Channel, &r.Kind, &r.Severity, &r.ExceptionID, &r.ShipmentID, &r.Subject, &r.Body, &r.CreatedAt, &r.NextAt); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func channels(rows []outboxRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Channel)
	}
	return out
}

func customsHold(at time.Time) tracker.Event {
	e := event(at, tracker.StatusCustoms, "held by customs")
	e.Exception = tracker.ExCustoms
	return e
}

// An exception that opens writes its alerts in the same transaction: one for
// the app, and one per route that wants its kind and severity.
func TestOpeningAnExceptionEnqueuesItsAlerts(t *testing.T) {
	db := openTest(t)
	sh := addShipment(t, db, "ORD-8123", "LX000000001CN", t0.Add(-3*day))
	applyWith(t, db, t0, alertPolicy(), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{customsHold(t0.Add(-time.Hour))}})

	var exID int64
	if err := db.read.QueryRow(`SELECT id FROM exceptions WHERE shipment_id = ? AND kind = 'customs'`, sh.ID).Scan(&exID); err != nil {
		t.Fatal(err)
	}
	rows := outboxRows(t, db)
	// customs is high: email takes it (high and up), the webhook does not
	// (lost only), SMS does not (critical only).
	if got := channels(rows); !slices.Equal(got, []string{tracker.ChannelApp, tracker.ChannelEmail}) {
		t.Fatalf("outbox channels = %v, want [app email]", got)
	}
	for _, r := range rows {
		if r.Key != fmt.Sprintf("exc-%d-opened", exID) || r.Kind != "customs" || r.Severity != tracker.SeverityHigh ||
			r.ExceptionID.Int64 != exID || r.ShipmentID.Int64 != sh.ID {
			t.Errorf("row %+v: want key exc-%d-opened, customs, high, for exception %d of shipment %d", r, exID, exID, sh.ID)
		}
		if r.CreatedAt != t0.Unix() || r.NextAt != t0.Unix() {
			t.Errorf("%s row created %d next %d, want both now (%d)", r.Channel, r.CreatedAt, r.NextAt, t0.Unix())
		}
		if want := "[waybill] customs: LX000000001CN (order ORD-8123)"; r.Subject != want {
			t.Errorf("subject %q, want %q", r.Subject, want)
		}
		for _, want := range []string{"customs (high)", "carrier: held by customs", "ORD-8123", "LX000000001CN", "china-post", "DE",
			tracker.SuggestedAction(tracker.ExCustoms)} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("body lacks %q:\n%s", want, r.Body)
			}
		}
	}
	var actor, action string
	if err := db.read.QueryRow(`SELECT actor, action FROM exception_log WHERE exception_id = ?`, exID).Scan(&actor, &action); err != nil || actor != "rules" || action != "opened" {
		t.Errorf("exception log: %q %q %v, want rules opened", actor, action, err)
	}
}

func TestAlertRoutesByKindAndSeverity(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind tracker.ExceptionKind
		want []string
	}{
		{"lost is critical: every channel", tracker.ExLost, []string{"app", "email", "webhook", "sms"}},
		{"damaged is high: email only", tracker.ExDamaged, []string{"app", "email"}},
		{"returning is high: email only", tracker.ExReturning, []string{"app", "email"}},
		{"delivery failed is high: email only", tracker.ExDeliveryFailed, []string{"app", "email"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
			e := event(t0.Add(-time.Hour), tracker.StatusException, "problem")
			if tc.kind == tracker.ExReturning {
				e.Status = tracker.StatusReturning
			} else {
				e.Exception = tc.kind
			}
			applyWith(t, db, t0, alertPolicy(), tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{e}})
			rows := outboxRows(t, db)
			if got := channels(rows); !slices.Equal(got, tc.want) {
				t.Errorf("channels = %v, want %v (rows %+v)", got, tc.want, rows)
			}
		})
	}
}

// Re-evaluating an exception that is already open tells nobody again; a
// new exception of the same kind, after the first closed, is a new alert.
func TestAlertsAreNotRepeatedWhenAnExceptionReevaluates(t *testing.T) {
	db := openTest(t)
	p := alertPolicy()
	sh := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	held := customsHold(t0.Add(-time.Hour))
	applyWith(t, db, t0, p, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{held}})
	applyWith(t, db, t0.Add(time.Hour), p, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{held}})
	applyWith(t, db, t0.Add(2*time.Hour), p, tracker.Update{ShipmentID: sh.ID})
	if n := len(outboxRows(t, db)); n != 2 {
		t.Fatalf("%d outbox rows after three checks of one open exception, want 2 (app, email)", n)
	}

	applyWith(t, db, t0.Add(3*time.Hour), p, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{event(t0.Add(2*time.Hour), tracker.StatusInTransit, "released")}})
	applyWith(t, db, t0.Add(5*time.Hour), p, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{customsHold(t0.Add(4 * time.Hour))}})
	rows := outboxRows(t, db)
	if len(rows) != 4 || rows[0].Key == rows[2].Key {
		t.Fatalf("held again: rows %+v, want a second alert with its own key", rows)
	}
	var log []string
	r, err := db.read.Query(`SELECT action FROM exception_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		var a string
		r.Scan(&a)
		log = append(log, a)
	}
	if !slices.Equal(log, []string{"opened", "closed", "opened"}) {
		t.Errorf("exception log = %v, want opened, closed, opened", log)
	}
}

// A batch that fails leaves nothing behind: neither the exception nor its
// alerts.
func TestFailedApplyWritesNoAlert(t *testing.T) {
	db := openTest(t)
	sh1 := addShipment(t, db, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	sh2 := addShipment(t, db, "ORD-2", "LX000000002CN", t0.Add(-3*day))
	// The second shipment's save fails, after the first one's exception
	// and alerts were written in the same transaction.
	failWrites(t, db, "UPDATE", "shipments", fmt.Sprintf("NEW.id = %d", sh2.ID), "disk on fire")
	_, err := db.ApplyUpdates(context.Background(), t0, alertPolicy(),
		[]tracker.Update{{ShipmentID: sh1.ID, Events: []tracker.Event{customsHold(t0.Add(-time.Hour))}}, {ShipmentID: sh2.ID}})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("apply = %v, want the trigger's error", err)
	}
	for _, table := range []string{"outbox", "exceptions", "exception_log", "events"} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%d rows in %s after a failed apply, want 0", n, table)
		}
	}
}

// A watched order's parcel alerts on every new event, to the app and every
// channel; the same news applied twice is one alert.
func TestWatchedOrderAlertsOnNewEvents(t *testing.T) {
	db := openTest(t)
	p := alertPolicy()
	watched := addShipment(t, db, "ORD-W", "LX000000001CN", t0.Add(-2*day))
	other := addShipment(t, db, "ORD-X", "LX000000002CN", t0.Add(-2*day))
	if _, err := db.write.Exec(`INSERT INTO watches (order_id, who, created_at) VALUES (?, 'ana', ?)`, watched.OrderID, t0.Unix()); err != nil {
		t.Fatal(err)
	}
	departed := event(t0.Add(-day), tracker.StatusInTransit, "departed")
	arrived := event(t0.Add(-time.Hour), tracker.StatusInTransit, "arrived at hub")
	applyWith(t, db, t0, p,
		tracker.Update{ShipmentID: watched.ID, Events: []tracker.Event{arrived, departed}},
		tracker.Update{ShipmentID: other.ID, Events: []tracker.Event{departed}})
	applyWith(t, db, t0.Add(time.Minute), p, tracker.Update{ShipmentID: watched.ID, Events: []tracker.Event{departed, arrived}}) // nothing new

	rows := outboxRows(t, db)
	if got := channels(rows); !slices.Equal(got, []string{"app", "email", "webhook", "sms"}) {
		t.Fatalf("watch alert channels = %v, want every channel once", got)
	}
	wantKey := fmt.Sprintf("watch-%d-%s", watched.ID, hex.EncodeToString(eventKey(arrived)))
	for _, r := range rows {
		if r.Key != wantKey || r.Kind != tracker.AlertWatch || r.ShipmentID.Int64 != watched.ID || r.ExceptionID.Valid {
			t.Errorf("row %+v: want key %s, kind watch, shipment %d, no exception", r, wantKey, watched.ID)
		}
		if !strings.Contains(r.Subject, "watch: LX000000001CN in_transit (order ORD-W)") || !strings.Contains(r.Body, "arrived at hub") || !strings.Contains(r.Body, "2 new event") {
			t.Errorf("subject %q body %q: want the parcel, its status and the newest event", r.Subject, r.Body)
		}
	}

	// The next scan is news again.
	applyWith(t, db, t0.Add(time.Hour), p, tracker.Update{ShipmentID: watched.ID, Events: []tracker.Event{event(t0.Add(30*time.Minute), tracker.StatusOutForDelivery, "with courier")}})
	if n := len(outboxRows(t, db)); n != 8 {
		t.Errorf("%d rows after a second change, want 8", n)
	}
}

// claimOutbox is DueAlerts that must succeed.
func claimOutbox(t testing.TB, db *DB, channel string, now time.Time, limit int) []tracker.Alert {
	t.Helper()
	got, err := db.DueAlerts(context.Background(), channel, now, limit)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func keys(alerts []tracker.Alert) []string {
	var out []string
	for _, a := range alerts {
		out = append(out, a.Key)
	}
	return out
}

// openCustoms opens a customs exception on a new shipment at now and returns
// its alert key.
func openCustoms(t testing.TB, db *DB, p tracker.Policy, n int, now time.Time) string {
	t.Helper()
	sh := addShipment(t, db, fmt.Sprint("ORD-", n), fmt.Sprintf("LX%09dCN", n), now.Add(-3*day))
	applyWith(t, db, now, p, tracker.Update{ShipmentID: sh.ID, Events: []tracker.Event{customsHold(now.Add(-time.Hour))}})
	var exID int64
	if err := db.read.QueryRow(`SELECT id FROM exceptions WHERE shipment_id = ?`, sh.ID).Scan(&exID); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("exc-%d-opened", exID)
}

func TestOutboxClaimSendRetry(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	db.SetAlertLease(time.Minute)
	p := alertPolicy()
	k1 := openCustoms(t, db, p, 1, t0)
	k2 := openCustoms(t, db, p, 2, t0.Add(time.Second))
	k3 := openCustoms(t, db, p, 3, t0.Add(2*time.Second))

	if got := claimOutbox(t, db, tracker.ChannelEmail, t0.Add(time.Second), 10); !slices.Equal(keys(got), []string{k1, k2}) {
		t.Fatalf("due at t0+1s: %v, want %v (not yet %s)", keys(got), []string{k1, k2}, k3)
	}
	// Claimed: nobody else gets them while the lease lasts.
	now := t0.Add(10 * time.Second)
	if got := claimOutbox(t, db, tracker.ChannelEmail, now, 10); !slices.Equal(keys(got), []string{k3}) {
		t.Fatalf("second claim: %v, want only %s", keys(got), k3)
	}
	a1 := mustAlert(t, db, k1, tracker.ChannelEmail)
	a2 := mustAlert(t, db, k2, tracker.ChannelEmail)
	a3 := mustAlert(t, db, k3, tracker.ChannelEmail)

	if err := db.MarkSent(ctx, []int64{a1.ID}, now); err != nil {
		t.Fatal(err)
	}
	retry := now.Add(5 * time.Minute)
	if err := db.MarkFailed(ctx, []int64{a2.ID}, "535 authentication failed", retry); err != nil {
		t.Fatal(err)
	}
	if n, err := db.AlertFailures(ctx); err != nil || n != 1 {
		t.Fatalf("AlertFailures = %d, %v; want 1", n, err)
	}
	a2 = mustAlert(t, db, k2, tracker.ChannelEmail)
	if a2.Attempts != 1 || a2.LastError != "535 authentication failed" || !a2.NextAttemptAt.Equal(retry) || !a2.SentAt.IsZero() {
		t.Errorf("failed alert = %+v", a2)
	}
	if a1 = mustAlert(t, db, k1, tracker.ChannelEmail); a1.Attempts != 1 || !a1.SentAt.Equal(now) {
		t.Errorf("sent alert = %+v", a1)
	}

	// k3 was claimed and never marked: its sender died. When the lease
	// ends it is due again; k2 waits for its retry time.
	if got := claimOutbox(t, db, tracker.ChannelEmail, now.Add(59*time.Second), 10); len(got) != 0 {
		t.Fatalf("within the lease: %v due, want none", keys(got))
	}
	if got := claimOutbox(t, db, tracker.ChannelEmail, now.Add(time.Minute), 10); !slices.Equal(keys(got), []string{k3}) || got[0].ID != a3.ID {
		t.Fatalf("after the lease: %v, want %s", keys(got), k3)
	}
	if err := db.MarkSent(ctx, []int64{a3.ID}, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := claimOutbox(t, db, tracker.ChannelEmail, retry, 10); !slices.Equal(keys(got), []string{k2}) {
		t.Fatalf("at the retry time: %v, want %s", keys(got), k2)
	}
	if err := db.MarkSent(ctx, []int64{a2.ID}, retry); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.AlertFailures(ctx); n != 0 {
		t.Errorf("AlertFailures = %d after every alert went out, want 0", n)
	}
	if got := claimOutbox(t, db, tracker.ChannelEmail, retry.Add(time.Hour), 10); len(got) != 0 {
		t.Errorf("sent alerts due again: %v", keys(got))
	}
	// The app's alerts are their own channel's.
	if got := claimOutbox(t, db, tracker.ChannelApp, retry, 2); !slices.Equal(keys(got), []string{k1, k2}) {
		t.Errorf("app alerts = %v, want the first two, oldest first", keys(got))
	}
}

func mustAlert(t testing.TB, db *DB, key, channel string) tracker.Alert {
	t.Helper()
	rows, err := db.read.Query(`SELECT `+outboxCols+` FROM outbox WHERE key = ? AND channel = ?`, key, channel)
	if err != nil {
		t.Fatal(err)
	}
	var a tracker.Alert
	if err := scanOne(rows, alertDest(&a)...); err != nil {
		t.Fatalf("alert %s on %s: %v", key, channel, err)
	}
	return a
}

// Claiming walks outbox_due in due order, however many alerts were sent
// before. (Failures are a counter row since migration 0023.)
func TestOutboxQueryPlans(t *testing.T) {
	sqliteOnly(t, "SQLite query plans")
	db := openTest(t)
	p := alertPolicy()
	for i := range 50 {
		openCustoms(t, db, p, i, t0.Add(time.Duration(i)*time.Second))
	}
	if _, err := db.write.Exec(`UPDATE outbox SET sent_at = created_at WHERE id % 5 != 0`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query string
		args        []any
	}{
		{"claim", claimAlertsSQL, []any{sql.Named("until", t0.Unix()+60), sql.Named("channel", "email"), sql.Named("now", t0.Unix()), sql.Named("limit", 10)}},
		{"any due", anyDueSQL, []any{"email", t0.Unix()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps := explainOn(t, db.write, tc.query, tc.args...)
			plan := strings.Join(steps, "\n")
			for _, s := range steps {
				if strings.Contains(s, "TEMP B-TREE") || (strings.HasPrefix(s, "SCAN") && !strings.Contains(s, "INDEX") && s != "SCAN CONSTANT ROW") {
					t.Errorf("plan step %q in:\n%s", s, plan)
				}
			}
			if !strings.Contains(plan, "outbox_due") {
				t.Errorf("plan does not use outbox_due:\n%s", plan)
			}
		})
	}
}
