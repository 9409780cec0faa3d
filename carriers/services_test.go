package carriers

import (
	"strings"
	"testing"

	"waybill/tracker"
)

func cfgOf(t *testing.T, src string) tracker.Config {
	t.Helper()
	cfg, err := tracker.ParseConfig("c.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestRouting(t *testing.T) {
	env := map[string]string{"K": "from-env"}
	cfg := cfgOf(t, `
[tracking]
default = "17track"
[carriers.17track]
api_key_env = "K"
[carriers.aftership]
api_key = "a"
[carriers.dhl]
api_key = "d"
[carriers.ship24]
api_key = "s"
enabled = false
`)
	set, err := Build(cfg, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 3 {
		t.Fatalf("%d services, want 3 (ship24 is disabled)", set.Len())
	}
	tests := []struct{ slug, want string }{
		{"dhl-express", "dhl"},
		{"dhl-ecommerce", "dhl"},
		{"china-post", "17track"},
		{"", "17track"},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			if c := set.Route(tt.slug); c == nil || c.Name() != tt.want {
				t.Fatalf("Route(%q) = %v, want %s", tt.slug, c, tt.want)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"key variable unset", "[carriers.17track]\napi_key_env = \"NOPE\"\n", "NOPE"},
		{"two aggregators and no default", "[carriers.17track]\napi_key = \"a\"\n[carriers.ship24]\napi_key = \"b\"\n", "tracking.default"},
		{"bad base_url", "[carriers.aftership]\napi_key = \"a\"\nbase_url = \"ftp://x\"\n", "ftp://x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(cfgOf(t, tt.src), func(string) string { return "" })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one naming %q", err, tt.want)
			}
		})
	}
	// Only a direct carrier: its numbers route, others have no service.
	set, err := Build(cfgOf(t, "[carriers.dhl]\napi_key = \"d\"\n"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if set.Route("ups") != nil || set.Route("dhl-express") == nil {
		t.Fatal("a lone direct carrier must serve only its own numbers")
	}
}

func TestWebhooksOnlyWithASecret(t *testing.T) {
	cfg := cfgOf(t, "[tracking]\ndefault = \"17track\"\n[carriers.17track]\napi_key = \"a\"\nwebhook_secret = \"s\"\n[carriers.aftership]\napi_key = \"b\"\n[carriers.dhl]\napi_key = \"d\"\nwebhook_secret = \"x\"\n")
	set, err := Build(cfg, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	_, paths := set.Webhooks(nil)
	if strings.Join(paths, " ") != "/webhooks/17track" {
		t.Fatalf("webhook paths %v: want only 17track (aftership has no secret, dhl has no pushes)", paths)
	}
}
