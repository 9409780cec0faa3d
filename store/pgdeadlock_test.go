package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"waybill/tracker"
)

// Two servers' batches that each hold a new order number the other goes
// on to insert wait for each other in a circle; PostgreSQL ends one of
// them with "deadlock detected" (40P01) after deadlock_timeout. That
// batch runs again, as one that lost an order number does, and merges
// into what the other stored: neither import fails.
func TestPGOrderBatchesThatDeadlockRunAgain(t *testing.T) {
	if !onPG() {
		t.Skip("PostgreSQL only: SQLite has one writer at a time")
	}
	a, b := twoServers(t)
	ctx := context.Background()

	inside, goOn := make(chan struct{}), make(chan struct{})
	first := true
	doneA := make(chan error, 1)
	go func() {
		doneA <- a.addOrders(ctx, t0, []tracker.OrderDetail{newOrder("ORD-B", "LX000000012CN")}, nil,
			func(tx *sql.Tx) error {
				if !first {
					return nil // run again: just the batch
				}
				first = false
				close(inside)
				<-goOn
				// ORD-A, which b has inserted and not committed: a waits
				// for b, which waits for a's ORD-B.
				_, err := tx.ExecContext(ctx, `INSERT INTO orders (id, order_no, order_key) VALUES (nextval('orders_id_seq'), 'ORD-A', 'ORDA')`)
				return err
			})
	}()
	<-inside
	doneB := make(chan error, 1)
	go func() {
		_, err := b.ImportOrders(ctx, t0, []tracker.OrderDetail{newOrder("ORD-A", "LX000000011CN"), newOrder("ORD-B", "LX000000022CN")})
		doneB <- err
	}()
	// b has ORD-A and waits on a's ORD-B: one backend waits for a lock.
	for deadline := time.Now().Add(time.Minute); countOf(t, a, `SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND wait_event_type = 'Lock'`) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the second import never waited for the first's order number")
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(goOn)
	if err := <-doneA; err != nil {
		t.Errorf("the first server's batch: %v", err)
	}
	if err := <-doneB; err != nil {
		t.Errorf("the second server's import: %v", err)
	}
	for _, no := range []string{"ORD-A", "ORD-B"} {
		if n := countOf(t, a, `SELECT count(*) FROM orders WHERE order_no = '`+no+`'`); n != 1 {
			t.Errorf("%d orders %s, want 1", n, no)
		}
	}
}
