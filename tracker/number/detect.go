package number

import (
	"math"
	"slices"
)

// match is one format the normalized number fits.
type match struct {
	format  string
	cands   [3]Candidate
	ncand   int
	check   Checksum
	tracked bool
	// weak formats (no check digit, no distinctive prefix: a bare 10-digit number "could be
	// Aramex") never make a number valid when a format with a check digit rejects it.
	weak bool
	// invalid: the shape fits but something other than the check digit is wrong (an S10
	// number whose last two letters are not a country code).
	invalid bool
	note    string
	lays    [2]layout // check-digit layouts; the number passes if any one does
	nlay    int
	want    int // the check digit lays[0] asks for, when check is bad
}

func (m *match) cand(slug string, conf float64) {
	if m.ncand < len(m.cands) {
		m.cands[m.ncand] = Candidate{Carrier: slug, Confidence: conf}
		m.ncand++
	}
}

func (m *match) top() float64 {
	if m.ncand == 0 {
		return 0
	}
	return m.cands[0].Confidence
}

func (m *match) valid() bool { return m.check != ChecksumBad && !m.invalid }

// layout adds a check-digit layout.
func (m *match) layout(l layout) {
	if m.nlay < len(m.lays) {
		m.lays[m.nlay] = l
		m.nlay++
	}
}

// verify runs the check-digit layouts on b.
func (m *match) verify(b string) {
	for i := 0; i < m.nlay; i++ {
		ok, want := m.lays[i].ok(b)
		if ok {
			m.check = ChecksumOK
			return
		}
		if i == 0 {
			m.want = want
		}
	}
	if m.nlay > 0 {
		m.check = ChecksumBad
	}
}

// badFactor scales the confidence of a carrier whose check digit failed: the carrier is
// still the best guess for a mistyped number, but far less certain.
const badFactor = 0.3

// detector holds the matches for one number. It lives on the caller's stack.
type detector struct {
	b  string
	m  [4]match // at most 3 are used (a 34-digit number: FedEx 34 and two USPS readings)
	nm int
	// shape of b, computed once
	digits, letters int
	other           bool // a character that is neither an ASCII letter nor a digit
}

func (d *detector) add(format string) *match {
	if d.nm == len(d.m) { // cannot happen with the formats below; reuse the last slot
		d.nm--
		d.m[d.nm] = match{}
	}
	m := &d.m[d.nm] // zero: the detector is new
	d.nm++
	m.format, m.check, m.tracked = format, ChecksumNone, true
	return m
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func allUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isUpper(s[i]) {
			return false
		}
	}
	return true
}

func allAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isUpper(s[i]) {
			return false
		}
	}
	return true
}

// leadingLetters returns how many letters s starts with.
func leadingLetters(s string) int {
	i := 0
	for i < len(s) && isUpper(s[i]) {
		i++
	}
	return i
}

// run finds every format b fits.
func (d *detector) run(b string) {
	d.b = b
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case isDigit(c):
			d.digits++
		case isUpper(c):
			d.letters++
		default:
			d.other = true
		}
	}
	if d.other || len(b) < 8 || len(b) > 40 {
		return
	}
	if d.letters == 0 {
		d.numeric(b)
		return
	}
	d.alpha(b)
}

// Confidences (0..1) are a ranking: a distinctive prefix plus a passing check digit is
// near certain; a bare digit string that happens to pass a mod-10 check (one in ten
// random strings do) much less so.

