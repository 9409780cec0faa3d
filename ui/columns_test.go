package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/ui/i18n"
)

// columnsFake is a shop's list as the column tests and goldens need it:
// buyers with Chinese names (two cells a character) and Cyrillic ones,
// tracking numbers from 10 to 22 characters, every status, and a queue
// whose states use every fact (ack, owner, case step, a due follow-up).
func columnsFake() *fakeReader {
	f := &fakeReader{events: map[int64][]tracker.Event{}, calls: map[string]int{}, shippedAt: map[int64]time.Time{},
		watched: map[int64]bool{}, checks: map[int64][]tracker.Check{}}
	rows := []struct {
		order, buyer, tracking, carrier, dest string
		status                                tracker.Status
		step                                  tracker.CaseStep
		kinds                                 []tracker.ExceptionKind
	}{
		{"3017245698124475", "王秀英", "LP00817471466201", "cainiao", "TW", tracker.StatusInTransit, "", nil},
		{"3017245698124476", "Алексей Зайцев", "9400111202544843610364", "usps", "RU", tracker.StatusCustoms, tracker.StepVerify, []tracker.ExceptionKind{tracker.ExCustoms}},
		{"#62141", "欧阳娜娜（台北市信义区松仁路）", "RC095066336CN", "china-post", "TW", tracker.StatusDeliveryFailed, "", []tracker.ExceptionKind{tracker.ExDeliveryFailed, tracker.ExStale}},
		{"8033571492066237", "Наталья Никитина", "4PX3057101142536CN", "4px", "UA", tracker.StatusOutForDelivery, "", nil},
		{"8021300634120229", "李娜 (Li Na)", "1ZCAWMW26678662752", "ups", "SG", tracker.StatusDelivered, "", nil},
		{"8684896922108704", "Данияр Сулейменов", "YT2633382917707326", "yunexpress", "KZ", tracker.StatusPending, tracker.StepSolve, []tracker.ExceptionKind{tracker.ExNoTracking}},
		{"2054940121405414", "José Gomes", "9412156272", "dhl-express", "PT", tracker.StatusInfoReceived, "", nil},
		{"8117699994601266", "陈静怡", "EE058364110CN", "china-ems", "MY", tracker.StatusAvailableForPickup, "", nil},
		{"2557725174209230", "Ольга Кузнецова-Петровская", "LP00986434410099", "cainiao", "RU", tracker.StatusException, "", []tracker.ExceptionKind{tracker.ExLost}},
		{"3659533628470550", "张伟", "LP00292884733953", "cainiao", "HK", tracker.StatusReturning, tracker.StepFollowUp, []tracker.ExceptionKind{tracker.ExReturning}},
		{"8043958095093834", "Agnieszka Piotrowska", "4PX3071468139842CN", "4px", "PL", tracker.StatusInTransit, "", []tracker.ExceptionKind{tracker.ExStale}},
		{"8695158821956856", "黄晓明", "5216253420", "dhl-express", "SG", tracker.StatusReturned, "", nil},
		{"8813482649360355", "Максим Волков", "UC019507182CN", "china-post", "RU", tracker.StatusInTransit, tracker.StepReassure, []tracker.ExceptionKind{tracker.ExUntracked}},
		{"8760586091941565", "刘洋", "1Z999AA10123456784", "ups", "CA", tracker.StatusExpired, "", nil},
		{"3118667524109836", "Юлия Смирнова", "LP00469634460955", "cainiao", "BY", tracker.StatusInTransit, "", []tracker.ExceptionKind{tracker.ExOverdue}},
		{"8756464902016184", "吴磊", "RH527922713CN", "china-post", "AU", tracker.StatusDelivered, "", nil},
	}
	// More rows than the tallest pane shows, names of both scripts.
	chinese := []string{"周杰", "孙丽娟", "马云飞", "朱小红", "胡建国", "郭美玲", "何志强"}
	cyrillic := []string{"Иван Петров", "Светлана Морозова", "Дмитрий Соколов", "Екатерина Лебедева", "Олег Новиков"}
	for i := 0; len(rows) < 32; i++ {
		r := rows[i%len(rows)]
		r.order = fmt.Sprintf("%016d", 5100000000000000+int64(i)*7919)
		r.tracking = fmt.Sprintf("LP%014d", 10000000000000+int64(i)*104729)
		if i%2 == 0 {
			r.buyer = chinese[i%len(chinese)]
		} else {
			r.buyer = cyrillic[i%len(cyrillic)]
		}
		r.step, r.kinds = "", nil
		rows = append(rows, r)
	}
	for i, r := range rows {
		id := int64(len(rows) - i)
		shipped := fixedNow.Add(-time.Duration(i+1) * 9 * time.Hour)
		last := shipped.Add(time.Duration(i%4+1) * 2 * time.Hour)
		f.rows = append(f.rows, tracker.ShipmentRow{ShipmentID: id, OrderID: id, OrderNo: r.order, Buyer: r.buyer,
			TrackingNo: r.tracking, Carrier: r.carrier, Destination: r.dest, Status: r.status, ShippedAt: shipped,
			LastEventAt: last, CaseStep: r.step, Exceptions: r.kinds, Watched: i == 0})
		f.shippedAt[id] = shipped
		f.events[id] = []tracker.Event{
			{ID: id*10 + 3, ShipmentID: id, Time: last, Status: r.status, Location: "台北市, TW", Description: "快件已到达【台北转运中心】，正在派送途中"},
			{ID: id*10 + 2, ShipmentID: id, Time: shipped.Add(time.Hour), Status: tracker.StatusInTransit, Location: "Москва, RU", Description: "Прибыло в сортировочный центр"},
			{ID: id*10 + 1, ShipmentID: id, Time: shipped, Status: tracker.StatusInfoReceived, Location: "Shenzhen, CN", Description: "Shipping information received"},
		}
	}
	f.watched[f.rows[0].OrderID] = true
	f.checks[f.rows[3].ShipmentID] = []tracker.Check{{Kind: "phone", Detail: "no phone number"}}
	f.checks[f.rows[6].ShipmentID] = []tracker.Check{{Kind: "hs_code", Detail: "no HS code"}}

	ex := func(row int, id int64, kind tracker.ExceptionKind, sev tracker.Severity, detail string, opened time.Duration, set func(*tracker.ExceptionRow)) {
		r := f.rows[row]
		x := tracker.ExceptionRow{
			Exception: tracker.Exception{ID: id, ShipmentID: r.ShipmentID, Kind: kind, Severity: sev, State: tracker.ExOpen,
				Detail: detail, OpenedAt: fixedNow.Add(-opened)},
			OrderID: r.OrderID, OrderNo: r.OrderNo, TrackingNo: r.TrackingNo, Carrier: r.Carrier,
			Destination: r.Destination, ShippedAt: r.ShippedAt,
		}
		if set != nil {
			set(&x)
		}
		f.exceptions = append(f.exceptions, x)
	}
	ex(8, 1, tracker.ExLost, tracker.SeverityCritical, "carrier: Parcel lost in transit: investigation closed, compensation possible", 30*time.Hour, nil)
	ex(1, 2, tracker.ExCustoms, tracker.SeverityHigh, "carrier: Held by customs: commercial invoice and HS codes required", 50*time.Hour, func(x *tracker.ExceptionRow) {
		x.State, x.Owner, x.CaseID, x.CaseStep = tracker.ExAcknowledged, "ana", 11, tracker.StepVerify
	})
	ex(2, 3, tracker.ExDeliveryFailed, tracker.SeverityHigh, "carrier: 收件人地址不详，派送失败", 20*time.Hour, func(x *tracker.ExceptionRow) {
		x.Owner = "Александра"
	})
	ex(2, 4, tracker.ExStale, tracker.SeverityMedium, "no update for 12 days: request an investigation", 70*time.Hour, nil)
	ex(9, 5, tracker.ExReturning, tracker.SeverityHigh, "carrier: Return parcel departed destination country", 90*time.Hour, func(x *tracker.ExceptionRow) {
		x.Owner, x.CaseID, x.CaseStep, x.FollowUpDue = "王芳", 12, tracker.StepFollowUp, true
	})
	ex(10, 6, tracker.ExStale, tracker.SeverityMedium, "no update for 9 days: request an investigation", 40*time.Hour, func(x *tracker.ExceptionRow) {
		x.State = tracker.ExAcknowledged
	})
	ex(12, 7, tracker.ExUntracked, tracker.SeverityLow, "untracked service: the carrier gives no events", 10*time.Hour, func(x *tracker.ExceptionRow) {
		x.Owner, x.CaseID, x.CaseStep = "customer-service-berlin", 13, tracker.StepReassure
	})
	ex(14, 8, tracker.ExOverdue, tracker.SeverityMedium, "promised by 2025-05-28, not delivered", 80*time.Hour, nil)
	ex(5, 9, tracker.ExNoTracking, tracker.SeverityMedium, "no tracking information 6 days after shipping", 60*time.Hour, func(x *tracker.ExceptionRow) {
		x.State, x.Owner, x.CaseID, x.CaseStep = tracker.ExAcknowledged, "bob", 14, tracker.StepSolve
	})
	return f
}

