package tracker

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/crypto/ssh"
)

// Config is the whole config file (config.example.toml documents every key).
type Config struct {
	Store     StoreConfig              `toml:"store"`
	Demo      DemoConfig               `toml:"demo"`
	Refresh   RefreshConfig            `toml:"refresh"`
	Rules     Rules                    `toml:"rules"`
	Tracking  TrackingConfig           `toml:"tracking"`
	Carriers  map[string]CarrierConfig `toml:"carriers"`
	Alerts    AlertsConfig             `toml:"alerts"`
	Messages  MessagesConfig           `toml:"messages"`
	SSH       SSHConfig                `toml:"ssh"`
	Agents    []AgentConfig            `toml:"agents"`
	Import    ImportConfig             `toml:"import"`
	ETA       ETASettings              `toml:"eta"`
	HTTP      HTTPConfig               `toml:"http"`
	Prechecks PrecheckConfig           `toml:"prechecks"`
	Deadlines DeadlineConfig           `toml:"deadlines"`
	Evidence  EvidenceConfig           `toml:"evidence"`
	Claims    ClaimsConfig             `toml:"claims"`
	// Marketplaces are the seller's accounts orders and disputes come from.
	Marketplaces MarketplacesConfig `toml:"marketplaces"`
	// Keys rebinds the screen's keys by action (ui.CheckKeys knows the
	// actions and checks them when a command starts).
	Keys map[string]KeyList `toml:"keys"`
	UI   UIConfig           `toml:"ui"`
}

// ImportConfig configures `waybill import`.
type ImportConfig struct {
	// Columns maps a field (order_no, tracking_no, carrier, buyer, email,
	// phone, country, address, product, amount, currency, order_date,
	// ship_date, promised_date, shipping_method, hs_code, declared_value,
	// insured, packaging) to the header of the column that holds it,
	// before the built-in aliases.
	Columns map[string]string `toml:"columns"`
}

// SSHConfig configures `waybill serve --ssh`: the same screens for support
// agents over SSH, by public key only.
type SSHConfig struct {
	Listen string `toml:"listen"` // host:port; --ssh overrides it
	// HostKeyPath is the server's private host key, created on first start;
	// "" means ssh_host_ed25519_key beside the store.
	HostKeyPath string `toml:"host_key_path"`
	// AuthorizedKeys names an OpenSSH authorized_keys file whose keys may
	// log in too; each key's comment is the agent's name.
	AuthorizedKeys string `toml:"authorized_keys"`
	// DefaultRole is the role of the agents of AuthorizedKeys.
	DefaultRole string `toml:"default_role"`
	// IdleTimeout ends a session after this long without a key press; 0
	// never does.
	IdleTimeout Duration `toml:"idle_timeout"`
	MaxSessions int      `toml:"max_sessions"` // sessions open at once, all agents together
	// MaxAuthPerMinute bounds the connections (each an attempt to log in)
	// one address may open per minute; more are closed before the handshake.
	MaxAuthPerMinute int `toml:"max_auth_per_minute"`
	// SessionWait closes a connection that has logged in and holds no
	// session for this long: such a login shows nobody a screen, yet holds
	// one of the open connections.
	SessionWait Duration `toml:"session_wait"`
	// MaxConnectionsPerKey bounds the connections, and the sessions, one
	// key may hold at once, so no one key can take every place.
	MaxConnectionsPerKey int `toml:"max_connections_per_key"`
	// AllowImport lets admins import order files from the screen (`i`);
	// the path is read on the server, so it is off by default.
	AllowImport bool `toml:"allow_import"`
}

// AgentConfig is one [[agents]] entry: a person who may log in over SSH.
type AgentConfig struct {
	Name      string `toml:"name"`       // shown on screen and written in the logs
	Role      string `toml:"role"`       // viewer, agent or admin
	PublicKey string `toml:"public_key"` // one authorized_keys line: "ssh-ed25519 AAAA… comment"
	Language  string `toml:"language"`   // en, zh or auto ("": auto, the client's LANG)
}

// MessagesConfig shapes the messages a complaint case sends the buyer.
type MessagesConfig struct {
	Seller string `toml:"seller"` // the shop's name, signed under each message
	// TemplatesDir holds files that override the built-in templates;
	// "" means the templates folder beside the config file.
	TemplatesDir string `toml:"templates_dir"`
}

