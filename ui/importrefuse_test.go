package ui

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bombWorkbook is a workbook of a few hundred KB whose shared strings
// inflate to 100 MB.
func bombWorkbook(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<sst>"))
	chunk := bytes.Repeat([]byte("<si><t>AAAAAAAAAAAAAAAAAAAAAAAA</t></si>"), 1000)
	for n := 0; n < 100<<20; n += len(chunk) {
		w.Write(chunk)
	}
	w.Write([]byte("</sst>"))
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(`<worksheet><sheetData><row><c t="s"><v>0</v></c></row></sheetData></worksheet>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The i sheet reads files with the reader `waybill import` uses, so a zip
// bomb and a CSV of mixed encodings are refused on the screen as on the
// command line, saying why, and nothing is written.
func TestImportRefusesBombAndMixedEncoding(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		data       func(t *testing.T) []byte
		want       []string
	}{
		{"a zip bomb", "bomb.xlsx", bombWorkbook, []string{"refused as XLSX: xl/sharedStrings.xml", "inflates past the 64 MB limit"}},
		{"UTF-8 with one Latin-1 byte", "mixed.csv", func(*testing.T) []byte {
			return []byte("order no,buyer\nWB-1,José Müller\nWB-2,Ren\xe9e Dubois\n")
		}, []string{"line 3, byte 9: 0xE9", "is not UTF-8"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, tt.data(t), 0o600); err != nil {
				t.Fatal(err)
			}
			h, _, w := addHarness(t, Options{ImportFiles: true})
			h.press("i")
			h.typeText(path)
			h.press("enter")
			s, ok := h.app.sheet.(*importSheet)
			out := squash(screen(h))
			if !ok || s.stage != importPath || s.res != nil {
				t.Fatalf("the file was not refused:\n%s", out)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("screen lacks %q:\n%s", want, out)
				}
			}
			h.press("w")
			if got := w.writes(); len(got) > 0 {
				t.Errorf("wrote %v", got)
			}
		})
	}
}
