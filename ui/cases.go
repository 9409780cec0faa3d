package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/templates"
	"waybill/ui/i18n"
)

// caseSource is the row a case is opened from: an order of the orders list
// or an exception of the queue, copied so a Cmd never reads the model.
type caseSource struct {
	orderID     int64
	shipmentID  int64
	exceptionID int64 // 0 from an order
	caseID      int64 // the open case the row names, 0 when unknown
	orderNo     string
	dest        string
	kind        tracker.ExceptionKind   // the exception's kind; "" from an order
	kinds       []tracker.ExceptionKind // the order's open exceptions, worst first
}

// caseDeps is what the case view needs beyond the session's common value.
type caseDeps struct {
	templates *templates.Set // nil: the message starts empty
	sendEmail func(ctx context.Context, to, subject, body string) error
	seller    string
}

// caseStepLabel is a case's step as the panes show it: "case 2/4 verify",
// 工单 2/4 核实 (tr nil: English).
func caseStepLabel(s tracker.CaseStep, tr *i18n.Printer) string {
	switch s {
	case "":
		return ""
	case tracker.StepClosed:
		return tr.T("case closed")
	}
	n := s.Number()
	if n < 1 {
		return tr.T("case %s", string(s))
	}
	return tr.T("case %d/4 %s", n, stepName(s, tr))
}

// caseStepShort is the label for a narrow column: "case 2/4".
func caseStepShort(s tracker.CaseStep, tr *i18n.Printer) string {
	if n := s.Number(); n >= 1 && n <= 4 {
		return tr.T("case %d/4", n)
	}
	return caseStepLabel(s, tr)
}

// fitCaseLabel is the case's label for a column of width w: the step's name
// when it fits, else its number alone.
func fitCaseLabel(s tracker.CaseStep, w int, tr *i18n.Printer) string {
	if l := caseStepLabel(s, tr); widthOf(l) <= w {
		return l
	}
	return caseStepShort(s, tr)
}

// stepName is a step as a person reads it: "follow up", 跟进. A step the
// catalog lacks (a newer store's) reads as its name.
func stepName(s tracker.CaseStep, tr *i18n.Printer) string {
	return tr.WordOr("step:"+string(s), strings.ReplaceAll(string(s), "_", " "))
}

// caseFromOrder is `c` on an order: its shipment's open case, or a new one
// of a kind the person picks.
func (a *App) caseFromOrder() tea.Cmd {
	r, ok := a.orders.Selected()
	if !ok {
		return nil
	}
	src := caseSource{orderID: r.OrderID, shipmentID: r.ShipmentID, orderNo: r.OrderNo, dest: r.Destination}
	for _, k := range r.Exceptions {
		if containsKind(tracker.ExceptionKinds, k) {
			src.kinds = append(src.kinds, k)
		}
	}
	return a.findCase(src)
}

// caseFromException is `c` on an exception: the case its row names, the
// open case of its shipment, or a new one of its kind.
func (a *App) caseFromException() tea.Cmd {
	it, ok := a.exceptions.Selected()
	if !ok {
		return nil
	}
	src := caseSource{orderID: it.OrderID, shipmentID: it.ShipmentID, exceptionID: it.ID, caseID: it.CaseID,
		orderNo: it.OrderNo, dest: it.Destination, kind: it.Kind}
	if it.CaseID != 0 {
		return a.showCase(it.CaseID)
	}
	return a.findCase(src)
}

