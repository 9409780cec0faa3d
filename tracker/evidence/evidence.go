// Package evidence writes a case's evidence bundle: one ZIP with a PDF
// summary a person at a marketplace or a carrier's claims desk reads
// (summary.pdf), the same facts for machines (timeline.csv, case.json),
// and every file the case names as evidence, each with its SHA-256 so a
// later change is visible. The command line (`waybill case bundle`) and
// the screen's case view both write bundles here.
package evidence

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"waybill/tracker"
)

// Options say how a bundle is written.
type Options struct {
	// Font is the TrueType font file the PDF is set in (FindFont).
	Font string
	// BaseDir is where relative evidence paths are read from; "": the
	// current directory.
	BaseDir string
}

// MaxFileSize bounds one evidence file copied in: a photo or a scanned
// receipt is far smaller, and a bundle must stay small enough to upload
// to a dispute page.
const MaxFileSize = 64 << 20

// File is one evidence file the case names.
type File struct {
	Path   string // as the case names it
	Name   string // its name in the ZIP, under evidence/; "" when missing
	Size   int64
	SHA256 string // hex; "" when missing
	// Missing says why the file is not in the bundle ("" when it is):
	// gone, unreadable, not a regular file, too large.
	Missing string
}

// Result is what a bundle holds.
type Result struct {
	Path  string // where it was written ("" when written to a stream)
	Files []File // every evidence file the case names, in its order
	Font  string // the font the PDF is set in
}

// Missing are the evidence files that are not in the bundle.
func (r Result) Missing() []File {
	var out []File
	for _, f := range r.Files {
		if f.Missing != "" {
			out = append(out, f)
		}
	}
	return out
}

// Names of the bundle's own entries.
const (
	SummaryName  = "summary.pdf"
	TimelineName = "timeline.csv"
	CaseName     = "case.json"
	EvidenceDir  = "evidence/"
)

// DefaultName is the bundle's file name when none is given: the case id
// and the order number, with anything a file system or a shell minds
// replaced.
func DefaultName(b tracker.CaseBundle) string {
	name := "case-" + strconv.FormatInt(b.Case.ID, 10)
	if no := safeName(b.Order.OrderNo, 40); no != "" {
		name += "-order-" + no
	}
	return name + "-" + string(b.Audience) + ".zip"
}

// WriteFile writes the bundle to path, which must not exist: a bundle
// already handed to a claims desk is never overwritten. Nothing is left
// at path when writing fails.
func WriteFile(path string, b tracker.CaseBundle, opt Options) (Result, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return Result{}, tracker.Wrapf(errBundleExists, path)
	}
	if err != nil {
		return Result{}, tracker.Wrapf(errBundle, path, err)
	}
	res, err := Write(f, b, opt)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = tracker.Wrapf(errBundle, path, cerr)
	}
	if err != nil {
		os.Remove(path)
		return Result{}, err
	}
	res.Path = path
	return res, nil
}

