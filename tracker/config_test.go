package tracker

import (
	"errors"
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
		{"out of range", "[rules]\n# comment\nstale_days = 0\n", []string{"c.toml line 3: rules.stale_days = 0: want 1 to 90"}},
		{"bad duration", "[refresh]\ninterval = \"soon\"\n", []string{"c.toml line 2", "soon"}},
		{"too short", "[refresh]\nin_transit = \"10s\"\n", []string{"line 2", "refresh.in_transit", "10s"}},
		{"lost before stale", "[rules]\nstale_days = 9\nlost_days = 8\n", []string{"line 3", "rules.lost_days"}},
		{"eta samples", "[eta]\nmin_samples = 0\n", []string{"line 2: eta.min_samples = 0: want 1 to 10000"}},
		{"eta window", "[eta]\nwindow = \"2d\"\n", []string{"line 2: eta.window = \"2d\": want a duration from 7d"}},
		{"unknown service", "[carriers.17trak]\napi_key = \"k\"\n", []string{"line 1", "carriers.17trak", "unknown tracking service"}},
		{"service without a key", "\n[carriers.aftership]\nbase_url = \"http://x\"\n", []string{"line 2", "carriers.aftership", "api_key"}},
		{"kuaidi100 without customer", "[carriers.kuaidi100]\napi_key = \"k\"\n", []string{"carriers.kuaidi100", "customer"}},
		{"default not configured", "[tracking]\ndefault = \"ship24\"\n", []string{"line 2", "tracking.default", "ship24"}},
		{"alert kind unknown", "[alerts.webhook]\nurl = \"https://x\"\nkinds = [\"lost\", \"gone\"]\n", []string{"line 3", "alerts.webhook.kinds", "gone"}},
		{"alert severity unknown", "[alerts.sms]\naccount_sid = \"a\"\nauth_token = \"t\"\nfrom = \"1\"\nto = [\"2\"]\nmin_severity = \"dire\"\n", []string{"alerts.sms.min_severity", "dire"}},
		{"smtp without a port", "[alerts.email]\nsmtp_addr = \"mail.example.com\"\nfrom = \"a@b\"\nto = [\"c@d\"]\n", []string{"line 2", "alerts.email.smtp_addr"}},
		{"smtp tls unknown", "[alerts.email]\nsmtp_addr = \"m:25\"\ntls = \"ssl3\"\nfrom = \"a@b\"\nto = [\"c@d\"]\n", []string{"line 3", "alerts.email.tls", "ssl3"}},
		{"promised days out of range", "[rules.promised_days]\n\"Standard\" = 0\n", []string{"rules.promised_days", "Standard"}},
		{"aliexpress without a secret", "[marketplaces.aliexpress]\napp_key = \"k\"\n", []string{"line 1", "marketplaces.aliexpress", "app_secret"}},
		{"aliexpress bad base_url", "[marketplaces.aliexpress]\napp_key = \"k\"\napp_secret_env = \"AE_SECRET\"\nbase_url = \"ftp://x\"\n", []string{"line 4", "marketplaces.aliexpress.base_url"}},
		{"aliexpress rate out of range", "[marketplaces.aliexpress]\napp_key = \"k\"\napp_secret_env = \"AE_SECRET\"\nrate_per_second = 500\n", []string{"line 4", "marketplaces.aliexpress.rate_per_second = 500", "from 0.001 to 100"}},
		{"aliexpress page_size over 50", "[marketplaces.aliexpress]\napp_key = \"k\"\napp_secret_env = \"AE_SECRET\"\npage_size = 100\n", []string{"line 4", "marketplaces.aliexpress.page_size = 100", "want 1 to 50"}},
		{"aliexpress max_extend_days over 365", "[marketplaces.aliexpress]\napp_key = \"k\"\napp_secret_env = \"AE_SECRET\"\nmax_extend_days = 400\n", []string{"line 4", "marketplaces.aliexpress.max_extend_days = 400", "want 1 to 365"}},
		{"aliexpress rate negative", "[marketplaces.aliexpress]\napp_key = \"k\"\napp_secret_env = \"AE_SECRET\"\nrate_per_second = -1\n", []string{"line 4", "marketplaces.aliexpress.rate_per_second = -1"}},
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
	for _, table := range []string{"[rules.promised_days]", "[tracking]", "[carriers.17track]", "[alerts.email]", "[alerts.webhook]", "[alerts.sms]", "smtp_addr", "password_env", "secret_env", "format", "min_severity", "account_sid", "auth_token_env", "[ssh]", "[[agents]]", "[prechecks]", "[prechecks.high_value_by_currency]", "[keys]"} {
		if !strings.Contains(string(src), table) {
			t.Errorf("config.example.toml does not document %s", table)
		}
	}
}

