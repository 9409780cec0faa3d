package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waybill/store/pgtest"
)

// withPassword is the store URL u with a password in it: the test cluster
// trusts its socket and never asks for one, so it is there only to be
// kept out of everything waybill prints.
func withPassword(t *testing.T, u, password string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	p.User = url.UserPassword(p.User.Username(), password)
	return p.String()
}

// Issue 25: --db postgres://… and [store] url put the commands on a
// PostgreSQL database, and its password is never shown.
func TestPGStoreByURL(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	const secret = "s3cret-pw"
	db := withPassword(t, pgtest.Standalone(t), secret)
	noSecret := func(step string, r result) {
		t.Helper()
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("%s printed the password:\n%s%s", step, r.stdout, r.stderr)
		}
	}

	r := waybill(t, "demo", "--orders", "25", "--seed", "7", "--db", db)
	noSecret("demo", r)
	if r.code != 0 || !strings.Contains(r.stdout, "added 25 demo orders") {
		t.Fatalf("demo --db postgres://…: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	listed := func(step string, args ...string) int {
		t.Helper()
		r := waybill(t, append([]string{"list", "--json"}, args...)...)
		noSecret(step, r)
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", step, r.code, r.stderr)
		}
		var orders []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil {
			t.Fatalf("%s: not a JSON array: %v\n%s", step, err, r.stdout)
		}
		return len(orders)
	}
	if n := listed("list --db postgres://…", "--db", db); n != 25 {
		t.Errorf("list --db postgres://… = %d orders, want the demo's 25", n)
	}

	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte("[store]\nurl = \""+db+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n := listed("list with [store] url", "--config", cfg); n != 25 {
		t.Errorf("list with [store] url = %d orders, want the demo's 25", n)
	}
	r = waybill(t, "demo", "--status", "--config", cfg)
	noSecret("demo status", r)
	if !strings.Contains(r.stdout, "store.url in") || !strings.Contains(r.stdout, ":xxxxx@") {
		t.Errorf("demo status with [store] url should name it, password hidden:\n%s%s", r.stdout, r.stderr)
	}

	// A database that does not exist: an error naming the URL, not its password.
	p, _ := url.Parse(db)
	p.Path = "/no_such_database"
	r = waybill(t, "list", "--db", p.String())
	noSecret("list on a missing database", r)
	if r.code == 0 || !strings.Contains(r.stderr, "no_such_database") {
		t.Errorf("list on a missing database: exit %d, want an error naming it:\n%s", r.code, r.stderr)
	}

	// [store] url must be a PostgreSQL URL, and not beside [store] path.
	for _, tc := range []struct{ name, toml, want string }{
		{"not a URL", "[store]\nurl = \"/var/lib/w.db\"\n", "not a PostgreSQL URL"},
		{"both", "[store]\npath = \"" + filepath.Join(t.TempDir(), "w.db") + "\"\nurl = \"" + db + "\"\n", "not both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(bad, []byte(tc.toml), 0o600); err != nil {
				t.Fatal(err)
			}
			r := waybill(t, "list", "--config", bad)
			noSecret("a bad [store] url", r)
			if r.code == 0 || !strings.Contains(r.stderr, "store.url") || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want an error on store.url saying %q:\n%s", r.code, tc.want, r.stderr)
			}
		})
	}
}
