package tracker

import (
	"errors"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// validate checks every [alerts.*] channel as far as the file can tell:
// addresses, numbers and URLs that no send could reach are refused at
// start rather than found by the first alert, hours later.
func (a AlertsConfig) validate(p *problems) {
	filter := func(table string, f AlertFilter) {
		for _, k := range f.Kinds {
			if !slices.Contains(ExceptionKinds, ExceptionKind(k)) {
				p.add(table+".kinds", f.Kinds, "%q is not an exception kind (want one of %v)", k, ExceptionKinds)
				break
			}
		}
		if _, err := ParseSeverity(f.MinSeverity); err != nil {
			p.add(table+".min_severity", f.MinSeverity, "want low, medium, high or critical")
		}
	}
	if d := a.Digest.Duration; d != 0 && !inRange(d, time.Minute, 7*24*time.Hour) {
		p.add("alerts.digest", a.Digest, "want 0 (one message per alert) or a duration from 1m to 7d")
	}
	if e := a.Email; e != nil {
		if err := checkHostPort(e.SMTPAddr, false); err != nil {
			p.add("alerts.email.smtp_addr", e.SMTPAddr, "%v, e.g. smtp.example.com:587", err)
		}
		if e.TLS != "" && e.TLS != "none" && e.TLS != "starttls" && e.TLS != "tls" {
			p.add("alerts.email.tls", e.TLS, "want none, starttls or tls")
		}
		if e.From == "" {
			p.add("alerts.email.from", nil, "needs a sender address")
		} else if err := checkMailAddress(e.From); err != nil {
			p.add("alerts.email.from", e.From, "%v", err)
		}
		if len(e.To) == 0 {
			p.add("alerts.email.to", nil, "needs at least one recipient")
		}
		for _, to := range e.To {
			if err := checkMailAddress(to); err != nil {
				p.add("alerts.email.to", e.To, "%q: %v", to, err)
				break
			}
		}
		envName(p, "alerts.email.password_env", e.PasswordEnv)
		filter("alerts.email", e.AlertFilter)
	}
	if w := a.Webhook; w != nil {
		// A chat webhook's path is its secret: only the scheme and host
		// of a bad URL are shown.
		if _, err := checkURL(w.URL, true); err != nil {
			p.addShown("alerts.webhook.url", ConfigValue(urlHead(w.URL)), "%v", err)
		}
		if w.Format != "" && w.Format != "json" && w.Format != "slack" {
			p.add("alerts.webhook.format", w.Format, "want json or slack")
		}
		envName(p, "alerts.webhook.secret_env", w.SecretEnv)
		filter("alerts.webhook", w.AlertFilter)
	}
	if s := a.SMS; s != nil {
		if s.BaseURL != "" {
			if shown, err := checkURL(s.BaseURL, false); err != nil {
				p.addShown("alerts.sms.base_url", shown, "%v", err)
			}
		}
		if s.AccountSID == "" {
			p.add("alerts.sms.account_sid", nil, "needs the account SID")
		}
		if s.AuthToken == "" && s.AuthTokenEnv == "" {
			p.add("alerts.sms", nil, "needs auth_token or auth_token_env")
		}
		envName(p, "alerts.sms.auth_token_env", s.AuthTokenEnv)
		switch {
		case s.From == "":
			p.add("alerts.sms.from", nil, "needs the sending number")
		case !IsE164(s.From) && !isSenderID(s.From):
			p.add("alerts.sms.from", s.From, "want an E.164 number such as +15550111, or a sender ID of 1–11 letters and digits")
		}
		if len(s.To) == 0 {
			p.add("alerts.sms.to", nil, "needs at least one number")
		}
		for _, to := range s.To {
			if !IsE164(to) {
				// A bad number would fail every retry of every alert,
				// and each retry would text the good numbers again.
				p.add("alerts.sms.to", s.To, "%q: want an E.164 number such as +15550111", to)
				break
			}
		}
		filter("alerts.sms", s.AlertFilter)
	}
}

// checkMailAddress says what is wrong with one email address, or nil.
func checkMailAddress(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return errors.New("not an email address: want name@example.com or \"Name\" <name@example.com>")
	}
	if at := strings.LastIndexByte(a.Address, '@'); at <= 0 || at == len(a.Address)-1 {
		return errors.New("not an email address: want name@example.com")
	}
	return nil
}

// IsE164 reports whether s is a phone number in E.164 form: + and 7 to 15
// digits.
func IsE164(s string) bool {
	if len(s) < 8 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// isSenderID reports whether s is an alphanumeric SMS sender ID: 1 to 11
// letters, digits and spaces, at least one a letter.
func isSenderID(s string) bool {
	if len(s) < 1 || len(s) > 11 || strings.TrimSpace(s) != s {
		return false
	}
	letter := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9', c == ' ':
		default:
			return false
		}
	}
	return letter
}

// urlHead is a URL cut after its host, for showing one whose path may be
// a secret.
func urlHead(raw string) string {
	if i := strings.Index(raw, "://"); i >= 0 {
		rest := raw[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			return raw[:i+3+j] + "/…"
		}
		return raw
	}
	if i := strings.IndexByte(raw, ':'); i >= 0 && i < len(raw)-1 {
		return raw[:i+1] + "…"
	}
	if r := []rune(raw); len(r) > 12 {
		return string(r[:12]) + "…"
	}
	return raw
}
