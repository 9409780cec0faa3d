package templates

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"waybill/tracker"
	"waybill/tracker/heavytest"
)

// The moment the messages are written, and dates on either side of it. The
// past ETA is the issue's: a lost-parcel message ending "Expected delivery:
// 7 Nov 2026" a month after.
var (
	now          = time.Date(2026, 12, 8, 10, 30, 0, 0, time.UTC)
	pastETA      = time.Date(2026, 11, 7, 0, 0, 0, 0, time.UTC)
	futureETA    = time.Date(2026, 12, 19, 0, 0, 0, 0, time.UTC)
	reissuePast  = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	reissueETA   = time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC)
	newETAPast   = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	newETAAhead  = time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC)
	nextPast     = time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	nextAhead    = time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC)
	shippedAt    = time.Date(2026, 10, 20, 8, 0, 0, 0, time.UTC)
	lostNumber   = "LX123456789CN"
	reissueNo    = "YT2229521272164446"
	reissueSlug  = "yunexpress"
	redeliverTo  = "Calle Falsa 123, 8320000 Santiago"
	pickupAt     = "Punto Pack, Av. Providencia 1208"
	claimRef     = "CLM-77812"
	refundAmount = tracker.Money(123450)
	dutiesTotal  = tracker.Money(4860)
	sellerShare  = tracker.Money(2000)
)

// baseFacts is a case as the screen would gather it.
func baseFacts(kind tracker.ExceptionKind, st tracker.Status, eta, next time.Time) Facts {
	return Facts{
		Now: now, Kind: kind, Buyer: "Zoë Ñúñez", OrderNo: "WB-2026-00417", Seller: "Tienda Ámbar",
		Parcel:     Parcel{TrackingNo: lostNumber, CarrierSlug: "china-post", Status: st, ShippedAt: shippedAt, ETA: eta},
		NextUpdate: next,
	}
}

// solved is f with decision s.
func solved(f Facts, s *tracker.Solution) Facts {
	f.Solution = s
	return f
}

// solutionVariant is one decision of step 3 as a test case.
type solutionVariant struct {
	name    string
	s       tracker.Solution
	reissue *Parcel // Facts.Reissue
}

// solutionVariants are the decisions that fit kind (tracker.SolutionsFor),
// each in the shapes that word differently: a full and a partial refund,
// duties paid by either side or shared, a new date ahead or gone, a
// reissue tracked or known only by its number.
func solutionVariants(kind tracker.ExceptionKind, st tracker.Status, pastDates bool) []solutionVariant {
	var out []solutionVariant
	for _, typ := range tracker.SolutionsFor(kind) {
		s := tracker.Solution{Type: typ}
		switch typ {
		case tracker.SolveNewETA:
			s.ETA = newETAAhead
			out = append(out, solutionVariant{name: "new_eta ahead", s: s})
			s.ETA = newETAPast
			out = append(out, solutionVariant{name: "new_eta passed", s: s})
		case tracker.SolveReissue:
			s.ReissueTrackingNo, s.ReissueCarrier = reissueNo, reissueSlug
			eta := reissueETA
			if pastDates {
				eta = reissuePast
			}
			out = append(out, solutionVariant{name: "reissue tracked", s: s,
				reissue: &Parcel{TrackingNo: reissueNo, CarrierSlug: reissueSlug, Status: st, ShippedAt: now.AddDate(0, 0, -3), ETA: eta}})
			out = append(out, solutionVariant{name: "reissue untracked", s: s})
		case tracker.SolveRefund:
			s.Amount, s.Currency = refundAmount, "EUR"
			out = append(out, solutionVariant{name: "refund full", s: s})
			s.Partial = true
			out = append(out, solutionVariant{name: "refund partial", s: s})
		case tracker.SolveCustoms:
			s.Documents = []string{"commercial invoice", "HS code"}
			s.Amount, s.Currency = dutiesTotal, "EUR"
			for _, d := range []tracker.Duties{tracker.DutiesBuyer, tracker.DutiesSeller, tracker.DutiesShared} {
				s.Duties = d
				if d == tracker.DutiesShared {
					s.SellerShare = sellerShare
				}
				out = append(out, solutionVariant{name: "customs " + string(d), s: s})
			}
		case tracker.SolveRedeliver:
			s.Address, s.Phone = redeliverTo, "+56 9 1234 5678"
			out = append(out, solutionVariant{name: "redelivery", s: s})
		case tracker.SolvePickup:
			s.Address = pickupAt
			out = append(out, solutionVariant{name: "pickup", s: s})
		case tracker.SolveClaim:
			s.Amount, s.Currency, s.Evidence, s.Reference = 3000, "EUR", []string{"box.jpg"}, claimRef
			out = append(out, solutionVariant{name: "claim", s: s})
		default:
			out = append(out, solutionVariant{name: string(typ), s: s})
		}
	}
	return out
}

