package ui

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
)

var _ tracker.OrderStore = (*fakeWriter)(nil)

// fakeWriter is the OrderWriter of the model tests. What it adds joins the
// fake reader's list, so the orders pane shows it as the store would.
type fakeWriter struct {
	f     *fakeReader
	mu    sync.Mutex
	calls [][]tracker.OrderDetail
	nows  []time.Time // each call's now
	err   error
}

// ImportOrders counts as new an order number, or an order's tracking
// number, the fake has no row for, and dates undated new parcels now; the
// store's own rules are tested in store.
func (w *fakeWriter) ImportOrders(ctx context.Context, now time.Time, orders []tracker.OrderDetail) (tracker.Added, error) {
	w.mu.Lock()
	cp := make([]tracker.OrderDetail, len(orders))
	for i, o := range orders {
		cp[i] = o
		cp[i].Shipments = slices.Clone(o.Shipments)
	}
	w.calls = append(w.calls, cp)
	w.nows = append(w.nows, now)
	err := w.err
	w.mu.Unlock()
	if err != nil {
		return tracker.Added{}, err
	}
	f := w.f
	f.mu.Lock()
	defer f.mu.Unlock()
	next := int64(0)
	var added tracker.Added
	knownOrder, knownParcel := map[string]bool{}, map[string]bool{}
	for _, r := range f.rows {
		next = max(next, r.ShipmentID)
		knownOrder[r.OrderNo], knownParcel[r.OrderNo+"\x00"+r.TrackingNo] = true, true
	}
	for _, o := range orders {
		if !knownOrder[o.OrderNo] {
			added.Orders++
			knownOrder[o.OrderNo] = true
		}
		for _, s := range o.Shipments {
			if knownParcel[o.OrderNo+"\x00"+s.TrackingNo] {
				continue
			}
			added.Shipments++
			knownParcel[o.OrderNo+"\x00"+s.TrackingNo] = true
			if s.ShippedAt.IsZero() {
				s.ShippedAt = now
			}
			next++
			f.rows = append(f.rows, tracker.ShipmentRow{ShipmentID: next, OrderID: next, OrderNo: o.OrderNo, Buyer: o.Buyer,
				TrackingNo: s.TrackingNo, Carrier: s.Carrier, Destination: s.Destination, Status: tracker.StatusPending, ShippedAt: s.ShippedAt})
			f.shippedAt[next] = s.ShippedAt
		}
	}
	sort.SliceStable(f.rows, func(i, j int) bool {
		a, b := f.rows[i], f.rows[j]
		if !a.ShippedAt.Equal(b.ShippedAt) {
			return a.ShippedAt.After(b.ShippedAt)
		}
		return a.ShipmentID > b.ShipmentID
	})
	return added, nil
}

func (w *fakeWriter) ShipmentsByTracking(ctx context.Context, numbers []string) (map[string][]tracker.Shipment, error) {
	w.f.mu.Lock()
	defer w.f.mu.Unlock()
	out := map[string][]tracker.Shipment{}
	for _, n := range numbers {
		for _, r := range w.f.rows {
			if r.TrackingNo == n {
				out[n] = append(out[n], tracker.Shipment{ID: r.ShipmentID, OrderID: r.OrderID, TrackingNo: n})
			}
		}
	}
	return out, nil
}

func (w *fakeWriter) writes() [][]tracker.OrderDetail {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.calls)
}

// shipments flattens one write into "ORDER TRACKING carrier [unverified]".
func shipments(orders []tracker.OrderDetail) []string {
	var out []string
	for _, o := range orders {
		for _, s := range o.Shipments {
			l := o.OrderNo + " " + s.TrackingNo + " " + s.Carrier
			if s.Unverified {
				l += " unverified"
			}
			out = append(out, l)
		}
	}
	return out
}

func addHarness(t *testing.T, opts Options) (*harness, *fakeReader, *fakeWriter) {
	t.Helper()
	f := newFakeReader(40)
	w := &fakeWriter{f: f}
	f.writer = w
	opts.Reader, f.writer = f, w
	return newHarness(t, opts, 120, 40), f, w
}

func alt(n rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: n, Mod: tea.ModAlt} }

