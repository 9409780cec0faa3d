package store

import (
	"context"
	"testing"
	"time"

	"waybill/tracker"
)

// BenchmarkCounts reads each count the first frame shows from a store of
// 20,000 parcels (8,000 open exceptions). Small on purpose, to run beside
// other work; before migration 0023 each read grew with the store, after
// it each reads a few counter rows at any size.
func BenchmarkCounts(b *testing.B) {
	const n = 20_000
	db := openTest(b)
	ctx := context.Background()
	if err := db.AddOrders(ctx, t0, demoOrders(n, 0)); err != nil {
		b.Fatal(err)
	}
	queue := tracker.ExceptionQuery{Now: t0.Add(time.Hour)}
	for _, bc := range []struct {
		name string
		read func() error
	}{
		{"status", func() error { _, err := db.StatusCounts(ctx); return err }},
		{"shipments", func() error { _, err := db.CountShipments(ctx, ""); return err }},
		{"exceptions", func() error { _, err := db.ExceptionCounts(ctx, queue); return err }},
		{"alert-failures", func() error { _, err := db.AlertFailures(ctx); return err }},
		{"unread-alerts", func() error { _, _, err := db.Alerts(ctx, 1); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := bc.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
