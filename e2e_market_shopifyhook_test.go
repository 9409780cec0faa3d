package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"waybill/carriers/shopify/shopifyfake"
)

// `waybill serve --http` with a Shopify webhook secret mounts
// /webhooks/shopify: a signed orders/updated push makes the background
// sync read the shop at once (the order shows within seconds, though
// sync_interval is an hour); a forged signature is 401 and reads nothing;
// the same webhook id again is 200 and reads nothing either.
func TestServeShopifyWebhookSyncsAtOnce(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	const hookSecret = shopifyHookSecret
	shop, calls, cfg, db, now := shopifyServeSetup(t)

	cmd := exec.Command(binary, "serve", "--http", "127.0.0.1:0", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+filepath.Dir(cfg))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	next, _ := serveSays(t, out, &stderr)
	line := next("listening on")
	if !strings.Contains(line, "/webhooks/shopify") {
		t.Fatalf("serve said %q: no /webhooks/shopify", line)
	}
	base := strings.Fields(strings.TrimPrefix(line, "listening on "))[0]
	next(" sync ") // serve's first sync brought #1001

	// An order placed after that sync: with an hour's sync_interval only a
	// push brings it soon.
	shop.Put(shopifyfake.Order{ID: 2, Name: "#1002", Created: now, Updated: time.Now().UTC(),
		FulfillmentStatus: "UNFULFILLED", Country: "ES", Customer: "Jo Berg", Amount: "5.50", Currency: "EUR"})
	body := []byte(`{"id":2,"name":"#1002","admin_graphql_api_id":"gid://shopify/Order/2"}`)
	post := func(sig, id string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/webhooks/shopify", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Shopify-Topic", "orders/updated")
		req.Header.Set("X-Shopify-Shop-Domain", "my-shop.myshopify.com")
		req.Header.Set("X-Shopify-Webhook-Id", id)
		if sig != "" {
			req.Header.Set("X-Shopify-Hmac-SHA256", sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	settled := func() int64 { // the fake's request count once nothing more comes
		t.Helper()
		n := calls.Load()
		for {
			time.Sleep(1500 * time.Millisecond)
			m := calls.Load()
			if m == n {
				return n
			}
			n = m
		}
	}
	before := settled()
	if code := post(shopifyfake.Sign("not-the-secret", body), "w-forged"); code != http.StatusUnauthorized {
		t.Errorf("forged signature: HTTP %d, want 401", code)
	}
	if code := post("", "w-unsigned"); code != http.StatusUnauthorized {
		t.Errorf("unsigned: HTTP %d, want 401", code)
	}
	if n := settled(); n != before {
		t.Fatalf("forged and unsigned pushes made %d requests to the shop, want none", n-before)
	}

	start := time.Now()
	if code := post(shopifyfake.Sign(hookSecret, body), "w-1"); code != http.StatusOK {
		t.Fatalf("signed push: HTTP %d, want 200", code)
	}
	for {
		r := waybill(t, "show", "1002", "--db", db)
		if r.code == 0 && strings.Contains(r.stdout, "Jo Berg") {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("order 1002 not shown 10s after a signed push: exit %d\n%s%s\nserve: %s", r.code, r.stdout, r.stderr, stderr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	after := settled()
	if after == before {
		t.Fatal("the order arrived but the fake saw no request")
	}
	if code := post(shopifyfake.Sign(hookSecret, body), "w-1"); code != http.StatusOK {
		t.Errorf("repeat push: HTTP %d, want 200", code)
	}
	if n := settled(); n != after {
		t.Errorf("a repeat webhook id made %d more requests to the shop, want none", n-after)
	}
}

// serveSays reads a serve process's stdout line by line. next waits (15 s
// at most) for the next line holding want and returns it, failing the test
// with the process's stderr when serve stops or never says it; drain reads
// the rest in the background, so serve never blocks on its stdout.
func serveSays(t *testing.T, out io.Reader, stderr *bytes.Buffer) (next func(want string) string, drain func()) {
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	drain = func() {
		go func() {
			for range lines {
			}
		}()
	}
	return func(want string) string {
		t.Helper()
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("serve stopped before saying %q\n%s", want, stderr.String())
				}
				if strings.Contains(l, want) {
					return l
				}
			case <-time.After(15 * time.Second):
				t.Fatalf("serve never said %q\n%s", want, stderr.String())
			}
		}
	}, drain
}

// shopifyServeSetup is a fake Shopify shop holding order #1001, counting
// its GraphQL requests, and a config for serve on it with the webhook
// secret shopifyHookSecret (both secrets through the environment, which
// TestMain sets).
func shopifyServeSetup(t *testing.T) (shop *shopifyfake.Shop, calls *atomic.Int64, cfg, db string, now time.Time) {
	t.Helper()
	shop = &shopifyfake.Shop{Token: shopifyToken}
	calls = new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		shop.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfg, db = filepath.Join(dir, "config.toml"), e2eStoreIn(t, dir, "w.db")
	os.WriteFile(cfg, []byte("[refresh]\ninterval = \"1h\"\n\n[marketplaces]\nsync_interval = \"1h\"\n\n"+
		"[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token_env = \"WAYBILL_TEST_SHOPIFY_TOKEN\"\n"+
		"webhook_secret_env = \"WAYBILL_TEST_SHOPIFY_HOOK\"\nbase_url = \""+srv.URL+"\"\n"), 0o600)
	now = time.Now().UTC()
	shop.Put(shopifyfake.Order{ID: 1, Name: "#1001", Created: now.AddDate(0, 0, -2), Updated: now.Add(-time.Hour),
		FulfillmentStatus: "UNFULFILLED", Country: "DE", Customer: "Ana Silva", Amount: "10.00", Currency: "EUR"})
	return shop, calls, cfg, db, now
}
