// Package ui is waybill's terminal interface, a Bubble Tea v2 program: the
// orders list, the selected parcel's timeline, the exceptions queue and a
// status bar. One root model per session (local or SSH); everything that
// belongs to a session lives in its common value, nothing in package state.
package ui

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/tracker/templates"
	"waybill/ui/i18n"
)

// Refresher is what the screen needs from the background refresher: check
// one parcel now (the `r` key) and say what it is doing.
type Refresher interface {
	RefreshNow(ctx context.Context, shipmentID int64) (tracker.ApplySummary, error)
	State() tracker.RefresherState
}

// Options configures one session's screen.
type Options struct {
	Reader tracker.Reader // required
	// Service does every action a person takes and reads complaint cases;
	// nil: a session that changes nothing.
	Service *tracker.Service
	// Actor is who every log names for this session's changes, and what
	// they may do: the local user (no role), or the agent of an SSH
	// session with the role of their key. A viewer's session hides every
	// action and refuses the keys; the service refuses its writes too.
	// An empty name is "local".
	Actor     tracker.Actor
	Refresher Refresher     // nil: no `r`, "refresher off"
	Hub       *tracker.Hub  // nil: no live updates
	Clock     tracker.Clock // nil: the service's (the store's), else the wall clock
	Demo      bool          // show the DEMO badge
	DemoSpeed float64       // shown in the badge, e.g. 120 for "DEMO ×120"
	Title     string        // shown after the name, e.g. the store or the agent
	// MarkDemo marks demo orders' rows (DemoMark): the store holds real
	// orders too.
	MarkDemo bool

	// Templates renders the messages to buyers; nil starts them empty.
	Templates *templates.Set
	// SendBuyerEmail mails a message to a buyer; nil when SMTP is not
	// configured, and then the case view offers no email.
	SendBuyerEmail func(ctx context.Context, to, subject, body string) error
	// Seller signs the messages to buyers.
	Seller string

	// ImportFiles lets `i` read an order file from this machine's disk.
	// Over SSH that disk is the server's: the server leaves it off unless
	// its config allows it, and then only for admins.
	ImportFiles bool
	// ImportColumns maps fields to headers, as [import.columns] does for
	// `waybill import`.
	ImportColumns map[string]string
	// EvidenceFont is [evidence] font: the CJK font of the bundles' PDF
	// ("" looks on the system).
	EvidenceFont string

	// ETA estimates parcels' arrival for the timeline; History feeds the
	// scorecard (S), with Rules for promises by shipping method. Nil: none
	// shown.
	ETA     tracker.ETAReader
	History tracker.HistoryReader
	Rules   tracker.Rules
	// Urgent is [deadlines] urgent: an exception whose order or parcel has
	// a deadline due within it tops the queue. 0: the default (48h).
	Urgent time.Duration

	// Keys rebinds keys by action, as [keys] in the config does; every
	// session applies it to a key map of its own.
	Keys map[string]tracker.KeyList
	// Local says the person sits at this machine (not over SSH): `o` in
	// the order view may open a parcel's tracking page in its browser.
	Local bool
	// OpenURL opens a link in this machine's browser; nil: xdg-open (open
	// on macOS).
	OpenURL func(ctx context.Context, url string) error

	// ExtendDays is what the order view's extend key offers ([deadlines]
	// extend_days; 0: tracker.DefaultExtendDays); ExtendBefore how close
	// to a parcel's likely arrival (ETA p90) protection may end before the
	// view proposes extending ([deadlines] extend_before; 0: 5 days).
	ExtendDays   int
	ExtendBefore time.Duration

	// Language is the session's language (ui/i18n): its own printer, so
	// two sessions in one process may each read their own. "": English.
	Language i18n.Lang
}

type focus int

const (
	focusOrders focus = iota
	focusTimeline
	focusExceptions
	focusCount
)

// tickEvery is how often ages and the clock move on screen.
const tickEvery = time.Second

// queueEverySeconds is how long the queue may go unread, so that an
// exception whose snooze ended comes back without a change notice.
const queueEverySeconds = 60

// App is the root model.
type App struct {
	c    *common
	opts Options
	sub  *tracker.Subscription

	orders     *ordersModel
	timeline   *timelineModel
	exceptions *exceptionsModel
	alerts     *alertsModel
	status     *statusBar
	help       help.Model
	prompt     prompt         // the open prompt, nil when none
	caseView   *caseView      // the complaint case over the panes, nil when none
	sheet      sheet          // the add form, a paste or an import over the panes, nil when none
	scorecard  *scorecardView // the carrier scorecard over the panes, nil when none
	helpView   *helpView      // the full help over whatever is shown, nil when none
	palette    *palette       // the command palette over whatever is shown, nil when none
	orderView  *orderView     // the order over the panes (a case may cover it), nil when none
	cases      *casesView     // the cases list over the panes, nil when none
	claims     *claimsView    // the claims ledger over the panes, nil when none

	focus         focus
	lay           layout
	lastOrdersSel int64 // the orders selection the timeline last followed

	triageSeq     int
	undo          undoStack // this session's triage actions, for u
	caseSeq       int
	caseReq       int // the case look-up or opening in flight
	watchSeq      int
	extendSeq     int // the last extension asked (ui/extend.go)
	ordersStarted bool
	tickEvery     time.Duration // the shortest tick; 0 stops the tick (tests)
	tickGen       int           // the live tick chain; ticks of an older one are dropped
	tickSlow      bool          // the live chain waits for the next minute
}

