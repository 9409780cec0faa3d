package tracker

import (
	"context"
	"slices"
	"time"
)

// Alert channels. The app channel is always on: it is the in-app list.
const (
	ChannelApp     = "app"
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
	ChannelSMS     = "sms"
)

// AlertWatch is the Kind of an alert about a watched order's change rather
// than about an exception.
const AlertWatch = "watch"

// Alert is one message for one channel, as the outbox holds it.
type Alert struct {
	ID            int64
	Key           string // the same for every channel and retry of one alert
	Channel       string
	Kind          string // an ExceptionKind, AlertWatch or AlertDeadline
	Severity      Severity
	ExceptionID   int64
	ShipmentID    int64
	Subject       string
	Body          string
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	SentAt        time.Time
	LastError     string
	ReadAt        time.Time
	// ShippedAt and TrackingNo are the alert's shipment's, read with the
	// in-app list so a screen can open the parcel (its place in the orders
	// list) without another read; zero when it names none.
	ShippedAt  time.Time
	TrackingNo string
}

// AlertRoute says which alerts a channel is told about: the kinds listed
// (all when none) at or above a severity. The store writes one outbox row
// per matching route when an exception opens, in the same transaction.
type AlertRoute struct {
	Channel     string
	Kinds       []string
	MinSeverity Severity
}

// Wants reports whether the route takes an alert of this kind and severity.
// Watched-order and deadline alerts go to every channel.
func (r AlertRoute) Wants(kind string, sev Severity) bool {
	if kind == AlertWatch || kind == AlertDeadline {
		return true
	}
	return (len(r.Kinds) == 0 || slices.Contains(r.Kinds, kind)) && sev >= r.MinSeverity
}

// Notifier sends alerts over one channel. Send gets one alert, or several
// at once when a digest gathers them into one message; an error means none
// of them went out and all will be tried again.
type Notifier interface {
	Channel() string
	Send(ctx context.Context, alerts []Alert) error
}

// Outbox is the store's side of sending: what is due, and what happened.
type Outbox interface {
	DueAlerts(ctx context.Context, channel string, now time.Time, limit int) ([]Alert, error)
	MarkSent(ctx context.Context, ids []int64, now time.Time) error
	MarkFailed(ctx context.Context, ids []int64, reason string, next time.Time) error
}
