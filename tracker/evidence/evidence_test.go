package evidence

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"waybill/tracker"
)

var t0 = time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)

// testFont is the CJK font the tests set PDFs in; without one they skip,
// saying what to install.
func testFont(t testing.TB) string {
	t.Helper()
	p, err := FindFont("")
	if err != nil {
		t.Skipf("no CJK TrueType font: apt-get install fonts-droid-fallback (%v)", err)
	}
	return p
}

// pdfText is the text pdftotext finds in a PDF, on one line per line.
func pdfText(t testing.TB, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed: apt-get install poppler-utils")
	}
	f := filepath.Join(t.TempDir(), "summary.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// unzip reads a bundle: every entry by name.
func unzip(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the bundle is not a ZIP: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

func yes() *bool { v := true; return &v }

// bundleOf is a case of kind on an order to France, its parcel's events
// as given, the solution sol.
func bundleOf(kind tracker.ExceptionKind, evs []tracker.Event, sol *tracker.Solution, aud tracker.Audience) tracker.CaseBundle {
	o := tracker.Order{ID: 1, OrderNo: "8190412275013346", Marketplace: "aliexpress", Buyer: "Camille Durand",
		Address: "12 rue des Lilas, 69003 Lyon", Email: "camille@example.fr", Phone: "+33 6 12 34 56 78", Country: "FR",
		Status: tracker.OrderShipped, OrderedAt: t0.Add(-72 * time.Hour), PromisedAt: t0.Add(40 * 24 * time.Hour),
		ShippingMethod: "AliExpress Standard Shipping", Product: "Ceramic teapot 茶壶", Amount: 4599, Currency: "EUR",
		HSCode: "691200", DeclaredValue: 3800, Insured: yes()}
	p := tracker.ShipmentDetail{Shipment: tracker.Shipment{ID: 7, OrderID: 1, TrackingNo: "LP00612345678901", Carrier: "cainiao",
		LastMile: tracker.LastMile{TrackingNo: "6A12345678901", Carrier: "colissimo"}, Origin: "CN", Destination: "FR",
		Status: tracker.StatusInTransit, ShippedAt: t0}, Events: evs}
	c := tracker.CaseRow{Case: tracker.Case{ID: 12, OrderID: 1, ShipmentID: 7, Kind: kind, Step: tracker.StepFollowUp, State: tracker.CaseOpen,
		OpenedAt: t0.Add(20 * 24 * time.Hour), OpenedBy: "ana", Reassured: true, Verified: true,
		CarrierAnswer: "包裹已丢失 parcel lost", Reference: "CN-INV-5521", Solution: sol,
		FollowUpAt: t0.Add(30 * 24 * time.Hour)}, OrderNo: o.OrderNo, TrackingNo: p.TrackingNo, Buyer: o.Buyer}
	msg := tracker.CaseEntry{At: t0.Add(20*24*time.Hour + time.Hour), Actor: "ana", Action: tracker.ActReassure,
		Detail: "(email) Dear Camille Durand, we are on it."}
	ans := tracker.CaseEntry{At: t0.Add(21 * 24 * time.Hour), Actor: "ana", Action: tracker.ActVerify, Detail: "包裹已丢失 parcel lost [ref CN-INV-5521]"}
	b := tracker.CaseBundle{Audience: aud, MadeAt: t0.Add(25 * 24 * time.Hour), Case: c, Order: o,
		Parcels: []tracker.ShipmentDetail{p}, Log: []tracker.CaseEntry{msg, ans}, Messages: []tracker.CaseEntry{msg},
		CarrierAnswers: []tracker.CaseEntry{ans},
		Deadlines:      []tracker.Deadline{{OrderID: 1, Kind: tracker.DeadlineProtectionEnd, DueAt: t0.Add(60 * 24 * time.Hour), Source: "aliexpress", State: "open"}}}
	if sol != nil {
		b.Evidence = sol.Evidence
	}
	return b
}

func ev(h int, st tracker.Status, raw, loc, desc string) tracker.Event {
	return tracker.Event{Time: t0.Add(time.Duration(h) * time.Hour), Status: st, RawStatus: raw, Location: loc, Description: desc}
}

// Three cases a seller brings to a dispute or a claims desk; each bundle
// must show, in the PDF's extracted text, the Chinese the carrier wrote,
// the tracking number and every amount, and hold its files.
func TestBundles(t *testing.T) {
	font := testFont(t)
	dir := t.TempDir()
	photo1, photo2 := filepath.Join(dir, "box-crushed.jpg"), filepath.Join(dir, "teapot-broken.jpg")
	os.WriteFile(photo1, []byte("\xff\xd8\xff\xe0 photo one"), 0o644)
	os.WriteFile(photo2, []byte("\xff\xd8\xff\xe0 photo two"), 0o644)
	gone := filepath.Join(dir, "receipt-missing.jpg")
	sum := func(p string) string {
		b, _ := os.ReadFile(p)
		s := sha256.Sum256(b)
		return hex.EncodeToString(s[:])
	}
	transit := []tracker.Event{
		ev(0, tracker.StatusInfoReceived, "CW_ACCEPT", "深圳", "卖家已发货"),
		ev(30, tracker.StatusInTransit, "SC_OUTBOUND_SUCCESS", "Shenzhen", "离开分拣中心 Left the sorting center"),
	}
	for _, tt := range []struct {
		name     string
		kind     tracker.ExceptionKind
		evs      []tracker.Event
		sol      *tracker.Solution
		want     []string // in the PDF's text
		files    []string // evidence entries of the ZIP
		missing  []string
		evidence map[string]string // entry → source file whose SHA-256 the PDF must give
	}{
		{name: "lost parcel", kind: tracker.ExLost,
			evs: append(slices.Clone(transit), ev(400, tracker.StatusException, "LOST", "", "包裹丢失，已启动赔付")),
			sol: &tracker.Solution{Type: tracker.SolveRefund, Amount: 4599, Currency: "EUR"},
			want: []string{"包裹丢失，已启动赔付", "卖家已发货", "LP00612345678901", "6A12345678901", "45.99 EUR", "38.00 EUR",
				"691200", "CN-INV-5521", "LOST", "protection end"}},
		{name: "damaged with photos, one missing", kind: tracker.ExDamaged,
			evs: append(slices.Clone(transit), ev(300, tracker.StatusDelivered, "SIGNED", "Lyon", "已签收 包裹破损 damaged on arrival")),
			sol: &tracker.Solution{Type: tracker.SolveClaim, Amount: 2250, Currency: "EUR", Reference: "CLM-77",
				Evidence: []string{photo1, photo2, gone}},
			want:     []string{"已签收 包裹破损", "LP00612345678901", "22.50 EUR", "45.99 EUR", "38.00 EUR", "CLM-77", "MISSING", "receipt-missing.jpg"},
			files:    []string{"evidence/01-box-crushed.jpg", "evidence/02-teapot-broken.jpg"},
			missing:  []string{gone},
			evidence: map[string]string{"evidence/01-box-crushed.jpg": photo1, "evidence/02-teapot-broken.jpg": photo2}},
		{name: "customs hold", kind: tracker.ExCustoms,
			evs: append(slices.Clone(transit), ev(200, tracker.StatusCustoms, "CUSTOMS_HOLD", "Paris CDG", "海关扣留，需要提供发票 held by customs")),
			sol: &tracker.Solution{Type: tracker.SolveCustoms, Documents: []string{"commercial invoice", "HS code"},
				Duties: tracker.DutiesShared, Amount: 1260, SellerShare: 630, Currency: "EUR"},
			want: []string{"海关扣留，需要提供发票", "LP00612345678901", "12.60 EUR", "6.30 EUR", "45.99 EUR", "38.00 EUR", "CUSTOMS_HOLD", "commercial invoice"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			res, err := Write(&buf, bundleOf(tt.kind, tt.evs, tt.sol, tracker.AudienceDispute), Options{Font: font})
			if err != nil {
				t.Fatal(err)
			}
			z := unzip(t, buf.Bytes())
			var names []string
			for n := range z {
				names = append(names, n)
			}
			slices.Sort(names)
			want := append([]string{CaseName, SummaryName, TimelineName}, tt.files...)
			slices.Sort(want)
			if !slices.Equal(names, want) {
				t.Errorf("the ZIP holds %v, want %v", names, want)
			}
			txt := pdfText(t, z[SummaryName])
			flat := strings.Join(strings.Fields(txt), " ")
			for _, w := range tt.want {
				if !strings.Contains(txt, w) && !strings.Contains(flat, w) {
					t.Errorf("the PDF's text lacks %q:\n%s", w, txt)
				}
			}
			for entry, src := range tt.evidence {
				if !bytes.Equal(z[entry], mustRead(t, src)) {
					t.Errorf("%s is not a copy of %s", entry, src)
				}
				if h := sum(src); !strings.Contains(strings.ReplaceAll(flat, " ", ""), h) || !strings.Contains(string(z[CaseName]), h) {
					t.Errorf("the SHA-256 of %s (%s) is not in the PDF and case.json", src, h)
				}
			}
			var got []string
			for _, f := range res.Missing() {
				got = append(got, f.Path)
			}
			if !slices.Equal(got, tt.missing) {
				t.Errorf("missing %v, want %v", got, tt.missing)
			}
			// The dispute bundle names neither the buyer nor their address,
			// not even inside the message that greeted them.
			for _, pii := range []string{"Camille", "rue des Lilas", "camille@example.fr", "+33 6"} {
				for name, data := range map[string]string{SummaryName: txt, CaseName: string(z[CaseName]), TimelineName: string(z[TimelineName])} {
					if strings.Contains(data, pii) {
						t.Errorf("a dispute bundle's %s gives %q", name, pii)
					}
				}
			}
			var doc bundleJSON
			if err := json.Unmarshal(z[CaseName], &doc); err != nil {
				t.Fatalf("case.json: %v", err)
			}
			if len(doc.Parcels) != 1 || len(doc.Parcels[0].Events) != len(tt.evs) || doc.Parcels[0].TrackingNo != "LP00612345678901" {
				t.Errorf("case.json parcels %+v", doc.Parcels)
			}
			if rows := strings.Count(string(z[TimelineName]), "\n"); rows != len(tt.evs)+1 {
				t.Errorf("timeline.csv has %d lines, want a header and %d events", rows, len(tt.evs))
			}
		})
	}
}

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A claims desk matches the parcel to its addressee: the claim bundle
// gives the buyer's name and address, which the dispute bundle leaves out.
func TestBundleClaimNamesTheAddressee(t *testing.T) {
	font := testFont(t)
	b := bundleOf(tracker.ExLost, []tracker.Event{ev(0, tracker.StatusInTransit, "X", "", "运输中")}, nil, tracker.AudienceClaim)
	var buf bytes.Buffer
	if _, err := Write(&buf, b, Options{Font: font}); err != nil {
		t.Fatal(err)
	}
	z := unzip(t, buf.Bytes())
	txt := strings.Join(strings.Fields(pdfText(t, z[SummaryName])), " ")
	for _, w := range []string{"Camille Durand", "12 rue des Lilas, 69003 Lyon"} {
		if !strings.Contains(txt, w) {
			t.Errorf("the claim bundle's PDF lacks %q:\n%s", w, txt)
		}
		if !strings.Contains(string(z[CaseName]), w) {
			t.Errorf("the claim bundle's case.json lacks %q", w)
		}
	}
}

// Text from carriers and buyers cannot break the PDF or reach a terminal:
// PDF syntax, controls, bidi overrides, emoji, invalid UTF-8 and a huge
// description all come out as a PDF pdftotext reads, with the text
// around them intact.
func TestBundleHostileText(t *testing.T) {
	font := testFont(t)
	hostile := []string{
		") Tj ET endstream endobj %%EOF (", "\\(\\)\\\\", "\x1b]52;c;cm0gLXJmIH4=\x07esc", "\u202erevo\u202c", "😀 emoji 📦",
		"\xff\xfe bad utf-8 \xc3", strings.Repeat("很长的描述 ", 3000), "\x00nul\x7fdel\u0085c1", "=cmd|' /C calc'!A0",
	}
	var evs []tracker.Event
	for i, h := range hostile {
		evs = append(evs, ev(i, tracker.StatusInTransit, h, h, "before "+h+" after"))
	}
	evs = append(evs, ev(len(hostile), tracker.StatusInTransit, "END", "", "最后一条 sentinel"))
	b := bundleOf(tracker.ExLost, evs, &tracker.Solution{Type: tracker.SolveClaim, Amount: 100, Currency: "EUR",
		Evidence: []string{"/dev/zero", "\x1b[31m.jpg"}}, tracker.AudienceDispute)
	b.Order.Product = hostile[0]
	var buf bytes.Buffer
	res, err := Write(&buf, b, Options{Font: font})
	if err != nil {
		t.Fatal(err)
	}
	if m := res.Missing(); len(m) != 2 || m[0].Missing != "not a regular file" {
		t.Errorf("missing %+v: want /dev/zero refused as not a regular file, and the other absent", m)
	}
	z := unzip(t, buf.Bytes())
	txt := pdfText(t, z[SummaryName])
	if !strings.Contains(txt, "最后一条 sentinel") {
		t.Errorf("the event after the hostile ones is not in the PDF:\n%s", txt)
	}
	if n := strings.Count(txt, "after"); n < len(hostile)-1 { // the huge one is cut
		t.Errorf("the text after hostile descriptions shows %d times, want %d:\n%s", n, len(hostile)-1, txt)
	}
	for name, data := range z {
		if name != SummaryName && bytes.ContainsAny(data, "\x1b\x07\x00") {
			t.Errorf("%s carries a control character", name)
		}
	}
	if strings.Contains(string(z[TimelineName]), "\n=cmd") || strings.Contains(string(z[TimelineName]), ",=cmd") {
		t.Errorf("timeline.csv lets a spreadsheet formula through")
	}
}

// No font: a clear error naming the setting, not a PDF of empty boxes.
func TestBundleFont(t *testing.T) {
	dir := t.TempDir()
	ttc := filepath.Join(dir, "x.ttc")
	os.WriteFile(ttc, []byte("ttcf...."), 0o644)
	otf := filepath.Join(dir, "x.otf")
	os.WriteFile(otf, []byte("OTTO...."), 0o644)
	for _, tt := range []struct{ path, want string }{
		{filepath.Join(dir, "none.ttf"), "no such file"},
		{ttc, "font collection"},
		{otf, "PostScript outlines"},
		{dir, "not a regular file"},
	} {
		_, err := FindFont(tt.path)
		if err == nil || !strings.Contains(err.Error(), FontKey) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("FindFont(%q) = %v, want an error naming %s and saying %q", tt.path, err, FontKey, tt.want)
		}
	}
	_, err := Write(io.Discard, bundleOf(tracker.ExLost, nil, nil, tracker.AudienceDispute), Options{})
	if err == nil || !strings.Contains(err.Error(), FontKey) {
		t.Errorf("Write without a font: %v, want an error naming %s", err, FontKey)
	}
}

// WriteFile never replaces a bundle already written.
func TestBundleWriteFileKeepsExisting(t *testing.T) {
	font := testFont(t)
	p := filepath.Join(t.TempDir(), "b.zip")
	os.WriteFile(p, []byte("handed in already"), 0o644)
	_, err := WriteFile(p, bundleOf(tracker.ExLost, nil, nil, tracker.AudienceDispute), Options{Font: font})
	if err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("WriteFile over a file: %v, want it refused", err)
	}
	if got := string(mustRead(t, p)); got != "handed in already" {
		t.Errorf("the file was changed: %q", got)
	}
}