// New returns the root model of one session. It subscribes to opts.Hub now,
// so no notice is missed between New and the first reads; the subscription
// is closed when ctx ends or the user quits.
func New(ctx context.Context, opts Options) tea.Model {
	return newApp(ctx, opts)
}

func newApp(ctx context.Context, opts Options) *App {
	if ctx == nil {
		ctx = context.Background()
	}
	clock := opts.Clock
	switch {
	case clock != nil:
	case opts.Service != nil:
		clock = opts.Service.Clock()
	default:
		clock = wallClock{}
	}
	actor := opts.Actor
	if strings.TrimSpace(actor.Name) == "" {
		actor.Name = defaultActor
	}
	c := &common{
		ctx:          ctx,
		styles:       NewStyles(true), // until the terminal tells us its background
		keys:         sessionKeys(opts.Keys),
		clock:        clock,
		reader:       opts.Reader,
		svc:          opts.Service,
		actor:        actor,
		readOnly:     opts.Service == nil || !actor.CanWork(),
		refresher:    opts.Refresher,
		eta:          opts.ETA,
		history:      opts.History,
		rules:        opts.Rules,
		now:          clock.Now(),
		importOn:     opts.ImportFiles,
		columns:      opts.ImportColumns,
		evidenceFont: opts.EvidenceFont,
		markDemo:     opts.MarkDemo,
		urgent:       cmp.Or(opts.Urgent, tracker.DefaultDeadlines().Urgent.Duration),
		ext:          extendOpts{days: opts.ExtendDays, before: opts.ExtendBefore},
		tr:           i18n.New(opts.Language),
	}
	a := &App{
		c:          c,
		opts:       opts,
		orders:     newOrders(c),
		timeline:   newTimeline(c),
		exceptions: newExceptions(c),
		alerts:     newAlerts(c),
		status:     newStatusBar(c),
		help:       help.New(),
		tickEvery:  tickEvery,
	}
	a.help.Styles = c.styles.Help
	if opts.Hub != nil {
		sub := opts.Hub.Subscribe()
		a.sub = sub
		// The session's context owns this goroutine: when an SSH session
		// ends, its subscription leaves the hub.
		go func() {
			<-ctx.Done()
			sub.Close()
		}()
	}
	return a
}

// Init starts the first reads, the tick and the wait for change notices.
func (a *App) Init() tea.Cmd {
	// The orders read waits for the first size: its limit is the number
	// of visible rows, which we do not know yet.
	return tea.Batch(
		a.exceptions.load(),
		a.status.loadCounts(),
		a.alerts.load(),
		a.pollRefresher(),
		a.tick(),
		a.wait(),
		tea.RequestBackgroundColor,
	)
}

func (a *App) tick() tea.Cmd {
	if a.tickEvery <= 0 {
		return nil
	}
	a.tickGen++
	gen, every := a.tickGen, a.nextTick()
	a.tickSlow = every > a.tickEvery
	clock, ref := a.c.clock, a.c.refresher
	return tea.Tick(every, func(time.Time) tea.Msg {
		m := tickMsg{now: clock.Now(), rearm: true, gen: gen, every: every}
		if ref != nil {
			m.state, m.hasState = ref.State(), true
		}
		return m
	})
}

// nextTick is when the screen next changes by itself. The clock and every
// age on screen show minutes, so an idle session wakes once a minute (on
// the minute of its clock), not once a second: twenty idle SSH sessions
// cost the server nothing in between (waybill bench, ssh_idle_cpu). A
// status message that goes away after some seconds, and the demo's fast
// clock, need the short tick.
func (a *App) nextTick() time.Duration {
	if a.status.msgTicks > 0 {
		return a.tickEvery
	}
	now := a.c.clock.Now()
	d := now.Truncate(time.Minute).Add(time.Minute).Sub(now)
	if s := a.opts.DemoSpeed; a.opts.Demo && s > 1 {
		d = time.Duration(float64(d) / s)
	}
	return max(a.tickEvery, d)
}

// pollRefresher reads the refresher's state once, off the event loop.
func (a *App) pollRefresher() tea.Cmd {
	ref := a.c.refresher
	if ref == nil {
		return nil
	}
	clock := a.c.clock
	return func() tea.Msg {
		return tickMsg{now: clock.Now(), state: ref.State(), hasState: true}
	}
}

// wait turns the next hub notice into a message; Update asks again each
// time, so exactly one wait is outstanding.
func (a *App) wait() tea.Cmd {
	if a.sub == nil {
		return nil
	}
	sub, ctx := a.sub, a.c.ctx
	return func() tea.Msg {
		ch, ok := sub.Next(ctx)
		if !ok {
			return hubClosedMsg{}
		}
		return changeMsg{change: ch}
	}
}

