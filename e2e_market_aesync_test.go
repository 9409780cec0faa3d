package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"waybill/carriers/aliexpress/aliexpressfake"
)

// Connected to AliExpress (the fake gateway), `waybill sync --once` brings
// the order with its parcels and the open dispute in as a case, and a
// second sync changes nothing.
func TestSyncAliExpressOrdersAndDisputes(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	cfg, g := aeConfig(t, aeTable)
	g.AddCode("CODE-sync")
	if r := waybill(t, "connect", "aliexpress", "--code", "CODE-sync", "--config", cfg); r.code != 0 {
		t.Fatalf("connect: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	now := time.Now().UTC()
	g.AddOrder(aliexpressfake.Order{ID: "3031265788145237", Status: "WAIT_BUYER_ACCEPT_GOODS", Created: now.AddDate(0, 0, -20),
		Modified: now.Add(-time.Hour), BuyerName: "Ana Silva", ShipCountry: "UK", Amount: "17.54", Currency: "USD", FreightCommitDay: 60,
		Shipments:    []aliexpressfake.Shipment{{No: "RR123456785CN", Sent: now.AddDate(0, 0, -18)}},
		OverTimeLeft: now.AddDate(0, 0, 40)})
	g.AddIssue(aliexpressfake.Issue{ID: "9001", OrderID: "3031265788145237", ParentOrderID: "3031265788145237", Status: "processing",
		ReasonEN: "Package not received", ReasonCN: "未收到货", Created: now.Add(-2 * time.Hour), Modified: now.Add(-time.Hour),
		TimeoutType: "WAIT_SOLUTION_TIMEOUT", TimeoutTrigger: now.AddDate(0, 0, 4), BuyerSolution: "refund"})
	db := e2eStore(t)

	r := waybill(t, "sync", "--once", "--json", "--config", cfg, "--db", db)
	if r.code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, aeSecret) {
		t.Fatal("the app secret is in the output")
	}
	var doc struct {
		Marketplaces []map[string]any `json:"marketplaces"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Marketplaces) != 1 {
		t.Fatalf("sync --json: %v\n%s", err, r.stdout)
	}
	show := waybill(t, "show", "3031265788145237", "--config", cfg, "--db", db)
	for _, want := range []string{"RR123456785CN", "Ana Silva", "GB"} {
		if !strings.Contains(show.stdout, want) {
			t.Errorf("show lacks %q:\n%s%s", want, show.stdout, show.stderr)
		}
	}
	cases := waybill(t, "case", "list", "--open", "--config", cfg, "--db", db)
	if !strings.Contains(cases.stdout, "3031265788145237") {
		t.Errorf("no open case for the dispute:\n%s%s", cases.stdout, cases.stderr)
	}

	again := waybill(t, "sync", "--once", "--json", "--config", cfg, "--db", db)
	if again.code != 0 {
		t.Fatalf("second sync: exit %d\n%s%s", again.code, again.stdout, again.stderr)
	}
	show2 := waybill(t, "show", "3031265788145237", "--config", cfg, "--db", db)
	if show2.stdout != show.stdout {
		t.Errorf("a second sync changed the order:\n%s\n---\n%s", show.stdout, show2.stdout)
	}
	t.Logf("first sync: %s\nsecond: %s", r.stdout, again.stdout)
}

// `waybill refresh --watch` syncs a connected AliExpress account in the
// background from its start: the order and its parcel arrive with no
// `sync` command, and the watch says so.
func TestWatchSyncsAliExpressInTheBackground(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	cfg, g := aeConfig(t, aeTable)
	g.AddCode("CODE-bg")
	if r := waybill(t, "connect", "aliexpress", "--code", "CODE-bg", "--config", cfg); r.code != 0 {
		t.Fatalf("connect: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	now := time.Now().UTC()
	g.AddOrder(aliexpressfake.Order{ID: "3031265788145238", Status: "WAIT_BUYER_ACCEPT_GOODS", Created: now.AddDate(0, 0, -20),
		Modified: now.Add(-time.Hour), BuyerName: "Jo Berg", ShipCountry: "SE", Amount: "9.00", Currency: "USD", FreightCommitDay: 60,
		Shipments: []aliexpressfake.Shipment{{No: "RR123456785CN", Sent: now.AddDate(0, 0, -18)}}})
	db := e2eStore(t)
	cmd := exec.Command(binary, "refresh", "--watch", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	seen, synced := []string{}, false
	deadline := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for !synced && lines.Scan() {
		seen = append(seen, lines.Text())
		synced = strings.Contains(lines.Text(), " sync ") && strings.Contains(lines.Text(), "aliexpress")
	}
	cmd.Process.Signal(os.Interrupt)
	for lines.Scan() {
		seen = append(seen, lines.Text())
	}
	cmd.Wait()
	if !synced {
		t.Fatalf("the watch never said it synced aliexpress:\n%s", strings.Join(seen, "\n"))
	}
	show := waybill(t, "show", "3031265788145238", "--config", cfg, "--db", db)
	if !strings.Contains(show.stdout, "RR123456785CN") || !strings.Contains(show.stdout, "Jo Berg") {
		t.Errorf("the background sync did not bring the order in:\n%s%s", show.stdout, show.stderr)
	}
}