// findCase shows the source's case. From an exception, the service opens
// one of its kind or resumes the one open. From an order, the parcel's open
// case is shown (any kind: a parcel rarely has two); without one, the
// person picks the kind first. A viewer is shown an open case and opens
// none.
func (a *App) findCase(src caseSource) tea.Cmd {
	if !a.c.hasCases() {
		a.status.say(a.c.tr.T("this session cannot keep complaint cases (no case store)"), true)
		return nil
	}
	a.caseSeq++
	req := a.caseSeq
	a.caseReq = req
	ctx, svc, actor, readOnly := a.c.ctx, a.c.svc, a.c.actor, a.c.readOnly
	// Said here, not in the Cmd: the words are the session's.
	noCase := a.c.tr.T("no open case to show, and %s", readOnlyNoteIn("open one", a.c.tr))
	return func() tea.Msg {
		if src.kind == "" || readOnly {
			rows, err := svc.Cases(ctx, tracker.CaseQuery{State: tracker.CaseOpen, OrderID: src.orderID})
			if err != nil {
				return caseOpenMsg{req: req, from: src, err: fmt.Errorf("look for its open case: %w", err)}
			}
			found := int64(0)
			for _, r := range rows {
				if r.ShipmentID == src.shipmentID && (found == 0 || r.Kind == src.kind) {
					found = r.ID
				}
			}
			switch {
			case found != 0:
				return caseOpenMsg{req: req, id: found, from: src}
			case readOnly:
				return caseOpenMsg{req: req, from: src, err: errors.New(noCase)}
			case src.kind == "":
				return caseOpenMsg{req: req, ask: true, from: src}
			}
		}
		return openCase(ctx, svc, actor, src, src.kind, false, req)
	}
}

// openCase asks the service for the parcel's case of kind; it runs inside
// a Cmd. fresh opens a new one beside a closed one, on purpose.
func openCase(ctx context.Context, svc *tracker.Service, actor tracker.Actor, src caseSource, kind tracker.ExceptionKind, fresh bool, req int) tea.Msg {
	ex := src.exceptionID
	if kind != src.kind {
		ex = 0 // the service links the parcel's open exception of kind
	}
	op, err := svc.OpenCase(ctx, actor, tracker.CaseRequest{OrderID: src.orderID, ShipmentID: src.shipmentID,
		Kind: kind, ExceptionID: ex, Fresh: fresh})
	if err != nil {
		return caseOpenMsg{req: req, from: src, err: err}
	}
	switch op.Outcome {
	case tracker.CaseWasClosed:
		row := sanitizeCaseRow(op.Case)
		return caseOpenMsg{req: req, closed: &row, from: src}
	case tracker.CaseCreated:
		return caseOpenMsg{req: req, id: op.Case.ID, created: true, from: src}
	}
	return caseOpenMsg{req: req, id: op.Case.ID, from: src}
}

// languageFor is the language of messages to a buyer in country.
func languageFor(country string) string { return templates.LanguageFor(country) }

func (a *App) onCaseOpen(msg caseOpenMsg) tea.Cmd {
	if msg.req != a.caseReq {
		return nil
	}
	a.caseReq = 0
	src := msg.from
	switch {
	case msg.err != nil:
		a.status.say(a.c.tr.T("case for %s: %s", src.orderNo, errorText(a.c.tr, msg.err)), true)
		return nil
	case msg.ask:
		return a.openPrompt(newKindPrompt(a.c, src, func(kind tracker.ExceptionKind) tea.Cmd {
			return a.openNewCase(src, kind, false)
		}))
	case msg.closed != nil:
		closed := *msg.closed
		return a.openPrompt(newClosedCasePrompt(a.c, closed, func(choice closedChoice) tea.Cmd {
			switch choice {
			case reopenClosed:
				return a.reopenCase(closed.ID)
			case openFresh:
				return a.openNewCase(src, closed.Kind, true)
			}
			return a.showCase(closed.ID)
		}))
	}
	cmd := a.showCase(msg.id)
	if msg.created {
		a.status.say(a.c.tr.T("case opened on %s", src.orderNo), false)
		if a.sub == nil {
			cmd = tea.Batch(cmd, a.reloadAll([]int64{src.shipmentID}))
		}
	}
	return cmd
}

// openNewCase opens a case of the kind the person picked; fresh beside a
// closed one of that kind.
func (a *App) openNewCase(src caseSource, kind tracker.ExceptionKind, fresh bool) tea.Cmd {
	a.caseSeq++
	req := a.caseSeq
	a.caseReq = req
	ctx, svc, actor := a.c.ctx, a.c.svc, a.c.actor
	return func() tea.Msg { return openCase(ctx, svc, actor, src, kind, fresh, req) }
}

