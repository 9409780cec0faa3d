package tracker

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"time"
)

// Schedule says how often to ask a carrier about a parcel in each state
// ([refresh] in the config). Parcels close to the buyer are checked often;
// parcels that have said nothing yet are checked with growing gaps.
type Schedule struct {
	OutForDelivery Duration `toml:"out_for_delivery"`
	Customs        Duration `toml:"customs"`
	InTransit      Duration `toml:"in_transit"`
	PendingMin     Duration `toml:"pending_min"`
	PendingMax     Duration `toml:"pending_max"`
	Jitter         float64  `toml:"jitter"` // fraction, 0.1 = ±10%
	// PushedFactor stretches the gap for parcels whose service pushed an
	// update within PushedWithin: webhooks keep them current, and polls
	// only catch a push that was lost.
	PushedFactor float64  `toml:"pushed_factor"`
	PushedWithin Duration `toml:"pushed_within"`
}

// DefaultSchedule is used when the config says nothing.
func DefaultSchedule() Schedule {
	return Schedule{
		OutForDelivery: Duration{time.Hour},
		Customs:        Duration{3 * time.Hour},
		InTransit:      Duration{4 * time.Hour},
		PendingMin:     Duration{2 * time.Hour},
		PendingMax:     Duration{24 * time.Hour},
		Jitter:         0.1,
		PushedFactor:   6,
		PushedWithin:   Duration{48 * time.Hour},
	}
}

// Policy bundles what the store needs to finish an update: when to check next
// and which exceptions to open.
type Policy struct {
	Schedule Schedule
	Rules    Rules
	Alerts   []AlertRoute // besides the app channel, which takes every alert
	// ETA tunes the history model behind the overdue rule when an order has
	// no promise; the zero value means the defaults.
	ETA ETASettings
	// Deadlines are [deadlines]: the claim windows the carrier_claim rule
	// reads when a lost or damaged exception opens.
	Deadlines DeadlineConfig
}

// AlertRoutes are the channels besides the app that take the alerts
// about sh: none for a demo order's parcel. Made-up news is for the
// screen's list alone, never a seller's email, webhook or phone.
func (p Policy) AlertRoutes(sh Shipment) []AlertRoute {
	if sh.Demo {
		return nil
	}
	return p.Alerts
}

// DefaultPolicy is the policy of an empty config.
func DefaultPolicy() Policy {
	return Policy{Schedule: DefaultSchedule(), Rules: DefaultRules(), ETA: DefaultETASettings(), Deadlines: DefaultDeadlines()}
}

// NextCheck returns when sh should be checked again after a check at now, or
// the zero time when it never needs to be (final states).
func (s Schedule) NextCheck(sh Shipment, now time.Time) time.Time {
	var gap time.Duration
	switch sh.Status {
	case StatusDelivered, StatusReturned, StatusExpired:
		return time.Time{}
	case StatusOutForDelivery, StatusAvailableForPickup, StatusDeliveryFailed:
		gap = s.OutForDelivery.Duration
	case StatusCustoms, StatusException, StatusReturning:
		gap = s.Customs.Duration
	case StatusPending, StatusInfoReceived:
		// Grow the gap with the parcel's age so a number that never
		// appears costs little, but stay within [min, max].
		gap = s.PendingMin.Duration
		if !sh.ShippedAt.IsZero() {
			if age := now.Sub(sh.ShippedAt) / 4; age > gap {
				gap = age
			}
		}
		if gap > s.PendingMax.Duration {
			gap = s.PendingMax.Duration
		}
	default:
		gap = s.InTransit.Duration
	}
	if s.PushedFactor > 1 && !sh.PushedAt.IsZero() && now.Sub(sh.PushedAt) < s.PushedWithin.Duration {
		gap = time.Duration(float64(gap) * s.PushedFactor)
	}
	return now.Add(jitter(gap, s.Jitter, sh.ID, now))
}

// jitter spreads checks so parcels added together do not fall due together.
// It is derived from the shipment and the time rather than a global random
// source, which keeps schedules reproducible in tests.
func jitter(d time.Duration, frac float64, id int64, now time.Time) time.Duration {
	if frac <= 0 || d <= 0 {
		return d
	}
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(id, 10)))
	h.Write([]byte(strconv.FormatInt(now.Unix(), 10)))
	u := float64(h.Sum64()%10001)/10000*2 - 1 // [-1, 1]
	return d + time.Duration(float64(d)*frac*u)
}

// Duration is a time.Duration that reads from TOML strings such as "4h".
type Duration struct{ time.Duration }

// maxDays is about the longest time.Duration, in days.
const maxDays = 106_000

// UnmarshalText parses a Go duration string, also accepting a "d" suffix for days.
func (d *Duration) UnmarshalText(b []byte) error {
	s := string(b)
	if n := len(s); n > 1 && s[n-1] == 'd' {
		days, err := strconv.ParseFloat(s[:n-1], 64)
		if err != nil {
			return err
		}
		// "infd", "nand" and 1e6 days parse as numbers but are no
		// duration: converted, they would wrap to a negative one.
		if !inRange(days, -maxDays, maxDays) {
			return fmt.Errorf("%q: want at most %d days", s, int(maxDays))
		}
		d.Duration = time.Duration(days * float64(24*time.Hour))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration back in Go's notation.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Duration.String()), nil }