// columnsRefresher is a refresher between passes: the status bar's right
// end has something to say.
func columnsRefresher() *fakeRefresher {
	return &fakeRefresher{state: tracker.RefresherState{LastPass: fixedNow.Add(-3 * time.Minute), NextPass: fixedNow.Add(2 * time.Minute),
		Last: tracker.ApplySummary{Checked: 16, NewEvents: 5}}}
}

// columnSizes are the terminal sizes the screen is held to.
var columnSizes = [][2]int{{80, 24}, {100, 30}, {120, 35}, {160, 45}, {200, 50}}

// region cuts a pane's rectangle out of the plain screen lines.
func region(lines []string, r rect) []string {
	out := make([]string, 0, r.h)
	for y := r.y; y < r.y+r.h && y < len(lines); y++ {
		out = append(out, ansi.Cut(lines[y], r.x, r.x+r.w))
	}
	return out
}

// cellsOf splits a table row (a pane's inner line, borders off) into its
// columns' texts by the table's widths: the gutter, then each shown column
// one space apart.
func cellsOf(t table, line string) map[int]string {
	out := map[int]string{}
	x := 1
	for i, w := range t.widths {
		if w == 0 {
			continue
		}
		out[i] = ansi.Cut(line, x, x+w)
		x += w + 1
	}
	return out
}

