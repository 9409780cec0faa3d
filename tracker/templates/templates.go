// Package templates holds the buyer messages of the complaint workflow
// (DESIGN §5): the step-1 "reassure" message and the step-4 "update" message,
// one text per exception kind and language, filled from the order.
//
// The built-in texts are embedded from builtin/, one file per
// (purpose, kind, language) named PURPOSE.KIND.LANG.txt, for example
// reassure.lost.es.txt. KIND is an exception kind (tracker.ExceptionKinds),
// "generic", the text used when a kind has none of its own, or "delivered",
// the text Compose uses when a parcel a case asks about has been delivered
// after all. A file's first line is "Subject: …"; the rest is the body. Both
// are text/template (plain text, nothing is HTML-escaped) over the fields of
// Data.
//
// Users override or add texts with files of the same names in a folder of
// their own (New's overrideDir). An override may also bring a language that is
// not built in (say "fi"); Render picks it up when asked for that language.
//
// Rendering walks a fallback chain: (kind, lang) → (generic, lang) →
// (kind, en) → (generic, en). Every built-in language has a generic text for
// both purposes, so every (purpose, kind, language) renders.
//
// Compose is how a message is written from what is known of a case (Facts):
// it decides what may be said when the message is written (no date in the
// past, wording that follows the parcel's real status, the solution chosen)
// and renders it through the same texts. Render fills a text from Data as
// given.
package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"waybill/tracker"
)

//go:embed builtin/*.txt
var builtin embed.FS

// The purposes: which step of the complaint a message belongs to.
const (
	PurposeReassure = "reassure" // step 1: calm, specific, says what we are doing
	PurposeUpdate   = "update"   // step 4: a follow-up update to the buyer
)

// Purposes lists every purpose.
var Purposes = []string{PurposeReassure, PurposeUpdate}

// Generic is the kind of the texts used when a kind has no text of its own.
const Generic = "generic"

// Delivered is the key of the texts Compose uses instead of the kind's own
// when the parcel a "where is it" case asks about has been delivered. It is
// no exception kind, but a file may be named for it like one
// (update.delivered.fr.txt), built in or as an override.
const Delivered = "delivered"

// DefaultLanguage is the language of last resort in the fallback chain.
const DefaultLanguage = "en"

// Data is what a template can use. Strings are shown as given (plain text);
// Render makes every field but Note a single line.
type Data struct {
	Buyer       string // buyer's name as on the order; may be empty
	OrderNo     string
	TrackingNo  string
	Carrier     string // carrier display name, e.g. "China Post"
	Status      string // human status label; empty → StatusLabel(StatusCode, lang)
	ETA         string // formatted expected delivery date; empty → from ETADate, else "a date soon"
	TrackingURL string // public tracking page; empty → TrackingURL(CarrierSlug, TrackingNo)
	Seller      string // shop name used to sign the message
	Days        int    // days since the parcel was shipped (0: unknown)
	NextUpdate  string // formatted date of the next follow-up (update messages)
	Note        string // free text the agent adds to an update (may be several lines)

	// Solution is step 3's decision in one or two sentences in the message's
	// language ("We are refunding your order in full: 48,60 EUR."). Texts
	// say it instead of offering the buyer a choice; empty while nothing is
	// decided, or when the decision no longer says anything true (a new
	// date that has passed, "it arrived" in a text that already says so).
	Solution string
	// NoETA says no delivery date makes sense now (the parcel was
	// delivered, is going back, waits at a pickup point, is lost …): a
	// text then neither states a date nor promises one.
	NoETA bool
	// Returned says the parcel is back with the seller (status returned),
	// not still on its way back.
	Returned bool
	// LastMileNo and LastMileCarrier (a display name) are the number the
	// parcel travels under at the destination and its carrier, once a
	// tracking service names them; TrackingURL is then that carrier's page.
	LastMileNo, LastMileCarrier string

	// Sources Render uses to fill the fields above in the message's language
	// when those are empty; templates should use the fields above.
	StatusCode  tracker.Status
	ETADate     time.Time
	CarrierSlug string
}

