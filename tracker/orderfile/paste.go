package orderfile

import (
	"strconv"
	"strings"
	"time"

	"waybill/tracker"
	"waybill/tracker/number"
)

// A pasted list has one parcel a line: a tracking number alone, or an
// order number and a tracking number beside it, split by a tab, a
// semicolon, a comma or spaces, in either order. The detector decides
// which of the two is the tracking number. The screen's paste and
// `waybill paste` read a list here, alike.

// Bounds of one paste: past them the rest is left out, and the reader
// counts what it left.
const (
	MaxPasteLines = 20000
	MaxPasteBytes = 4 << 20
	MaxPasteValue = 64  // runes of an order number kept for display and storage
	maxPasteLine  = 256 // bytes of a line worth reading
)

// Verdict is what will become of a pasted line.
type Verdict int

const (
	PasteOK        Verdict = iota // added
	PasteUntracked                // added, though no carrier will report it
	PasteInvalid                  // does not validate: skipped unless forced
	PasteDuplicate                // an earlier line has the number: skipped
	PasteStored                   // the store has the number: skipped
	PasteBad                      // no number could be read from the line
	Verdicts                      // how many verdicts there are
)

// verdictNames are the verdicts as a person reads them.
var verdictNames = [Verdicts]string{"ok", "untracked", "invalid", "duplicate", "already stored", "unreadable"}

// String is the verdict as the screen's paste sheet and `waybill paste`
// show it.
func (v Verdict) String() string {
	if v < 0 || v >= Verdicts {
		return "verdict " + strconv.Itoa(int(v))
	}
	return verdictNames[v]
}

// PasteLine is one line of a paste, checked.
type PasteLine struct {
	Line        int    // in the paste, from 1
	OrderNo     string // sanitized; "" when the line has only a number
	Tracking    string // normalized
	Carrier     string
	Confidence  float64
	Verdict     Verdict
	Why         string   // for a person: what the detector said, which line it repeats
	Suggestions []string // corrections of a mistyped number

	why  tracker.Phrase // Why as its format (paste…), when it is ours, not the detector's
	note string         // the detector's note alone, where Why puts suggestions before it
}

// Note is the detector's note on the line's number, without the
// suggestions Why puts before it on a number that does not validate: a
// screen in another language says the suggestions and the note in its
// own words.
func (l PasteLine) Note() string { return l.note }

// WhyPhrased is Why as the Phrase it was made from, so a screen in
// another language says it in its words; ok false for the detector's note
// (a screen reads that by its own forms) and for no reason.
func (l PasteLine) WhyPhrased() (tracker.Phrase, bool) {
	return l.why, l.why.Format != "" && l.why.String() == l.Why
}

// setWhy sets Why by format and its values.
func (l *PasteLine) setWhy(format string, args ...any) {
	l.why = tracker.Phrase{Format: format, Args: args}
	l.Why = l.why.String()
}

// A paste line's reasons of our own, by their English format.
const (
	pasteDuplicate = "same number as line %d"
	pasteTooLong   = "too long for an order number and a tracking number"
	pasteValues    = "%d values: want a tracking number, or an order number and a tracking number"
	pasteNoNumber  = "no tracking number"
	pasteSame      = "the order number and the tracking number are the same"
	pasteStored    = "already stored"
)

// PasteWhyFormats are the formats above, for the catalog's test.
func PasteWhyFormats() []string {
	return []string{pasteDuplicate, pasteTooLong, pasteValues, pasteNoNumber, pasteSame, pasteStored}
}

// Adds reports whether the line is written, with force or without.
func (l PasteLine) Adds(force bool) bool {
	return l.Verdict == PasteOK || l.Verdict == PasteUntracked || force && l.Verdict == PasteInvalid
}

