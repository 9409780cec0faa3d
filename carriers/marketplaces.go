package carriers

import (
	"context"
	"fmt"
	"net/http"

	"waybill/carriers/aliexpress"
	"waybill/carriers/shopify"
	"waybill/tracker"
)

// Marketplaces builds the seller's marketplace accounts the config at
// cfgPath connects, for the sync (tracker.Service.SyncMarketplace): one per
// configured [marketplaces.NAME] table. getenv reads the secrets the config
// names by variable.
func Marketplaces(cfg tracker.Config, cfgPath string, getenv func(string) string) ([]tracker.Marketplace, error) {
	var ms []tracker.Marketplace
	if cfg.Marketplaces.AliExpress != nil {
		c, err := AliExpress(cfg, cfgPath, getenv)
		if err != nil {
			return nil, err
		}
		ms = append(ms, c)
	}
	if cfg.Marketplaces.Shopify != nil {
		c, err := Shopify(cfg, cfgPath, getenv)
		if err != nil {
			return nil, err
		}
		ms = append(ms, c)
	}
	return ms, nil
}

// Shopify builds the Shopify adapter from [marketplaces.shopify] of the
// config at cfgPath.
func Shopify(cfg tracker.Config, cfgPath string, getenv func(string) string) (*shopify.Client, error) {
	sc := cfg.Marketplaces.Shopify
	if sc == nil {
		return nil, fmt.Errorf("no [marketplaces.shopify] table in %s", cfgPath)
	}
	token := sc.AccessToken
	if token == "" && sc.AccessTokenEnv != "" {
		if token = getenv(sc.AccessTokenEnv); token == "" {
			return nil, fmt.Errorf("%s: marketplaces.shopify.access_token_env: environment variable %s is not set or empty (it should hold the shop's Admin API access token)", cfgPath, sc.AccessTokenEnv)
		}
	}
	if token == "" {
		return nil, fmt.Errorf("%s: [marketplaces.shopify] needs access_token_env (or access_token)", cfgPath)
	}
	return shopify.New(shopify.Options{Shop: sc.Shop, Token: token, Version: sc.APIVersion, BaseURL: sc.BaseURL})
}

// AliExpress builds the AliExpress adapter from [marketplaces.aliexpress]
// of the config at cfgPath, its tokens in the file beside that config.
func AliExpress(cfg tracker.Config, cfgPath string, getenv func(string) string) (*aliexpress.Client, error) {
	ae := cfg.Marketplaces.AliExpress
	if ae == nil {
		return nil, fmt.Errorf("no [marketplaces.aliexpress] table in %s", cfgPath)
	}
	secret := ae.AppSecret
	if secret == "" && ae.AppSecretEnv != "" {
		if secret = getenv(ae.AppSecretEnv); secret == "" {
			return nil, fmt.Errorf("%s: marketplaces.aliexpress.app_secret_env: environment variable %s is not set or empty (it should hold the app secret)", cfgPath, ae.AppSecretEnv)
		}
	}
	if ae.AppKey == "" || secret == "" {
		return nil, fmt.Errorf("%s: [marketplaces.aliexpress] needs app_key and app_secret_env (or app_secret)", cfgPath)
	}
	return aliexpress.New(aliexpress.Options{AppKey: ae.AppKey, AppSecret: secret, BaseURL: ae.BaseURL,
		RedirectURI: ae.RedirectURI, TokenPath: aliexpress.TokenPath(cfgPath), RatePerSecond: ae.RatePerSecond,
		PageSize: ae.PageSize, MaxExtendDays: ae.MaxExtendDays})
}

// MarketWebhooks returns a handler serving /webhooks/MARKETPLACE for each
// configured marketplace that pushes and has a webhook secret, and the
// paths it serves: today Shopify's (orders/updated, fulfillments/create
// and fulfillments/update, verified with X-Shopify-Hmac-SHA256 before the
// body is parsed, repeats dropped by X-Shopify-Webhook-Id). A verified
// push only calls kick with the marketplace's name, for the sync to read
// it through the API; without a secret there is no endpoint at all. A push
// for a shop other than [marketplaces.shopify] shop is refused. seen keeps
// the webhook ids (tracker.Service.WebhookRepeat), so a repeat after a
// restart or to another process on the store is dropped; nil keeps them
// in memory.
func MarketWebhooks(cfg tracker.Config, cfgPath string, getenv func(string) string,
	seen func(ctx context.Context, market, id string) (bool, error), kick func(market string)) (http.Handler, []string, error) {
	mux := http.NewServeMux()
	var paths []string
	if sc := cfg.Marketplaces.Shopify; sc != nil {
		secret := sc.WebhookSecret
		if secret == "" && sc.WebhookSecretEnv != "" {
			if secret = getenv(sc.WebhookSecretEnv); secret == "" {
				return nil, nil, fmt.Errorf("%s: marketplaces.shopify.webhook_secret_env: environment variable %s is not set or empty (it should hold the secret Shopify signs webhooks with)", cfgPath, sc.WebhookSecretEnv)
			}
		}
		if secret != "" {
			p := "/webhooks/" + shopify.Name
			opt := shopify.WebhookOptions{Secret: secret, Shop: sc.Shop}
			if seen != nil {
				opt.Seen = func(ctx context.Context, id string) (bool, error) { return seen(ctx, shopify.Name, id) }
			}
			mux.Handle(p, shopify.Webhook(opt, func(string) { kick(shopify.Name) }))
			paths = append(paths, p)
		}
	}
	return mux, paths, nil
}