// Message is a rendered message.
type Message struct {
	Subject  string
	Body     string
	Language string // the language actually used (after the fallback chain)
	Source   string // the file the text came from: "builtin/…" or an override path
}

type key struct{ purpose, kind, lang string }

type entry struct {
	subject, body *template.Template
	source        string
}

// Set is a loaded set of templates. It is safe for concurrent use.
type Set struct {
	entries map[key]entry
	langs   []string // built-in languages, then override-only ones
}

// New loads the built-in templates, then every *.txt file in overrideDir
// (when not empty) on top of them. A missing overrideDir is no error (the
// folder is optional); a broken override file is, naming the file and line.
// Files in overrideDir with other extensions (README.md …) are ignored.
func New(overrideDir string) (*Set, error) {
	s := &Set{entries: map[key]entry{}, langs: slices.Clone(builtinLanguages)}
	files, err := fs.Glob(builtin, "builtin/*.txt")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		src, err := builtin.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := s.add(f, path.Base(f), src); err != nil {
			return nil, fmt.Errorf("built-in template: %w", err)
		}
	}
	for _, p := range Purposes {
		for _, l := range builtinLanguages {
			if _, ok := s.entries[key{p, Generic, l}]; !ok {
				return nil, fmt.Errorf("built-in template %s.%s.%s.txt is missing", p, Generic, l)
			}
		}
	}
	if overrideDir == "" {
		return s, nil
	}
	des, err := os.ReadDir(overrideDir)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	for _, de := range des {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".txt") {
			continue
		}
		p := filepath.Join(overrideDir, de.Name())
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("template override: %w", err)
		}
		if err := s.add(p, de.Name(), src); err != nil {
			return nil, fmt.Errorf("template override: %w", err)
		}
	}
	return s, nil
}

// FileError is a broken template file: its path, the 1-based line (0 when the
// problem is the file as a whole) and what is wrong.
type FileError struct {
	Path string
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

var langRE = regexp.MustCompile(`^[a-z]{2,3}$`)

// validKey reports whether k names a text: an exception kind, Generic or
// Delivered.
func validKey(k string) bool {
	return k == Generic || k == Delivered || slices.Contains(tracker.ExceptionKinds, tracker.ExceptionKind(k))
}

// parseName splits PURPOSE.KIND.LANG.txt.
func parseName(name string) (key, error) {
	parts := strings.Split(strings.TrimSuffix(name, ".txt"), ".")
	if len(parts) != 3 {
		return key{}, fmt.Errorf("file name: want PURPOSE.KIND.LANG.txt (e.g. reassure.lost.es.txt)")
	}
	k := key{parts[0], parts[1], parts[2]}
	if !slices.Contains(Purposes, k.purpose) {
		return key{}, fmt.Errorf("file name: purpose %q: want one of %v", k.purpose, Purposes)
	}
	if !validKey(k.kind) {
		return key{}, fmt.Errorf("file name: kind %q: want %s, %s or one of %v", k.kind, Generic, Delivered, tracker.ExceptionKinds)
	}
	if !langRE.MatchString(k.lang) {
		return key{}, fmt.Errorf("file name: language %q: want a lowercase ISO 639 code such as es", k.lang)
	}
	return k, nil
}

// add parses one template file and stores it, replacing any earlier one.
func (s *Set) add(filePath, name string, src []byte) error {
	k, err := parseName(name)
	if err != nil {
		return &FileError{Path: filePath, Msg: err.Error()}
	}
	text := strings.TrimPrefix(string(src), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	first, rest, _ := strings.Cut(text, "\n")
	label, subj, ok := strings.Cut(first, ":")
	if !ok || !strings.EqualFold(strings.TrimSpace(label), "Subject") {
		return &FileError{Path: filePath, Line: 1, Msg: `the first line must be "Subject: …"`}
	}
	if strings.TrimSpace(subj) == "" {
		return &FileError{Path: filePath, Line: 1, Msg: "the subject is empty"}
	}
	if strings.TrimSpace(rest) == "" {
		return &FileError{Path: filePath, Line: 2, Msg: "the body is empty"}
	}
	e := entry{source: filePath}
	// Both templates carry the file's name, and the body keeps its first
	// line's number (a leading newline stands for the subject line), so
	// text/template's own errors point at the right line of the file.
	if e.subject, err = parse(filePath, subj); err != nil {
		return fileError(filePath, 1, err)
	}
	if e.body, err = parse(filePath, "\n"+rest); err != nil {
		return fileError(filePath, 2, err)
	}
	// Run it once on complete sample data, so an unknown field or a text
	// that renders to nothing fails now and not in front of a buyer; then on
	// data with the other branches' values (no solution, no date, returned),
	// so an unknown field in an {{else}} fails too.
	if _, err := execute(e, sampleData()); err != nil {
		return fileError(filePath, 0, err)
	}
	for _, t := range []*template.Template{e.subject, e.body} {
		if err := t.Execute(io.Discard, otherSampleData()); err != nil {
			return fileError(filePath, 0, err)
		}
	}
	s.entries[k] = e
	if !slices.Contains(s.langs, k.lang) {
		s.langs = append(s.langs, k.lang)
	}
	return nil
}

func parse(name, text string) (*template.Template, error) {
	return template.New(name).Option("missingkey=error").Parse(text)
}

// tmplErrRE finds the line text/template reports: "template: NAME:LINE: …"
// or "template: NAME:LINE:COL: …".
var tmplErrRE = regexp.MustCompile(`^template: .*?:(\d+)(?::\d+)?: (.*)$`)

func fileError(filePath string, line int, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	msg := err.Error()
	if i := strings.Index(msg, "template: "+filePath+":"); i >= 0 {
		msg = msg[i:]
	}
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			line = n
		}
		msg = m[2]
	}
	return &FileError{Path: filePath, Line: line, Msg: msg}
}

