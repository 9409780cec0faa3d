// Package orderfile reads marketplace order exports (CSV and XLSX) into
// orders and shipments, validating every row. It writes nothing: the caller
// decides, from the report, whether to store what it read.
package orderfile

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"waybill/tracker"
	"waybill/tracker/number"
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
	Packaging      Field = "packaging"
)

// Fields lists every field in the order of the README's table.
var Fields = []Field{OrderNo, TrackingNo, Carrier, Buyer, Email, Phone, Country, Address, Product,
	Amount, Currency, OrderDate, ShipDate, PromisedDate, ShippingMethod, HSCode, DeclaredValue, Insured, Packaging}

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
	Packaging:      {"packaging", "packaging notes", "packing", "packing notes", "包装", "包装说明", "包装方式"},
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
	// A tracking number that does not validate: its reason and
	// suggestions are worked out only if the problem is kept in full.
	mistyped bool
	// phrase is Reason as the format it was made from and its values, so
	// a screen can say it in its reader's language (ReasonPhrase).
	phrase tracker.Phrase
}

// ReasonPhrase is the problem's reason as a Phrase (tracker's or this
// package's format and its values); ok false when the reason was made
// without one (a tracking number's, which the detector explains).
func (p Problem) ReasonPhrase() (tracker.Phrase, bool) {
	return p.phrase, p.phrase.Format != "" && p.phrase.String() == p.Reason
}

// MaxProblems is how many problems a Result keeps in full; the rest are
// counted, by column. A person reads a few dozen, and a file with more is
// wrong in a whole column, which the count by column says. An 8 MB file
// of 200,000 bad rows has 2.4 million problems: kept in full, with each
// mistyped number's suggestions, they took 2.2 GB and 26 s of CPU.
const MaxProblems = 1000

// ColumnTally counts the problems of one column, listed or not. A row has
// at most one problem in a column, so Problems is also its bad rows.
type ColumnTally struct {
	Field     Field  `json:"field"`
	Column    string `json:"column"` // the header as the file spells it; "" when no column is the field's
	Problems  int    `json:"problems"`
	FirstLine int    `json:"first_line"`
	LastLine  int    `json:"last_line"`
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
	Rows    int                   // data rows read, blank rows not counted
	BadRows int                   // rows with at least one problem, not in Orders
	Orders  []tracker.OrderDetail // good rows, grouped by order number, in file order
	Columns map[Field]string      // which header each mapped field came from
	Ignored []string              // headers no field claimed
	// Problems are the file's first MaxProblems problems in full, sorted
	// by line. ProblemCount counts them all, and Tally by column, left
	// to right.
	Problems     []Problem
	ProblemCount int
	Tally        []ColumnTally
	// StreamCSV's count of the good rows' orders and parcels, which it
	// passes on rather than keeps in Orders.
	OrderCount, ShipmentCount int
}

// Unlisted counts the problems left out of Problems.
func (r *Result) Unlisted() int { return r.ProblemCount - len(r.Problems) }

// Shipments counts the shipments in Orders.
func (r *Result) Shipments() int {
	n := 0
	for _, o := range r.Orders {
		n += len(o.Shipments)
	}
	return n
}

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
			return nil, nil, fileErr(fileNotAField, k, fieldList())
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
			return nil, nil, fileErr(fileNoSuchColumn, f, overrides[k], quoteList(header))
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
		return nil, nil, fileErr(fileNoOrderNo, quoteList(Aliases[OrderNo][:3]), quoteList(header))
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

// maxRows is the most rows with a value a file may hold, CSV or XLSX.
// Each good row becomes an order held until it is written, about 1 KB
// with its shipment and checks, and a 10 MB CSV file of short rows holds
// 470,000 of them (780 MB before this limit). A 100,000-row export with
// every column filled in is 25 MB as CSV.
const maxRows = 200_000

// validateBatch is how many rows are validated at once, on every core,
// before they are merged in file order: the rows checked but not yet
// merged (each a copy of its order) are never more than this, whatever
// the file's length.
const validateBatch = 4096

// build maps the header, validates every row and groups the good ones.
// It consumes rows: a batch's rows are cleared once merged, so the cells
// of a bad row are garbage from then on (a good row's order keeps what
// it needs of them).
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
		return nil, fileErr(fileEmpty)
	}
	header := rows[hi].cells
	cols, ignored, err := MapHeader(header, opt.Columns)
	if err != nil {
		return nil, err
	}
	m := merger{
		res:     &Result{Columns: map[Field]string{}, Ignored: ignored},
		byOrder: map[string]int{},
		tally:   make([]ColumnTally, len(Fields)),
		colOf:   make([]int, len(Fields)),
	}
	for f, i := range cols {
		m.res.Columns[f] = header[i]
	}
	for i, f := range Fields {
		m.tally[i] = ColumnTally{Field: f}
		// A field without a column has a problem only when another
		// field calls for it: it goes last.
		m.colOf[i] = len(header)
		if c, ok := cols[f]; ok {
			m.tally[i].Column, m.colOf[i] = header[c], c
		}
	}
	data := rows[hi+1:]
	checked := make([]checkedRow, min(validateBatch, len(data)))
	for start := 0; start < len(data); start += validateBatch {
		batch := data[start:min(start+validateBatch, len(data))]
		out := checked[:len(batch)]
		// Once MaxProblems are kept, the next batches' problems are
		// only counted: nothing is written of them, nor allocated.
		brief := len(m.res.Problems) >= MaxProblems
		validateRows(batch, out, func(r row) checkedRow {
			v := &validator{line: r.line, cells: r.cells, cols: cols, header: header, loc: loc, xlsx: xlsx, brief: brief}
			o, sh := v.row(now)
			return checkedRow{line: r.line, order: o, ship: sh, problems: v.problems, badFields: v.badFields}
		})
		for i := range batch {
			if !blank(batch[i].cells) {
				m.add(&out[i], len(data)-start-i)
			}
		}
		clear(batch)
		clear(out)
	}
	return m.done(), nil
}

