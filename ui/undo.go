package ui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

// Undo (`u`): each triage action this session did (acknowledge, snooze,
// assign, resolve, watch) is kept on a stack, newest on top, with what it
// changed as it was before; `u` undoes the top one through the service,
// which puts back each exception nobody changed since and logs it with
// who (unacknowledged, unsnoozed, reassigned, reopened). A watch is undone
// by setting it back. The stack is the session's alone: it ends with the
// session, and another session's actions are never undone from here.

// undoDepth bounds the stack; older actions drop off its bottom.
const undoDepth = 20

// undoEntry is one action that can be undone.
type undoEntry struct {
	label   string          // what was done, for the status bar
	triaged tracker.Triaged // a triage action's changes; unset for a watch
	watch   *watchUndo
}

// watchUndo is a watch started (on) or stopped.
type watchUndo struct {
	orderID    int64
	orderNo    string
	shipmentID int64
	on         bool
}

type undoStack struct{ entries []undoEntry }

func (s *undoStack) push(e undoEntry) {
	s.entries = append(s.entries, e)
	if len(s.entries) > undoDepth {
		s.entries = append(s.entries[:0], s.entries[len(s.entries)-undoDepth:]...)
	}
}

func (s *undoStack) pop() (undoEntry, bool) {
	if len(s.entries) == 0 {
		return undoEntry{}, false
	}
	e := s.entries[len(s.entries)-1]
	s.entries = s.entries[:len(s.entries)-1]
	return e, true
}

func (s *undoStack) len() int { return len(s.entries) }

// undoMsg is the result of undoing one entry.
type undoMsg struct {
	req     int
	entry   undoEntry
	changed int // exceptions put back; a watch counts 1
	err     error
}

// undoHint is the status bar's reminder that an action can be undone.
func (a *App) undoHint() string {
	if a.c.readOnly {
		return ""
	}
	return a.c.tr.T(" · %s undoes", a.c.keys.Undo.Help().Key)
}

// undoLast undoes the newest action of the session off the event loop.
func (a *App) undoLast() tea.Cmd {
	if why := a.mayChange("undo"); why != "" {
		a.status.say(why, true)
		return nil
	}
	e, ok := a.undo.pop()
	if !ok {
		a.status.say(a.c.tr.T("nothing to undo: this session has not changed anything yet"), true)
		return nil
	}
	a.triageSeq++
	req := a.triageSeq
	ctx, svc, actor := a.c.ctx, a.c.svc, a.c.actor
	return func() tea.Msg {
		if w := e.watch; w != nil {
			err := svc.SetWatch(ctx, actor, w.orderID, !w.on)
			n := 1
			if err != nil {
				n = 0
			}
			return undoMsg{req: req, entry: e, changed: n, err: err}
		}
		t, err := svc.Undo(ctx, actor, e.triaged)
		return undoMsg{req: req, entry: e, changed: t.Changed, err: err}
	}
}

func (a *App) onUndo(msg undoMsg) tea.Cmd {
	if msg.err != nil {
		a.undo.push(msg.entry) // still there to try again
		a.status.say(a.c.tr.T("undo %s: %s", msg.entry.label, errorText(a.c.tr, msg.err)), true)
		return nil
	}
	var ships []int64
	s := a.c.tr.T("undone: %s", msg.entry.label)
	switch w := msg.entry.watch; {
	case w != nil:
		ships = []int64{w.shipmentID}
	default:
		ships = msg.entry.triaged.Shipments
		if rest := len(msg.entry.triaged.Changes) - msg.changed; rest > 0 {
			s += a.c.tr.T(" (%d changed since: left as they are)", rest)
		}
	}
	a.status.say(s, msg.changed == 0)
	if a.sub == nil && msg.changed > 0 {
		return a.reloadAll(ships)
	}
	return nil
}

// closedOnly reports whether every target is closed: nothing triage can
// change (the resolved view lists them).
func closedOnly(targets []exceptionItem) bool {
	for _, it := range targets {
		if it.State != tracker.ExResolved {
			return false
		}
	}
	return len(targets) > 0
}

// closedNote says why a triage key does nothing on closed exceptions.
func closedNote(targets []exceptionItem) string {
	what := "exception " + strconv.FormatInt(targets[0].ID, 10) + " is"
	if len(targets) > 1 {
		what = "these exceptions are"
	}
	return what + " closed: nothing to change (u undoes a resolve of this session)"
}
