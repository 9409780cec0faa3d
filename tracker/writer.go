package tracker

import (
	"context"
	"fmt"
	"time"
)

// BatchStore is a Store that can commit several batches of updates in one
// transaction, each batch applied as ApplyUpdates would apply it after the
// batches before it, and tell each batch's summary.
type BatchStore interface {
	ApplyBatches(ctx context.Context, now time.Time, policy Policy, batches [][]Update) ([]ApplySummary, error)
}

// DefaultCommitParcels bounds how many parcels the Writer commits in one
// transaction: 16 batches of 40, some 10,000 events of new parcels, which
// a store commits in a few tens of milliseconds. Past some 600 parcels a
// commit saved little more (BenchmarkIngest).
const DefaultCommitParcels = 640

// Writer hands batches of updates to the store in the order they come, on
// one goroutine of its own, so whoever produces them (the refresher's
// workers asking the carriers) goes on while the store writes. Batches that
// queued while the store was busy are committed together, up to a bound in
// parcels (store.DB.ApplyBatches): a commit's cost is the pages it writes,
// and batches of the same minutes share many. A batch that finds the store
// idle is committed at once, alone: nothing waits to fill a group, so an
// update reaches the screens as soon as it did one batch to a transaction.
// A crash loses the group in flight; its parcels stay claimed until their
// lease ends and are polled again.
type Writer struct {
	ctx    context.Context
	store  Store
	clock  Clock
	policy Policy
	max    int
	queue  chan writeJob
	done   chan struct{}
}

// writeJob is one batch and who is told how it went.
type writeJob struct {
	updates []Update
	stored  func(ApplySummary, error)
}

// NewWriter starts a writer that commits up to maxParcels parcels at once
// (DefaultCommitParcels when not positive). Stores that are no BatchStore
// get one call of ApplyUpdates per batch. The writer keeps writing what was
// put when ctx ends (answers already paid for are kept); Close ends it.
func NewWriter(ctx context.Context, store Store, clock Clock, policy Policy, maxParcels int) *Writer {
	if maxParcels <= 0 {
		maxParcels = DefaultCommitParcels
	}
	w := &Writer{
		ctx: context.WithoutCancel(ctx), store: store, clock: clock, policy: policy, max: maxParcels,
		// Enough to fill one commit with carrier batches of 40; a producer
		// that gets further ahead of the store waits.
		queue: make(chan writeJob, max(16, maxParcels/40)),
		done:  make(chan struct{}),
	}
	go w.run()
	return w
}

// Put queues a batch, waiting while the queue is full. stored is called on
// the writer's goroutine once the batch is committed or has failed, batch
// by batch in the order they were put.
func (w *Writer) Put(updates []Update, stored func(ApplySummary, error)) {
	w.queue <- writeJob{updates: updates, stored: stored}
}

// Close waits until every batch put is stored and ends the writer. Put
// must not be called after.
func (w *Writer) Close() {
	close(w.queue)
	<-w.done
}

func (w *Writer) run() {
	defer close(w.done)
	for j := range w.queue {
		group := []writeJob{j}
		n := len(j.updates)
	drain:
		for n < w.max {
			select {
			case j, ok := <-w.queue:
				if !ok {
					break drain
				}
				group = append(group, j)
				n += len(j.updates)
			default:
				break drain
			}
		}
		w.commit(group)
	}
}

// commit stores a group in one transaction when the store can. When that
// fails, each batch is tried alone, so one batch the store turns down
// costs the others nothing and every error reaches the batch it belongs to.
func (w *Writer) commit(group []writeJob) {
	if bs, ok := w.store.(BatchStore); ok && len(group) > 1 {
		batches := make([][]Update, len(group))
		for i, j := range group {
			batches[i] = j.updates
		}
		sums, err := bs.ApplyBatches(w.ctx, w.clock.Now(), w.policy, batches)
		if err == nil {
			for i, j := range group {
				if i >= len(sums) {
					// Committed, but not told how: applying again is no fix.
					j.stored(ApplySummary{}, fmt.Errorf("the store told %d summaries for %d batches", len(sums), len(group)))
					continue
				}
				j.stored(sums[i], nil)
			}
			return
		}
	}
	for _, j := range group {
		j.stored(w.store.ApplyUpdates(w.ctx, w.clock.Now(), w.policy, j.updates))
	}
}
