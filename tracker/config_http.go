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

func (h HTTPConfig) validate(p *problems) {
	if !inRange(h.MaxConnections, 1, 100_000) {
		p.add("http.max_connections", h.MaxConnections, "want 1 to 100000")
	}
	if !inRange(h.RequestsPerMinute, 1, 1_000_000) {
		p.add("http.requests_per_minute", h.RequestsPerMinute, "want 1 to 1000000")
	}
	if !inRange(h.MaxBodyBytes, 1<<10, 256<<20) {
		p.add("http.max_body_bytes", h.MaxBodyBytes, "want 1024 to 268435456")
	}
	if !inRange(h.ReadTimeout.Duration, time.Second, 10*time.Minute) {
		p.add("http.read_timeout", h.ReadTimeout, "want a duration from 1s to 10m")
	}
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
