package orderfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner reads the XML of a workbook part as start tags, end tags and
// text, for the XLSX reader. encoding/xml reads a byte at a time and
// allocates names and attributes for every token: 25 MB of XML a second,
// four seconds for the sheet of a 100,000-row export. This reads a text or
// a tag at a time (bufio's ReadSlice finds the next '<' or '>') into
// buffers it reuses, an order of magnitude faster.
//
// It reads the XML that spreadsheets write: elements, attributes in either
// quote, the five predefined entities and character references, comments,
// CDATA sections and processing instructions; \r\n and \r in text become
// \n as XML says. A DTD is refused (no workbook has one, and entities it
// declares are how XML bombs expand). What it reads it reads as
// encoding/xml's RawToken does, which FuzzXMLScanner checks; it checks
// less (names, UTF-8 and character ranges are the validator's business,
// cell by cell).
//
// No text or tag may run longer than maxRun bytes: that is all it ever
// buffers.
type xmlScanner struct {
	r    *bufio.Reader
	part string // for errors

	acc    []byte // a text or tag longer than bufio's buffer
	tagBuf []byte // a tag whose '>' was not its end (in quotes, in a comment)
	text   []byte // the text token, decoded
	local  []byte // the element's local name (after any prefix)
	attrs  []xmlAttr
	inTag  bool // a '<' was read: a tag comes next
	closed bool // the last start tag was <…/>: its end comes next
}

type xmlAttr struct {
	local, value []byte // value decoded
}

type xmlToken int

const (
	xmlText xmlToken = iota + 1
	xmlStart
	xmlEnd
)

func newXMLScanner(r io.Reader, part string) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, 64<<10), part: part}
}

func (s *xmlScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", s.part, fmt.Sprintf(format, args...))
}

// next reads the next token: its text (s.text) or its element's local
// name (s.local) and attributes (attr) stay valid until the next call.
// The end of the part is io.EOF.
func (s *xmlScanner) next() (xmlToken, error) {
	for {
		if s.closed {
			s.closed = false
			return xmlEnd, nil
		}
		if !s.inTag {
			b, err := s.readSlice('<')
			if err != nil && !errors.Is(err, io.EOF) {
				return 0, err
			}
			s.inTag = err == nil
			if s.inTag {
				b = b[:len(b)-1]
			}
			if len(b) > 0 {
				if s.text, err = s.decode(s.text[:0], b); err != nil {
					return 0, err
				}
				return xmlText, nil
			}
			if !s.inTag {
				return 0, io.EOF
			}
		}
		s.inTag = false
		tag, err := s.readTag()
		if err != nil {
			return 0, err
		}
		tag = tag[:len(tag)-1] // the '>'
		switch {
		case bytes.HasPrefix(tag, []byte("!--")), tag[0] == '?':
			continue // a comment or a processing instruction
		case bytes.HasPrefix(tag, []byte("![CDATA[")):
			// Raw text; only line ends change.
			if s.text = s.lines(s.text[:0], tag[len("![CDATA["):len(tag)-2]); len(s.text) == 0 {
				continue
			}
			return xmlText, nil
		case tag[0] == '!':
			return 0, s.errorf("a DTD or <! declaration, which no workbook has")
		case tag[0] == '/':
			name := bytes.TrimRight(tag[1:], " \t\r\n")
			if len(name) == 0 || bytes.ContainsAny(name, " \t\r\n") {
				return 0, s.errorf("bad end tag <%.40s>", tag)
			}
			s.local = localName(name)
			return xmlEnd, nil
		}
		if err := s.startTag(tag); err != nil {
			return 0, err
		}
		return xmlStart, nil
	}
}

// readSlice is bufio's ReadSlice, growing past its buffer up to maxRun.
func (s *xmlScanner) readSlice(delim byte) ([]byte, error) {
	b, err := s.r.ReadSlice(delim)
	if !errors.Is(err, bufio.ErrBufferFull) {
		return b, err
	}
	s.acc = append(s.acc[:0], b...)
	for {
		b, err = s.r.ReadSlice(delim)
		if len(s.acc)+len(b) > maxRun {
			return nil, limitf(limitRun, s.part, megabytes(maxRun))
		}
		s.acc = append(s.acc, b...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return s.acc, err
		}
	}
}

