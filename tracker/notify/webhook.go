package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"waybill/tracker"
)

// Webhook posts alerts as JSON, or in Slack's {"text": …} form. With a
// secret, every request carries X-Waybill-Signature: sha256=HEX, the
// HMAC-SHA256 of the exact body under the secret; every request carries the
// alert's key in X-Waybill-Alert-Key. Any answer but 2xx is a failure.
type Webhook struct {
	URL    string
	Secret string
	Format string // json (default) or slack
	Client *http.Client
}

var _ tracker.Notifier = (*Webhook)(nil)

// Webhook headers.
const (
	SignatureHeader = "X-Waybill-Signature"
	KeyHeader       = "X-Waybill-Alert-Key"
)

// NewWebhook builds a webhook notifier from [alerts.webhook].
func NewWebhook(c tracker.WebhookAlertConfig, getenv func(string) string) (*Webhook, error) {
	w := &Webhook{URL: c.URL, Format: c.Format}
	if w.Format == "" {
		w.Format = "json"
	}
	var err error
	if w.Secret, err = secret("alerts.webhook", "signing secret", c.Secret, "secret_env", c.SecretEnv, getenv); err != nil {
		return nil, err
	}
	return w, nil
}

// Channel is tracker.ChannelWebhook.
func (w *Webhook) Channel() string { return tracker.ChannelWebhook }

// WebhookAlert is one alert in a JSON webhook body: the body itself for one
// alert, and each of Alerts in a digest.
type WebhookAlert struct {
	Key         string `json:"key"`
	Kind        string `json:"kind"`
	Severity    string `json:"severity"`
	Subject     string `json:"subject"`
	Body        string `json:"body"`
	ExceptionID *int64 `json:"exception_id"` // null for a watched order's change
	ShipmentID  *int64 `json:"shipment_id"`
	CreatedAt   string `json:"created_at"` // RFC 3339, UTC
}

// WebhookDigest is the JSON body of a digest: several alerts in one request.
type WebhookDigest struct {
	Key     string         `json:"key"`
	Subject string         `json:"subject"`
	Body    string         `json:"body"`
	Alerts  []WebhookAlert `json:"alerts"`
}

func webhookAlert(a tracker.Alert) WebhookAlert {
	id := func(v int64) *int64 {
		if v == 0 {
			return nil
		}
		return &v
	}
	return WebhookAlert{
		Key: a.Key, Kind: a.Kind, Severity: a.Severity.String(), Subject: a.Subject, Body: a.Body,
		ExceptionID: id(a.ExceptionID), ShipmentID: id(a.ShipmentID), CreatedAt: a.CreatedAt.UTC().Format(time.RFC3339),
	}
}

// Sign returns the X-Waybill-Signature value of a body: what a receiver
// computes to check that a request came from us, unchanged.
func Sign(body []byte, secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Send posts the alerts in one request: one alert as itself, several as a
// digest.
func (w *Webhook) Send(ctx context.Context, alerts []tracker.Alert) error {
	if len(alerts) == 0 {
		return nil
	}
	body, err := w.body(alerts)
	if err != nil {
		return channelError("webhook", len(alerts), err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return channelError("webhook", len(alerts), redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "waybill")
	req.Header.Set(KeyHeader, messageKey(alerts))
	if w.Secret != "" {
		req.Header.Set(SignatureHeader, Sign(body, w.Secret))
	}
	resp, err := httpClient(w.Client).Do(req)
	if err != nil {
		return channelError("webhook", len(alerts), redact(err))
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return channelError("webhook", len(alerts), fmt.Errorf("receiver answered %s: %s", resp.Status, snippet(head)))
	}
	return nil
}

func (w *Webhook) body(alerts []tracker.Alert) ([]byte, error) {
	if w.Format == "slack" {
		subject, body := tracker.DigestText(alerts)
		return json.Marshal(map[string]string{"text": slackEscape(subject + "\n" + body)})
	}
	if len(alerts) == 1 {
		return json.Marshal(webhookAlert(alerts[0]))
	}
	d := WebhookDigest{Key: messageKey(alerts), Alerts: make([]WebhookAlert, len(alerts))}
	d.Subject, d.Body = tracker.DigestText(alerts)
	for i, a := range alerts {
		d.Alerts[i] = webhookAlert(a)
	}
	return json.Marshal(d)
}

// slackEscape escapes the three characters Slack reads as markup, so text
// from outside cannot mention @channel or forge a link.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