// Values no service or person could want are refused when the config is
// read, each error naming the file, the line, the key and the value as
// written (issue 19, item 8).
func TestParseConfigRefusesValuesNoServiceCouldWant(t *testing.T) {
	const agentKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE3z0M5Cq9kq2wM3o1gYgq8n1cY7Yc6C8yq1O0x3Zs5V c"
	k17 := "[carriers.17track]\napi_key = \"k\"\n"
	email := "[alerts.email]\nsmtp_addr = \"mail.example.com:587\"\nfrom = \"shop@example.com\"\nto = [\"ops@example.com\"]\n"
	sms := "[alerts.sms]\naccount_sid = \"AC1\"\nauth_token_env = \"TOKEN\"\nfrom = \"+15550100\"\nto = [\"+15550111\"]\n"
	tests := []struct {
		name string
		src  string
		want string   // the whole error line, or its start
		not  []string // what the error must not show
	}{
		{"rate inf", k17 + "rate_per_second = inf\n", "config c.toml line 3: carriers.17track.rate_per_second = inf: want a finite number", nil},
		{"rate nan", k17 + "rate_per_second = nan\n", "line 3: carriers.17track.rate_per_second = nan: want a finite number", nil},
		{"rate -inf", k17 + "rate_per_second = -inf\n", "line 3: carriers.17track.rate_per_second = -inf:", nil},
		{"rate far too high", k17 + "rate_per_second = 1e9\n", "line 3: carriers.17track.rate_per_second = 1e9: want a finite number of calls a second from 0.001 to 100", nil},
		{"rate too small to pace", k17 + "rate_per_second = 1e-300\n", "line 3: carriers.17track.rate_per_second = 1e-300:", nil},
		{"base_url ftp", k17 + "base_url = \"ftp://x\"\n", `line 3: carriers.17track.base_url = "ftp://x": scheme "ftp": want an http:// or https:// URL`, nil},
		{"base_url without a host", k17 + "base_url = \"https://\"\n", `line 3: carriers.17track.base_url = "https://": no host`, nil},
		{"base_url port out of range", k17 + "base_url = \"http://127.0.0.1:99999\"\n", `carriers.17track.base_url = "http://127.0.0.1:99999": port "99999"`, nil},
		{"base_url with a password", k17 + "base_url = \"https://u:hunter2@api.example\"\n", `line 3: carriers.17track.base_url = "https://u:xxxxx@api.example": a user or password`, []string{"hunter2"}},
		{"base_url with a query", k17 + "base_url = \"https://api.example/?k=1\"\n", `carriers.17track.base_url = "https://api.example/?k=1": a base URL takes no query`, nil},
		{"batch_size negative", k17 + "batch_size = -1\n", "line 3: carriers.17track.batch_size = -1: want 0", nil},
		{"timeout too long", k17 + "timeout = \"2h\"\n", `line 3: carriers.17track.timeout = "2h": want a duration from 100ms to 5m0s`, nil},
		{"timeout of inf days", k17 + "timeout = \"infd\"\n", `line 3: carriers.17track.timeout = "infd":`, nil},
		{"api_key_env holding the key itself", "[carriers.17track]\napi_key_env = \"sk_live_12-ab.cd\"\n", "line 2: carriers.17track.api_key_env: not the name of an environment variable", []string{"sk_live"}},
		{"webhook_secret_env not a name", k17 + "webhook_secret_env = \"s3cr3t value\"\n", "line 3: carriers.17track.webhook_secret_env: not the name", []string{"s3cr3t"}},
		{"two aggregators, no default", k17 + "[carriers.ship24]\napi_key = \"k\"\n", "tracking.default: 2 aggregators are configured (17track, ship24)", nil},
		{"email from not an address", strings.Replace(email, "shop@example.com", "the shop", 1), `line 3: alerts.email.from = "the shop": not an email address`, nil},
		{"email to not an address", strings.Replace(email, `["ops@example.com"]`, `["ops@example.com", "ops at example"]`, 1), `line 4: alerts.email.to = ["ops@example.com", "ops at example"]: "ops at example": not an email address`, nil},
		{"smtp port zero", strings.Replace(email, ":587", ":0", 1), `line 2: alerts.email.smtp_addr = "mail.example.com:0": port "0": want 1 to 65535`, nil},
		{"smtp without a host", strings.Replace(email, "mail.example.com", "", 1), `line 2: alerts.email.smtp_addr = ":587": no host`, nil},
		{"password_env not a name", email + "password_env = \"pa ss\"\n", "line 5: alerts.email.password_env: not the name", []string{"pa ss"}},
		{"webhook url ftp", "[alerts.webhook]\nurl = \"ftp://hooks.example/x\"\n", `line 2: alerts.webhook.url = "ftp://hooks.example/…": scheme "ftp"`, nil},
		{"webhook url without a host", "[alerts.webhook]\nurl = \"http://\"\n", `line 2: alerts.webhook.url = "http://": no host`, nil},
		{"webhook url's secret path not shown", "[alerts.webhook]\nurl = \"htps://hooks.slack.com/services/T0/B0/XSECRETX\"\n", `alerts.webhook.url = "htps://hooks.slack.com/…": scheme "htps"`, []string{"XSECRETX"}},
		{"sms to not E.164", strings.Replace(sms, `["+15550111"]`, `["+15550111", "5550112"]`, 1), `line 5: alerts.sms.to = ["+15550111", "5550112"]: "5550112": want an E.164 number`, nil},
		{"sms from not a number", strings.Replace(sms, `"+15550100"`, `"+1-555-0100"`, 1), `line 4: alerts.sms.from = "+1-555-0100": want an E.164 number`, nil},
		{"sms without numbers", strings.Replace(sms, `["+15550111"]`, `[]`, 1), "line 5: alerts.sms.to: needs at least one number", nil},
		{"sms base_url ftp", sms + "base_url = \"ftp://twilio\"\n", `line 6: alerts.sms.base_url = "ftp://twilio": scheme "ftp"`, nil},
		{"digest too short", "[alerts]\ndigest = \"10s\"\n", `line 2: alerts.digest = "10s": want 0`, nil},
		{"agent with an empty name", "[[agents]]\nname = \"\"\nrole = \"agent\"\npublic_key = \"" + agentKey + "\"\n", `line 2: agents[0].name = "": the name is empty`, nil},
		{"agent without a name", "[[agents]]\nrole = \"agent\"\npublic_key = \"" + agentKey + "\"\n", "line 1: agents[0].name", nil},
		{"agent named by zero-width spaces", "[[agents]]\nname = \"\u200b\u200b\"\nrole = \"agent\"\npublic_key = \"" + agentKey + "\"\n", `line 2: agents[0].name = "\u200b\u200b": name "\u200b\u200b" has an invisible formatting character`, nil},
		{"agent name with a bidi override", "[[agents]]\nname = \"ali\u202ece\"\nrole = \"agent\"\npublic_key = \"" + agentKey + "\"\n", `agents[0].name = "ali\u202ece"`, []string{"\u202e"}},
		{"demo speed nan", "[demo]\nspeed = nan\n", "line 2: demo.speed = nan: want a number from 1 to 100000", nil},
		{"jitter nan", "[refresh]\njitter = nan\n", "line 2: refresh.jitter = nan:", nil},
		{"pushed factor inf", "[refresh]\npushed_factor = inf\n", "line 2: refresh.pushed_factor = inf:", nil},
		{"a million days", "[refresh]\nin_transit = \"1000000d\"\n", `line 2: refresh.in_transit = "1000000d":`, nil},
		{"in transit a year", "[refresh]\nin_transit = \"365d\"\n", `line 2: refresh.in_transit = "365d": want a duration from 1m0s to 30d`, nil},
		{"high value nan", "[prechecks]\nhigh_value = nan\n", "line 2: prechecks.high_value = nan:", nil},
		{"ssh port out of range", "[ssh]\nlisten = \"127.0.0.1:70000\"\n", `line 2: ssh.listen = "127.0.0.1:70000": port "70000"`, nil},
		{"promised days of a quoted method", "[rules.promised_days]\n\"AliExpress Standard\" = 0\n", `line 2: rules.promised_days."AliExpress Standard" = 0: want 1 to 365`, nil},
		{"a value in an inline table is placed at its table", "[carriers]\n17track = { api_key = \"k\", rate_per_second = inf }\n", "line 2: carriers.17track.rate_per_second = inf:", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n%s\ndoes not say\n%s", err, tt.want)
			}
			for _, n := range tt.not {
				if strings.Contains(err.Error(), n) {
					t.Errorf("error %q shows %q", err, n)
				}
			}
		})
	}
}

