package orderfile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// A small XLSX reader: the first sheet's cell values, with shared and inline
// strings and numbers as Excel stores them (dates stay serials; the date
// fields convert them). It needs nothing beyond the standard library, and
// reads only what an order export holds; formulas give their cached value.

const maxXMLPart = 256 << 20 // bytes of one uncompressed part, against zip bombs

const maxCells = 10_000_000 // cells of a sheet, blank ones between included (160 MB of strings)

// ParseXLSX reads the first worksheet of an XLSX workbook.
func ParseXLSX(data []byte, opt Options) (*Result, error) {
	rows, err := xlsxRows(data)
	if err != nil {
		return nil, &FileError{"not readable as XLSX: " + err.Error()}
	}
	return build(rows, opt, true)
}

func xlsxRows(data []byte) ([]row, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	read := func(name string) ([]byte, error) {
		f, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("%s is missing", name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxXMLPart+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(b) > maxXMLPart {
			return nil, fmt.Errorf("%s is too large", name)
		}
		return b, nil
	}
	sheet, err := firstSheet(read)
	if err != nil {
		return nil, err
	}
	var shared []string
	if _, ok := files["xl/sharedStrings.xml"]; ok {
		b, err := read("xl/sharedStrings.xml")
		if err != nil {
			return nil, err
		}
		var sst struct {
			SI []richText `xml:"si"`
		}
		if err := xml.Unmarshal(b, &sst); err != nil {
			return nil, fmt.Errorf("sharedStrings.xml: %w", err)
		}
		shared = make([]string, len(sst.SI))
		for i, si := range sst.SI {
			shared[i] = si.text()
		}
	}
	b, err := read(sheet)
	if err != nil {
		return nil, err
	}
	var ws struct {
		Rows []struct {
			R     int `xml:"r,attr"`
			Cells []struct {
				Ref  string   `xml:"r,attr"`
				Type string   `xml:"t,attr"`
				V    string   `xml:"v"`
				IS   richText `xml:"is"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(b, &ws); err != nil {
		return nil, fmt.Errorf("%s: %w", sheet, err)
	}
	rows := make([]row, 0, len(ws.Rows))
	next := 1
	// A cell is a dozen bytes of XML, but one at column XFD makes a row of
	// 16384: cells right of the header row can map to no field, so they
	// are not kept, and all rows together hold at most maxCells.
	width, cellCount := -1, 0
	for _, r := range ws.Rows {
		line := r.R
		if line <= 0 {
			line = next
		}
		next = line + 1
		var cells []string
		for i, c := range r.Cells {
			col := i
			if c.Ref != "" {
				if col = columnIndex(c.Ref); col < 0 {
					return nil, fmt.Errorf("%s: bad cell reference %q", sheet, c.Ref)
				}
			}
			if col >= 16384 {
				return nil, fmt.Errorf("%s: cell %q beyond column XFD", sheet, c.Ref)
			}
			if width >= 0 && col >= width {
				continue
			}
			if cellCount += max(0, col+1-len(cells)); cellCount > maxCells {
				return nil, fmt.Errorf("%s: more than %d cells: split the file", sheet, maxCells)
			}
			for len(cells) <= col {
				cells = append(cells, "")
			}
			switch c.Type {
			case "s":
				n, err := strconv.Atoi(strings.TrimSpace(c.V))
				if err != nil || n < 0 || n >= len(shared) {
					return nil, fmt.Errorf("%s: cell %s names shared string %q, which does not exist", sheet, c.Ref, c.V)
				}
				cells[col] = shared[n]
			case "inlineStr":
				cells[col] = c.IS.text()
			case "b":
				cells[col] = map[string]string{"1": "TRUE", "0": "FALSE"}[c.V]
			default: // n, str, e, d: the stored value as written
				cells[col] = c.V
			}
		}
		if width < 0 && !blank(cells) {
			width = len(cells)
			for width > 0 && strings.TrimSpace(cells[width-1]) == "" {
				width--
			}
		}
		rows = append(rows, row{line: line, cells: cells})
	}
	return rows, nil
}

// richText is an <si> or <is>: plain <t> or runs of <r><t>.
type richText struct {
	T    string `xml:"t"`
	Runs []struct {
		T string `xml:"t"`
	} `xml:"r"`
}

func (r richText) text() string {
	if len(r.Runs) == 0 {
		return r.T
	}
	var b strings.Builder
	b.WriteString(r.T)
	for _, run := range r.Runs {
		b.WriteString(run.T)
	}
	return b.String()
}

// firstSheet finds the first sheet's part through workbook.xml and its
// relationships, falling back to xl/worksheets/sheet1.xml.
func firstSheet(read func(string) ([]byte, error)) (string, error) {
	const fallback = "xl/worksheets/sheet1.xml"
	wb, err := read("xl/workbook.xml")
	if err != nil {
		return fallback, nil
	}
	var w struct {
		Sheets []struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if xml.Unmarshal(wb, &w) != nil || len(w.Sheets) == 0 {
		return fallback, nil
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return fallback, nil
	}
	var rs struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(rels, &rs) != nil {
		return fallback, nil
	}
	for _, r := range rs.Rel {
		if r.ID == w.Sheets[0].ID {
			if strings.HasPrefix(r.Target, "/") {
				return strings.TrimPrefix(r.Target, "/"), nil
			}
			return path.Join("xl", r.Target), nil
		}
	}
	return fallback, nil
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
