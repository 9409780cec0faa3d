package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/tracker/templates"
)

// The order the order view tests open: row 4 of the fake's list (order and
// parcel 47, with stale and lost open), with every field of the order, two
// warnings and a second parcel the list does not show.
const (
	ovOrder  = int64(47)
	ovSecond = int64(900)
)

func orderViewFake() *fakeReader {
	f := triageFake()
	yes := true
	f.orders = map[int64]tracker.OrderDetail{ovOrder: {
		Order: tracker.Order{ID: ovOrder, OrderNo: "WB-00047", Marketplace: "aliexpress", Status: tracker.OrderShipped,
			Buyer: "Анна Петрова", Email: "anna@example.ru", Phone: "+7 495 123-45-67", Country: "RU",
			Address: "ул. Тверская 7, кв. 12, Москва 125009", Product: "充电宝 power bank 10000mAh",
			Amount: 2990, Currency: "EUR", HSCode: "8507.60", DeclaredValue: 1500, Insured: &yes,
			OrderedAt: fixedNow.AddDate(0, 0, -9), PromisedAt: fixedNow.AddDate(0, 0, 20), ShippingMethod: "AliExpress Standard Shipping",
			Checks: []tracker.Check{
				{Kind: "sensitive", Detail: `"power bank": lithium batteries fly only by some services`},
				{Kind: "declared_value", Detail: "declared 15.00 is half of the amount paid"},
			}},
		Shipments: []tracker.ShipmentDetail{
			{Shipment: tracker.Shipment{ID: ovOrder, OrderID: ovOrder, TrackingNo: "LP000000047CN", Carrier: "cainiao",
				Destination: "RU", Status: tracker.StatusOutForDelivery, ShippedAt: fixedNow.AddDate(0, 0, -8)},
				Exceptions: []tracker.ExceptionKind{tracker.ExLost, tracker.ExStale}},
			{Shipment: tracker.Shipment{ID: ovSecond, OrderID: ovOrder, TrackingNo: "RB123456785GB", Carrier: "royal-mail",
				Destination: "RU", Status: tracker.StatusInTransit, ShippedAt: fixedNow.AddDate(0, 0, -2)},
				CheckError: "no tracking service configured for carrier \"royal-mail\"\x1b[2J: set one up"},
		},
	}}
	f.etas = map[int64]time.Time{ovSecond: fixedNow.AddDate(0, 0, 6)}
	return f
}

// openOrderOf selects order 47 in the list (the fourth row), forgets the
// reads so far, and opens it.
func openOrderOf(t *testing.T, h *harness) *orderView {
	t.Helper()
	h.press("j", "j", "j")
	if f, ok := h.app.c.reader.(*fakeReader); ok {
		f.reset()
	}
	h.press("enter")
	v := h.app.orderView
	if v == nil || !v.loaded || v.orderID != ovOrder {
		t.Fatalf("no order view of order %d after enter:\n%s", ovOrder, screen(h))
	}
	return v
}

// onScreenSomewhere reports whether the order view shows want at some
// scroll position: it walks the view from top to bottom.
func onScreenSomewhere(h *harness, want string) bool {
	v := h.app.orderView
	v.top = 0
	for {
		if strings.Contains(screen(h), want) {
			return true
		}
		before := v.top
		v.scroll(1)
		if v.top == before {
			return false
		}
	}
}

