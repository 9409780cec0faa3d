package i18n

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"waybill/tracker/orderfile"
)

// Every problem an order file can have as a whole is in the catalog: the
// source test cannot see them, as tracker asks for them by value.
func TestCatalogHasOrderFileErrors(t *testing.T) {
	have := catalogKeys()
	for _, f := range orderfile.FileErrorFormats() {
		if !have[f] {
			t.Errorf("the catalog lacks orderfile's %q", f)
		}
	}
}

// An order file's problem with the file itself (no order number column,
// an unknown column in [import.columns], not UTF-8, empty) reads in
// Chinese through Err, the file's own bytes and header as they are; in
// English it is orderfile's text, byte for byte.
func TestOrderFileErrorsInChinese(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		columns    map[string]string
		zh         []string
	}{
		{"empty", "\n\n", nil, []string{"文件为空：应有一行表头，每个包裹一行"}},
		{"no order column", "tracking,country\nRB123456785GB,DE\n", nil,
			[]string{`没有订单号列：请将一列命名为 "order no", "order number", "order id"`, `（表头为 "tracking", "country"）`}},
		{"unknown field", "order no\nA-1\n", map[string]string{"weight": "Gewicht"},
			[]string{`import.columns："weight" 不是字段（应为 order_no,`}},
		{"no such column", "order no\nA-1\n", map[string]string{"country": "Land"},
			[]string{`import.columns：country = "Land"，但文件中没有此列（现有列："order no"）`}},
		{"not utf-8", "order no,buyer\nA-1,J\xe9r\xf4me\n", nil,
			[]string{"第 2 行第 6 字节：0xE9（在 ", "不是 UTF-8，文件也不是 GB18030 中文文本"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := orderfile.Read("o.csv", []byte(tt.file), orderfile.Options{Columns: tt.columns})
			var fe *orderfile.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("%v, want a FileError", err)
			}
			wrapped := fmt.Errorf("o.csv: %w", err) // as import and the sheet say it
			if got := New(En).Err(wrapped); got != "o.csv: "+fe.Msg {
				t.Errorf("English %q, want %q", got, "o.csv: "+fe.Msg)
			}
			got := New(Zh).Err(wrapped)
			for _, w := range tt.zh {
				if !strings.Contains(got, w) {
					t.Errorf("Chinese %q lacks %q", got, w)
				}
			}
			if !strings.HasPrefix(got, "o.csv: ") || strings.Contains(got, fe.Msg) {
				t.Errorf("Chinese %q: want the file's name first and not the English %q", got, fe.Msg)
			}
		})
	}
}
