package orderfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// Delimiter guesses the separator from the first line (outside quotes): the
// most frequent of , ; tab and |, comma when none occurs.
func Delimiter(text []byte) rune {
	var counts [256]int
	quoted := false
	// Byte by byte: every rune that counts is ASCII, and string(text)
	// would copy the whole file to read its first line.
	for _, c := range text {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted {
			counts[c]++
		}
	}
	best, n := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		if counts[byte(d)] > n {
			best, n = d, counts[byte(d)]
		}
	}
	return best
}

// ParseCSV reads delimited text (see Decode and Delimiter).
func ParseCSV(data []byte, opt Options) (*Result, error) {
	text, err := Decode(data, opt.Encoding)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = Delimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	var rows []row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fileErr(fileNotCSV, err)
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			// Nothing to check, and nothing to hold: a file of
			// ",,,,\n" lines is millions of them.
			continue
		}
		if len(rows) >= maxRows {
			return nil, fileErr(fileTooManyRows, line, maxRows)
		}
		rows = append(rows, row{line: line, cells: rec})
	}
	return build(rows, opt, false)
}