// reloadAll re-reads everything on screen after a change: the orders
// window and total, the queue, the counts, the alerts, and the timeline if
// it shows a changed shipment (ids nil: changes unknown, read it all).
func (a *App) reloadAll(ids []int64) tea.Cmd {
	return tea.Batch(
		a.orders.reload(),
		a.exceptions.reload(),
		a.status.reloadCounts(),
		a.alerts.reload(),
		a.timeline.invalidate(ids),
		a.reloadOrderView(ids),
	)
}

// Update is the session's event loop.
func (a *App) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	defer func() {
		// A status message came while the tick waits for the minute:
		// a faster chain replaces it, so the message leaves on time.
		if a.tickSlow && a.status.msgTicks > 0 {
			cmd = tea.Batch(cmd, a.tick())
		}
	}()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.width, a.c.height = msg.Width, msg.Height
		return a, a.relayout()
	case tea.BackgroundColorMsg:
		a.c.styles = NewStyles(msg.IsDark())
		a.help.Styles = a.c.styles.Help
		return a, nil
	case tea.KeyPressMsg:
		return a, a.onKey(msg)
	case tea.PasteMsg:
		switch {
		case a.prompt != nil:
			a.prompt.paste(msg.Content)
		case a.sheet != nil:
			return a, a.onSheetPaste(msg.Content)
		case a.caseView != nil:
			a.caseView.paste(msg.Content)
		case a.orderView != nil:
		case a.cases != nil:
		case a.orders.filtering():
			return a, a.orders.pasteFilter(msg.Content)
		case a.alerts.open && a.alerts.filtering():
			a.alerts.pasteText(msg.Content)
		case !a.alerts.open && a.exceptions.filtering():
			a.exceptions.pasteText(msg.Content)
		case !a.alerts.open && a.focus == focusOrders:
			return a, a.pasteInOrders(msg.Content)
		}
		return a, nil
	case tea.MouseClickMsg:
		if a.overlaid() || a.helpView != nil || a.palette != nil {
			return a, nil
		}
		return a, a.onClick(msg.Mouse())
	case tea.MouseWheelMsg:
		switch {
		case a.helpView != nil:
			a.helpView.wheel(msg.Mouse())
			return a, nil
		case a.caseView != nil && a.prompt == nil && a.palette == nil:
			a.caseView.wheel(msg.Mouse())
			return a, nil
		case a.orderView != nil && a.prompt == nil && a.sheet == nil && a.caseView == nil && a.palette == nil:
			a.onOrderViewWheel(msg.Mouse())
			return a, nil
		case a.overlaid():
			return a, nil
		}
		return a, a.onWheel(msg.Mouse())

	case windowMsg:
		cmd := a.orders.onWindow(msg)
		return a, tea.Batch(cmd, a.syncTimeline())
	case countMsg:
		return a, a.orders.onCount(msg)
	case exactCountDue:
		return a, a.orders.onExactCountDue(msg)
	case timelineMsg:
		return a, a.timeline.onTimeline(msg)
	case etaMsg:
		a.timeline.onETA(msg)
		return a, nil
	case exceptionsMsg:
		return a, a.exceptions.onExceptions(msg)
	case extendMsg:
		a.exceptions.onExtend(msg)
		return a, nil
	case statusCountsMsg:
		return a, a.status.onCounts(msg)
	case triageMsg:
		return a, a.onTriage(msg)
	case undoMsg:
		return a, a.onUndo(msg)
	case exceptionLogMsg:
		if p, ok := a.prompt.(*logPrompt); ok {
			p.onLog(msg)
		}
		return a, nil
	case watchMsg:
		return a, a.onWatch(msg)
	case alertsMsg:
		return a, a.alerts.onAlerts(msg)
	case alertsReadMsg:
		return a, a.alerts.onRead(msg)
	case refreshMsg:
		return a, a.onRefresh(msg)
	case writtenMsg:
		return a, a.onWritten(msg)
	case pasteCheckedMsg, fileReadMsg:
		if a.sheet != nil {
			return a, a.afterSheet(a.sheet.result(msg))
		}
		return a, nil
	case caseOpenMsg:
		return a, a.onCaseOpen(msg)
	case caseLoadedMsg:
		if v := a.caseView; v != nil && v.id == msg.id {
			return a, v.onLoaded(msg)
		}
		return a, nil
	case caseDoneMsg:
		return a, a.onCaseDone(msg)
	case orderLoadedMsg:
		if v := a.orderView; v != nil && v.orderID == msg.id {
			v.onLoaded(msg)
		}
		return a, nil
	case browsedMsg:
		a.onBrowsed(msg)
		return a, nil
	case extendedMsg:
		return a, a.onExtended(msg)
	case casesMsg:
		if a.cases != nil {
			return a, a.cases.onLoaded(msg)
		}
		return a, nil
	case claimsMsg:
		if a.claims != nil {
			a.claims.onLoaded(msg)
		}
		return a, nil
	case casesReopenMsg:
		return a, a.onCasesReopen(msg)
	case scorecardMsg:
		if a.scorecard != nil {
			a.scorecard.onLoaded(msg)
		}
		return a, nil
	case caseRefreshMsg:
		if v := a.caseView; v != nil && v.id == msg.id {
			return a, v.onRefresh(msg)
		}
		return a, nil
	case evidenceMsg:
		if v := a.caseView; v != nil && v.id == msg.id {
			v.onEvidence(msg)
		}
		return a, nil
	case caseBundleMsg:
		if v := a.caseView; v != nil && v.id == msg.id {
			v.onBundle(msg)
		}
		return a, nil
	case changeMsg:
		cmds := []tea.Cmd{a.wait()}
		if msg.change.Refresher != nil {
			a.status.setRefresher(*msg.change.Refresher)
		}
		// A notice only about the refresher's state changes no rows.
		if len(msg.change.ShipmentIDs) > 0 || msg.change.All || msg.change.Refresher == nil {
			cmds = append(cmds, a.reloadAll(msg.change.ShipmentIDs))
			// The shown case may have moved on in another session.
			if v := a.caseView; v != nil && v.loaded &&
				(msg.change.All || msg.change.Refresher == nil && len(msg.change.ShipmentIDs) == 0 ||
					slices.Contains(msg.change.ShipmentIDs, v.row.ShipmentID)) {
				cmds = append(cmds, v.load())
			}
			if a.cases != nil {
				cmds = append(cmds, a.cases.reload())
			}
			if a.claims != nil {
				cmds = append(cmds, a.claims.load())
			}
		}
		return a, tea.Batch(cmds...)
	case hubClosedMsg:
		return a, nil
	case tickMsg:
		if msg.rearm && msg.gen != a.tickGen {
			return a, nil // a chain that was replaced
		}
		a.c.now = msg.now
		if msg.hasState {
			a.status.setRefresher(msg.state)
		}
		if msg.rearm {
			a.status.tick()
			// Snoozes end with time, not with a write anyone is told of:
			// read the queue again now and then, if nothing else did.
			secs := max(1, int(msg.every/time.Second))
			a.exceptions.sinceLoad += secs
			cmd := a.tick()
			if a.cases != nil {
				cmd = tea.Batch(cmd, a.cases.tick(secs))
			}
			if a.exceptions.sinceLoad >= queueEverySeconds && a.exceptions.req == 0 {
				return a, tea.Batch(cmd, a.exceptions.load())
			}
			return a, cmd
		}
		return a, nil
	}
	return a, nil
}

