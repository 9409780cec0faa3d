package aliexpress

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"waybill/carriers/aliexpress/aliexpressfake"
	"waybill/tracker"
)

func TestSignVectors(t *testing.T) {
	sync := url.Values{"app_key": {"12345678"}, "format": {"json"}, "method": {"aliexpress.trade.redefining.extendsbuyeracceptgoodstime"},
		"param0": {"3031265788145237"}, "param1": {"10"}, "session": {"TESTTOKEN"}, "sign_method": {"sha256"}, "simplify": {"false"},
		"timestamp": {"1710943235000"}, "v": {"2.0"}}
	rest := url.Values{"app_key": {"12345678"}, "code": {"TESTCODE"}, "sign_method": {"sha256"}, "timestamp": {"1710943235000"}, "uuid": {""}, "sign": {"old"}}
	for _, tt := range []struct {
		name, path string
		p          url.Values
		want       string
	}{
		{"sync", "", sync, "9F879FBD36F97A1653EB8460C2F77BC64D136950D117151CC09F2BC83C10DD3F"},
		{"rest, sign and empty uuid left out", "/auth/token/create", rest, "77DBA5A5C0F49ED1257DF7D72217849CE88BB83BCCC2B6A408915D8DE94BCCC9"},
	} {
		if got := Sign("helloworld", tt.path, tt.p); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// now is in PDT (UTC−7): 2024-03-20 07:00 Pacific.
var now = time.Date(2024, 3, 20, 14, 0, 0, 0, time.UTC)

func setup(t *testing.T) (*aliexpressfake.Gateway, *Client, string) {
	t.Helper()
	g := &aliexpressfake.Gateway{AppKey: "key1", Secret: "topsecret", Now: func() time.Time { return now }}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), TokenFileName)
	c, err := New(Options{AppKey: "key1", AppSecret: "topsecret", BaseURL: srv.URL, TokenPath: path, Now: func() time.Time { return now },
		Sleep: func(time.Duration) error { return nil }, RedirectURI: "https://example.com/cb", RatePerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	g.AddCode("CODE1")
	if _, err := c.Exchange(context.Background(), "CODE1"); err != nil {
		t.Fatal(err)
	}
	return g, c, path
}

func TestTokenFileMode(t *testing.T) {
	_, _, path := setup(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, want 0600", fi.Mode().Perm())
	}
}

func addOrders(g *aliexpressfake.Gateway, n int) {
	for i := range n {
		id := strconv.Itoa(3031265788000000 + i)
		g.AddOrder(aliexpressfake.Order{ID: id, Status: "WAIT_BUYER_ACCEPT_GOODS", Created: now.AddDate(0, 0, -30).Add(time.Duration(i) * time.Minute),
			Modified: now.AddDate(0, 0, -1), BuyerName: "Buyer " + id, ShipCountry: "IE", Amount: "170.54", Currency: "USD", FreightCommitDay: 90,
			Shipments: []aliexpressfake.Shipment{{No: "LS" + id[8:] + "NL", Sent: now.AddDate(0, 0, -20)}}, OverTimeLeft: now.AddDate(0, 2, 0)})
	}
}

func TestOrdersPagesAndFields(t *testing.T) {
	g, c, _ := setup(t)
	addOrders(g, 120)
	// The X capture: shipped 2024-02-27 23:15:28 PST, over_time_left
	// 2024-05-28 00:15:30 PDT; ship-to UK must become GB.
	g.AddOrder(aliexpressfake.Order{ID: "3031265788145237", Status: "WAIT_BUYER_ACCEPT_GOODS", Created: time.Date(2024, 2, 24, 23, 0, 51, 0, time.UTC),
		Modified: now.Add(-time.Hour), BuyerName: "The Unique", ShipCountry: "UK", BuyerCountry: "DZ", Amount: "170.54", Currency: "USD", FreightCommitDay: 90,
		Shipments:    []aliexpressfake.Shipment{{No: "LS930722151NL", Sent: time.Date(2024, 2, 26, 2, 40, 2, 0, time.UTC)}, {No: "LS931843669NL", Sent: time.Date(2024, 2, 28, 7, 15, 28, 0, time.UTC)}},
		OverTimeLeft: time.Date(2024, 5, 28, 7, 15, 30, 0, time.UTC)})
	// Not awaiting receipt: the protection end is derived.
	g.AddOrder(aliexpressfake.Order{ID: "3031265788999999", Status: "IN_ISSUE", Created: now.AddDate(0, 0, -10), Modified: now.Add(-time.Hour),
		ShipCountry: "SRB", Amount: "9.99", Currency: "EUR", FreightCommitDay: 30, Shipments: []aliexpressfake.Shipment{{No: "RR123456785CN", Sent: time.Date(2024, 3, 9, 10, 0, 0, 0, time.UTC)}}})
	g.AddOrder(aliexpressfake.Order{ID: "3031265788888888", Status: "FINISH", Created: now.AddDate(0, 0, -10), Modified: now})

	var all []tracker.MarketOrder
	page, pages := "", 0
	for {
		p, err := c.Orders(context.Background(), time.Time{}, page)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, p.Items...)
		if page = p.Next; page == "" {
			break
		}
	}
	if pages != 3 || len(all) != 122 {
		t.Fatalf("%d orders in %d pages, want 122 in 3 (FINISH left out)", len(all), pages)
	}
	by := map[string]tracker.MarketOrder{}
	for _, o := range all {
		by[o.Detail.OrderNo] = o
	}
	x := by["3031265788145237"]
	if x.Detail.Marketplace != "aliexpress" || x.Detail.Country != "GB" || x.Detail.Amount != 17054 || x.Detail.Currency != "USD" || x.Detail.Buyer != "The Unique" {
		t.Errorf("X order detail = %+v", x.Detail.Order)
	}
	if want := time.Date(2024, 5, 28, 7, 15, 30, 0, time.UTC); !x.ProtectionEnd.Equal(want) || x.ProtectionDerived {
		t.Errorf("X protection end %v derived %v, want %v from over_time_left", x.ProtectionEnd, x.ProtectionDerived, want)
	}
	if len(x.Detail.Shipments) != 2 || x.Detail.Shipments[1].TrackingNo != "LS931843669NL" || !x.Detail.Shipments[1].ShippedAt.Equal(time.Date(2024, 2, 28, 7, 15, 28, 0, time.UTC)) {
		t.Errorf("X shipments = %+v", x.Detail.Shipments)
	}
	if want := time.Date(2024, 2, 28, 7, 15, 28, 0, time.UTC).Add(90 * 24 * time.Hour); !x.Detail.PromisedAt.Equal(want) {
		t.Errorf("X promised %v, want last shipment + 90 days %v", x.Detail.PromisedAt, want)
	}
	s := by["3031265788999999"]
	if want := time.Date(2024, 3, 9, 10, 0, 0, 0, time.UTC).Add(30 * 24 * time.Hour); !s.ProtectionEnd.Equal(want) || !s.ProtectionDerived || s.Detail.Country != "RS" || s.MarketStatus != "IN_ISSUE" {
		t.Errorf("IN_ISSUE order: end %v derived %v country %q status %q, want %v derived RS", s.ProtectionEnd, s.ProtectionDerived, s.Detail.Country, s.MarketStatus, want)
	}

	// Incremental: only what changed since.
	p, err := c.Orders(context.Background(), now.Add(-2*time.Hour), "")
	if err != nil || len(p.Items) != 2 {
		t.Errorf("since 2h ago: %d orders, %v; want 2", len(p.Items), err)
	}
}

func TestCountry(t *testing.T) {
	for ae, want := range map[string]string{"UK": "GB", "SRB": "RS", "MNE": "ME", "JEY": "JE", "ALA": "AX", "IE": "IE", "de": "DE", "Other": "", "AN": ""} {
		if got := Country(ae); got != want {
			t.Errorf("Country(%q) = %q, want %q", ae, got, want)
		}
	}
}

func TestDisputes(t *testing.T) {
	g, c, _ := setup(t)
	// 2024-03-10 02:30 PDT does not exist; use a time on either side of DST.
	g.AddIssue(aliexpressfake.Issue{ID: "900001", OrderID: "3031265788155237", ParentOrderID: "3031265788145237", Status: "processing",
		ReasonCN: "未收到货", ReasonEN: "Order not received", BuyerLogin: "dz5950", Modified: now, TimeoutType: "WAIT_SOLUTION_TIMEOUT",
		TimeoutTrigger: time.Date(2024, 3, 22, 6, 59, 59, 0, time.UTC), BuyerSolution: "refund"})
	g.AddIssue(aliexpressfake.Issue{ID: "900002", ParentOrderID: "3031265788145238", Status: "processing", ReasonEN: "Item damaged", BuyerLogin: "b2", Modified: now,
		TimeoutType: "WAIT_SOLUTION_TIMEOUT", TimeoutTrigger: time.Date(2024, 3, 5, 8, 0, 0, 0, time.UTC)})
	g.AddIssue(aliexpressfake.Issue{ID: "900003", ParentOrderID: "1", Status: "finish", ReasonEN: "x", BuyerLogin: "b3"})
	p, err := c.Disputes(context.Background(), time.Time{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.Next != "" {
		t.Fatalf("%d disputes next %q, want 2 processing", len(p.Items), p.Next)
	}
	d := p.Items[0]
	if d.OrderNo != "3031265788145237" || d.Kind != tracker.ExLost || !d.Open || d.ReplyKind != "WAIT_SOLUTION_TIMEOUT" || d.BuyerWants != "refund 10.00 USD" {
		t.Errorf("dispute = %+v", d)
	}
	if !d.ReplyBy.Equal(time.Date(2024, 3, 22, 6, 59, 59, 0, time.UTC)) { // 23:59:59 PDT
		t.Errorf("reply by %v, want 2024-03-22 06:59:59 UTC (PDT)", d.ReplyBy)
	}
	if !p.Items[1].ReplyBy.Equal(time.Date(2024, 3, 5, 8, 0, 0, 0, time.UTC)) || p.Items[1].Kind != tracker.ExDamaged { // 00:00 PST
		t.Errorf("second dispute = %+v", p.Items[1])
	}
}

func TestDisputeKind(t *testing.T) {
	for reason, want := range map[string]tracker.ExceptionKind{"Order not received": tracker.ExLost, "Item damaged in delivery": tracker.ExDamaged,
		"Quantity missing": tracker.ExMissingItems, "Not as described": KindOther} {
		if got := DisputeKind(reason); got != want {
			t.Errorf("DisputeKind(%q) = %q, want %q", reason, got, want)
		}
	}
}

func TestExtendRefusals(t *testing.T) {
	g, c, _ := setup(t)
	g.AddOrder(aliexpressfake.Order{ID: "11", Status: "WAIT_BUYER_ACCEPT_GOODS", OverTimeLeft: now.AddDate(0, 0, 5)})
	g.AddOrder(aliexpressfake.Order{ID: "12", Status: "IN_ISSUE"})
	tests := []struct {
		name, order string
		days        int
		perm        bool
		want        string // "" success
	}{
		{"accepted", "11", 10, false, ""},
		{"unknown order", "99", 5, false, "100"},
		{"past the cap", "11", 25, false, "201"},
		{"in dispute", "12", 5, false, "210"},
		{"no permission", "11", 5, true, "601"},
	}
	for _, tt := range tests {
		g.Set(func(g *aliexpressfake.Gateway) { g.NoPermission = tt.perm })
		err := c.ExtendProtection(context.Background(), tt.order, tt.days)
		var r *tracker.ExtendRefused
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (!errors.As(err, &r) || r.Code != tt.want || r.Message == "refused"):
			t.Errorf("%s: %v, want refusal %s in words", tt.name, err, tt.want)
		}
	}
	if o, _ := g.Order("11"); !o.OverTimeLeft.Equal(now.AddDate(0, 0, 15)) {
		t.Errorf("after extending by 10: %v", o.OverTimeLeft)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, typ, code, sub string
		kind                 tracker.FailKind
		say                  string
		calls                int
	}{
		{"rate limit retried then given up", "ISV", "ApiCallLimit", "", tracker.FailRateLimited, "retry after 1s", 3},
		{"code 7", "ISV", "7", "", tracker.FailRateLimited, "retry after 1s", 3},
		{"isp retried", "ISP", "15", "isp.remote-service-error", tracker.FailServer, "isp.", 3},
		{"bad argument", "ISV", "41", "", tracker.FailRequest, "41", 1},
	}
	for _, tt := range tests {
		g, c, _ := setup(t)
		for range tt.calls {
			g.FailNext(tt.typ, tt.code, tt.sub)
		}
		_, err := c.Disputes(context.Background(), time.Time{}, "")
		if tracker.FailKindOf(err) != tt.kind || !strings.Contains(err.Error(), tt.say) {
			t.Errorf("%s: %v, want %s saying %q", tt.name, err, tt.kind, tt.say)
		}
		if got := g.Calls["aliexpress.issue.issuelist.get"]; got != tt.calls {
			t.Errorf("%s: %d calls, want %d", tt.name, got, tt.calls)
		}
	}
	// One failure then success: retried transparently.
	g, c, _ := setup(t)
	g.FailNext("ISV", "ApiCallLimit", "")
	if _, err := c.Disputes(context.Background(), time.Time{}, ""); err != nil {
		t.Errorf("one ApiCallLimit then fine: %v", err)
	}
}

func TestTokenExpiringMidListRefreshedOnce(t *testing.T) {
	g, c, path := setup(t)
	addOrders(g, 60)
	p, err := c.Orders(context.Background(), time.Time{}, "")
	if err != nil || p.Next == "" {
		t.Fatalf("first page: %v next %q", err, p.Next)
	}
	old, _ := LoadTokens(path)
	g.ExpireToken(old.AccessToken) // revoked between pages
	if _, err := c.Orders(context.Background(), time.Time{}, p.Next); err != nil {
		t.Fatalf("second page after the token ran out: %v", err)
	}
	if n := g.Calls["/auth/token/refresh"]; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
	if nt, _ := LoadTokens(path); nt.AccessToken == old.AccessToken {
		t.Error("refreshed tokens not written to the file")
	}
	// A refused refresh tells the seller what to do.
	nt, _ := LoadTokens(path)
	g.ExpireToken(nt.AccessToken)
	g.RevokeRefresh()
	_, err = c.Orders(context.Background(), time.Time{}, "")
	if tracker.FailKindOf(err) != tracker.FailAuth || !strings.Contains(err.Error(), Reconnect) {
		t.Errorf("refused refresh: %v, want auth failure saying %q", err, Reconnect)
	}
	if strings.Contains(err.Error(), "topsecret") || strings.Contains(err.Error(), nt.RefreshToken) {
		t.Errorf("error shows a secret: %v", err)
	}
}

func TestRefreshBeforeExpiry(t *testing.T) {
	g, c, path := setup(t)
	tok, _ := LoadTokens(path)
	tok.ExpiresAt = now.Add(5 * time.Minute) // inside refreshBefore
	c.tok = tok
	if _, err := c.Disputes(context.Background(), time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	if n := g.Calls["/auth/token/refresh"]; n != 1 {
		t.Errorf("%d refreshes with 5 minutes left, want 1", n)
	}
}

func TestConsentURL(t *testing.T) {
	_, c, _ := setup(t)
	u, _ := url.Parse(c.ConsentURL("st"))
	q := u.Query()
	if u.Path != "/oauth/authorize" || q.Get("client_id") != "key1" || q.Get("response_type") != "code" || q.Get("redirect_uri") != "https://example.com/cb" || q.Get("state") != "st" {
		t.Errorf("consent URL %s", u)
	}
}
