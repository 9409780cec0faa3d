package orderfile

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"waybill/tracker"
	"waybill/tracker/number"
)

type validator struct {
	line     int
	cells    []string
	cols     map[Field]int
	header   []string
	loc      *time.Location
	xlsx     bool
	problems []Problem
	// badFields has a bit per field (fieldBit) with a bad value.
	badFields uint32
	// brief: the problems are only counted (badFields), not described,
	// once the Result holds MaxProblems of them.
	brief bool
}

// fieldBit is each field's bit in validator.badFields.
var fieldBit = func() map[Field]uint32 {
	m := map[Field]uint32{}
	for i, f := range Fields {
		m[f] = 1 << i
	}
	return m
}()

// get returns a field's cell, trimmed, with a spreadsheet's formula guard
// (a leading ' before = + - @, as waybill's exports write) removed.
func (v *validator) get(f Field) string {
	i, ok := v.cols[f]
	if !ok || i >= len(v.cells) {
		return ""
	}
	s := strings.TrimSpace(v.cells[i])
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		s = s[1:]
	}
	return s
}

// bad records a field's bad value: its first, as a column holds one value
// of a row, so a Result counts a column's problems as its bad rows.
func (v *validator) bad(f Field, value, format string, args ...any) {
	if v.mark(f) {
		column, col := v.column(f)
		v.problems = append(v.problems, Problem{Line: v.line, Column: column, Field: f, Value: value,
			Reason: fmt.Sprintf(format, args...), col: col, phrase: reasonPhrase(format, args)})
	}
}

// column is f's header and index; "" and the header's width (to sort
// last) when no column is f's, as for the tracking number a carrier
// calls for in a file without one.
func (v *validator) column(f Field) (string, int) {
	if i, ok := v.cols[f]; ok {
		return v.header[i], i
	}
	return "", len(v.header)
}

// mark sets f's bit, and says whether its problem is to be described.
func (v *validator) mark(f Field) bool {
	bit := fieldBit[f]
	if v.badFields&bit != 0 {
		return false
	}
	v.badFields |= bit
	return !v.brief
}

// row reads the row's order and parcel. Its values are held to the rules
// every write of an order is (tracker.FieldProblem), said here with the
// file's line and column.
func (v *validator) row(now time.Time) (tracker.Order, *tracker.Shipment) {
	for f, i := range v.cols {
		if i >= len(v.cells) {
			continue
		}
		if p := tracker.TextProblem(v.cells[i]); p != "" {
			v.bad(f, truncate(v.cells[i]), "%s", p)
			return tracker.Order{}, nil
		}
	}
	o := tracker.Order{
		OrderNo: v.get(OrderNo), Buyer: v.get(Buyer), Email: v.get(Email), Phone: v.get(Phone),
		ShippingMethod: v.get(ShippingMethod),
	}
	if o.OrderNo == "" {
		v.bad(OrderNo, "", "the order number is missing")
	}
	if p := tracker.FieldProblem(tracker.FieldEmail, o.Email); p != "" {
		v.bad(Email, o.Email, "%s", p)
	}
	if cc := v.get(Country); cc != "" {
		if code, err := tracker.ParseCountry(cc); err == nil {
			o.Country = code
		} else {
			v.bad(Country, cc, "%v", err)
		}
	}
	o.OrderedAt = v.date(OrderDate)
	o.PromisedAt = v.date(PromisedDate)
	shipped := v.date(ShipDate)

	o.Address, o.Product, o.HSCode = v.get(Address), v.get(Product), v.get(HSCode)
	o.Packaging = v.get(Packaging)
	o.Amount = v.amount(Amount)
	o.DeclaredValue = v.amount(DeclaredValue)
	o.Insured = v.yesNo(Insured)
	if c := v.get(Currency); c != "" {
		up := strings.ToUpper(c)
		if p := tracker.FieldProblem(tracker.FieldCurrency, up); p != "" {
			v.bad(Currency, c, "%s", p)
		}
		o.Currency = up
	}
	if p := tracker.FieldProblem(tracker.FieldHSCode, o.HSCode); p != "" {
		v.bad(HSCode, o.HSCode, "%s", p)
	}
	if p := tracker.FieldProblem(tracker.FieldPackaging, o.Packaging); p != "" {
		v.bad(Packaging, tracker.ShortValue(o.Packaging), "%s", p) // cut on a character, not a byte
	}

	var sh *tracker.Shipment
	raw := v.get(TrackingNo)
	carrier := v.get(Carrier)
	slug := ""
	if carrier != "" {
		var ok bool
		if slug, ok = carrierSlug(carrier); !ok {
			v.bad(Carrier, carrier, "not a carrier waybill knows (`waybill detect NUMBER` names one; the README lists the slugs)")
		}
	}
	if raw != "" {
		// Without suggestions: a file may hold 200,000 mistyped
		// numbers, and only the problems kept in full show them
		// (merger.add asks for them there).
		det := number.DetectWithoutSuggestions(raw)
		switch {
		case det.Number == number.Normalize(o.OrderNo):
			v.bad(TrackingNo, raw, "the same as the order number: that is not the parcel's tracking number")
		case !det.Valid:
			if v.mark(TrackingNo) {
				column, col := v.column(TrackingNo)
				v.problems = append(v.problems, Problem{Line: v.line, Column: column, Field: TrackingNo,
					Value: raw, Reason: det.Reason(), col: col, mistyped: true})
			}
		}
		if slug == "" {
			slug = det.Carrier
		}
		if shipped.IsZero() {
			shipped = now
		}
		sh = &tracker.Shipment{TrackingNo: det.Number, Carrier: slug, Destination: o.Country, Status: tracker.StatusPending, ShippedAt: shipped}
	} else if carrier != "" {
		v.bad(TrackingNo, "", "a carrier is given but no tracking number")
	}
	return o, sh
}