// The number is checked as it is typed: a mistyped check digit shows the
// suggestions, a submit is refused, and taking the right suggestion makes
// the number valid; the submit then writes exactly one order with one
// parcel, and the new row is selected in the orders list.
func TestAddFormSuggestionFixesTheNumber(t *testing.T) {
	h, _, w := addHarness(t, Options{})
	h.press("a")
	if _, ok := h.app.sheet.(*addForm); !ok {
		t.Fatalf("a on the orders pane opened no form:\n%s", screen(h))
	}
	h.typeText("WB-900")
	h.press("tab")
	h.typeText("RR123456784CN")
	out := screen(h)
	for _, want := range []string{"✗ invalid check digit: China Post", "does not match", "alt+3 RR123456785CN", "alt+1-9 use suggestion"} {
		if !strings.Contains(out, want) {
			t.Errorf("screen lacks %q:\n%s", want, out)
		}
	}
	h.press("enter")
	if n := len(w.writes()); n != 0 {
		t.Fatalf("an invalid number was written (%d writes)", n)
	}
	if !strings.Contains(squash(screen(h)), `tracking no "RR123456784CN" does not validate`) {
		t.Errorf("the refusal does not name the field and value:\n%s", screen(h))
	}
	h.send(alt('3'))
	if got := h.app.sheet.(*addForm).value(afTracking); got != "RR123456785CN" {
		t.Fatalf("alt+3 made the number %q", got)
	}
	if out := screen(h); !strings.Contains(out, "✓ China Post") || strings.Contains(out, "did you mean") {
		t.Errorf("the suggestion did not fix the number:\n%s", out)
	}
	h.press("tab", "tab")
	h.typeText("de")
	h.press("enter")
	writes := w.writes()
	if len(writes) != 1 {
		t.Fatalf("%d writes, want 1", len(writes))
	}
	if got := shipments(writes[0]); !slices.Equal(got, []string{"WB-900 RR123456785CN china-post"}) {
		t.Errorf("wrote %v", got)
	}
	o := writes[0][0]
	// The status is the store's to decide (a new order becomes shipped, a
	// known one keeps its own), as for `waybill add` and a paste.
	if o.Country != "DE" || o.Shipments[0].Destination != "DE" || o.Status != "" ||
		!o.Shipments[0].ShippedAt.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("order %+v", o)
	}
	if h.app.sheet != nil {
		t.Fatal("the form stays open after the write")
	}
	if r, ok := h.app.orders.Selected(); !ok || r.TrackingNo != "RR123456785CN" {
		t.Errorf("the new parcel is not selected: %+v", r)
	}
	if !strings.Contains(screen(h), "added RR123456785CN (china-post) to order WB-900") {
		t.Errorf("the status bar does not say what was added:\n%s", screen(h))
	}
}

// What is in the parcel reaches the order the form writes, so the store
// can judge its pre-shipment checks.
func TestAddFormWritesTheContents(t *testing.T) {
	h, _, w := addHarness(t, Options{})
	h.press("a")
	h.typeText("WB-901")
	h.press("tab")
	h.typeText("RR123456785CN")
	f := h.app.sheet.(*addForm)
	for _, v := range []struct{ field, value string }{
		{afProduct, "Power bank 10000mAh"}, {afAmount, "1,234.50"}, {afCurrency, "usd"},
		{afHSCode, "8507.60"}, {afDeclared, "$25"}, {afInsured, "否"}, {afAddress, "1 Main St, Springfield"},
		{afCountry, "Allemagne"}, // a name, read as import reads it (its first two letters are Albania's code)
	} {
		for f.focus >= len(f.fields) || f.fields[f.focus].key != v.field {
			h.press("tab")
		}
		h.typeText(v.value)
	}
	h.press("enter")
	writes := w.writes()
	if len(writes) != 1 {
		t.Fatalf("%d writes, want 1:\n%s", len(writes), screen(h))
	}
	o := writes[0][0].Order
	if o.Product != "Power bank 10000mAh" || o.Amount != 1234_50 || o.Currency != "USD" || o.HSCode != "8507.60" ||
		o.DeclaredValue != 25_00 || o.Insured == nil || *o.Insured || o.Address != "1 Main St, Springfield" {
		t.Errorf("order contents %+v", o)
	}
	if sh := writes[0][0].Shipments; o.Country != "DE" || len(sh) != 1 || sh[0].Destination != "DE" {
		t.Errorf("country %q, parcels %+v; want DE", o.Country, sh)
	}
}

