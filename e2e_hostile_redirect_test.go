package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// Hardening 1: a base_url that answers with a redirect to another host
// gets no key there. The built binary refreshes through each service in
// turn; the other host must see no request at all, and the refresh must
// say why the service stopped.
func TestHostileRedirectKeepsTheKeyHome(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	var stolen atomic.Int32
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
		fmt.Fprint(w, `{}`)
	}))
	defer thief.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, thief.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()

	for _, tc := range []struct{ service, tracking, carrier string }{
		{"17track", "RB123456785GB", ""},
		{"aftership", "RB123456785GB", ""},
		{"track123", "RB123456785GB", ""},
		{"trackingmore", "RB123456785GB", ""},
		{"dhl", "3318810025", "dhl-express"},
	} {
		t.Run(tc.service, func(t *testing.T) {
			dir := t.TempDir()
			db, cfg := e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "config.toml")
			os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.%s]\napi_key = \"the-key-0123456789\"\nbase_url = %q\n", tc.service, redirector.URL)), 0o600)
			args := []string{"add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", tc.tracking}
			if tc.carrier != "" {
				args = append(args, "--carrier", tc.carrier)
			}
			if r := waybill(t, args...); r.code != 0 {
				t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
			out := r.stdout + r.stderr
			if !strings.Contains(out, tc.service+" stopped: redirected to another host") || !strings.Contains(out, thief.URL) {
				t.Fatalf("refresh: exit %d, want the service stopped naming the other host\n%s", r.code, out)
			}
			if strings.Contains(out, "the-key-0123456789") {
				t.Fatalf("the output shows the key:\n%s", out)
			}
		})
	}
	if n := stolen.Load(); n != 0 {
		t.Fatalf("the other host received %d requests", n)
	}
}
