package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"waybill/tracker"
)

// BenchmarkAddOrders imports 1,000 orders (one transaction) per op into a
// growing store.
func BenchmarkAddOrders(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	orders := demoOrders(1000, 0)
	i := 0
	for b.Loop() {
		for j := range orders {
			orders[j].OrderNo = fmt.Sprintf("B%d-%d", i, j)
		}
		if err := db.AddOrders(ctx, t0, orders); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i*len(orders))/b.Elapsed().Seconds(), "orders/s")
}

// BenchmarkApplyUpdates applies batches of 100 updates to a store of 5,000
// parcels that already have 20 scans each, as a refresher would. Carriers
// send a parcel's whole history on every poll, so an update repeats the
// newest stored scans and brings a few new ones. events/s counts every event
// handed in (what dedupe has to get through), new/s only those stored. The
// "together" cases commit 6 batches in one transaction (ApplyBatches), as
// tracker.Writer does with batches that queued. stmts/op counts what the
// writer sent the engine for each (openCounted): on PostgreSQL each is a
// round trip, and a count the machine's load does not move.
func BenchmarkApplyUpdates(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store of 100,000 events per case")
	}
	const ships, stored, batch = 5_000, 20, 100
	for _, bc := range []struct {
		name           string
		history, fresh int // events per update: repeats of stored ones, then new ones
		together       int // batches per transaction
	}{
		{"poll-20-history-2-new", 20, 2, 1},
		{"poll-5-history-5-new", 5, 5, 1},
		{"all-10-new", 0, 10, 1},
		{"all-10-new-6-together", 0, 10, 6},
	} {
		b.Run(bc.name, func(b *testing.B) {
			db, counter := openCounted(b)
			ctx := context.Background()
			orders := demoOrders(ships, stored)
			if err := db.AddOrders(ctx, t0, orders); err != nil {
				b.Fatal(err)
			}
			counter.take()
			seen := make([]int, ships) // scans stored so far, by order index (shipment id - 1)
			for i := range seen {
				seen[i] = stored
			}
			policy := tracker.DefaultPolicy()
			var total, added int
			i := 0
			cpu0 := cpuTime()
			for b.Loop() {
				batches := make([][]tracker.Update, bc.together)
				for g := range batches {
					updates := make([]tracker.Update, batch)
					for k := range updates {
						i = (i + 1) % ships
						shipped := orders[i].Shipments[0].ShippedAt
						u := tracker.Update{ShipmentID: int64(i + 1)}
						for n := seen[i] - bc.history; n < seen[i]+bc.fresh; n++ {
							u.Events = append(u.Events, scan(shipped, n))
						}
						seen[i] += bc.fresh
						updates[k] = u
						total += len(u.Events)
					}
					batches[g] = updates
				}
				sums, err := db.ApplyBatches(ctx, t0.Add(day), policy, batches)
				if err != nil {
					b.Fatal(err)
				}
				for _, sum := range sums {
					added += sum.NewEvents
				}
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(added)/b.Elapsed().Seconds(), "new/s")
			sent := counter.take()
			b.ReportMetric(float64(sentCount(sent))/float64(b.N), "stmts/op")
			// On a shared machine wall time swings with the neighbours'
			// load; the process's CPU time per event swings less.
			b.ReportMetric(float64(total)/(cpuTime()-cpu0).Seconds(), "events/cpu-s")
		})
	}
}