// AlertsConfig configures the alert channels ([alerts.*]). A channel is on
// when its table exists.
type AlertsConfig struct {
	// Digest, when set, gathers each channel's alerts into one message per
	// interval instead of one message per alert.
	Digest  Duration            `toml:"digest"`
	Email   *EmailAlertConfig   `toml:"email"`
	Webhook *WebhookAlertConfig `toml:"webhook"`
	SMS     *SMSAlertConfig     `toml:"sms"`
}

// AlertFilter picks the alerts a channel gets: the kinds listed (all when
// none) at or above min_severity (low, medium, high, critical).
type AlertFilter struct {
	Kinds       []string `toml:"kinds"`
	MinSeverity string   `toml:"min_severity"`
}

// EmailAlertConfig sends alerts over SMTP.
type EmailAlertConfig struct {
	SMTPAddr    string   `toml:"smtp_addr"` // host:port
	TLS         string   `toml:"tls"`       // none, starttls (default) or tls
	Username    string   `toml:"username"`
	Password    string   `toml:"password"`
	PasswordEnv string   `toml:"password_env"`
	From        string   `toml:"from"`
	To          []string `toml:"to"`
	AlertFilter
}

// WebhookAlertConfig posts alerts as JSON, signed with HMAC-SHA256.
type WebhookAlertConfig struct {
	URL       string `toml:"url"`
	Secret    string `toml:"secret"`
	SecretEnv string `toml:"secret_env"`
	Format    string `toml:"format"` // json (default) or slack
	AlertFilter
}

// SMSAlertConfig sends alerts through a Twilio-compatible Messages API.
type SMSAlertConfig struct {
	BaseURL      string   `toml:"base_url"`
	AccountSID   string   `toml:"account_sid"`
	AuthToken    string   `toml:"auth_token"`
	AuthTokenEnv string   `toml:"auth_token_env"`
	From         string   `toml:"from"`
	To           []string `toml:"to"`
	AlertFilter
}

// Routes lists the configured channels with their filters, for the store
// to write outbox rows by.
func (a AlertsConfig) Routes() []AlertRoute {
	var out []AlertRoute
	add := func(channel string, f AlertFilter) {
		sev, _ := ParseSeverity(f.MinSeverity)
		out = append(out, AlertRoute{Channel: channel, Kinds: f.Kinds, MinSeverity: sev})
	}
	if a.Email != nil {
		add(ChannelEmail, a.Email.AlertFilter)
	}
	if a.Webhook != nil {
		add(ChannelWebhook, a.Webhook.AlertFilter)
	}
	if a.SMS != nil {
		add(ChannelSMS, a.SMS.AlertFilter)
	}
	return out
}

// TrackingConfig chooses among the configured services.
type TrackingConfig struct {
	// Default is the aggregator for numbers no configured direct adapter
	// covers; "" means the only configured service, if there is one.
	Default string `toml:"default"`
	// FollowDays and RestartsPerDay: how long numbers are followed and how
	// many stopped ones are restarted (config_lifecycle.go).
	FollowDays     int `toml:"follow_days"`
	RestartsPerDay int `toml:"restarts_per_day"`
}

// Services are the tracking services waybill can talk to, by their config
// names. Direct carriers serve only their own numbers; aggregators serve any.
var Services = []string{"17track", "aftership", "dhl", "kuaidi100", "ship24", "sim", "track123", "trackingmore"}

// DirectServices maps a direct carrier's service to the carrier slugs whose
// numbers it tracks, so a DHL Express number goes to [carriers.dhl] when that
// is configured rather than to an aggregator.
var DirectServices = map[string][]string{
	"dhl": {"dhl-express", "dhl-ecommerce"},
}

// StoreConfig says where the database lives: an SQLite file (Path) or a
// PostgreSQL database (URL, postgres://…), not both.
type StoreConfig struct {
	Path string `toml:"path"`
	URL  string `toml:"url"`
}

// Where is the store the config names: its URL, else its path ("" for
// the default store).
func (s StoreConfig) Where() string {
	if s.URL != "" {
		return s.URL
	}
	return s.Path
}

