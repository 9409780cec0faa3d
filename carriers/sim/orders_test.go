package sim

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"waybill/tracker"
)

var ordersNow = time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)

// validS10 checks a UPU S10 number, written from the UPU rule: weights
// 8 6 4 2 3 5 9 7 over the serial, r = sum mod 11, check 11 − r, r = 0 → 5,
// r = 1 → 0.
func validS10(n string) bool {
	if !regexp.MustCompile(`^[A-Z]{2}[0-9]{9}[A-Z]{2}$`).MatchString(n) {
		return false
	}
	w := []int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i, wi := range w {
		sum += int(n[2+i]-'0') * wi
	}
	var check int
	switch r := sum % 11; r {
	case 0:
		check = 5
	case 1:
		check = 0
	default:
		check = 11 - r
	}
	return int(n[10]-'0') == check
}

// validUPS checks a 1Z number: the 15 characters after 1Z, letters as
// (code − 3) mod 10, every second one doubled, must complete to a multiple
// of ten with the last digit.
func validUPS(n string) bool {
	if !regexp.MustCompile(`^1Z[0-9A-Z]{15}[0-9]$`).MatchString(n) {
		return false
	}
	sum := 0
	for i, ch := range n[2:17] {
		v := int(ch - '0')
		if unicode.IsUpper(ch) {
			v = (int(ch) - 3) % 10
		}
		if i%2 == 1 {
			v *= 2
		}
		sum += v
	}
	return (sum+int(n[17]-'0'))%10 == 0
}

// validDHL checks a 10-digit DHL Express waybill: last digit = first nine mod 7.
func validDHL(n string) bool {
	if !regexp.MustCompile(`^[0-9]{10}$`).MatchString(n) {
		return false
	}
	v := 0
	for _, ch := range n[:9] {
		v = v*10 + int(ch-'0')
	}
	return v%7 == int(n[9]-'0')
}

func TestCheckDigitFunctions(t *testing.T) {
	tests := []struct {
		name  string
		valid func(string) bool
		n     string
		want  bool
	}{
		{"S10 example from CARRIERS.md", validS10, "RB123456785GB", true},
		{"S10 with a wrong check digit", validS10, "RB123456784GB", false},
		{"UPS example from CARRIERS.md", validUPS, "1Z5R89390357567127", true},
		{"UPS with a wrong check digit", validUPS, "1Z5R89390357567128", false},
		{"DHL example from CARRIERS.md", validDHL, "3318810025", true},
		{"DHL with a wrong check digit", validDHL, "3318810026", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.valid(tt.n); got != tt.want {
				t.Errorf("valid(%s) = %v, want %v", tt.n, got, tt.want)
			}
		})
	}
	// The generator's own check digit agrees with the independent one on
	// every serial ending, including the r = 0 and r = 1 cases.
	for _, serial := range []string{"12345678", "00000000", "00000001", "00000010", "99999999", "47312589"} {
		n := "LX" + serial + string(rune('0'+s10Check(serial))) + "CN"
		if !validS10(n) {
			t.Errorf("s10Check(%s) made invalid %s", serial, n)
		}
	}
}

func TestOrdersAreDeterministic(t *testing.T) {
	a := Orders(300, 11, ordersNow)
	tests := []struct {
		name string
		got  []tracker.OrderDetail
		same bool
	}{
		{"same arguments give the same orders", Orders(300, 11, ordersNow), true},
		{"the first orders of a longer list are the same", Orders(600, 11, ordersNow)[:300], true},
		{"another seed gives other orders", Orders(300, 12, ordersNow), false},
		{"another now gives other dates", Orders(300, 11, ordersNow.Add(time.Hour)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reflect.DeepEqual(tt.got, a); got != tt.same {
				t.Errorf("orders equal = %v, want %v", got, tt.same)
			}
		})
	}
	if Orders(0, 1, ordersNow) != nil || Orders(-1, 1, ordersNow) != nil {
		t.Error("no orders asked, some given")
	}
}

var numberFormats = map[string]*regexp.Regexp{
	"cainiao":     regexp.MustCompile(`^LP00[0-9]{12}$`),
	"yunexpress":  regexp.MustCompile(`^YT[0-9]{16}$`),
	"china-post":  regexp.MustCompile(`^[LRU][A-Z][0-9]{9}CN$`),
	"china-ems":   regexp.MustCompile(`^E[A-Z][0-9]{9}CN$`),
	"4px":         regexp.MustCompile(`^4PX[0-9]{13}CN$`),
	"ups":         regexp.MustCompile(`^1Z[0-9A-Z]{15}[0-9]$`),
	"dhl-express": regexp.MustCompile(`^[0-9]{10}$`),
}