// reopenCase reopens a closed case and shows it at its follow-up step.
func (a *App) reopenCase(id int64) tea.Cmd {
	cmd := a.showCase(id)
	if a.caseView == nil {
		return cmd
	}
	return tea.Batch(cmd, a.caseView.do(tracker.CaseAction{Type: tracker.ActReopen}, a.c.tr.T("case reopened")))
}

// showCase puts the case view over the panes and reads the case.
func (a *App) showCase(id int64) tea.Cmd {
	if !a.c.hasCases() {
		a.status.say(a.c.tr.T("this session cannot keep complaint cases (no case store)"), true)
		return nil
	}
	a.caseView = newCaseView(a.c, a.caseDeps(), id)
	return tea.Batch(a.caseView.load(), a.relayout())
}

func (a *App) caseDeps() caseDeps {
	return caseDeps{
		templates: a.opts.Templates,
		sendEmail: a.opts.SendBuyerEmail,
		seller:    a.opts.Seller,
	}
}

// closeCase leaves the case view; the case stays at its step. The cases
// list it was opened from, if any, reads its page again.
func (a *App) closeCase() tea.Cmd {
	a.caseView = nil
	if a.cases != nil {
		return tea.Batch(a.relayout(), a.cases.reload())
	}
	return a.relayout()
}

// onCaseKey gives a key to the case view.
func (a *App) onCaseKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	v := a.caseView
	if key.Matches(msg, k.HardQuit) {
		return a.quit()
	}
	if !v.typing() {
		switch {
		case v.focused() != nil && key.Matches(msg, k.Leave):
			// Out of a checkbox or a choice first; the next esc leaves.
			return v.setFocus(-1)
		case key.Matches(msg, k.Back):
			return a.closeCase()
		case key.Matches(msg, k.CloseCase) && v.canClose():
			return a.openPrompt(newClosePrompt(a.c, func(resolution string, cause tracker.RootCause) tea.Cmd {
				return v.closeWith(resolution, cause)
			}))
		}
	}
	cmd := v.update(msg)
	v.follow()
	if n := v.takeNote(); n != "" {
		a.status.say(n, false)
	}
	return cmd
}

// onCaseDone follows a case action: the view re-reads the case; without a
// hub, the panes re-read the shipment too (with one, the notice does).
func (a *App) onCaseDone(msg caseDoneMsg) tea.Cmd {
	var cmd tea.Cmd
	if a.caseView != nil && a.caseView.id == msg.id {
		cmd = a.caseView.onDone(msg)
	}
	if a.sub == nil && msg.err == nil && msg.ship != 0 {
		cmd = tea.Batch(cmd, a.reloadAll([]int64{msg.ship}))
	}
	return cmd
}

// kindPrompt asks what an order's complaint is about, offering its worst
// open exception first.
type kindPrompt struct {
	c      *common
	src    caseSource
	kinds  []tracker.ExceptionKind
	sel    int
	onKind func(tracker.ExceptionKind) tea.Cmd
}

func newKindPrompt(c *common, src caseSource, onKind func(tracker.ExceptionKind) tea.Cmd) *kindPrompt {
	p := &kindPrompt{c: c, src: src, onKind: onKind}
	// The order's open exceptions first (worst first), then every other kind.
	p.kinds = append(p.kinds, src.kinds...)
	for _, k := range tracker.ExceptionKinds {
		if !containsKind(p.kinds, k) {
			p.kinds = append(p.kinds, k)
		}
	}
	if len(src.kinds) == 0 {
		// A complaint about a parcel with no exception: usually "where is
		// it?", a parcel later than the buyer hoped.
		p.sel = max(0, indexOfKind(p.kinds, tracker.ExOverdue))
	}
	return p
}

func indexOfKind(ks []tracker.ExceptionKind, k tracker.ExceptionKind) int {
	for i, x := range ks {
		if x == k {
			return i
		}
	}
	return -1
}

