package templates

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"waybill/tracker"
)

func mustNew(t *testing.T, dir string) *Set {
	t.Helper()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// full is realistic data with every field set and a non-ASCII buyer name.
func full(lang string) Data {
	return Data{
		Buyer:       "Zoë Ñúñez-Łukasiewicz 张伟",
		OrderNo:     "WB-2026-00417",
		TrackingNo:  "LX123456789CN",
		Carrier:     "China Post",
		StatusCode:  tracker.StatusInTransit,
		ETADate:     time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC),
		CarrierSlug: "china-post",
		Seller:      "Tienda Ámbar",
		Days:        12,
		NextUpdate:  FormatDate(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), lang),
		Note:        "Replacement tracking: LY987654321CN",
	}
}

// sparse is what an order with little known gives: no name, no tracking,
// no status, no ETA, no seller.
func sparse() Data { return Data{OrderNo: "WB-7"} }

func kinds() []tracker.ExceptionKind {
	return append([]tracker.ExceptionKind{""}, tracker.ExceptionKinds...)
}

func checkMessage(t *testing.T, m Message) {
	t.Helper()
	if strings.TrimSpace(m.Subject) == "" || strings.TrimSpace(m.Body) == "" {
		t.Fatalf("empty subject or body: %+v", m)
	}
	for _, bad := range []string{"{{", "}}", "<no value>", "\n\n\n"} {
		if strings.Contains(m.Subject, bad) || strings.Contains(m.Body, bad) {
			t.Fatalf("message holds %q:\nSubject: %s\n%s", bad, m.Subject, m.Body)
		}
	}
	if strings.Contains(m.Subject, "\n") {
		t.Fatalf("subject spans lines: %q", m.Subject)
	}
	if n := len(strings.Split(m.Body, "\n")); n > 16 {
		t.Fatalf("body has %d lines, want a short message:\n%s", n, m.Body)
	}
}

func TestEveryTemplateRenders(t *testing.T) {
	s := mustNew(t, "")
	for _, p := range Purposes {
		for _, k := range kinds() {
			for _, l := range Languages() {
				t.Run(p+"/"+string(k)+"/"+l, func(t *testing.T) {
					d := full(l)
					m, err := s.Render(p, k, l, d)
					if err != nil {
						t.Fatal(err)
					}
					checkMessage(t, m)
					if m.Language != l {
						t.Fatalf("language %q, want %q", m.Language, l)
					}
					for _, want := range []string{d.Buyer, d.OrderNo, d.TrackingNo, d.Carrier, d.Seller,
						StatusLabel(d.StatusCode, l), TrackingURL(d.CarrierSlug, d.TrackingNo)} {
						if !strings.Contains(m.Body, want) {
							t.Errorf("body lacks %q:\n%s", want, m.Body)
						}
					}
					if !strings.Contains(m.Subject, d.OrderNo) {
						t.Errorf("subject lacks the order number: %q", m.Subject)
					}
					if p == PurposeUpdate && !strings.Contains(m.Body, d.Note) {
						t.Errorf("update lacks the note:\n%s", m.Body)
					}

					sm, err := s.Render(p, k, l, sparse())
					if err != nil {
						t.Fatal(err)
					}
					checkMessage(t, sm)
					if !strings.Contains(sm.Body, "WB-7") {
						t.Errorf("sparse body lacks the order number:\n%s", sm.Body)
					}
				})
			}
		}
	}
}

// Every built-in language has its own text for every reassure kind, and the
// kind-specific texts differ from the generic one (the chain is a safety
// net, not where the built-in reassure texts come from).
func TestBuiltinCoverage(t *testing.T) {
	s := mustNew(t, "")
	for _, l := range Languages() {
		for _, p := range Purposes {
			for _, k := range []string{Generic, Delivered} {
				if !s.Has(p, k, l) {
					t.Errorf("no %s.%s.%s", p, k, l)
				}
			}
		}
		gen, _ := s.Render(PurposeReassure, "", l, full(l))
		for _, k := range tracker.ExceptionKinds {
			if !s.Has(PurposeReassure, string(k), l) {
				t.Errorf("no reassure.%s.%s", k, l)
				continue
			}
			m, _ := s.Render(PurposeReassure, k, l, full(l))
			if m.Body == gen.Body {
				t.Errorf("reassure.%s.%s reads like the generic text", k, l)
			}
		}
	}
	// Every language has a text of its own for every text English has (25:
	// 13 reassure, 12 update), so none falls back to English.
	english := map[string]bool{}
	for _, k := range s.Keys() {
		if p, ok := strings.CutSuffix(k, ".en.txt"); ok {
			english[p] = true
		}
	}
	if len(english) != 25 {
		t.Errorf("%d English texts, want 25", len(english))
	}
	for _, l := range Languages() {
		for p := range english {
			parts := strings.SplitN(p, ".", 2)
			if !s.Has(parts[0], parts[1], l) {
				t.Errorf("no %s.%s.txt", p, l)
			}
		}
	}
	if got, want := len(s.Keys()), len(english)*len(Languages()); got != want {
		t.Errorf("%d built-in texts, want %d", got, want)
	}
}

