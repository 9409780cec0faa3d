package tracker

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Several processes share one store (the screen, `waybill refresh
// --watch`, `waybill serve`, a cron job's `refresh --once`), and each
// would otherwise learn on its own, with calls of its own, that a service
// has used up its quota or refused the key. So the two verdicts that last
// (a quota pause, hours long, and a stop for a rejected key) are recorded
// in the store by the refresher that decides them, and every refresher
// sharing the store adopts them at the start of its passes: it skips the
// service's parcels as it would for its own pause, and its Health says
// why from then on. Rate limits (seconds) and the breaker's pauses are
// not shared: they end before another process would read them.

// SharedHealth is a service's pause or stop as a refresher recorded it
// for every process sharing the store.
type SharedHealth struct {
	Service string
	State   HealthState // HealthPaused or HealthStopped
	Until   time.Time   // when a pause ends; zero for a stop
	Reason  string
	// KeyPrint is the fingerprint (KeyPrint) of the credentials the
	// verdict was about: a process with another key ignores it, so a fixed
	// key is asked again at once.
	KeyPrint string
	At       time.Time // when it was recorded (clock time)
	By       string    // the recording refresher's Owner, for a person reading the table
}

// HealthStore keeps the shared pauses and stops, one per service. The
// refresher uses it when its store has it; without it every process
// learns on its own, as before.
type HealthStore interface {
	// SharedHealth returns every recorded pause and stop, expired or not.
	SharedHealth(ctx context.Context) ([]SharedHealth, error)
	// RecordHealth records h, replacing the service's earlier record.
	RecordHealth(ctx context.Context, h SharedHealth) error
	// ClearHealth drops the service's record if it is for keyPrint.
	ClearHealth(ctx context.Context, service, keyPrint string) error
}

// SharedStopFor is how long a recorded stop is taken on by the other
// processes. A key is sometimes refused for the account's own reasons (an
// app awaiting approval, a lapsed plan) and accepted later with no change
// to the config: after this, one process asks again and records the
// refusal anew if it comes, so the whole store spends one call an hour on
// a refused key instead of none ever or one per process and pass.
const SharedStopFor = time.Hour

// maxSharedReason bounds the reason kept in the store: a rejected key's
// reason carries the service's own text, which may be long.
const maxSharedReason = 500

// KeyPrint is the fingerprint of a service's credentials as configured:
// its key, the customer id that goes with it where the service has one,
// and the host they are sent to (a key refused by one host may be good at
// another). It is the first 16 hex digits of their SHA-256: enough to tell
// one key from another, and it never holds the key itself. A record
// carries it so that a process whose config was changed does not stay
// stopped by the old key's refusal.
func KeyPrint(key, customer, baseURL string) string {
	sum := sha256.Sum256([]byte(key + "\x00" + customer + "\x00" + baseURL))
	return hex.EncodeToString(sum[:8])
}

// shareOp is what a service's last verdict asks of the shared record.
type shareOp int

const (
	shareNone   shareOp = iota
	shareRecord         // record the service's pause or stop
	shareClear          // a call worked: drop the record this process knows of
)

// healthStore is the store's HealthStore, nil when it has none.
func (r *Refresher) healthStore() HealthStore {
	hs, _ := r.store.(HealthStore)
	return hs
}

// syncShared writes what name's last verdict asks of the shared record
// (recordFailure and recordOK set it). A failed write only means the other
// processes learn it with calls of their own, as they did before.
func (r *Refresher) syncShared(ctx context.Context, name string) {
	hs := r.healthStore()
	if hs == nil {
		return
	}
	r.mu.Lock()
	s := r.serviceLocked(name)
	op, h := s.share, s.ServiceHealth
	s.share = shareNone
	r.mu.Unlock()
	ctx = context.WithoutCancel(ctx) // what was learned is kept, as answers are
	print := r.KeyPrints[name]
	switch op {
	case shareRecord:
		reason := h.Reason
		if len(reason) > maxSharedReason {
			reason = reason[:maxSharedReason] + "…"
		}
		rec := SharedHealth{Service: name, State: h.State, Until: h.Until, Reason: reason,
			KeyPrint: print, At: r.clock.Now(), By: r.Owner}
		if hs.RecordHealth(ctx, rec) == nil {
			r.mu.Lock()
			r.serviceLocked(name).shared = true
			r.mu.Unlock()
		}
	case shareClear:
		if hs.ClearHealth(ctx, name, print) == nil {
			r.mu.Lock()
			if s := r.serviceLocked(name); s.State == HealthOK {
				s.shared = false
			}
			r.mu.Unlock()
		}
	}
}

// adoptShared reads the shared pauses and stops (one small query) and,
// with adopt, takes on those that concern this process: for its key, not
// expired (a stop after SharedStopFor), and not older than a call of its
// own that worked; a pause or stop it took on whose record is gone (a call
// that worked elsewhere cleared it) ends. It runs at the start of every
// pass and of every refresh-now, so what another process learned is known
// before any call is made. Without adopt it only notes which records are
// for this process's key, so that a call that works clears them.
func (r *Refresher) adoptShared(ctx context.Context, adopt bool) {
	hs := r.healthStore()
	if hs == nil {
		return
	}
	recs, err := hs.SharedHealth(ctx)
	if err != nil {
		return // each service is learned by calling it, as before
	}
	now := r.clock.Now()
	live := map[string]SharedHealth{}
	mine := map[string]bool{} // a record for our key, live or not: a call that works clears it
	for _, rec := range recs {
		if rec.KeyPrint != r.KeyPrints[rec.Service] {
			continue // about another key: this process's may be the fixed one
		}
		mine[rec.Service] = true
		switch {
		case rec.State == HealthStopped && now.Before(rec.At.Add(SharedStopFor)):
		case rec.State == HealthPaused && now.Before(rec.Until):
		default:
			continue
		}
		live[rec.Service] = rec
	}
	var stale []string // records older than a call that worked since
	r.mu.Lock()
	for name, s := range r.services {
		if _, ok := live[name]; !ok && s.adopted && adopt {
			// Cleared by a call that worked elsewhere, or a stop taken
			// on for long enough: ask again.
			s.State, s.Reason, s.Until, s.adopted = HealthOK, "", time.Time{}, false
		}
	}
	for name := range mine {
		r.serviceLocked(name).shared = true
	}
	for name, rec := range live {
		s := r.serviceLocked(name)
		if s.LastOK.Truncate(time.Second).After(rec.At) {
			stale = append(stale, name)
			continue
		}
		take := false
		switch s.State {
		case HealthOK:
			take = adopt
		case HealthPaused:
			// A stop, or a longer pause, outranks a short pause of our own.
			take = adopt && (rec.State == HealthStopped || rec.Until.After(s.Until))
		}
		if take {
			s.State, s.Reason, s.Until = rec.State, rec.Reason, rec.Until
			s.breaker, s.probing, s.adopted = false, false, true
		}
	}
	r.mu.Unlock()
	for _, name := range stale {
		_ = hs.ClearHealth(context.WithoutCancel(ctx), name, r.KeyPrints[name])
	}
}

// shares reports whether a failure of kind is recorded for the other
// processes: only the verdicts that last hours or until a person acts.
func shares(kind FailKind) bool {
	return kind == FailAuth || kind == FailQuota
}

// ServiceDown is why a parcel asked about now was not checked: its
// service is paused or stopped.
type ServiceDown struct {
	ServiceHealth
}

func (e *ServiceDown) Error() string {
	if e.State == HealthPaused {
		return e.Service + " paused until " + e.Until.Format("2006-01-02 15:04 MST") + ": " + e.Reason
	}
	return e.Service + " " + string(e.State) + ": " + e.Reason
}

// downIn is the ServiceDown of the first service that skipped parcels in
// rep, nil when none is paused or stopped any more.
func (r *Refresher) downIn(rep Report) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, h := range r.healthLocked() {
		if sr := rep.ByService[h.Service]; sr != nil && sr.Skipped > 0 && h.State != HealthOK {
			return &ServiceDown{h}
		}
	}
	return nil
}