func TestOrderViewShowsTheWholeOrder(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			f := orderViewFake()
			fc := newFakeCases(f)
			fc.cases[7] = tracker.Case{ID: 7, OrderID: ovOrder, ShipmentID: ovOrder, Kind: tracker.ExLost,
				Step: tracker.StepVerify, State: tracker.CaseOpen, OpenedBy: "agent-7", FollowUpAt: fixedNow.AddDate(0, 0, 2)}
			h := newHarness(t, Options{Reader: f, ETA: f}, size[0], size[1])
			openOrderOf(t, h)
			// One read of the order with its parcels, the newest event of
			// each, nothing of the list or of other orders.
			if n := f.count("order"); n != 1 {
				t.Errorf("Order read %d times, want 1", n)
			}
			if got := f.timeline; !slices.Equal(got, []int64{ovOrder, ovSecond}) {
				t.Errorf("timeline reads %v, want one per parcel", got)
			}
			if n := f.count("find"); n != 0 {
				t.Errorf("FindOrder read %d times, want none", n)
			}
			for _, want := range []string{
				"Order WB-00047", "shipped · aliexpress",
				"Buyer       Анна Петрова", "anna@example.ru", "+7 495 123-45-67", "ул. Тверская 7",
				"RU · Russia", "promised 2025-06-21", "AliExpress Standard Shipping",
				"充电宝 power bank 10000mAh", "29.90 EUR", "8507.60", "15.00 EUR", "Insured     yes",
				`⚠ sensitive: "power bank"`, "⚠ declared_value: declared 15.00",
				"Parcels · 2",
				"› LP000000047CN  Cainiao · Out for delivery",
				"open: lost · stale",
				"Frankfurt, DE",
				"RB123456785GB  Royal Mail · In transit · ETA 06-07 · carrier's estimate",
				"no open exception",
				"last check failed: no tracking service",
				"Cases · 1", "#7 LP000000047CN lost · case 2/4 verify · follow-up Tue 06-03 · by agent-7",
			} {
				if !onScreenSomewhere(h, want) {
					t.Errorf("the order view never shows %q; top:\n%s", want, screen(h))
				}
			}
			// What wraps at 80 columns is there whole across its lines:
			// the newest event, and the links, every character of them.
			text := orderText(h.app.orderView)
			if !strings.Contains(strings.Join(strings.Fields(text), " "), "Frankfurt, DE · Arrived at sorting centre") {
				t.Errorf("the parcel's newest event is cut:\n%s", text)
			}
			// Wrapped at any width, every character is there (hyphens may break).
			if !strings.Contains(strings.Join(strings.Fields(text), ""), `notrackingserviceconfiguredforcarrier"royal-mail":setoneup`) || strings.Contains(text, "\x1b[2J") {
				t.Errorf("why the Royal Mail parcel is not checked is cut or unsanitized:\n%s", text)
			}
			for _, u := range []string{templates.TrackingURL("cainiao", "LP000000047CN"), templates.TrackingURL("royal-mail", "RB123456785GB")} {
				if !strings.Contains(strings.Join(strings.Fields(text), ""), u) {
					t.Errorf("the link %s is not there whole:\n%s", u, text)
				}
			}
			checkScreen(t, "order view", h.view(), size[0], size[1])
		})
	}
}

// orderText is every line of the order view, as text.
func orderText(v *orderView) string {
	return ansi.Strip(strings.Join(v.build(v.inner(), false).lines, "\n"))
}

// At 80×24 the order does not fit: j and k select parcels and scroll past
// the first and last, the border says where the window is, G reaches the
// cases.
func TestOrderViewScrollsAt80x24(t *testing.T) {
	f := orderViewFake()
	newFakeCases(f)
	h := newHarness(t, Options{Reader: f, ETA: f}, 80, 24)
	v := openOrderOf(t, h)
	out := screen(h)
	if !strings.Contains(out, "Buyer") || strings.Contains(out, "Cases ·") {
		t.Fatalf("first window: want the top of the order, not its end:\n%s", out)
	}
	if !strings.Contains(out, "1–19/") {
		t.Errorf("the border does not say which lines show:\n%s", out)
	}
	h.press("j")
	if p, _ := v.selected(); p.ID != ovSecond {
		t.Fatalf("j selected parcel %d, want %d", p.ID, ovSecond)
	}
	if out := screen(h); !strings.Contains(out, "› RB123456785GB") {
		t.Errorf("the selected parcel is not in sight:\n%s", out)
	}
	h.press("j", "j", "j", "j", "j", "j", "j", "j", "j")
	if out := screen(h); !strings.Contains(out, "no complaint case on this order") {
		t.Errorf("j past the last parcel did not scroll to the end:\n%s", out)
	}
	h.press("g")
	if out := screen(h); !strings.Contains(out, "Buyer") || v.sel != 0 {
		t.Errorf("g: sel %d\n%s", v.sel, out)
	}
	h.press("G")
	if out := screen(h); !strings.Contains(out, "Cases · 0") || v.sel != 1 {
		t.Errorf("G: sel %d\n%s", v.sel, out)
	}
	// The help line of the view fits, ? included.
	lines := strings.Split(screen(h), "\n")
	if help := lines[len(lines)-1]; !strings.Contains(help, "? help") || !strings.Contains(help, "esc back") {
		t.Errorf("help line %q lacks ? or esc", help)
	}
	h.press("esc")
	if h.app.orderView != nil {
		t.Fatal("esc did not leave the order view")
	}
}

