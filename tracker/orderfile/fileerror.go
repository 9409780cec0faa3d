package orderfile

import "waybill/tracker"

// FileError is a problem with the whole file (no header, unreadable XLSX,
// not UTF-8, too many rows). Its Error is the English, as the command
// line and the English screen print it; it keeps the format it was made
// from and its values (Phrased), so a screen in another language says it
// in its reader's words.
type FileError struct {
	Msg    string
	phrase tracker.Phrase
}

func (e *FileError) Error() string { return e.Msg }

// Phrased is the problem as the Phrase it was made from; text as it is
// when it was made without one.
func (e *FileError) Phrased() tracker.Phrase {
	if e.phrase.Format == "" || e.phrase.String() != e.Msg {
		return tracker.Text(e.Msg)
	}
	return e.phrase
}

// fileErr is a FileError of format and its values.
func fileErr(format string, args ...any) *FileError {
	p := tracker.Phrase{Format: format, Args: args}
	return &FileError{Msg: p.String(), phrase: p}
}

// The problems with a whole file, by their English format. A nested
// error (the CSV reader's, the XLSX reader's) is a value and stays as its
// reader wrote it; the header's cells and the field names are values too.
const (
	fileEmpty       = "the file is empty: want a header row and one row per parcel"
	fileNotCSV      = "not readable as CSV: %v"
	fileTooManyRows = "refused as CSV: line %d: more than %d rows, the limit: split the file"
	fileLongLine    = "line %d is longer than %d MB: not an order file"
	fileXLSXRefused = "refused as XLSX: %v"
	fileNotXLSX     = "not readable as XLSX: %v"
	fileEncoding    = "encoding %q: want one of %s"
	fileNotDecoded  = "the file does not decode: %v"
	// A byte the encoding refuses: its line, its byte of the line, its
	// value, the text around it, and why (one of the notUTF8… Hints).
	fileBadByte      = "line %d, byte %d: 0x%02X in %q %s"
	notUTF8Said      = "is not UTF-8, which --encoding utf-8 says the file is"
	notGB18030Said   = "starts no GB18030 character, which --encoding gb18030 says the file is"
	notUTF8NorGB     = "is not UTF-8, and the file is not GB18030 Chinese text either: save it as UTF-8, or import it with waybill import --encoding latin1 (or windows-1252, gb18030)"
	fileNotAField    = "import.columns: %q is not a field (want one of %s)"
	fileNoSuchColumn = "import.columns: %s = %q, but the file has no such column (it has %s)"
	fileNoOrderNo    = "no order number column: name one %s, or map it with [import.columns] order_no = \"…\" (the header is %s)"
)

// FileErrorFormats are the formats of a FileError and the reasons a bad
// byte is given, for the catalog's test: each must be in the catalog.
func FileErrorFormats() []string {
	return append([]string{fileEmpty, fileNotCSV, fileTooManyRows, fileLongLine, fileXLSXRefused, fileNotXLSX,
		fileEncoding, fileNotDecoded, fileBadByte, notUTF8Said, notGB18030Said, notUTF8NorGB,
		fileNotAField, fileNoSuchColumn, fileNoOrderNo}, xlsxFormats()...)
}

// byteSpot is where a refused byte is (badByteAt): line, byte of the line,
// the byte and the text around it, fileBadByte's first values.
type byteSpot []any

// badByteErr is the FileError of a byte at spot, refused for why.
func badByteErr(spot byteSpot, why string) *FileError {
	return fileErr(fileBadByte, append(append([]any(nil), spot...), tracker.Hint(why))...)
}