func TestOrdersLookReal(t *testing.T) {
	const n = 6000
	orders := Orders(n, 21, ordersNow)
	orderNos := map[string]bool{}
	trackingNos := map[string]bool{}
	markets := map[string]int{}
	slugs := map[string]int{}
	countries := map[string]int{}
	var twoParcels, reissues, recent, untracked, nonASCII, promised int
	aliexpressNo := regexp.MustCompile(`^[38][0-9]{15}$`)
	slugRE := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

	for _, o := range orders {
		if orderNos[o.OrderNo] {
			t.Errorf("order number %s used twice", o.OrderNo)
		}
		orderNos[o.OrderNo] = true
		markets[o.Marketplace]++
		countries[o.Country]++
		if o.Marketplace == "aliexpress" && !aliexpressNo.MatchString(o.OrderNo) {
			t.Errorf("AliExpress order number %q is not 16 digits", o.OrderNo)
		}
		if o.Buyer == "" || strings.Count(o.Email, "@") != 1 || o.Status != tracker.OrderShipped || countryByCode[o.Country] == nil {
			t.Errorf("order %s: buyer %q, email %q, status %s, country %s", o.OrderNo, o.Buyer, o.Email, o.Status, o.Country)
		}
		for _, r := range o.Email {
			if r > unicode.MaxASCII || unicode.IsSpace(r) || unicode.IsUpper(r) {
				t.Errorf("email %q is not lower-case ASCII", o.Email)
				break
			}
		}
		if strings.ContainsFunc(o.Buyer, func(r rune) bool { return r > unicode.MaxASCII }) {
			nonASCII++
		}
		if len(o.Shipments) == 2 {
			twoParcels++
		} else if len(o.Shipments) != 1 {
			t.Errorf("order %s has %d shipments", o.OrderNo, len(o.Shipments))
		}
		first := o.Shipments[0].ShippedAt
		if !o.OrderedAt.Before(first) {
			t.Errorf("order %s ordered %v, after shipping %v", o.OrderNo, o.OrderedAt, first)
		}
		if !o.PromisedAt.IsZero() {
			promised++
			if d := o.PromisedAt.Sub(first); d < 20*24*time.Hour || d > 61*24*time.Hour {
				t.Errorf("order %s promised %v after shipping", o.OrderNo, d)
			}
		}
		for _, s := range o.Shipments {
			if trackingNos[s.TrackingNo] {
				t.Errorf("tracking number %s used twice", s.TrackingNo)
			}
			trackingNos[s.TrackingNo] = true
			slugs[s.Carrier]++
			if s.ShippedAt.After(ordersNow) || ordersNow.Sub(s.ShippedAt) > 46*24*time.Hour {
				t.Errorf("%s shipped %v, want within the 45 days before %v", s.TrackingNo, s.ShippedAt, ordersNow)
			}
			if ordersNow.Sub(s.ShippedAt) < 8*time.Hour {
				recent++
			}
			if s.Destination != o.Country || s.Origin != "CN" || s.Status != tracker.StatusPending || !slugRE.MatchString(s.Carrier) {
				t.Errorf("shipment %s: %s→%s, %s, carrier %q", s.TrackingNo, s.Origin, s.Destination, s.Status, s.Carrier)
			}
			if re := numberFormats[s.Carrier]; re == nil || !re.MatchString(s.TrackingNo) {
				t.Errorf("carrier %s with number %s", s.Carrier, s.TrackingNo)
			}
			valid := true
			switch s.Carrier {
			case "china-post", "china-ems":
				valid = validS10(s.TrackingNo)
				if tracker.Untracked(s.TrackingNo) {
					untracked++
				}
			case "ups":
				valid = validUPS(s.TrackingNo)
			case "dhl-express":
				valid = validDHL(s.TrackingNo)
			}
			if !valid {
				t.Errorf("%s number %s fails its check digit", s.Carrier, s.TrackingNo)
			}
		}
		if len(o.Shipments) == 2 {
			a, b := o.Shipments[0], o.Shipments[1]
			if b.ShippedAt.Sub(a.ShippedAt) >= 18*24*time.Hour {
				reissues++
				if !reissueReasons[outcomeOf(21, a.TrackingNo)] {
					t.Errorf("reissued order %s: first parcel %s has outcome %s", o.OrderNo, a.TrackingNo, outcomeOf(21, a.TrackingNo))
				}
			}
		}
	}

	share := func(k int) float64 { return float64(k) / n }
	checks := []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"share of aliexpress orders", share(markets["aliexpress"]), 0.84, 0.92},
		{"share of alibaba orders", share(markets["alibaba"]), 0.04, 0.10},
		{"share of shop orders", share(markets["shop"]), 0.03, 0.08},
		{"share of orders with two parcels", share(twoParcels), 0.015, 0.05},
		{"share shipped in the last 8 hours", share(recent), 0.02, 0.07},
		{"share of untracked UN numbers", share(untracked), 0.003, 0.025},
		{"share of buyers with non-ASCII names", share(nonASCII), 0.15, 0.6},
		{"share of orders with a promise", share(promised), 0.85, 0.98},
		{"share of cainiao parcels", share(slugs["cainiao"]), 0.3, 0.5},
		{"share of ups parcels", share(slugs["ups"]), 0.01, 0.05},
		{"share of dhl-express parcels", share(slugs["dhl-express"]), 0.01, 0.06},
		{"share going to Russia", share(countries["RU"]), 0.1, 0.18},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got < c.min || c.got > c.max {
				t.Errorf("got %.3f, want %.3f–%.3f", c.got, c.min, c.max)
			}
		})
	}
	t.Run("some orders are reissues", func(t *testing.T) {
		if reissues == 0 || reissues == twoParcels {
			t.Errorf("%d reissues among %d orders with two parcels, want some of both kinds", reissues, twoParcels)
		}
	})
	t.Run("every carrier slug is used", func(t *testing.T) {
		for slug := range numberFormats {
			if slugs[slug] == 0 {
				t.Errorf("no %s parcel", slug)
			}
		}
	})
	t.Run("at least 25 destinations", func(t *testing.T) {
		if len(countries) < 25 {
			t.Errorf("%d destinations: %v", len(countries), countries)
		}
	})
}

