package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"waybill/carriers/aftership/aftershipfake"
	"waybill/carriers/dhl/dhlfake"
	"waybill/carriers/kuaidi100/kuaidi100fake"
	"waybill/carriers/ship24/ship24fake"
	"waybill/carriers/track123/track123fake"
	"waybill/carriers/track17/track17fake"
	"waybill/carriers/trackingmore/trackingmorefake"
	"waybill/tracker"
	"waybill/ui/serve/servetest"
)

// echoServer is a hostile or broken service: it answers every request with
// status and a body that repeats every header and the request body, as
// some APIs do in their error messages ("invalid key: …").
func echoServer(t *testing.T, status int) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var b strings.Builder
		// The headers that carry keys first: error snippets are short.
		for _, h := range []string{"17token", "As-Api-Key", "Authorization", "Dhl-Api-Key", "Track123-Api-Secret", "Tracking-Api-Key"} {
			if v := r.Header.Get(h); v != "" {
				fmt.Fprintf(&b, "invalid key %s; ", v)
			}
		}
		fmt.Fprintf(&b, "bad request %s?%s:", r.URL.Path, r.URL.RawQuery)
		for k, v := range r.Header {
			fmt.Fprintf(&b, " %s=%s", k, strings.Join(v, ","))
		}
		fmt.Fprintf(&b, " body=%s", body)
		http.Error(w, b.String(), status)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestKeysNeverLeak sets each service's key to a unique marker, runs the
// commands that touch it against the service's fake (succeeding) and an
// echoing server (failing with 401, 400 and 500), and greps everything a
// person or script sees (stdout, stderr, --json, exports) and the store
// file itself for the marker.
func TestKeysNeverLeak(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	services := []struct {
		slug, number, extra string
		fake                func(t *testing.T) (url, key string)
	}{
		{"17track", "RB123456785GB", "", func(t *testing.T) (string, string) { f := track17fake.New(t, 40); return f.URL(), f.Key() }},
		{"aftership", "RB123456785GB", "", func(t *testing.T) (string, string) { f := aftershipfake.New(t, 50); return f.URL(), f.Key() }},
		{"ship24", "RB123456785GB", "", func(t *testing.T) (string, string) { f := ship24fake.New(t, 1); return f.URL(), f.Key() }},
		{"kuaidi100", "RB123456785GB", fmt.Sprintf("customer = %q\n", kuaidi100fake.Customer),
			func(t *testing.T) (string, string) { f := kuaidi100fake.New(t, 1); return f.URL(), f.Key() }},
		{"dhl", "3318810025", "", func(t *testing.T) (string, string) { f := dhlfake.New(t, 1); return f.URL(), f.Key() }},
		{"track123", "RB123456785GB", "", func(t *testing.T) (string, string) { f := track123fake.New(t, 100); return f.URL(), f.Key() }},
		{"trackingmore", "RB123456785GB", "", func(t *testing.T) (string, string) { f := trackingmorefake.New(t, 40); return f.URL(), f.Key() }},
	}
	for _, svc := range services {
		fakeURL, fakeKey := svc.fake(t)
		backends := []struct{ name, url, key string }{
			{"fake answers", fakeURL, fakeKey},
			{"401 echoing the key", echoServer(t, http.StatusUnauthorized), "MARKER-" + svc.slug + "-401-9f3c2a"},
			{"400 echoing the key", echoServer(t, http.StatusBadRequest), "MARKER-" + svc.slug + "-400-9f3c2a"},
			{"500 echoing the key", echoServer(t, http.StatusInternalServerError), "MARKER-" + svc.slug + "-500-9f3c2a"},
		}
		for _, be := range backends {
			t.Run(svc.slug+"/"+be.name, func(t *testing.T) {
				// Most of the time is the 500's retries waiting, not work.
				t.Parallel()
				dir := t.TempDir()
				db := e2eStoreIn(t, dir, "w.db")
				cfg := filepath.Join(dir, "c.toml")
				tracking := ""
				if svc.slug != "dhl" {
					tracking = fmt.Sprintf("[tracking]\ndefault = %q\n", svc.slug)
				}
				os.WriteFile(cfg, []byte(fmt.Sprintf("%s[carriers.%s]\napi_key_env = \"WB_TEST_KEY\"\nbase_url = %q\n%s",
					tracking, svc.slug, be.url, svc.extra)), 0o600)
				home := t.TempDir()
				env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"),
					"XDG_DATA_HOME="+filepath.Join(home, "data"), "WB_TEST_KEY="+be.key)
				var seen strings.Builder
				run := func(args ...string) {
					r := waybill2(t, env, append(args, "--db", db, "--config", cfg)...)
					fmt.Fprintf(&seen, "$ %s\n%s%s", strings.Join(args, " "), r.stdout, r.stderr)
				}
				run("add", "--order", "SHOP-1", "--tracking", svc.number, "--buyer", "Ann")
				run("refresh", "--once")
				run("refresh", "--once", svc.number)
				run("list", "--json")
				run("list")
				run("show", "--json", svc.number)
				run("show", svc.number)
				run("export", "--what", "orders")
				run("export", "--what", "shipments", "--format", "json")
				run("export", "--what", "exceptions", "--format", "json")
				if !strings.Contains(seen.String(), "SHOP-1") {
					t.Fatalf("the commands did not run:\n%s", seen.String())
				}
				if strings.Contains(seen.String(), be.key) {
					t.Errorf("the key %s is in the output:\n%s", be.key, seen.String())
				}
				for _, f := range []string{db, db + "-wal"} {
					if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), be.key) {
						t.Errorf("the key is stored in %s", filepath.Base(f))
					}
				}
				if strings.Contains(be.name, "echo") && !strings.Contains(seen.String(), "[redacted]") && !strings.Contains(seen.String(), "key rejected") {
					t.Logf("no sign the echo reached the output:\n%s", seen.String())
				}
			})
		}
	}
}

