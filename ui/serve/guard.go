package serve

import (
	"context"
	"log/slog"

	"waybill/tracker"
	"waybill/ui"
)

// What a viewer may do is the service's to decide: every action goes
// through tracker.Service with the session's Actor, which carries the
// agent's role, and the service refuses a viewer's writes whatever the
// screen does. The refresher is not an action of the service, so a
// viewer's session gets one that refuses to ask a carrier.

// viewerRefresher shows the refresher's state and refuses to ask a carrier
// now: a viewer spends none of the carriers' rate limits, and the refresher
// keeps every screen current anyway.
type viewerRefresher struct{ ref ui.Refresher }

func (viewerRefresher) RefreshNow(context.Context, int64) (tracker.ApplySummary, error) {
	return tracker.ApplySummary{}, tracker.ErrReadOnly
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
// shared ports, and the agent (with the role of their key) as the actor of
// every change.
func sessionOptions(base ui.Options, a Agent, log *slog.Logger) ui.Options {
	o := base
	o.Actor = tracker.Actor{Name: a.Name, Role: a.Role}
	// `i` reads a path on the server's disk: an admin's, and only when the
	// server's config allows it.
	o.ImportFiles = o.ImportFiles && a.Role.CanAdminister()
	if a.Role.CanWork() {
		if o.Refresher != nil {
			o.Refresher = agentRefresher{o.Refresher, log, a.Name}
		}
		return o
	}
	if o.Refresher != nil {
		o.Refresher = viewerRefresher{o.Refresher}
	}
	o.SendBuyerEmail = nil
	return o
}