func TestOrderViewCopiesTheSelectedNumber(t *testing.T) {
	f := orderViewFake()
	h := newHarness(t, Options{Reader: f, ETA: f}, 100, 30)
	openOrderOf(t, h)
	if got := clipboardOf(t, h.app.onOrderViewKey(KeyPress("y"))); got != "LP000000047CN" {
		t.Errorf("y copied %q", got)
	}
	wantOnScreen(t, h, "copied LP000000047CN")
	h.press("j")
	if got := clipboardOf(t, h.app.onOrderViewKey(KeyPress("y"))); got != "RB123456785GB" {
		t.Errorf("y on the second parcel copied %q", got)
	}
	wantOnScreen(t, h, "copied RB123456785GB")
}

// urlOpener records the links `o` opens.
type urlOpener struct {
	mu   sync.Mutex
	urls []string
	err  error
}

func (o *urlOpener) open(_ context.Context, url string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.urls = append(o.urls, url)
	return o.err
}

func (o *urlOpener) opened() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.urls)
}

func TestOrderViewOpensTheTrackingPage(t *testing.T) {
	link := templates.TrackingURL("royal-mail", "RB123456785GB")
	for _, tc := range []struct {
		name   string
		local  bool
		err    error
		opened []string
		status string
	}{
		{"local: the browser opens the parcel's page", true, nil, []string{link}, "opened " + link},
		{"remote: nothing opens on the server", false, nil, nil, "not opened here (remote session)"},
		{"local without an opener: said so", true, errors.New("no xdg-open on this machine"), []string{link},
			"not opened: no xdg-open on this machine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := orderViewFake()
			o := &urlOpener{err: tc.err}
			h := newHarness(t, Options{Reader: f, ETA: f, Local: tc.local, OpenURL: o.open}, 120, 35)
			openOrderOf(t, h)
			h.press("j", "o")
			if got := o.opened(); !slices.Equal(got, tc.opened) {
				t.Errorf("opened %v, want %v", got, tc.opened)
			}
			wantOnScreen(t, h, tc.status)
		})
	}
}

// The tracking links are OSC 8 hyperlinks to the one URL the messages to
// buyers use; a prompt over the view takes them away, so a box never cuts
// a link open.
func TestOrderViewLinksAreHyperlinks(t *testing.T) {
	f := orderViewFake()
	newFakeCases(f)
	h := newHarness(t, Options{Reader: f, ETA: f, Templates: mustTemplates(t)}, 120, 35)
	openOrderOf(t, h)
	for _, u := range []string{templates.TrackingURL("cainiao", "LP000000047CN"), templates.TrackingURL("royal-mail", "RB123456785GB")} {
		if want := ansi.SetHyperlink(u); !strings.Contains(h.view(), want) {
			t.Errorf("no hyperlink to %s", u)
		}
	}
	if n, m := strings.Count(h.view(), "\x1b]8;;https"), strings.Count(h.view(), ansi.ResetHyperlink()); n != 2 || m != 2 {
		t.Errorf("%d links opened, %d closed; want 2 and 2", n, m)
	}
	h.press("c") // no case on the parcel: the kind prompt over the view
	if h.app.prompt == nil {
		t.Fatalf("c: no kind prompt\n%s", screen(h))
	}
	if strings.Contains(h.view(), "\x1b]8;") {
		t.Error("a hyperlink under the prompt")
	}
	if bad := foreignEscapes(ansi.SetHyperlink("https://evil.example/") + "x" + ansi.ResetHyperlink()); len(bad) == 0 {
		t.Error("the screen checker lets a link from outside through")
	}
}