// DemoConfig shapes the demo data opened when nothing else is configured.
type DemoConfig struct {
	Orders int     `toml:"orders"`
	Seed   int64   `toml:"seed"`
	Speed  float64 `toml:"speed"`
}

// RefreshConfig drives the background refresher.
type RefreshConfig struct {
	Interval    Duration `toml:"interval"`    // how often to look for due parcels (wall time)
	Concurrency int      `toml:"concurrency"` // calls in flight per service
	Lease       Duration `toml:"lease"`       // how long a claim outlives a crashed process
	Schedule
}

// CarrierConfig configures one tracking service ([carriers.SLUG]).
type CarrierConfig struct {
	Enabled          *bool    `toml:"enabled"`
	APIKey           string   `toml:"api_key"`
	APIKeyEnv        string   `toml:"api_key_env"`
	Customer         string   `toml:"customer"` // Kuaidi100 only
	BaseURL          string   `toml:"base_url"`
	RatePerSecond    float64  `toml:"rate_per_second"`
	BatchSize        int      `toml:"batch_size"`
	Timeout          Duration `toml:"timeout"`
	WebhookSecret    string   `toml:"webhook_secret"`
	WebhookSecretEnv string   `toml:"webhook_secret_env"`
	// CallbackURL is where the service is to push, for a service that
	// pushes only numbers it is asked to (Kuaidi100 only; carriers checks
	// it): the public address of /webhooks/SLUG.
	CallbackURL string `toml:"callback_url"`
	SendPhone   string `toml:"send_phone"` // Kuaidi100 only: last4, full or none of the order's phone
}

// Key returns the API key from the config or from the environment variable
// it names.
func (c CarrierConfig) Key(getenv func(string) string) string {
	if c.APIKey != "" {
		return c.APIKey
	}
	if c.APIKeyEnv != "" {
		return getenv(c.APIKeyEnv)
	}
	return ""
}

// Secret returns the webhook secret from the config or the environment.
func (c CarrierConfig) Secret(getenv func(string) string) string {
	if c.WebhookSecret != "" {
		return c.WebhookSecret
	}
	if c.WebhookSecretEnv != "" {
		return getenv(c.WebhookSecretEnv)
	}
	return ""
}

// On reports whether the carrier is enabled; a table that exists is on
// unless it says enabled = false.
func (c CarrierConfig) On() bool { return c.Enabled == nil || *c.Enabled }

// DefaultConfig is the config of an empty file.
func DefaultConfig() Config {
	return Config{
		Demo:    DemoConfig{Orders: 300, Seed: 1, Speed: 120},
		Refresh: RefreshConfig{Interval: Duration{2 * time.Second}, Concurrency: 2, Lease: Duration{2 * time.Minute}, Schedule: DefaultSchedule()},
		Rules:   DefaultRules(),
		ETA:     DefaultETASettings(),
		SSH: SSHConfig{Listen: "127.0.0.1:23234", DefaultRole: string(RoleViewer), IdleTimeout: Duration{30 * time.Minute},
			MaxSessions: 50, MaxAuthPerMinute: 20, SessionWait: Duration{30 * time.Second}, MaxConnectionsPerKey: 8},
		HTTP:         DefaultHTTP(),
		Prechecks:    DefaultPrechecks(),
		Tracking:     TrackingConfig{FollowDays: DefaultFollowDays, RestartsPerDay: DefaultRestartsPerDay},
		Deadlines:    DefaultDeadlines(),
		Marketplaces: MarketplacesConfig{SyncInterval: Duration{DefaultSyncInterval}},
	}
}

// Policy returns the scheduling and rule settings the store applies.
func (c Config) Policy() Policy {
	return Policy{Schedule: c.Refresh.Schedule, Rules: c.Rules, Alerts: c.Alerts.Routes(), ETA: c.ETA, Deadlines: c.claimDeadlines()}
}

