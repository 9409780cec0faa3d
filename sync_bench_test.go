package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"waybill/carriers/aliexpress"
	"waybill/carriers/aliexpress/aliexpressfake"
	"waybill/store"
	"waybill/tracker"
)

// limitCounter passes requests to the fake gateway and counts the
// answers that are ApiCallLimit: a paced sync should see none.
type limitCounter struct {
	h       http.Handler
	limited atomic.Int64
}

func (l *limitCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	l.h.ServeHTTP(rec, r)
	if bytes.Contains(rec.Body.Bytes(), []byte(`"ApiCallLimit"`)) {
		l.limited.Add(1)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

// aeSyncRun is one first sync of n orders (one parcel each) from a fake
// gateway allowing rate calls a second into a new store, the adapter paced
// at the same rate.
type aeSyncRun struct {
	took            time.Duration
	calls, limited  int64
	orders, parcels int
}

// vsBound is the time taken over the least any client could take: the
// calls it had to make (a page of 50 orders, each order's detail, the
// dispute list) at the gateway's rate.
func (r aeSyncRun) vsBound(rate float64) float64 {
	return r.took.Seconds() / (float64(r.calls-r.limited) / rate)
}

func syncAliExpressOnce(ctx context.Context, dir string, n int, rate float64) (aeSyncRun, error) {
	var run aeSyncRun
	g := &aliexpressfake.Gateway{AppKey: "500123", Secret: "bench-secret", RatePerSecond: int(rate)}
	wall := time.Now()
	for i := range n {
		id := strconv.Itoa(3031265700000000 + i)
		g.AddOrder(aliexpressfake.Order{ID: id, Status: "WAIT_BUYER_ACCEPT_GOODS", Created: wall.Add(-time.Duration(i+60) * time.Minute),
			Modified: wall.Add(-time.Hour), BuyerName: "Buyer " + id, ShipCountry: "DE", Amount: "17.54", Currency: "USD", FreightCommitDay: 60,
			Shipments:    []aliexpressfake.Shipment{{No: s10("LX", i, "CN"), Sent: wall.AddDate(0, 0, -18)}},
			OverTimeLeft: wall.AddDate(0, 0, 40)})
	}
	g.AddToken("AT-bench", "RT-bench", wall.Add(24*time.Hour))
	lc := &limitCounter{h: g}
	srv := httptest.NewServer(lc)
	defer srv.Close()
	tokens := filepath.Join(dir, aliexpress.TokenFileName)
	if err := aliexpress.SaveTokens(tokens, aliexpress.Tokens{AccessToken: "AT-bench", RefreshToken: "RT-bench", ExpiresAt: wall.Add(24 * time.Hour)}); err != nil {
		return run, err
	}
	c, err := aliexpress.New(aliexpress.Options{AppKey: "500123", AppSecret: "bench-secret", BaseURL: srv.URL, TokenPath: tokens, RatePerSecond: rate})
	if err != nil {
		return run, err
	}
	db, err := store.Open(ctx, filepath.Join(dir, "sync.db"))
	if err != nil {
		return run, err
	}
	defer db.Close()
	svc := tracker.NewService(db, nil, nil, db)
	start := time.Now()
	rep, err := svc.SyncMarketplace(ctx, tracker.LocalActor("bench"), c)
	run.took = time.Since(start)
	if err != nil {
		return run, err
	}
	for _, v := range g.Calls {
		run.calls += int64(v)
	}
	run.limited = lc.limited.Load()
	run.orders, run.parcels = rep.OrdersNew, rep.ParcelsNew
	if rep.OrdersNew != n || rep.ParcelsNew != n || len(rep.Problems) > 0 {
		return run, fmt.Errorf("synced %d orders and %d parcels of %d, problems %v", rep.OrdersNew, rep.ParcelsNew, n, rep.Problems)
	}
	return run, nil
}

// BenchmarkSyncAliExpress is the budget: a first sync of 10,000
// orders from the fake gateway (one parcel each) into a new store runs at
// the gateway's rate, within 1.1× of the bound (the calls it must make at
// that rate). It reports sync_vs_bound, orders/s and the ApiCallLimit
// answers it met. WAYBILL_BENCH_AE_RATE sets the rate (default 200 a
// second, about 51 s a run); -short syncs 1,000 orders.
func BenchmarkSyncAliExpress(b *testing.B) {
	n, rate := 10_000, 200.0
	if testing.Short() {
		n = 1_000
	}
	if s := os.Getenv("WAYBILL_BENCH_AE_RATE"); s != "" {
		r, err := strconv.ParseFloat(s, 64)
		if err != nil || r <= 0 {
			b.Fatalf("WAYBILL_BENCH_AE_RATE=%q: want calls a second", s)
		}
		rate = r
	}
	for i := 0; i < b.N; i++ {
		run, err := syncAliExpressOnce(context.Background(), b.TempDir(), n, rate)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(run.vsBound(rate), "sync_vs_bound")
		b.ReportMetric(float64(run.orders)/run.took.Seconds(), "orders/s")
		b.ReportMetric(float64(run.limited), "api_call_limits")
		b.ReportMetric(run.took.Seconds(), "s")
	}
}
