package tracker_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"waybill/tracker"
)

// batchStore records how batches reach the store: alone (ApplyUpdates) or
// together (ApplyBatches). The first call waits for release, so what is
// put meanwhile queues. A batch holding shipment bad fails.
type batchStore struct {
	tracker.Store
	batches bool // offers ApplyBatches
	bad     int64
	entered chan struct{} // closed when the first call comes
	release chan struct{}
	once    sync.Once

	mu    sync.Mutex
	calls [][]int // first shipment id of each batch, by call
}

func (s *batchStore) wait() {
	s.once.Do(func() {
		close(s.entered)
		<-s.release
	})
}

func (s *batchStore) sum(us []tracker.Update) (tracker.ApplySummary, error) {
	sum := tracker.ApplySummary{Checked: len(us)}
	for _, u := range us {
		if u.ShipmentID == s.bad {
			return tracker.ApplySummary{}, fmt.Errorf("shipment %d turned down", u.ShipmentID)
		}
		sum.NewEvents += len(u.Events)
		sum.Changed = append(sum.Changed, u.ShipmentID)
	}
	return sum, nil
}

func (s *batchStore) ApplyUpdates(_ context.Context, _ time.Time, _ tracker.Policy, us []tracker.Update) (tracker.ApplySummary, error) {
	s.wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, []int{int(us[0].ShipmentID)})
	return s.sum(us)
}

// withBatches is a batchStore that offers ApplyBatches.
type withBatches struct{ *batchStore }

func (s withBatches) ApplyBatches(_ context.Context, _ time.Time, _ tracker.Policy, bs [][]tracker.Update) ([]tracker.ApplySummary, error) {
	s.wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	var call []int
	var sums []tracker.ApplySummary
	for _, us := range bs {
		call = append(call, int(us[0].ShipmentID))
		sum, err := s.sum(us)
		if err != nil {
			s.calls = append(s.calls, call)
			return nil, err // the whole transaction rolls back
		}
		sums = append(sums, sum)
	}
	s.calls = append(s.calls, call)
	return sums, nil
}

// The writer stores a batch that finds the store idle alone and at once,
// and the batches that queued while the store was busy in one call, up to
// its bound in parcels, in the order they were put; each batch hears its
// own result, and a batch the store turns down fails alone.
func TestWriterCommitsWhatQueuedTogether(t *testing.T) {
	batch := func(first, n int) []tracker.Update {
		us := make([]tracker.Update, n)
		for i := range us {
			us[i] = tracker.Update{ShipmentID: int64(first + i), Events: []tracker.Event{{Status: tracker.StatusInTransit}}}
		}
		return us
	}
	for _, tc := range []struct {
		name      string
		batches   bool
		max       int
		bad       int64
		wantCalls [][]int
		wantErrs  []bool
	}{
		{"grouped", true, 100, 0, [][]int{{1}, {11, 21, 31, 41}}, []bool{false, false, false, false, false}},
		{"bounded by parcels", true, 20, 0, [][]int{{1}, {11, 21}, {31, 41}}, []bool{false, false, false, false, false}},
		{"no ApplyBatches", false, 100, 0, [][]int{{1}, {11}, {21}, {31}, {41}}, []bool{false, false, false, false, false}},
		// The group fails as a whole, then each batch is tried alone.
		{"one bad batch", true, 100, 25, [][]int{{1}, {11, 21}, {11}, {21}, {31}, {41}}, []bool{false, false, true, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bs := &batchStore{bad: tc.bad, entered: make(chan struct{}), release: make(chan struct{})}
			var store tracker.Store = bs
			if tc.batches {
				store = withBatches{bs}
			}
			w := tracker.NewWriter(context.Background(), store, tracker.NewFixedClock(time.Unix(0, 0)), tracker.DefaultPolicy(), tc.max)
			var mu sync.Mutex
			var got []int
			var errs []bool
			put := func(first int) {
				w.Put(batch(first, 10), func(sum tracker.ApplySummary, err error) {
					mu.Lock()
					defer mu.Unlock()
					if err == nil && (sum.Checked != 10 || sum.Changed[0] != int64(first)) {
						t.Errorf("batch %d told %+v", first, sum)
					}
					got = append(got, first)
					errs = append(errs, err != nil)
				})
			}
			put(1)
			<-bs.entered // the first batch is with the store, which holds it: these queue
			for _, first := range []int{11, 21, 31, 41} {
				put(first)
			}
			close(bs.release)
			w.Close()
			if !reflect.DeepEqual(bs.calls, tc.wantCalls) {
				t.Errorf("calls %v, want %v", bs.calls, tc.wantCalls)
			}
			if want := []int{1, 11, 21, 31, 41}; !reflect.DeepEqual(got, want) {
				t.Errorf("told batches %v, want %v", got, want)
			}
			if !reflect.DeepEqual(errs, tc.wantErrs) {
				t.Errorf("errors %v, want %v", errs, tc.wantErrs)
			}
		})
	}
}

// groupStore is a memStore that commits batches together.
type groupStore struct {
	*memStore
	groups int // calls of ApplyBatches
}

func (s *groupStore) ApplyBatches(ctx context.Context, now time.Time, p tracker.Policy, bs [][]tracker.Update) ([]tracker.ApplySummary, error) {
	s.mu.Lock()
	s.groups++
	s.mu.Unlock()
	sums := make([]tracker.ApplySummary, len(bs))
	for i, us := range bs {
		var err error
		if sums[i], err = s.ApplyUpdates(ctx, now, p, us); err != nil {
			return nil, err
		}
	}
	return sums, nil
}

// A pass stores every answer, through the writer, whether the store takes
// batches one at a time or together, and reports the same totals.
func TestRefresherStoresThroughTheWriter(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for _, together := range []bool{false, true} {
		t.Run(fmt.Sprint("together=", together), func(t *testing.T) {
			const n = 500
			ships := make([]tracker.Shipment, n)
			for i := range ships {
				ships[i] = tracker.Shipment{ID: int64(i + 1), TrackingNo: fmt.Sprint("N", i), Carrier: "x", Status: tracker.StatusInTransit, NextCheckAt: t0}
			}
			mem := newMemStore(ships...)
			var store tracker.Store = mem
			gs := &groupStore{memStore: mem}
			if together {
				store = gs
			}
			car := &limitedCarrier{rate: 1 << 20, batch: 10}
			ref := tracker.NewRefresher(store, func(string) tracker.Carrier { return car }, tracker.NewFixedClock(t0), nil, tracker.DefaultPolicy())
			ref.CommitParcels = 30
			rep, err := ref.RunPass(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if rep.Total.Checked != n || rep.ByService["limited"].Checked != n {
				t.Fatalf("checked %d (service %d) of %d", rep.Total.Checked, rep.ByService["limited"].Checked, n)
			}
			stored := 0
			for _, us := range mem.applied {
				stored += len(us)
				if len(us) != 10 {
					t.Errorf("a batch of %d updates reached the store, want the carrier's 10", len(us))
				}
			}
			if stored != n {
				t.Errorf("%d updates stored, want %d", stored, n)
			}
		})
	}
}
