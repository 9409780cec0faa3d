package orderfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"hash/maphash"
	"io"
	"strings"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"waybill/tracker"
)

// A CSV file of any length is read as a stream (StreamCSV): a batch of
// rows at a time, each batch's good rows handed on and let go. What is
// kept of the whole file is compact: a 64-bit hash of each order number
// (with the fields its rows have set so far) and of each parcel, in
// tables of their own (hashTable): for 1,000,000 rows at most 40 MB. Two
// different numbers share a hash with odds of about 1 in 30 million in a
// file of a million.
//
// ParseCSV (the whole file in memory, at most maxRows rows) stays for the
// screen's import sheet, which shows a file before it is written.

// The encodings DetectEncoding names besides Encodings: a UTF-16 BOM says
// which, and no one types them.
const (
	utf16LE = "utf-16le"
	utf16BE = "utf-16be"
)

// maxLine bounds one line of a file read as a stream: the encoding is
// decided a run of whole lines at a time, and a line is held whole.
const maxLine = 16 << 20

// DetectEncoding reads a CSV file from r, start to end, and returns its
// encoding by Decode's rules: enc when given (after checking a file said
// to be UTF-8 or GB18030 is), else decided from the whole file. It holds
// a few whole lines at a time, never the file.
func DetectEncoding(r io.Reader, enc string) (string, error) {
	switch enc {
	case "latin1", "windows-1252":
		return enc, nil // every byte is a character
	case "", "utf-8", "gb18030":
	default:
		return "", fileErr(fileEncoding, enc, strings.Join(Encodings, ", "))
	}
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(3)
	bom := bytes.HasPrefix(head, []byte(utf8BOM))
	if enc == "" && !bom {
		switch {
		case bytes.HasPrefix(head, []byte("\xff\xfe")):
			return utf16LE, nil
		case bytes.HasPrefix(head, []byte("\xfe\xff")):
			return utf16BE, nil
		}
	}
	var (
		gb       gbCount
		badUTF8  byteSpot // where the first byte that is not UTF-8 is, said as Decode says it
		badGB    byteSpot
		lines    int // lines before the part read
		first    = true
		buf      = make([]byte, 0, 1<<20)
		readErr  error
		lastPart bool
	)
	for !lastPart {
		// Fill the buffer, then cut it after its last line end: no
		// UTF-8 or GB18030 sequence holds a '\n' byte.
		for len(buf) < cap(buf) && readErr == nil {
			var n int
			n, readErr = br.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
		}
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return "", readErr
		}
		cut := len(buf)
		lastPart = readErr != nil
		if !lastPart {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 {
				if len(buf) >= maxLine {
					return "", fileErr(fileLongLine, lines+1, maxLine>>20)
				}
				buf = append(buf, 0)[:len(buf)] // room for more of the line
				continue
			}
		}
		part := buf[:cut]
		text := part
		if first && bom {
			text = part[len(utf8BOM):]
		}
		if badUTF8 == nil {
			if i := firstNonUTF8(text); i >= 0 {
				badUTF8 = badByteAt(part, i+len(part)-len(text), lines)
			}
		}
		if enc != "utf-8" && badGB == nil {
			if i := firstNonGB18030(part); i >= 0 {
				badGB = badByteAt(part, i, lines)
			}
		}
		if enc == "" {
			gb.add(part)
		}
		if enc == "utf-8" && badUTF8 != nil || enc == "gb18030" && badGB != nil {
			break // refused whatever follows
		}
		first = false
		lines += bytes.Count(part, []byte("\n"))
		buf = append(buf[:0], buf[cut:]...)
	}
	switch {
	case enc == "utf-8" && badUTF8 != nil:
		return "", badByteErr(badUTF8, notUTF8Said)
	case enc == "gb18030" && badGB != nil:
		return "", badByteErr(badGB, notGB18030Said)
	case enc != "":
		return enc, nil
	case badUTF8 == nil:
		return "utf-8", nil
	case !bom && gb.plausible():
		return "gb18030", nil
	}
	return "", badByteErr(badUTF8, notUTF8NorGB)
}

