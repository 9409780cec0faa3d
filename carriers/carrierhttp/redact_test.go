package carrierhttp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestErrorsNeverCarryTheKey: a service that echoes the key in its error
// body, and a base_url whose query holds one, leave no trace of it in the
// error a caller logs or stores.
func TestErrorsNeverCarryTheKey(t *testing.T) {
	const key = "KEY-MARKER-5e1f0c"
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "invalid api key: "+r.Header.Get("X-Key")+" for "+r.URL.RawQuery, http.StatusUnauthorized)
	}))
	defer echo.Close()
	tests := []struct {
		name, base string
	}{
		{"echoed in the body", echo.URL},
		{"in the base_url query, transport failure", "http://127.0.0.1:1/?key=" + key},
		{"in the base_url query, echoed", echo.URL + "/?token=" + key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New("svc", "https://example.invalid", tt.base, 2*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			c.Redact(key)
			req, _ := http.NewRequest("GET", c.URL("/track", nil), nil)
			if strings.Contains(tt.base, "?") {
				req, _ = http.NewRequest("GET", tt.base, nil)
			}
			req.Header.Set("X-Key", key)
			_, err = c.Do(context.Background(), req)
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), key) {
				t.Fatalf("the key is in the error: %v", err)
			}
		})
	}
	// Cancellation is still recognizable once scrubbed.
	c, _ := New("svc", "https://example.invalid", "http://127.0.0.1:1/?key="+key, time.Second)
	c.Redact(key)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequest("GET", "http://127.0.0.1:1/?key="+key, nil)
	_, err := c.Do(ctx, req)
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), key) {
		t.Fatalf("cancelled: %v", err)
	}
}
