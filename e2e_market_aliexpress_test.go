package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waybill/carriers/aliexpress"
	"waybill/carriers/aliexpress/aliexpressfake"
)

// aeSecret is the fake app's secret; it reaches waybill only through the
// environment variable app_secret_env names.
const aeSecret = "s3cret-app-SECRET-42"

// aeConfig writes a config whose [marketplaces.aliexpress] points at a
// fresh fake gateway, and returns the config's path and the gateway.
func aeConfig(t *testing.T, table string) (string, *aliexpressfake.Gateway) {
	t.Helper()
	g := &aliexpressfake.Gateway{AppKey: "500123", Secret: aeSecret}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	table = strings.ReplaceAll(table, "BASE", srv.URL)
	if err := os.WriteFile(cfg, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, g
}

const aeTable = `[marketplaces.aliexpress]
app_key = "500123"
app_secret_env = "WAYBILL_TEST_AE_SECRET"
base_url = "BASE"
redirect_uri = "https://example.com/callback"
`

// `waybill connect aliexpress --code` trades the code for tokens, keeps
// them in a 0600 file beside the config and says who connected and until
// when; no output holds the app secret, a token or the code.
func TestConnectAliExpressWritesPrivateTokenFile(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	cfg, g := aeConfig(t, aeTable)
	const code = "CODE-4f9a-consent"
	g.AddCode(code)
	r := waybill(t, "connect", "aliexpress", "--code", code, "--config", cfg)
	if r.code != 0 {
		t.Fatalf("connect: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	path := filepath.Join(filepath.Dir(cfg), aliexpress.TokenFileName)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no token file: %v\n%s", err, r.stdout)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %04o, want 0600", fi.Mode().Perm())
	}
	tok, err := aliexpress.LoadTokens(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fake_store", "2000001", "expires", path} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output does not show %q:\n%s", want, r.stdout)
		}
	}
	for _, secret := range []string{aeSecret, tok.AccessToken, tok.RefreshToken, code} {
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("output shows the secret %q:\n%s%s", secret, r.stdout, r.stderr)
		}
	}
}

// Without --code the command prints the consent page's address and reads
// the code, or the whole callback address, from stdin.
func TestConnectAliExpressReadsPastedCode(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	cfg, g := aeConfig(t, aeTable)
	g.AddCode("PASTED1")
	r := waybillStdin(t, "https://example.com/callback?code=PASTED1\n", "connect", "aliexpress", "--config", cfg)
	if r.code != 0 {
		t.Fatalf("connect: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"/oauth/authorize?", "client_id=500123", "redirect_uri=https%3A%2F%2Fexample.com%2Fcallback", "fake_store"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output does not show %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "Paste the code") {
		t.Errorf("no prompt on stderr: %q", r.stderr)
	}
	// An address from another attempt carries another state: refused.
	g.AddCode("PASTED2")
	r = waybillStdin(t, "https://example.com/callback?code=PASTED2&state=forged\n", "connect", "aliexpress", "--config", cfg)
	if r.code != 1 || !strings.Contains(r.stderr, "another connect attempt") {
		t.Errorf("forged state: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A wrong code, a missing table and a missing key each say what is wrong
// and where, and write no token file.
func TestConnectAliExpressErrors(t *testing.T) {
	t.Parallel() // its own fake, store and config; the secrets its config names are set once (TestMain)
	for _, tc := range []struct {
		name, table, code string
		want              []string
	}{
		{"wrong code", aeTable, "WRONG-code-77", []string{"InvalidCode", "run waybill connect aliexpress again"}},
		{"no table", "[refresh]\n", "C1", []string{"no [marketplaces.aliexpress] table", "config.toml"}},
		{"no app_key", strings.Replace(aeTable, `app_key = "500123"`, "", 1), "C1", []string{"marketplaces.aliexpress", "app_key", "config.toml"}},
		{"unset secret variable", strings.Replace(aeTable, "WAYBILL_TEST_AE_SECRET", "WAYBILL_TEST_AE_UNSET", 1), "C1",
			[]string{"WAYBILL_TEST_AE_UNSET", "app_secret_env", "config.toml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _ := aeConfig(t, tc.table)
			r := waybill(t, "connect", "aliexpress", "--code", tc.code, "--config", cfg)
			if r.code != 1 {
				t.Errorf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
			}
			for _, want := range tc.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("error does not say %q:\n%s", want, r.stderr)
				}
			}
			for _, secret := range []string{aeSecret, tc.code} {
				if strings.Contains(r.stdout+r.stderr, secret) {
					t.Errorf("output shows %q:\n%s%s", secret, r.stdout, r.stderr)
				}
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(cfg), aliexpress.TokenFileName)); err == nil {
				t.Error("a token file was written")
			}
		})
	}
}

// waybillStdin is waybill with stdin, in a private HOME.
func waybillStdin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	home := t.TempDir()
	env := append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	return waybillIn(t, env, stdin, args...)
}