func truncate(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// dateLayouts start with the year, or have a month's name (parseDate
// relies on it).
var dateLayouts = []string{
	"2006-01-02", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05",
	"2006/1/2", "2006/1/2 15:04:05", "2006/1/2 15:04", "2006.1.2",
	"2006年1月2日", "2006年1月2日 15:04:05", "2006年1月2日 15:04",
	"2 Jan 2006", "Jan 2, 2006", "2 January 2006", "January 2, 2006",
}

// date reads a field as a date: ISO and the common layouts; d/m/yyyy and
// m/d/yyyy when the numbers tell which; Excel serials in XLSX files.
func (v *validator) date(f Field) time.Time {
	s := v.get(f)
	if s == "" {
		return time.Time{}
	}
	if t, err := parseDate(s, v.loc, v.xlsx); err == nil {
		return t
	} else {
		v.bad(f, s, "%v", err)
	}
	return time.Time{}
}

func parseDate(s string, loc *time.Location, serials bool) (time.Time, error) {
	if strings.IndexFunc(s, unicode.IsDigit) < 0 {
		// Every layout and serial has digits; trying the layouts
		// on "yesterday" costs a parse error each.
		return time.Time{}, errNotDate
	}
	// A layout is tried only where it could match (each starts with the
	// year, which time reads as four digits, or has a month's name), as a
	// date refused by all 15 costs a parse error each.
	yearFirst := len(s) >= 4 && allDigits(s[:4])
	named := strings.IndexFunc(s, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }) >= 0
	if yearFirst {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t, nil
		}
	}
	for _, l := range dateLayouts {
		if strings.HasPrefix(l, "2006") && !yearFirst || !strings.HasPrefix(l, "2006") && !named {
			continue
		}
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	if serials {
		if n, err := strconv.ParseFloat(s, 64); err == nil && n >= 1 && n < 2958466 {
			// Excel's day 0 is 1899-12-30 (it counts a 29 Feb 1900 that never was).
			days := math.Floor(n)
			secs := math.Round((n - days) * 86400)
			base := time.Date(1899, 12, 30, 0, 0, 0, 0, loc)
			return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), nil
		}
	}
	// d/m/yyyy or m/d/yyyy (also with - or .), with an optional time.
	datePart, timePart, _ := strings.Cut(s, " ")
	parts := strings.FieldsFunc(datePart, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) == 3 && len(parts[2]) == 4 {
		a, e1 := strconv.Atoi(parts[0])
		b, e2 := strconv.Atoi(parts[1])
		y, e3 := strconv.Atoi(parts[2])
		if e1 == nil && e2 == nil && e3 == nil {
			var d, m int
			switch {
			case a > 12 && b <= 12:
				d, m = a, b
			case b > 12 && a <= 12:
				d, m = b, a
			case a == b:
				d, m = a, b
			default:
				return time.Time{}, reasonf("ambiguous date: %d/%d could be day/month or month/day; write it as YYYY-MM-DD", a, b)
			}
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
			if m < 1 || m > 12 || d < 1 || t.Day() != d {
				return time.Time{}, reasonf("not a date")
			}
			if timePart != "" {
				var hh, mm, ss int
				if n, _ := fmt.Sscanf(timePart, "%d:%d:%d", &hh, &mm, &ss); n < 2 || hh > 23 || mm > 59 || ss > 59 {
					return time.Time{}, reasonf("not a time of day: %q", timePart)
				}
				t = t.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second)
			}
			return t, nil
		}
	}
	return time.Time{}, errNotDate
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var errNotDate = reasonf("not a date: want YYYY-MM-DD (or YYYY/M/D, D/M/YYYY, 2006年1月2日, RFC 3339)")

