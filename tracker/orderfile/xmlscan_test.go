package orderfile

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// xmlEvents writes a part's tokens one a line, adjacent texts merged
// (encoding/xml returns a CDATA section apart from the text around it),
// comments and processing instructions left out.
func xmlEvents(tokens []string) string {
	var out []string
	for _, t := range tokens {
		if strings.HasPrefix(t, "text ") && len(out) > 0 && strings.HasPrefix(out[len(out)-1], "text ") {
			out[len(out)-1] += t[len("text "):]
			continue
		}
		out = append(out, t)
	}
	return strings.Join(out, "\n")
}

// stdEvents reads data with encoding/xml; ok is false when it fails or
// meets a directive (a DTD, which the scanner refuses).
func stdEvents(data []byte) (string, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var tokens []string
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return xmlEvents(tokens), true
		}
		if err != nil {
			return "", false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s := "start " + t.Name.Local
			for _, a := range t.Attr {
				s += fmt.Sprintf(" %s=%q", a.Name.Local, a.Value)
			}
			tokens = append(tokens, s)
		case xml.EndElement:
			tokens = append(tokens, "end "+t.Name.Local)
		case xml.CharData:
			if len(t) > 0 {
				tokens = append(tokens, "text "+string(t))
			}
		case xml.Directive:
			return "", false
		}
	}
}

func scanEvents(data []byte) (string, error) {
	s := newXMLScanner(bytes.NewReader(data), "part.xml")
	var tokens []string
	for {
		tok, err := s.next()
		if errors.Is(err, io.EOF) {
			return xmlEvents(tokens), nil
		}
		if err != nil {
			return "", err
		}
		switch tok {
		case xmlStart:
			t := "start " + string(s.local)
			for _, a := range s.attrs {
				t += fmt.Sprintf(" %s=%q", a.local, a.value)
			}
			tokens = append(tokens, t)
		case xmlEnd:
			tokens = append(tokens, "end "+string(s.local))
		case xmlText:
			tokens = append(tokens, "text "+string(s.text))
		}
	}
}

// The scanner reads every part encoding/xml reads (a DTD aside) into the
// same elements, attributes and text.
func TestXMLScannerReadsAsEncodingXML(t *testing.T) {
	long := strings.Repeat("x", 200<<10) // past bufio's buffer
	for _, doc := range []string{
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2"><si><t>订单号</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">a </t></r><r><t>b</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></si></sst>`,
		`<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1" t='inlineStr'><x:is><x:t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233; &#x4E2D;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
		"<a b=\"x>y\" c='\"'>line\r\nend\rx<!-- a > comment --><![CDATA[<raw> & ]] \r\n]]>tail</a >",
		"<a>" + long + "</a><b c=\"" + long + "\"/>",
		`<a><b/><c></c><?pi data > more?></a>`,
		`<a b = "1"  c="&#10;&#13;"/>`,
	} {
		want, ok := stdEvents([]byte(doc))
		if !ok {
			t.Fatalf("encoding/xml does not read %.80q", doc)
		}
		got, err := scanEvents([]byte(doc))
		if err != nil {
			t.Fatalf("scanner: %v on %.80q", err, doc)
		}
		if got != want {
			t.Errorf("scanner read %.200q\nencoding/xml %.200q", got, want)
		}
	}
}

func TestXMLScannerRefuses(t *testing.T) {
	for _, tt := range []struct{ doc, want string }{
		{`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`, "DTD"},
		{`<a>&x;</a>`, "unknown entity"},
		{`<a>&#xZZ;</a>`, "bad character reference"},
		{`<a b="<">`, "'<' in attribute"},
		{`<a b=c>`, "without quotes"},
		{`<a b="c`, "ends inside a tag"},
		{"<a>" + strings.Repeat("x", maxRun+1) + "</a>", "longer than 1 MB"},
		{"<a b=\"" + strings.Repeat(">", maxRun+1) + "\"/>", "longer than 1 MB"},
	} {
		_, err := scanEvents([]byte(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%.40q: error %v, want %q", tt.doc, err, tt.want)
		}
	}
}

// FuzzXMLScanner: whatever encoding/xml reads, the scanner reads alike
// (or refuses, for a DTD); nothing makes it panic or loop.
func FuzzXMLScanner(f *testing.F) {
	f.Add([]byte(`<a b="1"><c>x&amp;y</c><!--c--><![CDATA[z]]></a>`))
	f.Add([]byte("<r:a r:b='2'>\r\n<d/></r:a>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := scanEvents(data)
		want, ok := stdEvents(data)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("encoding/xml reads %q, the scanner says %v", data, err)
		}
		if got != want {
			t.Fatalf("%q:\nscanner      %q\nencoding/xml %q", data, got, want)
		}
	})
}
