package serve

import (
	"net"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// addrLimiter allows each remote address perMinute new connections a
// minute (a burst of perMinute, refilled evenly), checked before the SSH
// handshake so that guessing keys costs a client its connections, not the
// server its CPU.
type addrLimiter struct {
	perMinute int // <= 0: no limit

	mu        sync.Mutex
	addrs     map[string]*addrEntry
	lastSweep time.Time
}

type addrEntry struct {
	lim    *rate.Limiter
	seen   time.Time
	logged time.Time // the last refusal logged: one line a minute per address, not one per connection
}

func newAddrLimiter(perMinute int) *addrLimiter {
	return &addrLimiter{perMinute: perMinute, addrs: map[string]*addrEntry{}}
}

// allow takes one connection from addr's allowance. log says a refusal
// is worth a line in the log: the first from its address in a minute, so a
// flood of connections cannot flood the log too.
func (l *addrLimiter) allow(addr net.Addr, now time.Time) (ok, log bool) {
	if l.perMinute <= 0 {
		return true, false
	}
	host := hostOf(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	// An address quiet for two minutes has its whole allowance back:
	// forget it, so the table stays as small as the recent callers.
	if now.Sub(l.lastSweep) > time.Minute {
		for h, e := range l.addrs {
			if now.Sub(e.seen) > 2*time.Minute {
				delete(l.addrs, h)
			}
		}
		l.lastSweep = now
	}
	e := l.addrs[host]
	if e == nil {
		e = &addrEntry{lim: rate.NewLimiter(rate.Every(time.Minute/time.Duration(l.perMinute)), l.perMinute)}
		l.addrs[host] = e
	}
	e.seen = now
	if e.lim.AllowN(now, 1) {
		return true, false
	}
	if now.Sub(e.logged) < time.Minute {
		return false, false
	}
	e.logged = now
	return false, true
}

// hostOf is the address without its port: a client gets a new port for
// each connection.
func hostOf(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	if host, _, err := net.SplitHostPort(addr.String()); err == nil {
		return host
	}
	return addr.String()
}
