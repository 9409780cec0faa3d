// Package netlimit keeps a token bucket per remote host, for the listeners
// that strangers can reach: the SSH server counts new connections with it,
// the webhook receiver requests.
package netlimit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// PerHost allows each host perMinute events a minute (a burst of
// perMinute, refilled evenly). Hosts are keyed without their port: a client
// gets a new source port for each connection.
type PerHost struct {
	perMinute int // <= 0: no limit

	mu        sync.Mutex
	hosts     map[string]*entry
	lastSweep time.Time
}

type entry struct {
	lim    *rate.Limiter
	seen   time.Time
	logged time.Time // the last refusal reported for logging
}

// New returns a table allowing perMinute a minute to each host; <= 0 allows
// everything.
func New(perMinute int) *PerHost {
	return &PerHost{perMinute: perMinute, hosts: map[string]*entry{}}
}

// Allow takes one from host's allowance. log says a refusal is worth a line
// in the log: the first from its host in a minute, so that a flood cannot
// flood the log too.
func (l *PerHost) Allow(host string, now time.Time) (ok, log bool) {
	if l.perMinute <= 0 {
		return true, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	// A host quiet for two minutes has its whole allowance back: forget
	// it, so the table stays as small as the recent callers.
	if now.Sub(l.lastSweep) > time.Minute {
		for h, e := range l.hosts {
			if now.Sub(e.seen) > 2*time.Minute {
				delete(l.hosts, h)
			}
		}
		l.lastSweep = now
	}
	e := l.hosts[host]
	if e == nil {
		e = &entry{lim: rate.NewLimiter(rate.Every(time.Minute/time.Duration(l.perMinute)), l.perMinute)}
		l.hosts[host] = e
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

// Hosts is how many hosts the table remembers.
func (l *PerHost) Hosts() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.hosts)
}