func (d *detector) numeric(b string) {
	switch len(b) {
	case 10, 11:
		m := d.add("dhl-express")
		m.layout(layout{sch: schemeMod7, start: 0, n: int8(len(b) - 1)})
		conf := 0.8
		if len(b) == 11 {
			conf = 0.7
		}
		m.cand("dhl-express", conf)
		m.note = noteDHLExpress
		a := d.add("aramex")
		a.weak = true
		a.cand("aramex", 0.2)
		a.note = noteAramex
	case 12:
		m := d.add("fedex-12")
		m.layout(layout{sch: schemeFedEx, start: 0, n: 11})
		m.cand("fedex", 0.85)
		m.note = noteFedEx12
	case 14:
		m := d.add("dhl-ecommerce-14")
		m.weak = true
		m.cand("dhl-ecommerce", 0.3)
		m.note = noteDHLEcom14
	case 15:
		m := d.add("fedex-ground-15")
		m.layout(layout{sch: schemeGS1, start: 0, n: 14})
		m.cand("fedex", 0.7)
		m.note = noteFedExGround15
	case 18:
		m := d.add("fedex-sscc-18")
		m.layout(layout{sch: schemeGS1, start: 0, n: 17})
		m.cand("fedex", 0.5)
		m.note = noteSSCC
	case 20:
		d.usps(b, 0, 0.75)
	case 22:
		if b[0] == '9' && b[1] == '6' {
			m := d.add("fedex-ground-96")
			m.layout(layout{sch: schemeGS1, start: 7, n: 14})
			m.cand("fedex", 0.95)
			m.note = noteFedEx96
		} else {
			d.usps(b, 0, 0.95)
		}
	case 26:
		d.usps(b, 0, 0.95)
	case 32:
		if b[0] == '3' {
			m := d.add("fedex-astra-32")
			m.layout(layout{sch: schemeFedEx, start: 16, n: 11})
			m.cand("fedex", 0.85)
			m.note = noteFedExASTRA
		}
	case 34:
		switch {
		case b[0] == '9' && b[1] == '6':
			m := d.add("fedex-ground-gsn-34")
			m.layout(layout{sch: schemeFedEx, start: 20, n: 13})
			m.cand("fedex", 0.9)
			m.note = noteFedEx34
		case b[0] != '9':
			m := d.add("fedex-34")
			m.layout(layout{sch: schemeFedEx, start: 20, n: 13})
			m.cand("fedex", 0.85)
			m.note = noteFedEx34
		}
	}
	// USPS IMpb barcodes may carry the routing prefix 420 + ZIP (5 digits) or ZIP+4 (9).
	if len(b) >= 28 && b[0] == '4' && b[1] == '2' && b[2] == '0' {
		for _, zip := range [2]int{5, 9} {
			if rest := len(b) - 3 - zip; rest == 20 || rest == 22 || rest == 26 {
				d.usps(b, 3+zip, 0.97)
			}
		}
	}
}

// usps adds the USPS reading of b[start:], which must be 20, 22 or 26 digits.
func (d *detector) usps(b string, start int, conf float64) {
	t := b[start:]
	prefixed := start > 0
	switch len(t) {
	case 20:
		// Printed without the application identifier 91. Both the plain GS1 check and the
		// one with the implied "91" (which adds 9·3 + 1·1 = 28 to the sum) are in use.
		m := d.add("usps-20")
		m.layout(layout{sch: schemeGS1, start: int8(start), n: 19})
		m.layout(layout{sch: schemeGS1, start: int8(start), n: 19, offset: 28})
		m.cand("usps", conf)
		m.cand("fedex", 0.4) // FedEx Ground Economy (SmartPost) numbers are handed to USPS
		m.note = noteUSPS20
		if prefixed {
			m.note = prefixNote(b, start)
		}
	case 22, 26:
		if t[0] != '9' || t[1] < '1' || t[1] > '5' || (len(t) == 26 && t[1] == '1') {
			return
		}
		l := layout{sch: schemeGS1, start: int8(start), n: int8(len(t) - 1)}
		l.pin[0] = 1 << 9
		format := "usps-impb"
		if t[1] == '1' {
			format = "usps-91"
			l.pin[1] = 1 << 1
		} else {
			l.pin[1] = 1<<2 | 1<<3 | 1<<4 | 1<<5
		}
		m := d.add(format)
		m.layout(l)
		m.cand("usps", conf)
		switch {
		case t[1] == '2' || t[1] == '3':
			// 92/93: a commercial mailer's label; FedEx Ground Economy (SmartPost)
			// parcels carry these and are tracked by both.
			m.cand("fedex", 0.35)
			m.note = noteUSPSCommercial
		case t[1] == '1':
			m.note = noteUSPS91
		default:
			m.note = noteUSPSIMpb
		}
		if prefixed {
			m.note = prefixNote(b, start)
		}
	}
}

// prefixNote explains a 420 + ZIP routing prefix and gives the number to
// track: NoteUSPSRouting, written by concatenation.
func prefixNote(b string, start int) string {
	return "USPS barcode with the routing prefix 420 + ZIP " + b[3:start] + "; track it as " + b[start:] + "."
}

