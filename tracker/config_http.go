package tracker

import (
	"net"
	"time"
)

// HTTPConfig bounds the webhook listener of `waybill serve --http`. Pushes
// come from a handful of carrier addresses; anything far beyond that is a
// client gone wrong or an attack, and must not starve the store.
type HTTPConfig struct {
	MaxConnections    int      `toml:"max_connections"`     // open at once, all clients together
	RequestsPerMinute int      `toml:"requests_per_minute"` // per client address; more get 429
	MaxBodyBytes      int64    `toml:"max_body_bytes"`      // a push larger than this gets 413
	ReadTimeout       Duration `toml:"read_timeout"`        // headers and body of one request
}

// DefaultHTTP is [http] of an empty config file.
func DefaultHTTP() HTTPConfig {
	return HTTPConfig{MaxConnections: 128, RequestsPerMinute: 1200, MaxBodyBytes: 4 << 20, ReadTimeout: Duration{30 * time.Second}}
}

func (h HTTPConfig) validate(bad func(string, string, ...any) error) error {
	switch {
	case h.MaxConnections < 1 || h.MaxConnections > 100_000:
		return bad("http.max_connections", "%d is out of range 1–100000", h.MaxConnections)
	case h.RequestsPerMinute < 1 || h.RequestsPerMinute > 1_000_000:
		return bad("http.requests_per_minute", "%d is out of range 1–1000000", h.RequestsPerMinute)
	case h.MaxBodyBytes < 1<<10 || h.MaxBodyBytes > 256<<20:
		return bad("http.max_body_bytes", "%d is out of range 1024–268435456", h.MaxBodyBytes)
	case h.ReadTimeout.Duration < time.Second || h.ReadTimeout.Duration > 10*time.Minute:
		return bad("http.read_timeout", "%s is out of range 1s–10m", h.ReadTimeout)
	}
	return nil
}

// LoopbackDefault is the address a listener binds for addr: one without a
// host (":8080") means this machine only, 127.0.0.1. Serving every
// interface takes saying so ("0.0.0.0:8080", "[::]:8080"), because a
// webhook or SSH port opened to a network by accident exposes the store.
func LoopbackDefault(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != "" {
		return addr
	}
	return net.JoinHostPort("127.0.0.1", port)
}