func (a *App) relayout() tea.Cmd {
	// The full help is a view of its own (helpView): one line of help.
	a.lay = computeLayout(a.c.width, a.c.height, 1)
	a.help.SetWidth(a.c.width)
	if a.lay.tooSmall {
		return nil
	}
	l := a.lay
	cmd := a.orders.setSize(l.orders.w, l.orders.h)
	a.timeline.setSize(l.timeline.w, l.timeline.h)
	a.exceptions.setSize(l.exceptions.w, l.exceptions.h)
	a.alerts.setSize(l.alerts.w, l.alerts.h)
	if a.caseView != nil {
		a.caseView.setSize(l.alerts.w, l.alerts.h)
	}
	if a.sheet != nil {
		a.sheet.resize(max(1, l.alerts.w-2), max(1, l.alerts.h-2))
	}
	if a.scorecard != nil {
		a.scorecard.setSize(l.alerts.w, l.alerts.h)
	}
	if a.helpView != nil {
		a.helpView.setSize(l.alerts.w, l.alerts.h)
	}
	if a.palette != nil {
		a.palette.setSize(l.alerts.h)
	}
	if a.orderView != nil {
		a.orderView.setSize(l.alerts.w, l.alerts.h)
	}
	if a.cases != nil {
		cmd = tea.Batch(cmd, a.cases.setSize(l.alerts.w, l.alerts.h))
	}
	if a.claims != nil {
		a.claims.setSize(l.alerts.w, l.alerts.h)
	}
	if !a.ordersStarted {
		a.ordersStarted = true
		cmd = tea.Batch(cmd, a.orders.Init())
	}
	return cmd
}

// overlaid reports whether a prompt, the alert list or a case covers the
// panes.
func (a *App) overlaid() bool {
	return a.prompt != nil || a.alerts.open || a.caseView != nil || a.sheet != nil || a.scorecard != nil || a.cases != nil ||
		a.orderView != nil || a.claims != nil
}

func (a *App) quit() tea.Cmd {
	if a.sub != nil {
		a.sub.Close()
	}
	return tea.Quit
}

