package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/tracker/templates"
	"waybill/ui/i18n"
)

// Message purposes of the templates: step 1 reassures, step 4 updates.
const (
	purposeReassure = "reassure"
	purposeUpdate   = "update"
)

// Via of a message recorded as sent.
const (
	viaClipboard = "clipboard"
	viaEmail     = "email"
	viaManual    = "manual"
)

// followUpDays is the default distance of the next follow-up.
const followUpDays = 3

// staleDays is how long without news makes a parcel worth a logistics
// investigation.
const staleDays = 7

// caseView is one complaint case over the panes: a header (order, parcel,
// kind, the four steps, state), the current step's work area, and the case
// log. Every change goes through tracker.Casework in a Cmd; after each, the
// case and its log are read again. Leaving (esc) keeps the case where it is.
type caseView struct {
	c    *common
	deps caseDeps
	id   int64

	width, height int

	loaded bool
	err    error // the last read of the case failed
	row    tracker.CaseRow
	// solved is the row's solution in the session's language, made as
	// the read comes in (View only shows it).
	solved string
	log    []tracker.CaseEntry
	order  tracker.Order
	ship   tracker.Shipment
	last   tracker.Event
	hasEv  bool
	eta    *tracker.ETA // the parcel's ETA when the case was read; nil: none
	// suggested is the new ETA the service proposes for step 3; zero: none.
	suggested time.Time
	// facts are what the messages to the buyer may say (as read with the
	// case); factsErr why they could not be read.
	facts    tracker.CaseFacts
	factsErr error
	detErr   error

	result    string // what the last action did, or why it was refused
	resultErr bool

	seq        int
	loadReq    int
	actReq     int // the action in flight, 0 when none
	refreshReq int
	statReq    int

	// The work area, built when the case comes to a step.
	step     tracker.CaseStep
	focus    int // index of the focused field of form(); -1: none
	forms    map[string]*form
	lang     string // of the message to the buyer
	via      string // how the message went: set by y, cleared by an edit
	edited   bool   // the message was edited since it was rendered
	sol      int    // the chosen solution, an index into SolutionsFor(kind)
	detected number.Result
	missing  []string // evidence paths that do not exist

	// top is the first line shown of the scrolled part: the work area and
	// the log under it (caseview_scroll.go).
	top int
	// note is for the status bar, once (takeNote).
	note string
}

func newCaseView(c *common, deps caseDeps, id int64) *caseView {
	return &caseView{c: c, deps: deps, id: id, focus: -1, forms: map[string]*form{}}
}

// Layout of the view inside its border: two header lines and a result
// line stay; under them the work area and the whole log scroll as one.
const caseChrome = 3

func (v *caseView) setSize(w, h int) {
	v.width, v.height = w, h
	v.sizeAreas()
}

// sizeAreas fits the message bodies into the work area.
func (v *caseView) sizeAreas() {
	inner := max(1, v.width-2)
	for name, f := range v.forms {
		fl := f.get(fBody)
		if fl == nil {
			continue
		}
		above := 2 // the language line and the subject
		if name == string(tracker.StepFollowUp) {
			above = 4 // the solution and the follow-up date first
		}
		fl.area.SetWidth(inner)
		// Being edited, the message takes the room under what is above
		// it; read, it is shown whole and the view scrolls.
		fl.area.SetHeight(max(3, v.docRows()-above))
	}
}

// load reads the case, its log, and the order and parcel it is about.
func (v *caseView) load() tea.Cmd {
	v.seq++
	req := v.seq
	v.loadReq = req
	ctx, svc, reader, id, etas, now := v.c.ctx, v.c.svc, v.c.reader, v.id, v.c.eta, v.c.now
	return func() tea.Msg {
		row, err := svc.Case(ctx, id)
		if err != nil {
			return caseLoadedMsg{req: req, id: id, err: fmt.Errorf("read case %d: %w", id, err)}
		}
		log, err := svc.CaseLog(ctx, id)
		if err != nil {
			return caseLoadedMsg{req: req, id: id, err: fmt.Errorf("read the log of case %d: %w", id, err)}
		}
		msg := caseLoadedMsg{req: req, id: id, row: row, log: log}
		det, err := reader.FindOrder(ctx, row.OrderNo, false)
		if err != nil && row.TrackingNo != "" {
			det, err = reader.FindOrder(ctx, row.TrackingNo, false)
		}
		if err != nil {
			msg.detErr = fmt.Errorf("read order %s: %w", row.OrderNo, err)
			return msg
		}
		msg.order = det.Order
		for _, s := range det.Shipments {
			if s.ID == row.ShipmentID {
				msg.ship = s.Shipment
			}
		}
		if ev, err := reader.Timeline(ctx, row.ShipmentID, 1); err == nil && len(ev) > 0 {
			msg.last, msg.hasEv = ev[0], true
		}
		if etas != nil {
			if e, ok, err := etas.ShipmentETA(ctx, row.ShipmentID, now); err == nil && ok {
				msg.eta = &e
			}
		}
		if t, ok, err := svc.SuggestETA(ctx, id); err == nil && ok {
			msg.suggested = t
		}
		msg.facts, msg.factsErr = svc.CaseFacts(ctx, id)
		return msg
	}
}