// The property the goldens only illustrate, asserted directly at every
// size: no line is wider than the terminal; from 100 columns every visible
// row of the orders list shows its whole tracking number; a tracking
// number is never cut anywhere (whole, or its column not shown); only
// columns marked cut hold an ellipsis; and the status bar shows whole
// items only.
func TestColumnsFitEveryWidth(t *testing.T) {
	full := map[string]bool{}
	for _, w := range strings.Fields(ansi.Strip(newHarness(t, Options{Reader: columnsFake(), Refresher: columnsRefresher()}, 400, 60).app.status.View(400))) {
		full[w] = true
	}
	more := regexp.MustCompile(`^\+\d+$`)
	for _, size := range columnSizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			f := columnsFake()
			hs := newHarness(t, Options{Reader: f, Refresher: columnsRefresher(), Title: "shop.db"}, w, h)
			a := hs.app
			lines := strings.Split(hs.view(), "\n")
			if len(lines) != h {
				t.Fatalf("%d lines, want %d", len(lines), h)
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw != w {
					t.Errorf("line %d is %d cells wide, want %d: %q", i, lw, w, ansi.Strip(l))
				}
			}
			plain := strings.Split(ansi.Strip(hs.view()), "\n")

			// The orders pane: every visible row, its tracking number whole.
			o := a.orders
			if n := o.visibleRows(); len(o.rows) < n {
				t.Fatalf("the fixture has %d rows, the pane shows %d: make it longer", len(o.rows), n)
			}
			ot := newTable(orderColumns(o.keys, nil), o.width-2)
			pane := region(plain, a.lay.orders)
			for i := o.top; i < o.top+o.visibleRows(); i++ {
				r := o.rows[i]
				line := pane[2+i-o.top]
				inner := ansi.Cut(line, 1, o.width-1)
				if w >= 100 && !strings.Contains(line, r.TrackingNo) {
					t.Errorf("orders row %d lacks its tracking number %s: %q", i, r.TrackingNo, line)
				}
				noEllipsisOutsideCut(t, "orders", ot, inner)
			}

			// The queue: tracking numbers whole when shown, ellipses in free
			// text only, the selected row's state in full in the border.
			e := a.exceptions
			et := e.table()
			qpane := region(plain, a.lay.exceptions)
			for i := e.top; i < min(len(e.items), e.top+e.visibleRows()); i++ {
				it := e.items[i]
				line := qpane[3+i-e.top]
				if et.visible(exColTracking) && !strings.Contains(line, it.TrackingNo) {
					t.Errorf("queue row %d lacks its tracking number %s: %q", i, it.TrackingNo, line)
				}
				inner := ansi.Cut(line, 1, e.width-1)
				noEllipsisOutsideCut(t, "queue", et, inner)
				// The State column shortens and drops facts; it cuts only a
				// long owner's name standing alone.
				if c := strings.TrimSpace(cellsOf(et, inner)[exColState]); strings.Contains(c, "…") &&
					(!strings.HasPrefix(c, "@") || strings.Contains(c, " ")) {
					t.Errorf("queue row %d: the state is cut: %q", i, c)
				}
			}
			if it, ok := e.Selected(); ok && len(it.state) > 0 {
				want := "[" + fullState(it.state) + "]"
				bottom := qpane[len(qpane)-1]
				if widthOf(want) <= e.width-5 && !strings.Contains(bottom, want) {
					t.Errorf("the queue's border lacks the selected state %q: %q", want, bottom)
				}
			}

			// Nowhere is a tracking number cut: no beginning of one ends in "…".
			screenText := strings.Join(plain, "\n")
			for _, r := range f.rows {
				for n := 4; n < len(r.TrackingNo); n++ {
					if strings.Contains(screenText, r.TrackingNo[:n]+"…") {
						t.Errorf("a tracking number is cut: %q", r.TrackingNo[:n]+"…")
					}
				}
			}

			// The status bar: whole items, no word cut.
			status := plain[a.lay.statusY]
			if strings.Contains(status, "…") {
				t.Errorf("the status bar is cut: %q", status)
			}
			for _, word := range strings.Fields(status) {
				if !full[word] && !more.MatchString(word) && word != "more" {
					t.Errorf("the status bar has %q, which is no whole word of it: %q", word, status)
				}
			}
		})
	}
}

