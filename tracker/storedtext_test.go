package tracker

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Every exception detail the rules write reads back into the Phrase it was
// written from, its values typed: a screen renders the phrase, never a
// guess from the English.
func TestDetailsReadBackFromWhatTheRulesWrite(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	shipped := now.AddDate(0, 0, -40)
	ev := func(daysAgo int, st Status, x ExceptionKind, desc string) Event {
		return Event{Time: now.AddDate(0, 0, -daysAgo), Status: st, Exception: x, Description: desc}
	}
	r := DefaultRules()
	for _, tt := range []struct {
		name   string
		sh     Shipment
		order  Order
		events []Event
		format string
		args   []any
	}{
		{"no tracking", Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", ShippedAt: now.AddDate(0, 0, -6)}, Order{}, nil,
			DetailNoTracking, []any{6}},
		{"stale", Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", ShippedAt: shipped, Status: StatusInTransit}, Order{},
			[]Event{ev(8, StatusInTransit, "", "Departed")}, DetailStale, []any{8}},
		{"lost", Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", ShippedAt: shipped, Status: StatusInTransit}, Order{},
			[]Event{ev(31, StatusInTransit, "", "Departed")}, DetailLost, []any{31}},
		{"carrier's words stay as they are", Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", ShippedAt: shipped, Status: StatusCustoms}, Order{},
			[]Event{ev(1, StatusCustoms, ExCustoms, "Held: no invoice")}, DetailCarrier, []any{"Held: no invoice"}},
		{"carrier names no reason", Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", ShippedAt: shipped, Status: StatusException}, Order{},
			[]Event{ev(1, StatusException, "", "")}, DetailCarrierNoReason, []any{}},
		{"returning", Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", ShippedAt: shipped, Status: StatusReturning}, Order{},
			[]Event{ev(1, StatusReturning, "", "Return to sender")}, DetailReturning, []any{}},
		{"untracked", Shipment{TrackingNo: "UA123456785CN", Carrier: "china-post", ShippedAt: now}, Order{}, nil,
			DetailUntrackedService, []any{}},
		{"carrier unknown", Shipment{TrackingNo: "XYZ", ShippedAt: now}, Order{}, nil, DetailCarrierUnknown, []any{}},
		{"promised", Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", ShippedAt: shipped, Status: StatusInTransit},
			Order{PromisedAt: now.AddDate(0, 0, -2)}, []Event{ev(1, StatusInTransit, "", "Departed")}, DetailPromised, []any{"2026-03-18"}},
		{"carrier ETA", Shipment{TrackingNo: "RR123456785CN", Carrier: "china-post", ShippedAt: shipped, Status: StatusInTransit, ETA: now.AddDate(0, 0, -1)},
			Order{}, []Event{ev(1, StatusInTransit, "", "Departed")}, DetailCarrierETA, []any{"2026-03-19"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got *Finding
			for _, f := range Evaluate(tt.sh, tt.order, tt.events, now, r) {
				if f.Detail == (Phrase{Format: tt.format, Args: tt.args}).String() {
					got = &f
				}
			}
			if got == nil {
				t.Fatalf("no finding with the detail of %q %v in %+v", tt.format, tt.args, Evaluate(tt.sh, tt.order, tt.events, now, r))
			}
			p, ok := DetailPhrase(got.Detail)
			if !ok || p.Format != tt.format || !sameArgs(p.Args, tt.args) {
				t.Errorf("DetailPhrase(%q) = %q %v %v, want %q %v", got.Detail, p.Format, p.Args, ok, tt.format, tt.args)
			}
		})
	}
	if _, ok := DetailPhrase("Item is in a mood"); ok {
		t.Error("a detail in no known form read as a phrase")
	}
}

func sameArgs(a, b []any) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

