package tracker

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrCrossHostRedirect is a redirect refused because it leaves the host the
// request was made to.
var ErrCrossHostRedirect = errors.New("redirect to another host refused")

// maxRedirects is net/http's own limit, kept when we replace its policy.
const maxRedirects = 10

// SameHostOnly returns a copy of c (or of a plain client when c is nil)
// that follows redirects only within the scheme, host and port of the first
// request. Services authenticate with headers of their own (17token,
// as-api-key, DHL-API-Key …), and net/http drops only Authorization and
// cookies when a redirect changes host, so following one would hand the key
// to whoever the answer names. Refusing is simpler to reason about than
// knowing every credential header of every adapter, present and future.
func SameHostOnly(c *http.Client) *http.Client {
	var out http.Client
	if c != nil {
		out = *c
	}
	prev := out.CheckRedirect
	out.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && !sameOrigin(via[0], req) {
			return fmt.Errorf("%w: %s answered with a redirect to %s; a credential goes only to the host it was configured for (check base_url)",
				ErrCrossHostRedirect, origin(via[0]), origin(req))
		}
		if prev != nil {
			return prev(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
	return &out
}

func sameOrigin(a, b *http.Request) bool {
	return a.URL.Scheme == b.URL.Scheme && a.URL.Hostname() == b.URL.Hostname() && port(a) == port(b)
}

func port(r *http.Request) string {
	if p := r.URL.Port(); p != "" {
		return p
	}
	if r.URL.Scheme == "https" {
		return "443"
	}
	return "80"
}

func origin(r *http.Request) string { return r.URL.Scheme + "://" + r.URL.Host }