// RealCarriers lists the enabled carriers other than the simulator, sorted.
func (c Config) RealCarriers() []string {
	var out []string
	for name, cc := range c.Carriers {
		if name != "sim" && cc.On() {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// LoadConfig reads a config file over the defaults and checks all of it,
// with validate's own rules and every one of checks. A missing file is not
// an error when missingOK is set (the default location need not exist).
func LoadConfig(path string, missingOK bool, checks ...ConfigCheck) (Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		if missingOK && errors.Is(err, os.ErrNotExist) {
			return ParseConfig(path, nil, checks...)
		}
		return DefaultConfig(), Wrapf(WrapConfigFile, path, err)
	}
	return ParseConfig(path, src, checks...)
}

var decodeErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// ParseConfig parses config text over the defaults and checks all of it;
// name is the file errors name. The error, when there is one, is
// ConfigErrors: every problem found, each with its line, key and value.
func ParseConfig(name string, src []byte, checks ...ConfigCheck) (Config, error) {
	spots := keySpots(src)
	cfg, md, decodeErrs, complete := decode(src, spots)
	if !complete {
		return cfg, collect(name, spots, decodeErrs)
	}
	var unknown []*ConfigError
	for _, k := range md.Undecoded() {
		unknown = append(unknown, &ConfigError{Key: k.String(), Reason: "unknown setting (see config.example.toml)"})
	}
	found := [][]*ConfigError{decodeErrs, unknown, cfg.validate()}
	for _, check := range checks {
		found = append(found, check(cfg))
	}
	return cfg, collect(name, spots, found...)
}

// maxDecodeRounds bounds how many refused values decode reads past.
const maxDecodeRounds = 64

// decode reads src over the defaults. The decoder stops at the first value
// of the wrong type; so that one run reports them all, decode leaves that
// key out and reads the rest again, until all of it decodes. complete is
// false when the text is not TOML at all, or a refused value cannot be left
// out (one in an array of tables): only what was found so far is known.
func decode(src []byte, spots map[string]spot) (cfg Config, md toml.MetaData, errs []*ConfigError, complete bool) {
	text := string(src)
	cfg = DefaultConfig()
	md, err := toml.Decode(text, &cfg)
	if err == nil {
		return cfg, md, nil, true
	}
	errs = append(errs, decodeError(err, spots, true))
	var tree map[string]any
	if _, err := toml.Decode(text, &tree); err != nil {
		return cfg, md, errs, false // a syntax error: the reader cannot go on
	}
	for range maxDecodeRounds {
		if !dropKey(tree, splitKey(errs[len(errs)-1].Key)) {
			return cfg, md, errs, false
		}
		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(tree); err != nil {
			return cfg, md, errs, false
		}
		cfg = DefaultConfig()
		if md, err = toml.Decode(buf.String(), &cfg); err == nil {
			return cfg, md, errs, true
		}
		// The line is of the text written again, not of the file:
		// collect finds the key's line in the file.
		errs = append(errs, decodeError(err, spots, false))
	}
	return cfg, md, errs, false
}

// decodeError is the decoder's error as a ConfigError with the key and the
// value as written; the decoder's line is kept when it is of the file.
func decodeError(err error, spots map[string]spot, ofFile bool) *ConfigError {
	e := &ConfigError{Reason: err.Error()}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e.Line, e.Key, e.Reason = pe.Position.Line, pe.LastKey, pe.Message
	} else if m := decodeErrRE.FindStringSubmatch(err.Error()); m != nil {
		// Type mismatches come as plain errors that carry the position
		// only in their text.
		e.Line, _ = strconv.Atoi(m[1])
		e.Key, e.Reason = m[2], m[3]
	}
	if !ofFile {
		e.Line = 0
	}
	if s, ok := spots[normKey(e.Key)]; ok {
		e.Value = s.raw
	}
	return e
}

// dropKey deletes the key at path from a decoded TOML tree; false when the
// path does not lead to a key of a table (it crosses an array of tables,
// whose entry the decoder does not name).
func dropKey(tree map[string]any, path []string) bool {
	for i, part := range path {
		if i == len(path)-1 {
			if _, ok := tree[part]; !ok {
				return false
			}
			delete(tree, part)
			return true
		}
		next, ok := tree[part].(map[string]any)
		if !ok {
			return false
		}
		tree = next
	}
	return false
}

// inRange reports whether lo ≤ x ≤ hi; never for NaN, which every
// comparison fails, so a check written as !inRange catches it.
func inRange[T ~int | ~int64 | ~float64](x, lo, hi T) bool { return x >= lo && x <= hi }

// Limits of settings no service or person could want beyond.
const (
	// MaxRatePerSecond bounds carriers.*.rate_per_second: no tracking
	// API takes more calls a second from one account.
	MaxRatePerSecond = 100
	// MinRatePerSecond is one call in about 17 minutes (DHL's starter
	// plan allows 250 a day, one in about 6).
	MinRatePerSecond = 0.001
	// MaxCarrierTimeout bounds one call to a tracking service.
	MaxCarrierTimeout = 5 * time.Minute
)

func (c Config) validate() []*ConfigError {
	p := &problems{}
	if u := c.Store.URL; u != "" {
		// Shown without its password (RedactStoreURL), never as written.
		switch shown := ConfigValue(RedactStoreURL(u)); {
		case c.Store.Path != "":
			p.addShown("store.url", shown, "set store.path or store.url, not both")
		case !IsStoreURL(u):
			p.addShown("store.url", shown, "not a PostgreSQL URL: postgres://user:password@host:port/database (an SQLite file goes in store.path)")
		}
	}
	if !inRange(c.Demo.Orders, 1, 1_000_000) {
		p.add("demo.orders", c.Demo.Orders, "want 1 to 1000000")
	}
	if !inRange(c.Demo.Speed, 1, 100_000) {
		p.add("demo.speed", c.Demo.Speed, "want a number from 1 to 100000")
	}
	durations := []struct {
		key    string
		d      Duration
		lo, hi time.Duration
	}{
		{"refresh.interval", c.Refresh.Interval, 100 * time.Millisecond, 24 * time.Hour},
		{"refresh.lease", c.Refresh.Lease, 10 * time.Second, time.Hour},
		{"refresh.out_for_delivery", c.Refresh.OutForDelivery, time.Minute, 30 * 24 * time.Hour},
		{"refresh.customs", c.Refresh.Customs, time.Minute, 30 * 24 * time.Hour},
		{"refresh.in_transit", c.Refresh.InTransit, time.Minute, 30 * 24 * time.Hour},
		{"refresh.pending_min", c.Refresh.PendingMin, time.Minute, 30 * 24 * time.Hour},
		{"refresh.pending_max", c.Refresh.PendingMax, time.Minute, 30 * 24 * time.Hour},
		{"refresh.pushed_within", c.Refresh.PushedWithin, 0, 365 * 24 * time.Hour},
		{"eta.window", c.ETA.Window, 7 * 24 * time.Hour, 10 * 365 * 24 * time.Hour},
		{"marketplaces.sync_interval", c.Marketplaces.SyncInterval, MinSyncInterval, MaxSyncInterval},
	}
	for _, d := range durations {
		if !inRange(d.d.Duration, d.lo, d.hi) {
			p.add(d.key, d.d, "want a duration from %s to %s", showDays(d.lo), showDays(d.hi))
		}
	}
	if c.Refresh.PendingMax.Duration < c.Refresh.PendingMin.Duration {
		p.add("refresh.pending_max", c.Refresh.PendingMax, "shorter than pending_min (%s)", c.Refresh.PendingMin)
	}
	if !inRange(c.Refresh.Concurrency, 1, 32) {
		p.add("refresh.concurrency", c.Refresh.Concurrency, "want 1 to 32")
	}
	if !inRange(c.Refresh.PushedFactor, 1, 100) {
		p.add("refresh.pushed_factor", c.Refresh.PushedFactor, "want a number from 1 to 100")
	}
	if !inRange(c.Refresh.Jitter, 0, 0.5) {
		p.add("refresh.jitter", c.Refresh.Jitter, "want a fraction from 0 to 0.5")
	}
	if !inRange(c.Rules.NoTrackingDays, 1, 60) {
		p.add("rules.no_tracking_days", c.Rules.NoTrackingDays, "want 1 to 60 days")
	}
	if !inRange(c.Rules.StaleDays, 1, 90) {
		p.add("rules.stale_days", c.Rules.StaleDays, "want 1 to 90 days")
	}
	if c.Rules.LostDays != 0 && !inRange(c.Rules.LostDays, c.Rules.StaleDays+1, 365) {
		p.add("rules.lost_days", c.Rules.LostDays, "want more days than stale_days (%d), at most 365, or 0 to turn it off", c.Rules.StaleDays)
	}
	methods := slices.Sorted(maps.Keys(c.Rules.PromisedDays))
	for _, method := range methods {
		if days := c.Rules.PromisedDays[method]; !inRange(days, 1, 365) {
			p.add(ConfigKey("rules", "promised_days", method), days, "want 1 to 365 days")
		}
	}
	if !inRange(c.ETA.MinSamples, 1, 10_000) {
		p.add("eta.min_samples", c.ETA.MinSamples, "want 1 to 10000")
	}
	c.validateCarriers(p)
	c.Tracking.validateLifecycle(p)
	c.Deadlines.validate(p)
	c.validateClaims(p)
	c.Alerts.validate(p)
	c.HTTP.validate(p)
	c.validateSSH(p)
	c.Prechecks.validate(p)
	c.Marketplaces.validate(p)
	validateKeys(p, c.Keys)
	c.validateUI(p)
	return p.list
}

// showDays writes a duration of whole days as days, which is how the config
// takes long ones.
func showDays(d time.Duration) string {
	if d >= 48*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}

func (c Config) validateCarriers(p *problems) {
	var aggregators []string
	for _, name := range slices.Sorted(maps.Keys(c.Carriers)) {
		cc := c.Carriers[name]
		table := "carriers." + name
		if !slices.Contains(Services, name) {
			p.add(table, nil, "unknown tracking service %q (want one of %s)", name, strings.Join(Services, ", "))
			continue
		}
		if name != "sim" && cc.On() {
			if _, direct := DirectServices[name]; !direct {
				aggregators = append(aggregators, name)
			}
			if cc.APIKey == "" && cc.APIKeyEnv == "" {
				p.add(table, nil, "needs api_key or api_key_env")
			}
		}
		if name == "kuaidi100" && cc.On() && cc.Customer == "" {
			p.add(table, nil, "needs customer (the Kuaidi100 customer id)")
		}
		envName(p, table+".api_key_env", cc.APIKeyEnv)
		envName(p, table+".webhook_secret_env", cc.WebhookSecretEnv)
		if cc.BaseURL != "" {
			if shown, err := checkURL(cc.BaseURL, false); err != nil {
				p.addShown(table+".base_url", shown, "%v", err)
			}
		}
		if t := cc.Timeout.Duration; t != 0 && !inRange(t, 100*time.Millisecond, MaxCarrierTimeout) {
			p.add(table+".timeout", cc.Timeout, "want a duration from 100ms to %s, or 0 for 20s", MaxCarrierTimeout)
		}
		if r := cc.RatePerSecond; r != 0 && !inRange(r, MinRatePerSecond, MaxRatePerSecond) {
			p.add(table+".rate_per_second", r, "want a finite number of calls a second from %g to %d (0: the service's documented rate)",
				MinRatePerSecond, MaxRatePerSecond)
		}
		if cc.BatchSize < 0 {
			p.add(table+".batch_size", cc.BatchSize, "want 0 (the service's documented maximum) or more")
		}
	}
	if d := c.Tracking.Default; d != "" {
		if cc, ok := c.Carriers[d]; !ok || !cc.On() {
			p.add("tracking.default", d, "not an enabled [carriers.%s] table", d)
		} else if _, direct := DirectServices[d]; direct {
			p.add("tracking.default", d, "tracks only its own numbers; name an aggregator (17track, aftership, ship24, kuaidi100, track123, trackingmore)")
		}
	} else if len(aggregators) > 1 {
		p.add("tracking.default", nil, "%d aggregators are configured (%s): name the one for numbers no direct carrier covers",
			len(aggregators), strings.Join(aggregators, ", "))
	}
}

func (c Config) validateSSH(p *problems) {
	s := c.SSH
	if err := checkHostPort(s.Listen, true); err != nil {
		p.add("ssh.listen", s.Listen, "%v, e.g. 127.0.0.1:23234", err)
	}
	if _, err := ParseRole(s.DefaultRole); err != nil {
		p.add("ssh.default_role", s.DefaultRole, "want viewer, agent or admin")
	}
	if t := s.IdleTimeout.Duration; t != 0 && !inRange(t, 10*time.Second, 7*24*time.Hour) {
		p.add("ssh.idle_timeout", s.IdleTimeout, "want 0 (never) or a duration from 10s to 7d")
	}
	if !inRange(s.MaxSessions, 1, 10_000) {
		p.add("ssh.max_sessions", s.MaxSessions, "want 1 to 10000")
	}
	if !inRange(s.MaxAuthPerMinute, 1, 10_000) {
		p.add("ssh.max_auth_per_minute", s.MaxAuthPerMinute, "want 1 to 10000")
	}
	if !inRange(s.SessionWait.Duration, time.Second, 10*time.Minute) {
		p.add("ssh.session_wait", s.SessionWait, "want a duration from 1s to 10m")
	}
	if !inRange(s.MaxConnectionsPerKey, 1, 1000) {
		p.add("ssh.max_connections_per_key", s.MaxConnectionsPerKey, "want 1 to 1000")
	}
	seen := map[string]int{}
	for i, a := range c.Agents {
		at := func(field string) string { return fmt.Sprintf("agents[%d].%s", i, field) }
		if err := CheckAgentName(a.Name); err != nil {
			p.add(at("name"), a.Name, "%v", err)
		}
		if _, err := ParseRole(a.Role); err != nil {
			p.add(at("role"), a.Role, "agent %s: want viewer, agent or admin", a.Name)
		}
		key, _, options, rest, err := ssh.ParseAuthorizedKey([]byte(a.PublicKey))
		switch {
		case err != nil:
			p.add(at("public_key"), a.PublicKey, "agent %s: not a public key in authorized_keys form (\"ssh-ed25519 AAAA… comment\"): %v", a.Name, err)
			continue
		case len(options) > 0:
			p.add(at("public_key"), a.PublicKey, "agent %s: authorized_keys options (%s) are not supported here; give the key alone", a.Name, strings.Join(options, ","))
		case len(bytes.TrimSpace(rest)) > 0:
			p.add(at("public_key"), a.PublicKey, "agent %s: one key per entry", a.Name)
		}
		fp := ssh.FingerprintSHA256(key)
		if j, dup := seen[fp]; dup {
			p.add(at("public_key"), a.PublicKey, "agent %s has the same key as agent %s (%s): a key must name one agent", a.Name, c.Agents[j].Name, fp)
		}
		seen[fp] = i
	}
}

// checkHostPort says what is wrong with a host:port address, or nil; a
// listener may take port 0 (any free port) and an empty host (this machine).
func checkHostPort(addr string, listen bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return refusal(refuseHostPort)
	}
	n, err := strconv.Atoi(port)
	lo := 1
	if listen {
		lo = 0
	}
	switch {
	case err != nil || !inRange(n, lo, 65535):
		return refusal(refusePortRange, port, lo)
	case host == "" && !listen:
		return refusal(refuseNoHostPort)
	}
	return nil
}