// The history rule's two dates, and the ETA before it, read back apart.
func TestOverdueDetailsReadBack(t *testing.T) {
	for _, tt := range []struct {
		promised, eta, hist time.Time
		format              string
	}{
		{eta: ymd(2026, 3, 1), hist: ymd(2026, 3, 5), format: DetailCarrierETAAndHis},
		{hist: ymd(2026, 3, 5), format: DetailHistory},
		{eta: ymd(2026, 3, 1), format: DetailCarrierETA},
		{promised: ymd(2026, 3, 1), eta: ymd(2026, 2, 1), format: DetailPromised},
	} {
		_, why := overdueBy(tt.promised, tt.eta, tt.hist)
		p, ok := DetailPhrase(why)
		if !ok || p.Format != tt.format || p.String() != why {
			t.Errorf("%q read as %q %v (%v), want %q", why, p.Format, p.Args, ok, tt.format)
		}
	}
}

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Every line of every alert tracker writes reads back into a phrase of a
// known form, the words in it (kind, severity, status, deadline, the next
// action) typed; only the values stay text.
func TestAlertsReadBack(t *testing.T) {
	x := Exception{ID: 7, Kind: ExStale, Severity: SeverityMedium, Detail: "no update for 9 days: request an investigation"}
	sh := Shipment{ID: 3, TrackingNo: "RR123456785CN", Carrier: "china-post", Destination: "DE", Status: StatusInTransit}
	o := Order{OrderNo: "8123"}
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	type alert struct{ name, subject, body string }
	var alerts []alert
	s, b := ExceptionAlert(x, sh, o)
	alerts = append(alerts, alert{"exception", s, b})
	s, b = WatchAlert(sh, o, Event{Time: now, Location: "Leipzig", Description: "Sorted"}, 2)
	alerts = append(alerts, alert{"watch", s, b})
	for _, k := range DeadlineKinds {
		s, b = DeadlineAlert(DeadlineRow{Deadline: Deadline{Kind: k, DueAt: now.Add(50 * time.Hour), CaseID: 4, Source: "aliexpress"}, OrderNo: "8123", TrackingNo: "RR123456785CN"}, 72*time.Hour, now)
		alerts = append(alerts, alert{"deadline " + string(k), s, b})
	}
	for _, a := range alerts {
		t.Run(a.name, func(t *testing.T) {
			p, ok := AlertSubjectPhrase(a.subject)
			if !ok || p.String() != a.subject {
				t.Errorf("subject %q did not read back: %q %v", a.subject, p.Format, ok)
			}
			if _, typed := p.Args[0].(string); typed && a.name != "watch" {
				t.Errorf("subject %q: its word %v read as text", a.subject, p.Args[0])
			}
			lines := AlertBodyPhrases(a.body)
			var back []string
			for _, l := range lines {
				if l.Format == "%s" {
					t.Errorf("body line %q read as text", l.Args[0])
				}
				back = append(back, l.String())
			}
			if got := strings.Join(back, "\n") + "\n"; got != a.body {
				t.Errorf("body read back as\n%s\nwant\n%s", got, a.body)
			}
		})
	}
	// A digest's subject reads back with its parts typed, so a screen can
	// say each kind in its language.
	digest, _ := DigestText([]Alert{{Kind: "stale"}, {Kind: AlertWatch}, {Kind: "stale"}})
	p, ok := AlertSubjectPhrase(digest)
	if !ok || p.String() != digest {
		t.Fatalf("digest subject %q did not read back: %q %v", digest, p.Format, ok)
	}
	if want := (AlertCounts{{2, "stale"}, {1, AlertWatch}}); !reflect.DeepEqual(p.Args[1], want) {
		t.Errorf("digest parts read as %#v, want %#v", p.Args[1], want)
	}
}

