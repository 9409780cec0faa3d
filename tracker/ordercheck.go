package tracker

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// The rules every write of an order is held to, whoever typed or sent it:
// the screen's add form, `waybill add` and `edit`, a paste, an import, a
// marketplace. Service.WriteOrders refuses an order that breaks one; the
// import's reader, the add form and the command line's flags call the same
// functions first, to say so where the value was typed (the file's line
// and column, the field on the screen, the flag).

// MaxFieldBytes bounds every text field of an order and its parcels, as a
// spreadsheet cell: far more than any name, address or product needs, and
// little enough that every render and export can take it.
const MaxFieldBytes = 1000

// The names of an order's fields in FieldError: the import's column
// fields (orderfile.Field).
const (
	FieldOrderNo        = "order_no"
	FieldMarketplace    = "marketplace"
	FieldTrackingNo     = "tracking_no"
	FieldCarrier        = "carrier"
	FieldBuyer          = "buyer"
	FieldEmail          = "email"
	FieldPhone          = "phone"
	FieldCountry        = "country"
	FieldAddress        = "address"
	FieldProduct        = "product"
	FieldCurrency       = "currency"
	FieldShippingMethod = "shipping_method"
	FieldHSCode         = "hs_code"
	FieldPackaging      = "packaging"
)

// MaxPackagingRunes bounds Order.Packaging tighter than MaxFieldBytes: it is
// a few words of how the parcel was packed, printed in full on the order
// view and in an evidence bundle's one-page summary, so a pasted letter
// is refused where it was typed rather than pushing the page over.
const MaxPackagingRunes = 300

// TextProblem is why v cannot be any text field of an order ("" when it
// can): more than MaxFieldBytes, or not UTF-8.
func TextProblem(v string) string {
	if len(v) > MaxFieldBytes || !utf8.ValidString(v) {
		return fmt.Sprintf("not text of at most %d bytes", MaxFieldBytes)
	}
	return ""
}

// FieldProblem is why a write refuses v for field ("" when it takes it).
// An empty value is one not given, and always taken.
func FieldProblem(field, v string) string {
	if v == "" {
		return ""
	}
	if p := TextProblem(v); p != "" {
		return p
	}
	switch {
	case field == FieldEmail && !ValidEmail(v):
		return "not an email address such as ana@example.com"
	case field == FieldCurrency && !ValidCurrency(v):
		return "not a currency: want an ISO 4217 code such as USD"
	case field == FieldHSCode && !ValidHSCode(v):
		return "not an HS code: want 6 to 10 digits"
	case field == FieldPackaging && utf8.RuneCountInString(v) > MaxPackagingRunes:
		return fmt.Sprintf("longer than %d characters: packaging notes are a few words, such as \"double box, bubble wrap\"", MaxPackagingRunes)
	}
	return ""
}

// ValidEmail reports whether s is one plain address with a domain that has
// a dot: a buyer's mailbox, not "ana@example" or "Ana <ana@example.com>".
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".")
}

// ValidHSCode reports whether s is an HS code: 6 to 10 digits, dots and
// spaces allowed between them.
func ValidHSCode(s string) bool {
	d := hsNoise.Replace(s)
	return len(d) >= 6 && len(d) <= 10 && strings.IndexFunc(d, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

var hsNoise = strings.NewReplacer(".", "", " ", "")

// ValidCurrency reports whether s looks like an ISO 4217 code (three
// capital letters).
func ValidCurrency(s string) bool {
	return len(s) == 3 && strings.IndexFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0
}

// FieldError is a value a write of an order refuses.
type FieldError struct {
	Field  string // FieldEmail, FieldProduct …
	Value  string // as given, cut to a readable length
	Reason string
}

func (e FieldError) Error() string { return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason) }

// FieldErrors are the values of one order a write refused.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "; ")
}

// CheckOrder lists every value of od, its order's and its parcels', that a
// write refuses; nil for an order any write takes.
func CheckOrder(od OrderDetail) FieldErrors {
	var errs FieldErrors
	check := func(field, v string) {
		if p := FieldProblem(field, v); p != "" {
			errs = append(errs, FieldError{Field: field, Value: ShortValue(v), Reason: p})
		}
	}
	o := od.Order
	check(FieldOrderNo, o.OrderNo)
	check(FieldMarketplace, o.Marketplace)
	check(FieldBuyer, o.Buyer)
	check(FieldEmail, o.Email)
	check(FieldPhone, o.Phone)
	check(FieldCountry, o.Country)
	check(FieldShippingMethod, o.ShippingMethod)
	check(FieldAddress, o.Address)
	check(FieldProduct, o.Product)
	check(FieldCurrency, o.Currency)
	check(FieldHSCode, o.HSCode)
	check(FieldPackaging, o.Packaging)
	for _, s := range od.Shipments {
		check(FieldTrackingNo, s.TrackingNo)
		check(FieldCarrier, s.Carrier)
	}
	return errs
}

// ShortValue is v cut to 40 bytes for an error message, valid UTF-8.
func ShortValue(v string) string {
	if len(v) > 40 {
		n := 40
		for n > 0 && !utf8.RuneStart(v[n]) {
			n--
		}
		v = v[:n] + ellipsis
	}
	return strings.ToValidUTF8(v, "\uFFFD")
}