func (d *detector) alpha(b string) {
	n := len(b)
	lead := leadingLetters(b)
	switch {
	case n == 13 && lead == 2 && allDigits(b[2:11]) && isUpper(b[11]) && isUpper(b[12]):
		d.s10(b)
		return
	case n == 18 && b[0] == '1' && b[1] == 'Z' && allAlnum(b[2:10]) && allDigits(b[10:]):
		d.ups(b)
		return
	case n == 11 && lead == 1 && allDigits(b[1:]) && (b[0] == 'A' || b[0] == 'H' || b[0] == 'J' || b[0] == 'K' || b[0] == 'T' || b[0] == 'V'):
		m := d.add("ups-waybill")
		m.layout(layout{sch: schemeUPS, start: 1, n: 9})
		m.cand("ups", 0.6)
		m.note = noteUPSWaybill
		return
	case n >= 13 && n <= 21 && b[0] == '4' && b[1] == 'P' && b[2] == 'X':
		t := b[3:]
		if len(t) > 2 && t[len(t)-2] == 'C' && t[len(t)-1] == 'N' {
			t = t[:len(t)-2]
		}
		if len(t) >= 10 && len(t) <= 16 && allDigits(t) {
			d.simple("4px", "4px", 0.85, note4PX)
		}
		return
	}
	if lead < 2 {
		return
	}
	p0, p1 := b[0], b[1]
	tail := b[lead:]
	switch {
	case p0 == 'Y' && p1 == 'T' && n == 18 && allDigits(tail):
		d.simple("yunexpress", "yunexpress", 0.9, noteYunExpress)
	case p0 == 'L' && p1 == 'P' && n >= 14 && n <= 16 && allDigits(tail):
		d.simple("cainiao-lp", "cainiao", 0.9, noteCainiaoLP)
	case p0 == 'S' && p1 == 'F' && (n == 14 || n == 15) && allDigits(tail):
		d.simple("sf-express", "sf-express", 0.85, noteSF)
	case p0 == 'J' && p1 == 'T' && n == 15 && allDigits(tail):
		d.simple("jt-express", "jt-express", 0.75, noteJT)
	case p0 == 'J' && lead >= 3 && lead <= 4 && len(tail) >= 9 && len(tail) <= 20 && allDigits(tail):
		conf := 0.5
		if b[:3] == "JJD" || b[:4] == "JVGL" {
			conf = 0.8
		}
		d.simple("dhl-piece-id", "dhl-express", conf, noteDHLPiece)
	case p0 == 'C' && p1 == 'N' && lead <= 6 && len(tail) >= 8 && len(tail) <= 16 && allDigits(tail):
		m := d.simple("cainiao-cn", "cainiao", 0.5, noteCainiaoCN)
		m.cand("dhl-ecommerce", 0.2)
	case p0 == 'S' && p1 == 'Y' && lead >= 3 && lead <= 6 && len(tail) >= 8 && len(tail) <= 14 && allDigits(tail):
		d.simple("sunyou", "sunyou", 0.5, noteSunYou)
	case p0 == 'G' && p1 == 'M' && n >= 12 && allAlnum(b[2:]) && d.digits > 0:
		d.simple("dhl-ecommerce", "dhl-ecommerce", 0.85, noteDHLEcom)
	case dhlEcomPrefix(p0, p1) && n >= 12 && lead == 2 && allAlnum(b[2:]):
		d.simple("dhl-ecommerce", "dhl-ecommerce", 0.4, noteDHLEcom)
	}
}

// dhlEcomPrefix: prefixes DHL eCommerce uses besides GM (after jkeen/tracking_number_data).
func dhlEcomPrefix(a, b byte) bool {
	switch uint16(a)<<8 | uint16(b) {
	case 'L'<<8 | 'X', 'R'<<8 | 'X', 'U'<<8 | 'V', 'S'<<8 | 'G', 'T'<<8 | 'H', 'I'<<8 | 'N', 'H'<<8 | 'K', 'M'<<8 | 'Y':
		return true
	}
	return false
}

// simple adds a format without a check digit.
func (d *detector) simple(format, slug string, conf float64, note string) *match {
	m := d.add(format)
	m.cand(slug, conf)
	m.note = note
	return m
}

func (d *detector) ups(b string) {
	m := d.add("ups-1z")
	m.layout(layout{sch: schemeUPS, start: 2, n: 15, alnum: 8})
	m.cand("ups", 0.99)
	m.note = upsNote(b[8:10])
}