// A time left (or a lead time) reads back as a Span exactly when Span
// would write it so; anything else is not one.
func TestSpanReadsBack(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		text string
		want Span
		ok   bool
	}{
		{TimeLeft(now.Add(50*time.Hour+20*time.Minute), now), Span{Days: 2, Hours: 2}, true},
		{TimeLeft(now.Add(72*time.Hour), now), Span{Days: 3}, true},
		{TimeLeft(now.Add(3*time.Hour+20*time.Minute), now), Span{Hours: 3, Mins: 20}, true},
		{TimeLeft(now.Add(45*time.Minute), now), Span{Mins: 45}, true},
		{TimeLeft(now.Add(-2*time.Hour), now), Span{Hours: 2, Overdue: true}, true},
		{"0m", Span{}, true},
		{"2d 3h 4m", Span{}, false}, // Span never writes three units
		{"3h20m", Span{}, false},
		{"", Span{}, false},
		{"soon", Span{}, false},
	} {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := spanArg(tt.text)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("spanArg(%q) = %v %v, want %v %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// The log details the store writes read back by the entry's action; a
// person's reason or a name stays as they wrote it.
func TestLogDetailsReadBack(t *testing.T) {
	for _, tt := range []struct {
		action, detail, format string
		ok                     bool
	}{
		{"opened", "no update for 9 days: request an investigation", DetailStale, true},
		{"closed", "no longer found by the rules", LogClosedByRules, true},
		{LogAcknowledged, "snooze until 2026-03-01 10:00 UTC ended", LogSnoozeEnded, true},
		{LogSnoozed, "until 2026-03-01 10:00 UTC", LogSnoozedUntil, true},
		{LogAssigned, "nobody", LogNobody, true},
		{LogAssigned, "nobody (was ana)", LogNobodyWas, true},
		{LogAssigned, "li (was ana)", LogOwnerWas, true},
		{LogAssigned, "li", "", false},
		{LogResolved, "by hand", LogByHand, true},
		{LogResolved, "buyer got it (was at a neighbour)", "", false},
		{LogReopened, "by hand", "", false},
	} {
		p, ok := LogDetailPhrase(tt.action, tt.detail)
		if ok != tt.ok || (ok && (p.Format != tt.format || p.String() != tt.detail)) {
			t.Errorf("%s %q: %q %v, want %q %v", tt.action, tt.detail, p.Format, ok, tt.format, tt.ok)
		}
	}
}

// A refused date or amount is a Refusal whose English is what it was.
func TestRefusalsKeepTheirEnglish(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	_, dateErr := ParseDate("soonish", now)
	_, pastErr := ParseDay("2026-03-01", now)
	_, moneyErr := ParseMoney("12.345")
	for _, tt := range []struct {
		err    error
		format string
		want   string
	}{
		{dateErr, refuseNotADate, `"soonish" is not a date: write ` + DateForms},
		{pastErr, refuseNotFuture, `"2026-03-01" is not in the future`},
		{moneyErr, refuseDecimals, "more than two decimals: want at most cents, such as 12.50"},
	} {
		var r *Refusal
		if !errors.As(tt.err, &r) || r.Format != tt.format {
			t.Errorf("%v: not a Refusal of %q", tt.err, tt.format)
			continue
		}
		if tt.err.Error() != tt.want {
			t.Errorf("English %q, want %q", tt.err.Error(), tt.want)
		}
	}
}

// A case's log, as Case.Apply writes it, reads back where it has a form:
// the kind it opened for, the follow-up date, a step jumped to, the
// solution, the root cause; a person's own words stay theirs.
func TestCaseLogDetailsReadBack(t *testing.T) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	c, open, err := OpenCase(1, 2, 3, ExStale, "en", "ana", now)
	if err != nil {
		t.Fatal(err)
	}
	entries := []CaseEntry{open}
	for _, a := range []CaseAction{
		{Type: ActReassure, Text: "we are on it"},
		{Type: ActVerify, Text: "carrier says in Leipzig", Reference: "T-77"},
		{Type: ActGoTo, Step: StepVerify},
		{Type: ActGoTo, Step: StepSolve},
		{Type: ActSolve, Solution: &Solution{Type: SolveRefund, Amount: 1250, Currency: "USD", Partial: true}},
		{Type: ActFollowUp, FollowUpAt: now.AddDate(0, 0, 3)},
		{Type: ActClose, Text: "buyer refunded", RootCause: CauseCarrier},
	} {
		var e CaseEntry
		if c, e, err = c.Apply(a, "ana", now); err != nil {
			t.Fatalf("%s: %v", a.Type, err)
		}
		entries = append(entries, e)
	}
	want := map[CaseActionType]string{"open": "%s", ActVerify: caseRefSuffix, ActGoTo: caseGoTo, ActSolve: solvedPartRefund,
		ActFollowUp: caseNextFollowUp, ActClose: caseClosed}
	for _, e := range entries {
		p, ok := CaseLogDetailPhrase(e.Action, e.Detail)
		format, typed := want[e.Action]
		if ok != typed || (ok && (p.Format != format || p.String() != e.Detail)) {
			t.Errorf("%s %q: %q %v, want %q %v", e.Action, e.Detail, p.Format, ok, format, typed)
		}
	}
	for _, s := range []Solution{{Type: SolveNewETA, ETA: now}, {Type: SolveReissue, ReissueTrackingNo: "RR123456785CN"},
		{Type: SolveRefund, Amount: 100, Currency: "EUR"}, {Type: SolveClaim, Amount: 4599, Currency: "USD", Reference: "C1"},
		{Type: SolveClaim, Amount: 4599, Currency: "USD"}, {Type: SolveNoneNeeded},
		{Type: SolveCustoms, Documents: []string{"commercial invoice", "HS code"}, Duties: DutiesBuyer},
		{Type: SolveCustoms, Documents: []string{"packing list"}, Duties: DutiesShared, Amount: 5000, SellerShare: 2000, Currency: "USD"},
		{Type: SolveRedeliver, Address: "Hauptstr. 5, Berlin", Phone: "+49 30 1234"},
		{Type: SolvePickup, Address: "Packstation 101"}, {Type: SolveRedeliver, Phone: "+49 30 1234"},
		{Type: SolvePickup}, {Type: SolveReturn}} {
		if p, ok := CaseLogDetailPhrase(ActSolve, s.String()); !ok || p.String() != s.String() {
			t.Errorf("solution %q did not read back", s.String())
		}
	}
}
