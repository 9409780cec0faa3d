package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// Casework, claims, deadlines and undo on one server beside ingest on
// another (issue 25): on PostgreSQL a case write locks only its case's
// parcel and order, so a slow ingest batch of other parcels does not hold
// it up, nor it them; ingest of the case's own parcel, and deadlines of its
// order, wait for it.
func TestPGCaseWriteAndIngestOfAnotherParcelDoNotWait(t *testing.T) {
	a, b, s1, s2 := twoServersTwoParcels(t)
	ctx := context.Background()
	apply(t, a, t0, tracker.Update{ShipmentID: s1.ID, Events: []tracker.Event{customsHold(t0.Add(-2 * time.Hour))}})
	ex1 := openExceptionIDs(t, a)
	acked, err := a.Acknowledge(ctx, ex1, "agent", t0)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := casework(a, t0)
	c, err := w.Open(ctx, s1.OrderID, s1.ID, 0, tracker.ExLost, "en", "ana")
	if err != nil {
		t.Fatal(err)
	}

	// Server a's ingest of parcel 2 is half done.
	tx := halfDoneIngest(t, a, s2.ID)
	// Well under lock_timeout (5 s): a write that waited for the open
	// transaction would end here, failed.
	quick, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	wb, _ := casework(b, t0.Add(time.Minute))
	if _, err := wb.Do(quick, c.ID, tracker.CaseAction{Type: tracker.ActNote, Text: "called the buyer"}, "bo"); err != nil {
		t.Fatalf("a case save while another parcel's ingest is open on the other server: %v", err)
	}
	if _, err := wb.Open(quick, s1.OrderID, s1.ID, 0, tracker.ExStale, "en", "bo"); err != nil {
		t.Fatalf("a new case while another parcel's ingest is open on the other server: %v", err)
	}
	if _, err := b.UndoTriage(quick, logAcknowledged, acked.Changes, "agent", t0); err != nil {
		t.Fatalf("an undo while another parcel's ingest is open on the other server: %v", err)
	}
	svc := tracker.NewService(b, tracker.NewFixedClock(t0), nil, b).WithClaims(tracker.ClaimsConfig{})
	claim, err := svc.AddClaim(quick, ana, tracker.ClaimRequest{CaseID: c.ID, Party: "cainiao", Claimed: 4599, Currency: "USD"})
	if err != nil {
		t.Fatalf("a claim while another parcel's ingest is open on the other server: %v", err)
	}
	if _, err := svc.ChangeClaim(quick, ana, claim.ID, tracker.ClaimChange{Reference: ptr("CN-1")}); err != nil {
		t.Fatalf("a claim's change while another parcel's ingest is open on the other server: %v", err)
	}
	d := tracker.Deadline{OrderID: s1.OrderID, ShipmentID: s1.ID, Kind: tracker.DeadlineDisputeReply, DueAt: t0.Add(3 * day), Source: "aliexpress", Ref: "D1"}
	if _, err := b.PutDeadlines(quick, t0, "sync", []tracker.Deadline{d}); err != nil {
		t.Fatalf("a deadline put while another parcel's ingest is open on the other server: %v", err)
	}
	if _, err := b.CloseDeadlineRefs(quick, t0, "sync", []tracker.DeadlineRef{{OrderID: d.OrderID, Kind: d.Kind, Ref: d.Ref, Source: d.Source}}, tracker.DeadlineMet); err != nil {
		t.Fatalf("a deadline closed while another parcel's ingest is open on the other server: %v", err)
	}
	if _, err := b.CloseDeadlines(quick, t0, "sync", int64s(t, b, `SELECT id FROM deadlines WHERE state = 'open'`), tracker.DeadlineGone); err != nil {
		t.Fatalf("deadlines closed while another parcel's ingest is open on the other server: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	// Now server a's case save is half done: ingest of the other parcel
	// goes by; ingest of the case's parcel waits for it.
	tx, err = a.beginCaseWrite(ctx, c.ID, tracker.CaseEffects{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET reference = 'slow' WHERE id = ?`, c.ID); err != nil {
		t.Fatal(err)
	}
	quick2, cancel2 := context.WithTimeout(ctx, 2*time.Second)
	defer cancel2()
	if _, err := b.ApplyUpdates(quick2, t0, tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: s2.ID,
		Events: []tracker.Event{event(t0.Add(-time.Hour), tracker.StatusInTransit, "moving")}}}); err != nil {
		t.Fatalf("ingest of another parcel while a case save is open on the other server: %v", err)
	}
	same := make(chan error, 1)
	go func() {
		_, err := b.ApplyUpdates(ctx, t0, tracker.DefaultPolicy(), []tracker.Update{{ShipmentID: s1.ID,
			Events: []tracker.Event{event(t0.Add(-time.Hour), tracker.StatusInTransit, "released")}}})
		same <- err
	}()
	// A deadline of the case's order waits too: the save may write its
	// follow-up among them.
	order := make(chan error, 1)
	go func() {
		_, err := b.PutDeadlines(ctx, t0, "sync", []tracker.Deadline{{OrderID: s1.OrderID, Kind: tracker.DeadlineProtectionEnd,
			DueAt: t0.Add(9 * day), Source: "aliexpress"}})
		order <- err
	}()
	select {
	case err := <-same:
		t.Fatalf("ingest of the case's parcel did not wait for the open case save (err %v)", err)
	case err := <-order:
		t.Fatalf("a deadline of the case's order did not wait for the open case save (err %v)", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-same; err != nil {
		t.Errorf("ingest of the case's parcel, after the case save: %v", err)
	}
	if err := <-order; err != nil {
		t.Errorf("a deadline of the case's order, after the case save: %v", err)
	}
}

// Two servers save the same case from the same version, at the same
// instant, round after round: in each round one save wins and the other is
// told the case changed (ErrCaseChanged), so no save is lost unseen; the
// log holds the winners' entries alone, each saved over the one before.
// On SQLite the saves take turns; on PostgreSQL they run beside each
// other, and meet at the case's parcel and row.
func TestTwoServersSavingOneCaseLoseNoUpdate(t *testing.T) {
	a, b := twoServers(t)
	ctx := context.Background()
	s := addShipment(t, a, "ORD-1", "LX000000001CN", t0.Add(-3*day))
	opener, _ := casework(a, t0)
	c, err := opener.Open(ctx, s.OrderID, s.ID, 0, tracker.ExLost, "en", "ana")
	if err != nil {
		t.Fatal(err)
	}
	const rounds = 5
	wins := 0
	for r := range rounds {
		// Both read the case, then both save over what they read.
		rowA, errA := a.Case(ctx, c.ID)
		rowB, errB := b.Case(ctx, c.ID)
		if err := errors.Join(errA, errB); err != nil {
			t.Fatal(err)
		}
		at := t0.Add(time.Duration(r+1) * time.Minute)
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 2)
		for i, side := range []struct {
			db  *DB
			row tracker.CaseRow
		}{{a, rowA}, {b, rowB}} {
			wg.Go(func() {
				next, entry, err := side.row.Case.Apply(tracker.CaseAction{Type: tracker.ActNote, Text: fmt.Sprintf("round %d from %d", r, i)}, "ana", at)
				if err != nil {
					errs[i] = err
					return
				}
				entry.CaseID = c.ID
				<-start
				errs[i] = side.db.SaveCase(ctx, next, side.row.UpdatedAt, entry, tracker.CaseEffects{})
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, tracker.ErrCaseChanged):
				t.Fatalf("round %d, server %d: %v", r, i, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d saves over the same version won, want 1 (errors %v)", r, won, errs)
		}
		wins += won
	}
	log := caseLog(t, a, c.ID)
	if len(log) != 1+wins {
		t.Fatalf("%d log entries, want the opening and %d saves: %+v", len(log), wins, log)
	}
	for r, e := range log[1:] {
		if want := fmt.Sprintf("round %d from", r); len(e.Detail) < len(want) || e.Detail[:len(want)] != want {
			t.Errorf("log entry %d: %q, want one of round %d", r+1, e.Detail, r)
		}
	}
}
