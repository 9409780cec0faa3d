// Package orderfile reads marketplace order exports (CSV and XLSX) into
// orders and shipments, validating every row. It writes nothing: the caller
// decides, from the report, whether to store what it read.
package orderfile

import (
	"bytes"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"waybill/tracker"
)

// Field is one of the columns waybill understands.
type Field string

const (
	OrderNo        Field = "order_no"
	TrackingNo     Field = "tracking_no"
	Carrier        Field = "carrier"
	Buyer          Field = "buyer"
	Email          Field = "email"
	Phone          Field = "phone"
	Country        Field = "country"
	Address        Field = "address"
	Product        Field = "product"
	Amount         Field = "amount"
	Currency       Field = "currency"
	OrderDate      Field = "order_date"
	ShipDate       Field = "ship_date"
	PromisedDate   Field = "promised_date"
	ShippingMethod Field = "shipping_method"
	HSCode         Field = "hs_code"
	DeclaredValue  Field = "declared_value"
	Insured        Field = "insured"
)

// Fields lists every field in the order of the README's table.
var Fields = []Field{OrderNo, TrackingNo, Carrier, Buyer, Email, Phone, Country, Address, Product,
	Amount, Currency, OrderDate, ShipDate, PromisedDate, ShippingMethod, HSCode, DeclaredValue, Insured}

// Aliases are the header names recognized for each field, compared after
// folding case and dropping spaces, underscores, dashes, dots, '#' and ':'.
var Aliases = map[Field][]string{
	OrderNo:        {"order no", "order number", "order id", "order", "订单号", "订单编号"},
	TrackingNo:     {"tracking no", "tracking number", "tracking", "tracking id", "运单号", "物流单号", "快递单号"},
	Carrier:        {"carrier", "courier", "logistics company", "承运商", "物流公司", "快递公司"},
	Buyer:          {"buyer", "buyer name", "recipient", "customer", "买家", "收件人", "买家姓名"},
	Email:          {"email", "e-mail", "buyer email", "邮箱"},
	Phone:          {"phone", "telephone", "mobile", "phone number", "电话", "手机", "联系电话"},
	Country:        {"country", "destination", "ship to country", "国家", "目的国"},
	Address:        {"address", "shipping address", "地址", "收货地址"},
	Product:        {"product", "product name", "item", "商品", "商品名称"},
	Amount:         {"amount", "order amount", "total", "金额", "订单金额"},
	Currency:       {"currency", "币种", "货币"},
	OrderDate:      {"order date", "ordered at", "order time", "下单时间", "下单日期"},
	ShipDate:       {"ship date", "shipped at", "shipping date", "发货时间", "发货日期"},
	PromisedDate:   {"promised date", "promised at", "delivery deadline", "承诺时间", "承诺送达时间"},
	ShippingMethod: {"shipping method", "shipping service", "物流方式", "运输方式"},
	HSCode:         {"hs code", "hs", "hs编码", "海关编码"},
	DeclaredValue:  {"declared value", "customs value", "申报价值"},
	Insured:        {"insured", "insurance", "保险", "是否投保", "投保"},
}

// Options change how a file is read.
type Options struct {
	// Columns maps a field name to the header that holds it, before the
	// built-in aliases ([import.columns] in the config).
	Columns map[string]string
	// Location is the zone of dates without one; nil is time.Local.
	Location *time.Location
	// Now is the ship date of rows without one; zero is time.Now().
	Now time.Time
	// Encoding is a CSV file's, one of Encodings; "" decides from the
	// file (see Decode). An XLSX workbook's XML says its own.
	Encoding string
}