// Every obviously wrong field says so beside it, naming the field and the
// value, and stops the submit.
func TestAddFormInlineErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		field string
		value string
		want  string
	}{
		{"order number is the tracking number", afOrder, "rr 123456785 cn", `order no "rr 123456785 cn" is the tracking number`},
		{"unknown carrier", afCarrier, "fastpost", `carrier "fastpost" is not a carrier slug`},
		{"country not ISO", afCountry, "XQ", `country "XQ" is not an ISO 3166 code`},
		{"email without a domain", afEmail, "ana@example", `email "ana@example" is not an address`},
		{"ship date not a date", afShipped, "2025-13-01", `shipped: "2025-13-01" is not a date: write YYYY-MM-DD`},
		{"ship date in the future", afShipped, "2025-06-09", `shipped "2025-06-09" is in the future`},
		{"promised before shipped", afPromised, "2025-05-01", `promised "2025-05-01" is before the ship date 2025-06-01`},
		{"amount with three decimals", afAmount, "19.995", `amount "19.995":`},
		{"amount not a number", afAmount, "cheap", `amount "cheap":`},
		{"currency not ISO", afCurrency, "U5D", `currency "U5D" is not an ISO 4217 code`},
		{"HS code too short", afHSCode, "8506", `HS code "8506": want 6 to 10 digits`},
		{"declared value negative", afDeclared, "-5", `declared value "-5":`},
		{"insured neither yes nor no", afInsured, "maybe", `insured "maybe": want yes or no`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, _, w := addHarness(t, Options{})
			h.press("a")
			f := h.app.sheet.(*addForm)
			if tt.field != afOrder {
				h.typeText("WB-1")
			}
			h.press("tab")
			h.typeText("RR123456785CN")
			for f.focus >= len(f.fields) || f.fields[f.focus].key != tt.field {
				h.press("tab")
			}
			h.press("ctrl+u")
			h.typeText(tt.value)
			if !strings.Contains(screen(h), tt.want) {
				t.Errorf("no inline error %q:\n%s", tt.want, screen(h))
			}
			h.press("enter")
			if len(w.writes()) != 0 {
				t.Error("a form with a wrong field was written")
			}
		})
	}
}

// What the detector says reaches the form: untracked services, and an
// order number typed where the tracking number goes.
func TestAddFormDetectionNotes(t *testing.T) {
	for _, tt := range []struct{ number, want string }{
		{"UN123456785CN", "⚠ untracked"},
		{"8123456789012345", "looks like an AliExpress order number"},
		{"1Z999AA10123456784", "✓ UPS"},
	} {
		t.Run(tt.number, func(t *testing.T) {
			h, _, _ := addHarness(t, Options{})
			h.press("a", "tab")
			h.typeText(tt.number)
			if !strings.Contains(squash(screen(h)), tt.want) {
				t.Errorf("screen lacks %q:\n%s", tt.want, screen(h))
			}
		})
	}
}

// A number that does not validate is stored only when the person ticks
// "store unverified", and then marked so.
func TestAddFormForceStoresUnverified(t *testing.T) {
	h, _, w := addHarness(t, Options{})
	h.press("a")
	h.typeText("WB-5")
	h.press("tab")
	h.typeText("XY12")
	h.press("shift+tab", "shift+tab") // round to the box, from the top
	if h.app.sheet.(*addForm).focus != len(h.app.sheet.(*addForm).fields) {
		t.Fatalf("focus %d is not the box", h.app.sheet.(*addForm).focus)
	}
	h.press("space", "enter")
	writes := w.writes()
	if len(writes) != 1 || !slices.Equal(shipments(writes[0]), []string{"WB-5 XY12  unverified"}) {
		t.Fatalf("writes %v", writes)
	}
	if !strings.Contains(screen(h), "stored unverified") {
		t.Errorf("status does not say unverified:\n%s", screen(h))
	}
}

// A failed write keeps the form and everything typed.
func TestAddFormWriteErrorKeepsTheForm(t *testing.T) {
	h, _, w := addHarness(t, Options{})
	w.err = errors.New("disk full")
	h.press("a")
	h.typeText("WB-5")
	h.press("tab")
	h.typeText("RR123456785CN")
	h.press("enter")
	f, ok := h.app.sheet.(*addForm)
	if !ok || f.value(afOrder) != "WB-5" || !strings.Contains(screen(h), "add order WB-5: disk full") {
		t.Fatalf("form after a failed write:\n%s", screen(h))
	}
	h.press("esc")
	if h.app.sheet != nil || !strings.Contains(screen(h), "nothing added") {
		t.Errorf("esc did not cancel:\n%s", screen(h))
	}
}

