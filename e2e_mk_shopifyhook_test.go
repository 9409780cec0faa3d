package main

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/carriers/shopify/shopifyfake"
)

// mkServe starts `waybill serve --http` on db with cfg and returns its
// base URL once it listens (and, with synced, once its first marketplace
// sync said what it brought); stop ends it.
func mkServe(t *testing.T, cfg, db string, synced bool) (base string, stop func()) {
	t.Helper()
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
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cmd.Process.Signal(os.Interrupt)
			cmd.Wait()
		}
	}
	t.Cleanup(stop)
	next, drain := serveSays(t, out, &stderr)
	line := next("listening on")
	base = strings.Fields(strings.TrimPrefix(line, "listening on "))[0]
	if synced {
		next(" sync ")
	}
	drain()
	return base, stop
}

// A Shopify push is the configured shop's only: another shop's, though
// signed with the app's secret, is refused (403) and reads nothing. A
// webhook id is kept in the store: the same id delivered after serve
// restarts reads nothing, where a new id reads the shop.
func TestShopifyWebhookShopAndRepeatAfterRestart(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	const hookSecret = shopifyHookSecret
	_, calls, cfg, db, _ := shopifyServeSetup(t)
	body := []byte(`{"id":1,"name":"#1001"}`)
	post := func(base, domain, id string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/webhooks/shopify", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Shopify-Topic", "orders/updated")
		req.Header.Set("X-Shopify-Shop-Domain", domain)
		req.Header.Set("X-Shopify-Webhook-Id", id)
		req.Header.Set("X-Shopify-Hmac-SHA256", shopifyfake.Sign(hookSecret, body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	settled := func() int64 {
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

	base, stop := mkServe(t, cfg, db, true)
	before := settled()
	if code := post(base, "other-shop.myshopify.com", "w-other"); code != http.StatusForbidden {
		t.Errorf("another shop's push: HTTP %d, want 403", code)
	}
	if n := settled(); n != before {
		t.Errorf("another shop's push made %d requests to the shop, want none", n-before)
	}
	if code := post(base, "my-shop.myshopify.com", "w-1"); code != http.StatusOK {
		t.Fatalf("this shop's push: HTTP %d, want 200", code)
	}
	if n := settled(); n == before {
		t.Fatal("this shop's push made no request to the shop")
	}
	stop()

	base, _ = mkServe(t, cfg, db, false) // its first sync brings nothing new, and says nothing
	before = settled()
	if code := post(base, "my-shop.myshopify.com", "w-1"); code != http.StatusOK {
		t.Errorf("the same id after a restart: HTTP %d, want 200", code)
	}
	if n := settled(); n != before {
		t.Errorf("the same webhook id after a restart made %d requests to the shop, want none", n-before)
	}
	if code := post(base, "my-shop.myshopify.com", "w-2"); code != http.StatusOK {
		t.Errorf("a new id: HTTP %d, want 200", code)
	}
	if n := settled(); n == before {
		t.Error("a new webhook id after a restart made no request to the shop")
	}
}