// Kind-specific content is where it matters (spot checks in English).
func TestKindSpecificContent(t *testing.T) {
	s := mustNew(t, "")
	cases := map[tracker.ExceptionKind][]string{
		tracker.ExCustoms:        {"duties", "nothing you need to do"},
		tracker.ExDeliveryFailed: {"address", "phone"},
		tracker.ExDamaged:        {"photos"},
		tracker.ExMissingItems:   {"photo", "missing"},
		tracker.ExLost:           {"replacement", "refund"},
		tracker.ExStale:          {"investigation", "12 days"},
		tracker.ExNoTracking:     {"investigate"},
		tracker.ExOverdue:        {"Expected delivery: 14 Mar 2026"},
		tracker.ExReturning:      {"refund"},
		tracker.ExCarrierProblem: {"flagged a problem", "asked them what happened"},
	}
	for k, wants := range cases {
		m, err := s.Render(PurposeReassure, k, "en", full("en"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range wants {
			if !strings.Contains(m.Body, w) {
				t.Errorf("reassure %s lacks %q:\n%s", k, w, m.Body)
			}
		}
	}
	// No ETA: the message promises a date instead of leaving a hole.
	d := full("en")
	d.ETADate = time.Time{}
	m, _ := s.Render(PurposeReassure, tracker.ExOverdue, "en", d)
	if !strings.Contains(m.Body, "share an expected delivery date with you soon") {
		t.Errorf("no ETA, no promise of a date:\n%s", m.Body)
	}
	// Customs asks for documents only if needed: no request for photos or address.
	m, _ = s.Render(PurposeReassure, tracker.ExCustoms, "en", full("en"))
	if strings.Contains(m.Body, "photo") || strings.Contains(m.Body, "confirm your") {
		t.Errorf("customs asks the buyer for something:\n%s", m.Body)
	}
}

func TestExplicitFieldsWin(t *testing.T) {
	s := mustNew(t, "")
	d := full("de")
	d.Status, d.ETA, d.TrackingURL = "Beim Nachbarn", "Montag", "https://shop.example/t/1"
	m, err := s.Render(PurposeReassure, tracker.ExOverdue, "de", d)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Status: Beim Nachbarn", "Voraussichtliche Zustellung: Montag", "https://shop.example/t/1"} {
		if !strings.Contains(m.Body, w) {
			t.Errorf("body lacks %q:\n%s", w, m.Body)
		}
	}
	// Derived fields follow the language.
	m, _ = s.Render(PurposeReassure, tracker.ExOverdue, "fr", full("fr"))
	if !strings.Contains(m.Body, "Statut : En transit") || !strings.Contains(m.Body, "14/03/2026") {
		t.Errorf("French status or date missing:\n%s", m.Body)
	}
}

func TestDataIsMadeOneLine(t *testing.T) {
	s := mustNew(t, "")
	d := full("en")
	d.Buyer = "Eve\r\nBcc: x@example.com"
	m, err := s.Render(PurposeReassure, tracker.ExLost, "en", d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Body, "Hello Eve Bcc: x@example.com,") {
		t.Errorf("buyer not made one line:\n%s", m.Body)
	}
}

func TestFallbackChain(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "reassure.generic.fi.txt", "Subject: Tilaus {{.OrderNo}}\nHei {{.Buyer}}!\n\nTarkistamme pakettisi tilanteen.\n")
	write(t, dir, "update.lost.fi.txt", "Subject: Päivitys tilaukseen {{.OrderNo}}\nHei!\n\nLähetämme korvaavan tuotteen tai palautamme rahat.\n")
	s := mustNew(t, dir)

	tests := []struct {
		purpose  string
		kind     tracker.ExceptionKind
		lang     string
		wantLang string
		wantFrom string // file the text must come from
	}{
		{PurposeReassure, tracker.ExLost, "es", "es", "reassure.lost.es.txt"},            // exact
		{PurposeUpdate, tracker.ExUntracked, "es", "es", "update.generic.es.txt"},        // kind → generic
		{PurposeReassure, tracker.ExLost, "fi", "fi", "reassure.generic.fi.txt"},         // override language, generic
		{PurposeUpdate, tracker.ExLost, "fi", "fi", "update.lost.fi.txt"},                // override language, exact
		{PurposeUpdate, tracker.ExCustoms, "fi", "en", "update.customs.en.txt"},          // → (kind, en)
		{PurposeUpdate, tracker.ExUntracked, "fi", "en", "update.generic.en.txt"},        // → (generic, en)
		{PurposeReassure, tracker.ExCustoms, "vi", "en", "reassure.customs.en.txt"},      // unknown language
		{PurposeReassure, "", "pt-BR", "pt", "reassure.generic.pt.txt"},                  // no kind, region tag
		{PurposeReassure, tracker.ExCustoms, "", "en", "reassure.customs.en.txt"},        // no language
		{PurposeReassure, tracker.ExDamaged, " ZH_cn ", "zh", "reassure.damaged.zh.txt"}, // messy tag
	}
	for _, tt := range tests {
		m, err := s.Render(tt.purpose, tt.kind, tt.lang, full(tt.lang))
		if err != nil {
			t.Fatalf("%+v: %v", tt, err)
		}
		if m.Language != tt.wantLang || filepath.Base(m.Source) != tt.wantFrom {
			t.Errorf("%s/%s/%q: got %s from %s, want %s from %s", tt.purpose, tt.kind, tt.lang,
				m.Language, m.Source, tt.wantLang, tt.wantFrom)
		}
		checkMessage(t, m)
	}
	if !slices.Contains(s.Languages(), "fi") || slices.Contains(Languages(), "fi") {
		t.Errorf("override language: set %v, built-in %v", s.Languages(), Languages())
	}
}