// upsNote names the common UPS service codes (positions 9–10 of a 1Z number), after the
// table in jkeen/tracking_number_data. Whole sentences, so that nothing is allocated.
func upsNote(code string) string {
	switch code {
	case "01":
		return "UPS 1Z number, service 01 (Next Day Air)."
	case "02":
		return "UPS 1Z number, service 02 (2nd Day Air)."
	case "03":
		return "UPS 1Z number, service 03 (Ground)."
	case "12":
		return "UPS 1Z number, service 12 (3 Day Select)."
	case "13":
		return "UPS 1Z number, service 13 (Next Day Air Saver)."
	case "15":
		return "UPS 1Z number, service 15 (Next Day Air Early)."
	case "42":
		return "UPS 1Z number, service 42 (Ground, signature required)."
	case "44":
		return "UPS 1Z number, service 44 (Next Day Air, Saturday delivery)."
	case "66":
		return "UPS 1Z number, service 66 (Worldwide Express)."
	case "72":
		return "UPS 1Z number, service 72 (Ground, collect on delivery)."
	case "YW":
		return "UPS 1Z number, service YW (SurePost: the last mile is delivered by USPS)."
	}
	return "UPS 1Z number."
}

// s10 handles 2 letters + 9 digits + 2 letters.
func (d *detector) s10(b string) {
	if b[11] == 'Y' && b[12] == 'P' {
		// Yanwen prints S10-shaped numbers with its own suffix YP, which is no country.
		d.simple("yanwen", "yanwen", 0.75, noteYanwen)
		return
	}
	m := d.add("upu-s10")
	m.layout(layout{sch: schemeS10, start: 2, n: 8})
	c := lookupCountry(b[11], b[12])
	if c == nil {
		m.invalid = true
		m.note = b[11:13] + " is not a country code, so this is not a valid UPU S10 number (the last two letters name the country whose post issued it)."
		return
	}
	svc, assigned := s10Service(b[0], b[1])
	slug := c.post
	issued := c.issued
	if b[0] == 'E' && slug == "china-post" {
		slug, issued = "china-ems", issuedByChinaEMS
	}
	conf := 0.98
	if !assigned {
		conf = 0.6
	}
	if slug != "" {
		m.cand(slug, conf)
	}
	if b[0] == 'U' {
		m.tracked = false
		m.note = svc + issued + noteS10Untracked
		return
	}
	m.note = svc + issued
}

const issuedByChinaEMS = ", issued by China EMS (China)."

// The notes on a valid S10 number, and on a USPS number behind a routing
// prefix. The detector writes them by concatenation, as the notes on a
// number that does not validate; these are their formats, which tracker
// reads a note back into (tracker.DetectorNotePhrase) so a screen in
// another language says it in its words. TestValidNotesAreTheirFormats
// holds the two to each other.
const (
	// The service (an S10 service's words), the post's name, the
	// country's name: ", issued by Royal Mail (United Kingdom)."
	NoteS10Issued = "%s, issued by %s (%s)."
	// The service, the country's name, for a country whose post the
	// detector does not name.
	NoteS10National = "%s, issued by the national post of %s."
	// An untracked item's note: the issued note, then why.
	NoteS10Untracked = "%s" + noteS10Untracked
	// The service indicator's two letters.
	NoteS10Bilateral  = "UPU S10 item for domestic or bilateral service (%s)"
	NoteS10Unassigned = "UPU S10 item with a service indicator (%s) the UPU has not assigned"
	// The ZIP code the prefix routes to, and the number to track.
	NoteUSPSRouting = "USPS barcode with the routing prefix 420 + ZIP %s; track it as %s."
)

const noteS10Untracked = " U… items are not tracked end to end: expect an acceptance scan and perhaps an arrival scan, not delivery."

// The S10 service indicators' words that have no value.
const (
	s10Parcel     = "UPU S10 parcel post item (C…)"
	s10EMS        = "UPU S10 EMS express item (E…)"
	s10Ecommerce  = "UPU S10 e-commerce parcel (H…)"
	s10Express    = "UPU S10 letter post express item / tracked packet (L…)"
	s10MBag       = "UPU S10 M-bag of printed matter (M…)"
	s10Reply      = "UPU S10 International Business Reply item (Q…)"
	s10Registered = "UPU S10 registered letter post item (R…)"
	s10Untracked  = "UPU S10 untracked letter post item (U…)"
	s10Insured    = "UPU S10 insured letter post item (V…)"
)

