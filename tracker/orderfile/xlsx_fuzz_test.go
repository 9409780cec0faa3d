package orderfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// workbook builds an XLSX from its parts, for seeds that need no *testing.T.
func workbook(parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func seedWorkbook(sheet, shared string) []byte {
	return workbook(map[string]string{
		"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/sharedStrings.xml":       `<?xml version="1.0"?><sst>` + shared + `</sst>`,
		"xl/worksheets/sheet1.xml":   `<?xml version="1.0"?><worksheet><sheetData>` + sheet + `</sheetData></worksheet>`,
	})
}

// FuzzParseXLSX: any bytes named .xlsx either read as orders that keep the
// same invariants as CSV, or fail with a FileError; never a panic, a hang
// or an unbounded allocation. Seeds: testdata/fuzz/FuzzParseXLSX.
func FuzzParseXLSX(f *testing.F) {
	f.Add(seedWorkbook(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>A-1</t></is></c><c r="B2" t="inlineStr"><is><t>RB123456785GB</t></is></c></row>`,
		`<si><t>Order No</t></si><si><t>Tracking No</t></si>`))
	f.Add([]byte("PK\x03\x04junk"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read("fuzz.xlsx", data, opt)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkResult(t, res)
	})
}

func checkResult(t *testing.T, res *Result) {
	t.Helper()
	if len(res.Orders)+res.BadRows > res.Rows {
		t.Fatalf("%d orders + %d bad rows > %d rows", len(res.Orders), res.BadRows, res.Rows)
	}
	for _, o := range res.Orders {
		if o.OrderNo == "" {
			t.Fatal("an order without a number")
		}
		for _, s := range o.Shipments {
			if s.TrackingNo == "" {
				t.Fatal("a shipment without a tracking number")
			}
		}
	}
	for _, p := range res.Problems {
		if p.Line <= 0 || p.Reason == "" {
			t.Fatalf("problem without line or reason: %+v", p)
		}
	}
}

// TestXLSXFarColumnsCostNothing: rows that each put a cell at column XFD
// (a few bytes of XML asking for 16384 cells) are read in bounded memory;
// the cells right of the header are dropped, the rest still read.
func TestXLSXFarColumnsCostNothing(t *testing.T) {
	var sheet strings.Builder
	sheet.WriteString(`<row r="1"><c t="inlineStr"><is><t>order no</t></is></c><c t="inlineStr"><is><t>tracking no</t></is></c></row>`)
	const rows = 20000
	for i := 2; i < rows+2; i++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>A-%d</t></is></c><c r="B%d" t="inlineStr"><is><t>RB123456785GB</t></is></c><c r="XFD%d"><v>1</v></c></row>`, i, i, i, i, i)
	}
	data := seedWorkbook(sheet.String(), "")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := Read("far.xlsx", data, opt)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Orders) != rows {
		t.Fatalf("%d orders, want %d", len(res.Orders), rows)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 512<<20 {
		t.Fatalf("allocated %d MB for a %d KB file", alloc>>20, len(data)>>10)
	}
}

// TestXLSXCellBudget: blank rows before the header cannot pad to XFD
// without end: past maxCells the file is refused, with a reason.
func TestXLSXCellBudget(t *testing.T) {
	var sheet strings.Builder
	for i := 1; i <= maxCells/16384+2; i++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="XFD%d"><v></v></c></row>`, i, i)
	}
	_, err := Read("blank.xlsx", seedWorkbook(sheet.String(), ""), opt)
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "cells") {
		t.Fatalf("error %v, want a FileError about the cells", err)
	}
}
