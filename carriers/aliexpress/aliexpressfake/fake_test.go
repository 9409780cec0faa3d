package aliexpressfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The self-check vectors of MARKETPLACES.md A3 (computed there with
// Python's hmac, secret "helloworld").
func TestSignVectors(t *testing.T) {
	tests := []struct {
		name, path string
		params     map[string]string
		want       string
	}{
		{"sync", "", map[string]string{"app_key": "12345678", "format": "json", "method": "aliexpress.trade.redefining.extendsbuyeracceptgoodstime",
			"param0": "3031265788145237", "param1": "10", "session": "TESTTOKEN", "sign_method": "sha256", "simplify": "false",
			"timestamp": "1710943235000", "v": "2.0"}, "9F879FBD36F97A1653EB8460C2F77BC64D136950D117151CC09F2BC83C10DD3F"},
		{"rest", "/auth/token/create", map[string]string{"app_key": "12345678", "code": "TESTCODE", "sign_method": "sha256",
			"timestamp": "1710943235000"}, "77DBA5A5C0F49ED1257DF7D72217849CE88BB83BCCC2B6A408915D8DE94BCCC9"},
		{"sign and empty values are left out", "/auth/token/create", map[string]string{"app_key": "12345678", "code": "TESTCODE", "sign_method": "sha256",
			"timestamp": "1710943235000", "sign": "X", "uuid": ""}, "77DBA5A5C0F49ED1257DF7D72217849CE88BB83BCCC2B6A408915D8DE94BCCC9"},
	}
	for _, tt := range tests {
		if got := Sign("helloworld", tt.path, tt.params); got != tt.want {
			t.Errorf("%s: Sign = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// post signs params (system ones in the query, business ones in the body,
// as the Java SDK sends them) and returns the decoded answer.
func post(t *testing.T, srv *httptest.Server, path string, query, form map[string]string, tamper bool) map[string]any {
	t.Helper()
	all := map[string]string{}
	for k, v := range query {
		all[k] = v
	}
	for k, v := range form {
		all[k] = v
	}
	api := strings.TrimPrefix(path, "/rest")
	if path == "/sync" {
		api = ""
	}
	q := url.Values{}
	for k, v := range query {
		q.Set(k, v)
	}
	sig := Sign("s3cret", api, all)
	if tamper {
		sig = strings.Repeat("0", 64)
	}
	q.Set("sign", sig)
	f := url.Values{}
	for k, v := range form {
		f.Set(k, v)
	}
	resp, err := http.Post(srv.URL+path+"?"+q.Encode(), "application/x-www-form-urlencoded", strings.NewReader(f.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v in %s", path, err, b)
	}
	return out
}

func TestGateway(t *testing.T) {
	now := time.Date(2024, 3, 20, 14, 0, 35, 0, time.UTC)
	g := &Gateway{AppKey: "k", Secret: "s3cret", Now: func() time.Time { return now }}
	g.AddToken("T", "R", now.Add(time.Hour))
	g.AddOrder(Order{ID: "3031265788145237", Status: "WAIT_BUYER_ACCEPT_GOODS", Created: now.AddDate(0, 0, -20), Modified: now.AddDate(0, 0, -10),
		ShipCountry: "UK", Amount: "170.54", Currency: "USD", FreightCommitDay: 90,
		Shipments: []Shipment{{No: "LS931843669NL", Sent: now.AddDate(0, 0, -10)}}, OverTimeLeft: time.Date(2024, 5, 28, 7, 15, 30, 0, time.UTC)})
	srv := httptest.NewServer(g)
	defer srv.Close()
	sys := func(method string) map[string]string {
		return map[string]string{"app_key": "k", "method": method, "session": "T", "timestamp": strconv.FormatInt(now.UnixMilli(), 10),
			"sign_method": "sha256", "format": "json", "v": "2.0", "simplify": "false"}
	}

	bad := post(t, srv, "/sync", sys("aliexpress.trade.new.redefining.findorderbyid"), map[string]string{"param1": `{"order_id":3031265788145237}`}, true)
	if e, _ := bad["error_response"].(map[string]any); e == nil || e["code"] != "IncompleteSignature" {
		t.Errorf("tampered signature: %v, want error_response IncompleteSignature", bad)
	}
	got := post(t, srv, "/sync", sys("aliexpress.trade.new.redefining.findorderbyid"), map[string]string{"param1": `{"order_id":3031265788145237}`}, false)
	target := got["aliexpress_trade_new_redefining_findorderbyid_response"].(map[string]any)["target"].(map[string]any)
	if target["over_time_left"] != "2024-05-28 00:15:30" { // PDT, UTC−7
		t.Errorf("over_time_left = %v, want 2024-05-28 00:15:30 (PDT)", target["over_time_left"])
	}
	if _, ok := target["logistic_info_list"].(map[string]any)["aeop_tp_logistic_info_dto"]; !ok {
		t.Errorf("logistic_info_list not wrapped: %v", target["logistic_info_list"])
	}

	for _, tt := range []struct {
		order, days, want string
	}{{"1", "5", "100"}, {"3031265788145237", "x", "200"}, {"3031265788145237", "31", "201"}} {
		r := post(t, srv, "/sync", sys("aliexpress.trade.redefining.extendsbuyeracceptgoodstime"), map[string]string{"param0": tt.order, "param1": tt.days}, false)
		body := r["aliexpress_trade_redefining_extendsbuyeracceptgoodstime_response"].(map[string]any)
		if body["sub_error_code"] != tt.want {
			t.Errorf("extend %s by %s: %v, want sub_error_code %s", tt.order, tt.days, body, tt.want)
		}
	}

	tok := post(t, srv, "/rest/auth/token/refresh", map[string]string{"app_key": "k", "timestamp": strconv.FormatInt(now.UnixMilli(), 10), "sign_method": "sha256"},
		map[string]string{"refresh_token": "R"}, false)
	if tok["code"] != "0" || tok["access_token"] == "" {
		t.Errorf("refresh: %v", tok)
	}
	again := post(t, srv, "/rest/auth/token/refresh", map[string]string{"app_key": "k", "timestamp": strconv.FormatInt(now.UnixMilli(), 10), "sign_method": "sha256"},
		map[string]string{"refresh_token": "R"}, false)
	if again["code"] == "0" {
		t.Errorf("a used refresh token was accepted again: %v", again)
	}

	g.RatePerSecond = 1
	post(t, srv, "/sync", sys("aliexpress.issue.issuelist.get"), map[string]string{"query_dto": `{"current_page":1,"page_size":50}`}, false)
	lim := post(t, srv, "/sync", sys("aliexpress.issue.issuelist.get"), map[string]string{"query_dto": `{"current_page":1,"page_size":50}`}, false)
	if e, _ := lim["error_response"].(map[string]any); e == nil || e["code"] != "ApiCallLimit" {
		t.Errorf("second call within the second at rate 1: %v, want ApiCallLimit", lim)
	}
}
