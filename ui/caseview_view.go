package ui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/ui/i18n"
)

// caseLabelW is the width of a field's label in the work area.
const caseLabelW = 17

// View renders the case as exactly height lines of width cells.
func (v *caseView) View() []string {
	st, tr := v.c.styles, v.c.tr
	w, h := v.width, v.height
	inner := max(1, w-2)
	title := tr.T("Case %d", v.id)
	if !v.loaded {
		body := []string{st.Empty.Render(tr.T("loading the case…"))}
		if v.err != nil {
			body = []string{st.Error.Render(Sanitize(v.err.Error())), st.Dim.Render(tr.T("esc: back to the panes"))}
		}
		return st.pane(title, "", body, w, h, true)
	}
	r := v.row
	title += " · " + r.OrderNo + " · " + kindWord(r.Kind, tr)
	info := caseStateWord(r.State, tr)
	body := make([]string, 0, h)
	body = append(body, v.headerLine(inner), v.stepsLine(inner), v.resultLine(inner))
	doc, _, _ := v.docLines(inner)
	rows := v.docRows()
	top := clampInt(v.top, 0, max(0, len(doc)-rows))
	end := min(len(doc), top+rows)
	body = append(body, doc[top:end]...)
	if len(doc) > rows {
		// Where the view is, and that there is more below.
		info += " · " + strconv.Itoa(top+1) + "-" + strconv.Itoa(end) + "/" + strconv.Itoa(len(doc))
		if end < len(doc) {
			info += " ↓"
		}
	}
	return st.pane(title, info, body, w, h, true)
}

// headerLine is the order, the parcel and the buyer.
func (v *caseView) headerLine(w int) string {
	st, tr := v.c.styles, v.c.tr
	r := v.row
	parcel := r.TrackingNo
	if parcel == "" {
		parcel = tr.T("no tracking number")
	}
	if r.Carrier != "" {
		parcel += " " + r.Carrier
	}
	if r.Destination != "" {
		parcel += " → " + r.Destination
	}
	s := st.Dim.Render(tr.T("Order ")) + r.OrderNo + st.Dim.Render(tr.T(" · parcel ")) + parcel
	if r.Buyer != "" {
		s += st.Dim.Render(tr.T(" · buyer ")) + r.Buyer
	}
	return cell(s, w)
}

// stepDone reports whether a step has what the next one needs (the
// follow-up step is done when the case is closed).
func (v *caseView) stepDone(s tracker.CaseStep) bool {
	r := v.row
	switch s {
	case tracker.StepReassure:
		return r.Reassured
	case tracker.StepVerify:
		return r.Verified
	case tracker.StepSolve:
		return r.Solution != nil
	case tracker.StepFollowUp:
		return r.State == tracker.CaseClosed
	}
	return false
}

