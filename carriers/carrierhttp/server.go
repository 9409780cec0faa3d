package carrierhttp

import (
	"net"
	"net/http"
	"sync"
	"time"

	"waybill/tracker"
	"waybill/tracker/netlimit"
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
	perHost := netlimit.New(lim.RequestsPerMinute)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		if ok, _ := perHost.Allow(host, time.Now()); !ok {
			w.Header().Set("Retry-After", "60")
			http.Error(w, "too many requests from your address", http.StatusTooManyRequests)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, lim.MaxBodyBytes)
		h.ServeHTTP(w, r)
	})
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