// Keys are per pane: a acknowledges in the queue and adds on the orders.
func TestAddKeyIsPerPane(t *testing.T) {
	f := triageFake()
	w := &fakeWriter{f: f}
	f.writer = w
	h := newHarness(t, Options{Reader: f, ImportFiles: true}, 120, 40)
	toQueue(h)
	h.press("a")
	if h.app.sheet != nil {
		t.Fatal("a in the queue opened the add form")
	}
	if c := lastCall(t, f); c.method != "Acknowledge" {
		t.Errorf("a in the queue: %s", c.method)
	}
	h.press("?")
	if help := squash(screen(h)); strings.Contains(help, "add order") {
		t.Errorf("the queue's help offers add:\n%s", help)
	}
	h.press("?", "tab") // to the orders
	h.press("?")
	if help := squash(screen(h)); !strings.Contains(help, "a add order") || !strings.Contains(help, "i import CSV/XLSX") {
		t.Errorf("the orders' help lacks add and import:\n%s", help)
	}
}

// A viewer cannot add, paste or import: the keys are refused, the help
// does not offer them, and nothing is written.
func TestViewerCannotAddOrImport(t *testing.T) {
	h, _, w := addHarness(t, Options{Actor: tracker.Actor{Name: "sam", Role: tracker.RoleViewer}, ImportFiles: true})
	h.press("?")
	if help := squash(screen(h)); strings.Contains(help, "add order") || strings.Contains(help, "import CSV") {
		t.Errorf("a viewer's help offers adding:\n%s", help)
	}
	h.press("?")
	for _, k := range []string{"a", "i"} {
		h.press(k)
		if h.app.sheet != nil {
			t.Fatalf("%s opened a sheet for a viewer", k)
		}
		if !strings.Contains(screen(h), "read only: the viewer role cannot") {
			t.Errorf("%s: no refusal:\n%s", k, screen(h))
		}
	}
	h.send(tea.PasteMsg{Content: "RR123456785CN\n1Z999AA10123456784\n"})
	if h.app.sheet != nil {
		t.Fatal("a paste opened a sheet for a viewer")
	}
	if len(w.writes()) != 0 {
		t.Error("a viewer wrote")
	}
}

// Without ImportFiles (an SSH session by default) i reads no file.
func TestImportOffWithoutImportFiles(t *testing.T) {
	h, _, _ := addHarness(t, Options{Actor: tracker.Actor{Name: "ann", Role: tracker.RoleAdmin}})
	h.press("i")
	if h.app.sheet != nil || !strings.Contains(screen(h), "import is off in this session") {
		t.Errorf("i without ImportFiles:\n%s", screen(h))
	}
}