// S10Services are the S10 service indicators' words that have no value,
// for tracker's reading of a valid S10 number's note and the catalog's
// test.
func S10Services() []string {
	return []string{s10Parcel, s10EMS, s10Ecommerce, s10Express, s10MBag, s10Reply, s10Registered, s10Untracked, s10Insured}
}

// s10Service describes the service indicator (the first two letters) of an S10 number.
// assigned is false for ranges the UPU has not assigned or reserves.
func s10Service(a, b byte) (desc string, assigned bool) {
	switch a {
	case 'A', 'B', 'D', 'N', 'P', 'Z':
		return "UPU S10 item for domestic or bilateral service (" + string([]byte{a, b}) + ")", true
	case 'C':
		return s10Parcel, true
	case 'E':
		return s10EMS, true
	case 'G':
		if b == 'A' || b == 'D' {
			return "UPU S10 item for domestic or bilateral service (" + string([]byte{a, b}) + ")", true
		}
	case 'H':
		return s10Ecommerce, true
	case 'L':
		return s10Express, true
	case 'M':
		return s10MBag, true
	case 'Q':
		if b <= 'M' {
			return s10Reply, true
		}
	case 'R':
		return s10Registered, true
	case 'U':
		return s10Untracked, true
	case 'V':
		return s10Insured, true
	}
	return "UPU S10 item with a service indicator (" + string([]byte{a, b}) + ") the UPU has not assigned", false
}