// merger gathers the checked rows, in file order, into a Result.
type merger struct {
	res     *Result
	byOrder map[string]int // upper-cased order number → index in Orders
	// By each field's index in Fields: its column's index, and its
	// problems.
	colOf []int
	tally []ColumnTally
	ships []tracker.ShipmentDetail // room for the next shipments, one each
	// stream, when StreamCSV reads, remembers orders and parcels across
	// its batches.
	stream *streamer
}

// add merges one checked row; left is how many rows remain, this one
// included.
func (m *merger) add(c *checkedRow, left int) {
	res := m.res
	res.Rows++
	if c.badFields != 0 {
		res.BadRows++
		for i := range m.tally {
			if c.badFields&(1<<i) == 0 {
				continue
			}
			res.ProblemCount++
			t := &m.tally[i]
			if t.Problems == 0 {
				t.FirstLine = c.line
			}
			t.Problems++
			t.FirstLine, t.LastLine = min(t.FirstLine, c.line), max(t.LastLine, c.line)
		}
		// Left to right, so the last row kept loses its rightmost.
		sort.Slice(c.problems, func(i, j int) bool { return c.problems[i].col < c.problems[j].col })
		for _, p := range c.problems {
			if len(res.Problems) >= MaxProblems {
				break
			}
			if p.mistyped {
				det := number.Detect(p.Value)
				p.Reason, p.Suggestions = det.Reason(), det.Suggestions
			}
			res.Problems = append(res.Problems, p)
		}
		return
	}
	if res.Orders == nil {
		// Most rows are orders of their own: room for them all at
		// the first good row, as growing a slice of 100,000 orders
		// copies it again and again (and a file of bad rows needs
		// none).
		res.Orders = make([]tracker.OrderDetail, 0, left)
	}
	o, sh := c.order, c.ship
	key := strings.ToUpper(o.OrderNo)
	i, ok := m.byOrder[key]
	if !ok {
		if m.stream != nil {
			m.stream.firstOfBatch(&o)
		}
		i = len(res.Orders)
		m.byOrder[key] = i
		res.Orders = append(res.Orders, tracker.OrderDetail{Order: o})
	} else {
		mergeOrder(&res.Orders[i].Order, o)
	}
	if sh == nil {
		return
	}
	od := &res.Orders[i]
	for j := range od.Shipments {
		if od.Shipments[j].TrackingNo == sh.TrackingNo {
			if od.Shipments[j].Carrier == "" {
				od.Shipments[j].Carrier = sh.Carrier
			}
			return
		}
	}
	if m.stream != nil && !m.stream.newParcel(o.OrderNo, sh.TrackingNo) {
		return // an earlier batch carried it
	}
	if od.Shipments != nil {
		od.Shipments = append(od.Shipments, tracker.ShipmentDetail{Shipment: *sh})
		return
	}
	// An order's first shipment comes from a block of them, one
	// allocation for many orders (capped, so a second one is
	// appended to a copy, not over the next order's).
	if len(m.ships) == 0 {
		m.ships = make([]tracker.ShipmentDetail, min(left, validateBatch))
	}
	m.ships[0].Shipment = *sh
	od.Shipments, m.ships = m.ships[:1:1], m.ships[1:]
}

// done sorts what add kept and returns the Result.
func (m *merger) done() *Result {
	res := m.res
	if cap(res.Orders) > 2*len(res.Orders)+validateBatch {
		// Room was made for every row after the first good one, and
		// most were bad: the orders are held until written, the room
		// need not be.
		res.Orders = slices.Clone(res.Orders)
	}
	sort.SliceStable(res.Problems, func(i, j int) bool {
		a, b := res.Problems[i], res.Problems[j]
		return a.Line < b.Line || a.Line == b.Line && a.col < b.col
	})
	// The columns left to right, as the file has them.
	fields := make([]int, len(Fields))
	for i := range fields {
		fields[i] = i
	}
	slices.SortStableFunc(fields, func(a, b int) int { return m.colOf[a] - m.colOf[b] })
	for _, i := range fields {
		if m.tally[i].Problems > 0 {
			res.Tally = append(res.Tally, m.tally[i])
		}
	}
	return res
}

// checkedRow is one row after validation.
type checkedRow struct {
	line      int
	order     tracker.Order
	ship      *tracker.Shipment
	problems  []Problem // none when the validator was brief
	badFields uint32    // a bit per field with a bad value (fieldBit)
}

// validateRows validates rows into out (as long) on every core: rows are
// independent and validation is most of the time a file takes to read.
// Blank rows are left as zero values for the caller to skip.
func validateRows(rows []row, out []checkedRow, check func(row) checkedRow) {
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
	set(&o.Packaging, n.Packaging)
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
