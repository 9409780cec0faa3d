package tracker

// MarketplacesConfig is [marketplaces]: the seller's marketplace accounts.
// A table turns its marketplace on.
type MarketplacesConfig struct {
	// SyncInterval is how often the screen, `serve` and `refresh --watch`
	// read what changed on each marketplace (MarketSyncer).
	SyncInterval Duration          `toml:"sync_interval"`
	AliExpress   *AliExpressConfig `toml:"aliexpress"`
}

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
}

func (m MarketplacesConfig) validate(p *problems) {
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
	if a.RedirectURI != "" {
		if shown, err := checkURL(a.RedirectURI, true); err != nil {
			p.addShown(table+".redirect_uri", shown, "%v", err)
		}
	}
}