func (v *caseView) onLoaded(msg caseLoadedMsg) tea.Cmd {
	if msg.req != v.loadReq {
		return nil
	}
	v.loadReq = 0
	if msg.err != nil {
		v.err = said(v.c.tr, msg.err)
		return nil
	}
	v.err = nil
	prevFollowUp := v.row.FollowUpAt
	v.row = sanitizeCaseRow(msg.row)
	v.solved = solutionWords(v.row.Solution, v.c.tr)
	v.log = sanitizeLog(msg.log, v.c.tr)
	v.order = sanitizeOrder(msg.order)
	v.ship = sanitizeShipment(msg.ship)
	v.last, v.hasEv = sanitizeEvent(msg.last), msg.hasEv
	v.eta, v.suggested = msg.eta, msg.suggested
	v.facts, v.factsErr = msg.facts, msg.factsErr
	v.detErr = said(v.c.tr, msg.detErr)
	first := !v.loaded
	v.loaded = true
	if first || v.row.Step != v.step {
		return v.enterStep()
	}
	// A new follow-up date goes into the update, unless the person has
	// made the message their own (edited or copied it) meanwhile.
	if v.step == tracker.StepFollowUp && !v.row.FollowUpAt.Equal(prevFollowUp) && !v.edited && v.via == "" {
		v.render(purposeUpdate)
	}
	return nil
}

func sanitizeCaseRow(r tracker.CaseRow) tracker.CaseRow {
	r.OrderNo, r.TrackingNo, r.Carrier = Sanitize(r.OrderNo), Sanitize(r.TrackingNo), Sanitize(r.Carrier)
	r.Destination, r.Buyer = Sanitize(r.Destination), Sanitize(r.Buyer)
	r.Kind = tracker.ExceptionKind(Sanitize(string(r.Kind)))
	r.Step = tracker.CaseStep(Sanitize(string(r.Step)))
	r.Language, r.OpenedBy, r.Owner = Sanitize(r.Language), Sanitize(r.OpenedBy), Sanitize(r.Owner)
	r.CarrierAnswer, r.Reference, r.Resolution = Sanitize(r.CarrierAnswer), Sanitize(r.Reference), Sanitize(r.Resolution)
	r.RootCause = tracker.RootCause(Sanitize(string(r.RootCause)))
	if r.Solution != nil {
		s := *r.Solution
		s.ReissueTrackingNo, s.ReissueCarrier, s.Currency = Sanitize(s.ReissueTrackingNo), Sanitize(s.ReissueCarrier), Sanitize(s.Currency)
		s.Address, s.Phone, s.Reference = Sanitize(s.Address), Sanitize(s.Phone), Sanitize(s.Reference)
		s.Documents = sanitizeAll(s.Documents)
		s.Evidence = sanitizeAll(s.Evidence)
		r.Solution = &s
	}
	return r
}

func sanitizeAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = Sanitize(s)
	}
	return out
}

// sanitizeLog makes a case's log safe to show, its details in the
// session's language where tracker wrote them in a known form.
func sanitizeLog(in []tracker.CaseEntry, tr *i18n.Printer) []tracker.CaseEntry {
	out := make([]tracker.CaseEntry, len(in))
	for i, e := range in {
		e.Actor, e.Detail = Sanitize(e.Actor), Sanitize(tr.StoredCaseDetail(e.Action, e.Detail))
		e.Action = tracker.CaseActionType(Sanitize(string(e.Action)))
		out[i] = e
	}
	return out
}

func sanitizeOrder(o tracker.Order) tracker.Order {
	o.OrderNo, o.Buyer, o.Email, o.Phone = Sanitize(o.OrderNo), Sanitize(o.Buyer), Sanitize(o.Email), Sanitize(o.Phone)
	o.Country, o.Marketplace = Sanitize(o.Country), Sanitize(o.Marketplace)
	return o
}

func sanitizeShipment(s tracker.Shipment) tracker.Shipment {
	s.TrackingNo, s.Carrier = Sanitize(s.TrackingNo), Sanitize(s.Carrier)
	s.Origin, s.Destination = Sanitize(s.Origin), Sanitize(s.Destination)
	s.Status = tracker.Status(Sanitize(string(s.Status)))
	s.LastMile = sanitizeLastMile(s.LastMile)
	return s
}

