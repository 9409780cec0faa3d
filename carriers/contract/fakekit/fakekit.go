// Package fakekit is the machinery the tracking-service fakes share: the
// test server and its shutdown, the fault queue, the counters behind
// contract.Stats, per-second rate windows and the hang of a timeout fault.
// A fake embeds a Base and keeps only what its service's protocol makes
// particular.
package fakekit

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"waybill/carriers/contract"
)

// Base is embedded by a fake server. Its methods are safe for concurrent
// use; its lock is its own, so a fake may call them holding its own lock.
type Base struct {
	srv  *httptest.Server
	stop chan struct{}

	faults Queue[contract.Fault]

	mu      sync.Mutex
	stats   contract.Stats
	windows map[string][]time.Time // request times, by window name
}

// Start serves h on a new test server until t ends. When it ends,
// requests hanging in Hang are released first, then the server closes.
func (b *Base) Start(t testing.TB, h http.HandlerFunc) {
	b.stop = make(chan struct{})
	b.srv = httptest.NewServer(h)
	t.Cleanup(func() {
		close(b.stop)
		b.srv.Close()
	})
}

// URL is the base URL to give the adapter.
func (b *Base) URL() string { return b.srv.URL }

// Fail makes the next n requests fail with f, after any faults already
// queued.
func (b *Base) Fail(f contract.Fault, n int) { b.faults.Add(f, n) }

// ReplaceFaults drops the faults still queued, then makes the next n
// requests fail with f.
func (b *Base) ReplaceFaults(f contract.Fault, n int) { b.faults.Set(f, n) }

// NextFault takes the fault of the request at hand: "" when none is
// queued.
func (b *Base) NextFault() contract.Fault {
	f, _ := b.faults.Next()
	return f
}

// Stats returns what the fake counted.
func (b *Base) Stats() contract.Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stats
}

// CountRequest counts a request that reached the fake.
func (b *Base) CountRequest() { b.count(func(s *contract.Stats) { s.Requests++ }) }

// CountBatch counts a request that asked about n numbers.
func (b *Base) CountBatch(n int) {
	b.count(func(s *contract.Stats) { s.MaxBatch = max(s.MaxBatch, n) })
}

// CountBadAuth counts a request refused for its key.
func (b *Base) CountBadAuth() { b.count(func(s *contract.Stats) { s.BadAuth++ }) }

// CountOverLimit counts a request over the service's rate limit, for
// limits that are not a per-second window (see CountRate).
func (b *Base) CountOverLimit() { b.count(func(s *contract.Stats) { s.OverLimit++ }) }

func (b *Base) count(f func(*contract.Stats)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f(&b.stats)
}

// CountRate records a request at now in the named one-second sliding
// window (a fake with a single limit may name it ""). When limit or more
// requests came in the second before, the request is counted OverLimit and
// CountRate reports true; a limit of 0 or less counts nothing.
func (b *Base) CountRate(window string, limit int, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.windows == nil {
		b.windows = map[string][]time.Time{}
	}
	recent := b.windows[window][:0]
	for _, t := range b.windows[window] {
		if now.Sub(t) < time.Second {
			recent = append(recent, t)
		}
	}
	over := limit > 0 && len(recent) >= limit
	b.windows[window] = append(recent, now)
	if over {
		b.stats.OverLimit++
	}
	return over
}

// InWindow is how many requests the named window held at its last
// CountRate, that request included.
func (b *Base) InWindow(window string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.windows[window])
}

// Hang is the answer to FaultTimeout: nothing, until the client gives up
// or the test ends.
func (b *Base) Hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-b.stop:
	}
}

// PlainFault answers the faults that look the same whatever the service,
// as a gateway in front of it gives them: Fault429 and Fault429Date as a
// text/plain 429 with Retry-After, Fault500 as a text/plain 500, and
// FaultTimeout by hanging. It reports whether f was one of them.
func (b *Base) PlainFault(w http.ResponseWriter, r *http.Request, f contract.Fault, now time.Time) bool {
	switch f {
	case contract.Fault429, contract.Fault429Date:
		w.Header().Set("Retry-After", RetryAfter(f, now))
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	case contract.Fault500:
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	case contract.FaultTimeout:
		b.Hang(r)
	default:
		return false
	}
	return true
}

// RetryAfter is the Retry-After header of a rate-limit fault answered at
// now: seconds ("7") for Fault429, an HTTP date 30 seconds ahead for
// Fault429Date.
func RetryAfter(f contract.Fault, now time.Time) string {
	if f == contract.Fault429Date {
		return now.Add(30 * time.Second).UTC().Format(http.TimeFormat)
	}
	return "7"
}

// WriteJSON answers status with v as a JSON body.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Queue is a first-in, first-out queue of scripted failures, safe for
// concurrent use. Base queues contract faults in one; a fake that scripts
// failures of its own queues them in its own.
type Queue[T any] struct {
	mu   sync.Mutex
	runs []run[T]
}

type run[T any] struct {
	v T
	n int
}

// Add queues v for the next n requests, after what is queued.
func (q *Queue[T]) Add(v T, n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if n > 0 {
		q.runs = append(q.runs, run[T]{v, n})
	}
}

// Set drops what is queued, then queues v for the next n requests.
func (q *Queue[T]) Set(v T, n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.runs = nil
	if n > 0 {
		q.runs = append(q.runs, run[T]{v, n})
	}
}

// Next takes the value for the request at hand; false when none is
// queued.
func (q *Queue[T]) Next() (v T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.runs) == 0 {
		return v, false
	}
	v = q.runs[0].v
	if q.runs[0].n--; q.runs[0].n == 0 {
		q.runs = q.runs[1:]
	}
	return v, true
}

// Log keeps what a fake received (its own Request type), oldest first;
// safe for concurrent use.
type Log[T any] struct {
	mu    sync.Mutex
	items []T
}

// Add appends v.
func (l *Log[T]) Add(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items = append(l.items, v)
}

// All returns a copy of everything added, oldest first.
func (l *Log[T]) All() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]T(nil), l.items...)
}