func sampleData() Data {
	return Data{
		Buyer: "Sample Buyer", OrderNo: "A-1", TrackingNo: "LX123456789CN", Carrier: "China Post",
		Status: "In transit", ETA: "2026-01-02", TrackingURL: "https://example.com/t", Seller: "Shop",
		Days: 9, NextUpdate: "2026-01-03", Note: "Note.", Solution: "We are refunding your order in full: 12.50 EUR.",
	}
}

// otherSampleData takes the branches sampleData does not: nothing known but
// the order, no date possible, the parcel back with the seller.
func otherSampleData() Data { return Data{OrderNo: "A-1", NoETA: true, Returned: true} }

// Render fills the template for (purpose, kind, lang) from d, walking the
// fallback chain when that exact text does not exist. kind may be empty (a
// case with no exception): the generic text is used. lang is an ISO 639 code
// ("pt", "pt-BR" and "PT" all mean pt); empty means English.
//
// It fails on an unknown purpose or kind, when the template uses a field
// that does not exist, and when the result still holds "{{" or "<no value>"
// or has an empty subject or body.
func (s *Set) Render(purpose string, kind tracker.ExceptionKind, lang string, d Data) (Message, error) {
	if !slices.Contains(Purposes, purpose) {
		return Message{}, fmt.Errorf("templates: purpose %q: want one of %v", purpose, Purposes)
	}
	k := string(kind)
	if k == "" {
		k = Generic
	}
	if !validKey(k) {
		return Message{}, fmt.Errorf("templates: kind %q: want one of %v", kind, tracker.ExceptionKinds)
	}
	return s.render(purpose, k, lang, d)
}

