package carrierhttp

import (
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"waybill/tracker"
)

// NewServer is the webhook listener's http.Server: its handler wrapped in
// a per-address request budget and a body bound, and every phase of a
// request timed, so that slow, huge or many requests cost a client its own
// requests and never the process its memory, sockets or goroutines.
func NewServer(h http.Handler, lim tracker.HTTPConfig) *http.Server {
	read := lim.ReadTimeout.Duration
	return &http.Server{
		Handler:           limitRequests(h, lim),
		ReadHeaderTimeout: min(read, 10*time.Second), // slowloris: headers trickled a byte at a time
		ReadTimeout:       read,
		WriteTimeout:      read + 30*time.Second, // a handler writes to the store before it answers
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// maxHeaderBytes: carriers send a few short headers (a signature, a
// content type); net/http's default is 1 MB.
const maxHeaderBytes = 16 << 10

// limitRequests answers 429 to an address past its budget and bounds every
// body, whatever the route does with it.
func limitRequests(h http.Handler, lim tracker.HTTPConfig) http.Handler {
	perAddr := newRateTable(lim.RequestsPerMinute)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !perAddr.allow(r.RemoteAddr, time.Now()) {
			w.Header().Set("Retry-After", "60")
			http.Error(w, "too many requests from your address", http.StatusTooManyRequests)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, lim.MaxBodyBytes)
		h.ServeHTTP(w, r)
	})
}

// rateTable keeps one token bucket per client address (without the port),
// and forgets an address once it has been quiet long enough to have its
// whole budget back.
type rateTable struct {
	perMinute int
	mu        sync.Mutex
	addrs     map[string]*rateEntry
	lastSweep time.Time
}

type rateEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

func newRateTable(perMinute int) *rateTable {
	return &rateTable{perMinute: perMinute, addrs: map[string]*rateEntry{}}
}

func (t *rateTable) allow(remote string, now time.Time) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.lastSweep) > time.Minute {
		for h, e := range t.addrs {
			if now.Sub(e.seen) > 2*time.Minute {
				delete(t.addrs, h)
			}
		}
		t.lastSweep = now
	}
	e := t.addrs[host]
	if e == nil {
		e = &rateEntry{lim: rate.NewLimiter(rate.Every(time.Minute/time.Duration(t.perMinute)), t.perMinute)}
		t.addrs[host] = e
	}
	e.seen = now
	return e.lim.AllowN(now, 1)
}

// LimitListener accepts at most n connections at once: the next waits in
// the kernel's backlog until one closes, so a flood of idle sockets cannot
// exhaust the process's descriptors.
func LimitListener(ln net.Listener, n int) net.Listener {
	return &limitListener{Listener: ln, sem: make(chan struct{}, n)}
}

type limitListener struct {
	net.Listener
	sem chan struct{}
}

func (l *limitListener) Accept() (net.Conn, error) {
	l.sem <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
