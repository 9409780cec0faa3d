package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/tracker/templates"
)

func mustTemplates(t testing.TB) *templates.Set {
	t.Helper()
	set, err := templates.New("")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// mailer records SendBuyerEmail calls.
type mailer struct {
	mu    sync.Mutex
	calls []mail
	err   error
}

type mail struct{ to, subject, body string }

func (m *mailer) send(ctx context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, mail{to, subject, body})
	return m.err
}

func (m *mailer) sent() []mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.calls)
}

// caseSession is a session over the triage fake with a case store and the
// built-in templates; tweak adjusts the options.
func caseSession(t *testing.T, tweak func(*Options)) (*harness, *fakeReader, *fakeCases) {
	t.Helper()
	f := triageFake()
	fc := newFakeCases(f)
	opts := Options{Reader: f, ETA: f, Templates: mustTemplates(t), Actor: tracker.Actor{Name: "agent-7"}, Seller: "Acme Shop"}
	if tweak != nil {
		tweak(&opts)
	}
	return newHarness(t, opts, 100, 30), f, fc
}

// openLost opens a case on the worst exception of the queue: the lost
// parcel of shipment 47.
func openLost(t *testing.T, h *harness, fc *fakeCases) tracker.Case {
	t.Helper()
	toQueue(h)
	h.press("c")
	c, _, ok := fc.only()
	if !ok {
		t.Fatalf("c on the queue opened no case:\n%s", screen(h))
	}
	if h.app.caseView == nil || !h.app.caseView.loaded {
		t.Fatalf("no case view after c:\n%s", screen(h))
	}
	return c
}

func lastEntry(t *testing.T, fc *fakeCases, id int64) tracker.CaseEntry {
	t.Helper()
	_, log := fc.get(id)
	if len(log) == 0 {
		t.Fatal("empty case log")
	}
	return log[len(log)-1]
}

func wantOnScreen(t *testing.T, h *harness, wants ...string) {
	t.Helper()
	out := screen(h)
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("screen lacks %q:\n%s", w, out)
		}
	}
}

func TestCaseKeyOpensCaseOfTheException(t *testing.T) {
	h, f, fc := caseSession(t, nil)
	c := openLost(t, h, fc)
	x := f.exceptions[0]
	if c.Kind != tracker.ExLost || c.ExceptionID != x.ID || c.ShipmentID != x.ShipmentID || c.OrderID != x.OrderID ||
		c.OpenedBy != "agent-7" || c.Step != tracker.StepReassure || c.Language != templates.LanguageFor(x.Destination) {
		t.Errorf("opened %+v from %+v", c, x)
	}
	wantOnScreen(t, h, "Case 1 · WB-00047 · lost", "›1 reassure", "2 verify", "3 solve", "4 follow up",
		"Order WB-00047", "Buyer 47", "Log · 1", "agent-7", "open", "case opened on WB-00047")

	// Back to the panes: the case stays at its step and the panes say so.
	h.press("esc")
	if h.app.caseView != nil {
		t.Fatal("esc did not leave the case")
	}
	wantOnScreen(t, h, "case 1/4 reassure")
	// c again resumes the same case rather than opening another.
	h.press("c")
	if len(fc.cases) != 1 || h.app.caseView == nil || h.app.caseView.id != c.ID {
		t.Fatalf("c on an exception with a case: %d cases, view %+v", len(fc.cases), h.app.caseView)
	}
	h.press("q")
	if h.quit || h.app.caseView != nil {
		t.Fatalf("q in a case should go back to the panes, not quit")
	}
	// Enter on a row with a case opens it too.
	h.press("enter")
	if h.app.caseView == nil || h.app.caseView.id != c.ID {
		t.Fatal("enter on a row with a case did not open it")
	}
}