// Problem is one bad value, or a file-level problem when Line is 0.
type Problem struct {
	Line        int      `json:"line"`
	Column      string   `json:"column"` // the header as the file spells it
	Field       Field    `json:"field"`
	Value       string   `json:"value"`
	Reason      string   `json:"reason"`
	Suggestions []string `json:"suggestions,omitempty"`
	col         int      // column index, to sort a line's problems left to right
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, "column %q: ", p.Column)
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, "value %q: ", p.Value)
	}
	if len(p.Suggestions) > 0 {
		b.WriteString(strings.TrimSuffix(p.Reason, "."))
		b.WriteString("; did you mean " + strings.Join(p.Suggestions, " or ") + "?")
	} else {
		b.WriteString(p.Reason)
	}
	return b.String()
}

// Result is what a file held.
type Result struct {
	Rows     int                   // data rows read, blank rows not counted
	BadRows  int                   // rows with at least one problem, not in Orders
	Orders   []tracker.OrderDetail // good rows, grouped by order number, in file order
	Columns  map[Field]string      // which header each mapped field came from
	Ignored  []string              // headers no field claimed
	Problems []Problem             // sorted by line
}

// Shipments counts the shipments in Orders.
func (r *Result) Shipments() int {
	n := 0
	for _, o := range r.Orders {
		n += len(o.Shipments)
	}
	return n
}

// FileError is a problem with the whole file (no header, unreadable XLSX).
type FileError struct{ Msg string }

func (e *FileError) Error() string { return e.Msg }

// Read reads a CSV or XLSX file's bytes; name's extension (or the ZIP
// signature) picks the format.
func Read(name string, data []byte, opt Options) (*Result, error) {
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return ParseXLSX(data, opt)
	}
	return ParseCSV(data, opt)
}

// row is one record with its line number in the file.
type row struct {
	line  int
	cells []string
}

func foldHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))) {
		if unicode.IsSpace(r) || strings.ContainsRune("_-.#:：()（）", r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var aliasIndex = func() map[string]Field {
	m := map[string]Field{}
	for _, f := range Fields {
		m[foldHeader(string(f))] = f
		for _, a := range Aliases[f] {
			m[foldHeader(a)] = f
		}
	}
	return m
}()

// MapHeader maps header cells to fields: overrides first, then aliases. It
// returns the column index of each field and the headers left unmapped.
func MapHeader(header []string, overrides map[string]string) (map[Field]int, []string, error) {
	cols := map[Field]int{}
	taken := map[int]bool{}
	keys := make([]string, 0, len(overrides))
	for k := range overrides {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := columnField(k)
		if !ok {
			return nil, nil, &FileError{fmt.Sprintf("import.columns: %q is not a field (want one of %s)", k, fieldList())}
		}
		want := foldHeader(overrides[k])
		found := false
		for i, h := range header {
			if foldHeader(h) == want && !taken[i] {
				cols[f], taken[i], found = i, true, true
				break
			}
		}
		if !found {
			return nil, nil, &FileError{fmt.Sprintf("import.columns: %s = %q, but the file has no such column (it has %s)", f, overrides[k], quoteList(header))}
		}
	}
	var ignored []string
	for i, h := range header {
		if taken[i] {
			continue
		}
		f, ok := aliasIndex[foldHeader(h)]
		if !ok || foldHeader(h) == "" {
			if strings.TrimSpace(h) != "" {
				ignored = append(ignored, h)
			}
			continue
		}
		if _, dup := cols[f]; dup {
			ignored = append(ignored, h)
			continue
		}
		cols[f], taken[i] = i, true
	}
	if _, ok := cols[OrderNo]; !ok {
		return nil, nil, &FileError{fmt.Sprintf("no order number column: name one %s, or map it with [import.columns] order_no = \"…\" (the header is %s)",
			quoteList(Aliases[OrderNo][:3]), quoteList(header))}
	}
	return cols, ignored, nil
}

func fieldList() string {
	s := make([]string, len(Fields))
	for i, f := range Fields {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// build maps the header, validates every row and groups the good ones.
func build(rows []row, opt Options, xlsx bool) (*Result, error) {
	loc := opt.Location
	if loc == nil {
		loc = time.Local
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	hi := 0
	for hi < len(rows) && blank(rows[hi].cells) {
		hi++
	}
	if hi == len(rows) {
		return nil, &FileError{"the file is empty: want a header row and one row per parcel"}
	}
	header := rows[hi].cells
	cols, ignored, err := MapHeader(header, opt.Columns)
	if err != nil {
		return nil, err
	}
	// Most rows are orders of their own: room for them all up front, as
	// growing a slice of 100,000 orders copies it again and again.
	res := &Result{Columns: map[Field]string{}, Ignored: ignored, Orders: make([]tracker.OrderDetail, 0, len(rows)-hi-1)}
	for f, i := range cols {
		res.Columns[f] = header[i]
	}
	byOrder := map[string]int{}
	checked := validateRows(rows[hi+1:], func(r row) checkedRow {
		v := &validator{line: r.line, cells: r.cells, cols: cols, header: header, loc: loc, xlsx: xlsx}
		o, sh := v.row(now)
		return checkedRow{order: o, ship: sh, problems: v.problems}
	})
	for i, r := range rows[hi+1:] {
		if blank(r.cells) {
			continue
		}
		res.Rows++
		o, sh := checked[i].order, checked[i].ship
		if p := checked[i].problems; len(p) > 0 {
			res.BadRows++
			res.Problems = append(res.Problems, p...)
			continue
		}
		key := strings.ToUpper(o.OrderNo)
		i, ok := byOrder[key]
		if !ok {
			i = len(res.Orders)
			byOrder[key] = i
			res.Orders = append(res.Orders, tracker.OrderDetail{Order: o})
		} else {
			mergeOrder(&res.Orders[i].Order, o)
		}
		if sh != nil {
			od := &res.Orders[i]
			dup := false
			for j := range od.Shipments {
				if od.Shipments[j].TrackingNo == sh.TrackingNo {
					dup = true
					if od.Shipments[j].Carrier == "" {
						od.Shipments[j].Carrier = sh.Carrier
					}
				}
			}
			if !dup {
				od.Shipments = append(od.Shipments, tracker.ShipmentDetail{Shipment: *sh})
			}
		}
	}
	sort.SliceStable(res.Problems, func(i, j int) bool {
		a, b := res.Problems[i], res.Problems[j]
		return a.Line < b.Line || a.Line == b.Line && a.col < b.col
	})
	return res, nil
}

// checkedRow is one row after validation.
type checkedRow struct {
	order    tracker.Order
	ship     *tracker.Shipment
	problems []Problem
}

// validateRows validates the rows on every core: rows are independent and
// validation is most of the time a file takes to read. Blank rows are
// left as zero values for the caller to skip.
func validateRows(rows []row, check func(row) checkedRow) []checkedRow {
	out := make([]checkedRow, len(rows))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(rows)/1000))
	var wg sync.WaitGroup
	per := (len(rows) + workers - 1) / max(workers, 1)
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		wg.Go(func() {
			for i := start; i < end; i++ {
				if !blank(rows[i].cells) {
					out[i] = check(rows[i])
				}
			}
		})
	}
	wg.Wait()
	return out
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// mergeOrder fills o's empty fields from n, as the store's upsert would.
func mergeOrder(o *tracker.Order, n tracker.Order) {
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	set(&o.Buyer, n.Buyer)
	set(&o.Email, n.Email)
	set(&o.Phone, n.Phone)
	set(&o.Country, n.Country)
	set(&o.ShippingMethod, n.ShippingMethod)
	set(&o.Address, n.Address)
	set(&o.Product, n.Product)
	set(&o.Currency, n.Currency)
	set(&o.HSCode, n.HSCode)
	if o.Amount == 0 {
		o.Amount = n.Amount
	}
	if o.DeclaredValue == 0 {
		o.DeclaredValue = n.DeclaredValue
	}
	if o.Insured == nil {
		o.Insured = n.Insured
	}
	if o.OrderedAt.IsZero() {
		o.OrderedAt = n.OrderedAt
	}
	if o.PromisedAt.IsZero() {
		o.PromisedAt = n.PromisedAt
	}
}
