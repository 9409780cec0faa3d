package tracker

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
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
}

// ImportConfig configures `waybill import`.
type ImportConfig struct {
	// Columns maps a field (order_no, tracking_no, carrier, buyer, email,
	// phone, country, address, product, amount, currency, order_date,
	// ship_date, promised_date, shipping_method, hs_code, declared_value) to
	// the header of the column that holds it, before the built-in aliases.
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
}

// Services are the tracking services waybill can talk to, by their config
// names. Direct carriers serve only their own numbers; aggregators serve any.
var Services = []string{"17track", "aftership", "dhl", "kuaidi100", "ship24", "sim"}

// DirectServices maps a direct carrier's service to the carrier slugs whose
// numbers it tracks, so a DHL Express number goes to [carriers.dhl] when that
// is configured rather than to an aggregator.
var DirectServices = map[string][]string{
	"dhl": {"dhl-express", "dhl-ecommerce"},
}

// StoreConfig says where the database lives.
type StoreConfig struct {
	Path string `toml:"path"`
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
		HTTP:      DefaultHTTP(),
		Prechecks: DefaultPrechecks(),
	}
}

// Policy returns the scheduling and rule settings the store applies.
func (c Config) Policy() Policy {
	return Policy{Schedule: c.Refresh.Schedule, Rules: c.Rules, Alerts: c.Alerts.Routes(), ETA: c.ETA}
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

// ConfigError is a problem in a config file, located as precisely as the
// file allows so a person can go straight to it.
type ConfigError struct {
	File   string
	Line   int // 0 when unknown
	Key    string
	Reason string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString("config ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, " key %s", e.Key)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// LoadConfig reads a config file over the defaults. A missing file is not an
// error when missingOK is set (the default location need not exist).
func LoadConfig(path string, missingOK bool) (Config, error) {
	cfg := DefaultConfig()
	src, err := os.ReadFile(path)
	if err != nil {
		if missingOK && errors.Is(err, os.ErrNotExist) {
			return cfg, nil
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return ParseConfig(path, src)
}

var decodeErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// ParseConfig parses config text; name is used in errors.
func ParseConfig(name string, src []byte) (Config, error) {
	cfg := DefaultConfig()
	md, err := toml.Decode(string(src), &cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return cfg, &ConfigError{File: name, Line: pe.Position.Line, Key: pe.LastKey, Reason: pe.Message}
		}
		// Type mismatches come as plain errors that carry the position
		// only in their text.
		if m := decodeErrRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return cfg, &ConfigError{File: name, Line: line, Key: m[2], Reason: m[3]}
		}
		return cfg, &ConfigError{File: name, Reason: err.Error()}
	}
	lines := keyLines(src)
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		return cfg, &ConfigError{File: name, Line: lines[k], Key: k, Reason: "unknown setting (see config.example.toml)"}
	}
	if err := cfg.validate(); err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) {
			ce.File = name
			ce.Line = lines[ce.Key]
		}
		return cfg, err
	}
	return cfg, nil
}