// A paste of mixed lines shows each verdict and the totals; enter writes
// only the good lines, in one write, the bare numbers to the order asked
// for; esc writes nothing.
func TestPasteConfirmation(t *testing.T) {
	paste := strings.Join([]string{
		"RR123456785CN",             // 1 ok, bare
		"WB-77,RR123456784CN",       // 2 invalid
		"rr123456785cn",             // 3 duplicate of 1
		"1Z999AA10123456784\tWB-78", // 4 ok
		"",                          // blank: not a line
		"UN123456785CN",             // 6 untracked, bare
		"WB-9;LP000000040CN",        // 7 already stored (the fake's shipment 4)
		"a,b,c",                     // 8 unreadable
	}, "\r\n")
	for _, tt := range []struct {
		name  string
		keys  []string
		wrote []string
	}{
		{"enter adds the good lines", []string{"enter"}, []string{"WB-1 RR123456785CN china-post", "WB-1 UN123456785CN china-post", "WB-78 1Z999AA10123456784 ups"}},
		{"f adds the invalid too", []string{"f", "enter"}, []string{"WB-1 RR123456785CN china-post", "WB-1 UN123456785CN china-post", "WB-77 RR123456784CN china-post unverified", "WB-78 1Z999AA10123456784 ups"}},
		{"esc writes nothing", []string{"esc"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeReader(40)
			f.rows[len(f.rows)-4].TrackingNo = "LP000000040CN"
			w := &fakeWriter{f: f}
			f.writer = w
			h := newHarness(t, Options{Reader: f}, 120, 40)
			h.send(tea.PasteMsg{Content: paste})
			p, ok := h.app.sheet.(*pasteSheet)
			if !ok {
				t.Fatalf("the paste opened no confirmation:\n%s", screen(h))
			}
			out := squash(screen(h))
			for _, want := range []string{
				"7 lines: 2 ok · 1 untracked · 1 invalid · 1 duplicate · 1 already stored · 1 unreadable → 3 to add",
				"2 WB-77 RR123456784CN china-post invalid, skipped: did you mean RR123456184CN,",
				"3 WB-00040 RR123456785CN china-post duplicate, skipped: same number as line 1",
				"4 WB-78 1Z999AA10123456784 ups ok",
				"6 WB-00040 UN123456785CN china-post untracked: added",
				"7 WB-9 LP000000040CN",
				"already stored, skipped",
				"8 a,b,c unreadable: 3 values",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("screen lacks %q:\n%s", want, out)
				}
			}
			// The selected line in full, with every suggestion.
			h.press("j")
			if out := squash(screen(h)); !strings.Contains(out, "line 2: invalid: did you mean RR123456184CN or RR123456754CN or RR123456785CN or RR126456784CN or") {
				t.Errorf("the selected line's detail is not shown:\n%s", out)
			}
			// The bare numbers go to the selected order unless changed.
			if p.onOrder {
				t.Error("the order field has focus although it is filled")
			}
			p.order = newLineEdit("WB-1", maxPasteValue)
			h.press(tt.keys...)
			writes := w.writes()
			if tt.wrote == nil {
				if len(writes) != 0 || h.app.sheet != nil {
					t.Errorf("esc: writes %v, sheet %v", writes, h.app.sheet)
				}
				return
			}
			if len(writes) != 1 {
				t.Fatalf("%d writes, want one", len(writes))
			}
			got := shipments(writes[0])
			slices.Sort(got)
			if !slices.Equal(got, tt.wrote) {
				t.Errorf("wrote %v\nwant  %v", got, tt.wrote)
			}
			if h.app.sheet != nil {
				t.Error("the sheet stays open after the write")
			}
			if !strings.Contains(screen(h), "lines skipped") {
				t.Errorf("the status bar does not say lines were skipped:\n%s", screen(h))
			}
		})
	}
}

// Bare numbers need an order: an empty order number is refused, with
// nothing written.
func TestPasteBareNumbersNeedAnOrder(t *testing.T) {
	f := newFakeReader(0)
	w := &fakeWriter{f: f}
	f.writer = w
	h := newHarness(t, Options{Reader: f}, 120, 40)
	h.send(tea.PasteMsg{Content: "RR123456785CN\n1Z999AA10123456784\n"})
	p := h.app.sheet.(*pasteSheet)
	if !p.onOrder {
		t.Error("the empty order field is not asked for first")
	}
	h.press("enter")
	if len(w.writes()) != 0 || !strings.Contains(squash(screen(h)), "order no is empty: 2 numbers") {
		t.Fatalf("writes %v:\n%s", w.writes(), screen(h))
	}
	h.typeText("WB-NEW")
	h.press("enter")
	if ws := w.writes(); len(ws) != 1 || len(ws[0]) != 1 || ws[0][0].OrderNo != "WB-NEW" || len(ws[0][0].Shipments) != 2 {
		t.Errorf("writes %v", ws)
	}
}

// Many lines pasted into the form's tracking field become the paste
// sheet, for the order the form names.
func TestPasteIntoTheFormOpensTheList(t *testing.T) {
	h, _, _ := addHarness(t, Options{})
	h.press("a")
	h.typeText("WB-42")
	h.press("tab")
	h.send(tea.PasteMsg{Content: "RR123456785CN\n1Z999AA10123456784"})
	p, ok := h.app.sheet.(*pasteSheet)
	if !ok || p.order.String() != "WB-42" || len(p.lines) != 2 {
		t.Fatalf("sheet %T:\n%s", h.app.sheet, screen(h))
	}
}