// reasonf is a refusal of a cell's value made from a format, so the
// problem keeps the format and its values (Problem.ReasonPhrase).
func reasonf(format string, args ...any) error {
	return &tracker.Refusal{Phrase: tracker.Phrase{Format: format, Args: args}}
}

// reasonPhrase is what bad was told as a Phrase: a refusal's own, an
// error's or a reason's text as a sentence of its own, or the format.
func reasonPhrase(format string, args []any) tracker.Phrase {
	if (format == "%s" || format == "%v") && len(args) == 1 {
		switch a := args[0].(type) {
		case error:
			var r *tracker.Refusal
			if errors.As(a, &r) {
				return r.Phrase
			}
			return tracker.Phrase{Format: a.Error()}
		case string:
			return tracker.Phrase{Format: a}
		}
	}
	return tracker.Phrase{Format: format, Args: args}
}

// amount reads a money amount: "12.50", "1,234.50", "12,50", "¥120".
func (v *validator) amount(f Field) tracker.Money {
	s := v.get(f)
	if s == "" {
		return 0
	}
	m, err := tracker.ParseMoney(s)
	if err != nil {
		v.bad(f, s, "%v", err)
	}
	return m
}

// yesNo reads a yes/no cell; nil when it is empty.
func (v *validator) yesNo(f Field) *bool {
	s := v.get(f)
	if s == "" {
		return nil
	}
	b, ok := ParseYesNo(s)
	if !ok {
		v.bad(f, s, "not yes or no: want yes, no, true, false, 1, 0, 是 or 否")
		return nil
	}
	return &b
}

// ParseYesNo reads a yes/no cell or field as sellers write it, in English or
// Chinese; ok is false when s is neither.
func ParseYesNo(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "1", "是", "有", "已投保", "insured":
		return true, true
	case "no", "n", "false", "0", "否", "无", "未投保", "not insured":
		return false, true
	}
	return false, false
}

// carrierSlug accepts a slug or a carrier's display name.
func carrierSlug(s string) (string, bool) {
	low := strings.ToLower(strings.TrimSpace(s))
	if number.CarrierName(low) != "" {
		return low, true
	}
	dashed := strings.Join(strings.Fields(low), "-")
	if number.CarrierName(dashed) != "" {
		return dashed, true
	}
	slug, ok := carrierByName()[low]
	return slug, ok
}

// carrierByName is each carrier's slug by its display name in lower case:
// number.Carriers copies the list, and a file may name 200,000 carriers
// it does not know.
var carrierByName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range number.Carriers() {
		m[strings.ToLower(c.Name)] = c.Slug
	}
	return m
})
