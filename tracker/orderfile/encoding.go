package orderfile

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	textunicode "golang.org/x/text/encoding/unicode"
)

// Encodings are the names --encoding takes, the first of each line the
// one the help and errors give.
var Encodings = []string{"utf-8", "gb18030", "latin1", "windows-1252"}

var encodingNames = map[string]string{
	"utf-8": "utf-8", "utf8": "utf-8",
	"gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", // GB18030 holds GBK, which holds GB2312
	"latin1": "latin1", "latin-1": "latin1", "iso-8859-1": "latin1", "iso8859-1": "latin1",
	"windows-1252": "windows-1252", "cp1252": "windows-1252",
}

// CanonicalEncoding is the encoding a name given to --encoding means, ""
// for none (decide from the file); ok is false for a name not known.
func CanonicalEncoding(name string) (string, bool) {
	if name == "" || strings.EqualFold(name, "auto") {
		return "", true
	}
	c, ok := encodingNames[strings.ToLower(strings.TrimSpace(name))]
	return c, ok
}

const utf8BOM = "\xef\xbb\xbf"

// Decode returns a CSV file's text as UTF-8. enc is an encoding of
// Encodings; "" decides from the whole file, by this rule:
//
//  1. Valid UTF-8, with or without a BOM, is UTF-8. So is a file that is
//     not, unless rule 3 holds.
//  2. A UTF-16 BOM (Excel's "Unicode text") is UTF-16 of that byte order.
//  3. GB18030 (a superset of GBK and GB2312: what Chinese Excel saves as
//     CSV) when every byte that is not ASCII belongs to a well-formed
//     GB18030 sequence, most of those sequences lie in GB2312's rows of
//     hanzi and full-width punctuation (both bytes 0xA1-0xFE), and fewer
//     than half as many valid UTF-8 multi-byte sequences are in the file.
//     The last two keep out what merely parses as GB18030: Latin-1 text
//     (é then an ASCII letter is a GBK pair, but not a GB2312 one), and
//     UTF-8 with a stray byte, whose every é and ü is valid UTF-8 that
//     GB18030 would read as 茅 and 眉.
//  4. Anything else is refused, naming the first byte that is not UTF-8
//     (line, byte of the line, its value): a wrong guess would turn every
//     name in the file to mojibake and store it so. --encoding says what
//     the file is.
func Decode(data []byte, enc string) ([]byte, error) {
	switch enc {
	case "utf-8":
		text := bytes.TrimPrefix(data, []byte(utf8BOM))
		if bad := firstNonUTF8(text); bad >= 0 {
			return nil, badByteErr(badByte(data, bad+len(data)-len(text)), notUTF8Said)
		}
		return text, nil
	case "gb18030":
		if bad := firstNonGB18030(data); bad >= 0 {
			return nil, badByteErr(badByte(data, bad), notGB18030Said)
		}
		return decodeWith(simplifiedchinese.GB18030, data)
	case "latin1":
		return decodeWith(charmap.ISO8859_1, data)
	case "windows-1252":
		return decodeWith(charmap.Windows1252, data)
	case "":
	default:
		return nil, fileErr(fileEncoding, enc, strings.Join(Encodings, ", "))
	}
	text := bytes.TrimPrefix(data, []byte(utf8BOM))
	bad := firstNonUTF8(text)
	if bad < 0 {
		return text, nil
	}
	if len(text) == len(data) {
		switch {
		case bytes.HasPrefix(data, []byte("\xff\xfe")):
			return decodeWith(textunicode.UTF16(textunicode.LittleEndian, textunicode.ExpectBOM), data)
		case bytes.HasPrefix(data, []byte("\xfe\xff")):
			return decodeWith(textunicode.UTF16(textunicode.BigEndian, textunicode.ExpectBOM), data)
		case plausibleGB18030(data):
			return decodeWith(simplifiedchinese.GB18030, data)
		}
	}
	return nil, badByteErr(badByte(data, bad+len(data)-len(text)), notUTF8NorGB)
}

func decodeWith(e encoding.Encoding, data []byte) ([]byte, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fileErr(fileNotDecoded, err)
	}
	return out, nil
}

// firstNonUTF8 is the offset of the first byte that is not part of valid
// UTF-8, -1 when all are.
func firstNonUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// gbSequence is the length of the GB18030 sequence that starts at b[0], a
// byte of 0x80 or more: 2 (lead 0x81-0xFE, trail 0x40-0xFE but 0x7F) or 4
// (0x81-0xFE, 0x30-0x39, 0x81-0xFE, 0x30-0x39); 0 when none does.
func gbSequence(b []byte) int {
	if len(b) < 2 || b[0] < 0x81 || b[0] > 0xFE {
		return 0
	}
	switch t := b[1]; {
	case t >= 0x40 && t <= 0xFE && t != 0x7F:
		return 2
	case t >= 0x30 && t <= 0x39 && len(b) >= 4 && b[2] >= 0x81 && b[2] <= 0xFE && b[3] >= 0x30 && b[3] <= 0x39:
		return 4
	}
	return 0
}

// firstNonGB18030 is the offset of the first byte that starts no GB18030
// sequence, -1 when the whole is GB18030.
func firstNonGB18030(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		n := gbSequence(b[i:])
		if n == 0 {
			return i
		}
		i += n
	}
	return -1
}

// plausibleGB18030 is rule 3 of Decode.
func plausibleGB18030(b []byte) bool {
	var c gbCount
	c.add(b)
	return c.plausible()
}

// gbCount holds what rule 3 of Decode counts, added up over a file a
// part at a time (parts cut at line ends, which no sequence spans).
type gbCount struct {
	sequences, gb2312 int
	valid             int  // multi-byte UTF-8 sequences
	broken            bool // a byte that starts no GB18030 sequence
}

func (c *gbCount) add(b []byte) {
	for i := 0; i < len(b) && !c.broken; {
		if b[i] < 0x80 {
			i++
			continue
		}
		n := gbSequence(b[i:])
		if n == 0 {
			c.broken = true
			break
		}
		c.sequences++
		if n == 2 && b[i] >= 0xA1 && b[i+1] >= 0xA1 {
			c.gb2312++
		}
		i += n
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			c.valid++
		}
		i += n
	}
}

func (c *gbCount) plausible() bool {
	return !c.broken && c.gb2312*2 > c.sequences && c.valid*2 < c.sequences
}

// badByte says where the byte at off is: its line, its byte of the line
// (both from 1), its value and the text around it.
func badByte(data []byte, off int) byteSpot {
	return badByteAt(data, off, 0)
}

// badByteAt is badByte in a part of a file that lines lines precede.
func badByteAt(data []byte, off, lines int) byteSpot {
	line := lines + 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	from, to := max(start, off-24), min(len(data), off+24)
	if i := bytes.IndexAny(data[off:to], "\r\n"); i >= 0 {
		to = off + i
	}
	return byteSpot{line, off - start + 1, data[off], string(data[from:to])}
}