// BenchmarkListShipmentsPage reads one 50-row page of the orders list from a
// random position in a store of 100,000 shipments.
func BenchmarkListShipmentsPage(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 100,000-shipment store")
	}
	const n, page = 100_000, 50
	db := openTest(b)
	ctx := context.Background()
	start := time.Now()
	if err := db.AddOrders(ctx, t0, demoOrders(n, 0)); err != nil {
		b.Fatal(err)
	}
	b.Logf("AddOrders of %d orders took %v", n, time.Since(start))
	all, err := db.ListShipments(ctx, tracker.ListQuery{Limit: n})
	if err != nil || len(all) != n {
		b.Fatalf("%d rows, %v", len(all), err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cursor := func() *tracker.Cursor {
		c := tracker.CursorOf(all[rng.IntN(n)])
		return &c
	}
	for _, bc := range []struct {
		name string
		q    func() tracker.ListQuery
	}{
		{"first", func() tracker.ListQuery { return tracker.ListQuery{Limit: page} }},
		{"last", func() tracker.ListQuery { return tracker.ListQuery{Dir: tracker.Backward, Limit: page} }},
		{"forward", func() tracker.ListQuery { return tracker.ListQuery{Cursor: cursor(), Limit: page} }},
		{"backward", func() tracker.ListQuery {
			return tracker.ListQuery{Cursor: cursor(), Dir: tracker.Backward, Limit: page}
		}},
		{"status", func() tracker.ListQuery {
			return tracker.ListQuery{Status: tracker.StatusInTransit, Cursor: cursor(), Limit: page}
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				q := bc.q()
				rows, err := db.ListShipments(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				if len(rows) == 0 && q.Cursor == nil { // from a random cursor, the end may be near
					b.Fatal("empty page")
				}
			}
		})
	}
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.CountShipments(ctx, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("status-counts", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.StatusCounts(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkShipmentHistory reads the scorecard's history of 100,000
// parcels with 10 events each (1,000,000 events), and the ETA model's
// delivered parcels from the same store.
func BenchmarkShipmentHistory(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a store of 1,000,000 events")
	}
	db := openTest(b)
	ctx := context.Background()
	const n, chunk = 100_000, 10_000
	for i := 0; i < n; i += chunk {
		orders := demoOrders(chunk, 10)
		for j := range orders {
			orders[j].OrderNo = fmt.Sprintf("H%07d", i+j)
			orders[j].Shipments[0].TrackingNo = fmt.Sprintf("LX%09dCN", i+j)
		}
		if err := db.AddOrders(ctx, t0, orders); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("history", func(b *testing.B) {
		for b.Loop() {
			recs, err := db.ShipmentHistory(ctx, time.Time{})
			if err != nil || len(recs) != n {
				b.Fatalf("%d records, %v", len(recs), err)
			}
		}
	})
	b.Run("eta-model", func(b *testing.B) {
		db.SetETATTL(0)
		for b.Loop() {
			if _, err := db.ETAModel(ctx, t0, tracker.ETASettings{MinSamples: 20, Window: tracker.Duration{Duration: 10 * 365 * day}}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// filterOrders builds n orders with the spread a real store has: buyers
// from a list of names, twenty destinations, eight carriers, numbers of
// several formats, every status.
func filterOrders(n int) []tracker.OrderDetail {
	first := []string{"Ana", "John", "Mei", "Kai", "Olga", "Luca", "Sofia", "Omar", "Emma", "Ravi"}
	last := []string{"Souza", "Smith", "Wang", "Müller", "Ivanova", "Rossi", "García", "Haddad", "Dubois", "Patel", "Kim", "Novak"}
	dests := []string{"US", "DE", "FR", "GB", "BR", "ES", "IT", "NL", "PL", "SE", "CA", "AU", "JP", "KR", "MX", "CL", "IL", "SA", "AE", "RU"}
	carriers := []string{"china-post", "usps", "royal-mail", "dhl", "yanwen", "cainiao", "4px", "correos"}
	formats := []string{"LX%09dCN", "RB%09dGB", "9400%018d", "YT%016d", "00340434%012d", "UB%09dCN"}
	out := demoOrders(n, 0)
	for i := range out {
		o := &out[i]
		o.Buyer = first[i%len(first)] + " " + last[(i/7)%len(last)]
		sh := &o.Shipments[0].Shipment
		sh.Destination = dests[(i/3)%len(dests)]
		sh.Carrier = carriers[(i/5)%len(carriers)]
		sh.TrackingNo = fmt.Sprintf(formats[i%len(formats)], i*7919%1_000_000_000)
		o.Shipments[0].Exceptions = nil
	}
	return out
}

// BenchmarkFilter is one keystroke of the orders filter on a store of
// 100,000 shipments: the match count and the first page, as the screen
// asks for them. Queries run from a prefix that matches most rows to one
// that matches one.
func BenchmarkFilter(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 2_000
	}
	db := openTest(b)
	ctx := context.Background()
	if err := db.AddOrders(ctx, t0, filterOrders(n)); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"d", "de", "us", "deliv", "smith", "ana sou", "rb12", "LX000007919", "zzz"} {
		b.Run(q, func(b *testing.B) {
			var matched int
			for b.Loop() {
				c, err := db.CountMatching(ctx, "", q)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := db.ListShipments(ctx, tracker.ListQuery{Query: q, Limit: 40}); err != nil {
					b.Fatal(err)
				}
				matched = c
			}
			b.ReportMetric(float64(matched), "matches")
		})
		b.Run(q+"/count", func(b *testing.B) {
			for b.Loop() {
				if _, err := db.CountMatching(ctx, "", q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