// render is Render for a valid purpose and text key.
func (s *Set) render(purpose, k, lang string, d Data) (Message, error) {
	lang = NormalizeLanguage(lang)
	e, used, ok := s.lookup(purpose, k, lang)
	if !ok {
		return Message{}, fmt.Errorf("templates: no %s template for %s in %s or %s", purpose, k, lang, DefaultLanguage)
	}
	m, err := execute(e, fill(d, used))
	if err != nil {
		return Message{}, fmt.Errorf("templates: %s.%s.%s: %w", purpose, k, used, err)
	}
	m.Language = used
	return m, nil
}

// lookup walks (kind, lang) → (generic, lang) → (kind, en) → (generic, en).
func (s *Set) lookup(purpose, kind, lang string) (entry, string, bool) {
	for _, l := range []string{lang, DefaultLanguage} {
		for _, k := range []string{kind, Generic} {
			if e, ok := s.entries[key{purpose, k, l}]; ok {
				return e, l, true
			}
		}
	}
	return entry{}, "", false
}

// Has reports whether the set has a text of its own for exactly
// (purpose, kind, lang), without the fallback chain.
func (s *Set) Has(purpose string, kind string, lang string) bool {
	_, ok := s.entries[key{purpose, kind, lang}]
	return ok
}

// Languages lists the languages the set can render: the built-in ones, then
// any that only override files bring.
func (s *Set) Languages() []string { return slices.Clone(s.langs) }

// fill derives the empty display fields from their sources, in lang, and
// makes every field but Note a single line.
func fill(d Data, lang string) Data {
	if d.Status == "" && d.StatusCode != "" {
		d.Status = StatusLabel(d.StatusCode, lang)
	}
	if d.ETA == "" && !d.ETADate.IsZero() {
		d.ETA = FormatDate(d.ETADate, lang)
	}
	if d.TrackingURL == "" && d.TrackingNo != "" && d.CarrierSlug != "" {
		d.TrackingURL = TrackingURL(d.CarrierSlug, d.TrackingNo)
	}
	for _, f := range []*string{&d.Buyer, &d.OrderNo, &d.TrackingNo, &d.Carrier, &d.Status,
		&d.ETA, &d.TrackingURL, &d.Seller, &d.NextUpdate, &d.Solution, &d.LastMileNo, &d.LastMileCarrier} {
		*f = tracker.OneLine(*f, 0)
	}
	d.Note = strings.TrimSpace(strings.ReplaceAll(d.Note, "\r\n", "\n"))
	return d
}

func execute(e entry, d Data) (Message, error) {
	var sb, bb bytes.Buffer
	if err := e.subject.Execute(&sb, d); err != nil {
		return Message{}, err
	}
	if err := e.body.Execute(&bb, d); err != nil {
		return Message{}, err
	}
	m := Message{Subject: tracker.OneLine(sb.String(), 0), Body: tidy(bb.String()), Source: e.source}
	if m.Subject == "" {
		return Message{}, errors.New("the subject renders empty")
	}
	if m.Body == "" {
		return Message{}, errors.New("the body renders empty")
	}
	// Placeholders that come from the data itself are not the template's fault.
	values := strings.Join([]string{d.Buyer, d.OrderNo, d.TrackingNo, d.Carrier, d.Status, d.ETA,
		d.TrackingURL, d.Seller, d.NextUpdate, d.Note, d.Solution, d.LastMileNo, d.LastMileCarrier}, "\n")
	for _, bad := range []string{"{{", "}}", "<no value>"} {
		if strings.Contains(m.Subject+m.Body, bad) && !strings.Contains(values, bad) {
			return Message{}, fmt.Errorf("the message still holds %q (a placeholder was left unfilled)", bad)
		}
	}
	return m, nil
}

// tidy trims trailing spaces from every line, keeps at most one blank line in
// a row, and trims the text.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// Keys lists every (purpose, kind, language) the set holds a text for, as
// file names (PURPOSE.KIND.LANG.txt), sorted. Useful to show what can be
// overridden.
func (s *Set) Keys() []string {
	out := make([]string, 0, len(s.entries))
	for k := range s.entries {
		out = append(out, k.purpose+"."+k.kind+"."+k.lang+".txt")
	}
	sort.Strings(out)
	return out
}
