package main

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"waybill/ui/cli/bench"
)

// BenchmarkIngest is the ingest part of `waybill bench` alone: the store
// of --orders demo orders built from the simulated carrier in the
// refresher's batches, polled again, and the same rows into the plain
// table, each run in a new directory. The ratios to the plain insert of
// the same run are what to compare across runs on a shared machine.
func BenchmarkIngest(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 2_000
	}
	// As the command runs it: under a context that can be cancelled
	// (an interrupt), which the SQLite driver watches on every statement.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for b.Loop() {
		dir := b.TempDir()
		built, err := bench.Build(ctx, benchPorts(), filepath.Join(dir, "bench.db"), filepath.Join(dir, "plain.db"), n)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(built.NewRate, "new-events/s")
		b.ReportMetric(built.PollRate, "polled-events/s")
		b.ReportMetric(built.PlainRate, "plain-rows/s")
		b.ReportMetric(built.NewRate/built.PlainRate, "new/plain")
		b.ReportMetric(built.PollRate/built.PlainRate, "polled/plain")
		if !math.IsNaN(built.NewBytes) { // counted where /proc/self/io is (bench.Built)
			b.ReportMetric(built.NewBytes, "new-bytes/event")
			b.ReportMetric(built.PlainBytes, "plain-bytes/row")
		}
	}
}
