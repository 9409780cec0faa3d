package tracker

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte(`
[demo]
speed = 60

[refresh]
interval = "5s"
in_transit = "6h"

[rules]
stale_days = 10

[carriers.dhl]
api_key_env = "DHL_KEY"

[carriers.ship24]
enabled = false
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Demo.Speed != 60 || cfg.Demo.Orders != 300 {
		t.Errorf("demo = %+v", cfg.Demo)
	}
	if cfg.Refresh.Interval.Duration != 5*time.Second || cfg.Refresh.InTransit.Duration != 6*time.Hour || cfg.Refresh.Customs.Duration != 3*time.Hour {
		t.Errorf("refresh = %+v", cfg.Refresh)
	}
	if cfg.Rules.StaleDays != 10 || cfg.Rules.NoTrackingDays != 5 {
		t.Errorf("rules = %+v", cfg.Rules)
	}
	if got := cfg.RealCarriers(); len(got) != 1 || got[0] != "dhl" {
		t.Errorf("real carriers = %v", got)
	}
}

func TestParseConfigErrorsNameFileLineAndKey(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"syntax", "[demo]\nspeed = = 3\n", []string{"c.toml line 2"}},
		{"wrong type", "[demo]\n\norders = \"many\"\n", []string{"c.toml line 3", "demo.orders"}},
		{"unknown key", "[rules]\nstale_days = 7\nstael_days = 8\n", []string{"c.toml line 3", "rules.stael_days", "unknown setting"}},
		{"out of range", "[rules]\n# comment\nstale_days = 0\n", []string{"c.toml line 3", "rules.stale_days", "0 is out of range"}},
		{"bad duration", "[refresh]\ninterval = \"soon\"\n", []string{"c.toml line 2", "soon"}},
		{"too short", "[refresh]\nin_transit = \"10s\"\n", []string{"line 2", "refresh.in_transit", "10s"}},
		{"lost before stale", "[rules]\nstale_days = 9\nlost_days = 8\n", []string{"line 3", "rules.lost_days"}},
		{"eta samples", "[eta]\nmin_samples = 0\n", []string{"line 2", "eta.min_samples", "0 is out of range"}},
		{"eta window", "[eta]\nwindow = \"2d\"\n", []string{"line 2", "eta.window", "shorter than 7 days"}},
		{"unknown service", "[carriers.17trak]\napi_key = \"k\"\n", []string{"line 1", "carriers.17trak", "unknown tracking service"}},
		{"service without a key", "\n[carriers.aftership]\nbase_url = \"http://x\"\n", []string{"line 2", "carriers.aftership", "api_key"}},
		{"kuaidi100 without customer", "[carriers.kuaidi100]\napi_key = \"k\"\n", []string{"carriers.kuaidi100", "customer"}},
		{"default not configured", "[tracking]\ndefault = \"ship24\"\n", []string{"line 2", "tracking.default", "ship24"}},
		{"alert kind unknown", "[alerts.webhook]\nurl = \"https://x\"\nkinds = [\"lost\", \"gone\"]\n", []string{"line 3", "alerts.webhook.kinds", "gone"}},
		{"alert severity unknown", "[alerts.sms]\naccount_sid = \"a\"\nauth_token = \"t\"\nfrom = \"1\"\nto = [\"2\"]\nmin_severity = \"dire\"\n", []string{"alerts.sms.min_severity", "dire"}},
		{"smtp without a port", "[alerts.email]\nsmtp_addr = \"mail.example.com\"\nfrom = \"a@b\"\nto = [\"c@d\"]\n", []string{"line 2", "alerts.email.smtp_addr"}},
		{"smtp tls unknown", "[alerts.email]\nsmtp_addr = \"m:25\"\ntls = \"ssl3\"\nfrom = \"a@b\"\nto = [\"c@d\"]\n", []string{"line 3", "alerts.email.tls", "ssl3"}},
		{"promised days out of range", "[rules.promised_days]\n\"Standard\" = 0\n", []string{"rules.promised_days", "Standard"}},
		{"default is a direct carrier", "[tracking]\ndefault = \"dhl\"\n[carriers.dhl]\napi_key = \"k\"\n", []string{"tracking.default", "aggregator"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "none.toml")
	if _, err := LoadConfig(p, true); err != nil {
		t.Fatalf("missing default config: %v", err)
	}
	if _, err := LoadConfig(p, false); err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("missing named config: %v", err)
	}
}

// The example config must stay loadable and must document every key.
func TestExampleConfig(t *testing.T) {
	src, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig("config.example.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultConfig()
	if cfg.Demo != def.Demo || !reflect.DeepEqual(cfg.Rules, def.Rules) || cfg.Refresh != def.Refresh || cfg.SSH != def.SSH || cfg.ETA != def.ETA ||
		!reflect.DeepEqual(cfg.Prechecks, def.Prechecks) {
		t.Errorf("example config differs from the defaults it documents:\n%+v\n%+v", cfg, def)
	}
	for _, key := range []string{"path", "orders", "seed", "speed", "interval", "concurrency", "lease", "out_for_delivery", "customs", "in_transit", "pending_min", "pending_max", "jitter", "pushed_factor", "pushed_within", "no_tracking_days", "stale_days", "lost_days", "api_key", "api_key_env", "base_url", "rate_per_second", "batch_size", "enabled", "customer", "timeout", "webhook_secret", "webhook_secret_env", "default", "digest", "seller", "templates_dir",
		"listen", "host_key_path", "authorized_keys", "default_role", "idle_timeout", "max_sessions", "max_auth_per_minute",
		"session_wait", "max_connections_per_key",
		"name", "role", "public_key", "min_samples", "window", "sensitive_keywords", "high_value", "require_hs_code", "require_declared_value"} {
		if !strings.Contains(string(src), key+" =") {
			t.Errorf("config.example.toml does not document %s", key)
		}
	}
	for _, table := range []string{"[rules.promised_days]", "[tracking]", "[carriers.17track]", "[alerts.email]", "[alerts.webhook]", "[alerts.sms]", "smtp_addr", "password_env", "secret_env", "format", "min_severity", "account_sid", "auth_token_env", "[ssh]", "[[agents]]", "[prechecks]", "[prechecks.high_value_by_currency]"} {
		if !strings.Contains(string(src), table) {
			t.Errorf("config.example.toml does not document %s", table)
		}
	}
}