// Write writes the bundle as a ZIP to w. The evidence files go first, each
// hashed as it is copied, so the SHA-256 the PDF and case.json give is
// that of the bytes in the bundle; then case.json, timeline.csv and
// summary.pdf. A missing evidence file is no error: it is named in
// Result, in case.json and in the PDF.
func Write(w io.Writer, b tracker.CaseBundle, opt Options) (Result, error) {
	font, err := os.ReadFile(opt.Font)
	if opt.Font == "" || err != nil {
		if opt.Font == "" {
			err = ErrNoFont
		}
		return Result{}, tracker.Wrapf(errBundleFont, b.Case.ID, err)
	}
	if err := fontKind(font[:min(4, len(font))]); err != nil {
		return Result{}, tracker.Wrapf(errBundleFontAt, b.Case.ID, FontKey, opt.Font, err)
	}
	var latin []byte
	if p := latinFont(); p != "" {
		if latin, err = os.ReadFile(p); err != nil {
			return Result{}, tracker.Wrapf(errBundleFont, b.Case.ID, err)
		}
	}
	b = b.Withheld()
	res := Result{Font: opt.Font}
	zw := zip.NewWriter(w)
	for i, p := range b.Evidence {
		f, err := addEvidence(zw, b.MadeAt, i, p, opt.BaseDir)
		if err != nil {
			return Result{}, tracker.Wrapf(errBundleFile, b.Case.ID, p, err)
		}
		res.Files = append(res.Files, f)
	}
	doc, err := caseJSON(b, res.Files)
	if err != nil {
		return Result{}, fmt.Errorf("bundle of case %d: %s: %w", b.Case.ID, CaseName, err)
	}
	var csv bytes.Buffer
	if err := timelineCSV(&csv, b); err != nil {
		return Result{}, fmt.Errorf("bundle of case %d: %s: %w", b.Case.ID, TimelineName, err)
	}
	var pdf bytes.Buffer
	if err := summaryPDF(&pdf, b, res.Files, font, latin); err != nil {
		return Result{}, fmt.Errorf("bundle of case %d: %s: %w", b.Case.ID, SummaryName, err)
	}
	for _, e := range []struct {
		name string
		data []byte
	}{{SummaryName, pdf.Bytes()}, {TimelineName, csv.Bytes()}, {CaseName, doc}} {
		if err := addBytes(zw, e.name, b.MadeAt, e.data); err != nil {
			return Result{}, fmt.Errorf("bundle of case %d: %s: %w", b.Case.ID, e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return Result{}, fmt.Errorf("bundle of case %d: %w", b.Case.ID, err)
	}
	return res, nil
}

func addBytes(zw *zip.Writer, name string, at time.Time, data []byte) error {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at}
	fw, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = fw.Write(data)
	return err
}

// addEvidence copies evidence file number i (path p) into the ZIP under
// evidence/, hashing it on the way. A file that cannot be read is
// returned as missing, with why; only a failure to write the ZIP is an
// error.
func addEvidence(zw *zip.Writer, at time.Time, i int, p, base string) (File, error) {
	f := File{Path: p}
	full := p
	if !filepath.IsAbs(full) && base != "" {
		full = filepath.Join(base, full)
	}
	in, err := os.Open(full)
	if err != nil {
		f.Missing = whyMissing(err)
		return f, nil
	}
	defer in.Close()
	st, err := in.Stat()
	switch {
	case err != nil:
		f.Missing = whyMissing(err)
		return f, nil
	case !st.Mode().IsRegular():
		// A device or a pipe named by mistake (or on purpose) would never
		// end, or block the bundle.
		f.Missing = "not a regular file"
		return f, nil
	case st.Size() > MaxFileSize:
		f.Missing = fmt.Sprintf("%d MB, larger than the %d MB a bundle takes", st.Size()>>20, MaxFileSize>>20)
		return f, nil
	}
	f.Name = fmt.Sprintf("%s%02d-%s", EvidenceDir, i+1, safeName(filepath.Base(p), 80))
	// Photos are compressed already: stored, not deflated again.
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store, Modified: at})
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(fw, h), io.LimitReader(in, MaxFileSize+1))
	if err != nil {
		// Reading failed half way: the entry holds part of it. The bundle
		// cannot be trusted as it is.
		return File{}, fmt.Errorf("copy %s: %w", full, err)
	}
	f.Size, f.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	return f, nil
}

func whyMissing(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// safeName keeps letters, digits, dot, dash and underscore of s, at most
// n runes: a name for the ZIP and the file system that no unzip tool
// reads as a path and no shell as a command.
func safeName(s string, n int) string {
	var out []rune
	for _, r := range s {
		switch {
		case len(out) >= n:
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)), r == '.', r == '-', r == '_':
			out = append(out, r)
		default:
			out = append(out, '_')
		}
	}
	return strings.TrimLeft(string(out), ".")
}