func (c Config) validate() error {
	bad := func(key string, format string, args ...any) error {
		return &ConfigError{Key: key, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case c.Demo.Orders < 1 || c.Demo.Orders > 1_000_000:
		return bad("demo.orders", "%d is out of range 1–1000000", c.Demo.Orders)
	case c.Demo.Speed < 1 || c.Demo.Speed > 100_000:
		return bad("demo.speed", "%g is out of range 1–100000", c.Demo.Speed)
	case c.Refresh.Interval.Duration < 100*time.Millisecond:
		return bad("refresh.interval", "%s is shorter than 100ms", c.Refresh.Interval)
	case c.Refresh.Concurrency < 1 || c.Refresh.Concurrency > 32:
		return bad("refresh.concurrency", "%d is out of range 1–32", c.Refresh.Concurrency)
	case c.Refresh.Lease.Duration < 10*time.Second:
		return bad("refresh.lease", "%s is shorter than 10s", c.Refresh.Lease)
	case c.Refresh.PushedFactor < 1 || c.Refresh.PushedFactor > 100:
		return bad("refresh.pushed_factor", "%g is out of range 1–100", c.Refresh.PushedFactor)
	case c.Refresh.Jitter < 0 || c.Refresh.Jitter > 0.5:
		return bad("refresh.jitter", "%g is out of range 0–0.5", c.Refresh.Jitter)
	case c.Rules.NoTrackingDays < 1 || c.Rules.NoTrackingDays > 60:
		return bad("rules.no_tracking_days", "%d is out of range 1–60", c.Rules.NoTrackingDays)
	case c.Rules.StaleDays < 1 || c.Rules.StaleDays > 90:
		return bad("rules.stale_days", "%d is out of range 1–90", c.Rules.StaleDays)
	case c.Rules.LostDays != 0 && c.Rules.LostDays <= c.Rules.StaleDays:
		return bad("rules.lost_days", "%d must be longer than stale_days (%d), or 0 to turn it off", c.Rules.LostDays, c.Rules.StaleDays)
	case c.ETA.MinSamples < 1 || c.ETA.MinSamples > 10_000:
		return bad("eta.min_samples", "%d is out of range 1–10000", c.ETA.MinSamples)
	case c.ETA.Window.Duration < 7*24*time.Hour:
		return bad("eta.window", "%s is shorter than 7 days", c.ETA.Window)
	}
	for key, d := range map[string]Duration{
		"refresh.out_for_delivery": c.Refresh.OutForDelivery, "refresh.customs": c.Refresh.Customs,
		"refresh.in_transit": c.Refresh.InTransit, "refresh.pending_min": c.Refresh.PendingMin,
		"refresh.pending_max": c.Refresh.PendingMax,
	} {
		if d.Duration < time.Minute {
			return bad(key, "%s is shorter than 1m", d)
		}
	}
	if c.Refresh.PendingMax.Duration < c.Refresh.PendingMin.Duration {
		return bad("refresh.pending_max", "%s is shorter than pending_min (%s)", c.Refresh.PendingMax, c.Refresh.PendingMin)
	}
	names := make([]string, 0, len(c.Carriers))
	for name := range c.Carriers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		cc := c.Carriers[name]
		if !slices.Contains(Services, name) {
			return bad("carriers."+name, "unknown tracking service %q (want one of %s)", name, strings.Join(Services, ", "))
		}
		if cc.On() && name != "sim" && cc.APIKey == "" && cc.APIKeyEnv == "" {
			return bad("carriers."+name, "needs api_key or api_key_env")
		}
		if name == "kuaidi100" && cc.On() && cc.Customer == "" {
			return bad("carriers."+name, "needs customer (the Kuaidi100 customer id)")
		}
		if cc.Timeout.Duration < 0 || (cc.Timeout.Duration > 0 && cc.Timeout.Duration < 100*time.Millisecond) {
			return bad("carriers."+name+".timeout", "%s is shorter than 100ms", cc.Timeout)
		}
		if cc.RatePerSecond < 0 {
			return bad("carriers."+name+".rate_per_second", "%g is negative", cc.RatePerSecond)
		}
		if cc.BatchSize < 0 {
			return bad("carriers."+name+".batch_size", "%d is negative", cc.BatchSize)
		}
	}
	if err := c.Alerts.validate(bad); err != nil {
		return err
	}
	if err := c.HTTP.validate(bad); err != nil {
		return err
	}
	if err := c.validateSSH(bad); err != nil {
		return err
	}
	if err := c.Prechecks.validate(bad); err != nil {
		return err
	}
	for method, days := range c.Rules.PromisedDays {
		if days < 1 || days > 365 {
			return bad("rules.promised_days", "%q = %d is out of range 1–365", method, days)
		}
	}
	if d := c.Tracking.Default; d != "" {
		if cc, ok := c.Carriers[d]; !ok || !cc.On() {
			return bad("tracking.default", "%q is not an enabled [carriers.%s] table", d, d)
		}
		if _, direct := DirectServices[d]; direct {
			return bad("tracking.default", "%q tracks only its own numbers; name an aggregator (17track, aftership, ship24, kuaidi100)", d)
		}
	}
	return nil
}

func (c Config) validateSSH(bad func(string, string, ...any) error) error {
	s := c.SSH
	if _, port, err := net.SplitHostPort(s.Listen); err != nil || port == "" {
		return bad("ssh.listen", "%q: want host:port, e.g. 127.0.0.1:23234", s.Listen)
	}
	if _, err := ParseRole(s.DefaultRole); err != nil {
		return bad("ssh.default_role", "%v", err)
	}
	switch {
	case s.IdleTimeout.Duration < 0 || (s.IdleTimeout.Duration > 0 && s.IdleTimeout.Duration < 10*time.Second):
		return bad("ssh.idle_timeout", "%s: want 0 (never) or at least 10s", s.IdleTimeout)
	case s.MaxSessions < 1 || s.MaxSessions > 10_000:
		return bad("ssh.max_sessions", "%d is out of range 1–10000", s.MaxSessions)
	case s.MaxAuthPerMinute < 1 || s.MaxAuthPerMinute > 10_000:
		return bad("ssh.max_auth_per_minute", "%d is out of range 1–10000", s.MaxAuthPerMinute)
	case s.SessionWait.Duration < time.Second || s.SessionWait.Duration > 10*time.Minute:
		return bad("ssh.session_wait", "%s is out of range 1s–10m0s", s.SessionWait)
	case s.MaxConnectionsPerKey < 1 || s.MaxConnectionsPerKey > 1000:
		return bad("ssh.max_connections_per_key", "%d is out of range 1–1000", s.MaxConnectionsPerKey)
	}
	seen := map[string]int{}
	for i, a := range c.Agents {
		at := func(field string) string { return fmt.Sprintf("agents[%d].%s", i, field) }
		if err := CheckAgentName(a.Name); err != nil {
			return bad(at("name"), "%v", err)
		}
		if _, err := ParseRole(a.Role); err != nil {
			return bad(at("role"), "agent %s: %v", a.Name, err)
		}
		key, _, options, rest, err := ssh.ParseAuthorizedKey([]byte(a.PublicKey))
		switch {
		case err != nil:
			return bad(at("public_key"), "agent %s: not a public key in authorized_keys form (\"ssh-ed25519 AAAA… comment\"): %v", a.Name, err)
		case len(options) > 0:
			return bad(at("public_key"), "agent %s: authorized_keys options (%s) are not supported here; give the key alone", a.Name, strings.Join(options, ","))
		case len(bytes.TrimSpace(rest)) > 0:
			return bad(at("public_key"), "agent %s: one key per entry", a.Name)
		}
		fp := ssh.FingerprintSHA256(key)
		if j, dup := seen[fp]; dup {
			return bad(at("public_key"), "agent %s has the same key as agent %s (%s): a key must name one agent", a.Name, c.Agents[j].Name, fp)
		}
		seen[fp] = i
	}
	return nil
}

