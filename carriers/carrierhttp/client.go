// Package carrierhttp is the HTTP plumbing every tracking-service adapter
// shares: the base URL override, one request with a timeout, and the sorting
// of failures into tracker.FailKinds so the refresher can answer each one
// rightly. Adapters keep only what is particular to their service.
package carrierhttp

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"waybill/tracker"
)

// MaxBody caps what we read of an answer: tracking answers are small, and a
// service that sends more is broken or hostile.
const MaxBody = 8 << 20

// Client talks to one tracking service.
type Client struct {
	Service string       // our slug, used in errors
	HTTP    *http.Client // nil: a client with Timeout
	Timeout time.Duration
	base    *url.URL
	secrets []string // see Redact
}

// New returns a client for service whose documented URLs start with
// defaultBase (e.g. "https://api.17track.net"). A non-empty override (the
// config's base_url) replaces the scheme and host, and may add a path prefix
// for a proxy; the documented path is appended after it.
func New(service, defaultBase, override string, timeout time.Duration) (*Client, error) {
	raw := defaultBase
	if override != "" {
		raw = override
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s base_url %q: want an http or https URL with a host", service, raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	return &Client{Service: service, Timeout: timeout, base: u}, nil
}

// URL joins the base with a documented path such as "/track/v2.2/register".
func (c *Client) URL(path string, query url.Values) string {
	u := *c.base
	u.Path = c.base.Path + path
	if query != nil {
		u.RawQuery = query.Encode()
	}
	return u.String()
}

// httpClient is the adapter's client (or a plain one) held to redirects
// within the configured host, whatever the adapter set up: every service
// sends its key in a header of its own, which net/http would carry to any
// host a redirect names.
func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return tracker.SameHostOnly(c.HTTP)
	}
	return tracker.SameHostOnly(&http.Client{Timeout: c.Timeout})
}

// Do sends req and returns the body of a 2xx answer. Other answers and
// transport failures come back as *tracker.CarrierError with their kind.
func (c *Client) Do(ctx context.Context, req *http.Request) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	resp, err := c.httpClient().Do(req.WithContext(ctx))
	if err != nil {
		return nil, c.transportError(ctx, req.URL.Host, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, c.transportError(ctx, req.URL.Host, err)
	}
	if len(body) > MaxBody {
		return nil, c.Fail(tracker.FailMalformed, resp.StatusCode, tracker.Wrapf(tracker.CarrierTooLarge, MaxBody))
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return body, nil
	}
	return nil, c.statusError(resp, body)
}

// DoJSON sends req and decodes a 2xx answer into out.
func (c *Client) DoJSON(ctx context.Context, req *http.Request, out any) error {
	body, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	return c.Decode(body, out)
}

// Decode reads JSON, turning a decoding failure into a malformed-answer
// error that quotes the start of what came, so a person can see why.
func (c *Client) Decode(body []byte, out any) error {
	if err := json.Unmarshal(body, out); err != nil {
		return c.Fail(tracker.FailMalformed, 0, fmt.Errorf("%v in %s", err, Snippet(body)))
	}
	return nil
}

