package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// Many screens opening at once (an SSH server's agents) read the queue,
// the counts and the alerts together on a store whose statements are not
// prepared yet. A read transaction must never wait for a second pool
// connection (to prepare a statement) while it holds one: with every
// connection held that way, no read would ever finish.
func TestConcurrentFirstReadsDoNotDeadlock(t *testing.T) {
	for round := range 5 {
		db := openTest(t)
		sh := addShipment(t, db, "WB-1", "RB123456785GB", t0.Add(-day))
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		var wg sync.WaitGroup
		errs := make(chan error, 64*10)
		for i := range 64 {
			wg.Go(func() {
				q := tracker.ExceptionQuery{Now: t0.Add(time.Duration(i) * time.Second), Limit: 200}
				if _, err := db.OpenExceptions(ctx, q); err != nil {
					errs <- err
				}
				if _, err := db.ExceptionCounts(ctx, q); err != nil {
					errs <- err
				}
				if _, _, err := db.Alerts(ctx, 50); err != nil {
					errs <- err
				}
				if _, err := db.StatusCounts(ctx); err != nil {
					errs <- err
				}
				if _, err := db.ListShipments(ctx, tracker.ListQuery{Limit: 30}); err != nil {
					errs <- err
				}
				if _, err := db.CountShipments(ctx, ""); err != nil {
					errs <- err
				}
				if _, err := db.Timeline(ctx, sh.ID, 50); err != nil {
					errs <- err
				}
				if _, err := db.FindOrder(ctx, "WB-1", true); err != nil {
					errs <- err
				}
				if _, err := db.Watched(ctx, 1); err != nil {
					errs <- err
				}
				if _, err := db.Cases(ctx, tracker.CaseQuery{State: tracker.CaseOpen, OrderID: 1}); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		cancel()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v (a deadlock ends in the context's deadline)", round, err)
		}
	}
}