// A config that holds a key and that others can read gets one warning on
// stderr naming the file and its mode, never the key; a private one none.
func TestReadableConfigWithSecretsWarnsOnce(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	const key = "MARKER-inline-key-77d1"
	tests := []struct {
		name string
		mode os.FileMode
		warn bool
	}{
		{"world-readable", 0o644, true},
		{"group-readable", 0o640, true},
		{"private", 0o600, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "c.toml")
			os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = \"http://127.0.0.1:1\"\n", key)), 0o600)
			os.Chmod(cfg, tt.mode)
			r := waybill(t, "list", "--db", e2eStoreIn(t, dir, "w.db"), "--config", cfg)
			n := strings.Count(r.stderr, "warning: "+cfg)
			switch {
			case tt.warn && (n != 1 || !strings.Contains(r.stderr, fmt.Sprintf("mode %04o", tt.mode))):
				t.Errorf("stderr %q: want one warning naming %s and mode %04o", r.stderr, cfg, tt.mode)
			case !tt.warn && n != 0:
				t.Errorf("a private config warned: %q", r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, key) {
				t.Errorf("the key is in the output: %s%s", r.stdout, r.stderr)
			}
		})
	}
}

// The screen an agent sees over SSH, and serve's own output, never show
// the key, even when the service echoes it in a refusal.
func TestKeyNeverOnTheAgentsScreen(t *testing.T) {
	const key = "MARKER-tui-key-3b7e55"
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "c.toml")
	agent := newAgent("alice", tracker.RoleAgent)
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key_env = \"WB_TEST_KEY\"\nbase_url = %q\n\n[refresh]\ninterval = \"1s\"\n%s",
		echoServer(t, http.StatusUnauthorized), agentsTOML(agent))), 0o600)
	t.Setenv("WB_TEST_KEY", key)
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "SHOP-1", "--tracking", "RB123456785GB"); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	cmd := exec.Command(binary, "serve", "--ssh", "127.0.0.1:0", "--db", db, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	logs := &lockedBuffer{}
	cmd.Stderr = logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	r := bufio.NewReader(out)
	addr, _ := readListen(t, r)
	stdout := &lockedBuffer{}
	go io.Copy(stdout, r)
	client, err := servetest.Dial(addr, servetest.Config(agent.name, gossh.PublicKeys(agent.signer)))
	if err != nil {
		t.Fatal(err)
	}
	sess, err := servetest.Start(client, "xterm-256color", 400, 30) // wide: the whole reason shows
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	// The refresher's failure reaches the status bar: the service's
	// refusal, which quoted the key.
	screen, err := sess.WaitFor(sshWait, "SHOP-1", "17track stopped")
	if err != nil {
		t.Fatalf("the agent's screen: %v\nlog:\n%s", err, logs.String())
	}
	if !strings.Contains(screen, "invalid key [redacted]") {
		t.Fatalf("the service's refusal is not on the screen, so the test shows nothing:\n%s", screen)
	}
	if strings.Contains(screen, key) || strings.Contains(logs.String(), key) || strings.Contains(stdout.String(), key) {
		t.Fatalf("the key is shown:\n%s\nlog:\n%s\nout:\n%s", screen, logs.String(), stdout.String())
	}
}