// The delivered texts are named like a kind's, built in and as overrides.
func TestDeliveredKey(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "update.delivered.uk.txt", "Subject: Замовлення {{.OrderNo}}\nДобрий день!\n\nПосилку доставлено.{{with .Solution}} {{.}}{{end}}\n")
	s := mustNew(t, dir)
	m, err := s.Render(PurposeUpdate, Delivered, "uk", full("uk"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Source != p || !strings.Contains(m.Body, "Посилку доставлено.") {
		t.Errorf("override delivered text not used: %+v", m)
	}
	if !slices.Contains(s.Keys(), "update.delivered.uk.txt") {
		t.Errorf("Keys lacks the override: %v", s.Keys())
	}
}

func TestRenderRefuses(t *testing.T) {
	s := mustNew(t, "")
	if _, err := s.Render("apologise", tracker.ExLost, "en", full("en")); err == nil {
		t.Error("unknown purpose accepted")
	}
	if _, err := s.Render(PurposeReassure, "meteor", "en", full("en")); err == nil {
		t.Error("unknown kind accepted")
	}
}

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOverridesWin(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "reassure.lost.es.txt",
		"\uFEFFSubject: ¡Lo sentimos, {{.Buyer}}!\r\n\r\nHola {{.Buyer}}:\r\nSu pedido {{.OrderNo}} se perdió; le enviamos otro hoy.\r\n{{.Seller}}\r\n")
	write(t, dir, "README.md", "not a template {{")
	if err := os.Mkdir(filepath.Join(dir, "old"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := mustNew(t, dir)
	d := full("es")
	m, err := s.Render(PurposeReassure, tracker.ExLost, "es", d)
	if err != nil {
		t.Fatal(err)
	}
	want := Message{
		Subject:  "¡Lo sentimos, " + d.Buyer + "!",
		Body:     "Hola " + d.Buyer + ":\nSu pedido WB-2026-00417 se perdió; le enviamos otro hoy.\nTienda Ámbar",
		Language: "es",
		Source:   p,
	}
	if m != want {
		t.Errorf("got  %+v\nwant %+v", m, want)
	}
	// Others are untouched.
	m, _ = s.Render(PurposeReassure, tracker.ExLost, "fr", full("fr"))
	if !strings.HasPrefix(m.Source, "builtin/") {
		t.Errorf("fr text from %s", m.Source)
	}
	// A missing folder is no override at all.
	if _, err := New(filepath.Join(dir, "nope")); err != nil {
		t.Errorf("missing override folder: %v", err)
	}
}

func TestBrokenOverride(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"reassure.lost.es.txt", "Hola\n\nbody", 1, "Subject:"},
		{"reassure.lost.es.txt", "Subject:   \nbody", 1, "subject is empty"},
		{"reassure.lost.es.txt", "Subject: x\n\n  \n", 2, "body is empty"},
		{"reassure.lost.es.txt", "Subject: Pedido {{.OrderNo}\nbody", 1, "bad character"},
		{"reassure.lost.es.txt", "Subject: x\nHola,\n\n{{if .Buyer}}\nsin cierre\n", 6, "unexpected EOF"}, // reported at the end,
		{"update.customs.de.txt", "Subject: x\nHallo,\nline 3\n\nBestellung {{.OrderNumber}}\n", 5, "OrderNumber"},
		{"update.customs.de.txt", "Subject: x\nHallo,\n{{shout .Buyer}}\n", 3, `function "shout" not defined`},
		{"update.customs.de.txt", "Subject: x\n{{if .Note}}{{end}}\n", 0, "body renders empty"},
		{"reassure.lost.txt", "Subject: x\nbody", 0, "PURPOSE.KIND.LANG.txt"},
		{"apology.lost.es.txt", "Subject: x\nbody", 0, "purpose"},
		{"reassure.meteor.es.txt", "Subject: x\nbody", 0, "kind"},
		// An unknown field in a branch the full sample data does not take.
		{"update.lost.de.txt", "Subject: x\nHallo,\n{{if .Solution}}{{.Solution}}{{else}}{{.Choice}}{{end}}\n", 3, "Choice"},
		{"reassure.lost.Spanish.txt", "Subject: x\nbody", 0, "language"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.msg, func(t *testing.T) {
			dir := t.TempDir()
			p := write(t, dir, tt.name, tt.text)
			_, err := New(dir)
			if err == nil {
				t.Fatal("broken override accepted")
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FileError", err)
			}
			if fe.Path != p || fe.Line != tt.line || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("got %q (path %s line %d), want %s line %d with %q", err, fe.Path, fe.Line, p, tt.line, tt.msg)
			}
			if !strings.Contains(err.Error(), p) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestLanguageFor(t *testing.T) {
	tests := []struct{ country, want string }{
		{"ES", "es"}, {"mx", "es"}, {"AR", "es"}, {"CO", "es"}, {"CL", "es"}, {"PE", "es"}, {" uy ", "es"},
		{"BR", "pt"}, {"PT", "pt"}, {"AO", "pt"},
		{"FR", "fr"}, {"BE", "fr"}, {"LU", "fr"}, {"SN", "fr"}, {"RE", "fr"}, {"DJ", "fr"}, {"KM", "fr"}, {"TD", "fr"},
		{"CH", "de"}, {"DE", "de"}, {"AT", "de"},
		{"RU", "ru"}, {"BY", "ru"}, {"KZ", "ru"}, {"UA", "uk"}, {"ua", "uk"},
		{"IT", "it"}, {"SM", "it"},
		{"NL", "nl"}, {"SR", "nl"},
		{"PL", "pl"}, {"TR", "tr"}, {"ID", "id"},
		{"CN", "zh"}, {"TW", "zh"}, {"HK", "zh"}, {"MO", "zh"}, {"SG", "en"},
		{"US", "en"}, {"GB", "en"}, {"UK", "en"}, {"CA", "en"}, {"IN", "en"}, {"FI", "en"}, {"SO", "en"},
		// The languages of issue 20.
		{"SA", "ar"}, {"AE", "ar"}, {"EG", "ar"}, {"KW", "ar"}, {"QA", "ar"}, {"BH", "ar"}, {"OM", "ar"},
		{"JO", "ar"}, {"IQ", "ar"}, {"LB", "ar"}, {"MA", "ar"}, {"DZ", "ar"}, {"TN", "ar"}, {"LY", "ar"},
		{"IL", "he"}, {"KR", "ko"}, {"JP", "ja"}, {"CZ", "cs"}, {"SE", "sv"}, {"AX", "sv"},
		{"RO", "ro"}, {"MD", "ro"}, {"HU", "hu"}, {"GR", "el"}, {"CY", "el"},
		{"", "en"}, {"XX", "en"}, {"Spain", "en"},
	}
	for _, tt := range tests {
		if got := LanguageFor(tt.country); got != tt.want {
			t.Errorf("LanguageFor(%q) = %q, want %q", tt.country, got, tt.want)
		}
	}
	// Every language LanguageFor returns is built in.
	for _, l := range tracker.BuyerLanguages() {
		if !slices.Contains(Languages(), l) {
			t.Errorf("buyers may get %s, not a built-in language", l)
		}
	}
}

func TestLanguages(t *testing.T) {
	want := []string{"en", "es", "fr", "pt", "ru", "de", "it", "nl", "pl", "tr", "id", "zh",
		"ar", "he", "ja", "ko", "uk", "cs", "sv", "ro", "hu", "el"}
	if got := Languages(); !slices.Equal(got, want) {
		t.Fatalf("Languages() = %v, want %v", got, want)
	}
	Languages()[0] = "xx"
	if Languages()[0] != "en" {
		t.Fatal("Languages() shares its slice")
	}
}

func TestStatusLabels(t *testing.T) {
	for _, l := range Languages() {
		labels := statusLabels[l]
		if len(labels) != len(tracker.Statuses) {
			t.Fatalf("%s: %d status labels, want %d", l, len(labels), len(tracker.Statuses))
		}
		seen := map[string]bool{}
		for _, st := range tracker.Statuses {
			got := StatusLabel(st, l)
			if got == "" || seen[got] {
				t.Errorf("%s: label %q for %s empty or repeated", l, got, st)
			}
			seen[got] = true
		}
	}
	if got := StatusLabel(tracker.StatusCustoms, "vi"); got != "At customs" {
		t.Errorf("unknown language: %q", got)
	}
	if got := StatusLabel("weird", "de"); got != "weird" {
		t.Errorf("unknown status: %q", got)
	}
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{
		"en": "4 Mar 2026", "de": "04.03.2026", "es": "04/03/2026", "nl": "04-03-2026", "zh": "2026年3月4日", "vi": "2026-03-04",
		"ar": "04/03/2026", "he": "04.03.2026", "ja": "2026年3月4日", "ko": "2026년 3월 4일", "uk": "04.03.2026",
		"cs": "4. 3. 2026", "sv": "2026-03-04", "ro": "04.03.2026", "hu": "2026. 03. 04.", "el": "04/03/2026",
	} {
		if got := FormatDate(d, lang); got != want {
			t.Errorf("FormatDate(%s) = %q, want %q", lang, got, want)
		}
	}
	if FormatDate(time.Time{}, "en") != "" {
		t.Error("zero date not empty")
	}
}

func TestTrackingURL(t *testing.T) {
	tests := []struct{ slug, no, want string }{
		{"ups", "1Z999AA10123456784", "https://www.ups.com/track?tracknum=1Z999AA10123456784"},
		{"UPS", " 1Z 999 AA1 0123456784 ", "https://www.ups.com/track?tracknum=1Z999AA10123456784"},
		{"fedex", "123456789012", "https://www.fedex.com/fedextrack/?trknbr=123456789012"},
		{"usps", "9400111899223100000000", "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223100000000"},
		{"dhl-express", "1234567890", "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=1234567890"},
		{"royal-mail", "AB123456789GB", "https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB"},
		{"la-poste", "6A12345678901", "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901"},
		{"russian-post", "RA123456789RU", "https://www.pochta.ru/tracking?barcode=RA123456789RU"},
		{"cainiao", "LP00123456789012", "https://global.cainiao.com/newDetail.htm?mailNoList=LP00123456789012"},
		{"china-post", "LX123456789CN", "https://www.17track.net/en/track?nums=LX123456789CN"},
		{"", "LX123456789CN", "https://www.17track.net/en/track?nums=LX123456789CN"},
		{"no-such-carrier", "a&b=c", "https://www.17track.net/en/track?nums=a%26b%3Dc"},
		{"ups", "", ""},
		{"ups", "   ", ""},
	}
	for _, tt := range tests {
		if got := TrackingURL(tt.slug, tt.no); got != tt.want {
			t.Errorf("TrackingURL(%q, %q) = %q, want %q", tt.slug, tt.no, got, tt.want)
		}
	}
	for slug, page := range trackingPages {
		if !strings.HasPrefix(page, "https://") || strings.Count(page, "{n}") != 1 {
			t.Errorf("%s: bad page pattern %q", slug, page)
		}
	}
}

func TestConcurrentRender(t *testing.T) {
	s := mustNew(t, "")
	var wg sync.WaitGroup
	for _, l := range Languages() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, k := range tracker.ExceptionKinds {
				if _, err := s.Render(PurposeUpdate, k, l, full(l)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

// scripts are the letters a language's texts are written in, for the
// languages that do not write Latin letters.
var scripts = map[string]*unicode.RangeTable{
	"ar": unicode.Arabic, "he": unicode.Hebrew, "el": unicode.Greek, "ru": unicode.Cyrillic, "uk": unicode.Cyrillic,
	"ja": unicode.Hiragana, "ko": unicode.Hangul, "zh": unicode.Han,
}

var latinRE = regexp.MustCompile(`[A-Za-z]+`)

// literal is what a text says of its own: the template's actions removed.
func literal(text string) string { return actionRE.ReplaceAllString(text, " ") }

// englishFragments are the English texts' sentences and labels (what is
// left between their actions), each of which would be English leaking
// into another language.
func englishFragments(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	files, _ := fs.Glob(builtin, "builtin/*.en.txt")
	for _, f := range files {
		src, _ := fs.ReadFile(builtin, f)
		for _, line := range strings.Split(strings.TrimPrefix(literal(string(src)), "Subject:"), "\n") {
			for _, frag := range strings.FieldsFunc(line, func(r rune) bool { return r == '(' || r == ')' }) {
				frag = strings.TrimSpace(frag)
				if utf8.RuneCountInString(frag) >= 8 && !seen[frag] {
					seen[frag] = true
					out = append(out, frag)
				}
			}
		}
	}
	for _, s := range phrasebooks["en"].phrases {
		for _, frag := range strings.Split(literal(s), "  ") {
			if frag = strings.TrimSpace(frag); utf8.RuneCountInString(frag) >= 8 {
				out = append(out, frag)
			}
		}
	}
	if len(out) < 50 {
		t.Fatalf("only %d English fragments", len(out))
	}
	return out
}

// Every built-in text and solution sentence of a language is in that
// language: no English sentence or label leaks into it, languages with
// their own script write in it with no Latin words but the HS code, and
// no text holds a bidi control, which Sanitize would strip from a
// right-to-left message on its way to the screen.
func TestTextsAreInTheirLanguage(t *testing.T) {
	english := englishFragments(t)
	for _, l := range Languages() {
		if l == DefaultLanguage {
			continue
		}
		t.Run(l, func(t *testing.T) {
			files, _ := fs.Glob(builtin, "builtin/*."+l+".txt")
			texts := map[string]string{}
			for _, f := range files {
				src, _ := fs.ReadFile(builtin, f)
				texts[f] = literal(strings.TrimPrefix(string(src), "Subject:"))
			}
			for k, s := range phrasebooks[l].phrases {
				texts["phrase "+k] = literal(s)
			}
			for i, d := range phrasebooks[l].documents {
				texts[fmt.Sprintf("document %d", i)] = d
			}
			for i, s := range statusLabels[l] {
				texts[fmt.Sprintf("status %d", i)] = s
			}
			for name, text := range texts {
				for _, e := range english {
					if strings.Contains(text, e) {
						t.Errorf("%s: English %q", name, e)
					}
				}
				for _, line := range strings.Split(text, "\n") {
					if clean := tracker.Sanitize(line); clean != line {
						t.Errorf("%s: Sanitize changes %q to %q", name, line, clean)
					}
				}
				script, ok := scripts[l]
				if !ok {
					continue
				}
				if !strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(script, r) }) && !strings.HasPrefix(name, "status") && !strings.HasPrefix(name, "document") {
					t.Errorf("%s: no letter of the language's script: %q", name, text)
				}
				for _, w := range latinRE.FindAllString(text, -1) {
					if w != "HS" {
						t.Errorf("%s: Latin word %q", name, w)
					}
				}
			}
		})
	}
}