func sanitizeEvent(e tracker.Event) tracker.Event {
	e.RawStatus, e.Location, e.Description = Sanitize(e.RawStatus), Sanitize(e.Location), Sanitize(e.Description)
	e.Status = tracker.Status(Sanitize(string(e.Status)))
	return e
}

// enterStep builds the work area of the case's step, with what it can
// prefill: the rendered message, what the carrier said, a default date.
func (v *caseView) enterStep() tea.Cmd {
	v.step = v.row.Step
	v.focus = -1
	v.top = 0
	v.forms = map[string]*form{}
	v.via, v.missing, v.detected = "", nil, number.Result{}
	st := v.c.styles
	switch v.step {
	case tracker.StepReassure:
		f := &form{}
		f.text(fSubject, "Subject", "", 300)
		f.areaField(fBody, st)
		v.forms[string(v.step)] = f
		v.lang = v.caseLanguage()
		v.render(purposeReassure)
	case tracker.StepVerify:
		f := &form{}
		f.text(fAnswer, "Carrier said", v.row.CarrierAnswer, 500)
		f.text(fReference, "Reference", v.row.Reference, 100)
		v.forms[string(v.step)] = f
	case tracker.StepSolve:
		v.sol = 0
		if s := v.row.Solution; s != nil {
			v.sol = max(0, slices.Index(v.solutions(), s.Type))
		}
		return v.solutionForm()
	case tracker.StepFollowUp:
		f := &form{}
		next := v.c.now.AddDate(0, 0, followUpDays)
		if v.row.FollowUpAt.After(v.c.now) {
			next = v.row.FollowUpAt
		}
		f.text(fFollowUp, "Next follow-up", next.Format("2006-01-02"), dateLimit)
		f.text(fSubject, "Subject", "", 300)
		f.areaField(fBody, st)
		v.forms[string(v.step)] = f
		v.lang = v.caseLanguage()
		v.render(purposeUpdate)
	}
	v.sizeAreas()
	return nil
}

// caseLanguage is the case's language, or the buyer's country's.
func (v *caseView) caseLanguage() string {
	if v.row.Language != "" {
		return v.row.Language
	}
	c := v.order.Country
	if c == "" {
		c = v.row.Destination
	}
	return languageFor(c)
}

// form is the current step's form; in step 3, the chosen solution's.
func (v *caseView) form() *form {
	if v.step == tracker.StepSolve {
		return v.forms["solve:"+string(v.solution())]
	}
	return v.forms[string(v.step)]
}

func (v *caseView) solutions() []tracker.SolutionType { return tracker.SolutionsFor(v.row.Kind) }

func (v *caseView) solution() tracker.SolutionType {
	s := v.solutions()
	if v.sol < 0 || v.sol >= len(s) {
		return ""
	}
	return s[v.sol]
}

// solutionForm makes (once per visit of step 3) the chosen solution's
// fields, prefilled from the case, the order and the carrier.
func (v *caseView) solutionForm() tea.Cmd {
	typ := v.solution()
	name := "solve:" + string(typ)
	if _, ok := v.forms[name]; ok {
		return nil
	}
	f := &form{}
	v.forms[name] = f
	prev := v.row.Solution
	if prev != nil && prev.Type != typ {
		prev = nil
	}
	amount := func(x tracker.Money) string {
		if x == 0 {
			return ""
		}
		return x.String()
	}
	var p tracker.Solution
	if prev != nil {
		p = *prev
	}
	switch typ {
	case tracker.SolveNewETA:
		// The date the service suggests (the one `case do … --eta auto`
		// takes); with none known, a week from now as a starting point.
		eta := v.c.now.AddDate(0, 0, 7)
		switch {
		case !p.ETA.IsZero():
			eta = p.ETA
		case !v.suggested.IsZero():
			eta = v.suggested
		}
		f.text(fETA, "New ETA", eta.In(v.c.now.Location()).Format("2006-01-02"), dateLimit)
	case tracker.SolveReissue:
		f.text(fNumber, "Tracking no", p.ReissueTrackingNo, 40)
		v.detect()
	case tracker.SolveRefund:
		f.text(fAmount, "Amount", amount(p.Amount), 16)
		f.text(fCurrency, "Currency", p.Currency, 3)
		f.check(fPartial, "partial refund", p.Partial)
	case tracker.SolveCustoms:
		for _, d := range tracker.CustomsDocuments {
			f.check(fDocPrefix+d, d, slices.Contains(p.Documents, d))
		}
		duties := []string{string(tracker.DutiesBuyer), string(tracker.DutiesSeller), string(tracker.DutiesShared)}
		f.choice(fDuties, "Duties paid by", duties, max(0, slices.Index(duties, string(p.Duties))))
		f.text(fAmount, "Duties total", amount(p.Amount), 16)
		f.text(fCurrency, "Currency", p.Currency, 3)
		f.text(fShare, "Seller's share", amount(p.SellerShare), 16)
	case tracker.SolveRedeliver:
		// What the order holds, to check with the buyer; what is recorded
		// here is written back to the order.
		address := p.Address
		if address == "" {
			address = v.order.Address
		}
		f.text(fAddress, "Address", address, 200)
		phone := p.Phone
		if phone == "" {
			phone = v.order.Phone
		}
		f.text(fPhone, "Phone", phone, 40)
	case tracker.SolveClaim:
		f.text(fEvidence, "Photos", strings.Join(p.Evidence, ", "), 1000)
		f.text(fAmount, "Amount", amount(p.Amount), 16)
		f.text(fCurrency, "Currency", p.Currency, 3)
		ref := p.Reference
		if ref == "" {
			ref = v.row.Reference
		}
		f.text(fReference, "Reference", ref, 100)
		return v.checkEvidence()
	}
	return nil
}

