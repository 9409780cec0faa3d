package orderfile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"runtime"
	"runtime/metrics"
	"strings"
	"syscall"
	"testing"
	"time"
	"waybill/tracker/heavytest"
)

const (
	testWorkbookXML = `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`
	testRelsXML     = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
)

// streamedWorkbook builds a workbook whose shared strings (when shared is
// not nil) and first sheet are written by the functions given, so a test
// can make parts of hundreds of MB that zip to a few hundred KB.
func streamedWorkbook(t *testing.T, shared, sheet func(w io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	part := func(name string, write func(w io.Writer)) {
		p := newPackedPart()
		write(p)
		comp, sum, size := p.close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: sum,
			CompressedSize64: uint64(len(comp)), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp)
	}
	part("xl/workbook.xml", func(w io.Writer) { io.WriteString(w, testWorkbookXML) })
	part("xl/_rels/workbook.xml.rels", func(w io.Writer) { io.WriteString(w, testRelsXML) })
	if shared != nil {
		part("xl/sharedStrings.xml", shared)
	}
	part("xl/worksheets/sheet1.xml", sheet)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// packedPart deflates a part as it is written, and a repeat (see repeat)
// without deflating all of it: deflating hundreds of megabytes took
// TestXLSXLimits minutes under -race. It deflates the first 64 KB of the
// repeat and one chunk of about 1 MB after a flush, then copies that
// chunk's block: a block after a flush refers only to the last 32 KB
// before it, the same whole units before every copy, so each copy decodes
// to the same chunk (TestPackedPartDecodesToItsText). The CRC is of the
// text as a reader sees it.
type packedPart struct {
	out  bytes.Buffer
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64
}

func newPackedPart() *packedPart {
	p := &packedPart{crc: crc32.NewIEEE()}
	p.fw, _ = flate.NewWriter(&p.out, flate.BestSpeed)
	return p
}

func (p *packedPart) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

// repeatUnits writes unit count times.
func (p *packedPart) repeatUnits(unit string, count int) {
	const window = 64 << 10 // more than deflate's 32 KB window, in bytes of units
	warm := min(count, window/len(unit)+1)
	chunkUnits := max(1, (1<<20)/len(unit))
	reps := (count - warm) / chunkUnits
	rest := count - warm - reps*chunkUnits
	io.WriteString(p, strings.Repeat(unit, warm))
	if reps > 0 {
		chunk := strings.Repeat(unit, chunkUnits)
		p.fw.Flush()
		mark := p.out.Len()
		io.WriteString(p, chunk)
		p.fw.Flush()
		block := bytes.Clone(p.out.Bytes()[mark:])
		for range reps - 1 {
			p.out.Write(block)
			io.WriteString(p.crc, chunk)
			p.size += uint64(len(chunk))
		}
	}
	io.WriteString(p, strings.Repeat(unit, rest))
}

// close ends the deflate stream: it, the text's CRC-32 and size.
func (p *packedPart) close() ([]byte, uint32, uint64) {
	p.fw.Close()
	return p.out.Bytes(), p.crc.Sum32(), p.size
}

// repeat writes s until n bytes are out, in whole chunks of 64 KB (or one
// s, if longer); a packedPart packs them without deflating each.
func repeat(w io.Writer, s string, n int) {
	chunk := max(1, (64<<10)/len(s))
	chunks := 0
	for done := 0; done < n; done += chunk * len(s) {
		chunks++
	}
	if p, ok := w.(*packedPart); ok {
		p.repeatUnits(s, chunks*chunk)
		return
	}
	whole := strings.Repeat(s, chunk)
	for range chunks {
		io.WriteString(w, whole)
	}
}

// The copied blocks of a packedPart decode to the text written, with its
// CRC and size: the test workbooks are what they say.
func TestPackedPartDecodesToItsText(t *testing.T) {
	for _, tc := range []struct {
		name, head, unit, tail string
		n                      int
	}{
		{"rows past many chunks", "<a>", "<row><c>1</c></row>", "</a>", 5 << 20},
		{"a few units", "<b>", "<x/>", "</b>", 3},
		{"a unit longer than a chunk", "", strings.Repeat("y", 70<<10), "", 300 << 10},
		{"no units at all", "<sst><si><t>order no</t></si></sst>", "x", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var plain bytes.Buffer
			p := newPackedPart()
			for _, w := range []io.Writer{&plain, p} {
				io.WriteString(w, tc.head)
				repeat(w, tc.unit, tc.n)
				io.WriteString(w, tc.tail)
			}
			comp, sum, size := p.close()
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(comp)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain.Bytes()) || sum != crc32.ChecksumIEEE(got) || size != uint64(len(got)) {
				t.Errorf("decodes to %d bytes (want %d), CRC %x (of the text %x), size %d",
					len(got), plain.Len(), sum, crc32.ChecksumIEEE(got), size)
			}
		})
	}
}

