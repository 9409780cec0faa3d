package tracker

import (
	"strings"
	"testing"
)

func TestLoopbackDefault(t *testing.T) {
	for in, want := range map[string]string{
		":8080":          "127.0.0.1:8080",
		"0.0.0.0:8080":   "0.0.0.0:8080",
		"[::]:8080":      "[::]:8080",
		"10.0.0.5:1":     "10.0.0.5:1",
		"localhost:9000": "localhost:9000",
	} {
		if got := LoopbackDefault(in); got != want {
			t.Errorf("LoopbackDefault(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHTTPConfigRanges(t *testing.T) {
	tests := []struct{ src, key string }{
		{"[http]\nmax_connections = 0\n", "http.max_connections"},
		{"[http]\nrequests_per_minute = -1\n", "http.requests_per_minute"},
		{"[http]\nmax_body_bytes = 10\n", "http.max_body_bytes"},
		{"[http]\nread_timeout = \"1ms\"\n", "http.read_timeout"},
	}
	for _, tt := range tests {
		_, err := ParseConfig("c.toml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.key) {
			t.Errorf("%q: error %v, want one naming %s", tt.src, err, tt.key)
		}
	}
	if cfg, err := ParseConfig("c.toml", []byte("[http]\nmax_connections = 10\n")); err != nil || cfg.HTTP.MaxConnections != 10 || cfg.HTTP.RequestsPerMinute != DefaultHTTP().RequestsPerMinute {
		t.Errorf("got %+v, %v", cfg.HTTP, err)
	}
}