// A long paste scrolls, and draws only what fits.
func TestPasteScrollsLongLists(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		b.WriteString("WB-999" + strconv.Itoa(i) + ",RR123456785CN\n")
	}
	h, _, _ := addHarness(t, Options{})
	h.send(tea.PasteMsg{Content: b.String()})
	p := h.app.sheet.(*pasteSheet)
	if p.checkReq != 0 { // a slow machine (-race): the check was parked
		h.awaitParked()
	}
	if len(p.lines) != 3000 || p.counts[vDuplicate] != 2999 {
		t.Fatalf("%d lines, %d duplicates", len(p.lines), p.counts[vDuplicate])
	}
	h.press("G")
	out := screen(h)
	if !strings.Contains(out, " 3000 WB-9992999") {
		t.Errorf("G does not show the last line:\n%s", out)
	}
	if n := strings.Count(out, "\n"); n != 39 {
		t.Errorf("the screen has %d lines", n+1)
	}
}

// i reads a file, shows its bad rows, refuses to write all of it, and
// writes the good rows on s; a clean file is written whole with w.
func TestImportFile(t *testing.T) {
	for _, tt := range []struct {
		name   string
		file   string
		keys   []string
		wrote  []string
		screen []string
	}{
		{"write all refused with a bad row", "orders_bad.csv", []string{"w"}, nil,
			[]string{"3 rows read: 2 orders, 2 shipments · 1 bad rows, 1 problems",
				"3 tracking_no RR123456784CN", "did you mean RR123456184CN",
				"write all refused: 1 bad rows"}},
		{"good rows only", "orders_bad.csv", []string{"s"}, []string{"WB-1 RR123456785CN china-post", "WB-3 1Z999AA10123456784 ups"},
			[]string{"2 orders of 2 written (2 new orders, 2 new shipments); 1 bad rows skipped"}},
		{"a clean file, whole", "orders_good.csv", []string{"w"}, []string{"WB-1 RR123456785CN china-post", "WB-3 1Z999AA10123456784 ups"},
			[]string{"2 orders of 2 written (2 new orders, 2 new shipments)"}},
		{"cancel", "orders_bad.csv", []string{"esc"}, nil, []string{"nothing imported from"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, _, w := addHarness(t, Options{ImportFiles: true})
			h.press("i")
			if _, ok := h.app.sheet.(*importSheet); !ok {
				t.Fatalf("i opened no import:\n%s", screen(h))
			}
			path, err := filepath.Abs(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			h.typeText(path)
			h.press("enter")
			h.press(tt.keys...)
			out := squash(screen(h))
			for _, want := range tt.screen {
				if !strings.Contains(out, want) {
					t.Errorf("screen lacks %q:\n%s", want, out)
				}
			}
			var got []string
			for _, wr := range w.writes() {
				got = append(got, shipments(wr)...)
			}
			if !slices.Equal(got, tt.wrote) {
				t.Errorf("wrote %v, want %v", got, tt.wrote)
			}
		})
	}
}

// A path that cannot be read is said, with the path, and the person may
// type another.
func TestImportMissingFile(t *testing.T) {
	h, _, _ := addHarness(t, Options{ImportFiles: true})
	h.press("i")
	h.typeText("/nonexistent/orders.csv")
	h.press("enter")
	s, ok := h.app.sheet.(*importSheet)
	if !ok || s.stage != importPath || !strings.Contains(screen(h), "/nonexistent/orders.csv") || !strings.Contains(screen(h), "no such file") {
		t.Fatalf("after a missing file:\n%s", screen(h))
	}
}

// TestImportFileWritesAsOfItsReading: a file is written as of the time it
// was read, which dated its rows without a ship date, so the store can
// tell those from a parcel's own date and keep a known parcel's; a write
// as of the moment w is pressed would move them.
func TestImportFileWritesAsOfItsReading(t *testing.T) {
	clock := tracker.NewFixedClock(fixedNow)
	h, _, w := addHarness(t, Options{ImportFiles: true, Clock: clock})
	h.press("i")
	path, err := filepath.Abs(filepath.Join("testdata", "orders_good.csv"))
	if err != nil {
		t.Fatal(err)
	}
	h.typeText(path)
	h.press("enter")
	clock.Advance(time.Hour) // the report was read for an hour
	h.press("w")
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.nows) == 0 {
		t.Fatalf("nothing written:\n%s", screen(h))
	}
	for _, now := range w.nows {
		if !now.Equal(fixedNow) {
			t.Errorf("written as of %v, want %v (when the file was read)", now, fixedNow)
		}
	}
}