// result turns the matches into a Result. suggest=false skips the suggestion search
// (used when checking suggestions themselves).
func (d *detector) result(input, b string, suggest bool) Result {
	r := Result{
		Input:       input,
		Number:      b,
		Checksum:    ChecksumNone,
		Tracked:     true,
		Candidates:  []Candidate{},
		Suggestions: []string{},
	}
	for i := 0; i < d.nm; i++ {
		d.m[i].verify(b)
	}
	if d.nm == 0 {
		d.unknown(&r, suggest)
		return r
	}
	// A strong (non-weak) match that passes wins. Otherwise, if a strong match failed,
	// the number is invalid; weak matches only win when they are all there is.
	strongValid, strong := false, false
	for i := 0; i < d.nm; i++ {
		m := &d.m[i]
		if !m.weak {
			strong = true
			if m.valid() {
				strongValid = true
			}
		}
	}
	valid := strongValid || !strong
	// The primary match, whose format, checksum and note the Result reports, is the most
	// confident among: the passing strong matches; else the failing strong ones; else
	// (only weak matches) all of them.
	best := -1
	for i := 0; i < d.nm; i++ {
		m := &d.m[i]
		eligible := true
		switch {
		case strongValid:
			eligible = !m.weak && m.valid()
		case strong:
			eligible = !m.weak
		}
		if eligible && (best < 0 || m.top() > d.m[best].top()) {
			best = i
		}
	}
	p := &d.m[best]

	// Candidates: from every match that is valid (when the number is), or from every
	// match (when it is not, with failed check digits marked down).
	var all [12]Candidate
	cs := all[:0]
	for i := 0; i < d.nm; i++ {
		m := &d.m[i]
		if valid && !m.valid() {
			continue
		}
		for _, c := range m.cands[:m.ncand] {
			if m.check == ChecksumBad {
				c.Confidence = math.Round(c.Confidence*badFactor*1000) / 1000
			}
			dup := false
			for j := range cs {
				if cs[j].Carrier == c.Carrier {
					cs[j].Confidence = max(cs[j].Confidence, c.Confidence)
					dup = true
				}
			}
			if !dup {
				cs = append(cs, c)
			}
		}
	}
	for i := 1; i < len(cs); i++ { // stable insertion sort, best first; there are few
		for j := i; j > 0 && cs[j].Confidence > cs[j-1].Confidence; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
	if len(cs) > 0 {
		r.Candidates = slices.Clone(cs)
		r.Carrier = cs[0].Carrier
	}
	r.Valid = valid
	r.Format = p.format
	r.Checksum = p.check
	r.Tracked = p.tracked
	r.Note = p.note
	if p.check == ChecksumBad && !p.invalid {
		r.Note = d.badNote(p)
		if suggest {
			var sug []string
			for i := 0; i < d.nm; i++ {
				m := &d.m[i]
				if m.check != ChecksumBad || m.invalid {
					continue
				}
				for k := 0; k < m.nlay; k++ {
					sug = mergeSorted(sug, m.lays[k].suggest(b))
				}
			}
			if sug != nil {
				rankSuggestions(b, sug)
				r.Suggestions = sug
			}
		}
	}
	if !valid && d.looksLikeOrder() {
		r.Note = noteOrder + " " + r.Note
	}
	return r
}

func (d *detector) looksLikeOrder() bool {
	return d.letters == 0 && !d.other && len(d.b) >= 15 && len(d.b) <= 19
}

func (d *detector) badNote(p *match) string {
	name := p.lays[0].sch.name
	if p.nlay > 1 {
		return "The check digit does not match (" + name + ", with or without the implied 91 prefix): a character is probably mistyped or swapped; see the suggestions."
	}
	at := int(p.lays[0].start) + int(p.lays[0].n)
	return "The check digit (" + d.b[at:at+1] + ") does not match: by " + name + " the other characters call for " + string(rune('0'+p.want)) + ". A character is probably mistyped or swapped; see the suggestions."
}

// unknown fills in a Result for a number that fits no format.
func (d *detector) unknown(r *Result, suggest bool) {
	b := d.b
	switch {
	case len(b) == 0:
		r.Note = NoteEmpty
		return
	case d.other:
		r.Note = NoteBadChars
		return
	case d.looksLikeOrder():
		r.Note = noteOrder
		return
	case len(b) < 8:
		r.Note = NoteTooShort
		return
	}
	r.Note = NoteUnknown
	if lead := leadingLetters(b); lead == 2 && len(b) >= 11 && len(b) <= 14 && allUpper(b[len(b)-2:]) && allDigits(b[2:len(b)-2]) {
		r.Note = "Looks like a UPU S10 number, but those have 9 digits between the two-letter prefix and the country code; this one has " + itoa(len(b)-4) + "."
	}
	if suggest && d.letters > 0 && d.letters <= 6 && len(b) <= 40 {
		if s := d.nearMiss(); len(s) > 0 {
			r.Suggestions = s
			r.Note = NoteNearMiss
		}
	}
}

// nearMiss tries the digit each look-alike letter may stand for (O→0, I→1, S→5, ...) and
// keeps the results that are valid numbers with a matching check digit.
func (d *detector) nearMiss() []string {
	var out []string
	var buf [40]byte
	for i := 0; i < len(d.b); i++ {
		var digit byte
		switch d.b[i] {
		case 'O', 'Q', 'D':
			digit = '0'
		case 'I', 'L':
			digit = '1'
		case 'Z':
			digit = '2'
		case 'S':
			digit = '5'
		case 'G':
			digit = '6'
		case 'T':
			digit = '7'
		case 'B':
			digit = '8'
		default:
			continue
		}
		n := copy(buf[:], d.b)
		buf[i] = digit
		cand := string(buf[:n])
		var e detector
		e.run(cand)
		if res := e.result(cand, cand, false); res.Valid && res.Checksum == ChecksumOK {
			out = append(out, cand)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func itoa(n int) string {
	if n >= 0 && n < 10 {
		return string(rune('0' + n))
	}
	return string([]byte{byte('0' + n/10%10), byte('0' + n%10)})
}

// The notes on a number that does not validate. Those with values are
// formats: the detector writes them by concatenation (nothing is
// allocated for fmt), and tracker reads a note back into its format and
// values (tracker.DetectorNotePhrase), so a screen in another language
// says it in its words; TestRefusalNotesAreTheirFormats holds the two to
// each other.
const (
	NoteEmpty    = "Empty input: paste a tracking number."
	NoteBadChars = "Contains characters that never appear in tracking numbers (they have only letters and digits)."
	NoteTooShort = "Too short for a tracking number."
	NoteUnknown  = "Not a known tracking number format."
	NoteNearMiss = "Not a valid tracking number as typed, but changing one letter that looks like a digit gives a number whose check digit matches; see the suggestions."
	// NoteOrder also leads another note, after a space.
	NoteOrder = noteOrder
	// The digits between an S10 number's prefix and its country code.
	NoteS10Digits = "Looks like a UPU S10 number, but those have 9 digits between the two-letter prefix and the country code; this one has %d."
	// The last two letters of an S10-shaped number.
	NoteNotCountry = "%s is not a country code, so this is not a valid UPU S10 number (the last two letters name the country whose post issued it)."
	// The check digit as typed, the scheme's name, the digit it calls for.
	NoteBadCheck = "The check digit (%s) does not match: by %s the other characters call for %s. A character is probably mistyped or swapped; see the suggestions."
	// The scheme's name, for a number checked with and without a prefix.
	NoteBadCheck91 = "The check digit does not match (%s, with or without the implied 91 prefix): a character is probably mistyped or swapped; see the suggestions."
	// ReasonBadCheck leads Result.Reason for a check digit that does not
	// match; ReasonUnknown is Reason for a number without a note.
	ReasonBadCheck = "the check digit does not match. "
	ReasonUnknown  = "not a known tracking number format"
)

// Notes: constant where possible, so the common case allocates nothing for them.
const (
	noteOrder          = "This looks like an AliExpress order number, not a tracking number: the tracking number is under the order's \"Track order\" page."
	noteDHLExpress     = "DHL Express waybill (10 or 11 digits, mod 7 check digit)."
	noteAramex         = "Aramex waybills are also 10–11 digits, with no published check digit."
	noteFedEx12        = "FedEx Express 12-digit number."
	noteDHLEcom14      = "14-digit number with no check digit: DHL eCommerce uses this form, but so do other carriers."
	noteFedExGround15  = "FedEx Ground 15-digit number."
	noteSSCC           = "18-digit SSCC shipping container code (FedEx Ground uses them)."
	noteFedEx96        = "FedEx Ground 22-digit barcode number (96…)."
	noteFedExASTRA     = "FedEx ASTRA barcode: the 12-digit tracking number is at positions 17–28."
	noteFedEx34        = "FedEx 34-digit barcode: the 12-digit tracking number is the last 12 digits."
	noteUSPS20         = "USPS 20-digit number (FedEx Ground Economy / SmartPost numbers of this length are handed to USPS)."
	noteUSPSIMpb       = "USPS Intelligent Mail package barcode (IMpb) number."
	noteUSPSCommercial = "USPS IMpb number from a commercial mailer (92/93…): FedEx Ground Economy (SmartPost) parcels carry these too."
	noteUSPS91         = "USPS number with application identifier 91 (Delivery/Signature Confirmation)."
	noteUPSWaybill     = "UPS waybill number (letter + 10 digits)."
	noteYunExpress     = "YunExpress number (YT + 16 digits); no check digit, so typos cannot be caught."
	noteCainiaoLP      = "Cainiao (AliExpress logistics) number. LP numbers are internal: once the parcel leaves China the last-mile carrier usually gives it a new number. No check digit."
	noteCainiaoCN      = "Cainiao CN… number (format not published; no check digit)."
	noteSF             = "SF Express waybill (SF + 12–13 digits); no check digit."
	noteJT             = "J&T Express waybill (JT + 13 digits); no check digit."
	noteDHLPiece       = "DHL piece ID / parcel license plate (JJD…, JVGL…); no check digit."
	noteSunYou         = "SunYou (SYPost) number (format not published; no check digit)."
	noteDHLEcom        = "DHL eCommerce number; no check digit."
	note4PX            = "4PX number (4PX + digits, optional CN); no check digit."
	noteYanwen         = "Yanwen number: S10-shaped but ending in YP, which is Yanwen's own suffix, not a country; no check digit is verified."
)

// FixedNotes are the notes on a valid number that are whole sentences
// (a format's, a UPS service's), for the catalog's test: a screen says
// them in its reader's language by their text.
func FixedNotes() []string {
	out := []string{noteDHLExpress, noteAramex, noteFedEx12, noteDHLEcom14, noteFedExGround15, noteSSCC,
		noteFedEx96, noteFedExASTRA, noteFedEx34, noteUSPS20, noteUSPSIMpb, noteUSPSCommercial, noteUSPS91,
		noteUPSWaybill, noteYunExpress, noteCainiaoLP, noteCainiaoCN, noteSF, noteJT, noteDHLPiece, noteSunYou,
		noteDHLEcom, note4PX, noteYanwen}
	for _, code := range []string{"01", "02", "03", "12", "13", "15", "42", "44", "66", "72", "YW", ""} {
		out = append(out, upsNote(code))
	}
	return out
}
