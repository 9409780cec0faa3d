package carrierhttp

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, header string
		want         time.Duration
	}{
		{"absent", "", 0},
		{"seconds", "7", 7 * time.Second},
		{"zero", "0", 0},
		{"negative", "-5", 0},
		{"capped", "999999", MaxRetryAfter},
		{"HTTP date", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"date in the past", now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"garbage", "soon", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RetryAfter(tt.header, now); got != tt.want {
				t.Fatalf("RetryAfter(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestDoClassifiesAnswers(t *testing.T) {
	tests := []struct {
		status int
		kind   tracker.FailKind
	}{
		{401, tracker.FailAuth}, {403, tracker.FailAuth}, {402, tracker.FailQuota},
		{429, tracker.FailRateLimited}, {500, tracker.FailServer}, {503, tracker.FailServer},
		{400, tracker.FailRequest}, {404, tracker.FailRequest},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/proxy/api/v1/x" {
					t.Errorf("path %s: base_url prefix and documented path not joined", r.URL.Path)
				}
				w.Header().Set("Retry-After", "3")
				w.WriteHeader(tt.status)
				w.Write([]byte("\x1b[31mno\x1b[0m"))
			}))
			defer srv.Close()
			c, err := New("svc", "https://example.invalid", srv.URL+"/proxy/", time.Second)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := c.JSONRequest("GET", "/api/v1/x", nil, nil)
			_, err = c.Do(context.Background(), req)
			if tracker.FailKindOf(err) != tt.kind {
				t.Fatalf("HTTP %d gave %v, want %s", tt.status, err, tt.kind)
			}
			if strings.Contains(err.Error(), "\x1b") {
				t.Fatalf("error carries an escape sequence: %q", err)
			}
		})
	}
}

func TestDoTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	c, _ := New("svc", srv.URL, "", 50*time.Millisecond)
	req, _ := c.JSONRequest("GET", "/", nil, nil)
	if _, err := c.Do(context.Background(), req); tracker.FailKindOf(err) != tracker.FailTimeout {
		t.Fatalf("hung server gave %v, want timeout", err)
	}
	var out struct{ A int }
	if err := c.Decode([]byte(`{"A": "x"`), &out); tracker.FailKindOf(err) != tracker.FailMalformed || !strings.Contains(err.Error(), `{\"A\"`) {
		t.Fatalf("bad JSON gave %v, want malformed with a snippet", err)
	}
}

func TestNewRefusesBadBaseURL(t *testing.T) {
	for _, u := range []string{"ftp://x", "not a url", "http://"} {
		if _, err := New("svc", "https://a", u, 0); err == nil || !strings.Contains(err.Error(), "base_url") {
			t.Errorf("New(%q) = %v, want a base_url error", u, err)
		}
	}
}

// Each way of getting no answer is named as what it is, because each needs
// a different person to act: the network, the name in base_url, the
// certificates, or the service. All are real local conditions.
func TestDoTellsTransportFailuresApart(t *testing.T) {
	closed := func(t *testing.T) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens there now: the kernel refuses at once
		return "http://" + addr
	}
	server := func(t *testing.T, tls bool, h http.HandlerFunc) string {
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
		if tls {
			srv.StartTLS() // its certificate is trusted by srv.Client() only
		} else {
			srv.Start()
		}
		t.Cleanup(srv.Close)
		return srv.URL
	}
	tests := []struct {
		name      string
		base      func(t *testing.T) string
		kind      tracker.FailKind
		want      string // in the message, with {host} for the URL's host
		retryable bool
	}{
		{"closed port", closed, tracker.FailConnect, "connection refused by {host}", true},
		{"name that cannot resolve", func(*testing.T) string { return "http://api.17track.invalid" }, tracker.FailConnect, "cannot resolve api.17track.invalid (DNS: ", true},
		{"certificate nobody vouches for", func(t *testing.T) string {
			return server(t, true, func(w http.ResponseWriter, r *http.Request) {
				t.Error("the request went through an untrusted connection")
			})
		}, tracker.FailTLS, "TLS handshake with {host} failed: certificate signed by unknown authority", false},
		{"https to a plain HTTP port", func(t *testing.T) string {
			return strings.Replace(server(t, false, func(http.ResponseWriter, *http.Request) {}), "http:", "https:", 1)
		}, tracker.FailTLS, "TLS handshake with {host} failed: it does not speak TLS", false},
		{"server that never answers", func(t *testing.T) string {
			return server(t, false, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		}, tracker.FailTimeout, "no answer within 300ms", true},
		{"server that hangs up", func(t *testing.T) string {
			return server(t, false, func(w http.ResponseWriter, r *http.Request) {
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					conn.Close()
				}
			})
		}, tracker.FailConnect, "{host} closed the connection before answering", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := tt.base(t)
			// Time enough for a handshake on a busy machine, except where
			// waiting out the clock is the point.
			timeout := 10 * time.Second
			if tt.kind == tracker.FailTimeout {
				timeout = 300 * time.Millisecond
			}
			c, err := New("svc", base, "", timeout)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := c.JSONRequest("GET", "/track", nil, nil)
			_, err = c.Do(context.Background(), req)
			want := "svc: " + string(tt.kind) + ": " + strings.ReplaceAll(tt.want, "{host}", req.URL.Host)
			if tracker.FailKindOf(err) != tt.kind || !strings.Contains(err.Error(), want) {
				t.Fatalf("got %v\nwant %q…", err, want)
			}
			if got := tt.kind.Retryable(); got != tt.retryable {
				t.Fatalf("%s retryable = %v, want %v", tt.kind, got, tt.retryable)
			}
		})
	}
}