// detect validates the reissue number as it is typed.
func (v *caseView) detect() {
	n := v.form().value(fNumber)
	if n == "" {
		v.detected = number.Result{}
		return
	}
	v.detected = number.Detect(n)
}

// checkEvidence looks for the claim's photo files, off the event loop.
func (v *caseView) checkEvidence() tea.Cmd {
	paths := tracker.SplitList(v.form().value(fEvidence))
	v.seq++
	req := v.seq
	v.statReq = req
	id := v.id
	return func() tea.Msg {
		var missing []string
		for _, p := range paths {
			if _, err := os.Stat(expandHome(p)); err != nil {
				missing = append(missing, p)
			}
		}
		return evidenceMsg{req: req, id: id, missing: missing}
	}
}

func (v *caseView) onEvidence(msg evidenceMsg) {
	if msg.req == v.statReq {
		v.statReq = 0
		v.missing = sanitizeAll(msg.missing)
	}
}

// expandHome reads a leading ~/ as the home directory, as a shell would.
func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// languages are those the templates can write in.
func (v *caseView) languages() []string {
	if v.deps.templates != nil {
		return v.deps.templates.Languages()
	}
	return templates.Languages()
}

// render fills the message from the template of purpose in v.lang.
func (v *caseView) render(purpose string) {
	f := v.form()
	if f == nil {
		return
	}
	v.via, v.edited = "", false
	if v.deps.templates == nil {
		v.say(v.c.tr.T("no message templates loaded: write the message (e)"), true)
		return
	}
	if v.factsErr != nil {
		v.say(v.c.tr.T("message: %s", errorText(v.c.tr, v.factsErr)), true)
		return
	}
	// What the message says is the templates' to decide from the facts
	// (tracker/templates.Compose), as `waybill case message` does.
	m, err := v.deps.templates.Compose(purpose, templates.FactsOf(v.facts, v.deps.seller, ""), v.lang)
	if err != nil {
		v.say(v.c.tr.T("template: %s", errorText(v.c.tr, err)), true)
		return
	}
	f.set(fSubject, Sanitize(m.Subject))
	f.set(fBody, SanitizeText(m.Body))
}

func (v *caseView) say(text string, isErr bool) { v.result, v.resultErr = Sanitize(text), isErr }

// takeNote returns what the status bar should say after a key, once.
func (v *caseView) takeNote() string {
	n := v.note
	v.note = ""
	return n
}

// message is the subject and body as sent: subject, blank line, body.
func (v *caseView) message() (subject, body string) {
	f := v.form()
	return f.value(fSubject), strings.TrimRight(f.value(fBody), "\n ")
}

func (v *caseView) messageText() string {
	s, b := v.message()
	if s == "" {
		return b
	}
	return s + "\n\n" + b
}

// typing reports whether keys go into a text field now.
func (v *caseView) typing() bool {
	fl := v.focused()
	return fl != nil && fl.typing()
}

func (v *caseView) focused() *formField {
	f := v.form()
	if f == nil || v.focus < 0 || v.focus >= len(f.fields) {
		return nil
	}
	return f.fields[v.focus]
}

// setFocus moves into field i of the form (-1: out of the fields).
func (v *caseView) setFocus(i int) tea.Cmd {
	if fl := v.focused(); fl != nil && fl.kind == fieldArea {
		fl.area.Blur()
	}
	v.focus = i
	if fl := v.focused(); fl != nil && fl.kind == fieldArea {
		return fl.area.Focus()
	}
	return nil
}