func sheetOf(rows func(w io.Writer)) func(w io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>order no</t></is></c><c t="inlineStr"><is><t>buyer</t></is></c></row>`)
		rows(w)
		io.WriteString(w, `</sheetData></worksheet>`)
	}
}

// lyingWorkbook holds a sheet whose zip header says 1 KB while it
// inflates to 20 MB.
func lyingWorkbook(t *testing.T) []byte {
	t.Helper()
	var body, comp bytes.Buffer
	sheetOf(func(w io.Writer) { repeat(w, `<row><c t="inlineStr"><is><t>A-1</t></is></c></row>`, 20<<20) })(&body)
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(body.Bytes())
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range map[string]string{"xl/workbook.xml": testWorkbookXML, "xl/_rels/workbook.xml.rels": testRelsXML} {
		w, _ := zw.Create(name)
		io.WriteString(w, text)
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(body.Bytes()), CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

// peakHeap samples the live heap until the function it returns is called,
// and that returns the most it grew by: a sample every millisecond misses
// a spike that short, not the growth of a part held whole.
func peakHeap() func() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base, top := read(), uint64(0)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			top = max(top, read())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return max(top, read()) - min(base, top)
	}
}

// cpuTime is the CPU the process has used: a test's time on a machine
// that other work keeps busy.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestXLSXLimits: a workbook past a limit is refused as the limit is
// reached, not after the part is read, and the refusal names the limit.
// Each case is a zip bomb of its kind: parts that inflate a thousand to
// one. None may take more than 100 MB or two seconds of CPU.
func TestXLSXLimits(t *testing.T) {
	heavytest.WithoutRace(t)
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		want string
	}{
		{"shared strings inflate past their limit", func(t *testing.T) []byte {
			return streamedWorkbook(t, func(w io.Writer) {
				io.WriteString(w, `<sst>`)
				repeat(w, `<si><t>AAAAAAAAAAAAAAAAAAAAAAAAAA</t></si>`, maxSharedXML)
				io.WriteString(w, `</sst>`)
			}, sheetOf(func(io.Writer) {}))
		}, "xl/sharedStrings.xml inflates past the 64 MB limit"},
		{"the sheet inflates past its limit", func(t *testing.T) []byte {
			return streamedWorkbook(t, nil, sheetOf(func(w io.Writer) {
				repeat(w, `<row><c t="inlineStr"><is><t>A-1</t></is></c></row>`, maxSheetXML)
			}))
		}, "xl/worksheets/sheet1.xml inflates past the 128 MB limit"},
		{"the zip header lies about the size", lyingWorkbook, "xl/worksheets/sheet1.xml inflates past the size its zip header gives"},
		{"too many shared strings", func(t *testing.T) []byte {
			return streamedWorkbook(t, func(w io.Writer) {
				io.WriteString(w, `<sst>`)
				repeat(w, `<si/>`, 5*(maxSharedStrings+1))
				io.WriteString(w, `</sst>`)
			}, sheetOf(func(io.Writer) {}))
		}, "more than 2000000 shared strings, the limit"},
		{"too many rows", func(t *testing.T) []byte {
			return streamedWorkbook(t, nil, sheetOf(func(w io.Writer) {
				repeat(w, `<row><c><v>1</v></c></row>`, 26*maxRows)
			}))
		}, "more than 200000 rows, the limit"},
		{"too much text in the cells", func(t *testing.T) []byte {
			cell := `<row><c t="inlineStr"><is><t>` + strings.Repeat("x", maxText) + `</t></is></c></row>`
			return streamedWorkbook(t, nil, sheetOf(func(w io.Writer) { repeat(w, cell, (maxSheetText/maxText+2)*len(cell)) }))
		}, "the cells hold more than 64 MB of text, the limit"},
		{"a header at column XFD", func(t *testing.T) []byte {
			return streamedWorkbook(t, nil, func(w io.Writer) {
				io.WriteString(w, `<worksheet><sheetData><row><c r="A1" t="inlineStr"><is><t>order no</t></is></c><c r="XFD1"><v>1</v></c></row>`)
				repeat(w, `<row><c r="A2"><v>1</v></c></row>`, 34*(maxCells/16384+1))
				io.WriteString(w, `</sheetData></worksheet>`)
			})
		}, "more than 4000000 cells, the limit"},
		{"a text of more than 1 MB", func(t *testing.T) []byte {
			return streamedWorkbook(t, nil, sheetOf(func(w io.Writer) {
				io.WriteString(w, `<row><c t="inlineStr"><is><t>`)
				repeat(w, "x", maxRun+1)
				io.WriteString(w, `</t></is></c></row>`)
			}))
		}, "a text or tag longer than 1 MB, the limit"},
		{"a DTD", func(t *testing.T) []byte {
			return streamedWorkbook(t, nil, func(w io.Writer) {
				io.WriteString(w, `<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`)
			})
		}, "a DTD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			if len(data) > 10<<20 {
				t.Fatalf("the test workbook is %d MB, want under 10", len(data)>>20)
			}
			peak := peakHeap()
			start := cpuTime()
			_, err := Read("bomb.xlsx", data, opt)
			took := cpuTime() - start
			var fe *FileError
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tt.want) {
				t.Fatalf("error %v, want a FileError naming %q", err, tt.want)
			}
			if p := peak(); p > 100<<20 {
				t.Errorf("the heap grew by %d MB to refuse a %d KB workbook", p>>20, len(data)>>10)
			}
			if took > 2*time.Second*cpuScale {
				t.Errorf("took %v of CPU to refuse it", took)
			}
		})
	}
}

// TestXLSXShapes: workbooks as spreadsheets write them, each read to the
// same order.
func TestXLSXShapes(t *testing.T) {
	rels := func(targets ...string) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
		for i, tg := range targets {
			fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="%s"/>`, i+1, tg)
		}
		return b.String() + `</Relationships>`
	}
	book := func(sheets string) string {
		return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + sheets + `</sheets></workbook>`
	}
	const header = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>`
	const shared = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">` +
		`<si><t>Order No</t></si><si><t>Tracking No</t></si><si><t>Buyer</t></si><si><t>Order Date</t></si><si><t>Insured</t></si>` +
		`<si><r><rPr><b/></rPr><t>山田</t></r><r><t xml:space="preserve">太郎</t></r><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si></sst>`
	// Order 8123456789012345 and FedEx 986578788855 in number cells
	// (their digits as the file stores them, not reformatted), 山田太郎
	// (rich text; its phonetic guide left out), 1 March 2026 12:00 (a
	// serial), insured (a boolean).
	const data = `<row r="2" spans="1:5"><c r="A2" s="1"><v>8123456789012345</v></c><c r="B2"><v>986578788855</v></c><c r="C2" t="s"><v>5</v></c><c r="D2" s="2"><v>46082.5</v></c><c r="E2" t="b"><v>1</v></c></row>`
	sheet := func(rows string) string {
		return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/><dimension ref="A1:E2"/><sheetData>` + rows + `</sheetData></worksheet>`
	}
	tests := []struct {
		name  string
		parts map[string]string
	}{
		{"as Excel writes it", map[string]string{
			"xl/workbook.xml": book(`<sheet name="Orders" sheetId="1" r:id="rId1"/>`), "xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml"),
			"xl/sharedStrings.xml": shared, "xl/worksheets/sheet1.xml": sheet(header + data),
		}},
		{"the first sheet of two is sheet2.xml", map[string]string{
			"xl/workbook.xml":            book(`<sheet name="Orders" sheetId="2" r:id="rId2"/><sheet name="Notes" sheetId="1" r:id="rId1"/>`),
			"xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml"),
			"xl/sharedStrings.xml":       shared,
			"xl/worksheets/sheet1.xml":   sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>notes</t></is></c></row>`),
			"xl/worksheets/sheet2.xml":   sheet(header + data),
		}},
		{"prefixed elements, cells without references, inline strings, a formula", map[string]string{
			"xl/workbook.xml": book(`<sheet name="Orders" sheetId="1" r:id="rId1"/>`), "xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml"),
			"xl/worksheets/sheet1.xml": `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
				`<x:row><x:c t="inlineStr"><x:is><x:t>Order No</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Tracking No</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Buyer</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Order Date</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Insured</x:t></x:is></x:c></x:row>` +
				"<!-- a comment -->\r\n" +
				`<x:row><x:c><x:v>8123456789012345</x:v></x:c><x:c t="str"><x:f>TEXT(986578788855,"0")</x:f><x:v>986578788855</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>山&#30000;</x:t></x:r><x:r><x:t><![CDATA[太郎]]></x:t></x:r></x:is></x:c><x:c><x:v>46082.5</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row>` +
				`</x:sheetData></x:worksheet>`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Read("orders.xlsx", workbook(tt.parts), opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 || len(res.Orders) != 1 {
				t.Fatalf("orders %d, problems %v", len(res.Orders), res.Problems)
			}
			o := res.Orders[0]
			if o.OrderNo != "8123456789012345" || o.Buyer != "山田太郎" || o.Insured == nil || !*o.Insured ||
				!o.OrderedAt.Equal(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) {
				t.Errorf("order %+v", o.Order)
			}
			if len(o.Shipments) != 1 || o.Shipments[0].TrackingNo != "986578788855" || o.Shipments[0].Carrier != "fedex" {
				t.Errorf("shipments %+v", o.Shipments)
			}
		})
	}
}