// checkURL says what is wrong with an http or https URL a setting names,
// or nil, and returns the URL as it may be shown: without a password.
// A base URL (asQuery false) takes no query or fragment.
func checkURL(raw string, withQuery bool) (shown string, err error) {
	u, perr := url.Parse(raw)
	if perr != nil {
		return ConfigValue(raw), refusal(refuseNotURL)
	}
	shown = ConfigValue(raw)
	if u.User != nil {
		shown = ConfigValue(u.Redacted())
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return shown, refusal(refuseScheme, u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return shown, refusal(refuseNoHostURL)
	case u.User != nil:
		return shown, refusal(refuseURLUser)
	case u.Port() != "" && checkHostPort(u.Host, false) != nil:
		return shown, refusal(refusePortRange, u.Port(), 1)
	case !withQuery && (u.RawQuery != "" || u.Fragment != ""):
		return shown, refusal(refuseURLQuery)
	}
	return shown, nil
}

// envName checks the name of an environment variable a *_env setting
// holds. A value that is no variable's name is likely the secret itself,
// pasted in the wrong place: it is not shown.
func envName(p *problems, key, name string) {
	if name == "" || envNameRE.MatchString(name) {
		return
	}
	p.add(key, nil, "not the name of an environment variable (letters, digits and _, e.g. WAYBILL_17TRACK_KEY); the value is not shown in case it is the secret itself")
}

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)
