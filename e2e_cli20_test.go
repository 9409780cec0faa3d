package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/carriers/track17/track17fake"
)

// `waybill version`, `--version` and `-v` say the same: the module version,
// the commit when the build stamped one, and the Go toolchain. The test
// binary is built with `go build` (stamped only in a git checkout), so the
// commit line is whichever of the two the build gave.
func TestCLIVersion(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	r := waybill(t, "version")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "waybill ") || !strings.HasPrefix(lines[1], "commit ") || !strings.HasPrefix(lines[2], "go1.") {
		t.Fatalf("version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, flag := range []string{"--version", "-v"} {
		if f := waybill(t, flag); f.code != 0 || f.stdout != r.stdout {
			t.Errorf("waybill %s: exit %d\n%s%s\nwant what `waybill version` says:\n%s", flag, f.code, f.stdout, f.stderr, r.stdout)
		}
	}
	j := waybill(t, "version", "--json")
	var v struct {
		Version, Commit, Go string
		Modified            bool
	}
	if err := json.Unmarshal([]byte(j.stdout), &v); j.code != 0 || err != nil || "waybill "+v.Version != lines[0] || v.Go == "" {
		t.Fatalf("version --json: exit %d, %v\n%s%s", j.code, err, j.stdout, j.stderr)
	}
	if v.Commit == "" && !strings.Contains(lines[1], "unknown") || v.Commit != "" && !strings.Contains(lines[1], v.Commit) {
		t.Fatalf("the commit line %q does not match the JSON's commit %q", lines[1], v.Commit)
	}
	if r := waybill(t, "version", "extra"); r.code != 2 {
		t.Fatalf("version extra: exit %d, want 2 (bad usage)", r.code)
	}
}

// refresh17 writes a config for 17TRACK at base (with a request timeout)
// and a store holding one parcel, and returns both paths.
func refresh17(t *testing.T, base, key, timeout string) (db, cfg string) {
	t.Helper()
	dir := t.TempDir()
	db, cfg = e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\ntimeout = %q\n", key, base, timeout)), 0o600)
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", "RB123456785GB"); r.code != 0 {
		t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return db, cfg
}

// closedPort is an address nothing listens on: a connection is refused at
// once.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// `refresh --once KEY` reports as the whole pass does: the totals, each
// service's share, the reason of every failure; and exits 1 when a parcel
// failed, 0 when none did.
func TestCLIRefreshNamedReportsByService(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := track17fake.New(t, 40)
	want := fake.AddDelivered("RB123456785GB", time.Now().Add(-72*time.Hour))
	db, cfg := refresh17(t, fake.URL(), fake.Key(), "20s")
	for _, key := range []string{"RB123456785GB", "SHOP-1"} {
		r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg, key)
		if r.code != 0 || !strings.Contains(r.stdout, "\n  17track    checked 1, updated ") {
			t.Fatalf("refresh --once %s: exit %d, want 0 and a line for 17track\n%s%s", key, r.code, r.stdout, r.stderr)
		}
		if key == "RB123456785GB" && !strings.Contains(r.stdout, fmt.Sprintf("new events %d", want)) {
			t.Fatalf("refresh --once %s: want %d new events\n%s", key, want, r.stdout)
		}
	}

	// The same parcel through a service that refuses the connection.
	addr := closedPort(t)
	refused := filepath.Join(t.TempDir(), "refused.toml")
	os.WriteFile(refused, []byte(fmt.Sprintf("[carriers.17track]\napi_key = \"k\"\nbase_url = \"http://%s\"\n", addr)), 0o600)
	r := waybill(t, "refresh", "--once", "--db", db, "--config", refused, "SHOP-1")
	for _, line := range []string{
		"checked 1, updated 0, new events 0, failures 1",
		"\n  17track    checked 1, updated 0, new events 0, failures 1, skipped 0\n",
		"\n    1× 17track: connect: ",
		"connection refused by " + addr + "\n",
	} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("refresh --once SHOP-1 through a closed port: no %q in\n%s%s", line, r.stdout, r.stderr)
		}
	}
	if r.code != 1 {
		t.Errorf("refresh --once SHOP-1 through a closed port: exit %d, want 1", r.code)
	}
	if r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg, "NOSUCH-1"); r.code != 1 || !strings.Contains(r.stderr, `no order or tracking number "NOSUCH-1"`) {
		t.Errorf("refresh --once NOSUCH-1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A refused connection, a name that does not resolve, a certificate nobody
// vouches for and a server that never answers are four different problems
// for four different people; the pass names each, and exits 1. Each is a
// real local condition: nothing here needs the internet.
func TestCLIRefreshTellsTransportFailuresApart(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	quiet := func(s *httptest.Server) *httptest.Server {
		s.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
		return s
	}
	tlsSrv := quiet(httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("a request went through a connection whose certificate nobody vouches for")
	})))
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close) // after the parallel subtests, not when this function returns
	// The silent server reads the request (only then does net/http notice
	// the client hanging up) and never answers; it lets go when the test ends.
	hush := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-hush:
		}
	}))
	t.Cleanup(silent.Close)
	t.Cleanup(func() { close(hush) }) // runs first
	refused := closedPort(t)

	tests := []struct {
		name, base, timeout string
		want                []string
	}{
		{"closed port", "http://" + refused, "20s", []string{"failures 1", "17track: connect: ", "connection refused by " + refused + "\n"}},
		{"name under .invalid", "http://api.17track.invalid", "20s", []string{"failures 1", "17track: connect: ", "cannot resolve api.17track.invalid (DNS: "}},
		{"untrusted certificate", tlsSrv.URL, "20s", []string{"skipped 1", "17track stopped: no trusted TLS connection: 17track: tls: ",
			"TLS handshake with " + strings.TrimPrefix(tlsSrv.URL, "https://") + " failed: certificate signed by unknown authority"}},
		{"server that never answers", silent.URL, "300ms", []string{"failures 1", "17track: timeout: ", "no answer within 300ms\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each spends seconds in the refresher's retry waits
			db, cfg := refresh17(t, tt.base, "the-key-0123456789", tt.timeout)
			r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("no %q in\n%s%s", w, r.stdout, r.stderr)
				}
			}
			if r.code != 1 {
				t.Errorf("exit %d, want 1 (a parcel failed)", r.code)
			}
			if tt.name != "server that never answers" && strings.Contains(r.stdout, "timeout") {
				t.Errorf("called a timeout:\n%s", r.stdout)
			}
		})
	}
}
