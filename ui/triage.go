package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// defaultActor is who the exception log names when Options.Actor is empty.
const defaultActor = "local"

// triageCall is one triage action of the service with its arguments
// bound but the ids and the actor.
type triageCall func(ctx context.Context, svc *tracker.Service, a tracker.Actor, ids []int64) (tracker.Triaged, error)

// onExceptionsKey handles the triage keys of the focused queue; ok false
// means the key is not one of them.
func (a *App) onExceptionsKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := a.c.keys
	ex := a.exceptions
	switch {
	case key.Matches(msg, k.Complaint):
		if why := a.mayCase(); why != "" {
			a.status.say(why, true)
			return nil, true
		}
		return a.caseFromException(), true
	case key.Matches(msg, k.Filter):
		return a.openPrompt(newFilterPrompt(a.c, ex.filter, func(f exceptionFilter) tea.Cmd { return ex.setFilter(f) })), true
	case key.Matches(msg, k.History):
		return a.openLog(), true
	case key.Matches(msg, k.Extend):
		return a.extendFromException(), true
	case key.Matches(msg, k.Acknowledge), key.Matches(msg, k.Resolve), key.Matches(msg, k.Snooze), key.Matches(msg, k.Assign):
	default:
		return nil, false
	}
	// A viewer is told at once, whatever is selected; a key that finds no
	// exception says so rather than doing nothing (a queue still loading
	// swallowed keys typed right after a session opened).
	if why := a.mayChange("change exceptions"); why != "" {
		a.status.say(why, true)
		return nil, true
	}
	targets := ex.targets()
	if len(targets) == 0 {
		if !ex.loaded {
			a.status.say(a.c.tr.T("the exceptions are still loading: press it again in a moment"), true)
		} else {
			a.status.say(a.c.tr.T("no exception selected"), true)
		}
		return nil, true
	}
	if closedOnly(targets) {
		a.status.say(closedNote(targets), true)
		return nil, true
	}
	n := len(targets)
	switch {
	case key.Matches(msg, k.Acknowledge):
		return a.runTriage(targets, "acknowledge", a.c.tr.T("acknowledged"),
			func(ctx context.Context, svc *tracker.Service, a tracker.Actor, ids []int64) (tracker.Triaged, error) {
				return svc.Acknowledge(ctx, a, ids)
			}), true
	case key.Matches(msg, k.Resolve):
		// A rule-opened exception whose facts still hold opens again on the
		// next check: resolving records a person's judgement, it does not
		// hide a problem the carrier still reports. The judgement's reason
		// goes to the log.
		return a.openPrompt(newResolvePrompt(a.c, n, func(reason string) tea.Cmd {
			return a.runTriage(targets, "resolve", a.c.tr.T("resolved"),
				func(ctx context.Context, svc *tracker.Service, a tracker.Actor, ids []int64) (tracker.Triaged, error) {
					return svc.Resolve(ctx, a, ids, reason)
				})
		})), true
	case key.Matches(msg, k.Snooze):
		return a.openPrompt(newSnoozePrompt(a.c, n, func(sn snooze, label string) tea.Cmd {
			return a.runTriage(targets, "snooze", a.c.tr.T("snoozed %s", label),
				func(ctx context.Context, svc *tracker.Service, a tracker.Actor, ids []int64) (tracker.Triaged, error) {
					if sn.For > 0 {
						return svc.SnoozeFor(ctx, a, ids, sn.For)
					}
					return svc.Snooze(ctx, a, ids, sn.Until)
				})
		})), true
	case key.Matches(msg, k.Assign):
		current := targets[0].Owner
		for _, it := range targets[1:] {
			if it.Owner != current {
				current = ""
				break
			}
		}
		return a.openPrompt(newOwnerPrompt(a.c, n, current, func(owner string) tea.Cmd {
			done := a.c.tr.T("assigned to %s", owner)
			if owner == "" {
				done = a.c.tr.T("unassigned")
			}
			return a.runTriage(targets, "assign", done,
				func(ctx context.Context, svc *tracker.Service, a tracker.Actor, ids []int64) (tracker.Triaged, error) {
					return svc.Assign(ctx, a, ids, owner)
				})
		})), true
	}
	return nil, true
}