func TestOrderViewEditWritesThroughTheService(t *testing.T) {
	f := orderViewFake()
	h := newHarness(t, Options{Reader: f, ETA: f, Actor: tracker.Actor{Name: "agent-7"}}, 100, 30)
	openOrderOf(t, h)
	h.press("e")
	form, ok := h.app.sheet.(*orderEditForm)
	if !ok {
		t.Fatalf("e: sheet %T\n%s", h.app.sheet, screen(h))
	}
	wantOnScreen(t, h, "Edit order WB-00047", "Анна Петрова", "anna@example.ru", "+7 495 123-45-67", "2025-06-21")

	// A bad value is refused by the form, naming the field and the value.
	h.press("tab") // email, prefilled and selected: typing replaces it
	h.typeText("anna@nowhere")
	h.press("enter")
	wantOnScreen(t, h, `email "anna@nowhere" is not an address such as ana@example.com`)
	// Emptying a field cannot be written: an empty field keeps what is stored.
	h.press("ctrl+u", "enter")
	wantOnScreen(t, h, `email "anna@example.ru" cannot be emptied here`)
	if f.writer != nil && len(f.writer.calls) > 0 {
		t.Fatalf("a refused form wrote %+v", f.writer.calls)
	}
	h.typeText("anna.p@example.ru")
	h.press("tab") // phone
	h.typeText("+7 495 765-43-21")
	h.press("tab", "tab") // address: an editing key edits it in place
	h.press("end")
	h.typeText(", подъезд 2")
	h.press("enter")
	if h.app.sheet != nil {
		t.Fatalf("the form stayed open: %s\n%s", form.err, screen(h))
	}
	calls := f.writer.calls
	if len(calls) != 1 || len(calls[0]) != 1 {
		t.Fatalf("writes %+v, want one of one order", calls)
	}
	got := calls[0][0]
	want := tracker.Order{OrderNo: "WB-00047", Email: "anna.p@example.ru", Phone: "+7 495 765-43-21",
		Address: "ул. Тверская 7, кв. 12, Москва 125009, подъезд 2", CreatedAt: fixedNow}
	if got.Order.OrderNo != want.OrderNo || got.Email != want.Email || got.Phone != want.Phone || got.Address != want.Address ||
		got.Buyer != "" || got.Product != "" || got.Amount != 0 || got.Insured != nil || len(got.Shipments) != 0 {
		t.Errorf("written %+v\nwant only the changed fields %+v", got, want)
	}
	wantOnScreen(t, h, "order WB-00047 changed: email, phone, address")
	if h.app.orderView == nil {
		t.Error("the order view closed with the form")
	}
}

// A viewer reads the order: no edit and no case keys, and the keys refuse.
func TestOrderViewViewerHasNoEditOrCaseKeys(t *testing.T) {
	f := orderViewFake()
	fc := newFakeCases(f)
	h := newHarness(t, Options{Reader: f, ETA: f, Refresher: &fakeRefresher{}, Actor: tracker.Actor{Name: "vic", Role: tracker.RoleViewer}}, 120, 35)
	openOrderOf(t, h)
	help := lastLine(screen(h))
	for _, not := range []string{"e edit", "c case", "r refresh"} {
		if strings.Contains(help, not) {
			t.Errorf("a viewer's help shows %q: %s", not, help)
		}
	}
	if !strings.Contains(help, "y copy") || !strings.Contains(help, "o link") {
		t.Errorf("a viewer may copy and open links: %s", help)
	}
	h.press("e")
	if h.app.sheet != nil {
		t.Fatal("e opened a form for a viewer")
	}
	wantOnScreen(t, h, "read only: the viewer role cannot edit orders")
	h.press("c")
	if h.app.caseView != nil || h.app.prompt != nil || len(fc.cases) != 0 {
		t.Fatal("c did something for a viewer")
	}
	wantOnScreen(t, h, "read only: the viewer role cannot open complaint cases")
}

