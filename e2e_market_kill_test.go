package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"waybill/carriers/aliexpress/aliexpressfake"
)

// syncedOrders is `waybill list --json` cut to what the kill test checks.
func syncedOrders(t *testing.T, cfg, db string) map[string][]string {
	t.Helper()
	r := waybill(t, "list", "--json", "--config", cfg, "--db", db)
	if r.code != 0 {
		t.Fatalf("list: exit %d\n%s", r.code, r.stderr)
	}
	var orders []struct {
		OrderNo   string `json:"order_no"`
		Shipments []struct {
			TrackingNo string `json:"tracking_no"`
		} `json:"shipments"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil {
		t.Fatalf("list --json: %v\n%.500s", err, r.stdout)
	}
	out := map[string][]string{}
	for _, o := range orders {
		if _, dup := out[o.OrderNo]; dup {
			t.Errorf("order %s listed twice", o.OrderNo)
		}
		for _, s := range o.Shipments {
			out[o.OrderNo] = append(out[o.OrderNo], s.TrackingNo)
		}
		if len(o.Shipments) == 0 {
			out[o.OrderNo] = nil
		}
	}
	return out
}

// `waybill sync --once` killed with SIGKILL in the middle of a sync, then
// run again, leaves every order of the account exactly once with its one
// parcel: none lost, none twice. The gateway and the adapter are held to
// 40 calls a second, so the first sync of 300 orders (306 calls, about
// 8 s) is still running when its first pages are in the store.
func TestSyncKilledMidwayLosesAndDuplicatesNothing(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	const n, rate = 300, 40
	cfg, g := aeConfig(t, aeTable+"rate_per_second = "+strconv.Itoa(rate)+"\n")
	g.Set(func(g *aliexpressfake.Gateway) { g.RatePerSecond = rate })
	g.AddCode("CODE-kill")
	if r := waybill(t, "connect", "aliexpress", "--code", "CODE-kill", "--config", cfg); r.code != 0 {
		t.Fatalf("connect: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	now := time.Now().UTC()
	want := map[string]string{}
	for i := range n {
		id := strconv.Itoa(3031265790000000 + i)
		no := s10("LX", 7000+i, "CN")
		want[id] = no
		g.AddOrder(aliexpressfake.Order{ID: id, Status: "WAIT_BUYER_ACCEPT_GOODS", Created: now.Add(-time.Duration(i+60) * time.Minute),
			Modified: now.Add(-time.Hour), BuyerName: "Buyer " + id, ShipCountry: "FR", Amount: "12.00", Currency: "USD", FreightCommitDay: 60,
			Shipments: []aliexpressfake.Shipment{{No: no, Sent: now.AddDate(0, 0, -5)}}})
	}
	db := e2eStore(t)

	cmd := exec.Command(binary, "sync", "--once", "--config", cfg, "--db", db)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Kill it once a page or more is in the store, well before the end.
	var before map[string][]string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		select {
		case err := <-exited:
			t.Fatalf("the first sync ended before it was killed (%v): the gateway is too fast for this test", err)
		default:
		}
		if before = syncedOrders(t, cfg, db); len(before) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no order in the store after 30 s of syncing")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
	killed := syncedOrders(t, cfg, db)
	if len(killed) >= n {
		t.Fatalf("the sync had finished (%d orders) when it was killed", len(killed))
	}
	t.Logf("killed with %d of %d orders stored", len(killed), n)

	r := waybill(t, "sync", "--once", "--json", "--config", cfg, "--db", db)
	if r.code != 0 {
		t.Fatalf("sync after the kill: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	after := syncedOrders(t, cfg, db)
	for id, no := range want {
		got, ok := after[id]
		switch {
		case !ok:
			t.Errorf("order %s lost", id)
		case !slices.Equal(got, []string{no}):
			t.Errorf("order %s has parcels %v, want [%s]", id, got, no)
		}
	}
	for id := range after {
		if _, ok := want[id]; !ok {
			t.Errorf("order %s is not on the account", id)
		}
	}
	if len(after) != n {
		t.Errorf("%d orders after the second sync, want %d", len(after), n)
	}
}
