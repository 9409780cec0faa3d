package orderfile

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"
)

// TestCSVEncodings: the encoding is decided from the whole file, by the
// rule of Decode, or given; a file that is neither UTF-8 nor plausible
// GB18030 is refused, naming the first bad byte, instead of read as
// mojibake.
func TestCSVEncodings(t *testing.T) {
	gb := func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16le := func(s string) []byte {
		b, err := textunicode.UTF16(textunicode.LittleEndian, textunicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const names = "order no,buyer,address\nA-1,José Müller,Königstraße 5\nA-2,Zoë Brontë,\n"
	tests := []struct {
		name     string
		data     []byte
		encoding string
		buyers   []string // read, in order
		refused  []string // or the refusal says each of these
	}{
		{"UTF-8", []byte(names), "", []string{"José Müller", "Zoë Brontë"}, nil},
		{"UTF-8 with a BOM", []byte(utf8BOM + names), "", []string{"José Müller", "Zoë Brontë"}, nil},
		{"GB18030 Chinese", gb("订单号,收件人,地址\nA-1,张三,北京市朝阳区建国路88号\nA-2,王喆,上海市浦东新区世纪大道100号\n"), "",
			[]string{"张三", "王喆"}, nil},
		{"GB18030 with a four-byte character", gb("订单号,收件人,地址\nA-1,李㛃,广州市天河区体育西路\n"), "", []string{"李㛃"}, nil},
		{"UTF-16 with a BOM, as Excel's Unicode text", utf16le("order no\tbuyer\nA-1\tJosé Müller\n"), "", []string{"José Müller"}, nil},
		{"UTF-8 with one Latin-1 é", []byte(names + "A-3,Ren\xe9e Dubois,\n"), "", nil,
			[]string{`line 4, byte 8: 0xE9 in "A-3,Ren\xe9e Dubois," is not UTF-8`, "--encoding latin1"}},
		{"UTF-8 with a stray byte GB18030 would pair", []byte(names + "A-3,Ren\xe9" + "e M\xfcller,\n"), "", nil,
			[]string{"line 4, byte 8: 0xE9 in ", "is not UTF-8"}},
		{"Latin-1", []byte("order no,buyer\nA-1,Ren\xe9e M\xfcller\n"), "", nil, []string{"line 2, byte 8: 0xE9 in ", "is not UTF-8"}},
		{"Latin-1 given", []byte("order no,buyer\nA-1,Ren\xe9e M\xfcller\n"), "latin1", []string{"Renée Müller"}, nil},
		{"Windows-1252 given", []byte("order no,buyer\nA-1,\x93Ren\xe9e\x94\n"), "windows-1252", []string{"“Renée”"}, nil},
		{"GB18030 given, rare characters the rule will not guess", gb("order no,buyer\nA-1,喆堃\nA-2,犇昇\n"), "gb18030", []string{"喆堃", "犇昇"}, nil},
		{"rare GB18030 characters, not given", gb("order no,buyer\nA-1,喆堃\nA-2,犇昇\n"), "", nil, []string{"line 2, byte 5: 0x86 in ", "is not UTF-8"}},
		{"UTF-8 given, Latin-1 found", []byte("order no,buyer\nA-1,Ren\xe9e\n"), "utf-8", nil,
			[]string{"line 2, byte 8: 0xE9 in ", "is not UTF-8, which --encoding utf-8 says the file is"}},
		{"GB18030 given, not found", []byte("order no,buyer\nA-1,Ren\xe9,\n"), "gb18030", nil,
			[]string{"line 2, byte 8: 0xE9 in ", "starts no GB18030 character"}},
	}
	// Read whole (ParseCSV, the screen's sheet) and as a stream
	// (DetectEncoding then StreamCSV, `waybill import`): the same rule.
	for _, how := range []string{"whole", "stream"} {
		for _, tt := range tests {
			t.Run(how+"/"+tt.name, func(t *testing.T) {
				o := opt
				o.Encoding = tt.encoding
				res, err := ParseCSV(tt.data, o)
				if how == "stream" {
					res, err = streamAll(tt.data, o)
				}
				if tt.refused != nil {
					var fe *FileError
					if !errors.As(err, &fe) {
						t.Fatalf("read %+v, %v; want it refused", res, err)
					}
					for _, want := range tt.refused {
						if !strings.Contains(fe.Msg, want) {
							t.Errorf("refusal %q does not say %q", fe.Msg, want)
						}
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, o := range res.Orders {
					got = append(got, o.Buyer)
				}
				if strings.Join(got, "|") != strings.Join(tt.buyers, "|") || len(res.Problems) > 0 {
					t.Errorf("buyers %q, want %q (problems %v)", got, tt.buyers, res.Problems)
				}
			})
		}
	}
}

func TestCanonicalEncoding(t *testing.T) {
	for in, want := range map[string]string{"": "", "auto": "", "UTF8": "utf-8", "gbk": "gb18030", "ISO-8859-1": "latin1", "cp1252": "windows-1252"} {
		if got, ok := CanonicalEncoding(in); !ok || got != want {
			t.Errorf("CanonicalEncoding(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := CanonicalEncoding("ebcdic"); ok {
		t.Error("ebcdic accepted")
	}
}