// keyLines maps each dotted key of a TOML file to its line, for errors that
// the decoder cannot place (unknown keys, values out of range). It reads
// headers and "key =" lines, which is how config files are written; a key it
// cannot place gets line 0 and the error still names the key.
func keyLines(src []byte) map[string]int {
	out := map[string]int{}
	table := ""
	arrays := map[string]int{}     // entries seen of each array of tables
	indexed := map[string]string{} // "agents[2]" → "agents"
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[':
			table = strings.Trim(line, "[] \t")
			if i := strings.IndexByte(table, '#'); i >= 0 {
				table = strings.TrimRight(table[:i], "] \t")
			}
			if _, ok := out[table]; !ok {
				out[table] = n
			}
			if strings.HasPrefix(line, "[[") {
				// An array of tables: its entries are "name[i]", so an
				// error in the third [[agents]] points at the third.
				name := table
				table = fmt.Sprintf("%s[%d]", name, arrays[name])
				arrays[name]++
				out[table] = n
				indexed[table] = name
			}
		default:
			eq := strings.IndexByte(line, '=')
			if eq <= 0 {
				continue
			}
			key := strings.Trim(strings.TrimSpace(line[:eq]), `"'`)
			if name, ok := indexed[table]; ok {
				// The decoder names keys of arrays of tables without
				// the index: keep the first line for that form too.
				if _, ok := out[name+"."+key]; !ok {
					out[name+"."+key] = n
				}
			}
			if table != "" {
				key = table + "." + key
			}
			if _, ok := out[key]; !ok {
				out[key] = n
			}
		}
	}
	return out
}

func (a AlertsConfig) validate(bad func(string, string, ...any) error) error {
	filter := func(table string, f AlertFilter) error {
		for _, k := range f.Kinds {
			if !slices.Contains(ExceptionKinds, ExceptionKind(k)) {
				return bad(table+".kinds", "%q is not an exception kind (want one of %v)", k, ExceptionKinds)
			}
		}
		if _, err := ParseSeverity(f.MinSeverity); err != nil {
			return bad(table+".min_severity", "%v", err)
		}
		return nil
	}
	if a.Digest.Duration < 0 {
		return bad("alerts.digest", "%s is negative", a.Digest)
	}
	if e := a.Email; e != nil {
		switch {
		case e.SMTPAddr == "" || !strings.Contains(e.SMTPAddr, ":"):
			return bad("alerts.email.smtp_addr", "%q: want host:port", e.SMTPAddr)
		case e.TLS != "" && e.TLS != "none" && e.TLS != "starttls" && e.TLS != "tls":
			return bad("alerts.email.tls", "%q: want none, starttls or tls", e.TLS)
		case e.From == "":
			return bad("alerts.email.from", "needs a sender address")
		case len(e.To) == 0:
			return bad("alerts.email.to", "needs at least one recipient")
		}
		if err := filter("alerts.email", e.AlertFilter); err != nil {
			return err
		}
	}
	if w := a.Webhook; w != nil {
		switch {
		case !strings.HasPrefix(w.URL, "http://") && !strings.HasPrefix(w.URL, "https://"):
			return bad("alerts.webhook.url", "%q: want an http or https URL", w.URL)
		case w.Format != "" && w.Format != "json" && w.Format != "slack":
			return bad("alerts.webhook.format", "%q: want json or slack", w.Format)
		}
		if err := filter("alerts.webhook", w.AlertFilter); err != nil {
			return err
		}
	}
	if s := a.SMS; s != nil {
		switch {
		case s.AccountSID == "":
			return bad("alerts.sms.account_sid", "needs the account SID")
		case s.AuthToken == "" && s.AuthTokenEnv == "":
			return bad("alerts.sms", "needs auth_token or auth_token_env")
		case s.From == "" || len(s.To) == 0:
			return bad("alerts.sms", "needs from and at least one to number")
		}
		if err := filter("alerts.sms", s.AlertFilter); err != nil {
			return err
		}
	}
	return nil
}
