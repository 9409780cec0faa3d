package bench

import (
	"context"
	"iter"
	"time"

	"waybill/tracker"
)

// Built is what building the store measured.
type Built struct {
	Shipments, Events            int
	Took                         time.Duration
	NewRate, PollRate, PlainRate float64
	// NewBytes and PlainBytes are what the process sent to the disk for
	// each new event and for each row of the plain insert (writtenBytes):
	// the WAL and its checkpoints. NaN where not measured (PostgreSQL's
	// server writes, not this process; no /proc).
	NewBytes, PlainBytes float64
}

// Build adds n demo orders, then stores what the simulator reports
// for each as the refresher does; then the same again (every event a
// repeat) and the same rows into a plain table.
func Build(ctx context.Context, p Ports, path, plainPath string, n int) (Built, error) {
	var b Built
	start := time.Now()
	db, err := p.Open(ctx, path)
	if err != nil {
		return b, err
	}
	defer db.Close()
	now := time.Now().UTC().Truncate(time.Second)
	if err := db.AddDemoOrders(ctx, n, seed, now); err != nil {
		return b, tracker.Wrapf(tracker.WrapDemoOrders, err)
	}
	ships, err := db.DueShipments(ctx, now.Add(365*24*time.Hour), 0)
	if err != nil {
		return b, err
	}
	b.Shipments = len(ships)
	car := p.Simulator(seed, tracker.NewFixedClock(now))
	// The simulator's answers, a batch at a time; an error of the
	// simulator's ends them.
	batches := func(yield func([]tracker.Update) bool) {
		for us, err := range Answers(ctx, car, ships) {
			if err != nil || !yield(us) {
				return
			}
		}
	}
	policy := tracker.DefaultPolicy()
	// As the refresher stores answers: through a tracker.Writer, which
	// commits the batches that queued while the store was busy together.
	// The simulator answers faster than the store writes, so batches
	// queue, as they do whenever carriers answer faster than the store.
	// Timed from the first batch handed over until the last is committed.
	write := func() (time.Duration, int, int, error) {
		var firstErr error
		added, handed := 0, 0
		w := tracker.NewWriter(ctx, db, tracker.NewFixedClock(now), policy, 0)
		start := time.Now()
		for us := range batches {
			for _, u := range us {
				handed += len(u.Events)
			}
			w.Put(us, func(sum tracker.ApplySummary, err error) {
				added += sum.NewEvents
				if err != nil && firstErr == nil {
					firstErr = err
				}
			})
		}
		w.Close()
		return time.Since(start), added, handed, firstErr
	}
	// Bytes are counted for a store in a file only: on PostgreSQL the
	// server writes, not this process.
	onDisk := !tracker.IsStoreURL(path)
	written := startWritten(onDisk)
	took, added, handed, err := write()
	if err != nil {
		return b, err
	}
	b.Events = added
	b.NewRate = float64(b.Events) / took.Seconds()
	b.NewBytes = written(added)

	took, _, _, err = write()
	if err != nil {
		return b, err
	}
	b.PollRate = float64(handed) / took.Seconds()

	// On PostgreSQL, after the store, so its COPY runs on the same
	// database as warm as the store's writes ran.
	plain, err := p.OpenPlain(ctx, plainPath)
	if err != nil {
		return b, err
	}
	defer plain.Close()
	// The same rows in transactions of the writer's bound on parcels.
	took = 0
	rows := 0
	written = startWritten(onDisk)
	var group []tracker.Update
	flush := func() error {
		t := time.Now()
		k, err := plain.Insert(ctx, group)
		took += time.Since(t)
		rows += k
		group = group[:0]
		return err
	}
	for us := range batches {
		group = append(group, us...)
		if len(group) >= tracker.DefaultCommitParcels {
			if err := flush(); err != nil {
				return b, err
			}
		}
	}
	if err := flush(); err != nil {
		return b, err
	}
	b.PlainRate = float64(rows) / took.Seconds()
	b.PlainBytes = written(rows)
	b.Took = time.Since(start)
	return b, nil
}

// Answers asks car about ships a batch at a time (its BatchSize), as the
// refresher does, and yields each batch's answers as the updates the
// store is given; after an error from car it yields that error and stops.
func Answers(ctx context.Context, car tracker.Carrier, ships []tracker.Shipment) iter.Seq2[[]tracker.Update, error] {
	return func(yield func([]tracker.Update, error) bool) {
		for i := 0; i < len(ships); i += car.BatchSize() {
			part := ships[i:min(len(ships), i+car.BatchSize())]
			reqs := make([]tracker.TrackRequest, len(part))
			for j, sh := range part {
				reqs[j] = tracker.TrackRequest{ShipmentID: sh.ID, TrackingNo: sh.TrackingNo, Carrier: sh.Carrier, ShippedAt: sh.ShippedAt, Destination: sh.Destination}
			}
			res, err := car.Track(ctx, reqs)
			if err != nil {
				yield(nil, err)
				return
			}
			us := make([]tracker.Update, len(res))
			for j, r := range res {
				us[j] = tracker.Update{ShipmentID: part[j].ID, Events: r.Events, ETA: r.ETA, NotFound: r.NotFound}
			}
			if !yield(us, nil) {
				return
			}
		}
	}
}