func TestBuyerNamesFitTheCountry(t *testing.T) {
	scripts := map[string]*unicode.RangeTable{"RU": unicode.Cyrillic, "UA": unicode.Cyrillic, "IL": unicode.Hebrew, "KR": unicode.Hangul, "SA": unicode.Arabic}
	found := map[string]bool{}
	accented := false
	for _, o := range Orders(4000, 3, ordersNow) {
		if table := scripts[o.Country]; table != nil && strings.ContainsFunc(o.Buyer, func(r rune) bool { return unicode.Is(table, r) }) {
			found[o.Country] = true
		}
		if o.Country == "BR" && strings.ContainsAny(o.Buyer, "ãçéíóúâêô") {
			accented = true
		}
	}
	for cc := range scripts {
		if !found[cc] {
			t.Errorf("no buyer in %s writes a name in its script", cc)
		}
	}
	if !accented {
		t.Error("no Brazilian buyer has an accented name")
	}
	feminine := pickPersonWith(t, "ru", func(p person) bool { return strings.HasPrefix(p.name, "Анна ") })
	if !strings.HasSuffix(feminine.name, "а") && !strings.HasSuffix(feminine.name, "ая") {
		t.Errorf("Russian woman named %q: want a feminine family name", feminine.name)
	}
}

// pickPersonWith draws buyers until one matches.
func pickPersonWith(t *testing.T, lang string, ok func(person) bool) person {
	t.Helper()
	r := rngFor(1, "names")
	for range 10_000 {
		if p := pickPerson(r, lang); ok(p) {
			return p
		}
	}
	t.Fatalf("no matching %s buyer", lang)
	return person{}
}

func BenchmarkOrders1000(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Orders(1000, 1, ordersNow)
	}
}

func TestOrdersHaveAShippingMethod(t *testing.T) {
	for _, o := range Orders(500, 3, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)) {
		if o.ShippingMethod == "" {
			t.Fatalf("order %s has no shipping method (carrier %s)", o.OrderNo, o.Shipments[0].Carrier)
		}
		if strings.HasPrefix(o.Shipments[0].TrackingNo, "U") && o.ShippingMethod != "Cainiao Super Economy" {
			t.Fatalf("untracked %s shipped by %q", o.Shipments[0].TrackingNo, o.ShippingMethod)
		}
	}
}

// Demo orders say what they hold, and only some of them warn: a demo
// where every order needs checking would teach nothing.
func TestOrdersContents(t *testing.T) {
	orders := Orders(2000, 1, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	warned := map[tracker.CheckKind]int{}
	n := 0
	for _, d := range orders {
		if d.Product == "" || d.Currency != "USD" || d.Amount <= 0 {
			t.Fatalf("order %s without contents: %+v", d.OrderNo, d.Order)
		}
		cs := tracker.Precheck(d.Order, tracker.DefaultPrechecks())
		if len(cs) > 0 {
			n++
		}
		for _, c := range cs {
			warned[c.Kind]++
		}
	}
	for _, k := range tracker.CheckKinds {
		if warned[k] == 0 {
			t.Errorf("no demo order warns %s", k)
		}
	}
	if n < len(orders)/20 || n > len(orders)/3 {
		t.Errorf("%d of %d demo orders warn, want a few", n, len(orders))
	}
}