func TestCaseFromOrderAsksTheKind(t *testing.T) {
	h, f, fc := caseSession(t, nil)
	// The orders list: the first row (50) has no exception; row 4 (47)
	// has stale and lost.
	h.press("c")
	p, ok := h.app.prompt.(*kindPrompt)
	if !ok {
		t.Fatalf("c on an order without a case: prompt %T\n%s", h.app.prompt, screen(h))
	}
	if p.kinds[p.sel] != tracker.ExOverdue {
		t.Errorf("default kind without exceptions: %s, want overdue", p.kinds[p.sel])
	}
	h.press("esc")
	if len(fc.cases) != 0 {
		t.Fatal("esc opened a case")
	}
	h.press("j", "j", "j", "c")
	wantOnScreen(t, h, "Open a case on WB-00047", "lost  (open exception)")
	p = h.app.prompt.(*kindPrompt)
	if p.kinds[p.sel] != tracker.ExLost {
		t.Errorf("default kind: %s, want the worst open exception, lost", p.kinds[p.sel])
	}
	h.press("j", "enter")
	c, _, ok := fc.only()
	if !ok || c.Kind != tracker.ExStale || c.ShipmentID != 47 || c.ExceptionID != 0 {
		t.Fatalf("case opened: %+v", c)
	}
	if h.app.caseView == nil {
		t.Fatal("no case view")
	}
	h.press("esc")
	wantOnScreen(t, h, "case 1/4 reassure")
	if r, _ := h.app.orders.Selected(); r.CaseStep != tracker.StepReassure {
		t.Errorf("orders row: %+v", r)
	}
	_ = f
	// c on the row now resumes the case (enter opens the order).
	wantOnScreen(t, h, "c case")
	h.press("c")
	if h.app.caseView == nil || h.app.caseView.id != c.ID {
		t.Fatal("c on an order with a case did not resume it")
	}
}

func TestCaseNeedsACaseStore(t *testing.T) {
	h := newHarness(t, Options{Reader: noService{triageFake()}}, 100, 30)
	if out := screen(h); strings.Contains(out, "c case") {
		t.Errorf("help offers c without a case store:\n%s", out)
	}
	toQueue(h)
	h.press("c")
	if h.app.caseView != nil || h.app.prompt != nil {
		t.Fatal("c without a case store opened something")
	}
	wantOnScreen(t, h, "cannot keep complaint cases")
}

func TestCaseLookupErrorIsShown(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	fc.failCases = errString("database is locked")
	toQueue(h)
	h.press("c")
	wantOnScreen(t, h, "database is locked")
	if h.app.caseView != nil {
		t.Fatal("a case view after a failed look-up")
	}
}

func TestReassureRendersTheTemplateAndCyclesLanguages(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := openLost(t, h, fc)
	v := h.app.caseView
	set := mustTemplates(t)
	want, err := set.Compose("reassure", templates.FactsOf(v.facts, "Acme Shop", ""), c.Language)
	if err != nil {
		t.Fatal(err)
	}
	subject, body := v.message()
	if subject != want.Subject || body != want.Body {
		t.Errorf("message\n%q\n%q\nwant\n%q\n%q", subject, body, want.Subject, want.Body)
	}
	if !strings.Contains(body, "Buyer 47") || !strings.Contains(body, "WB-00047") || !strings.Contains(body, "LP000000047CN") ||
		!strings.Contains(body, "Acme Shop") {
		t.Errorf("the message is not filled from the order:\n%s", body)
	}
	// The buyer's country's language (order 47 goes to JP: Japanese).
	if c.Language != templates.LanguageFor("JP") {
		t.Errorf("case language %q, want the buyer's country's %q", c.Language, templates.LanguageFor("JP"))
	}
	wantOnScreen(t, h, "Message to the buyer in "+c.Language, want.Subject)

	// L goes to the next language, and around all of them back to the first.
	langs := set.Languages()
	next := langs[(slices.Index(langs, c.Language)+1)%len(langs)]
	h.press("L")
	if v.lang != next {
		t.Fatalf("L: language %q, want %q", v.lang, next)
	}
	nm, _ := set.Compose("reassure", templates.FactsOf(v.facts, "Acme Shop", ""), next)
	if s, _ := v.message(); s != nm.Subject {
		t.Errorf("after L the subject is %q, want %q", s, nm.Subject)
	}
	wantOnScreen(t, h, "Message to the buyer in "+next)
	for range langs[1:] {
		h.press("L")
	}
	if v.lang != c.Language {
		t.Errorf("L around every language ends at %q, want %q", v.lang, c.Language)
	}
}

// clipboardOf runs cmd and returns the text of the OSC 52 clipboard write
// it asks Bubble Tea for ("" when there is none).
func clipboardOf(t *testing.T, cmd tea.Cmd) string {
	t.Helper()
	if cmd == nil {
		return ""
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if s := clipboardOf(t, c); s != "" {
				return s
			}
		}
		return ""
	}
	// tea.SetClipboard's message type is unexported; the program turns it
	// into an OSC 52 sequence.
	if fmt.Sprintf("%T", msg) == "tea.setClipboardMsg" {
		return reflect.ValueOf(msg).String()
	}
	return ""
}