// JSONRequest builds a request with a JSON body.
func (c *Client) JSONRequest(method, path string, query url.Values, body any) (*http.Request, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.URL(path, query), r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// Fail builds a CarrierError of this client's service.
func (c *Client) Fail(kind tracker.FailKind, status int, err error) *tracker.CarrierError {
	return &tracker.CarrierError{Service: c.Service, Kind: kind, Status: status, Err: c.scrub(err)}
}

// transportError sorts a failure to get an answer at all, and says which
// it was: refused, not resolved, not trusted, or not answered in time, so
// a person knows whether to look at the network, the name in base_url, the
// certificates or the service.
func (c *Client) transportError(ctx context.Context, host string, err error) error {
	var (
		dns  *net.DNSError
		cert *tls.CertificateVerificationError
		rec  tls.RecordHeaderError
		ne   net.Error
	)
	switch {
	case errors.Is(err, tracker.ErrCrossHostRedirect):
		// Not retryable: the service (or whatever base_url names) keeps
		// sending us elsewhere until a person changes the config.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the request's URL adds nothing to the policy's own words
		}
		return c.Fail(tracker.FailRequest, 0, err)
	case errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled:
		return c.scrub(err) // our own cancellation, not the service's fault
	case errors.As(err, &dns):
		// Before timeouts: a resolver that does not answer is a DNS
		// problem, whatever the clock says.
		why := dns.Err
		if dns.IsTimeout {
			why = tracker.CarrierDNSSilent
		}
		return c.Fail(tracker.FailConnect, 0, failure(err, tracker.CarrierCannotResolve, dns.Name, why))
	case errors.As(err, &cert):
		return c.Fail(tracker.FailTLS, 0, failure(err, tracker.CarrierTLSFailed, host, strings.TrimPrefix(cert.Err.Error(), "x509: ")))
	case errors.As(err, &rec), errors.Is(err, http.ErrSchemeMismatch):
		return c.Fail(tracker.FailTLS, 0, failure(err, tracker.CarrierNoTLS, host))
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return c.Fail(tracker.FailTimeout, 0, failure(err, tracker.CarrierNoAnswer, c.Timeout))
	case errors.Is(err, syscall.ECONNREFUSED):
		return c.Fail(tracker.FailConnect, 0, failure(err, tracker.CarrierRefused, dialed(err, host)))
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return c.Fail(tracker.FailConnect, 0, failure(err, tracker.CarrierClosed, dialed(err, host)))
	default:
		// Unreachable networks and the like: the way to the service, not
		// the service, and worth trying again later.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may carry a key in its query; the host is enough
		}
		return c.Fail(tracker.FailConnect, 0, fmt.Errorf("%s: %w", host, err))
	}
}

// transportFailure is a transport error said in our words, keeping the
// original beneath for errors.Is and errors.As.
type transportFailure struct {
	msg string
	err error
}

func (f *transportFailure) Error() string { return f.msg }
func (f *transportFailure) Unwrap() error { return f.err }

func failure(err error, format string, args ...any) error {
	return &transportFailure{msg: fmt.Sprintf(format, args...), err: err}
}

// dialed is the address a failed connection went to: the resolved one when
// the dialer says it, else the URL's host.
func dialed(err error, host string) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		return op.Addr.String()
	}
	return host
}

func (c *Client) statusError(resp *http.Response, body []byte) error {
	code := resp.StatusCode
	msg := fmt.Errorf("%s", Snippet(body))
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return c.Fail(tracker.FailAuth, code, msg)
	case code == http.StatusTooManyRequests:
		e := c.Fail(tracker.FailRateLimited, code, msg)
		e.RetryAfter = RetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return e
	case code == http.StatusPaymentRequired:
		return c.Fail(tracker.FailQuota, code, msg)
	case code >= 500:
		e := c.Fail(tracker.FailServer, code, msg)
		e.RetryAfter = RetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return e
	default:
		return c.Fail(tracker.FailRequest, code, msg)
	}
}

// MaxRetryAfter caps how long a service may ask us to wait, so a typo in a
// header cannot park a carrier for a year.
const MaxRetryAfter = time.Hour

// RetryAfter reads a Retry-After header: delay seconds or an HTTP date.
// It returns 0 when the header is absent or unreadable.
func RetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = t.Sub(now)
	} else {
		return 0
	}
	return max(0, min(d, MaxRetryAfter))
}

// Snippet quotes the start of a body for an error message, as valid UTF-8
// and without control characters.
func Snippet(b []byte) string {
	const n = 120
	cut := len(b) > n
	if cut {
		b = b[:n]
	}
	s := strings.ToValidUTF8(string(b), "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	if cut {
		s += "…"
	}
	return strconv.Quote(s)
}