// Values a service could want load as given.
func TestParseConfigTakesValuesServicesWant(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte(`
[carriers.17track]
api_key = "k"
base_url = "http://127.0.0.1:8080/proxy"
rate_per_second = 0.0029
batch_size = 40
timeout = "30s"
[carriers.dhl]
api_key = "d"
rate_per_second = 100
[alerts]
digest = "1h"
[alerts.email]
smtp_addr = "smtp.example.com:465"
from = "\"Shop\" <shop@example.com>"
to = ["ops@example.com"]
[alerts.webhook]
url = "https://hooks.slack.com/services/T0/B0/X?x=1"
[alerts.sms]
account_sid = "AC1"
auth_token = "t"
from = "MyShop"
to = ["+447700900123"]
[[agents]]
name = "Ana María"
role = "agent"
public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE3z0M5Cq9kq2wM3o1gYgq8n1cY7Yc6C8yq1O0x3Zs5V c"
[ssh]
listen = "127.0.0.1:0"
`))
	if err != nil {
		t.Fatal(err)
	}
	if cc := cfg.Carriers["17track"]; cc.RatePerSecond != 0.0029 || cc.BatchSize != 40 {
		t.Errorf("17track = %+v", cc)
	}
}

// One run reports every problem of the file, one a line in the file's
// order, values of the wrong type among them: not one per attempt.
func TestParseConfigReportsEveryProblem(t *testing.T) {
	src := `[demo]
orders = "many"
speed = nan

[refresh]
interval = "soon"
lease = "5"

[carriers.17track]
api_key = "k"
rate_per_second = inf
base_url = "ftp://x"
batch_sise = 3

[[agents]]
name = ""
`
	_, err := ParseConfig("c.toml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	var ces ConfigErrors
	if !errors.As(err, &ces) {
		t.Fatalf("error %T, want ConfigErrors", err)
	}
	want := []string{
		`config c.toml line 2: demo.orders = "many": `,
		"config c.toml line 3: demo.speed = nan: ",
		`config c.toml line 6: refresh.interval = "soon": `,
		`config c.toml line 7: refresh.lease = "5": `,
		"config c.toml line 11: carriers.17track.rate_per_second = inf: ",
		`config c.toml line 12: carriers.17track.base_url = "ftp://x": `,
		"config c.toml line 13: carriers.17track.batch_sise: unknown setting",
		`config c.toml line 16: agents[0].name = "": `,
	}
	// Every one is there, in the file's order (an agent's missing role
	// and key are placed at its [[agents]] line, before its name).
	lines := strings.Split(err.Error(), "\n")
	next := 0
	for _, line := range lines {
		if next < len(want) && strings.HasPrefix(line, want[next]) {
			next++
		}
	}
	if next < len(want) {
		t.Errorf("%q… is not reported in its place; the error:\n%s", want[next], err)
	}
	if len(lines) != len(want)+2 {
		t.Errorf("%d problems reported, want %d (the agent's role and key too):\n%s", len(lines), len(want)+2, err)
	}
}

// Checks other packages hold (a service's limits, the order file columns)
// are placed in the file like tracker's own, and each key is reported once.
func TestParseConfigPlacesChecksOfOtherPackages(t *testing.T) {
	check := func(c Config) []*ConfigError {
		if c.Carriers["aftership"].BatchSize > 50 {
			return []*ConfigError{{Key: "carriers.aftership.batch_size", Value: "?", Reason: "want 1 to 50"},
				{Key: "carriers.aftership.batch_size", Value: "?", Reason: "reported twice"}}
		}
		return nil
	}
	_, err := ParseConfig("c.toml", []byte("[carriers.aftership]\napi_key = \"k\"\nbatch_size = 100000 # too many\n"), check)
	if err == nil || err.Error() != "config c.toml line 3: carriers.aftership.batch_size = 100000: want 1 to 50" {
		t.Fatalf("error %v", err)
	}
}

// An environment variable a *_env setting names must be set when any
// command starts, not found empty by the first refresh or alert.
func TestCheckEnv(t *testing.T) {
	env := map[string]string{"SET": "v"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		name, src, want string // want "": no error
	}{
		{"api key variable unset", "[carriers.17track]\napi_key_env = \"T17_KEY\"\n",
			`config c.toml line 2: carriers.17track.api_key_env = "T17_KEY": environment variable T17_KEY is not set or empty (it should hold the 17track API key)`},
		{"api key variable set", "[carriers.17track]\napi_key_env = \"SET\"\n", ""},
		{"api key in the file", "[carriers.17track]\napi_key = \"k\"\napi_key_env = \"T17_KEY\"\n", ""},
		{"service turned off", "[carriers.17track]\nenabled = false\napi_key_env = \"T17_KEY\"\n", ""},
		{"webhook secret unset", "[carriers.17track]\napi_key = \"k\"\nwebhook_secret_env = \"HOOK\"\n", `line 3: carriers.17track.webhook_secret_env = "HOOK": environment variable HOOK`},
		{"smtp password unset", "[alerts.email]\nsmtp_addr = \"m.example:25\"\nfrom = \"a@b.example\"\nto = [\"c@d.example\"]\npassword_env = \"SMTP_PW\"\n", `line 5: alerts.email.password_env = "SMTP_PW"`},
		{"alert webhook secret unset", "[alerts.webhook]\nurl = \"https://h.example\"\nsecret_env = \"WH\"\n", `line 3: alerts.webhook.secret_env = "WH"`},
		{"sms token unset", "[alerts.sms]\naccount_sid = \"AC\"\nauth_token_env = \"TW\"\nfrom = \"+15550100\"\nto = [\"+15550111\"]\n", `line 3: alerts.sms.auth_token_env = "TW"`},
		{"aliexpress app secret unset", "[marketplaces.aliexpress]\napp_key = \"k\"\napp_secret_env = \"AE_SECRET\"\n",
			`config c.toml line 3: marketplaces.aliexpress.app_secret_env = "AE_SECRET": environment variable AE_SECRET is not set or empty (it should hold the AliExpress app secret)`},
		{"aliexpress app secret set", "[marketplaces.aliexpress]\napp_key = \"k\"\napp_secret_env = \"SET\"\n", ""},
		{"aliexpress app secret in the file", "[marketplaces.aliexpress]\napp_key = \"k\"\napp_secret = \"s\"\napp_secret_env = \"AE_SECRET\"\n", ""},
		{"shopify token unset", "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token_env = \"SHOP_TOKEN\"\n",
			`line 3: marketplaces.shopify.access_token_env = "SHOP_TOKEN": environment variable SHOP_TOKEN is not set or empty (it should hold the Shopify Admin API access token)`},
		{"shopify webhook secret unset", "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token_env = \"SET\"\nwebhook_secret_env = \"SHOP_HOOK\"\n",
			`line 4: marketplaces.shopify.webhook_secret_env = "SHOP_HOOK": environment variable SHOP_HOOK`},
		{"shopify all set", "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token_env = \"SET\"\nwebhook_secret_env = \"SET\"\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(tt.src), CheckEnv(getenv))
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// The scanner that places keys is not misled by the insides of multi-line
// arrays and strings, nor by spaced or quoted keys.
func TestKeySpots(t *testing.T) {
	src := `[alerts.email]
to = [
  "a@b.example",
  "[not.a.table]",
]
from = "x@y.example" # the shop
[ carriers . "17track" ]
api_key = "k"
[messages]
seller = """
[not.a.table]
rate = 1
"""
[refresh]
jitter = 0.2
`
	spots := keySpots([]byte(src))
	for key, want := range map[string]spot{
		"alerts.email.to":          {2, `[ …`},
		"alerts.email.from":        {6, `"x@y.example"`},
		"carriers.17track":         {7, ""},
		"carriers.17track.api_key": {8, `"k"`},
		"refresh.jitter":           {15, "0.2"},
	} {
		if got := spots[key]; got != want {
			t.Errorf("%s: %+v, want %+v", key, got, want)
		}
	}
	for _, key := range []string{"not.a.table", "not.a.table.rate", "messages.rate"} {
		if _, ok := spots[key]; ok {
			t.Errorf("%s placed: the scanner read inside a value", key)
		}
	}
}