// readTag reads what follows a '<' up to the '>' that ends it: not one in
// quotes, a comment, a CDATA section or a processing instruction.
func (s *xmlScanner) readTag() ([]byte, error) {
	b, err := s.readSlice('>')
	if err != nil {
		return nil, s.eof(err)
	}
	var quote byte
	end := func(b []byte, from int) bool {
		switch {
		case len(b) == 0:
			return false
		case bytes.HasPrefix(b, []byte("!--")):
			return len(b) >= len("!---->") && bytes.HasSuffix(b, []byte("-->"))
		case bytes.HasPrefix(b, []byte("![CDATA[")):
			return len(b) >= len("![CDATA[]]>") && bytes.HasSuffix(b, []byte("]]>"))
		case b[0] == '?':
			return len(b) >= len("??>") && bytes.HasSuffix(b, []byte("?>"))
		case b[0] == '!':
			return true // refused by the caller
		}
		for _, c := range b[from : len(b)-1] {
			switch {
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case c == quote:
				quote = 0
			}
		}
		return quote == 0
	}
	if len(b) == 1 {
		return nil, s.errorf("an empty tag <>")
	}
	if end(b, 0) {
		return b, nil
	}
	s.tagBuf = append(s.tagBuf[:0], b...)
	for {
		from := len(s.tagBuf) - 1 // the '>' that did not end it
		b, err := s.readSlice('>')
		if err != nil {
			return nil, s.eof(err)
		}
		if len(s.tagBuf)+len(b) > maxRun {
			return nil, limitf(limitRun, s.part, megabytes(maxRun))
		}
		s.tagBuf = append(s.tagBuf, b...)
		if end(s.tagBuf, from) {
			return s.tagBuf, nil
		}
	}
}

func (s *xmlScanner) eof(err error) error {
	if errors.Is(err, io.EOF) {
		return s.errorf("the XML ends inside a tag")
	}
	return err
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// localName drops a namespace prefix, as encoding/xml does: only when the
// name has one colon with something on each side.
func localName(name []byte) []byte {
	i := bytes.IndexByte(name, ':')
	if i > 0 && i < len(name)-1 && bytes.IndexByte(name[i+1:], ':') < 0 {
		return name[i+1:]
	}
	return name
}

// startTag reads "name attr="v" …" or "name …/".
func (s *xmlScanner) startTag(tag []byte) error {
	if tag[len(tag)-1] == '/' {
		s.closed = true
		tag = tag[:len(tag)-1]
	}
	i := 0
	for i < len(tag) && !isSpace(tag[i]) {
		i++
	}
	if i == 0 {
		return s.errorf("a tag without a name")
	}
	s.local = localName(tag[:i])
	s.attrs = s.attrs[:0]
	for {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i == len(tag) {
			return nil
		}
		start := i
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) {
			i++
		}
		name := tag[start:i]
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i == len(tag) || tag[i] != '=' {
			return s.errorf("attribute %q of <%s> without a value", name, s.local)
		}
		i++
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i == len(tag) || tag[i] != '"' && tag[i] != '\'' {
			return s.errorf("attribute %q of <%s> without quotes", name, s.local)
		}
		q := tag[i]
		j := bytes.IndexByte(tag[i+1:], q)
		if j < 0 {
			return s.errorf("attribute %q of <%s> without its closing quote", name, s.local)
		}
		raw := tag[i+1 : i+1+j]
		i += j + 2
		if bytes.IndexByte(raw, '<') >= 0 {
			return s.errorf("a '<' in attribute %q of <%s>", name, s.local)
		}
		var a xmlAttr
		if n := len(s.attrs); n < cap(s.attrs) {
			a = s.attrs[:n+1][n] // reuse its value buffer
		}
		var err error
		if a.value, err = s.decode(a.value[:0], raw); err != nil {
			return err
		}
		a.local = localName(name)
		s.attrs = append(s.attrs, a)
	}
}

// attr is the value of the start tag's attribute of that local name.
func (s *xmlScanner) attr(local string) []byte {
	for _, a := range s.attrs {
		if string(a.local) == local {
			return a.value
		}
	}
	return nil
}

// decode appends text with its entities and character references
// replaced and its line ends made \n.
func (s *xmlScanner) decode(dst, src []byte) ([]byte, error) {
	for {
		i := bytes.IndexByte(src, '&')
		if i < 0 {
			return s.lines(dst, src), nil
		}
		dst = s.lines(dst, src[:i])
		src = src[i+1:]
		j := bytes.IndexByte(src, ';')
		if j < 0 {
			return nil, s.errorf("an & that starts no entity")
		}
		ent := src[:j]
		src = src[j+1:]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			base, digits := 10, []byte(nil)
			switch {
			case bytes.HasPrefix(ent, []byte("#x")):
				base, digits = 16, ent[2:]
			case bytes.HasPrefix(ent, []byte("#")):
				digits = ent[1:]
			default:
				return nil, s.errorf("unknown entity &%s;", ent)
			}
			n, err := strconv.ParseUint(string(digits), base, 32)
			if err != nil || len(digits) == 0 || digits[0] == '+' || digits[0] == '-' || n > utf8.MaxRune {
				return nil, s.errorf("bad character reference &%s;", ent)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
}

// lines appends src with \r\n and \r made \n.
func (s *xmlScanner) lines(dst, src []byte) []byte {
	for {
		i := bytes.IndexByte(src, '\r')
		if i < 0 {
			return append(dst, src...)
		}
		dst = append(append(dst, src[:i]...), '\n')
		src = src[i+1:]
		if len(src) > 0 && src[0] == '\n' {
			src = src[1:]
		}
	}
}
