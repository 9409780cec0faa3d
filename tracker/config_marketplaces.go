package tracker

import (
	"regexp"
	"strings"
)

// MarketplacesConfig is [marketplaces]: the seller's marketplace accounts.
// A table turns its marketplace on.
type MarketplacesConfig struct {
	// SyncInterval is how often the screen, `serve` and `refresh --watch`
	// read what changed on each marketplace (MarketSyncer).
	SyncInterval Duration          `toml:"sync_interval"`
	AliExpress   *AliExpressConfig `toml:"aliexpress"`
	Shopify      *ShopifyConfig    `toml:"shopify"`
}

// Any reports whether any marketplace account is configured.
func (m MarketplacesConfig) Any() bool { return m.AliExpress != nil || m.Shopify != nil }

// ShopifyConfig is [marketplaces.shopify]: a shop's Admin API access
// (MARKETPLACES.md C), an admin-created custom app's token.
type ShopifyConfig struct {
	Shop             string `toml:"shop"` // "my-shop" or "my-shop.myshopify.com"
	AccessToken      string `toml:"access_token"`
	AccessTokenEnv   string `toml:"access_token_env"`
	APIVersion       string `toml:"api_version"` // "" for 2025-01
	BaseURL          string `toml:"base_url"`    // "" for https://{shop}.myshopify.com
	WebhookSecret    string `toml:"webhook_secret"`
	WebhookSecretEnv string `toml:"webhook_secret_env"`
}

// shopifyVersionRE is an Admin API version: YYYY-MM, or unstable.
var shopifyVersionRE = regexp.MustCompile(`^(\d{4}-(01|04|07|10)|unstable)$`)

// shopRE is a shop's name or its myshopify.com host.
var shopRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,59}(\.myshopify\.com)?$`)

// AliExpressConfig is [marketplaces.aliexpress]: the app registered on the
// AliExpress Open Platform (MARKETPLACES.md A2). The seller's tokens are
// not here: `waybill connect aliexpress` keeps them in a 0600 file beside
// the config.
type AliExpressConfig struct {
	AppKey       string `toml:"app_key"`
	AppSecret    string `toml:"app_secret"`
	AppSecretEnv string `toml:"app_secret_env"`
	BaseURL      string `toml:"base_url"`     // "" for https://api-sg.aliexpress.com
	RedirectURI  string `toml:"redirect_uri"` // the app's registered callback
	// RatePerSecond is the calls a second the adapter keeps to; 0 for its
	// default (aliexpress.DefaultRate, UNCONFIRMED: AliExpress publishes
	// no cap for these APIs).
	RatePerSecond float64 `toml:"rate_per_second"`
	// PageSize is the orders or disputes one list call asks for; 0 for 50.
	// UNCONFIRMED: 50 is the sibling list APIs' documented most (D12).
	PageSize int `toml:"page_size"`
	// MaxExtendDays is the most days one extension of buyer protection
	// asks for; 0 for MaxExtendDays (365). UNCONFIRMED: AliExpress's own
	// cap is not published (its refusal 201 says one was passed).
	MaxExtendDays int `toml:"max_extend_days"`
}

// MaxAliExpressPageSize is the most [marketplaces.aliexpress] page_size
// may be (MARKETPLACES.md D12).
const MaxAliExpressPageSize = 50

func (m MarketplacesConfig) validate(p *problems) {
	m.Shopify.validate(p)
	a := m.AliExpress
	if a == nil {
		return
	}
	const table = "marketplaces.aliexpress"
	if a.AppKey == "" {
		p.add(table, nil, "needs app_key (the app's key from the AliExpress Open Platform console)")
	}
	if a.AppSecret == "" && a.AppSecretEnv == "" {
		p.add(table, nil, "needs app_secret or app_secret_env")
	}
	envName(p, table+".app_secret_env", a.AppSecretEnv)
	if a.BaseURL != "" {
		if shown, err := checkURL(a.BaseURL, false); err != nil {
			p.addShown(table+".base_url", shown, "%v", err)
		}
	}
	if r := a.RatePerSecond; r != 0 && !inRange(r, MinRatePerSecond, MaxRatePerSecond) {
		p.add(table+".rate_per_second", r, "want a finite number of calls a second from %g to %d (0: the default, 10)", MinRatePerSecond, MaxRatePerSecond)
	}
	if a.PageSize != 0 && (a.PageSize < 1 || a.PageSize > MaxAliExpressPageSize) {
		p.add(table+".page_size", a.PageSize, "want 1 to %d orders a list call (0: the default, %d)", MaxAliExpressPageSize, MaxAliExpressPageSize)
	}
	if a.MaxExtendDays != 0 && (a.MaxExtendDays < MinExtendDays || a.MaxExtendDays > MaxExtendDays) {
		p.add(table+".max_extend_days", a.MaxExtendDays, "want %d to %d days (0: the default, %d)", MinExtendDays, MaxExtendDays, MaxExtendDays)
	}
	if a.RedirectURI != "" {
		if shown, err := checkURL(a.RedirectURI, true); err != nil {
			p.addShown(table+".redirect_uri", shown, "%v", err)
		}
	}
}

func (s *ShopifyConfig) validate(p *problems) {
	if s == nil {
		return
	}
	const table = "marketplaces.shopify"
	switch {
	case s.Shop == "" && s.BaseURL == "":
		p.add(table, nil, "needs shop (my-shop or my-shop.myshopify.com)")
	case s.Shop != "" && !shopRE.MatchString(strings.ToLower(s.Shop)):
		p.add(table+".shop", s.Shop, "want the shop's name or its host, e.g. my-shop or my-shop.myshopify.com")
	}
	if s.AccessToken == "" && s.AccessTokenEnv == "" {
		p.add(table, nil, "needs access_token_env (or access_token): the Admin API access token of the shop's custom app")
	}
	envName(p, table+".access_token_env", s.AccessTokenEnv)
	envName(p, table+".webhook_secret_env", s.WebhookSecretEnv)
	if s.APIVersion != "" && !shopifyVersionRE.MatchString(s.APIVersion) {
		p.add(table+".api_version", s.APIVersion, "want a quarterly Admin API version such as 2025-01, or unstable")
	}
	if s.BaseURL != "" {
		if shown, err := checkURL(s.BaseURL, false); err != nil {
			p.addShown(table+".base_url", shown, "%v", err)
		}
	}
}
