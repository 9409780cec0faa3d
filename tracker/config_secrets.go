package tracker

import (
	"maps"
	"os"
	"slices"
	"sort"
)

// InlineSecrets names the settings of c that hold a secret written in the
// file itself (not read from an environment variable), for the warning
// about a config file others can read.
func (c Config) InlineSecrets() []string {
	var names []string
	for name, cc := range c.Carriers {
		if cc.APIKey != "" {
			names = append(names, "carriers."+name+".api_key")
		}
		if cc.WebhookSecret != "" {
			names = append(names, "carriers."+name+".webhook_secret")
		}
	}
	if e := c.Alerts.Email; e != nil && e.Password != "" {
		names = append(names, "alerts.email.password")
	}
	if w := c.Alerts.Webhook; w != nil && w.Secret != "" {
		names = append(names, "alerts.webhook.secret")
	}
	if s := c.Alerts.SMS; s != nil && s.AuthToken != "" {
		names = append(names, "alerts.sms.auth_token")
	}
	if a := c.Marketplaces.AliExpress; a != nil && a.AppSecret != "" {
		names = append(names, "marketplaces.aliexpress.app_secret")
	}
	if s := c.Marketplaces.Shopify; s != nil {
		if s.AccessToken != "" {
			names = append(names, "marketplaces.shopify.access_token")
		}
		if s.WebhookSecret != "" {
			names = append(names, "marketplaces.shopify.webhook_secret")
		}
	}
	sort.Strings(names)
	return names
}

// ConfigExposure returns a warning when the config file at path holds
// secrets and its mode lets group or others read it; "" when it is fine
// (or cannot be read, which loading reports). The fix is in the warning.
func ConfigExposure(path string, c Config) string {
	if p, ok := ConfigExposurePhrase(path, c); ok {
		return p.String()
	}
	return ""
}

// The secrets warning's forms: the file, the first secret's key (and how
// many more), the file's mode.
const (
	ExposedSecrets     = "warning: %s holds secrets (%s) and has mode %04o, readable by others: chmod 600 %s, or move the secrets to environment variables (api_key_env, password_env, …)"
	ExposedSecretsMore = "warning: %s holds secrets (%s and %d more) and has mode %04o, readable by others: chmod 600 %s, or move the secrets to environment variables (api_key_env, password_env, …)"
)

// ConfigExposurePhrase is ConfigExposure's warning as a Phrase, for a
// reader in another language; ok false when there is none.
func ConfigExposurePhrase(path string, c Config) (Phrase, bool) {
	secrets := c.InlineSecrets()
	if len(secrets) == 0 {
		return Phrase{}, false
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return Phrase{}, false
	}
	if len(secrets) > 1 {
		return Phrase{Format: ExposedSecretsMore, Args: []any{path, secrets[0], len(secrets) - 1, fi.Mode().Perm(), path}}, true
	}
	return Phrase{Format: ExposedSecrets, Args: []any{path, secrets[0], fi.Mode().Perm(), path}}, true
}

// CheckEnv is the check that every environment variable a *_env setting
// names is set and not empty, read through getenv: a key that is missing
// shows when any command starts, not as the first refresh's failure.
// A variable a setting given in the file itself overrides is not needed.
func CheckEnv(getenv func(string) string) ConfigCheck {
	return func(c Config) []*ConfigError {
		p := &problems{}
		need := func(key, name, holds string) {
			if name != "" && envNameRE.MatchString(name) && getenv(name) == "" {
				p.add(key, name, "environment variable %s is not set or empty (it should hold the %s)", name, holds)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(c.Carriers)) {
			cc := c.Carriers[name]
			if !cc.On() || name == "sim" {
				continue
			}
			if cc.APIKey == "" {
				need("carriers."+name+".api_key_env", cc.APIKeyEnv, name+" API key")
			}
			if cc.WebhookSecret == "" {
				need("carriers."+name+".webhook_secret_env", cc.WebhookSecretEnv, name+" webhook secret")
			}
		}
		if e := c.Alerts.Email; e != nil && e.Password == "" {
			need("alerts.email.password_env", e.PasswordEnv, "SMTP password")
		}
		if w := c.Alerts.Webhook; w != nil && w.Secret == "" {
			need("alerts.webhook.secret_env", w.SecretEnv, "webhook signing secret")
		}
		if s := c.Alerts.SMS; s != nil && s.AuthToken == "" {
			need("alerts.sms.auth_token_env", s.AuthTokenEnv, "SMS auth token")
		}
		// The marketplaces' keys too: an unset app secret or access token
		// otherwise shows only as the first sync's failure, in the
		// background of the screen or serve.
		if a := c.Marketplaces.AliExpress; a != nil && a.AppSecret == "" {
			need("marketplaces.aliexpress.app_secret_env", a.AppSecretEnv, "AliExpress app secret")
		}
		if s := c.Marketplaces.Shopify; s != nil {
			if s.AccessToken == "" {
				need("marketplaces.shopify.access_token_env", s.AccessTokenEnv, "Shopify Admin API access token")
			}
			if s.WebhookSecret == "" {
				need("marketplaces.shopify.webhook_secret_env", s.WebhookSecretEnv, "Shopify webhook signing secret")
			}
		}
		return p.list
	}
}