func TestCopyUsesOSC52AndIsRecordedAsClipboard(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := openLost(t, h, fc)
	subject, body := h.app.caseView.message()
	_, cmd := h.app.Update(KeyPress("y"))
	got := clipboardOf(t, cmd)
	if got != subject+"\n\n"+body {
		t.Fatalf("clipboard %q, want subject and body", got)
	}
	// The copy says how much went and by what, in the case and in the
	// status bar: the terminal may ignore OSC 52, and a person must be
	// able to tell an empty paste from a copy that never happened.
	n := strconv.Itoa(utf8.RuneCountInString(got))
	wantOnScreen(t, h, "copied "+n+" characters via OSC 52 (some terminals ignore it)", "· copied")
	lines := strings.Split(screen(h), "\n")
	if status := lines[len(lines)-2]; !strings.HasPrefix(status, "copied "+n+" characters via OSC 52 ") {
		t.Errorf("the status bar says %q", status)
	}
	h.press("enter")
	e := lastEntry(t, fc, c.ID)
	if e.Action != tracker.ActReassure || e.Actor != "agent-7" || !strings.HasPrefix(e.Detail, "(clipboard) "+subject) {
		t.Errorf("log entry %+v", e)
	}
	got2, _ := fc.get(c.ID)
	if got2.Step != tracker.StepVerify || !got2.Reassured {
		t.Errorf("after recording: %+v", got2)
	}
	wantOnScreen(t, h, "reassurance recorded as sent (clipboard)", "✓1 reassure", "›2 verify", "Log · 2")
}

func TestEditedMessageIsRecordedAsTyped(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := openLost(t, h, fc)
	h.press("y") // copied: an edit afterwards makes it another message
	h.press("e")
	if !h.app.caseView.typing() {
		t.Fatal("e did not start editing the message")
	}
	wantOnScreen(t, h, "esc leave field")
	h.press("ctrl+u") // the textarea deletes to the start of the line
	h.typeText("PS: we are on it. q")
	if h.app.caseView == nil || h.quit {
		t.Fatal("q typed in the message left the case")
	}
	h.press("esc", "s")
	e := lastEntry(t, fc, c.ID)
	if e.Action != tracker.ActReassure || !strings.HasPrefix(e.Detail, "(manual) ") || !strings.Contains(e.Detail, "PS: we are on it. q") {
		t.Errorf("log entry %+v", e)
	}
}

func TestEmailIsHiddenWithoutSMTP(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := openLost(t, h, fc)
	if out := screen(h); strings.Contains(out, "m email") || strings.Contains(out, "to buyer") {
		t.Errorf("email offered without SMTP:\n%s", out)
	}
	h.press("m")
	if _, log := fc.get(c.ID); len(log) != 1 {
		t.Errorf("m without SMTP changed the case: %+v", log)
	}
}

func TestEmailGoesToTheBuyerAndIsRecorded(t *testing.T) {
	ml := &mailer{}
	h, _, fc := caseSession(t, func(o *Options) { o.SendBuyerEmail = ml.send })
	c := openLost(t, h, fc)
	wantOnScreen(t, h, "m email buyer", "to buyer47@example.com")
	subject, body := h.app.caseView.message()
	h.press("m")
	sent := ml.sent()
	if len(sent) != 1 || sent[0] != (mail{"buyer47@example.com", subject, body}) {
		t.Fatalf("emails %+v", sent)
	}
	e := lastEntry(t, fc, c.ID)
	if e.Action != tracker.ActReassure || !strings.HasPrefix(e.Detail, "(email) ") {
		t.Errorf("log entry %+v", e)
	}
	wantOnScreen(t, h, "emailed to buyer47@example.com", "›2 verify")
}

func TestFailedEmailRecordsNothing(t *testing.T) {
	ml := &mailer{err: errString("535 authentication failed")}
	h, _, fc := caseSession(t, func(o *Options) { o.SendBuyerEmail = ml.send })
	c := openLost(t, h, fc)
	h.press("m")
	wantOnScreen(t, h, "email to buyer47@example.com: 535 authentication failed")
	if got, log := fc.get(c.ID); len(log) != 1 || got.Reassured {
		t.Errorf("a failed email was recorded: %+v", log)
	}
}