func lastLine(s string) string {
	lines := strings.Split(s, "\n")
	return lines[len(lines)-1]
}

// c opens a case on the selected parcel, r refreshes it; esc from the case
// comes back to the order, which shows the case.
func TestOrderViewCaseAndRefresh(t *testing.T) {
	f := orderViewFake()
	fc := newFakeCases(f)
	ref := &fakeRefresher{sum: tracker.ApplySummary{NewEvents: 2}}
	h := newHarness(t, Options{Reader: f, ETA: f, Refresher: ref, Templates: mustTemplates(t), Actor: tracker.Actor{Name: "agent-7"}}, 120, 35)
	openOrderOf(t, h)
	h.press("r")
	if got := ref.calls(); !slices.Equal(got, []int64{ovOrder}) {
		t.Errorf("r refreshed %v, want the selected parcel", got)
	}
	wantOnScreen(t, h, "LP000000047CN: 2 new events")
	f.reset()
	h.press("c")
	p, ok := h.app.prompt.(*kindPrompt)
	if !ok {
		t.Fatalf("c: prompt %T\n%s", h.app.prompt, screen(h))
	}
	if p.kinds[p.sel] != tracker.ExLost {
		t.Errorf("offered %s first, want the parcel's worst open exception", p.kinds[p.sel])
	}
	h.press("enter")
	c, _, ok := fc.only()
	if !ok || c.ShipmentID != ovOrder || c.Kind != tracker.ExLost || c.OrderID != ovOrder {
		t.Fatalf("case opened %+v", c)
	}
	if h.app.caseView == nil {
		t.Fatal("no case view")
	}
	h.press("esc")
	if h.app.orderView == nil || h.app.caseView != nil {
		t.Fatal("esc from the case did not come back to the order")
	}
	wantOnScreen(t, h, "#1 LP000000047CN lost · case 1/4 reassure · by agent-7")
}

// A change notice naming one of the order's parcels reads the order
// again; one about another parcel does not.
func TestOrderViewFollowsChanges(t *testing.T) {
	f := orderViewFake()
	hub := tracker.NewHub()
	h := newHarness(t, Options{Reader: f, ETA: f, Hub: hub}, 120, 35)
	openOrderOf(t, h)
	f.reset()
	h.send(changeMsg{change: tracker.Change{ShipmentIDs: []int64{3}}})
	if n := f.count("order"); n != 0 {
		t.Errorf("a notice about another parcel read the order %d times", n)
	}
	f.mu.Lock()
	d := f.orders[ovOrder]
	d.Buyer = "Анна Петрова-Смирнова"
	f.orders[ovOrder] = d
	f.mu.Unlock()
	h.send(changeMsg{change: tracker.Change{ShipmentIDs: []int64{ovSecond}}})
	if n := f.count("order"); n != 1 {
		t.Errorf("a notice about its parcel read the order %d times, want 1", n)
	}
	wantOnScreen(t, h, "Анна Петрова-Смирнова")
}