// langFacts are what the checks read from a language's built-in texts: the
// status line's label, the delivery date's label, the sentences that promise
// a date, and how dates are written.
type langFacts struct {
	statusPrefix string
	etaLabel     string
	promises     []string
	dateRE       *regexp.Regexp
	dateLayout   string
}

var datePatterns = map[string]string{
	"2 Jan 2006":    `\d{1,2} [A-Z][a-z]{2} \d{4}`,
	"02/01/2006":    `\d{2}/\d{2}/\d{4}`,
	"02.01.2006":    `\d{2}\.\d{2}\.\d{4}`,
	"02-01-2006":    `\d{2}-\d{2}-\d{4}`,
	"2006年1月2日":     `\d{4}年\d{1,2}月\d{1,2}日`,
	"2006년 1월 2일":   `\d{4}년 \d{1,2}월 \d{1,2}일`,
	"2. 1. 2006":    `\d{1,2}\. \d{1,2}\. \d{4}`,
	"2006-01-02":    `\d{4}-\d{2}-\d{2}`,
	"2006. 01. 02.": `\d{4}\. \d{2}\. \d{2}\.`,
}

func readLangFacts(t *testing.T, lang string) langFacts {
	t.Helper()
	lf := langFacts{dateLayout: dateLayouts[lang]}
	lf.dateRE = regexp.MustCompile(datePatterns[lf.dateLayout])
	for _, p := range Purposes {
		src, err := fs.ReadFile(builtin, "builtin/"+p+"."+Generic+"."+lang+".txt")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			if pre, ok := strings.CutSuffix(line, "{{.Status}}"); ok {
				lf.statusPrefix = pre
			}
			if rest, ok := strings.CutPrefix(line, "{{if .ETA}}"); ok {
				lf.etaLabel, _, _ = strings.Cut(rest, "{{.ETA}}")
				_, promise, ok := strings.Cut(rest, "{{else if not .NoETA}}")
				if !ok { // a text older than NoETA
					_, promise, _ = strings.Cut(rest, "{{else}}")
				}
				promise, _, _ = strings.Cut(promise, "{{end}}")
				lf.promises = append(lf.promises, promise)
			}
		}
	}
	if lf.statusPrefix == "" || lf.etaLabel == "" || len(lf.promises) != 2 || lf.promises[0] == "" || lf.dateLayout == "" {
		t.Fatalf("%s: cannot read the labels from the generic texts: %+v", lang, lf)
	}
	return lf
}

var actionRE = regexp.MustCompile(`\{\{.*?\}\}`)

// choiceWording is what the text at source says while no solution exists:
// the literal sentences of its {{if .Solution}}…{{else}}…{{end}} branch.
func choiceWording(t *testing.T, source string) []string {
	t.Helper()
	src, err := fs.ReadFile(builtin, source)
	if err != nil {
		t.Fatal(err)
	}
	const open = "{{if .Solution}}{{.Solution}}{{else}}"
	text := string(src)
	i := strings.Index(text, open)
	if i < 0 {
		return nil
	}
	rest := text[i+len(open):]
	depth, end := 0, -1
	for _, loc := range actionRE.FindAllStringIndex(rest, -1) {
		a := rest[loc[0]:loc[1]]
		switch {
		case strings.HasPrefix(a, "{{if") || strings.HasPrefix(a, "{{with"):
			depth++
		case a == "{{end}}":
			depth--
		}
		if depth < 0 {
			end = loc[0]
			break
		}
	}
	if end < 0 {
		t.Fatalf("%s: unclosed solution branch", source)
	}
	var out []string
	for _, lit := range actionRE.Split(rest[:end], -1) {
		if lit = strings.TrimSpace(lit); utf8.RuneCountInString(lit) >= 6 {
			out = append(out, lit)
		}
	}
	return out
}