func (a *App) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	switch {
	case a.helpView != nil:
		return a.onHelpKey(msg)
	case a.palette != nil:
		return a.onPaletteKey(msg)
	// Where keys are typed as text, only a help key that types nothing
	// (f1) opens the help, and the palette waits.
	case key.Matches(msg, k.Help) && (msg.Text == "" || !a.typing()):
		return a.openHelp()
	case key.Matches(msg, k.Palette) && !a.typing():
		return a.openPalette()
	}
	if a.prompt != nil {
		// A prompt takes every key, q and ? included: they may be typed.
		if msg.String() == "ctrl+c" {
			return a.quit()
		}
		return a.onPromptKey(msg)
	}
	if a.sheet != nil {
		return a.onSheetKey(msg)
	}
	if a.caseView != nil {
		return a.onCaseKey(msg)
	}
	if a.orderView != nil {
		return a.onOrderViewKey(msg)
	}
	if a.cases != nil {
		return a.onCasesKey(msg)
	}
	if a.claims != nil {
		return a.onClaimsKey(msg)
	}
	if a.scorecard != nil {
		return a.onScorecardKey(msg)
	}
	if a.orders.filtering() && !a.alerts.open { // the filter line takes keys as a prompt does
		if msg.String() == "ctrl+c" {
			return a.quit()
		}
		return tea.Batch(a.orders.onFilterKey(msg), a.syncTimeline())
	}
	if a.exceptions.filtering() && !a.alerts.open {
		if msg.String() == "ctrl+c" {
			return a.quit()
		}
		return a.exceptions.onTextKey(msg)
	}
	if a.alerts.open {
		if a.alerts.filtering() {
			if msg.String() == "ctrl+c" {
				return a.quit()
			}
			a.alerts.onTextKey(msg)
			return nil
		}
		switch {
		case key.Matches(msg, k.Search):
			a.alerts.text.start()
			return nil
		case key.Matches(msg, k.Open):
			return a.openAlert()
		case key.Matches(msg, k.Close) && a.alerts.text.active():
			a.alerts.clearText()
			return nil
		case key.Matches(msg, k.Quit):
			return a.quit()
		case key.Matches(msg, k.Alerts), key.Matches(msg, k.Close):
			return tea.Batch(a.alerts.toggle(), a.relayout())
		}
		a.alerts.Update(msg)
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return a.quit()
	case key.Matches(msg, k.Alerts):
		return tea.Batch(a.alerts.toggle(), a.relayout())
	case key.Matches(msg, k.Scorecard):
		return a.openScorecard()
	case key.Matches(msg, k.Undo):
		return a.undoLast()
	case key.Matches(msg, k.Cases):
		return a.openCases()
	case key.Matches(msg, k.Claims):
		return a.openClaims()
	case key.Matches(msg, k.NextPane):
		a.focus = (a.focus + 1) % focusCount
		return nil
	case key.Matches(msg, k.PrevPane):
		a.focus = (a.focus + focusCount - 1) % focusCount
		return nil
	case key.Matches(msg, k.Refresh):
		return a.refreshSelected()
	case key.Matches(msg, k.Open):
		switch a.focus {
		case focusOrders:
			// The order in full; its case is c, its timeline tab.
			return a.openOrderView()
		case focusTimeline:
			return a.openEvent()
		case focusExceptions:
			if it, ok := a.exceptions.Selected(); ok && (it.CaseID != 0 || it.CaseStep != "") && a.c.hasCases() {
				return a.caseFromException()
			}
			return a.openException()
		}
		return nil
	}
	switch a.focus {
	case focusOrders:
		switch {
		case key.Matches(msg, k.Watch):
			return a.toggleWatch()
		case key.Matches(msg, k.Add):
			return a.openAddForm("")
		case key.Matches(msg, k.Import):
			return a.openImport()
		case key.Matches(msg, k.Complaint):
			if why := a.mayCase(); why != "" {
				a.status.say(why, true)
				return nil
			}
			return a.caseFromOrder()
		}
		cmd := a.orders.Update(msg)
		return tea.Batch(cmd, a.syncTimeline())
	case focusTimeline:
		return a.timeline.Update(msg)
	case focusExceptions:
		if cmd, ok := a.onExceptionsKey(msg); ok {
			return cmd
		}
		return a.exceptions.Update(msg)
	}
	return nil
}

// syncTimeline makes the timeline follow the orders selection when it moved.
func (a *App) syncTimeline() tea.Cmd {
	r, ok := a.orders.Selected()
	id := int64(0)
	if ok {
		id = r.ShipmentID
	}
	if id == a.lastOrdersSel {
		return nil
	}
	a.lastOrdersSel = id
	show := a.timeline.show(id, r.TrackingNo)
	a.timeline.lastMile = r.LastMile // sanitized with the row
	return show
}

// openException shows the selected exception's parcel: its timeline at
// once, and its row in the orders list, read from the list position the
// queue row carries.
func (a *App) openException() tea.Cmd {
	it, ok := a.exceptions.Selected()
	if !ok {
		return nil
	}
	a.focus = focusTimeline
	show := a.timeline.show(it.ShipmentID, it.TrackingNo)
	a.lastOrdersSel = it.ShipmentID // the timeline shows it already
	jump := a.orders.jumpTo(it.ShipmentID, tracker.Cursor{ShippedAt: it.ShippedAt, ShipmentID: it.ShipmentID})
	return tea.Batch(show, jump)
}

// target is the shipment `r` acts on: the selected row of the focused pane.
func (a *App) target() (int64, string) {
	switch a.focus {
	case focusExceptions:
		if it, ok := a.exceptions.Selected(); ok {
			return it.ShipmentID, it.TrackingNo
		}
		return 0, ""
	case focusTimeline:
		if a.timeline.shipmentID != 0 {
			return a.timeline.shipmentID, a.timeline.label
		}
	}
	if r, ok := a.orders.Selected(); ok {
		return r.ShipmentID, r.TrackingNo
	}
	return 0, ""
}

