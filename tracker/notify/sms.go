package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"waybill/tracker"
)

// SMS sends alerts through a Twilio-compatible Messages API: one POST per
// recipient to {BaseURL}/2010-04-01/Accounts/{AccountSID}/Messages.json
// with form fields To, From and Body, authenticated with HTTP Basic
// (account SID, auth token).
type SMS struct {
	BaseURL    string // https://api.twilio.com when empty
	AccountSID string
	AuthToken  string
	From       string
	To         []string
	Client     *http.Client
}

var _ tracker.Notifier = (*SMS)(nil)

// MaxSMSBody is the longest body the Messages API takes, in characters.
const MaxSMSBody = 1600

// NewSMS builds an SMS notifier from [alerts.sms].
func NewSMS(c tracker.SMSAlertConfig, getenv func(string) string) (*SMS, error) {
	s := &SMS{BaseURL: strings.TrimRight(c.BaseURL, "/"), AccountSID: c.AccountSID, From: c.From, To: c.To}
	if s.BaseURL == "" {
		s.BaseURL = "https://api.twilio.com"
	}
	if u, err := url.Parse(s.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("[alerts.sms] base_url %q: want an http or https URL", c.BaseURL)
	}
	var err error
	if s.AuthToken, err = secret("alerts.sms", "auth token", c.AuthToken, "auth_token_env", c.AuthTokenEnv, getenv); err != nil {
		return nil, err
	}
	if s.AuthToken == "" {
		return nil, errors.New("[alerts.sms]: needs auth_token or auth_token_env")
	}
	for _, to := range c.To {
		if !tracker.IsE164(to) {
			// A bad number would fail every retry of every alert, and
			// each retry would text the good numbers again.
			return nil, fmt.Errorf("[alerts.sms] to %q: want an E.164 number such as +15550111", to)
		}
	}
	return s, nil
}

// Channel is tracker.ChannelSMS.
func (s *SMS) Channel() string { return tracker.ChannelSMS }

// Send texts the alerts to every recipient, in one message each (a digest
// when there are several). It tries every recipient; if any fails, the
// error says which, and the whole send is tried again later.
func (s *SMS) Send(ctx context.Context, alerts []tracker.Alert) error {
	if len(alerts) == 0 {
		return nil
	}
	subject, body := tracker.DigestText(alerts)
	if len(alerts) > 1 {
		// A digest by text message: the subjects say enough.
		lines := make([]string, len(alerts))
		for i, a := range alerts {
			lines[i] = strings.TrimPrefix(a.Subject, "[waybill] ")
		}
		body = strings.Join(lines, "\n")
	}
	text := truncate(subject+"\n"+body, MaxSMSBody)
	endpoint := s.BaseURL + "/2010-04-01/Accounts/" + url.PathEscape(s.AccountSID) + "/Messages.json"
	var errs []error
	for _, to := range s.To {
		if err := s.post(ctx, endpoint, to, text); err != nil {
			errs = append(errs, fmt.Errorf("to %s: %w", to, scrub(err, s.AuthToken)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return channelError("sms", len(alerts), err)
	}
	return nil
}

func (s *SMS) post(ctx context.Context, endpoint, to, text string) error {
	form := url.Values{"To": {to}, "From": {s.From}, "Body": {text}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return redact(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "waybill")
	req.SetBasicAuth(s.AccountSID, s.AuthToken)
	resp, err := httpClient(s.Client).Do(req)
	if err != nil {
		return redact(err)
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	// Twilio explains itself in {"code": 21211, "message": "…"}.
	var te struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(head, &te) == nil && te.Message != "" {
		return fmt.Errorf("API answered %s: %s (code %d)", resp.Status, tracker.OneLine(te.Message, 200), te.Code)
	}
	return fmt.Errorf("API answered %s: %s", resp.Status, snippet(head))
}

// truncate cuts s to at most max characters, marking a cut with "…".
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