// toVerify opens the lost case and records the reassurance.
func toVerify(t *testing.T, h *harness, fc *fakeCases) tracker.Case {
	t.Helper()
	c := openLost(t, h, fc)
	h.press("enter")
	if got, _ := fc.get(c.ID); got.Step != tracker.StepVerify {
		t.Fatalf("not at verify: %+v\n%s", got, screen(h))
	}
	return c
}

func TestVerifyRefreshesInvestigatesAndRecords(t *testing.T) {
	ref := &fakeRefresher{sum: tracker.ApplySummary{Checked: 1, NewEvents: 2}}
	h, _, fc := caseSession(t, func(o *Options) { o.Refresher = ref })
	c := toVerify(t, h, fc)
	// A lost parcel: the view proposes an investigation.
	wantOnScreen(t, h, "Parcel", "Last event", "Arrived at sorting centre", "i requests a logistics investigation",
		"r refresh now", "i investigation")
	h.press("r")
	if got := ref.calls(); !slices.Equal(got, []int64{47}) {
		t.Errorf("refresh calls %v, want [47]", got)
	}
	wantOnScreen(t, h, "checked now: 2 new events")

	h.press("tab")
	h.typeText("lost at the hub, they say")
	h.press("tab")
	h.typeText("INV-123")
	h.press("esc", "i")
	e := lastEntry(t, fc, c.ID)
	if e.Action != tracker.ActInvestigate || !strings.Contains(e.Detail, "[ref INV-123]") {
		t.Errorf("investigate entry %+v", e)
	}
	wantOnScreen(t, h, "requested · ref INV-123")
	// The typed answer survives the reload after the action.
	h.press("enter")
	got, _ := fc.get(c.ID)
	if got.Step != tracker.StepSolve || got.CarrierAnswer != "lost at the hub, they say" || got.Reference != "INV-123" {
		t.Errorf("after verify: %+v", got)
	}
	wantOnScreen(t, h, "›3 solve", "1 reissue", "2 refund", "3 claim")
}

func TestRefreshNeedsTheRefresher(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	toVerify(t, h, fc)
	if out := screen(h); strings.Contains(out, "r refresh") {
		t.Errorf("help offers r without a refresher:\n%s", out)
	}
	h.press("r")
	wantOnScreen(t, h, "the refresher is off")
}

// toSolve takes the lost case to step 3.
func toSolve(t *testing.T, h *harness, fc *fakeCases) tracker.Case {
	t.Helper()
	c := toVerify(t, h, fc)
	h.press("enter")
	if got, _ := fc.get(c.ID); got.Step != tracker.StepSolve {
		t.Fatalf("not at solve: %+v\n%s", got, screen(h))
	}
	return c
}

func TestSolveReissueValidatesLiveAndShowsRefusals(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := toSolve(t, h, fc)
	wantOnScreen(t, h, "›1 reissue", "type the new parcel's tracking number")
	h.press("tab")
	h.typeText("RB123456786GB") // a wrong check digit
	wantOnScreen(t, h, "✗", "did you mean")
	h.press("enter")
	wantOnScreen(t, h, "solve at step solve: reissue tracking number")
	if got, _ := fc.get(c.ID); got.Solution != nil {
		t.Fatalf("a refused solution was stored: %+v", got.Solution)
	}
	for range "RB123456786GB" {
		h.press("backspace")
	}
	h.typeText("RB123456785GB")
	wantOnScreen(t, h, "✓ valid")
	h.press("enter")
	got, _ := fc.get(c.ID)
	if got.Step != tracker.StepFollowUp || got.Solution == nil || got.Solution.Type != tracker.SolveReissue ||
		got.Solution.ReissueTrackingNo != "RB123456785GB" {
		t.Fatalf("after solve: %+v %+v", got, got.Solution)
	}
	wantOnScreen(t, h, "solution recorded: reissue as RB123456785GB", "›4 follow up")
}