// PasteLines counts the non-blank lines of a paste, cheaply, to decide
// between the add form (one line) and the paste sheet (many).
func PasteLines(text string) int {
	n := 0
	for l := range strings.Lines(newlines(text)) {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

// newlines makes every line break a \n: terminals (and tmux) paste lines
// ended by \r.
func newlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// ReadPaste splits and detects every line and marks the repeats; it does
// no I/O.
func ReadPaste(text string) (lines []PasteLine, cut int) {
	if len(text) > MaxPasteBytes {
		// Cut at a line break, so no half number is read.
		end := strings.LastIndexByte(text[:MaxPasteBytes], '\n')
		cut += PasteLines(text[max(0, end):])
		text = text[:max(0, end)]
	}
	text = newlines(text)
	first := map[string]int{} // tracking number → the line that had it first
	n := 0
	for raw := range strings.Lines(text) {
		n++
		if strings.TrimSpace(raw) == "" {
			continue
		}
		if len(lines) >= MaxPasteLines {
			cut++
			continue
		}
		l := readPasteLine(n, raw)
		if l.Verdict != PasteBad {
			if at, ok := first[l.Tracking]; ok {
				l.Verdict = PasteDuplicate
				l.setWhy(pasteDuplicate, at)
			} else {
				first[l.Tracking] = n
			}
		}
		lines = append(lines, l)
	}
	return lines, cut
}

// readPasteLine reads one non-blank line.
func readPasteLine(n int, raw string) PasteLine {
	s := strings.TrimSpace(raw)
	l := PasteLine{Line: n}
	if len(s) > maxPasteLine {
		l.Verdict, l.OrderNo = PasteBad, bounded(s)
		l.setWhy(pasteTooLong)
		return l
	}
	var parts []string
	spaced := false
	switch {
	case strings.Contains(s, "\t"):
		parts = strings.Split(s, "\t")
	case strings.Contains(s, ";"):
		parts = strings.Split(s, ";")
	case strings.Contains(s, ","):
		parts = strings.Split(s, ",")
	default:
		spaced = true
		parts = strings.Fields(s)
	}
	parts = nonEmpty(parts)
	var order string
	var det number.Result
	switch {
	case spaced && len(parts) > 1:
		// "RR 123 456 785 CN" is one number written in groups.
		if whole := number.Detect(s); whole.Valid || len(parts) > 2 {
			det = whole
			break
		}
		order, det = pickTracking(parts[0], parts[1])
	case len(parts) == 1:
		det = number.Detect(parts[0])
	case len(parts) == 2:
		order, det = pickTracking(parts[0], parts[1])
	default:
		l.Verdict = PasteBad
		l.OrderNo = bounded(s)
		l.setWhy(pasteValues, len(parts))
		return l
	}
	l.OrderNo = bounded(order)
	l.Tracking = tracker.Sanitize(det.Number)
	l.Carrier = det.Carrier
	if len(det.Candidates) > 0 {
		l.Confidence = det.Candidates[0].Confidence
	}
	l.Suggestions = det.Suggestions
	l.Why = tracker.Sanitize(det.Note)
	l.note = l.Why
	switch {
	case det.Number == "":
		l.Verdict = PasteBad
		l.setWhy(pasteNoNumber)
	case order != "" && number.Normalize(order) == det.Number:
		l.Verdict = PasteBad
		l.setWhy(pasteSame)
	case !det.Valid:
		l.Verdict = PasteInvalid
		if len(l.Suggestions) > 0 {
			l.Why = "did you mean " + strings.Join(l.Suggestions, " or ") + "? " + l.Why
		}
	case !det.Tracked:
		l.Verdict = PasteUntracked
	default:
		l.Verdict = PasteOK
	}
	return l
}

// pickTracking decides which of two values is the tracking number: the
// one the detector likes better; on a tie, the second, as exports put
// the order first.
func pickTracking(a, b string) (order string, det number.Result) {
	da, db := number.Detect(a), number.Detect(b)
	if trackScore(da) > trackScore(db) {
		return b, da
	}
	return a, db
}

// trackScore ranks how much a value looks like a tracking number: valid,
// then a recognized format with a wrong check digit, then unknown, and
// least what the detector calls an order number.
func trackScore(r number.Result) float64 {
	conf := 0.0
	if len(r.Candidates) > 0 {
		conf = r.Candidates[0].Confidence
	}
	switch {
	case r.Valid:
		return 3 + conf
	case r.Checksum == number.ChecksumBad:
		return 2 + conf
	case strings.Contains(r.Note, "order number"):
		return 0
	}
	return 1
}

func nonEmpty(parts []string) []string {
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// bounded makes outside text safe to show and store: sanitized, at most
// MaxPasteValue runes.
func bounded(s string) string {
	s = strings.TrimSpace(tracker.Sanitize(s))
	if r := []rune(s); len(r) > MaxPasteValue {
		s = string(r[:MaxPasteValue])
	}
	return s
}

// PasteOrders groups the lines that are written into orders, in the order
// they came; lines without an order number go to bare.
func PasteOrders(lines []PasteLine, bare string, force bool, t time.Time) []tracker.OrderDetail {
	var out []tracker.OrderDetail
	at := map[string]int{}
	for _, l := range lines {
		if !l.Adds(force) {
			continue
		}
		no := l.OrderNo
		if no == "" {
			no = bare
		}
		k := number.OrderKey(no)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			// No status and no ship date: the write marks a new order
			// shipped and dates its parcels, and leaves a known order's
			// status alone (store.DB.ImportOrders).
			out = append(out, tracker.OrderDetail{Order: tracker.Order{OrderNo: no, CreatedAt: t}})
		}
		out[i].Shipments = append(out[i].Shipments, tracker.ShipmentDetail{Shipment: tracker.Shipment{
			TrackingNo: l.Tracking, Carrier: l.Carrier, Status: tracker.StatusPending,
			NextCheckAt: t, Unverified: l.Verdict == PasteInvalid,
		}})
	}
	return out
}

// MarkStored marks the lines whose number the store has (stored maps
// normalized numbers to their parcels, as tracker.Service.KnownNumbers
// answers): they are not added again.
func MarkStored(lines []PasteLine, stored map[string][]tracker.Shipment) {
	for i := range lines {
		l := &lines[i]
		if l.Verdict != PasteBad && l.Verdict != PasteDuplicate && len(stored[l.Tracking]) > 0 {
			l.Verdict = PasteStored
			l.setWhy(pasteStored)
		}
	}
}

// Numbers are the lines' tracking numbers worth looking up in the store:
// none of the unreadable lines or the repeats.
func Numbers(lines []PasteLine) []string {
	var out []string
	for _, l := range lines {
		if l.Verdict != PasteBad && l.Verdict != PasteDuplicate {
			out = append(out, l.Tracking)
		}
	}
	return out
}