// stepsLine is "✓1 reassure · ›2 verify · 3 solve · 4 follow up", the
// current step highlighted, and the case's state and follow-up on the right.
func (v *caseView) stepsLine(w int) string {
	st, tr := v.c.styles, v.c.tr
	r := v.row
	parts := make([]string, 0, 4)
	for i, s := range tracker.CaseSteps[:4] {
		label := strconv.Itoa(i+1) + " " + stepName(s, tr)
		switch {
		case s == r.Step:
			parts = append(parts, st.Selected.Render("›"+label+" "))
		case v.stepDone(s):
			parts = append(parts, st.OK.Render("✓"+label))
		default:
			parts = append(parts, st.Dim.Render(" "+label))
		}
	}
	left := strings.Join(parts, st.Dim.Render(" · "))
	var right string
	switch {
	case r.State == tracker.CaseClosed:
		right = st.Dim.Render(tr.T("closed %s", v.when(r.ClosedAt)))
	case r.FollowUpDue(v.c.now):
		right = st.Error.Render(tr.T("follow-up due"))
	case !r.FollowUpAt.IsZero():
		right = st.Dim.Render(tr.T("follow-up %s", weekdayDayIn(r.FollowUpAt, v.c.now.Location(), tr)))
	default:
		right = st.OK.Render(caseStateWord(tracker.CaseOpen, tr))
	}
	gap := w - widthOf(left) - widthOf(right)
	if gap < 1 {
		return cell(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}

func (v *caseView) when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(v.c.now.Location()).Format("2006-01-02 15:04")
}

func (v *caseView) resultLine(w int) string {
	st := v.c.styles
	switch {
	case v.result != "" && v.resultErr:
		return st.Error.Render(cell(v.result, w))
	case v.result != "":
		return st.OK.Render(cell(v.result, w))
	case v.detErr != nil:
		return st.Error.Render(cell(Sanitize(v.detErr.Error()), w))
	case v.err != nil:
		return st.Error.Render(cell(Sanitize(v.err.Error()), w))
	}
	return ""
}

// workLines collects the work area's lines and where the focused field is.
type workLines struct {
	lines   []string
	focusAt int // the focused field's first line, -1 when none
}

func (b *workLines) add(l ...string) { b.lines = append(b.lines, l...) }

// field adds field i of f.
func (b *workLines) field(v *caseView, f *form, i, w int) {
	if i == v.focus {
		b.focusAt = len(b.lines)
	}
	b.add(v.fieldLines(f, i, w)...)
}

// workArea is the current step's lines, and the line of the focused field.
func (v *caseView) workArea(w int) ([]string, int) {
	b := &workLines{focusAt: -1}
	switch {
	case v.row.State == tracker.CaseClosed:
		b.add(v.closedArea(w)...)
	case v.step == tracker.StepReassure:
		v.messageArea(b, w, v.c.tr.T("Message to the buyer"))
	case v.step == tracker.StepVerify:
		v.verifyArea(b, w)
	case v.step == tracker.StepSolve:
		v.solveArea(b, w)
	case v.step == tracker.StepFollowUp:
		b.add(v.labelled("Solution", v.solutionText(), w))
		b.field(v, v.form(), 0, w)
		v.messageArea(b, w, v.c.tr.T("Update to the buyer"))
	}
	return b.lines, b.focusAt
}

// labelled is "Label          value" in the work area's columns.
func (v *caseView) labelled(label, value string, w int) string {
	return cell(v.c.styles.Dim.Render(cell(v.c.tr.Word(label), caseLabelW))+value, w)
}

// messageArea is the language and recipient, the subject, and the body.
func (v *caseView) messageArea(b *workLines, w int, title string) {
	st, tr := v.c.styles, v.c.tr
	f := v.form()
	if f == nil {
		return
	}
	line := st.PaneTitleOn.Render(title) + st.Dim.Render(tr.T(" in ")) + v.lang
	switch {
	case v.canEmail():
		line += st.Dim.Render(tr.T(" · to ")) + v.order.Email
	case v.deps.sendEmail != nil:
		line += st.Dim.Render(tr.T(" · no email address on the order"))
	}
	if v.via == viaClipboard {
		line += st.OK.Render(tr.T(" · copied"))
	}
	b.add(cell(line, w))
	for i, fl := range f.fields {
		if fl.key == fSubject || fl.key == fBody {
			b.field(v, f, i, w)
		}
	}
}

// fieldLines renders field i of f (a message body renders as many lines).
func (v *caseView) fieldLines(f *form, i int, w int) []string {
	st, tr := v.c.styles, v.c.tr
	fl := f.fields[i]
	on := i == v.focus
	label := func(s string) string {
		s = tr.Word(s)
		if on {
			return st.PaneTitleOn.Render(cell("›"+s, caseLabelW))
		}
		return st.Dim.Render(cell(" "+s, caseLabelW))
	}
	switch fl.kind {
	case fieldText:
		return []string{label(fl.label) + fl.edit.view(max(1, w-caseLabelW), st, on)}
	case fieldCheck:
		box := "[ ] "
		if fl.on {
			box = "[x] "
		}
		text := box + tr.Word(fl.label)
		if on {
			text = st.Selected.Render(text)
		}
		return []string{cell(label("")+text, w)}
	case fieldChoice:
		val := tr.WordOr("choice:"+fl.choices[fl.choice], fl.choices[fl.choice])
		if on {
			val = st.Selected.Render("‹ " + val + " ›")
		}
		return []string{cell(label(fl.label)+val, w)}
	case fieldArea:
		if !on {
			// Read, not edited: the whole message, the link and the
			// sign-off too; the view scrolls to them.
			return wrapMessage(fl.area.Value(), w)
		}
		lines := strings.Split(strings.TrimRight(fl.area.View(), "\n"), "\n")
		for j := range lines {
			lines[j] = cell(lines[j], w)
		}
		return lines
	}
	return nil
}

// verifyArea is the parcel as the carrier last reported it, the proposal
// of an investigation, and the fields for the carrier's answer.
func (v *caseView) verifyArea(b *workLines, w int) {
	st, tr := v.c.styles, v.c.tr
	s := v.ship
	status := tr.T("unknown")
	if s.Status != "" {
		status = st.StatusStyle(s.Status).Render(statusLabel(s.Status, tr))
	}
	last := s.LastEventAt
	switch {
	case last.IsZero():
		status += st.Dim.Render(" · " + tr.T("no news from the carrier yet"))
	case tr.Lang() != i18n.En && v.c.now.Sub(last) < time.Minute:
		status += st.Dim.Render(" · " + tr.T("last news now"))
	default:
		status += st.Dim.Render(" · " + tr.T("last news %s ago", sinceIn(v.c.now, last, tr)))
	}
	out := []string{v.labelled("Parcel", status, w)}
	if v.hasEv {
		e := v.last
		text := dayIn(e.Time, v.c.now.Location(), tr) + " " + e.Time.In(v.c.now.Location()).Format("15:04")
		if e.Location != "" {
			text += " " + e.Location
		}
		if e.Description != "" {
			text += " · " + e.Description
		}
		out = append(out, v.labelled("Last event", text, w))
	} else {
		out = append(out, v.labelled("Last event", st.Dim.Render(tr.T("none yet")), w))
	}
	eta := st.Dim.Render(tr.T("none from the carrier"))
	if !s.ETA.IsZero() {
		eta = s.ETA.In(v.c.now.Location()).Format("2006-01-02")
	}
	out = append(out, v.labelled("Carrier ETA", eta, w))
	switch {
	case v.row.InvestigationRequested:
		text := tr.T("requested")
		if v.row.Reference != "" {
			text += " · " + tr.T("ref %s", v.row.Reference)
		}
		out = append(out, v.labelled("Investigation", st.OK.Render(text), w))
	case v.proposeInvestigation():
		why := tr.T("no news for %d days", v.quietDays())
		if v.quietDays() < staleDays {
			why = tr.T("a %s parcel", kindWord(v.row.Kind, tr))
		}
		out = append(out, v.labelled("Investigation", st.TooSmall.Render(tr.T("%s: i requests a logistics investigation", why)), w))
	default:
		out = append(out, "")
	}
	b.add(out...)
	f := v.form()
	for i := range f.fields {
		b.field(v, f, i, w)
	}
}

// solveArea is the solutions that fit the kind, and the chosen one's
// fields with what they check as they are typed.
func (v *caseView) solveArea(b *workLines, w int) {
	st, tr := v.c.styles, v.c.tr
	sols := v.solutions()
	parts := make([]string, len(sols))
	for i, s := range sols {
		label := strconv.Itoa(i+1) + " " + solutionWord(s, tr)
		if i == v.sol {
			parts[i] = st.Selected.Render("›" + label + " ")
		} else {
			parts[i] = " " + label
		}
	}
	b.add(v.labelled("Solution", strings.Join(parts, " "), w))
	f := v.form()
	if f == nil {
		return
	}
	for i := range f.fields {
		b.field(v, f, i, w)
		switch f.fields[i].key {
		case fNumber:
			b.add(v.detectionLines(w)...)
		case fETA:
			if e := v.eta; e != nil {
				loc := v.c.now.Location()
				if e.Source == tracker.ETAFromHistory {
					b.add(v.labelled("", st.Dim.Render(tr.T("suggested: 9 in 10 by %s, likely %s",
						e.To.In(loc).Format("2006-01-02"), e.Date.In(loc).Format("2006-01-02"))), w))
				}
				b.add(v.labelled("", st.Dim.Render(tr.T("from %s", etaBasisIn(*e, tr))), w))
			}
		case fEvidence:
			if len(v.missing) > 0 {
				b.add(v.labelled("", st.TooSmall.Render(tr.T("not found: %s", strings.Join(v.missing, ", "))), w))
			}
		}
	}
	if len(f.fields) == 0 {
		b.add(v.labelled("", st.Dim.Render(tr.T("nothing more to fill in: enter records it")), w))
	}
	if s := v.row.Solution; s != nil {
		b.add(v.labelled("Recorded", s.String(), w))
	}
}

// detectionLines say what the reissue number is, live.
func (v *caseView) detectionLines(w int) []string {
	st, tr := v.c.styles, v.c.tr
	d := v.detected
	if d.Number == "" {
		return []string{v.labelled("", st.Dim.Render(tr.T("type the new parcel's tracking number")), w)}
	}
	var line string
	if d.Valid {
		name := number.CarrierName(d.Carrier)
		if name == "" {
			name = d.Carrier
		}
		line = st.OK.Render(tr.T("✓ valid"))
		if name != "" {
			line += " · " + Sanitize(name)
		}
		if d.Note != "" {
			line += st.Dim.Render(" · " + Sanitize(d.Note))
		}
	} else {
		note := d.Note
		if note == "" {
			note = tr.T("not a tracking number we recognize")
		}
		line = st.Error.Render("✗ " + Sanitize(note))
	}
	out := []string{v.labelled("", line, w)}
	if len(d.Suggestions) > 0 {
		out = append(out, v.labelled("", st.Dim.Render(tr.T("did you mean "))+Sanitize(strings.Join(d.Suggestions, ", ")), w))
	}
	return out
}

// closedArea is a closed case, read-only.
func (v *caseView) closedArea(w int) []string {
	st, tr := v.c.styles, v.c.tr
	r := v.row
	out := []string{
		v.labelled("Resolution", r.Resolution, w),
		v.labelled("Root cause", causeWord(r.RootCause, tr), w),
		v.labelled("Solution", v.solutionText(), w),
	}
	if r.CarrierAnswer != "" || r.Reference != "" {
		text := r.CarrierAnswer
		if r.Reference != "" {
			text += st.Dim.Render(tr.T(" · ref ")) + r.Reference
		}
		out = append(out, v.labelled("Carrier said", text, w))
	}
	out = append(out, "", st.Dim.Render(cell(tr.T("closed: o reopens it at the follow-up step"), w)))
	return out
}

func (v *caseView) solutionText() string {
	if v.row.Solution == nil {
		return v.c.styles.Dim.Render(v.c.tr.T("none yet"))
	}
	return v.solved
}

// solutionWords is a case's solution in the reader's language, as the
// case log says it ("重新派送，地址 …"); "" for none.
func solutionWords(s *tracker.Solution, tr *i18n.Printer) string {
	if s == nil {
		return ""
	}
	return Sanitize(tr.StoredCaseDetail(tracker.ActSolve, s.String()))
}

// solutionName is a solution type as a person reads it.
func solutionName(s tracker.SolutionType) string {
	switch s {
	case tracker.SolveNewETA:
		return "new ETA"
	case tracker.SolveNoneNeeded:
		return "none needed"
	}
	return string(s)
}

// logLines is the rule and the whole case log, oldest first: when, who,
// what, the what wrapped under its own column so none of it is cut.
func (v *caseView) logLines(w int) []string {
	st, tr := v.c.styles, v.c.tr
	title := " " + tr.T("Log · %d", len(v.log)) + " "
	out := []string{st.Dim.Render(cell("─"+title+strings.Repeat("─", max(0, w-widthOf(title)-1)), w))}
	const lead = 11 + 1 + 10 + 1 + 12 + 1 // time, actor, action
	for _, e := range v.log {
		at := e.At.In(v.c.now.Location()).Format("01-02 15:04")
		head := st.Dim.Render(at) + " " + cell(e.Actor, 10) + " " + st.PaneTitleOn.Render(cell(caseActionWord(e.Action, tr), 12)) + " "
		detail := wrapWords(e.Detail, max(10, w-lead))
		out = append(out, cell(head+detail[0], w))
		for _, d := range detail[1:] {
			out = append(out, cell(strings.Repeat(" ", lead)+d, w))
		}
	}
	return out
}

// ShortHelp implements help.KeyMap: the keys that work in this step now.
func (v *caseView) ShortHelp() []key.Binding {
	k := v.c.keys
	back := k.Back
	if !v.loaded || v.c.readOnly {
		return []key.Binding{back}
	}
	if fl := v.focused(); fl != nil {
		b := []key.Binding{k.Field, k.Leave}
		switch fl.kind {
		case fieldCheck, fieldChoice:
			b = append(b, withHelp(k.Toggle, map[fieldKind]string{fieldCheck: "tick", fieldChoice: "change"}[fl.kind]))
		}
		if fl.kind == fieldText {
			b = append(b, k.ClearField)
		}
		if fl.kind != fieldArea {
			b = append(b, v.submitHelp())
		}
		return b
	}
	if !v.open() {
		return []key.Binding{k.Reopen, back}
	}
	var b []key.Binding
	switch v.step {
	case tracker.StepReassure:
		b = v.messageHelp()
	case tracker.StepVerify:
		b = []key.Binding{enabledIf(withHelp(k.Refresh, "refresh now"), v.c.canRefresh()),
			k.Investigate, withHelp(k.Field, "fields"), v.submitHelp()}
	case tracker.StepSolve:
		b = []key.Binding{k.Choose, withHelp(k.Field, "fields"), v.submitHelp()}
	case tracker.StepFollowUp:
		// Closing is what this step leads to: it comes before the
		// message's keys, which a narrow help line leaves out first.
		b = append([]key.Binding{k.FollowUp, enabledIf(k.CloseCase, v.canClose())}, v.messageHelp()...)
	}
	return append(b, back)
}

func (v *caseView) messageHelp() []key.Binding {
	k := v.c.keys
	record := k.Record
	if v.step == tracker.StepFollowUp {
		record = withHelp(k.Record, "record update sent")
	}
	return []key.Binding{withHelp(k.Edit, "edit"), k.Language, k.Copy, enabledIf(k.Email, v.canEmail()), record}
}

func (v *caseView) submitHelp() key.Binding {
	k := v.c.keys
	switch v.step {
	case tracker.StepReassure:
		return withHelp(k.Submit, "record sent")
	case tracker.StepVerify:
		return withHelp(k.Submit, "record verified")
	case tracker.StepSolve:
		return withHelp(k.Submit, "record solution")
	case tracker.StepFollowUp:
		if fl := v.focused(); fl != nil && fl.key == fFollowUp {
			return withHelp(k.Submit, "set follow-up")
		}
		return withHelp(k.Submit, "record update sent")
	}
	return k.Submit
}

// FullHelp implements help.KeyMap.
func (v *caseView) FullHelp() [][]key.Binding {
	k := v.c.keys
	cols := [][]key.Binding{v.ShortHelp(), v.scrollHelp()}
	if fl := v.focused(); fl != nil && !v.c.readOnly {
		b := []key.Binding{withHelp(k.FieldPrev, "prev field")}
		switch fl.kind {
		case fieldCheck, fieldChoice:
			b = append(b, withHelp(k.Down, "next field"), withHelp(k.Up, "prev field"))
		}
		if fl.kind == fieldChoice {
			b = append(b, key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("← →", "change")))
		}
		cols = append(cols, b)
	}
	if v.loaded && v.focused() == nil && !v.c.readOnly {
		cols = append(cols, []key.Binding{enabledIf(k.Bundle, v.c.importOn)})
	}
	if v.open() && v.focused() == nil && !v.c.readOnly {
		n := v.row.Step.Number()
		cols = append(cols, []key.Binding{
			enabledIf(k.PrevStep, n > 1), enabledIf(k.NextStep, n < 4 && v.stepDone(v.row.Step)),
			enabledIf(k.CloseCase, v.canClose()), withHelp(k.Field, "next field"), withHelp(k.FieldPrev, "prev field"),
			enabledIf(withHelp(k.Edit, "edit the first field"), v.editTarget() >= 0 && (v.step == tracker.StepVerify || v.step == tracker.StepSolve)),
		})
		if v.step == tracker.StepSolve {
			cols = append(cols, []key.Binding{withHelp(moveHelp(k), "solution")})
		}
	}
	return cols
}