// moveFocus goes to the next (or previous) field, and out after the last.
func (v *caseView) moveFocus(delta int) tea.Cmd {
	f := v.form()
	if f == nil || len(f.fields) == 0 {
		return nil
	}
	n := len(f.fields) + 1 // the fields and "none"
	i := (v.focus + 1 + delta + n) % n
	return v.setFocus(i - 1)
}

// editTarget is the field `e` goes to: the message body, or the first
// text field.
func (v *caseView) editTarget() int {
	f := v.form()
	if f == nil {
		return -1
	}
	for i, fl := range f.fields {
		if fl.kind == fieldArea {
			return i
		}
	}
	for i, fl := range f.fields {
		if fl.kind == fieldText {
			return i
		}
	}
	return -1
}

func (v *caseView) open() bool { return v.loaded && v.row.State == tracker.CaseOpen }

func (v *caseView) canClose() bool { return v.open() && v.row.Solution != nil && !v.c.readOnly }

func (v *caseView) paste(text string) {
	fl := v.focused()
	switch {
	case fl == nil:
	case fl.kind == fieldText:
		fl.edit.paste(strings.TrimSpace(text))
		v.changed(fl)
	case fl.kind == fieldArea:
		fl.area.InsertString(SanitizeText(text))
		v.via, v.edited = "", true
	}
}

// changed follows an edit of a field: a new number is validated, new
// evidence paths are looked for, an edited message is no longer the one
// copied.
func (v *caseView) changed(fl *formField) tea.Cmd {
	switch fl.key {
	case fSubject, fBody:
		v.via, v.edited = "", true
	case fNumber:
		v.detect()
	case fEvidence:
		return v.checkEvidence()
	}
	return nil
}

// update handles a key in the case view (the root has taken back, help,
// close and quit).
func (v *caseView) update(msg tea.KeyPressMsg) tea.Cmd {
	if !v.loaded {
		return nil
	}
	if v.focused() == nil {
		if cmd, ok := v.scrollKey(msg); ok {
			return cmd
		}
	}
	if v.c.readOnly {
		// A viewer reads the case; every key here would change it, or
		// start to (a field, a message, a step).
		v.say(v.c.tr.T("%s (esc goes back)", readOnlyNoteIn("work cases", v.c.tr)), true)
		return nil
	}
	k := v.c.keys
	if fl := v.focused(); fl != nil {
		switch {
		case key.Matches(msg, k.Field):
			return v.moveFocus(1)
		case key.Matches(msg, k.FieldPrev):
			return v.moveFocus(-1)
		case key.Matches(msg, k.Leave):
			return v.setFocus(-1)
		}
		switch fl.kind {
		case fieldArea:
			before := fl.area.Value()
			cmd := areaKey(fl, msg)
			if fl.area.Value() != before {
				v.via, v.edited = "", true
			}
			return cmd
		case fieldText:
			if key.Matches(msg, k.Submit) {
				return v.submit()
			}
			if fl.edit.update(msg) {
				return v.changed(fl)
			}
			return nil
		case fieldCheck, fieldChoice:
			// Out of a text field, j and k move between fields rather than
			// pick another solution under the person's hands.
			switch {
			case key.Matches(msg, k.Down):
				return v.moveFocus(1)
			case key.Matches(msg, k.Up):
				return v.moveFocus(-1)
			}
		}
		switch fl.kind {
		case fieldCheck:
			if key.Matches(msg, k.Toggle) {
				fl.on = !fl.on
				return nil
			}
		case fieldChoice:
			switch {
			case key.Matches(msg, k.Toggle), msg.String() == "right":
				fl.choice = (fl.choice + 1) % len(fl.choices)
				return nil
			case msg.String() == "left":
				fl.choice = (fl.choice + len(fl.choices) - 1) % len(fl.choices)
				return nil
			}
		}
	}
	return v.command(msg)
}