// A case with 200 events and 10 photos: one bundle should take well
// under a second (issue 23).
func BenchmarkBundle(b *testing.B) {
	font := testFont(b)
	dir := b.TempDir()
	var photos []string
	for i := range 10 {
		p := filepath.Join(dir, fmt.Sprintf("photo%d.jpg", i))
		os.WriteFile(p, bytes.Repeat([]byte{byte(i)}, 2<<20), 0o644) // 2 MB, a phone's photo
		photos = append(photos, p)
	}
	var evs []tracker.Event
	for i := range 200 {
		evs = append(evs, ev(i, tracker.StatusInTransit, "SC_OUTBOUND", "深圳转运中心", fmt.Sprintf("快件已从深圳发出，下一站上海 event %d", i)))
	}
	bd := bundleOf(tracker.ExDamaged, evs, &tracker.Solution{Type: tracker.SolveClaim, Amount: 2250, Currency: "EUR", Evidence: photos}, tracker.AudienceDispute)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(io.Discard, bd, Options{Font: font}); err != nil {
			b.Fatal(err)
		}
	}
}

// A claims desk reads what was already asked of whom: the case's claims
// appear in the PDF and case.json with their references and amounts.
func TestBundleListsTheCaseClaims(t *testing.T) {
	font := testFont(t)
	b := bundleOf(tracker.ExLost, []tracker.Event{ev(0, tracker.StatusInTransit, "X", "", "运输中")}, nil, tracker.AudienceClaim)
	b.Claims = []tracker.ClaimRow{
		{Claim: tracker.Claim{ID: 3, CaseID: 12, ShipmentID: 7, PartyKind: tracker.PartyCarrier, Party: "cainiao", Reference: "CNC-88120",
			FiledAt: t0.Add(22 * 24 * time.Hour), Claimed: 4599, Currency: "EUR", State: tracker.ClaimRejected}},
		{Claim: tracker.Claim{ID: 4, CaseID: 12, ShipmentID: 7, PartyKind: tracker.PartyInsurer, Party: "Ping An 平安", Reference: "PA-2026-7",
			FiledAt: t0.Add(23 * 24 * time.Hour), Claimed: 3800, Recovered: 3125, Currency: "EUR", State: tracker.ClaimPaid}},
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, b, Options{Font: font}); err != nil {
		t.Fatal(err)
	}
	z := unzip(t, buf.Bytes())
	txt := strings.Join(strings.Fields(pdfText(t, z[SummaryName])), " ")
	for _, w := range []string{"CNC-88120", "45.99 EUR", "rejected", "Ping An 平安", "PA-2026-7", "38.00 EUR", "31.25 EUR", "paid"} {
		if !strings.Contains(txt, w) {
			t.Errorf("the PDF lacks the claim's %q:\n%s", w, txt)
		}
	}
	for _, w := range []string{`"reference": "CNC-88120"`, `"recovered": "31.25"`, `"party_kind": "insurer"`} {
		if !strings.Contains(string(z[CaseName]), w) {
			t.Errorf("case.json lacks %s:\n%s", w, z[CaseName])
		}
	}
}
