package serve

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"waybill/tracker"
	"waybill/ui"
)

// ErrReadOnly is every write a viewer's session attempts.
var ErrReadOnly = errors.New("read only: the viewer role cannot change anything")

// The ports a viewer's session is given. The screen hides and refuses
// every action for a viewer already; these make the server refuse them too,
// whatever the screen does, because a viewer's session never holds a port
// that can write.

// readerOnly hides every method of the store but the reads: no type
// assertion on a viewer's Reader can find the store's write side.
type readerOnly struct{ tracker.Reader }

// viewerTriage refuses every change to exceptions, watches and alerts.
type viewerTriage struct{}

var _ tracker.Triage = viewerTriage{}

func (viewerTriage) Acknowledge(context.Context, []int64, string, time.Time) (int, error) {
	return 0, ErrReadOnly
}

func (viewerTriage) Snooze(context.Context, []int64, time.Time, string, time.Time) (int, error) {
	return 0, ErrReadOnly
}

func (viewerTriage) Assign(context.Context, []int64, string, string, time.Time) (int, error) {
	return 0, ErrReadOnly
}

func (viewerTriage) Resolve(context.Context, []int64, string, time.Time) (int, error) {
	return 0, ErrReadOnly
}

func (viewerTriage) SetWatch(context.Context, int64, bool, string, time.Time) error {
	return ErrReadOnly
}

func (viewerTriage) MarkAlertsRead(context.Context, []int64, time.Time) (int, error) {
	return 0, ErrReadOnly
}

// viewerCases reads cases and refuses to create or change one.
type viewerCases struct{ cases tracker.CaseStore }

var _ tracker.CaseStore = viewerCases{}

func (viewerCases) CreateCase(context.Context, tracker.Case, tracker.CaseEntry) (tracker.Case, error) {
	return tracker.Case{}, ErrReadOnly
}

func (viewerCases) SaveCase(context.Context, tracker.Case, time.Time, tracker.CaseEntry) error {
	return ErrReadOnly
}

func (v viewerCases) Case(ctx context.Context, id int64) (tracker.CaseRow, error) {
	return v.cases.Case(ctx, id)
}

func (v viewerCases) CaseLog(ctx context.Context, id int64) ([]tracker.CaseEntry, error) {
	return v.cases.CaseLog(ctx, id)
}

func (v viewerCases) Cases(ctx context.Context, q tracker.CaseQuery) ([]tracker.CaseRow, error) {
	return v.cases.Cases(ctx, q)
}

// viewerRefresher shows the refresher's state and refuses to ask a carrier
// now: a viewer spends none of the carriers' rate limits, and the refresher
// keeps every screen current anyway.
type viewerRefresher struct{ ref ui.Refresher }

func (viewerRefresher) RefreshNow(context.Context, int64) (tracker.ApplySummary, error) {
	return tracker.ApplySummary{}, ErrReadOnly
}

func (v viewerRefresher) State() tracker.RefresherState { return v.ref.State() }

// agentRefresher notes in the server log who asked a carrier now. What the
// refresher then writes is the carrier's news, not a person's decision, so
// it has no exception or case log row of its own; the log line says who
// spent the carrier's rate limit.
type agentRefresher struct {
	ui.Refresher
	log   *slog.Logger
	agent string
}

func (r agentRefresher) RefreshNow(ctx context.Context, id int64) (tracker.ApplySummary, error) {
	r.log.Info("ssh refresh now", "agent", r.agent, "shipment", id)
	return r.Refresher.RefreshNow(ctx, id)
}

// sessionOptions are the screen options of one agent's session: the
// shared ports, the agent as the actor of every change, and for a viewer
// ports that cannot write.
func sessionOptions(base ui.Options, a Agent, log *slog.Logger) ui.Options {
	o := base
	o.Actor, o.Role = a.Name, a.Role
	triage, cases := o.Triage, o.Cases
	if triage == nil {
		triage, _ = o.Reader.(tracker.Triage)
	}
	if cases == nil {
		cases, _ = o.Reader.(tracker.CaseStore)
	}
	// `i` reads a path on the server's disk: an admin's, and only when the
	// server's config allows it.
	o.ImportFiles = o.ImportFiles && a.Role.CanAdminister()
	if a.Role.CanWork() {
		o.Triage, o.Cases = triage, cases
		if o.Refresher != nil {
			o.Refresher = agentRefresher{o.Refresher, log, a.Name}
		}
		return o
	}
	// Never nil: the screen would fall back to the Reader's own.
	o.Reader = readerOnly{o.Reader}
	o.Triage = viewerTriage{}
	// Nil, with the Reader wrapped: the screen finds no writer of orders.
	o.Orders = nil
	o.Cases = nil
	if cases != nil {
		o.Cases = viewerCases{cases}
	}
	if o.Refresher != nil {
		o.Refresher = viewerRefresher{o.Refresher}
	}
	o.SendBuyerEmail = nil
	return o
}