// decodeReader reads r, in encoding enc (as DetectEncoding names them),
// as UTF-8 without a BOM.
func decodeReader(r io.Reader, enc string) (io.Reader, error) {
	var e encoding.Encoding
	switch enc {
	case "", "utf-8":
		br := bufio.NewReaderSize(r, 1<<16)
		if head, _ := br.Peek(3); bytes.HasPrefix(head, []byte(utf8BOM)) {
			br.Discard(3)
		}
		return br, nil
	case "gb18030":
		e = simplifiedchinese.GB18030
	case "latin1":
		e = charmap.ISO8859_1
	case "windows-1252":
		e = charmap.Windows1252
	case utf16LE:
		e = textunicode.UTF16(textunicode.LittleEndian, textunicode.ExpectBOM)
	case utf16BE:
		e = textunicode.UTF16(textunicode.BigEndian, textunicode.ExpectBOM)
	default:
		return nil, fileErr(fileEncoding, enc, strings.Join(Encodings, ", "))
	}
	return bufio.NewReaderSize(transform.NewReader(r, e.NewDecoder()), 1<<16), nil
}

// StreamBatch is the rows per batch StreamCSV reads, checks and hands on.
const StreamBatch = validateBatch

// StreamCSV reads a CSV file from r as ParseCSV reads one, without its
// limit on rows: a batch of StreamBatch rows at a time, checked on every
// core, whose good rows it passes to each grouped by order number (nil
// each: only check), with the Result so far. Opt.Encoding must be as
// DetectEncoding returned it. The Result it returns is ParseCSV's
// without Orders: OrderCount and ShipmentCount count them.
//
// An order whose rows are further apart than a batch comes to each once
// per batch, its later rows without the fields earlier ones set (the
// store's merge then keeps the first value, as ParseCSV does); a parcel
// an earlier batch carried is left out.
func StreamCSV(r io.Reader, opt Options, each func([]tracker.OrderDetail, *Result) error) (*Result, error) {
	res, _, err := streamCSV(r, opt, StreamBatch, each)
	return res, err
}

// streamCSV is StreamCSV with its batch's rows, saying also the most rows
// it held at once (its test's measure).
func streamCSV(r io.Reader, opt Options, batchRows int, each func([]tracker.OrderDetail, *Result) error) (*Result, int, error) {
	text, err := decodeReader(r, opt.Encoding)
	if err != nil {
		return nil, 0, err
	}
	br := bufio.NewReaderSize(text, 1<<16)
	head, _ := br.Peek(1 << 16)
	cr := csv.NewReader(br)
	cr.Comma = Delimiter(head)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	read := func() (row, error) {
		for {
			rec, err := cr.Read()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return row{}, err
				}
				return row{}, fileErr(fileNotCSV, err)
			}
			if !blank(rec) {
				line, _ := cr.FieldPos(0)
				return row{line: line, cells: rec}, nil
			}
		}
	}
	hr, err := read()
	if errors.Is(err, io.EOF) {
		return nil, 0, fileErr(fileEmpty)
	}
	if err != nil {
		return nil, 0, err
	}
	s, err := newStreamer(hr.cells, opt, false)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]row, 0, batchRows)
	held := 0
	for done := false; !done; {
		rows = rows[:0]
		for len(rows) < batchRows {
			rw, err := read()
			if errors.Is(err, io.EOF) {
				done = true
				break
			}
			if err != nil {
				return nil, held, err
			}
			rows = append(rows, rw)
		}
		held = max(held, len(rows))
		orders := s.batch(rows)
		clear(rows)
		if each != nil && (len(orders) > 0 || done) {
			if err := each(orders, s.m.res); err != nil {
				return nil, held, err
			}
		}
	}
	res := s.m.done()
	res.OrderCount, res.ShipmentCount = s.orders.len(), s.parcels.len()
	return res, held, nil
}

// streamer checks batches of rows and groups each batch's good ones,
// remembering across batches what StreamCSV says it does.
type streamer struct {
	m      merger
	cols   map[Field]int
	header []string
	loc    *time.Location
	now    time.Time
	xlsx   bool
	seed   maphash.Seed
	// orders maps each order number's hash (of its upper case, as
	// merger.byOrder keys it) to the fields its rows have set
	// (fieldBit), with seenBit once a batch has passed it on.
	orders  *hashTable
	parcels *hashTable // order and tracking number, hashed
	checked []checkedRow
}

// seenBit marks an order an earlier batch passed on; no field has it.
const seenBit = 1 << 31

