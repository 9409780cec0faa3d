package carrierhttp

import (
	"context"
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
