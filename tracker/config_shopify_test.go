package tracker

import (
	"slices"
	"strings"
	"testing"
)

// [marketplaces.shopify] is checked with file, line, key and value like
// every table, and its token and webhook secret count as secrets.
func TestShopifyConfig(t *testing.T) {
	const ok = "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token_env = \"SHOPIFY_TOKEN\"\n"
	tests := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"no shop", "[marketplaces.shopify]\naccess_token_env = \"T\"\n", []string{"c.toml", "line 1", "marketplaces.shopify", "needs shop"}, nil},
		{"no token", "[marketplaces.shopify]\nshop = \"my-shop\"\n", []string{"line 1", "access_token_env"}, nil},
		{"shop not a name", "[marketplaces.shopify]\nshop = \"my shop!\"\naccess_token_env = \"T\"\n", []string{"line 2", `marketplaces.shopify.shop = "my shop!"`}, nil},
		{"api_version", ok + "api_version = \"2025-02\"\n", []string{"line 4", `marketplaces.shopify.api_version = "2025-02"`, "2025-01"}, nil},
		{"base_url", ok + "base_url = \"ftp://x\"\n", []string{"line 4", "marketplaces.shopify.base_url"}, nil},
		{"token env holding the token", "[marketplaces.shopify]\nshop = \"s\"\naccess_token_env = \"shpat_abc-123\"\n", []string{"line 3", "marketplaces.shopify.access_token_env: not the name"}, []string{"shpat_abc"}},
		{"webhook secret env holding the secret", ok + "webhook_secret_env = \"shpss test\"\n", []string{"line 4", "webhook_secret_env: not the name"}, []string{"shpss"}},
		{"inline token not shown", "[marketplaces.shopify]\nshop = \"bad shop\"\naccess_token = \"shpat_SECRET\"\n", []string{"line 2"}, []string{"shpat_SECRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\ndoes not say %q", err, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(err.Error(), n) {
					t.Errorf("error %q shows %q", err, n)
				}
			}
		})
	}
	c, err := ParseConfig("c.toml", []byte(ok+"api_version = \"2025-04\"\nwebhook_secret = \"shpss_x\"\naccess_token = \"shpat_y\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Marketplaces.Shopify; s == nil || s.Shop != "my-shop" || s.APIVersion != "2025-04" {
		t.Fatalf("parsed %+v", s)
	}
	got := c.InlineSecrets()
	for _, want := range []string{"marketplaces.shopify.access_token", "marketplaces.shopify.webhook_secret"} {
		if !slices.Contains(got, want) {
			t.Errorf("InlineSecrets = %v, lacks %s", got, want)
		}
	}
	if !isSecretKey("marketplaces.shopify.access_token") {
		t.Error("access_token is not a secret key")
	}
}
