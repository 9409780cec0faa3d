// Package notify sends alerts from the outbox over email (SMTP), a signed
// webhook and a Twilio-compatible SMS API, each behind tracker.Notifier, and
// drains the outbox with retries (Sender).
//
// An alert may be sent more than once (a crash between sending and marking
// it sent); every message carries the alert's key so receivers can drop
// repeats: the X-Waybill-Alert-Key header of an email or webhook, and a
// stable email Message-ID.
package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"time"

	"waybill/tracker"
)

// Build returns a notifier for every channel [alerts] configures. Secrets
// come from the config or from the environment variables it names (through
// getenv); a named variable that is empty is an error, so a missing secret
// shows at start rather than as failed alerts.
func Build(a tracker.AlertsConfig, getenv func(string) string) ([]tracker.Notifier, error) {
	var out []tracker.Notifier
	if a.Email != nil {
		e, err := NewEmail(*a.Email, getenv)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if a.Webhook != nil {
		w, err := NewWebhook(*a.Webhook, getenv)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	if a.SMS != nil {
		s, err := NewSMS(*a.SMS, getenv)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// secret returns a value given in the config, or the value of the
// environment variable the config names.
func secret(table, key, value, envKey, envName string, getenv func(string) string) (string, error) {
	if value != "" || envName == "" {
		return value, nil
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	v := getenv(envName)
	if v == "" {
		return "", fmt.Errorf("[%s] %s: environment variable %s is not set (it should hold the %s)", table, envKey, envName, key)
	}
	return v, nil
}

// messageKey is the key of what one Send delivers: the alert's own key, or
// for a digest a key derived from all of theirs, the same on every retry of
// the same alerts.
func messageKey(alerts []tracker.Alert) string {
	if len(alerts) == 1 {
		return alerts[0].Key
	}
	h := sha256.New()
	for _, a := range alerts {
		h.Write([]byte(a.Key))
		h.Write([]byte{'\n'})
	}
	return "digest-" + hex.EncodeToString(h.Sum(nil)[:12])
}

// httpClient is the client a notifier uses when none is given: every
// request is bounded by the sender's context anyway; this bounds a
// misbehaving server further.
// Redirects are followed only within the receiver's host: an SMS
// provider's key or a webhook's alert text goes where it was configured to.
func httpClient(c *http.Client) *http.Client {
	if c != nil {
		return tracker.SameHostOnly(c)
	}
	return tracker.SameHostOnly(&http.Client{Timeout: time.Minute})
}

// redact removes the URL from an HTTP client error: webhook URLs often
// carry their secret in the path (Slack's do), and the error ends up in the
// store and on screens. The scheme and host are enough to act on.
func redact(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	where := "the server"
	if u, perr := url.Parse(ue.URL); perr == nil {
		where = u.Scheme + "://" + u.Host
	}
	return fmt.Errorf("%s %s: %w", ue.Op, where, ue.Err)
}

// snippet is the start of an error response, one plain line.
func snippet(b []byte) string {
	return tracker.OneLine(string(b), 200)
}

// channelError says which channel failed and how.
func channelError(channel string, n int, err error) error {
	what := "alert"
	if n != 1 {
		what = fmt.Sprintf("%d alerts", n)
	}
	return fmt.Errorf("%s %s: %w", channel, what, err)
}