func (a *App) refreshSelected() tea.Cmd {
	if a.c.refresher == nil {
		return nil
	}
	id, label := a.target()
	return a.refreshParcel(id, label)
}

func (a *App) onRefresh(msg refreshMsg) tea.Cmd {
	down, isDown := serviceDownText(msg.err, a.c.now.Location(), a.c.tr)
	switch {
	case isDown:
		a.status.say(notCheckedText(msg.label, down, a.c.tr), true)
	case msg.err != nil:
		a.status.say(a.c.tr.T("refresh %s: %s", msg.label, a.c.tr.Err(msg.err)), true)
	case msg.summary.Failures > 0:
		a.status.say(a.c.tr.T("refresh %s: the carrier reported a failure", msg.label), true)
	default:
		a.status.say(a.c.tr.T("%s: %d new events", msg.label, msg.summary.NewEvents), false)
	}
	// With a hub, the refresher's own notice triggers the re-read; without
	// one, nobody else will tell us.
	if a.sub == nil && msg.err == nil {
		return a.reloadAll([]int64{msg.shipmentID})
	}
	return nil
}

func (a *App) paneAt(x, y int) (focus, rect, bool) {
	if a.lay.tooSmall {
		return 0, rect{}, false
	}
	for _, p := range []struct {
		f focus
		r rect
	}{{focusOrders, a.lay.orders}, {focusTimeline, a.lay.timeline}, {focusExceptions, a.lay.exceptions}} {
		if p.r.contains(x, y) {
			return p.f, p.r, true
		}
	}
	return 0, rect{}, false
}

func (a *App) onClick(m tea.Mouse) tea.Cmd {
	if m.Button != tea.MouseLeft {
		return nil
	}
	f, r, ok := a.paneAt(m.X, m.Y)
	if !ok {
		return nil
	}
	a.focus = f
	switch f {
	case focusOrders:
		a.orders.clickRow(m.Y - r.y)
		return a.syncTimeline()
	case focusTimeline:
		a.timeline.clickRow(m.Y - r.y)
	case focusExceptions:
		a.exceptions.clickRow(m.Y - r.y)
	}
	return nil
}

// onWheel scrolls the pane under the pointer, focused or not.
func (a *App) onWheel(m tea.Mouse) tea.Cmd {
	delta := 0
	switch m.Button {
	case tea.MouseWheelDown:
		delta = 3
	case tea.MouseWheelUp:
		delta = -3
	default:
		return nil
	}
	f, _, ok := a.paneAt(m.X, m.Y)
	if !ok {
		return nil
	}
	switch f {
	case focusOrders:
		return tea.Batch(a.orders.move(delta), a.syncTimeline())
	case focusTimeline:
		a.timeline.move(delta)
	case focusExceptions:
		a.exceptions.move(delta)
	}
	return nil
}

func (a *App) focusedKeys() help.KeyMap {
	switch a.focus {
	case focusTimeline:
		return a.timeline
	case focusExceptions:
		return a.exceptions
	}
	return a.orders
}