func (p *kindPrompt) title() string { return p.c.tr.T("Open a case on %s", p.src.orderNo) }

func (p *kindPrompt) paste(string) {}

func (p *kindPrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.Confirm):
		return true, p.onKind(p.kinds[p.sel])
	case key.Matches(msg, k.Down), key.Matches(msg, k.NextField):
		p.sel = min(len(p.kinds)-1, p.sel+1)
	case key.Matches(msg, k.Up), key.Matches(msg, k.PrevField):
		p.sel = max(0, p.sel-1)
	case key.Matches(msg, k.Top):
		p.sel = 0
	case key.Matches(msg, k.Bottom):
		p.sel = len(p.kinds) - 1
	}
	return false, nil
}

func (p *kindPrompt) body(w int) []string {
	st, tr := p.c.styles, p.c.tr
	out := make([]string, 0, len(p.kinds)+1)
	out = append(out, st.Dim.Render(cell(tr.T("What is the complaint about?"), w)))
	for i, k := range p.kinds {
		text := kindWord(k, tr)
		if containsKind(p.src.kinds, k) {
			text += tr.T("  (open exception)")
		}
		if i == p.sel {
			out = append(out, st.Selected.Render(cell("› "+text, w)))
		} else {
			out = append(out, cell("  "+text, w))
		}
	}
	return out
}

func (p *kindPrompt) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{moveHelp(k), withHelp(k.Confirm, "open case"), withHelp(k.Close, "cancel")}
}

func (p *kindPrompt) FullHelp() [][]key.Binding {
	k := p.c.keys
	return [][]key.Binding{p.ShortHelp(), {k.Up, k.Down, withHelp(k.NextField, "next kind"), withHelp(k.PrevField, "previous kind"), k.Top, k.Bottom}}
}

// closedChoice is what to do about a parcel's closed case of the kind a
// person asked to open.
type closedChoice int

const (
	viewClosed   closedChoice = iota // show it as it is
	reopenClosed                     // reopen it at the follow-up step
	openFresh                        // open a new case beside it, on purpose
)

// closedCasePrompt shows the parcel's last case of a kind, closed, and
// asks whether to reopen it or open a new one: one case per parcel and
// kind, and nobody starts a second without seeing the first.
type closedCasePrompt struct {
	c        *common
	row      tracker.CaseRow // sanitized
	solved   string          // its solution in the session's language
	onChoice func(closedChoice) tea.Cmd
}

func newClosedCasePrompt(c *common, row tracker.CaseRow, onChoice func(closedChoice) tea.Cmd) *closedCasePrompt {
	return &closedCasePrompt{c: c, row: row, solved: solutionWords(row.Solution, c.tr), onChoice: onChoice}
}

func (p *closedCasePrompt) title() string {
	return p.c.tr.T("Case %d is closed", p.row.ID)
}

func (p *closedCasePrompt) paste(string) {}

func (p *closedCasePrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.Confirm):
		return true, p.onChoice(viewClosed)
	case key.Matches(msg, k.Reopen):
		return true, p.onChoice(reopenClosed)
	case key.Matches(msg, k.NewCase):
		return true, p.onChoice(openFresh)
	}
	return false, nil
}

func (p *closedCasePrompt) body(w int) []string {
	st, tr := p.c.styles, p.c.tr
	r := p.row
	closed := tr.T("closed")
	if !r.ClosedAt.IsZero() {
		closed = tr.T("closed %s", r.ClosedAt.In(p.c.now.Location()).Format("2006-01-02"))
	}
	out := []string{
		cell(tr.T("%s case on %s, opened by %s", kindWord(r.Kind, tr), r.TrackingNo, r.OpenedBy), w),
		cell(tr.T("%s: %s (root cause: %s)", closed, r.Resolution, causeWord(r.RootCause, tr)), w),
	}
	if r.Solution != nil {
		out = append(out, cell(tr.T("solution: %s", p.solved), w))
	}
	return append(out, "", st.Dim.Render(cell(tr.T("Reopen it, or open a new case about the same problem?"), w)))
}

