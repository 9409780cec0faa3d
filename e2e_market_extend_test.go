package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"waybill/carriers/aliexpress/aliexpressfake"
)

const extendMethod = "aliexpress.trade.redefining.extendsbuyeracceptgoodstime"

// extendSetup connects AliExpress (the fake), puts order id there awaiting
// the buyer's receipt with its protection ending in 10 days, and syncs it
// into a fresh store.
func extendSetup(t *testing.T, id string) (cfg, db string, g *aliexpressfake.Gateway, end time.Time) {
	t.Helper()
	cfg, g = aeConfig(t, aeTable)
	g.AddCode("CODE-ext")
	if r := waybill(t, "connect", "aliexpress", "--code", "CODE-ext", "--config", cfg); r.code != 0 {
		t.Fatalf("connect: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	now := time.Now().UTC().Truncate(time.Second)
	end = now.AddDate(0, 0, 10)
	g.AddOrder(aliexpressfake.Order{ID: id, Status: "WAIT_BUYER_ACCEPT_GOODS", Created: now.AddDate(0, 0, -20),
		Modified: now.Add(-time.Hour), BuyerName: "Ana Silva", ShipCountry: "UK", Amount: "17.54", Currency: "USD", FreightCommitDay: 60,
		Shipments: []aliexpressfake.Shipment{{No: "RR123456785CN", Sent: now.AddDate(0, 0, -18)}}, OverTimeLeft: end})
	db = e2eStore(t)
	if r := waybill(t, "sync", "--once", "--config", cfg, "--db", db); r.code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return cfg, db, g, end
}

type extendOut struct {
	OrderNo       string     `json:"order_no"`
	Extended      bool       `json:"extended"`
	Called        bool       `json:"called"`
	Code          string     `json:"code"`
	Reason        string     `json:"reason"`
	ProtectionEnd *time.Time `json:"protection_end"`
	CaseID        int64      `json:"case_id"`
}

// `waybill extend ORDER --days 15` against the fake: AliExpress moves its
// over_time_left by 15 days, and `waybill deadlines --json` shows the
// order's protection_end at that new time.
func TestExtendMovesTheProtectionDeadline(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	const id = "3031265788145301"
	cfg, db, g, end := extendSetup(t, id)
	r := waybill(t, "extend", id, "--days", "15", "--json", "--config", cfg, "--db", db)
	if r.code != 0 {
		t.Fatalf("extend: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var out extendOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("extend --json: %v\n%s", err, r.stdout)
	}
	want := end.AddDate(0, 0, 15)
	if !out.Extended || !out.Called || out.ProtectionEnd == nil || !out.ProtectionEnd.Equal(want) {
		t.Fatalf("extend --json = %+v, want extended to %v\n%s", out, want, r.stdout)
	}
	if o, _ := g.Order(id); !o.OverTimeLeft.Equal(want) || o.Extended != 15 {
		t.Errorf("the fake's over_time_left %v (extended %d), want %v (15)", o.OverTimeLeft, o.Extended, want)
	}
	var found bool
	// No --config: asAgent passes no AliExpress secret, and a config naming
	// an unset one is refused at start-up.
	for _, d := range deadlinesJSON(t, "--db", db) {
		if d.OrderNo == id && d.Kind == "protection_end" {
			found = true
			if !d.DueAt.Equal(want) || d.Source != "aliexpress" {
				t.Errorf("protection_end due %v from %s, want %v from aliexpress", d.DueAt, d.Source, want)
			}
		}
	}
	if !found {
		t.Errorf("no protection_end deadline for order %s after the extension", id)
	}
	// The words say it too, without --json.
	r = waybill(t, "extend", id, "--days", "5", "--config", cfg, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "extended by 5 days") || !strings.Contains(r.stdout, want.AddDate(0, 0, 5).Format("2006-01-02 15:04")) {
		t.Errorf("extend by 5 more: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// Each refusal AliExpress can give is said in words, exits 1, and leaves
// the fake's clock where it was.
func TestExtendRefusalsInWords(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	for _, tc := range []struct {
		code  string
		setup func(g *aliexpressfake.Gateway, id string)
		days  string
		words string
	}{
		{"100", func(g *aliexpressfake.Gateway, _ string) {
			g.Set(func(g *aliexpressfake.Gateway) { g.ExtendRefusal = "100" })
		}, "5", "no such order (100: order not found)"},
		{"200", func(g *aliexpressfake.Gateway, _ string) {
			g.Set(func(g *aliexpressfake.Gateway) { g.ExtendRefusal = "200" })
		}, "5", "no matching business data for the order (200)"},
		{"201", func(g *aliexpressfake.Gateway, _ string) { g.Set(func(g *aliexpressfake.Gateway) { g.ExtendCap = 10 }) }, "15", "more than the marketplace allows for this order (201"},
		{"210", func(g *aliexpressfake.Gateway, id string) {
			o, _ := g.Order(id)
			o.Status = "IN_FROZEN"
			g.AddOrder(o)
		}, "5", "only while it awaits the buyer's receipt, with no dispute open and not frozen"},
		{"601", func(g *aliexpressfake.Gateway, _ string) {
			g.Set(func(g *aliexpressfake.Gateway) { g.NoPermission = true })
		}, "5", "may not extend orders (601: no permission)"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			const id = "3031265788145302"
			cfg, db, g, end := extendSetup(t, id)
			tc.setup(g, id)
			r := waybill(t, "extend", id, "--days", tc.days, "--config", cfg, "--db", db)
			if r.code != 1 || !strings.Contains(r.stdout, "not extended: ") || !strings.Contains(r.stdout, tc.words) {
				t.Errorf("exit %d, want 1 saying %q\n%s%s", r.code, tc.words, r.stdout, r.stderr)
			}
			if g.Calls[extendMethod] != 1 {
				t.Errorf("%d extend calls reached the fake, want 1", g.Calls[extendMethod])
			}
			if o, _ := g.Order(id); !o.OverTimeLeft.Equal(end) {
				t.Errorf("the fake's over_time_left moved to %v on a refusal", o.OverTimeLeft)
			}
			r = waybill(t, "extend", id, "--days", tc.days, "--json", "--config", cfg, "--db", db)
			var out extendOut
			if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 1 || out.Extended || out.Code != tc.code {
				t.Errorf("--json: exit %d, %+v, %v\n%s", r.code, out, err, r.stdout)
			}
		})
	}
}

// An order with an open dispute is refused before any call: nothing
// reaches the fake, the refusal is noted on the dispute's case, and the
// case's log shows it.
func TestExtendRefusesAnOpenDisputeWithoutACall(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	const id = "3031265788145303"
	cfg, db, g, _ := extendSetup(t, id)
	now := time.Now().UTC()
	g.AddIssue(aliexpressfake.Issue{ID: "9301", OrderID: id, ParentOrderID: id, Status: "processing",
		ReasonEN: "Package not received", ReasonCN: "未收到货", Created: now.Add(-2 * time.Hour), Modified: now.Add(-time.Hour),
		TimeoutType: "WAIT_SOLUTION_TIMEOUT", TimeoutTrigger: now.AddDate(0, 0, 4), BuyerSolution: "refund"})
	if r := waybill(t, "sync", "--once", "--config", cfg, "--db", db); r.code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := waybill(t, "extend", id, "--days", "10", "--json", "--config", cfg, "--db", db)
	var out extendOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 1 || out.Called || out.Code != "open_dispute" ||
		!strings.Contains(out.Reason, "dispute 9301") || out.CaseID == 0 {
		t.Fatalf("extend: exit %d, %+v, %v\n%s%s", r.code, out, err, r.stdout, r.stderr)
	}
	if n := g.Calls[extendMethod]; n != 0 {
		t.Errorf("%d extend calls reached the fake, want none", n)
	}
	show := waybill(t, "case", "show", "1", "--config", cfg, "--db", db)
	if !strings.Contains(show.stdout, "refused before asking aliexpress") {
		t.Errorf("the case log does not show the refusal:\n%s%s", show.stdout, show.stderr)
	}
}

// Bad input is refused before the store or the marketplace: --days out of
// bounds names the flag and the value; an order waybill does not have is
// named.
func TestExtendBadInput(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	const id = "3031265788145304"
	cfg, db, g, _ := extendSetup(t, id)
	for _, tc := range []struct {
		args []string
		exit int
		want string
	}{
		{[]string{id, "--days", "0"}, 2, "--days: days 0: want 1 to 365"},
		{[]string{id, "--days", "400"}, 2, "days 400"},
		{[]string{id}, 2, "--days N"},
		{[]string{"--days", "5"}, 2, "one order number"},
		{[]string{"999", "--days", "5"}, 1, `order "999": no such order in waybill`},
	} {
		r := waybill(t, append(append([]string{"extend"}, tc.args...), "--config", cfg, "--db", db)...)
		if r.code != tc.exit || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("extend %v: exit %d, want %d saying %q\n%s%s", tc.args, r.code, tc.exit, tc.want, r.stdout, r.stderr)
		}
	}
	if n := g.Calls[extendMethod]; n != 0 {
		t.Errorf("%d extend calls reached the fake, want none", n)
	}
}