// runTriage applies call to the targets off the event loop. With a hub,
// the notice the service publishes makes every session (this one too)
// re-read; without one, the result does.
func (a *App) runTriage(targets []exceptionItem, verb, done string, call triageCall) tea.Cmd {
	a.triageSeq++
	req := a.triageSeq
	ids := make([]int64, len(targets))
	var ships []int64
	seen := map[int64]bool{}
	for i, it := range targets {
		ids[i] = it.ID
		if !seen[it.ShipmentID] {
			seen[it.ShipmentID] = true
			ships = append(ships, it.ShipmentID)
		}
	}
	ctx, svc, actor := a.c.ctx, a.c.svc, a.c.actor
	return func() tea.Msg {
		t, err := call(ctx, svc, actor, ids)
		return triageMsg{req: req, verb: verb, done: done, asked: len(ids), changed: t.Changed, shipments: ships, result: t, err: err}
	}
}

func (a *App) onTriage(msg triageMsg) tea.Cmd {
	if msg.err != nil {
		a.status.say(a.c.tr.T("%s: %s", a.c.tr.Word(msg.verb), errorText(a.c.tr, msg.err)), true)
		return nil
	}
	done := a.c.tr.T("%s: %s", msg.done, a.c.tr.T("%d exceptions", msg.changed))
	s := done
	if rest := msg.asked - msg.changed; rest > 0 {
		s += a.c.tr.T(" (%d already so, or closed)", rest)
	}
	if msg.changed > 0 {
		a.undo.push(undoEntry{label: done, triaged: msg.result})
		s += a.undoHint()
	}
	a.status.say(s, false)
	a.exceptions.clearMarks()
	if a.sub == nil && msg.changed > 0 {
		return a.reloadAll(msg.shipments)
	}
	return nil
}

// toggleWatch starts or stops watching the selected order: the store's
// current answer decides which, so two sessions never undo each other by
// both pressing w on a stale row.
func (a *App) toggleWatch() tea.Cmd {
	r, ok := a.orders.Selected()
	if !ok {
		return nil
	}
	if why := a.mayChange("watch orders"); why != "" {
		a.status.say(why, true)
		return nil
	}
	a.watchSeq++
	req := a.watchSeq
	ctx, svc, actor := a.c.ctx, a.c.svc, a.c.actor
	orderID, orderNo, shipmentID := r.OrderID, r.OrderNo, r.ShipmentID
	return func() tea.Msg {
		on, err := svc.ToggleWatch(ctx, actor, orderID)
		return watchMsg{req: req, orderID: orderID, orderNo: orderNo, shipmentID: shipmentID, on: on, err: err}
	}
}

func (a *App) onWatch(msg watchMsg) tea.Cmd {
	if msg.err != nil {
		a.status.say(a.c.tr.T("watch %s: %s", msg.orderNo, errorText(a.c.tr, msg.err)), true)
		return nil
	}
	label := a.c.tr.T("stopped watching order %s", msg.orderNo)
	if msg.on {
		label = a.c.tr.T("watching order %s", msg.orderNo)
	}
	a.undo.push(undoEntry{label: label, watch: &watchUndo{orderID: msg.orderID, orderNo: msg.orderNo, shipmentID: msg.shipmentID, on: msg.on}})
	if msg.on {
		a.status.say(a.c.tr.T("watching order %s: every change comes as an alert", msg.orderNo)+a.undoHint(), false)
	} else {
		a.status.say(label+a.undoHint(), false)
	}
	if a.sub == nil {
		return a.reloadAll([]int64{msg.shipmentID})
	}
	return nil
}

// openPrompt shows a prompt; the help changes with it, and full help may
// change height.
func (a *App) openPrompt(p prompt) tea.Cmd {
	a.prompt = p
	return a.relayout()
}

// onPromptKey gives a key to the open prompt and closes it when it is done.
func (a *App) onPromptKey(msg tea.KeyPressMsg) tea.Cmd {
	done, cmd := a.prompt.update(msg)
	if !done {
		return cmd
	}
	a.prompt = nil
	return tea.Batch(cmd, a.relayout())
}