// englishChoices is the choice wording of the English texts, written out
// here and not read from the texts, so a text that lost its solution branch
// is caught too.
var englishChoices = []string{"replacement or refund", "replacement or a refund", "send it again or refund",
	"new delivery or a pickup point", "missing items or a refund", "or refund them", "prefer a refund", "whichever you prefer"}

// shownParcel is the parcel a message must show, by the test's own reading
// of the rules: the new one in an update after a reissue.
func shownParcel(purpose string, f Facts) (Parcel, bool) {
	if purpose == PurposeUpdate && f.Solution != nil && f.Solution.Type == tracker.SolveReissue {
		if f.Reissue != nil {
			return *f.Reissue, false
		}
		return Parcel{TrackingNo: f.Solution.ReissueTrackingNo, CarrierSlug: f.Solution.ReissueCarrier}, false
	}
	return f.Parcel, true
}

// dateMakesSense is the test's reading of when a delivery date may be
// stated for p: on its way to the buyer, and not the case's own parcel of
// a lost, damaged, missing_items or returning case.
func dateMakesSense(kind tracker.ExceptionKind, p Parcel, original bool) bool {
	if original && slices.Contains([]tracker.ExceptionKind{tracker.ExLost, tracker.ExDamaged, tracker.ExMissingItems, tracker.ExReturning}, kind) {
		return false
	}
	return !slices.Contains([]tracker.Status{tracker.StatusAvailableForPickup, tracker.StatusDeliveryFailed, tracker.StatusDelivered,
		tracker.StatusReturning, tracker.StatusReturned, tracker.StatusExpired}, p.Status)
}