// Enter on a timeline event shows it in full: the description the column
// cuts, the location, the carrier's code, the time with its zone.
func TestEnterOnTimelineShowsTheEventInFull(t *testing.T) {
	f := newFakeReader(20)
	long := "Held at the international mail processing centre awaiting customs clearance; " +
		"the recipient must provide a copy of the invoice and a passport number before release, see the notice card"
	f.events[20] = []tracker.Event{{ID: 1, ShipmentID: 20, Time: fixedNow.Add(-90 * time.Minute), Status: tracker.StatusCustoms,
		RawStatus: "CUS_HOLD_42", Location: "Vnukovo MPC, RU", Description: long, Exception: tracker.ExCustoms}}
	loc := time.FixedZone("MSK", 3*3600)
	h := newHarness(t, Options{Reader: f, Clock: fixedClock{fixedNow.In(loc)}}, 80, 24)
	if out := screen(h); strings.Contains(out, "before release") {
		t.Fatalf("the timeline shows the whole description already:\n%s", out)
	}
	h.press("tab", "enter")
	if _, ok := h.app.prompt.(*eventPrompt); !ok {
		t.Fatalf("enter in the timeline: prompt %T\n%s", h.app.prompt, screen(h))
	}
	out := squash(screen(h))
	for _, want := range []string{"Event · LP000000020CN", "Sun 2025-06-01 15:30:00 MSK (+03:00)", "Customs · customs",
		"Carrier code CUS_HOLD_42", "Location Vnukovo MPC, RU"} {
		if !strings.Contains(out, want) {
			t.Errorf("event lacks %q:\n%s", want, out)
		}
	}
	// Every word of the description, in order, across the box's lines.
	p := h.app.prompt.(*eventPrompt)
	box := strings.Join(strings.Fields(ansi.Strip(strings.Join(p.body(p.innerW()), " "))), " ")
	if !strings.Contains(box, "Description "+long) {
		t.Errorf("the description is not there whole:\n%s", box)
	}
	for _, part := range p.descLines(p.innerW()) {
		if !strings.Contains(screen(h), strings.TrimSpace(part)) {
			t.Errorf("the screen lacks the description's line %q", part)
		}
	}
	checkScreen(t, "event in full", h.view(), 80, 24)
	h.press("esc")
	if h.app.prompt != nil || h.app.focus != focusTimeline {
		t.Errorf("esc: prompt %T, focus %d", h.app.prompt, h.app.focus)
	}
}

// A description taller than the screen scrolls inside the box.
func TestEventInFullScrolls(t *testing.T) {
	f := newFakeReader(20)
	var long []string
	for i := range 60 {
		long = append(long, fmt.Sprintf("word%02d", i))
	}
	f.events[20] = []tracker.Event{{ID: 1, ShipmentID: 20, Time: fixedNow, Status: tracker.StatusInTransit,
		Description: strings.Repeat(strings.Join(long, " ")+" ", 4) + "THE-END"}}
	h := newHarness(t, Options{Reader: f}, 80, 24)
	h.press("tab", "enter")
	if out := screen(h); strings.Contains(out, "THE-END") || !strings.Contains(out, "j/k scroll") {
		t.Fatalf("a long description fits the screen?\n%s", out)
	}
	checkScreen(t, "long event", h.view(), 80, 24)
	for range 40 {
		h.press("j")
	}
	if out := screen(h); !strings.Contains(out, "THE-END") {
		t.Errorf("j did not scroll to the description's end:\n%s", out)
	}
	checkScreen(t, "long event, scrolled", h.view(), 80, 24)
}

// A long tracking number leaves its ETA no room on the parcel's line at 80
// columns: the ETA gets a line of its own rather than being cut.
func TestOrderViewLongNumberKeepsItsETA(t *testing.T) {
	f := orderViewFake()
	d := f.orders[ovOrder]
	d.Shipments[1].TrackingNo, d.Shipments[1].Carrier = "YT2602520473451302", "yunexpress"
	f.orders[ovOrder] = d
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		h := newHarness(t, Options{Reader: f, ETA: f}, size[0], size[1])
		openOrderOf(t, h)
		text := orderText(h.app.orderView)
		if !strings.Contains(text, "ETA 06-07 · carrier's estimate") || strings.Contains(text, "estima…") {
			t.Errorf("%dx%d: the ETA is cut or missing:\n%s", size[0], size[1], text)
		}
	}
}
