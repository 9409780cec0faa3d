package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"waybill/store"
	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/tracker/orderfile"
	"waybill/ui/cli"
)

// s10 is a UPU S10 number with its check digit, as China Post prints them.
func s10(prefix string, serial int, country string) string {
	weights := [8]int{8, 6, 4, 2, 3, 5, 9, 7}
	digits := fmt.Sprintf("%08d", serial)
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	check := 11 - sum%11
	switch check {
	case 10:
		check = 0
	case 11:
		check = 5
	}
	return fmt.Sprintf("%s%s%d%s", prefix, digits, check, country)
}

// importBenchFile is a marketplace export of n rows with every column
// waybill reads filled in, a few products that warn, and valid numbers.
func importBenchFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Order No,Tracking No,Carrier,Buyer,Email,Phone,Country,Address,Product,Amount,Currency,Order Date,Ship Date,Promised Date,Shipping Method,HS Code,Declared Value,Insured\n")
	products := []string{"Cotton T-shirt", "Phone case", "Power bank 10000mAh", "Wool scarf", "Perfume 50ml", "LED desk lamp"}
	for i := range n {
		fmt.Fprintf(&b, "AE-%07d,%s,china-post,Buyer %d,buyer%d@example.com,+49 30 %07d,DE,\"Hauptstr. %d, 10115 Berlin\",%s,\"%d.%02d\",USD,2026-03-%02d 10:%02d,2026-03-%02d,2026-04-20,China Post Registered Air Mail,6109.10,%d.00,%s\n",
			i, s10("LX", i, "CN"), i, i, i, i%200+1, products[i%len(products)], 5+i%400, i%100, i%27+1, i%60, i%27+2, 3+i%50,
			[]string{"yes", "no", ""}[i%3])
	}
	return b.Bytes()
}

func TestImportBenchFileIsValid(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	data := importBenchFile(500)
	res, err := orderfile.Read("orders.csv", data, orderfile.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 || len(res.Orders) != 500 || res.Shipments() != 500 || len(res.Ignored) > 0 {
		t.Fatalf("%d orders, %d shipments, problems %v, ignored %v", len(res.Orders), res.Shipments(), res.Problems, res.Ignored)
	}
	if r := number.Detect(s10("LX", 12345678, "CN")); !r.Valid {
		t.Fatalf("s10 makes invalid numbers: %+v", r)
	}
}

// BenchmarkImport100k is `waybill import` of a 100,000-row file into an
// empty store: parse, validate, judge (prechecks) and write, all or
// nothing. The target is at least 50,000 rows/s.
func BenchmarkImport100k(b *testing.B) {
	const rows = 100_000
	data := importBenchFile(rows)
	ctx := context.Background()
	cfg := tracker.DefaultConfig()
	b.SetBytes(int64(len(data)))
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		db.SetPrechecks(cfg.Prechecks)
		b.StartTimer()
		cpu0 := cpuTime()

		now := time.Now()
		res, err := orderfile.Read("orders.csv", data, orderfile.Options{Columns: cfg.Import.Columns, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Problems) > 0 {
			b.Fatalf("%d problems, first %s", len(res.Problems), res.Problems[0])
		}
		var out cli.ImportSummary
		out.Precheck(res.Orders, cfg.Prechecks)
		if err := out.Store(ctx, tracker.NewService(db, nil, nil, db), now, res.Orders, io.Discard); err != nil {
			b.Fatal(err)
		}

		cpu += cpuTime() - cpu0
		b.StopTimer()
		if out.NewOrders != rows || out.NewShipments != rows {
			b.Fatalf("imported %d orders, %d shipments", out.NewOrders, out.NewShipments)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	// Wall time on a shared 2-core machine mostly measures the neighbours'
	// builds; CPU time (all threads, GC included) measures the import.
	b.ReportMetric(float64(rows*b.N)/cpu.Seconds(), "rows/cpu-s")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