// checkTruth lists what message m, written from f in lang, says that is
// not true of f (or leaves out that it must say). Empty: nothing.
func checkTruth(t *testing.T, purpose string, f Facts, lang string, lf langFacts, m Message) []string {
	t.Helper()
	var bad []string
	say := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	text := m.Subject + "\n" + m.Body
	has := func(s string) bool { return s != "" && strings.Contains(text, s) }
	date := func(d time.Time) string { return FormatDate(d.In(f.Now.Location()), lang) }
	p, original := shownParcel(purpose, f)
	protected := !original || (f.Kind != tracker.ExDamaged && f.Kind != tracker.ExMissingItems)

	// 1. No date before Now, whatever it names.
	today := time.Date(f.Now.Year(), f.Now.Month(), f.Now.Day(), 0, 0, 0, 0, time.UTC)
	for _, s := range lf.dateRE.FindAllString(text, -1) {
		d, err := time.Parse(lf.dateLayout, s)
		if err != nil {
			say("unreadable date %q: %v", s, err)
		} else if d.Before(today) {
			say("states %q, a date before %s", s, f.Now.Format("2006-01-02"))
		}
	}

	// 2. A delivery date only where one makes sense, and the right one.
	sense := dateMakesSense(f.Kind, p, original)
	var want time.Time // the date the message must give
	if sense {
		if s := f.Solution; s != nil && s.Type == tracker.SolveNewETA && s.ETA.After(f.Now) {
			want = s.ETA
		} else if p.ETA.After(f.Now) {
			want = p.ETA
		}
	}
	if !want.IsZero() && !has(lf.etaLabel+date(want)) {
		say("lacks the delivery date %q", lf.etaLabel+date(want))
	}
	if want.IsZero() && has(lf.etaLabel) {
		say("states a delivery date (%q) where none may be given", lf.etaLabel)
	}
	for _, d := range []time.Time{f.Parcel.ETA, reissueETA, newETAAhead} {
		if d != want && has(date(d)) {
			wanted := "none"
			if !want.IsZero() {
				wanted = date(want)
			}
			say("states %s, which is not the date to give (%s)", date(d), wanted)
		}
	}
	// A failed delivery may be promised a date (once a new one is
	// arranged), if a date could be given for its parcel at all.
	pending := p
	if pending.Status == tracker.StatusDeliveryFailed {
		pending.Status = tracker.StatusInTransit
	}
	if !dateMakesSense(f.Kind, pending, original) {
		for _, pr := range lf.promises {
			if has(pr) {
				say("promises a date (%q) where none makes sense", pr)
			}
		}
	}

	// 3. The status shown is the parcel's, and the text follows it.
	if p.Status != "" {
		if line := lf.statusPrefix + StatusLabel(p.Status, lang); !slices.Contains(strings.Split(m.Body, "\n"), line) {
			say("lacks the status line %q", line)
		}
	} else if has(lf.statusPrefix) {
		say("shows a status for a parcel with none")
	}
	src := path.Base(m.Source)
	switch {
	case protected && p.Status == tracker.StatusDelivered:
		if !strings.Contains(src, "."+Delivered+".") {
			say("a delivered parcel written about with %s", src)
		}
	case protected && (p.Status == tracker.StatusReturning || p.Status == tracker.StatusReturned):
		if !strings.Contains(src, "."+string(tracker.ExReturning)+".") {
			say("a parcel going back written about with %s", src)
		}
	case strings.Contains(src, "."+Delivered+"."):
		say("a parcel in status %q written about as delivered (%s)", p.Status, src)
	}
	if !has(p.TrackingNo) {
		say("lacks the tracking number %s", p.TrackingNo)
	}

	// 4. The next follow-up, only ahead.
	if purpose == PurposeUpdate && f.NextUpdate.After(f.Now) && !has(date(f.NextUpdate)) {
		say("lacks the next follow-up %s", date(f.NextUpdate))
	}

	// 5. The solution: its facts, and no choice left to the buyer.
	s := f.Solution
	if s == nil {
		return bad
	}
	named := true // the message must name it
	money := func(x tracker.Money) string { return FormatMoney(x, s.Currency, lang) }
	var facts []string
	switch s.Type {
	case tracker.SolveNewETA:
		named = sense && s.ETA.After(f.Now) // else its date is no longer true
	case tracker.SolveReissue:
		facts = []string{reissueNo, TrackingURL(reissueSlug, reissueNo), carrierName(reissueSlug)}
		if purpose == PurposeUpdate && has(lostNumber) {
			say("a reissue update shows the lost parcel's number %s", lostNumber)
		}
	case tracker.SolveRefund:
		facts = []string{money(s.Amount)}
	case tracker.SolveCustoms:
		facts = []string{money(s.Amount)}
		if s.Duties == tracker.DutiesShared {
			facts = append(facts, money(s.SellerShare), money(s.Amount-s.SellerShare))
		}
	case tracker.SolveRedeliver, tracker.SolvePickup:
		facts = []string{s.Address}
	case tracker.SolveClaim:
		facts = []string{s.Reference}
	case tracker.SolveNoneNeeded:
		named = p.Status != tracker.StatusDelivered // the delivered text says it arrived
	}
	if !named {
		return bad
	}
	for _, w := range facts {
		if !has(w) {
			say("lacks the solution's %q", w)
		}
	}
	for _, c := range choiceWording(t, m.Source) {
		if has(c) {
			say("offers the choice it had before the solution: %q", c)
		}
	}
	if lang == "en" {
		for _, c := range englishChoices {
			if has(c) {
				say("offers a choice after the solution: %q", c)
			}
		}
	}
	return bad
}

// composer writes a message from facts: Compose, or the old way.
type composer func(s *Set, purpose string, f Facts, lang string) (Message, error)

func compose(s *Set, purpose string, f Facts, lang string) (Message, error) {
	return s.Compose(purpose, f, lang)
}

// legacyCompose is how the case screen filled the texts before Compose
// (ui/caseview.go's messageData, then Render): the parcel's ETA as is, a
// new ETA whatever its date, a reissue's number without its status.
func legacyCompose(s *Set, purpose string, f Facts, lang string) (Message, error) {
	d := Data{Buyer: f.Buyer, OrderNo: f.OrderNo, TrackingNo: f.Parcel.TrackingNo, CarrierSlug: f.Parcel.CarrierSlug,
		Seller: f.Seller, StatusCode: f.Parcel.Status, ETADate: f.Parcel.ETA}
	if !f.Parcel.ShippedAt.IsZero() && f.Now.After(f.Parcel.ShippedAt) {
		d.Days = int(f.Now.Sub(f.Parcel.ShippedAt) / (24 * time.Hour))
	}
	if purpose == PurposeUpdate {
		if s := f.Solution; s != nil {
			switch s.Type {
			case tracker.SolveNewETA:
				d.ETADate = s.ETA
			case tracker.SolveReissue:
				d.TrackingNo, d.CarrierSlug, d.StatusCode, d.ETADate = s.ReissueTrackingNo, s.ReissueCarrier, "", time.Time{}
			}
		}
		if f.NextUpdate.After(f.Now) {
			d.NextUpdate = FormatDate(f.NextUpdate.In(f.Now.Location()), lang)
		}
	}
	d.Carrier = carrierName(d.CarrierSlug)
	return s.Render(purpose, f.Kind, lang, d)
}

