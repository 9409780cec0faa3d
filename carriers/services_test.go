package carriers

import (
	"fmt"
	"math"
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

// Build refuses what the config check refuses too (tracker and
// CheckConfig), for a config that did not come through LoadConfig.
func TestBuildErrors(t *testing.T) {
	type cc = tracker.CarrierConfig
	tests := []struct {
		name     string
		carriers map[string]cc
		want     string
	}{
		{"key variable unset", map[string]cc{"17track": {APIKeyEnv: "NOPE"}}, "NOPE"},
		{"two aggregators and no default", map[string]cc{"17track": {APIKey: "a"}, "ship24": {APIKey: "b"}}, "tracking.default"},
		{"bad base_url", map[string]cc{"aftership": {APIKey: "a", BaseURL: "ftp://x"}}, "ftp://x"},
		{"batch over the documented maximum", map[string]cc{"17track": {APIKey: "a", BatchSize: 41}}, "batch_size"},
		{"rate inf", map[string]cc{"17track": {APIKey: "a", RatePerSecond: math.Inf(1)}}, "carriers.17track.rate_per_second = +Inf"},
		{"rate nan", map[string]cc{"17track": {APIKey: "a", RatePerSecond: math.NaN()}}, "carriers.17track.rate_per_second = NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tracker.DefaultConfig()
			cfg.Carriers = tt.carriers
			_, err := Build(cfg, func(string) string { return "" })
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

// Each service's batch_size is checked against its documented maximum
// when the config is loaded, with the file, line, key and value; 0 means
// the maximum.
func TestCheckConfigBatchSizes(t *testing.T) {
	tests := []struct {
		service string
		most    int
	}{
		{"17track", 40}, {"aftership", 50}, {"ship24", 1}, {"dhl", 1}, {"kuaidi100", 1},
		{"track123", 100},
		{"trackingmore", 40},
	}
	for _, tt := range tests {
		t.Run(tt.service, func(t *testing.T) {
			table := fmt.Sprintf("# one service\n[carriers.%s]\napi_key = \"k\"\ncustomer = \"c\"\n", tt.service)
			for _, n := range []int{0, 1, tt.most} {
				if _, err := tracker.ParseConfig("c.toml", []byte(fmt.Sprintf("%sbatch_size = %d\n", table, n)), CheckConfig); err != nil {
					t.Errorf("batch_size = %d: %v", n, err)
				}
			}
			src := fmt.Sprintf("%sbatch_size = 100000\n", table)
			_, err := tracker.ParseConfig("c.toml", []byte(src), CheckConfig)
			want := fmt.Sprintf("config c.toml line %d: carriers.%s.batch_size = 100000: want 1 to %d", strings.Count(src, "\n"), tt.service, tt.most)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want %q", err, want)
			}
		})
	}
}