func newStreamer(header []string, opt Options, xlsx bool) (*streamer, error) {
	cols, ignored, err := MapHeader(header, opt.Columns)
	if err != nil {
		return nil, err
	}
	s := &streamer{cols: cols, header: header, loc: opt.Location, now: opt.Now, xlsx: xlsx,
		seed: maphash.MakeSeed(), orders: newHashTable(false), parcels: newHashTable(true)}
	if s.loc == nil {
		s.loc = time.Local
	}
	if s.now.IsZero() {
		s.now = time.Now()
	}
	s.m = merger{
		res:     &Result{Columns: map[Field]string{}, Ignored: ignored},
		byOrder: map[string]int{},
		tally:   make([]ColumnTally, len(Fields)),
		colOf:   make([]int, len(Fields)),
		stream:  s,
	}
	for f, i := range cols {
		s.m.res.Columns[f] = header[i]
	}
	for i, f := range Fields {
		s.m.tally[i] = ColumnTally{Field: f}
		s.m.colOf[i] = len(header)
		if c, ok := cols[f]; ok {
			s.m.tally[i].Column, s.m.colOf[i] = header[c], c
		}
	}
	return s, nil
}

// batch checks rows and returns their good ones grouped by order number;
// the orders are the caller's until the next batch.
func (s *streamer) batch(rows []row) []tracker.OrderDetail {
	m := &s.m
	m.res.Orders, m.ships = nil, nil
	clear(m.byOrder)
	if cap(s.checked) < len(rows) {
		s.checked = make([]checkedRow, len(rows))
	}
	out := s.checked[:len(rows)]
	brief := len(m.res.Problems) >= MaxProblems
	validateRows(rows, out, func(r row) checkedRow {
		v := &validator{line: r.line, cells: r.cells, cols: s.cols, header: s.header, loc: s.loc, xlsx: s.xlsx, brief: brief}
		o, sh := v.row(s.now)
		return checkedRow{line: r.line, order: o, ship: sh, problems: v.problems, badFields: v.badFields}
	})
	for i := range rows {
		if !blank(rows[i].cells) {
			m.add(&out[i], len(rows)-i)
		}
	}
	clear(out)
	orders := m.res.Orders
	for i := range orders {
		v, _ := s.orders.add(s.orderHash(orders[i].OrderNo))
		*v |= setFields(orders[i].Order) | seenBit
	}
	return orders
}

func (s *streamer) orderHash(no string) uint64 {
	return maphash.String(s.seed, strings.ToUpper(no))
}

// firstOfBatch is called by merger.add for an order's first row in a
// batch: an order an earlier batch passed on loses the fields it set.
func (s *streamer) firstOfBatch(o *tracker.Order) {
	set := s.orders.get(s.orderHash(o.OrderNo))
	if set&seenBit == 0 {
		return
	}
	for f, bit := range fieldBit {
		if set&bit != 0 {
			clearField(o, f)
		}
	}
}

// newParcel says whether the order's parcel is new to the file (not in an
// earlier batch, nor earlier in this one), and remembers it.
func (s *streamer) newParcel(orderNo, trackingNo string) bool {
	k := maphash.String(s.seed, strings.ToUpper(orderNo)+"\x00"+trackingNo)
	_, added := s.parcels.add(k)
	return added
}

// setFields is the bits (fieldBit) of the order fields o has a value in,
// those mergeOrder fills when empty.
func setFields(o tracker.Order) uint32 {
	var b uint32
	set := func(f Field, v bool) {
		if v {
			b |= fieldBit[f]
		}
	}
	set(Buyer, o.Buyer != "")
	set(Email, o.Email != "")
	set(Phone, o.Phone != "")
	set(Country, o.Country != "")
	set(ShippingMethod, o.ShippingMethod != "")
	set(Address, o.Address != "")
	set(Product, o.Product != "")
	set(Currency, o.Currency != "")
	set(HSCode, o.HSCode != "")
	set(Packaging, o.Packaging != "")
	set(Amount, o.Amount != 0)
	set(DeclaredValue, o.DeclaredValue != 0)
	set(Insured, o.Insured != nil)
	set(OrderDate, !o.OrderedAt.IsZero())
	set(PromisedDate, !o.PromisedAt.IsZero())
	return b
}

// clearField empties one of the fields setFields reads.
func clearField(o *tracker.Order, f Field) {
	switch f {
	case Buyer:
		o.Buyer = ""
	case Email:
		o.Email = ""
	case Phone:
		o.Phone = ""
	case Country:
		o.Country = ""
	case ShippingMethod:
		o.ShippingMethod = ""
	case Address:
		o.Address = ""
	case Product:
		o.Product = ""
	case Currency:
		o.Currency = ""
	case HSCode:
		o.HSCode = ""
	case Packaging:
		o.Packaging = ""
	case Amount:
		o.Amount = 0
	case DeclaredValue:
		o.DeclaredValue = 0
	case Insured:
		o.Insured = nil
	case OrderDate:
		o.OrderedAt = time.Time{}
	case PromisedDate:
		o.PromisedAt = time.Time{}
	}
}