// matrix is every kind × built-in language × status × purpose, with ETAs
// (and follow-ups, and a reissue's ETA) in the past and in the future, and
// for updates no solution and every solution that fits the kind.
type matrixCase struct {
	name    string
	purpose string
	f       Facts
	lang    string
}

func matrix() []matrixCase {
	var out []matrixCase
	for _, k := range append([]tracker.ExceptionKind{""}, tracker.ExceptionKinds...) {
		for _, l := range Languages() {
			for _, st := range tracker.Statuses {
				for _, past := range []bool{true, false} {
					eta, next, when := futureETA, nextAhead, "dates ahead"
					if past {
						eta, next, when = pastETA, nextPast, "dates past"
					}
					name := fmt.Sprintf("%s/%s/%s/%s", kindName(k), l, st, when)
					f := baseFacts(k, st, eta, next)
					out = append(out, matrixCase{name + "/reassure", PurposeReassure, f, l})
					out = append(out, matrixCase{name + "/update", PurposeUpdate, f, l})
					for _, v := range solutionVariants(k, st, past) {
						fv := f
						fv.Solution, fv.Reissue = &v.s, v.reissue
						out = append(out, matrixCase{name + "/update/" + v.name, PurposeUpdate, fv, l})
					}
				}
			}
		}
	}
	return out
}

func kindName(k tracker.ExceptionKind) string {
	if k == "" {
		return Generic
	}
	return string(k)
}

// runMatrix composes every case of the matrix and returns the problems
// found, by case, and how many messages were written.
func runMatrix(t *testing.T, c composer) (map[string][]string, int) {
	t.Helper()
	s := mustNew(t, "")
	lfs := map[string]langFacts{}
	for _, l := range Languages() {
		lfs[l] = readLangFacts(t, l)
	}
	problems := map[string][]string{}
	cases := matrix()
	for _, mc := range cases {
		m, err := c(s, mc.purpose, mc.f, mc.lang)
		if err != nil {
			problems[mc.name] = []string{err.Error()}
			continue
		}
		if m.Language != mc.lang {
			problems[mc.name] = append(problems[mc.name], "written in "+m.Language)
		}
		if bad := checkTruth(t, mc.purpose, mc.f, mc.lang, lfs[mc.lang], m); len(bad) > 0 {
			problems[mc.name] = append(bad, "--- "+m.Source+"\nSubject: "+m.Subject+"\n"+m.Body)
		}
	}
	return problems, len(cases)
}

// TestComposeTellsTheTruth: every message Compose writes, for every kind,
// built-in language, status, purpose and fitting solution, with dates on
// both sides of the moment of writing, states nothing false of its facts
// and everything the solution decided.
func TestComposeTellsTheTruth(t *testing.T) {
	heavytest.WithoutRace(t)
	problems, n := runMatrix(t, compose)
	t.Logf("%d messages composed", n)
	if n < 10000 {
		t.Errorf("only %d messages in the matrix", n)
	}
	reported := 0
	for _, name := range slices.Sorted(maps.Keys(problems)) {
		if reported++; reported > 20 {
			t.Errorf("… and %d more", len(problems)-20)
			break
		}
		t.Errorf("%s:\n  %s", name, strings.Join(problems[name], "\n  "))
	}
}

