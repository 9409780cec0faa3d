package carrierhttp

import (
	"errors"
	"net/url"
	"strings"
)

// Redact registers values (API keys, account ids used as secrets) that must
// never appear in an error this client returns: services echo keys back in
// error bodies ("invalid key abc…"), and a base_url override may carry one
// in its query. Errors reach logs, the status bar and the store.
func (c *Client) Redact(secrets ...string) {
	for _, s := range secrets {
		if s = strings.TrimSpace(s); len(s) >= 4 { // shorter would blank out ordinary text
			c.secrets = append(c.secrets, s)
		}
	}
}

const redacted = "[redacted]"

// redactedError is an error whose text had secrets in it; Unwrap keeps
// errors.Is working for the kind of failure (timeouts, cancellation).
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

// scrub removes query strings from URLs in transport errors and every
// registered secret from err's text.
func (c *Client) scrub(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) && strings.Contains(ue.URL, "?") {
		u := *ue
		u.URL, _, _ = strings.Cut(ue.URL, "?")
		u.URL += "?" + redacted
		err = &redactedError{msg: strings.Replace(err.Error(), ue.URL, u.URL, -1), cause: err}
	}
	msg := err.Error()
	clean := msg
	for _, s := range c.secrets {
		clean = strings.ReplaceAll(clean, s, redacted)
		if q := url.QueryEscape(s); q != s {
			clean = strings.ReplaceAll(clean, q, redacted)
		}
	}
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, cause: err}
}