func (a *App) keyHelp() keyHelp {
	k := a.c.keys
	// Where keys are typed, only a help key that types nothing opens the
	// help, and the palette waits.
	typed := []key.Binding{untyped(withHelp(k.Help, "help")), k.HardQuit}
	fields := lineEditHelp(k)
	switch {
	case a.helpView != nil:
		return keyHelp{local: a.helpView, title: "the help", mouse: []string{"wheel: scroll"}}
	case a.palette != nil:
		return keyHelp{local: a.palette, title: "the command palette", fields: fields}
	case a.prompt != nil && showsOnly(a.prompt):
		return keyHelp{local: a.prompt, title: a.prompt.title(), shortGlobal: []key.Binding{withHelp(k.Help, "help")},
			fullGlobal: []key.Binding{withHelp(k.Help, "help"), a.paletteKey(), k.HardQuit}}
	case a.prompt != nil:
		return keyHelp{local: a.prompt, title: a.prompt.title(), shortGlobal: typed[:1], fullGlobal: typed, fields: fields}
	case a.sheet != nil:
		title, _ := a.sheet.head()
		return keyHelp{local: a.sheet, title: title, shortGlobal: typed[:1], fullGlobal: typed, fields: fields}
	case a.orders.filtering() && a.caseView == nil && !a.alerts.open:
		return keyHelp{local: filterKeys{k}, title: "the orders filter", shortGlobal: typed[:1], fullGlobal: typed, fields: fields}
	case a.alerts.open && a.alerts.filtering():
		return keyHelp{local: filterKeys{k}, title: "the alerts filter", shortGlobal: typed[:1], fullGlobal: typed, fields: fields}
	case a.exceptions.filtering() && a.caseView == nil && !a.alerts.open:
		return keyHelp{local: filterKeys{k}, title: "the exceptions filter", shortGlobal: typed[:1], fullGlobal: typed, fields: fields}
	case a.caseView != nil:
		title := a.c.tr.Plain("case %d", a.caseView.id)
		if a.caseView.typing() {
			if fl := a.caseView.focused(); fl.kind == fieldArea {
				fields = areaHelp(fl)
			}
			return keyHelp{local: a.caseView, title: a.c.tr.T("%s · a text field", title), shortGlobal: typed[:1], fullGlobal: typed, fields: fields}
		}
		return keyHelp{
			local:       a.caseView,
			title:       title,
			shortGlobal: []key.Binding{k.Back, withHelp(k.Help, "help")},
			fullGlobal:  []key.Binding{withHelp(k.Help, "help"), a.paletteKey(), k.HardQuit},
			mouse:       []string{"wheel: scroll the case"},
		}
	case a.orderView != nil:
		return keyHelp{
			local:       a.orderView,
			title:       "the order",
			shortGlobal: []key.Binding{k.Back, withHelp(k.Help, "help")},
			fullGlobal:  []key.Binding{withHelp(k.Help, "help"), a.paletteKey(), k.HardQuit},
			mouse:       []string{"wheel: scroll the order"},
		}
	case a.cases != nil:
		return keyHelp{
			local:       a.cases,
			title:       "the cases",
			shortGlobal: []key.Binding{k.Back, withHelp(k.Help, "help")},
			fullGlobal:  []key.Binding{withHelp(k.Help, "help"), a.paletteKey(), k.HardQuit},
		}
	case a.claims != nil:
		return keyHelp{
			local:       a.claims,
			title:       "the claims",
			shortGlobal: []key.Binding{k.Back, withHelp(k.Help, "help")},
			fullGlobal:  []key.Binding{withHelp(k.Help, "help"), a.paletteKey(), k.HardQuit},
		}
	case a.scorecard != nil:
		return keyHelp{
			local:       a.scorecard,
			title:       "the carrier scorecard",
			shortGlobal: []key.Binding{k.Back, withHelp(k.Help, "help")},
			fullGlobal:  []key.Binding{withHelp(k.Help, "help"), a.paletteKey(), k.HardQuit},
		}
	case a.alerts.open:
		return keyHelp{
			local:       a.alerts,
			title:       "the alert list",
			shortGlobal: []key.Binding{withHelp(k.Help, "help"), k.Quit},
			fullGlobal:  []key.Binding{withHelp(k.Help, "help"), a.paletteKey(), k.Quit},
		}
	}
	// `!` is left to the full help: the title bar's "! 3 unread" names it.
	return keyHelp{
		local:       a.focusedKeys(),
		title:       [...]string{"the orders pane", "the timeline pane", "the exceptions pane"}[a.focus],
		shortGlobal: []key.Binding{withHelp(k.NextPane, "pane"), withHelp(k.Help, "help"), k.Quit},
		fullGlobal: []key.Binding{k.NextPane, k.PrevPane, k.Alerts, enabledIf(k.Scorecard, a.c.history != nil),
			enabledIf(k.Cases, a.c.hasCases()), enabledIf(k.Claims, a.c.hasCases()), enabledIf(k.Undo, a.undo.len() > 0 && !a.c.readOnly),
			withHelp(k.Help, "help"), a.paletteKey(), k.Quit},
		mouse: []string{"click: focus a pane and pick the row clicked", "wheel: scroll the pane under the pointer"},
	}
}

// typing reports whether printable keys are text now: in a prompt, a
// sheet, a list's filter line (orders, exceptions, alerts) or a field of
// the case view.
func (a *App) typing() bool {
	switch {
	case a.prompt != nil:
		return !showsOnly(a.prompt)
	case a.sheet != nil:
		return true
	case a.caseView != nil:
		return a.caseView.typing()
	case a.orderView != nil, a.cases != nil, a.scorecard != nil, a.claims != nil:
		return false
	case a.alerts.open:
		return a.alerts.filtering()
	}
	return a.orders.filtering() || a.exceptions.filtering()
}

// A prompt that only shows something (an event in full, an exception's
// log) has no field: ? and : open the help and the palette over it.
type showOnly interface{ showsOnly() }

func showsOnly(p prompt) bool {
	_, ok := p.(showOnly)
	return ok
}

// untyped is b with only its keys that type nothing (f1, not ?): those
// that work where keys are typed. Disabled when none is left.
func untyped(b key.Binding) key.Binding {
	var keys []string
	for _, k := range b.Keys() {
		if kp := KeyPress(k); kp.Text == "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		b.SetEnabled(false)
		return b
	}
	b.SetKeys(keys...)
	b.SetHelp(shortLabel(keys), b.Help().Desc)
	return b
}

// View draws the screen from the model alone: no reads, no clock.
func (a *App) View() tea.View {
	v := tea.NewView(a.withOverlays(a.render()))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "waybill"
	return v
}