// command handles the step's command keys, outside any text field.
func (v *caseView) command(msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.keys
	if key.Matches(msg, k.Bundle) && v.focused() == nil {
		return v.bundle()
	}
	if !v.open() {
		if key.Matches(msg, k.Reopen) && v.loaded && v.row.State == tracker.CaseClosed {
			return v.do(tracker.CaseAction{Type: tracker.ActReopen}, v.c.tr.T("case reopened"))
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Field):
		return v.moveFocus(1)
	case key.Matches(msg, k.FieldPrev):
		return v.moveFocus(-1)
	case key.Matches(msg, k.Edit):
		return v.setFocus(v.editTarget())
	case key.Matches(msg, k.PrevStep):
		if n := v.row.Step.Number(); n > 1 {
			to := tracker.CaseSteps[n-2]
			return v.do(tracker.CaseAction{Type: tracker.ActGoTo, Step: to}, v.c.tr.T("back to %s", stepName(to, v.c.tr)))
		}
		return nil
	case key.Matches(msg, k.NextStep):
		if n := v.row.Step.Number(); n < 4 {
			to := tracker.CaseSteps[n]
			return v.do(tracker.CaseAction{Type: tracker.ActGoTo, Step: to}, v.c.tr.T("on to %s", stepName(to, v.c.tr)))
		}
		return nil
	}
	switch v.step {
	case tracker.StepReassure, tracker.StepFollowUp:
		return v.messageCommand(msg)
	case tracker.StepVerify:
		switch {
		case key.Matches(msg, k.Refresh):
			return v.refresh()
		case key.Matches(msg, k.Investigate):
			f := v.form()
			return v.do(tracker.CaseAction{Type: tracker.ActInvestigate, Text: tracker.InvestigationRequested,
				Reference: f.value(fReference)}, v.c.tr.T("logistics investigation requested"))
		case key.Matches(msg, k.Submit):
			return v.submit()
		}
	case tracker.StepSolve:
		switch {
		case key.Matches(msg, k.Choose):
			d, _ := strconv.Atoi(msg.String())
			return v.choose(d - 1)
		case key.Matches(msg, k.Down):
			return v.choose(v.sol + 1)
		case key.Matches(msg, k.Up):
			return v.choose(v.sol - 1)
		case key.Matches(msg, k.Submit):
			return v.submit()
		}
	}
	return nil
}

// messageCommand handles the keys of a message to the buyer (steps 1, 4).
func (v *caseView) messageCommand(msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.keys
	purpose, act := purposeReassure, tracker.ActReassure
	if v.step == tracker.StepFollowUp {
		purpose, act = purposeUpdate, tracker.ActUpdateBuyer
	}
	switch {
	case key.Matches(msg, k.Language):
		langs := v.languages()
		if len(langs) == 0 {
			return nil
		}
		v.lang = langs[(slices.Index(langs, v.lang)+1)%len(langs)]
		v.render(purpose)
		v.say(v.c.tr.T("message in %s", v.lang), false)
		return nil
	case key.Matches(msg, k.Copy):
		text := v.messageText()
		if strings.TrimSpace(text) == "" {
			v.say(v.c.tr.T("the message is empty"), true)
			return nil
		}
		v.via = viaClipboard
		// The copy is an OSC 52 sequence to the terminal, which may ignore
		// it (some do, or ask first): say how much went, and by what, so a
		// paste that brings nothing is understood.
		n := utf8.RuneCountInString(text)
		v.say(v.c.tr.T("copied %d characters via OSC 52 (some terminals ignore it); enter records it", n), false)
		v.note = v.c.tr.T("copied %d characters via OSC 52", n) // fits the status bar at 80 columns
		return tea.SetClipboard(text)
	case key.Matches(msg, k.Email):
		return v.email(act)
	case v.step == tracker.StepFollowUp && key.Matches(msg, k.FollowUp):
		return v.followUp()
	case key.Matches(msg, k.Record):
		via := v.via
		if via == "" {
			via = viaManual
		}
		return v.do(tracker.CaseAction{Type: act, Text: v.messageText(), Via: via}, v.c.tr.T("%s recorded as sent (%s)", v.c.tr.T(sentLabel(act)), v.c.tr.WordOr("via:"+via, via)))
	}
	return nil
}

func sentLabel(act tracker.CaseActionType) string {
	if act == tracker.ActUpdateBuyer {
		return "update to the buyer"
	}
	return "reassurance"
}

// canEmail reports whether `m` can send the message to the buyer.
func (v *caseView) canEmail() bool { return v.deps.sendEmail != nil && v.order.Email != "" }

// email sends the message to the buyer and records it sent by email; when
// the send fails nothing is recorded.
func (v *caseView) email(act tracker.CaseActionType) tea.Cmd {
	if v.deps.sendEmail == nil {
		return nil
	}
	if v.order.Email == "" {
		v.say(v.c.tr.T("no email address on the order: copy the message (y) instead"), true)
		return nil
	}
	if v.actReq != 0 {
		return nil
	}
	subject, body := v.message()
	if strings.TrimSpace(body) == "" {
		v.say(v.c.tr.T("the message is empty"), true)
		return nil
	}
	to, text := v.order.Email, v.messageText()
	send := v.deps.sendEmail
	a := tracker.CaseAction{Type: act, Text: text, Via: viaEmail}
	tr := v.c.tr
	return v.run(tr.T("emailing %s…", to), func(ctx context.Context) (string, error) {
		if err := send(ctx, to, subject, body); err != nil {
			return "", fmt.Errorf("email to %s: %w", to, err)
		}
		return tr.T("%s emailed to %s and recorded", tr.T(sentLabel(act)), to), nil
	}, &a)
}