// noEllipsisOutsideCut fails when a column not marked cut shows an
// ellipsis: its text must fit, whole or in a short form.
func noEllipsisOutsideCut(t *testing.T, pane string, tb table, inner string) {
	t.Helper()
	for i, c := range cellsOf(tb, inner) {
		if !tb.cols[i].cut && strings.Contains(c, "…") {
			t.Errorf("%s: column %q is cut: %q in %q", pane, tb.cols[i].title, c, inner)
		}
	}
}

// Below 160 columns the orders take the whole width; from 160 the timeline
// moves beside them and they keep room for their whole table.
func TestLayoutGivesTheOrdersTheirTable(t *testing.T) {
	for _, w := range []int{100, 120, 140, 159, 160, 200, 260} {
		l := computeLayout(w, 40, 1)
		switch {
		case w < wideWidth && l.orders.w != w:
			t.Errorf("%d columns: orders %d wide, want all of it", w, l.orders.w)
		case w >= wideWidth && l.orders.w < 104:
			t.Errorf("%d columns: orders %d wide, want at least 104", w, l.orders.w)
		}
		// At its width the orders table shows the tracking number, the
		// last update and the buyer; from 110 cells the carrier too.
		tb := newTable(orderColumns(keyWidths{order: 16}, nil), l.orders.w-2)
		for _, c := range []int{orColTracking, orColUpd, orColBuyer, orColStatus, orColOrder, orColException} {
			if !tb.visible(c) {
				t.Errorf("%d columns: the orders table hides %q", w, tb.cols[c].title)
			}
		}
		if l.orders.w >= 110 && !tb.visible(orColCarrier) {
			t.Errorf("%d columns: orders %d wide hide the carrier", w, l.orders.w)
		}
	}
}

// In every language: no title is wider than its column, and every status
// and kind fits its narrowest column without an ellipsis (a Chinese label
// is two cells a character).
func TestTablesStateWhatMayBeCut(t *testing.T) {
	for _, lang := range i18n.Langs {
		tr := i18n.New(lang)
		orders, queue := orderColumns(keyWidths{order: 16}, tr), exceptionColumns(keyWidths{order: 16}, tr)
		tables := map[string][]column{"orders": orders, "queue": queue}
		if lang != i18n.En {
			// English's "Description" (11) is wider than the column's
			// narrowest (10), as it always was; titled widens it only in
			// other languages, so the English goldens stand.
			tables["timeline"] = timelineColumns(tr)
		}
		for name, cols := range tables {
			for _, c := range cols {
				if widthOf(c.title) > c.min {
					t.Errorf("%s %s: column %q is narrower (%d) than its title", lang, name, c.title, c.min)
				}
				if c.title == tr.T("Tracking") && (c.cut || c.min != c.max) {
					t.Errorf("%s %s: the tracking column may be cut or resized: %+v", lang, name, c)
				}
			}
		}
		for _, s := range tracker.Statuses {
			if got := statusFit(s, orders[orColStatus].min, tr); widthOf(got) > orders[orColStatus].min {
				t.Errorf("%s status %s: %q does not fit", lang, s, got)
			}
		}
		for _, k := range tracker.ExceptionKinds {
			if got := kindFit(k, queue[exColKind].min, tr); widthOf(got) > queue[exColKind].min {
				t.Errorf("%s kind %s: %q does not fit the queue", lang, k, got)
			}
			for _, kinds := range [][]tracker.ExceptionKind{{k}, {k, tracker.ExStale}} {
				if got := exceptionMark(kinds, orders[orColException].min, tr); widthOf(got) > orders[orColException].min {
					t.Errorf("%s kind %s: mark %q does not fit the orders pane", lang, k, got)
				}
			}
		}
		for _, sev := range []tracker.Severity{tracker.SeverityLow, tracker.SeverityMedium, tracker.SeverityHigh, tracker.SeverityCritical} {
			if got := severityLabel(sev, tr); widthOf(got) > queue[exColSev].min {
				t.Errorf("%s severity %s: %q does not fit", lang, sev, got)
			}
		}
	}
}