func (a *App) render() string {
	w, h := a.c.width, a.c.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if a.lay.tooSmall || a.lay.width != w || a.lay.height != h {
		return a.tooSmall(w, h)
	}
	l := a.lay
	lines := make([]string, 0, h)
	lines = append(lines, a.titleBar(w))
	if a.sheet != nil {
		lines = append(lines, a.sheetView()...)
		lines = append(lines, cell(a.status.View(w), w))
		lines = append(lines, a.helpLines(w, l.helpH)...)
		return strings.Join(lines, "\n")
	}
	if a.cases != nil && a.caseView == nil {
		// A closed case's prompt opens over the list.
		lines = append(lines, a.cases.View()...)
		if a.prompt != nil {
			box := a.promptBox()
			x, y := a.promptAt(box)
			overlay(lines, box, x, y)
		}
		lines = append(lines, cell(a.status.View(w), w))
		lines = append(lines, a.helpLines(w, l.helpH)...)
		return strings.Join(lines, "\n")
	}
	if a.claims != nil && a.caseView == nil {
		lines = append(lines, a.claims.View()...)
		lines = append(lines, cell(a.status.View(w), w))
		lines = append(lines, a.helpLines(w, l.helpH)...)
		return strings.Join(lines, "\n")
	}
	if a.scorecard != nil && a.caseView == nil {
		lines = append(lines, a.scorecard.View()...)
		lines = append(lines, cell(a.status.View(w), w))
		lines = append(lines, a.helpLines(w, l.helpH)...)
		return strings.Join(lines, "\n")
	}
	if a.caseView != nil {
		// The case covers the panes, as the alert list does.
		lines = append(lines, a.caseView.View()...)
		if a.prompt != nil {
			box := a.promptBox()
			x, y := a.promptAt(box)
			overlay(lines, box, x, y)
		}
		lines = append(lines, cell(a.status.View(w), w))
		lines = append(lines, a.helpLines(w, l.helpH)...)
		return strings.Join(lines, "\n")
	}
	if a.orderView != nil {
		return a.viewOrderOver(lines)
	}

	ov := a.orders.View(a.focus == focusOrders)
	tv := a.timeline.View(a.focus == focusTimeline)
	ev := a.exceptions.View(a.focus == focusExceptions)
	if l.orders.y == l.timeline.y { // wide: orders | timeline over exceptions
		for i := range ov {
			lines = append(lines, ov[i]+tv[i])
		}
		lines = append(lines, ev...)
	} else { // narrow: orders over timeline | exceptions
		lines = append(lines, ov...)
		for i := range tv {
			lines = append(lines, tv[i]+ev[i])
		}
	}
	switch {
	case a.prompt != nil:
		box := a.promptBox()
		x, y := a.promptAt(box)
		overlay(lines, box, x, y)
	case a.alerts.open:
		overlay(lines, a.alerts.View(), l.alerts.x, l.alerts.y)
	}
	lines = append(lines, cell(a.status.View(w), w))
	lines = append(lines, a.helpLines(w, l.helpH)...)
	return strings.Join(lines, "\n")
}

func (a *App) helpLines(w, n int) []string {
	out := make([]string, n)
	out[0] = cell(a.shortHelpLine(w), w)
	for i := 1; i < n; i++ {
		out[i] = cell("", w)
	}
	return out
}

func (a *App) titleBar(w int) string {
	st := a.c.styles
	name := " " + st.AppName.Render("waybill")
	badge := ""
	if a.opts.Demo {
		b := a.c.tr.T("DEMO")
		if a.opts.DemoSpeed > 0 && a.opts.DemoSpeed != 1 {
			b += " ×" + strconv.FormatFloat(a.opts.DemoSpeed, 'f', -1, 64)
		}
		badge = "  " + st.Demo.Render(" "+b+" ")
	}
	now := a.c.now
	right := st.Clock.Render(clockIn(now, a.c.tr)) + " "
	if b := a.alerts.titleBadge(); b != "" {
		right = b + "  " + right
	}
	// A title that fits beside the badge keeps the bar, the clock giving
	// way (the demo's title says how to leave it). A longer one (a deep
	// path, a PostgreSQL URL) is cut to leave the badge and the clock.
	left := name
	if t := Sanitize(a.opts.Title); t != "" {
		const sep = " · "
		room := w - widthOf(name) - widthOf(badge) - widthOf(right) - 1 - widthOf(sep)
		if widthOf(t) > room && widthOf(t) <= room+widthOf(right) {
			room += widthOf(right)
		}
		if widthOf(t) > room && room >= 8 {
			if tracker.IsStoreURL(t) {
				t = strings.TrimRight(cell(t, room), " ") // the server and database lead
			} else {
				// A path's end names the store: "…/team/orders.db".
				t = ansi.TruncateLeft(t, widthOf(t)-room+1, "…")
			}
		}
		if widthOf(t) <= room {
			left += st.AppTitle.Render(sep + t)
		}
	}
	left += badge
	gap := w - widthOf(left) - widthOf(right)
	if gap < 1 {
		return cell(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

// tooSmall replaces the panes when the terminal cannot hold them.
func (a *App) tooSmall(w, h int) string {
	msg := []string{
		a.c.tr.T("Terminal too small"),
		a.c.tr.T("need %d×%d, have %d×%d", minWidth, minHeight, w, h),
		a.c.tr.T("q to quit"),
	}
	lines := make([]string, 0, h)
	for i := 0; i < h && i < len(msg); i++ {
		lines = append(lines, a.c.styles.TooSmall.Render(cell(msg[i], w)))
	}
	return strings.Join(lines, "\n")
}