// followUp sets the next follow-up date (f).
func (v *caseView) followUp() tea.Cmd {
	s := v.form().value(fFollowUp)
	day, err := tracker.ParseDay(s, v.c.now)
	if err != nil {
		v.say(v.c.tr.T("follow-up: %s", v.c.tr.Err(err)), true)
		return nil
	}
	return v.do(tracker.CaseAction{Type: tracker.ActFollowUp, FollowUpAt: day}, v.c.tr.T("next follow-up %s", followUpDayIn(day, v.c.tr)))
}

// choose picks solution i of step 3.
func (v *caseView) choose(i int) tea.Cmd {
	if i < 0 || i >= len(v.solutions()) || i == v.sol {
		return nil
	}
	v.setFocus(-1)
	v.sol = i
	v.missing, v.detected = nil, number.Result{}
	if f := v.form(); f != nil {
		switch {
		case f.get(fNumber) != nil:
			v.detect()
		case f.get(fEvidence) != nil:
			return v.checkEvidence()
		}
	}
	return v.solutionForm()
}

// submit records the step: the carrier's answer in step 2, the solution
// in step 3, the message in steps 1 and 4 (the follow-up date when its
// field is the focused one).
func (v *caseView) submit() tea.Cmd {
	f := v.form()
	switch v.step {
	case tracker.StepReassure:
		return v.messageCommand(keyMsgOf(v.c.keys.Record))
	case tracker.StepFollowUp:
		if fl := v.focused(); fl != nil && fl.key == fFollowUp {
			return v.followUp()
		}
		return v.messageCommand(keyMsgOf(v.c.keys.Record))
	case tracker.StepVerify:
		a := tracker.CaseAction{Type: tracker.ActVerify, Text: f.value(fAnswer), Reference: f.value(fReference)}
		return v.do(a, v.c.tr.T("delivery status verified"))
	case tracker.StepSolve:
		s, err := v.buildSolution()
		if err != nil {
			v.say(v.c.tr.Err(err), true)
			return nil
		}
		return v.do(tracker.CaseAction{Type: tracker.ActSolve, Solution: &s}, v.c.tr.T("solution recorded: %s", s.String()))
	}
	return nil
}

// keyMsgOf is a press of b's first key, to reuse a command's handling.
func keyMsgOf(b key.Binding) tea.KeyPressMsg { return KeyPress(b.Keys()[0]) }

// buildSolution reads the chosen solution's fields. What the fields cannot
// say (an amount that is not a number) is refused here; what the workflow
// refuses (a tracking number that does not validate) comes back from it.
func (v *caseView) buildSolution() (tracker.Solution, error) {
	f := v.form()
	s := tracker.Solution{Type: v.solution()}
	var err error
	num := func(key, what string) tracker.Money {
		raw := strings.TrimSpace(f.value(key))
		if raw == "" {
			return 0
		}
		x, e := tracker.ParseMoney(raw)
		if e != nil && err == nil {
			err = fmt.Errorf("%s %q: %v", what, raw, e)
		}
		return x
	}
	switch s.Type {
	case tracker.SolveNewETA:
		day, e := tracker.ParseDate(f.value(fETA), v.c.now)
		if e != nil {
			return s, fmt.Errorf("new ETA: %w", e)
		}
		s.ETA = day
	case tracker.SolveReissue:
		s.ReissueTrackingNo = number.Normalize(f.value(fNumber))
		s.ReissueCarrier = v.detected.Carrier
	case tracker.SolveRefund:
		s.Amount = num(fAmount, "refund")
		s.Currency = strings.ToUpper(f.value(fCurrency))
		s.Partial = f.get(fPartial).on
	case tracker.SolveCustoms:
		for _, d := range tracker.CustomsDocuments {
			if f.get(fDocPrefix + d).on {
				s.Documents = append(s.Documents, d)
			}
		}
		s.Duties = tracker.Duties(f.value(fDuties))
		s.Amount = num(fAmount, "duties total")
		s.Currency = strings.ToUpper(f.value(fCurrency))
		s.SellerShare = num(fShare, "seller's share")
	case tracker.SolveRedeliver:
		s.Address, s.Phone = f.value(fAddress), f.value(fPhone)
	case tracker.SolveClaim:
		s.Evidence = tracker.SplitList(f.value(fEvidence))
		s.Amount = num(fAmount, "claim")
		s.Currency = strings.ToUpper(f.value(fCurrency))
		s.Reference = f.value(fReference)
	}
	return s, err
}

