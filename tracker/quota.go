package tracker

import (
	"context"
	"slices"
	"strings"
	"time"
)

// DefaultQuotaEvery is how often the refresher reads each service's plan
// use at most: a few minutes is fresh enough to see a plan run out, and
// costs one call in hundreds of polls.
const DefaultQuotaEvery = 5 * time.Minute

// quotaTimeout bounds one read of a service's plan use.
const quotaTimeout = 10 * time.Second

// ServiceQuota is one service's plan use as last read.
type ServiceQuota struct {
	Service string
	Quota
	Err string    // the read failed: why (Quota is then the last good one, if any)
	At  time.Time // when it was read (clock time)
}

// Quotas returns each service's plan use as last read, by name.
func (r *Refresher) Quotas() []ServiceQuota {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.quotasLocked()
}

func (r *Refresher) quotasLocked() []ServiceQuota {
	out := make([]ServiceQuota, 0, len(r.quotas))
	for _, q := range r.quotas {
		out = append(out, q)
	}
	slices.SortFunc(out, func(a, b ServiceQuota) int { return strings.Compare(a.Service, b.Service) })
	return out
}

// readQuotas reads the plan use of every QuotaReader not read within
// QuotaEvery, skipping services that cannot be asked now (a rejected key
// would be refused again). It runs on the refresher's own goroutine, after
// a pass: never on a screen's.
func (r *Refresher) readQuotas(ctx context.Context) {
	every := r.QuotaEvery
	if every <= 0 {
		every = DefaultQuotaEvery
	}
	names := make([]string, 0, len(r.QuotaReaders))
	for name := range r.QuotaReaders {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		now := r.clock.Now()
		r.mu.Lock()
		last, seen := r.quotas[name]
		healthy := r.serviceLocked(name).State == HealthOK
		r.mu.Unlock()
		if (seen && now.Sub(last.At) < every) || !healthy || ctx.Err() != nil {
			continue
		}
		qctx, cancel := context.WithTimeout(ctx, quotaTimeout)
		q, err := r.QuotaReaders[name].Quota(qctx)
		cancel()
		got := ServiceQuota{Service: name, Quota: q, At: now}
		if err != nil {
			got.Quota, got.Err = last.Quota, err.Error()
		}
		r.mu.Lock()
		if r.quotas == nil {
			r.quotas = map[string]ServiceQuota{}
		}
		r.quotas[name] = got
		r.mu.Unlock()
	}
}