func TestSolveRefundByNumberKey(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := toSolve(t, h, fc)
	h.press("2")
	wantOnScreen(t, h, "›2 refund", "Amount", "Currency", "[ ] partial refund")
	h.press("tab")
	h.typeText("abc")
	h.press("enter")
	wantOnScreen(t, h, `refund "abc": not an amount`)
	h.press("backspace", "backspace", "backspace")
	// Cents at most: a third decimal is refused, not rounded away.
	h.typeText("12.555")
	h.press("enter")
	wantOnScreen(t, h, `refund "12.555": more than two decimals`)
	for range len("12.555") {
		h.press("backspace")
	}
	h.typeText("12,50")
	h.press("enter") // no currency: the workflow refuses
	wantOnScreen(t, h, "want an amount above 0 and a currency")
	h.press("tab")
	h.typeText("eur")
	h.press("tab", "space", "enter")
	got, _ := fc.get(c.ID)
	if s := got.Solution; s == nil || s.Type != tracker.SolveRefund || s.Amount != 1250 || s.Currency != "EUR" || !s.Partial {
		t.Fatalf("refund: %+v", got.Solution)
	}
}

func TestSolveClaimMarksMissingEvidence(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := toSolve(t, h, fc)
	dir := t.TempDir()
	photo := filepath.Join(dir, "box.jpg")
	if err := os.WriteFile(photo, []byte("jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.jpg")
	h.press("j", "j") // reissue → refund → claim
	wantOnScreen(t, h, "›3 claim", "Photos")
	h.press("tab")
	h.typeText(photo + ", " + missing)
	wantOnScreen(t, h, "not found: "+missing)
	if out := screen(h); strings.Contains(out, "not found: "+photo) {
		t.Errorf("an existing photo is marked missing:\n%s", out)
	}
	h.press("tab")
	h.typeText("30")
	h.press("tab")
	h.typeText("USD")
	h.press("enter")
	got, _ := fc.get(c.ID)
	if s := got.Solution; s == nil || s.Type != tracker.SolveClaim || !slices.Equal(s.Evidence, []string{photo, missing}) ||
		s.Reference != "" || s.Amount != 3000 {
		t.Fatalf("claim: %+v", got.Solution)
	}
}

func TestSolveCustomsChecklistAndDuties(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	toQueue(h)
	h.press("j", "j") // the customs hold
	if it, _ := h.app.exceptions.Selected(); it.Kind != tracker.ExCustoms {
		t.Fatalf("selected %s", it.Kind)
	}
	h.press("c", "enter", "enter")
	c, _, _ := fc.only()
	if got, _ := fc.get(c.ID); got.Step != tracker.StepSolve || got.Kind != tracker.ExCustoms {
		t.Fatalf("not at solve: %+v\n%s", got, screen(h))
	}
	wantOnScreen(t, h, "›1 customs", "[ ] commercial invoice", "[ ] packing list", "[ ] HS code", "[ ] certificates",
		"Duties paid by", "buyer")
	h.press("enter")
	wantOnScreen(t, h, "tick the documents supplied")
	// Tick invoice and HS code, share the duties 10 of 25 EUR.
	h.press("tab", "space", "tab", "tab", "space", "tab", "tab")
	if fl := h.app.caseView.focused(); fl == nil || fl.key != fDuties {
		t.Fatalf("focus on %+v", fl)
	}
	h.press("space", "space") // buyer → seller → shared
	wantOnScreen(t, h, "[x] commercial invoice", "[ ] packing list", "[x] HS code", "‹ shared ›", "space change")
	// esc leaves the field, not the case.
	h.press("esc")
	if v := h.app.caseView; v == nil || v.focus != -1 {
		t.Fatalf("esc on a choice: view %v", v)
	}
	h.press("tab", "tab", "tab", "tab", "tab", "tab") // to the duties total
	h.typeText("25")
	h.press("tab")
	h.typeText("EUR")
	h.press("tab")
	h.typeText("10")
	h.press("enter")
	got, _ := fc.get(c.ID)
	s := got.Solution
	if s == nil || s.Type != tracker.SolveCustoms || !slices.Equal(s.Documents, []string{"commercial invoice", "HS code"}) ||
		s.Duties != tracker.DutiesShared || s.Amount != 2500 || s.SellerShare != 1000 || s.Currency != "EUR" {
		t.Fatalf("customs: %+v", s)
	}
	wantOnScreen(t, h, "customs: commercial invoice, HS code; duties paid by shared")
}

func TestNewETAPrefillsTheCarriersETA(t *testing.T) {
	h, f, fc := caseSession(t, nil)
	eta := fixedNow.AddDate(0, 0, 5)
	f.etas = map[int64]time.Time{47: eta}
	c := toSolve(t, h, fc)
	setKind(t, h, fc, c.ID, tracker.ExStale) // new ETA is a stale parcel's first solution
	wantOnScreen(t, h, "›1 new ETA", eta.Format("2006-01-02"))
	h.press("enter")
	got, _ := fc.get(c.ID)
	if s := got.Solution; s == nil || s.Type != tracker.SolveNewETA || s.ETA.Format("2006-01-02") != eta.Format("2006-01-02") {
		t.Fatalf("new ETA: %+v", s)
	}
	// Without a carrier ETA the default is a week from today.
	h2, _, fc2 := caseSession(t, nil)
	c2 := toSolve(t, h2, fc2)
	setKind(t, h2, fc2, c2.ID, tracker.ExOverdue)
	wantOnScreen(t, h2, "›1 new ETA", fixedNow.AddDate(0, 0, 7).Format("2006-01-02"))
}

// toFollowUp takes the lost case through a reissue to step 4.
func toFollowUp(t *testing.T, h *harness, fc *fakeCases) tracker.Case {
	t.Helper()
	c := toSolve(t, h, fc)
	h.press("tab")
	h.typeText("RB123456785GB")
	h.press("enter")
	if got, _ := fc.get(c.ID); got.Step != tracker.StepFollowUp {
		t.Fatalf("not at follow up: %+v\n%s", got, screen(h))
	}
	return c
}

func TestFollowUpUpdateAndClose(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := toFollowUp(t, h, fc)
	next := fixedNow.AddDate(0, 0, 3).Format("2006-01-02")
	wantOnScreen(t, h, "Solution", "reissue as RB123456785GB", "Next follow-up", next, "Update to the buyer in "+c.Language,
		"f set follow-up", "x close case")
	// The update names the new parcel.
	if _, body := h.app.caseView.message(); !strings.Contains(body, "RB123456785GB") {
		t.Errorf("the update does not give the new number:\n%s", body)
	}
	h.press("f")
	got, _ := fc.get(c.ID)
	if want := time.Date(2025, 6, 4, 0, 0, 0, 0, time.UTC); !got.FollowUpAt.Equal(want) {
		t.Errorf("follow-up at %v, want %v", got.FollowUpAt, want)
	}
	wantOnScreen(t, h, "next follow-up Wed 2025-06-04", "follow-up Wed 06-04")
	// Now the update says when we write again.
	if _, body := h.app.caseView.message(); !strings.Contains(body, templates.FormatDate(time.Date(2025, 6, 4, 0, 0, 0, 0, time.UTC), c.Language)) {
		t.Errorf("the update does not give the next follow-up:\n%s", body)
	}
	h.press("y", "s")
	e := lastEntry(t, fc, c.ID)
	if e.Action != tracker.ActUpdateBuyer || !strings.HasPrefix(e.Detail, "(clipboard) ") {
		t.Errorf("update entry %+v", e)
	}

	h.press("x")
	if _, ok := h.app.prompt.(*closePrompt); !ok {
		t.Fatalf("x: prompt %T", h.app.prompt)
	}
	h.press("enter")
	wantOnScreen(t, h, "say how it was resolved")
	h.typeText("replacement delivered")
	h.press("tab", "j", "j", "j") // carrier → packaging → address → customs documents
	h.press("enter")
	got, log := fc.get(c.ID)
	if got.State != tracker.CaseClosed || got.Resolution != "replacement delivered" || got.RootCause != tracker.CauseCustoms {
		t.Fatalf("closed: %+v", got)
	}
	wantOnScreen(t, h, "case closed", "Resolution", "replacement delivered", "customs documents", "o reopen")
	if e := log[len(log)-1]; e.Action != tracker.ActClose || e.Actor != "agent-7" {
		t.Errorf("close entry %+v", e)
	}
	// Closed: read-only; keys of the steps do nothing, o reopens.
	h.press("e", "tab", "enter")
	if _, log2 := fc.get(c.ID); len(log2) != len(log) {
		t.Errorf("keys changed a closed case: %+v", log2[len(log):])
	}
	h.press("o")
	if got, _ := fc.get(c.ID); got.State != tracker.CaseOpen || got.Step != tracker.StepFollowUp {
		t.Errorf("after o: %+v", got)
	}
}

func TestStepBackAndOn(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := toVerify(t, h, fc)
	h.press("]")
	wantOnScreen(t, h, "go_to at step verify: step solve needs step verify done first")
	h.press("[")
	if got, _ := fc.get(c.ID); got.Step != tracker.StepReassure {
		t.Fatalf("[: %+v", got)
	}
	h.press("]")
	if got, _ := fc.get(c.ID); got.Step != tracker.StepVerify {
		t.Fatalf("]: %+v", got)
	}
}

func TestChangedCaseIsReloaded(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := openLost(t, h, fc)
	fc.mu.Lock()
	fc.changeNext = true
	fc.mu.Unlock()
	h.press("enter")
	wantOnScreen(t, h, "reloaded: someone else changed this case")
	if got, _ := fc.get(c.ID); got.Reassured {
		t.Error("the refused save went through")
	}
	h.press("enter")
	if got, _ := fc.get(c.ID); !got.Reassured {
		t.Error("the retry did not go through")
	}
}

// With a hub, an action reaches every session: the other one's panes show
// the new step.
func TestCaseNoticeReachesOtherSessions(t *testing.T) {
	f := triageFake()
	newFakeCases(f)
	hub := tracker.NewHub()
	set := mustTemplates(t)
	a := newHarness(t, Options{Reader: f, Templates: set, Hub: hub, Actor: tracker.Actor{Name: "ana"}}, 100, 30)
	b := newHarness(t, Options{Reader: f, Templates: set, Hub: hub, Actor: tracker.Actor{Name: "bob"}}, 100, 30)
	toQueue(a)
	a.press("c")
	b.awaitParked()
	if it, _ := b.app.exceptions.Selected(); it.CaseStep != tracker.StepReassure {
		t.Fatalf("the other session's queue: %+v", it)
	}
	a.awaitParked()
	a.press("enter") // reassured
	b.awaitParked()
	if it, _ := b.app.exceptions.Selected(); it.CaseStep != tracker.StepVerify {
		t.Errorf("after the reassurance the other session shows %q", it.CaseStep)
	}
	if !strings.Contains(screen(b), "case 2/4 verify") && !strings.Contains(screen(b), "[case 2/4 verify]") {
		t.Errorf("the other session's screen:\n%s", screen(b))
	}
}

func TestFollowUpDueRisesAndIsMarked(t *testing.T) {
	f := triageFake()
	f.exceptions[3].FollowUpDue = true // a stale one, low in the queue
	f.exceptions[3].CaseID, f.exceptions[3].CaseStep = 9, tracker.StepFollowUp
	for _, size := range [][2]int{{100, 30}, {160, 50}} {
		h := newHarness(t, Options{Reader: f}, size[0], size[1])
		if ids := queueIDs(h); ids[0] != f.exceptions[3].ID {
			t.Errorf("%v: queue %v, the due follow-up is not first", size, ids)
		}
		wantOnScreen(t, h, "follow-up due")
	}
}

func TestCaseStepShowsInThePanes(t *testing.T) {
	f := triageFake()
	f.rows[0].CaseStep = tracker.StepSolve
	f.exceptions[0].CaseID, f.exceptions[0].CaseStep = 3, tracker.StepVerify
	h := newHarness(t, Options{Reader: f}, 220, 50)
	wantOnScreen(t, h, "case 3/4 solve", "case 2/4 verify")
	// In a narrow column the step's number stands for it; the queue's line
	// under the rows names the selected row's step.
	n := newHarness(t, Options{Reader: f}, 100, 30)
	wantOnScreen(t, n, "case 3/4", "[case 2/4 verify]")
}

func TestCaseHelpIsTrue(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	openLost(t, h, fc)
	wantOnScreen(t, h, "e edit", "L language", "y copy", "enter record sent", "esc back", "? help")
	h.press("?")
	out := squash(screen(h))
	// The full help gives every key of each action.
	for _, w := range []string{"ctrl+c quit", "S-tab prev field", "enter/s record sent", "esc/q back", "?/f1 help"} {
		if !strings.Contains(out, w) {
			t.Errorf("full help lacks %q:\n%s", w, out)
		}
	}
	// Nothing to go back to, nothing done to go on from, nothing to close.
	for _, w := range []string{"[ step back", "] step on", "x close case"} {
		if strings.Contains(out, w) {
			t.Errorf("full help at step 1 offers %q:\n%s", w, out)
		}
	}
	h.press("?", "enter", "[", "?") // reassured, back at step 1: ] goes on again
	out = squash(screen(h))
	if !strings.Contains(out, "] step on") {
		t.Errorf("full help after the reassurance lacks ]:\n%s", out)
	}
	h.press("?", "tab")
	wantOnScreen(t, h, "tab next field", "esc leave field", "enter record sent")
	if out := screen(h); strings.Contains(out, "L language") {
		t.Errorf("help offers L while typing:\n%s", out)
	}
}

func TestCaseViewIsSanitized(t *testing.T) {
	f := triageFake()
	for i := range f.rows {
		f.rows[i].Buyer = "Evil\x1b]52;c;cm0gLXJmIH4=\x07 \x1b[2J Buyer\u202e"
		f.rows[i].Carrier = "china\x1b[31m-post"
	}
	newFakeCases(f)
	h := newHarness(t, Options{Reader: f, Templates: mustTemplates(t)}, 100, 30)
	toQueue(h)
	h.press("c")
	assertNoControls(t, h.view())
	_, body := h.app.caseView.message()
	if strings.ContainsAny(body, "\x1b\x07\u202e") {
		t.Errorf("message holds controls: %q", body)
	}
	h.press("enter")
	assertNoControls(t, h.view())
}

func TestCaseViewFitsEverySize(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	toFollowUp(t, h, fc)
	for _, s := range [][2]int{{60, 16}, {80, 24}, {100, 30}, {120, 40}, {200, 60}} {
		w, hh := s[0], s[1]
		h.send(tea.WindowSizeMsg{Width: w, Height: hh})
		for _, keys := range [][]string{{}, {"?"}, {"?"}, {"tab"}, {"esc", "x"}, {"esc"}} {
			h.press(keys...)
			lines := strings.Split(h.view(), "\n")
			if len(lines) != hh {
				t.Fatalf("%dx%d after %v: %d lines", w, hh, keys, len(lines))
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw != w {
					t.Fatalf("%dx%d after %v: line %d is %d wide: %q", w, hh, keys, i, lw, ansi.Strip(l))
				}
			}
		}
	}
}

func TestCaseReadErrorIsShown(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := openLost(t, h, fc)
	h.press("esc")
	fc.mu.Lock()
	delete(fc.cases, c.ID)
	fc.mu.Unlock()
	h.app.caseView = nil
	h.run(h.app.showCase(c.ID))
	wantOnScreen(t, h, "read case 1", "not found")
	h.press("esc")
	if h.app.caseView != nil {
		t.Error("esc did not leave a case that failed to load")
	}
}

// setKind changes a stored case's kind behind the screen's back and shows
// the case again, so a test can reach the solutions of any kind.
func setKind(t *testing.T, h *harness, fc *fakeCases, id int64, kind tracker.ExceptionKind) {
	t.Helper()
	fc.mu.Lock()
	c := fc.cases[id]
	c.Kind = kind
	fc.cases[id] = c
	fc.mu.Unlock()
	h.press("esc", "enter")
	if v := h.app.caseView; v == nil || v.row.Kind != kind {
		t.Fatalf("case view after the kind change: %+v", v)
	}
}

func TestSolveRedeliveryPrefillsThePhone(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := toSolve(t, h, fc)
	setKind(t, h, fc, c.ID, tracker.ExDeliveryFailed)
	wantOnScreen(t, h, "›1 redelivery", "2 pickup", "3 return", "4 refund", "Address", "+49 30 1234567")
	h.press("enter")
	wantOnScreen(t, h, "redelivery: verify the address and the phone with the buyer first")
	h.press("tab")
	h.typeText("Hauptstr. 1, 10115 Berlin")
	h.press("enter")
	got, _ := fc.get(c.ID)
	if s := got.Solution; s == nil || s.Type != tracker.SolveRedeliver || s.Address != "Hauptstr. 1, 10115 Berlin" || s.Phone != "+49 30 1234567" {
		t.Fatalf("redelivery: %+v", got.Solution)
	}
}

func TestSolveWithoutFields(t *testing.T) {
	h, _, fc := caseSession(t, nil)
	c := toSolve(t, h, fc)
	setKind(t, h, fc, c.ID, tracker.ExDeliveryFailed)
	h.press("2")
	wantOnScreen(t, h, "›2 pickup", "nothing more to fill in: enter records it")
	h.press("k") // back to redelivery, and on again with j: j/k pick solutions
	wantOnScreen(t, h, "›1 redelivery")
	h.press("j", "enter")
	if got, _ := fc.get(c.ID); got.Solution == nil || got.Solution.Type != tracker.SolvePickup {
		t.Fatalf("pickup: %+v", got.Solution)
	}
}
