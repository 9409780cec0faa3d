package orderfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"waybill/tracker"
)

// A small XLSX reader: the first sheet's cell values, with shared and inline
// strings and numbers as Excel stores them (dates stay serials; the date
// fields convert them). It needs nothing beyond the standard library, and
// reads only what an order export holds; formulas give their cached value.
//
// A workbook is a zip of XML parts, and deflate packs a kilobyte of
// repeated XML into a byte: a 1.3 MB file can inflate to 500 MB. So no part
// is ever held whole. Each is read a tag or a text at a time (xmlScanner)
// from a reader that counts what the zip entry inflates to, every limit
// is checked as the bytes and cells arrive, not after a part is read, and
// what is kept is only what the orders need: the shared strings, and the
// sheet's cells up to the header's last column. The limits hold a workbook
// of any size to what the same rows cost as CSV (a 100,000-row export, 9 MB
// as XLSX, is read in about two seconds of CPU and 260 MB, the checks and
// the report included), and each refusal names the limit it hit.
const (
	// What a part may inflate to. The sheet of a 100,000-row export
	// is 60 MB with shared strings, 100 MB with inline ones (as
	// excelize's stream writer makes it), and its shared strings 15 to
	// 30 MB. The XML is read at about 100 MB a second.
	maxSheetXML  = 128 << 20
	maxSharedXML = 64 << 20
	maxOtherXML  = 4 << 20 // workbook.xml and its relationships
	// Bytes between two markup characters: the longest text or tag the
	// scanner buffers. Excel's longest cell is 32,767 characters.
	maxRun = 1 << 20
	// Bytes kept of one string: a cell longer than maxCell is a bad
	// value whatever follows, and its problem shows 40 bytes of it.
	maxText = 4 << 10
	// The shared string table, and the text kept from the sheet's own
	// cells (inline strings and numbers).
	maxSharedStrings = 2_000_000
	maxSheetText     = 64 << 20
	// Cells of all rows (blank ones between included, up to the
	// header's width); the rows with a value are held to maxRows, as a
	// CSV file's are. A row repeated 200,000 times zips to 30 KB.
	maxCells = 4_000_000
)

// ParseXLSX reads the first worksheet of an XLSX workbook.
func ParseXLSX(data []byte, opt Options) (*Result, error) {
	rows, err := xlsxRows(data)
	if err != nil {
		var le *limitError
		if errors.As(err, &le) {
			return nil, fileErr(fileXLSXRefused, err)
		}
		return nil, fileErr(fileNotXLSX, err)
	}
	return build(rows, opt, true)
}

// limitError is a workbook past one of the limits above, as the Phrase
// it was made from (a screen in another language says it in its words
// inside fileXLSXRefused); its Error is the English.
type limitError struct{ phrase tracker.Phrase }

func (e *limitError) Error() string { return e.phrase.String() }

// Phrased is the refusal as its format and values.
func (e *limitError) Phrased() tracker.Phrase { return e.phrase }

func limitf(format string, args ...any) error {
	return &limitError{tracker.Phrase{Format: format, Args: args}}
}

// partErr is a workbook that is not one, found by us (a part missing,
// one that inflates past its zip header's size), as a tracker.Wrapf
// phrase; an error of the zip or XML reader's own stays as that reader
// wrote it.
func partErr(format string, args ...any) error { return tracker.Wrapf(format, args...) }

// The workbook's limits and problems we find, by their English format:
// the part's name, the sizes and counts are values.
const (
	limitPartSize   = "%s inflates past the %s limit of an XLSX part (to %d MB): split the workbook or save the sheet as CSV"
	limitPartRead   = "%s inflates past the %s limit of an XLSX part: split the workbook or save the sheet as CSV"
	limitShared     = "%s holds more than %d shared strings, the limit: split the workbook or save the sheet as CSV"
	limitCells      = "%s: more than %d cells, the limit: split the workbook or save the sheet as CSV"
	limitText       = "%s: the cells hold more than %s of text, the limit: split the workbook or save the sheet as CSV"
	limitRows       = "%s: more than %d rows, the limit: split the workbook or save the sheet as CSV"
	limitRun        = "%s: a text or tag longer than %s, the limit: not a workbook a spreadsheet writes"
	partMissing     = "%s is missing"
	partZipMismatch = "%s inflates past the size its zip header gives: a damaged or forged workbook"
)

// xlsxFormats are the formats above, for the catalog's test.
func xlsxFormats() []string {
	return []string{limitPartSize, limitPartRead, limitShared, limitCells, limitText, limitRows, limitRun,
		partMissing, partZipMismatch}
}

// megabytes writes a limit the way the constants above are written.
func megabytes(n int64) string { return fmt.Sprintf("%d MB", n>>20) }

// parts are the zip's entries by name.
type parts map[string]*zip.File

