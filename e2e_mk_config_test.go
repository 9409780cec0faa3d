package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A marketplace's *_env key naming a variable that is unset or empty is
// refused when any command starts, naming the key and the variable, as the
// carriers' keys are — not found by the first sync in the background.
func TestMarketplaceEnvCheckedAtStart(t *testing.T) {
	t.Setenv("WAYBILL_MK_SET", "value")
	tests := []struct{ name, src, want string }{
		{"aliexpress app_secret_env", "[marketplaces.aliexpress]\napp_key = \"500123\"\napp_secret_env = \"WAYBILL_MK_UNSET_AE\"\n",
			`line 3: marketplaces.aliexpress.app_secret_env = "WAYBILL_MK_UNSET_AE": environment variable WAYBILL_MK_UNSET_AE is not set or empty`},
		{"shopify access_token_env", "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token_env = \"WAYBILL_MK_UNSET_TOKEN\"\n",
			`line 3: marketplaces.shopify.access_token_env = "WAYBILL_MK_UNSET_TOKEN": environment variable WAYBILL_MK_UNSET_TOKEN is not set or empty`},
		{"shopify webhook_secret_env", "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token_env = \"WAYBILL_MK_SET\"\nwebhook_secret_env = \"WAYBILL_MK_UNSET_HOOK\"\n",
			`line 4: marketplaces.shopify.webhook_secret_env = "WAYBILL_MK_UNSET_HOOK": environment variable WAYBILL_MK_UNSET_HOOK is not set or empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "c.toml")
			os.WriteFile(cfg, []byte(tt.src), 0o600)
			db := filepath.Join(dir, "w.db") // a file: the test is that none is made
			for _, args := range [][]string{{"list", "--db", db}, {"sync", "--once", "--db", db}, {"deadlines", "--db", db}} {
				r := waybill(t, append(args, "--config", cfg)...)
				if r.code == 0 || !strings.Contains(r.stderr, tt.want) {
					t.Errorf("%s: exit %d, stderr\n%s\nwant %q", args[0], r.code, r.stderr, tt.want)
				}
			}
			if _, err := os.Stat(db); !os.IsNotExist(err) {
				t.Errorf("a store was made under a bad config: %v", err)
			}
		})
	}
}
