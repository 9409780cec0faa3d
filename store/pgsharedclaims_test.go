package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"waybill/tracker"
)

// The refresher's claim, an alert sender's claim and marks, and a lease
// go on beside a transaction open on the other server (a slow ingest
// batch): none waits for it, and the claim leaves the parcel that
// transaction holds to a later pass. Run alone (pgWriteLock's exclusive
// mode), each waited for every write in flight on every server.
func TestPGClaimsAndLeasesDoNotWaitForOtherWriters(t *testing.T) {
	a, b, s1, s2 := twoServersTwoParcels(t)
	ctx := context.Background()
	if _, err := a.write.Exec(`INSERT INTO outbox (key, channel, kind, severity, subject, body, created_at, next_attempt_at)
		VALUES ('k1', 'webhook', 'lost', 2, 's', 'b', ?, ?)`, t0.Unix(), t0.Unix()); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(30 * day) // both parcels due by then

	tx := halfDoneIngest(t, a, s1.ID)

	// Well under lock_timeout (5 s): a write that waited for the open
	// transaction would end here, failed.
	quick, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	claimed, err := b.ClaimDue(quick, later, "server-b", time.Minute, 0)
	if err != nil {
		t.Fatalf("claim while a transaction is open on the other server: %v", err)
	}
	var ids []int64
	for _, s := range claimed {
		ids = append(ids, s.ID)
	}
	if !slices.Equal(ids, []int64{s2.ID}) {
		t.Errorf("claimed %v, want only %d: %d is held by the open transaction", ids, s2.ID, s1.ID)
	}
	if err := b.DeferClaims(quick, "server-b", ids, later.Add(time.Hour)); err != nil {
		t.Errorf("defer claims: %v", err)
	}
	alerts, err := b.DueAlerts(quick, tracker.ChannelWebhook, t0, 10)
	if err != nil || len(alerts) != 1 {
		t.Fatalf("alerts claimed: %d, %v; want the one due", len(alerts), err)
	}
	if err := b.MarkFailed(quick, []int64{alerts[0].ID}, "503", t0.Add(time.Minute)); err != nil {
		t.Errorf("mark failed: %v", err)
	}
	if err := b.MarkSent(quick, []int64{alerts[0].ID}, t0); err != nil {
		t.Errorf("mark sent: %v", err)
	}
	if held, err := b.TakeLease(quick, "sync:aliexpress", "server-b", t0, t0.Add(time.Minute)); err != nil || !held {
		t.Errorf("take a lease: %v, %v", held, err)
	}
	if err := b.ReleaseLease(quick, "sync:aliexpress", "server-b"); err != nil {
		t.Errorf("release a lease: %v", err)
	}

	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// Its parcel is claimed on the next pass.
	claimed, err = b.ClaimDue(ctx, later, "server-b", time.Minute, 0)
	if err != nil || len(claimed) != 1 || claimed[0].ID != s1.ID {
		t.Errorf("claim after the commit: %v, %v; want parcel %d", claimed, err, s1.ID)
	}
}