func TestKeyColumnsFitTheLongestNumbers(t *testing.T) {
	type row struct{ track, order string }
	for _, tc := range []struct {
		name string
		rows []row
		want keyWidths
	}{
		{"none", nil, keyWidths{trackFloor, orderFloor}},
		{"short ones keep the floors", []row{{"RC095066336CN", "#1001"}, {"9412156272", "#1002"}}, keyWidths{trackFloor, orderFloor}},
		{"a USPS number and an AliExpress order widen them", []row{{"RC095066336CN", "#1001"}, {"9400111202544843610364", "8415317244503792"}},
			keyWidths{22, 16}},
		{"no wider than a valid number, an order number is cut past 20", []row{{strings.Repeat("9", 60), strings.Repeat("8", 30)}},
			keyWidths{trackCeil, orderCeil}},
		{"Chinese counts two cells a character", []row{{"RC095066336CN", "订单-二〇二五-〇六-〇一"}}, keyWidths{trackFloor, 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := measureKeys(tc.rows, func(r row) string { return r.track }, func(r row) string { return r.order })
			if got != tc.want {
				t.Errorf("measureKeys(%v) = %+v, want %+v", tc.rows, got, tc.want)
			}
		})
	}
}

func TestFitState(t *testing.T) {
	loc := time.UTC
	x := func(set func(*tracker.ExceptionRow)) []statePart {
		var r tracker.ExceptionRow
		set(&r)
		return exceptionState(r, loc, nil)
	}
	everything := x(func(r *tracker.ExceptionRow) {
		r.State, r.Owner, r.CaseStep, r.FollowUpDue = tracker.ExAcknowledged, "ana", tracker.StepVerify, true
	})
	for _, tc := range []struct {
		name  string
		parts []statePart
		w     int
		want  string
	}{
		{"open and nobody's: nothing", x(func(*tracker.ExceptionRow) {}), 20, ""},
		{"everything, room for it", everything, 40, "ack @ana case 2/4 verify follow-up due"},
		{"the case step shortens first", everything, 33, "ack @ana case 2/4 follow-up due"},
		{"to its number", everything, 30, "ack @ana c2/4 follow-up due"},
		{"then the follow-up", everything, 21, "ack @ana c2/4 f/u due"},
		{"then ack goes", everything, 17, "@ana c2/4 f/u due"},
		{"then the owner", everything, 12, "c2/4 f/u due"},
		{"the due follow-up stays longest", everything, 9, "f/u due"},
		{"a snooze says until when", x(func(r *tracker.ExceptionRow) {
			r.State, r.SnoozedUntil = tracker.ExSnoozed, time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
		}), 20, "snoozed→12-10"},
		{"a short snooze", x(func(r *tracker.ExceptionRow) {
			r.State, r.SnoozedUntil, r.Owner = tracker.ExSnoozed, time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC), "bob"
		}), 14, "snz→12-10 @bob"},
		{"what is left takes its long form again", x(func(r *tracker.ExceptionRow) {
			r.Owner, r.CaseStep = "customer-service-berlin", tracker.StepReassure
		}), 24, "case 1/4 reassure"},
		{"a long owner alone is cut", x(func(r *tracker.ExceptionRow) { r.Owner = "customer-service-berlin" }), 10, "@customer…"},
		{"a Chinese owner by cells", x(func(r *tracker.ExceptionRow) { r.Owner, r.State = "王芳", tracker.ExAcknowledged }), 9, "ack @王芳"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fitState(tc.parts, tc.w)
			if got != tc.want {
				t.Errorf("fitState(w=%d) = %q, want %q", tc.w, got, tc.want)
			}
			if widthOf(got) > tc.w {
				t.Errorf("fitState(w=%d) = %q is %d wide", tc.w, got, widthOf(got))
			}
		})
	}
	if got := fullState(everything); got != "ack · @ana · case 2/4 verify · follow-up due" {
		t.Errorf("fullState = %q", got)
	}
}