// closeWith closes the case (x, then the close prompt).
func (v *caseView) closeWith(resolution string, cause tracker.RootCause) tea.Cmd {
	return v.do(tracker.CaseAction{Type: tracker.ActClose, Text: resolution, RootCause: cause}, v.c.tr.T("case closed"))
}

// do runs one action through the workflow, off the event loop.
func (v *caseView) do(a tracker.CaseAction, done string) tea.Cmd {
	return v.run("", func(context.Context) (string, error) { return done, nil }, &a)
}

// run does first (an email, or nothing), then the action, in one Cmd; a
// hub notice tells every session (this one too) to read the shipment again.
func (v *caseView) run(busy string, first func(context.Context) (string, error), a *tracker.CaseAction) tea.Cmd {
	if v.actReq != 0 {
		v.say(v.c.tr.T("still working on the last action…"), true)
		return nil
	}
	v.seq++
	req := v.seq
	v.actReq = req
	if busy != "" {
		v.say(busy, false)
	}
	ctx, svc, id, actor, ship, tr := v.c.ctx, v.c.svc, v.id, v.c.actor, v.row.ShipmentID, v.c.tr
	act := *a
	return func() tea.Msg {
		done, err := first(ctx)
		if err != nil {
			return caseDoneMsg{req: req, id: id, err: err}
		}
		res, err := svc.DoCase(ctx, actor, id, act)
		if err != nil {
			return caseDoneMsg{req: req, id: id, err: err}
		}
		if r := res.Effects.Reissue; r != nil {
			done += tr.T("; parcel %s added to the order", r.TrackingNo)
		}
		return caseDoneMsg{req: req, id: id, done: done, ship: ship}
	}
}

func (v *caseView) onDone(msg caseDoneMsg) tea.Cmd {
	if msg.req != v.actReq {
		return nil
	}
	v.actReq = 0
	switch {
	case errors.Is(msg.err, tracker.ErrCaseChanged):
		v.say(v.c.tr.T("reloaded: someone else changed this case"), true)
	case msg.err != nil:
		v.say(refusal(v.c.tr, msg.err, v.id), true)
		return nil
	default:
		v.say(msg.done, false)
	}
	return v.load()
}

// refusal is an error as the person needs it, in the session's language:
// without the "case 12: " (tracker.WrapCase) every error of this view
// would start with.
func refusal(tr *i18n.Printer, err error, id int64) string {
	var w *tracker.WrapError
	if errors.As(err, &w) && w.Format == tracker.WrapCase && len(w.Args) == 2 && w.Args[0] == id {
		if cause, ok := w.Args[1].(error); ok && w.Error() == err.Error() {
			return errorText(tr, cause)
		}
	}
	return strings.TrimPrefix(errorText(tr, err), "case "+strconv.FormatInt(id, 10)+": ")
}

// refresh checks the parcel now (r in step 2) and reads the case again.
func (v *caseView) refresh() tea.Cmd {
	ref := v.c.refresher
	if ref == nil {
		v.say(v.c.tr.T("the refresher is off: no check now"), true)
		return nil
	}
	v.seq++
	req := v.seq
	v.refreshReq = req
	v.say(v.c.tr.T("checking %s with the carrier…", v.row.TrackingNo), false)
	ctx, id, ship := v.c.ctx, v.id, v.row.ShipmentID
	return func() tea.Msg {
		sum, err := ref.RefreshNow(ctx, ship)
		return caseRefreshMsg{req: req, id: id, summary: sum, err: err}
	}
}

func (v *caseView) onRefresh(msg caseRefreshMsg) tea.Cmd {
	if msg.req != v.refreshReq {
		return nil
	}
	v.refreshReq = 0
	switch {
	case msg.err != nil:
		v.say(v.c.tr.T("refresh: %s", errorText(v.c.tr, msg.err)), true)
		return nil
	case msg.summary.Failures > 0:
		v.say(v.c.tr.T("refresh: the carrier reported a failure"), true)
	default:
		v.say(v.c.tr.T("checked now: %d new events", msg.summary.NewEvents), false)
	}
	return v.load()
}

// quietDays is how long the parcel has had no news.
func (v *caseView) quietDays() int {
	t := v.ship.LastEventAt
	if t.IsZero() {
		t = v.ship.ShippedAt
	}
	if t.IsZero() || v.c.now.Before(t) {
		return 0
	}
	return int(v.c.now.Sub(t) / (24 * time.Hour))
}

// proposeInvestigation: no news for a week, a kind that means none, or a
// carrier problem, where the carrier alone knows what happened.
func (v *caseView) proposeInvestigation() bool {
	switch v.row.Kind {
	case tracker.ExStale, tracker.ExLost, tracker.ExCarrierProblem:
		return true
	}
	return v.quietDays() >= staleDays
}
