package main

import (
	"context"
	"fmt"
	"os"

	"waybill/carriers/aliexpress"
	"waybill/tracker"
	"waybill/ui/cli"
)

// aliexpressClient builds the AliExpress adapter from [marketplaces.aliexpress]
// of the config at cfgPath, its tokens in the file beside that config.
func aliexpressClient(cfg tracker.Config, cfgPath string) (*aliexpress.Client, error) {
	ae := cfg.Marketplaces.AliExpress
	if ae == nil {
		return nil, fmt.Errorf("no [marketplaces.aliexpress] table in %s", cfgPath)
	}
	secret := ae.AppSecret
	if secret == "" && ae.AppSecretEnv != "" {
		if secret = os.Getenv(ae.AppSecretEnv); secret == "" {
			return nil, fmt.Errorf("%s: marketplaces.aliexpress.app_secret_env: environment variable %s is not set or empty (it should hold the app secret)", cfgPath, ae.AppSecretEnv)
		}
	}
	if ae.AppKey == "" || secret == "" {
		return nil, fmt.Errorf("%s: [marketplaces.aliexpress] needs app_key and app_secret_env (or app_secret)", cfgPath)
	}
	return aliexpress.New(aliexpress.Options{AppKey: ae.AppKey, AppSecret: secret, BaseURL: ae.BaseURL,
		RedirectURI: ae.RedirectURI, TokenPath: aliexpress.TokenPath(cfgPath)})
}

// connect builds the adapter `waybill connect NAME` asks for.
func connect(_ context.Context, name string, cfg tracker.Config, cfgPath string) (cli.MarketConnector, error) {
	if name != aliexpress.Name {
		return nil, fmt.Errorf("no marketplace %q: want aliexpress", name)
	}
	c, err := aliexpressClient(cfg, cfgPath)
	if err != nil {
		return nil, err
	}
	return aeConnector{c, aliexpress.TokenPath(cfgPath)}, nil
}

// aeConnector is the AliExpress adapter as `waybill connect` takes it:
// the grant without its tokens.
type aeConnector struct {
	c    *aliexpress.Client
	path string
}

func (a aeConnector) ConsentURL(state string) string { return a.c.ConsentURL(state) }

func (a aeConnector) Exchange(ctx context.Context, code string) (cli.MarketGrant, error) {
	t, err := a.c.Exchange(ctx, code)
	if err != nil {
		return cli.MarketGrant{}, err
	}
	return cli.MarketGrant{SellerID: t.SellerID, UserNick: t.UserNick, ExpiresAt: t.ExpiresAt,
		RefreshExpiresAt: t.RefreshExpiresAt, TokenPath: a.path}, nil
}
