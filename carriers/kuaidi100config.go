package carriers

import (
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"strings"

	"waybill/carriers/kuaidi100"
	"waybill/tracker"
)

// withKuaidi100 applies the settings only Kuaidi100 takes: what of an
// order's phone to send, and, with a callback URL, subscribing each number
// so Kuaidi100 pushes it (it pushes nothing else).
func withKuaidi100(c *kuaidi100.Carrier, cc tracker.CarrierConfig, secret string) (tracker.Carrier, error) {
	if err := c.SetPhone(cc.SendPhone); err != nil {
		return nil, err
	}
	if cc.CallbackURL == "" {
		return c, nil
	}
	if secret == "" {
		name := "webhook_secret"
		if cc.WebhookSecretEnv != "" {
			name = "webhook_secret_env " + cc.WebhookSecretEnv + " (empty or unset)"
		}
		return nil, fmt.Errorf("carriers.kuaidi100.callback_url needs %s: the salt Kuaidi100 signs each push with", name)
	}
	return c.WithPushes(cc.CallbackURL, secret)
}

// checkKuaidi100 checks callback_url and send_phone, which only
// [carriers.kuaidi100] takes: the other services push to an address set in
// their own consoles, and send no phone.
func checkKuaidi100(cfg tracker.Config) []*tracker.ConfigError {
	var out []*tracker.ConfigError
	add := func(key, value, reason string) {
		out = append(out, &tracker.ConfigError{Key: key, Value: value, Reason: reason})
	}
	for _, name := range slices.Sorted(maps.Keys(cfg.Carriers)) {
		cc := cfg.Carriers[name]
		table := tracker.ConfigKey("carriers", name)
		if name != kuaidi100.Slug {
			if cc.CallbackURL != "" {
				add(table+".callback_url", "", name+" pushes to the address set in its own console; only kuaidi100 takes callback_url")
			}
			if cc.SendPhone != "" {
				add(table+".send_phone", tracker.ConfigValue(cc.SendPhone), "only kuaidi100 takes send_phone")
			}
			continue
		}
		switch cc.SendPhone {
		case "", kuaidi100.PhoneLast4, kuaidi100.PhoneFull, kuaidi100.PhoneNone:
		default:
			add(table+".send_phone", tracker.ConfigValue(cc.SendPhone), "want "+strings.Join(kuaidi100.PhoneModes, ", ")+" (\"\": last4)")
		}
		if cc.CallbackURL == "" {
			continue
		}
		shown, reason := checkCallback(cc.CallbackURL)
		if reason != "" {
			add(table+".callback_url", shown, reason)
		}
		if cc.WebhookSecret == "" && cc.WebhookSecretEnv == "" {
			add(table+".callback_url", shown, "needs webhook_secret or webhook_secret_env: the salt Kuaidi100 signs each push with, without which pushes are refused")
		}
	}
	return out
}

// checkCallback says what is wrong with a callback URL, "" when nothing,
// and how it may be shown ("" for not at all: it holds a password). Kuaidi100 calls it from
// the internet, so a name or address only this machine or network knows
// cannot be it; a query is allowed (the documents show
// "?callbackid=…").
func checkCallback(raw string) (shown, reason string) {
	u, err := url.Parse(raw)
	if err != nil {
		return tracker.ConfigValue(raw), "not a URL: want https://your.host/webhooks/kuaidi100"
	}
	shown = tracker.ConfigValue(raw)
	if u.User != nil {
		shown = "" // the file's text would be shown in its place, password and all
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return shown, "scheme " + tracker.ConfigValue(u.Scheme) + ": want an https:// (or http://) URL"
	case host == "":
		return shown, "no host: want https://your.host/webhooks/kuaidi100"
	case u.User != nil:
		return shown, "a user or password in the URL would be sent to Kuaidi100 with every subscription"
	case strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost"),
		ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified()):
		return shown, "Kuaidi100 calls it from the internet: give the public address that reaches `waybill serve --http` (/webhooks/kuaidi100)"
	}
	return shown, ""
}