// The messages of the issue, written the old way and by Compose: the
// checks catch each falsehood in the old one, and Compose writes none.
func TestIssueMessages(t *testing.T) {
	s := mustNew(t, "")
	reissue := &tracker.Solution{Type: tracker.SolveReissue, ReissueTrackingNo: reissueNo, ReissueCarrier: reissueSlug}
	shared := &tracker.Solution{Type: tracker.SolveCustoms, Documents: []string{"commercial invoice"}, Duties: tracker.DutiesShared,
		Amount: dutiesTotal, SellerShare: sellerShare, Currency: "PLN"}
	tests := []struct {
		name    string
		purpose string
		f       Facts
		lang    string
		oldSays string // what the old message said that was false, or left out
		newSays []string
	}{
		{"lost parcel, a month-old ETA", PurposeReassure,
			baseFacts(tracker.ExLost, tracker.StatusException, pastETA, time.Time{}), "en",
			"Expected delivery: 7 Nov 2026", []string{"appears to be lost"}},
		{"Polish customs, a date gone", PurposeReassure,
			baseFacts(tracker.ExCustoms, tracker.StatusCustoms, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), time.Time{}), "pl",
			"Przewidywana dostawa: 30.11.2026", []string{"Status: W odprawie celnej", "Wkrótce przekażemy Państwu przewidywaną datę dostawy."}},
		{"Chile: returning to sender and a delivery date", PurposeReassure,
			baseFacts(tracker.ExOverdue, tracker.StatusReturning, time.Date(2026, 12, 13, 0, 0, 0, 0, time.UTC), time.Time{}), "es",
			"Entrega prevista: 13/12/2026", []string{"Estado: En devolución al remitente", "El transportista nos está devolviendo su paquete."}},
		{"reissue chosen, update offers replacement or refund", PurposeUpdate,
			solved(baseFacts(tracker.ExLost, tracker.StatusException, pastETA, nextAhead), reissue), "en",
			"replacement or refund", []string{reissueNo, "YunExpress", TrackingURL(reissueSlug, reissueNo)}},
		{"shared duties left out", PurposeUpdate,
			solved(baseFacts(tracker.ExCustoms, tracker.StatusCustoms, futureETA, nextAhead), shared), "pl",
			"20,00 PLN", []string{"48,60 PLN", "20,00 PLN", "28,60 PLN", "faktura handlowa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lf := readLangFacts(t, tt.lang)
			old, err := legacyCompose(s, tt.purpose, tt.f, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			bad := checkTruth(t, tt.purpose, tt.f, tt.lang, lf, old)
			if len(bad) == 0 {
				t.Errorf("the checks find nothing wrong with the old message:\n%s", old.Body)
			}
			if said := strings.Contains(old.Body, tt.oldSays); said == strings.HasSuffix(tt.name, "left out") {
				t.Errorf("old message and %q (said: %v):\n%s", tt.oldSays, said, old.Body)
			}
			m, err := s.Compose(tt.purpose, tt.f, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			if bad := checkTruth(t, tt.purpose, tt.f, tt.lang, lf, m); len(bad) > 0 {
				t.Errorf("%s\n%s", strings.Join(bad, "\n"), m.Body)
			}
			if !strings.HasSuffix(tt.name, "left out") && strings.Contains(m.Body, tt.oldSays) {
				t.Errorf("still says %q:\n%s", tt.oldSays, m.Body)
			}
			for _, w := range tt.newSays {
				if !strings.Contains(m.Body, w) {
					t.Errorf("lacks %q:\n%s", w, m.Body)
				}
			}
		})
	}
}

// Every built-in update text names the solution, and so does every reassure
// text that offers the buyer a choice: a text without the branch could not
// be checked by the matrix's choice test.
func TestTextsNameTheSolution(t *testing.T) {
	s := mustNew(t, "")
	choosing := []string{string(tracker.ExLost), string(tracker.ExDamaged), string(tracker.ExMissingItems),
		string(tracker.ExReturning), string(tracker.ExDeliveryFailed)}
	for _, name := range s.Keys() {
		parts := strings.Split(name, ".")
		purpose, k := parts[0], parts[1]
		if purpose == PurposeReassure && !slices.Contains(choosing, k) && k != Delivered {
			continue
		}
		src, err := fs.ReadFile(builtin, "builtin/"+name)
		if err != nil {
			t.Fatal(err)
		}
		want := "{{if .Solution}}{{.Solution}}{{else}}"
		if k == Delivered {
			want = "{{with .Solution}}"
		}
		if !strings.Contains(string(src), want) {
			t.Errorf("%s does not say the solution (%s)", name, want)
		}
	}
}

func TestTextKey(t *testing.T) {
	tests := []struct {
		kind tracker.ExceptionKind
		st   tracker.Status
		want string
	}{
		{tracker.ExLost, tracker.StatusException, "lost"},
		{tracker.ExLost, tracker.StatusDelivered, Delivered},
		{"", tracker.StatusDelivered, Delivered},
		{tracker.ExReturning, tracker.StatusDelivered, Delivered},
		{tracker.ExCustoms, tracker.StatusReturning, "returning"},
		{tracker.ExOverdue, tracker.StatusReturned, "returning"},
		{"", tracker.StatusReturned, "returning"},
		{tracker.ExStale, tracker.StatusDeliveryFailed, "delivery_failed"},
		{tracker.ExDamaged, tracker.StatusReturning, "damaged"},
		{tracker.ExMissingItems, tracker.StatusInTransit, "missing_items"},
		{tracker.ExDamaged, tracker.StatusDelivered, "damaged"},
		{tracker.ExNoTracking, tracker.StatusInfoReceived, "no_tracking"},
		{tracker.ExNoTracking, tracker.StatusInTransit, Generic},
		{tracker.ExUntracked, tracker.StatusPending, "untracked"},
		{tracker.ExUntracked, tracker.StatusCustoms, Generic},
		{tracker.ExCustoms, tracker.StatusException, "customs"},
		{tracker.ExCustoms, tracker.StatusOutForDelivery, Generic},
		{tracker.ExCarrierProblem, tracker.StatusException, "carrier_problem"},
		{"", tracker.StatusInTransit, Generic},
	}
	for _, tt := range tests {
		if got := textKey(tt.kind, tt.st); got != tt.want {
			t.Errorf("textKey(%q, %s) = %q, want %q", tt.kind, tt.st, got, tt.want)
		}
	}
}

func TestDeliveryDates(t *testing.T) {
	for _, st := range append([]tracker.Status{""}, tracker.Statuses...) {
		state, promise := deliveryDates(tracker.ExOverdue, st, true)
		wantState := !slices.Contains([]tracker.Status{tracker.StatusAvailableForPickup, tracker.StatusDeliveryFailed,
			tracker.StatusDelivered, tracker.StatusReturning, tracker.StatusReturned, tracker.StatusExpired}, st)
		wantPromise := wantState || st == tracker.StatusDeliveryFailed
		if state != wantState || promise != wantPromise {
			t.Errorf("%q: state %v promise %v, want %v %v", st, state, promise, wantState, wantPromise)
		}
		for _, k := range []tracker.ExceptionKind{tracker.ExLost, tracker.ExDamaged, tracker.ExMissingItems, tracker.ExReturning} {
			if s, p := deliveryDates(k, st, true); s || p {
				t.Errorf("%s/%q: the case's own parcel gets a date (%v) or a promise (%v)", k, st, s, p)
			}
			if s, _ := deliveryDates(k, st, false); s != wantState {
				t.Errorf("%s/%q: a reissue's date %v, want %v", k, st, s, wantState)
			}
		}
	}
}

func TestComposeRefuses(t *testing.T) {
	s := mustNew(t, "")
	f := baseFacts(tracker.ExLost, tracker.StatusException, futureETA, nextAhead)
	if _, err := s.Compose("apologise", f, "en"); err == nil {
		t.Error("unknown purpose accepted")
	}
	bad := f
	bad.Kind = "meteor"
	if _, err := s.Compose(PurposeReassure, bad, "en"); err == nil {
		t.Error("unknown kind accepted")
	}
	bad = f
	bad.Now = time.Time{}
	if _, err := s.Compose(PurposeReassure, bad, "en"); err == nil {
		t.Error("facts without a time of writing accepted")
	}
	bad = f
	bad.Solution = &tracker.Solution{Type: tracker.SolveReissue}
	if _, err := s.Compose(PurposeUpdate, bad, "en"); err == nil {
		t.Error("a reissue without a number accepted for an update")
	}
}

// Dates are written in the zone of the moment of writing, and a date that
// is today there but already past is not given.
func TestComposeDatesInTheWritersZone(t *testing.T) {
	s := mustNew(t, "")
	santiago := time.FixedZone("CLT", -3*3600)
	f := baseFacts(tracker.ExOverdue, tracker.StatusInTransit, time.Time{}, time.Time{})
	f.Now = time.Date(2026, 12, 12, 22, 0, 0, 0, santiago) // 13 Dec 01:00 UTC
	f.Parcel.ETA = time.Date(2026, 12, 13, 2, 0, 0, 0, time.UTC)
	m, err := s.Compose(PurposeReassure, f, "es")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Body, "Entrega prevista: 12/12/2026") {
		t.Errorf("ETA not written in the writer's zone:\n%s", m.Body)
	}
	f.Parcel.ETA = f.Now.Add(-time.Minute)
	m, _ = s.Compose(PurposeReassure, f, "es")
	if strings.Contains(m.Body, "Entrega prevista") || !strings.Contains(m.Body, "Muy pronto le indicaremos una fecha de entrega estimada.") {
		t.Errorf("an ETA a minute past is given:\n%s", m.Body)
	}
}