func xlsxRows(data []byte) ([]row, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	wb := parts{}
	for _, f := range zr.File {
		wb[strings.TrimPrefix(f.Name, "/")] = f
	}
	sheet := wb.firstSheet()
	var shared []string
	if _, ok := wb["xl/sharedStrings.xml"]; ok {
		if shared, err = wb.sharedStrings(); err != nil {
			return nil, err
		}
	}
	return wb.sheetRows(sheet, shared)
}

// open starts reading a part, refusing it at once when the zip says it
// inflates past limit. The zip's word is not trusted either: the reader
// counts what comes out, and archive/zip fails an entry that inflates
// past the size its header gave.
func (wb parts) open(name string, limit int64) (*xmlScanner, io.Closer, error) {
	f, ok := wb[name]
	if !ok {
		return nil, nil, partErr(partMissing, name)
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, nil, limitf(limitPartSize, name, megabytes(limit), f.UncompressedSize64>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return newXMLScanner(&partReader{name: name, r: rc, limit: limit}, name), rc, nil
}

// partReader counts the inflated bytes of one part.
type partReader struct {
	name  string
	r     io.Reader
	limit int64
	n     int64
}

func (p *partReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if p.n += int64(n); p.n > p.limit {
		return 0, limitf(limitPartRead, p.name, megabytes(p.limit))
	}
	switch {
	case errors.Is(err, zip.ErrFormat):
		// archive/zip's word for an entry that inflates past the size
		// its header gives.
		return n, partErr(partZipMismatch, p.name)
	case err != nil && !errors.Is(err, io.EOF):
		return n, fmt.Errorf("%s: %w", p.name, err)
	}
	return n, err
}

// textCollector gathers the text of an <si> or <is>: its own <t>, and the
// <t> of each run <r>; phonetic guides (<rPh>) and anything else are left
// out. It keeps at most maxText bytes.
type textCollector struct {
	at    int // depth below the collected element: 1 = a child
	inT   bool
	inRun bool
	buf   []byte
}

func (c *textCollector) reset() { c.at, c.inT, c.inRun, c.buf = 0, false, false, c.buf[:0] }

// token feeds the token after the collected element's start tag; end
// reports that element's own end.
func (c *textCollector) token(tok xmlToken, s *xmlScanner) (end bool) {
	switch tok {
	case xmlStart:
		c.at++
		switch local := string(s.local); {
		case local == "t" && (c.at == 1 || c.at == 2 && c.inRun):
			c.inT = true
		case local == "r" && c.at == 1:
			c.inRun = true
		}
	case xmlEnd:
		if c.at == 0 {
			return true
		}
		if c.at == 1 {
			c.inRun = false
		}
		c.inT = false // <t> holds no element
		c.at--
	case xmlText:
		if c.inT {
			c.buf = append(c.buf, s.text[:min(len(s.text), maxText-len(c.buf))]...)
		}
	}
	return false
}

// sharedStrings reads xl/sharedStrings.xml: each <si>'s text, in order.
func (wb parts) sharedStrings() ([]string, error) {
	const name = "xl/sharedStrings.xml"
	s, rc, err := wb.open(name, maxSharedXML)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var (
		shared []string
		c      textCollector
		in     bool
	)
	for {
		tok, err := s.next()
		if errors.Is(err, io.EOF) {
			return shared, nil
		}
		if err != nil {
			return nil, err
		}
		if in {
			if c.token(tok, s) {
				in = false
				shared = append(shared, string(c.buf))
			}
			continue
		}
		if tok == xmlStart && string(s.local) == "sst" && shared == nil {
			// Room for the strings the table says it has, as far as
			// the limit: growing a slice of two million strings
			// copies it again and again.
			if n, err := strconv.Atoi(string(s.attr("uniqueCount"))); err == nil && n > 0 {
				shared = make([]string, 0, min(n, maxSharedStrings))
			}
		}
		if tok == xmlStart && string(s.local) == "si" {
			if len(shared) >= maxSharedStrings {
				return nil, limitf(limitShared, name, maxSharedStrings)
			}
			in = true
			c.reset()
		}
	}
}

// sheetRows reads the worksheet's rows. Rows without a value are left out
// (each row keeps its line number); the first row with one is the header,
// and cells right of its last value can map to no field, so they are not
// kept.
func (wb parts) sheetRows(sheet string, shared []string) ([]row, error) {
	s, rc, err := wb.open(sheet, maxSheetXML)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var (
		rows      []row
		cells     []string
		line      int
		next      = 1
		width     = -1 // cells kept of a row after the header
		cellCount int  // cell positions of the rows so far
		span      int  // positions of this row: up to its last cell, or what it holds
		textBytes int
		// The cell being read.
		inCell, inV, inIS bool
		cellType, ref     []byte
		col, prevCol      int
		v                 []byte
		c                 textCollector
	)
	tooMany := func() error {
		return limitf(limitCells, sheet, maxCells)
	}
	for {
		tok, err := s.next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		if inIS {
			if c.token(tok, s) {
				inIS = false
			}
			continue
		}
		switch tok {
		case xmlStart:
			switch string(s.local) {
			case "row":
				line = next
				if r := s.attr("r"); len(r) > 0 {
					if n, err := strconv.Atoi(string(r)); err == nil && n > 0 {
						line = n
					}
				}
				next = line + 1
				cells, span, prevCol = nil, 0, -1
			case "c":
				inCell, v = true, v[:0]
				cellType = append(cellType[:0], s.attr("t")...)
				ref = append(ref[:0], s.attr("r")...)
				col = prevCol + 1
				if len(ref) > 0 {
					if col = columnIndex(string(ref)); col < 0 {
						return nil, fmt.Errorf("%s: bad cell reference %q", sheet, ref)
					}
				}
				if col >= 16384 {
					return nil, fmt.Errorf("%s: cell %q beyond column XFD", sheet, ref)
				}
				prevCol = col
				c.reset()
			case "v":
				inV = inCell
			case "is":
				if inCell {
					inIS = true
					c.reset()
				}
			}
		case xmlText:
			if inV {
				v = append(v, s.text[:min(len(s.text), maxText-len(v))]...)
			}
		case xmlEnd:
			switch string(s.local) {
			case "v":
				inV = false
			case "c":
				if !inCell {
					continue
				}
				inCell, inV = false, false
				if width >= 0 && col >= width {
					continue
				}
				// Every position up to a cell counts, blank or not:
				// a row cannot ask for column XFD for free.
				if span = max(span, col+1); cellCount+span > maxCells {
					return nil, tooMany()
				}
				var value string
				switch string(cellType) {
				case "s":
					n, err := strconv.Atoi(strings.TrimSpace(string(v)))
					if err != nil || n < 0 || n >= len(shared) {
						return nil, fmt.Errorf("%s: cell %s names shared string %q, which does not exist", sheet, ref, v)
					}
					value = shared[n] // shared, not copied
				case "inlineStr":
					value = string(c.buf)
				case "b":
					value = map[string]string{"1": "TRUE", "0": "FALSE"}[string(v)]
				default: // n, str, e, d: the stored value as written
					value = string(v)
				}
				if value == "" {
					continue
				}
				if t := string(cellType); t != "s" && t != "b" {
					if textBytes += len(value); textBytes > maxSheetText {
						return nil, limitf(limitText, sheet, megabytes(maxSheetText))
					}
				}
				if cells == nil && width >= 0 {
					// A data row: one allocation, of the width
					// it may hold.
					if span = max(span, width); cellCount+span > maxCells {
						return nil, tooMany()
					}
					cells = make([]string, 0, width)
				}
				for len(cells) <= col {
					cells = append(cells, "")
				}
				cells[col] = value
			case "row":
				cellCount += span
				if blank(cells) {
					continue
				}
				if len(rows) >= maxRows {
					return nil, limitf(limitRows, sheet, maxRows)
				}
				rows = append(rows, row{line: line, cells: cells})
				if width < 0 {
					width = len(cells)
					for width > 0 && strings.TrimSpace(cells[width-1]) == "" {
						width--
					}
				}
				cells = nil
			}
		}
	}
}

// firstSheet finds the first sheet's part through workbook.xml and its
// relationships, falling back to xl/worksheets/sheet1.xml.
func (wb parts) firstSheet() string {
	const fallback = "xl/worksheets/sheet1.xml"
	id := ""
	wb.scan("xl/workbook.xml", func(s *xmlScanner) bool {
		if string(s.local) != "sheet" {
			return true
		}
		// r:id, in the relationships namespace.
		for _, a := range s.attrs {
			if string(a.local) == "id" {
				id = string(a.value)
			}
		}
		return false
	})
	if id == "" {
		return fallback
	}
	target := ""
	wb.scan("xl/_rels/workbook.xml.rels", func(s *xmlScanner) bool {
		if string(s.local) != "Relationship" || string(s.attr("Id")) != id {
			return true
		}
		target = string(s.attr("Target"))
		return false
	})
	switch {
	case target == "":
		return fallback
	case strings.HasPrefix(target, "/"):
		return strings.TrimPrefix(target, "/")
	}
	return path.Join("xl", target)
}

// scan calls each at the start tags of a small part until it says stop;
// a part that is missing, too large or broken ends the scan, and the
// caller falls back.
func (wb parts) scan(name string, each func(*xmlScanner) bool) {
	s, rc, err := wb.open(name, maxOtherXML)
	if err != nil {
		return
	}
	defer rc.Close()
	for {
		tok, err := s.next()
		if err != nil {
			return
		}
		if tok == xmlStart && !each(s) {
			return
		}
	}
}

// columnIndex turns "AB12" into 27; -1 when the reference has no letters.
func columnIndex(ref string) int {
	n, i := 0, 0
	for ; i < len(ref) && i < 4; i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		n = n*26 + int(c-'A'+1)
	}
	if i == 0 {
		return -1
	}
	return n - 1
}