func (p *closedCasePrompt) ShortHelp() []key.Binding {
	k := p.c.keys
	return []key.Binding{withHelp(k.Reopen, "reopen it"), withHelp(k.NewCase, "new case"),
		withHelp(k.Confirm, "view it"), withHelp(k.Close, "cancel")}
}

func (p *closedCasePrompt) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// closePrompt asks how a case was resolved and why it happened.
type closePrompt struct {
	c          *common
	resolution lineEdit
	cause      int
	focus      int // 0: resolution, 1: root cause
	err        string
	onClose    func(string, tracker.RootCause) tea.Cmd
}

func newClosePrompt(c *common, onClose func(string, tracker.RootCause) tea.Cmd) *closePrompt {
	return &closePrompt{c: c, resolution: newLineEdit("", 500), onClose: onClose}
}

func (p *closePrompt) title() string { return p.c.tr.T("Close the case") }

func (p *closePrompt) paste(text string) {
	if p.focus == 0 {
		p.resolution.paste(strings.TrimSpace(text))
	}
}

func (p *closePrompt) update(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := p.c.keys
	n := len(tracker.RootCauses)
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.Field), key.Matches(msg, k.FieldPrev):
		p.focus = 1 - p.focus
		return false, nil
	case key.Matches(msg, k.Confirm):
		res := strings.TrimSpace(p.resolution.String())
		if res == "" {
			p.err, p.focus = p.c.tr.T("say how it was resolved"), 0
			return false, nil
		}
		return true, p.onClose(res, tracker.RootCauses[p.cause])
	}
	if p.focus == 1 {
		switch {
		case key.Matches(msg, k.Down), msg.String() == "right", key.Matches(msg, k.Toggle):
			p.cause = (p.cause + 1) % n
		case key.Matches(msg, k.Up), msg.String() == "left":
			p.cause = (p.cause + n - 1) % n
		default:
			if d, err := strconv.Atoi(msg.String()); err == nil && d >= 1 && d <= n {
				p.cause = d - 1
			}
		}
		return false, nil
	}
	if p.resolution.update(msg) {
		p.err = ""
	}
	return false, nil
}

func (p *closePrompt) body(w int) []string {
	st, tr := p.c.styles, p.c.tr
	const labelW = 12
	label := func(s string, on bool) string {
		s = tr.Word(s)
		if on {
			return st.PaneTitleOn.Render(cell(s, labelW))
		}
		return st.Dim.Render(cell(s, labelW))
	}
	out := []string{label("Resolution", p.focus == 0) + p.resolution.view(max(1, w-labelW), st, p.focus == 0), ""}
	out = append(out, label("Root cause", p.focus == 1))
	for i, c := range tracker.RootCauses {
		text := strconv.Itoa(i+1) + " " + causeWord(c, tr)
		switch {
		case i == p.cause && p.focus == 1:
			out = append(out, st.Selected.Render(cell("› "+text, w)))
		case i == p.cause:
			out = append(out, cell("› "+text, w))
		default:
			out = append(out, cell("  "+text, w))
		}
	}
	if p.err != "" {
		out = append(out, st.Error.Render(cell(p.err, w)))
	}
	return out
}

func (p *closePrompt) ShortHelp() []key.Binding {
	k := p.c.keys
	b := []key.Binding{withHelp(k.Field, "field")}
	if p.focus == 1 {
		b = append(b, moveHelp(k))
	} else {
		b = append(b, k.ClearField)
	}
	return append(b, withHelp(k.Confirm, "close case"), withHelp(k.Close, "cancel"))
}

func (p *closePrompt) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.ShortHelp(), {withHelp(p.c.keys.FieldPrev, "field")}}
}

// causeLabel is a root cause as a person reads it.
func causeLabel(c tracker.RootCause) string { return strings.ReplaceAll(string(c), "_", " ") }