// A reassure message written after a decision (the case went back to step
// 1) says the decision instead of the choice, as updates do.
func TestReassureAfterASolution(t *testing.T) {
	s := mustNew(t, "")
	f := baseFacts(tracker.ExDamaged, tracker.StatusDelivered, time.Time{}, time.Time{})
	f.Solution = &tracker.Solution{Type: tracker.SolveRefund, Amount: 4860, Currency: "EUR"}
	m, err := s.Compose(PurposeReassure, f, "de")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Body, "Wir erstatten Ihnen den vollen Betrag Ihrer Bestellung: 48,60 EUR.") ||
		strings.Contains(m.Body, "Ersatz oder erstatten") || strings.Contains(m.Body, "Fotos") {
		t.Errorf("reassure after a refund:\n%s", m.Body)
	}
	// A reassure message is about the case's parcel, even after a reissue.
	f = baseFacts(tracker.ExLost, tracker.StatusException, time.Time{}, time.Time{})
	f.Solution = &tracker.Solution{Type: tracker.SolveReissue, ReissueTrackingNo: reissueNo, ReissueCarrier: reissueSlug}
	m, _ = s.Compose(PurposeReassure, f, "en")
	if !strings.Contains(m.Body, "tracking number "+lostNumber) || !strings.Contains(m.Body, "We have sent you a new parcel with YunExpress, tracking number "+reissueNo) ||
		strings.Contains(m.Body, "whichever you prefer") {
		t.Errorf("reassure after a reissue:\n%s", m.Body)
	}
}

// Overrides take part: a user's delivered text is used, and an override
// language gets the English solution sentence and labels.
func TestComposeWithOverrides(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "update.delivered.fr.txt", "Subject: Livré {{.OrderNo}}\nBonjour,\n\nLivré !{{with .Solution}} {{.}}{{end}}\n")
	write(t, dir, "update.generic.fi.txt", "Subject: Tilaus {{.OrderNo}}\nHei!\n\n{{if .Solution}}{{.Solution}}{{else}}Seuraamme pakettiasi.{{end}}\n{{if .ETA}}Arvioitu toimitus: {{.ETA}}{{end}}\n")
	s := mustNew(t, dir)
	f := baseFacts(tracker.ExStale, tracker.StatusDelivered, futureETA, nextAhead)
	f.Solution = &tracker.Solution{Type: tracker.SolveRefund, Amount: 4860, Currency: "EUR"}
	m, err := s.Compose(PurposeUpdate, f, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if m.Body != "Bonjour,\n\nLivré ! Nous vous remboursons l'intégralité de votre commande : 48,60 EUR." {
		t.Errorf("override delivered text:\n%s", m.Body)
	}
	f.Parcel.Status = tracker.StatusInTransit
	m, err = s.Compose(PurposeUpdate, f, "fi")
	if err != nil {
		t.Fatal(err)
	}
	if m.Language != "fi" || !strings.Contains(m.Body, "We are refunding your order in full: 48.60 EUR.") ||
		!strings.Contains(m.Body, "Arvioitu toimitus: 2026-12-19") {
		t.Errorf("override language:\n%s", m.Body)
	}
}
