package ui

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"waybill/tracker"
	"waybill/tracker/number"
)

// A pasted list has one parcel a line: a tracking number alone, or an
// order number and a tracking number beside it, split by a tab, a
// semicolon, a comma or spaces, in either order. The detector decides
// which of the two is the tracking number; the lines are read and
// checked against the store off the event loop, since a paste may hold
// thousands.

// Bounds of one paste: past them the rest is left out, and the sheet says so.
const (
	maxPasteLines = 20000
	maxPasteBytes = 4 << 20
	maxPasteValue = 64  // runes of an order number kept for display and storage
	maxPasteLine  = 256 // bytes of a line worth reading
)

// verdict is what will become of a pasted line.
type verdict int

const (
	vOK        verdict = iota // added
	vUntracked                // added, though no carrier will report it
	vInvalid                  // does not validate: skipped unless forced
	vDuplicate                // an earlier line has the number: skipped
	vStored                   // the store has the number: skipped
	vBad                      // no number could be read from the line
	vCount
)

// pasteLine is one line of a paste, checked.
type pasteLine struct {
	n        int    // line number in the paste, from 1
	orderNo  string // sanitized; "" when the line has only a number
	tracking string // normalized
	carrier  string
	conf     float64
	verdict  verdict
	why      string   // for a person: what the detector said, which line it repeats
	sugg     []string // corrections of a mistyped number
}

// adds reports whether the line is written, with force or without.
func (l pasteLine) adds(force bool) bool {
	return l.verdict == vOK || l.verdict == vUntracked || force && l.verdict == vInvalid
}

// pasteCheckedMsg answers the check of a paste.
type pasteCheckedMsg struct {
	req   int
	lines []pasteLine
	cut   int // non-blank lines left out past the bounds
	err   error
}

// pasteLines counts the non-blank lines of a paste, cheaply, to decide
// between the add form (one line) and the paste sheet (many).
func pasteLines(text string) int {
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

// checkPaste returns the Cmd that reads and checks a paste.
func checkPaste(ctx context.Context, req int, text string, svc *tracker.Service) tea.Cmd {
	return func() tea.Msg {
		lines, cut := readPaste(text)
		var numbers []string
		for _, l := range lines {
			if l.verdict != vBad && l.verdict != vDuplicate {
				numbers = append(numbers, l.tracking)
			}
		}
		if svc != nil && len(numbers) > 0 {
			stored, err := svc.KnownNumbers(ctx, numbers)
			if err != nil {
				return pasteCheckedMsg{req: req, err: err}
			}
			for i := range lines {
				l := &lines[i]
				if l.verdict != vBad && l.verdict != vDuplicate && len(stored[l.tracking]) > 0 {
					l.verdict, l.why = vStored, "already stored"
				}
			}
		}
		return pasteCheckedMsg{req: req, lines: lines, cut: cut}
	}
}

// readPaste splits and detects every line and marks the repeats; it does
// no I/O.
func readPaste(text string) (lines []pasteLine, cut int) {
	if len(text) > maxPasteBytes {
		// Cut at a line break, so no half number is read.
		end := strings.LastIndexByte(text[:maxPasteBytes], '\n')
		cut += pasteLines(text[max(0, end):])
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
		if len(lines) >= maxPasteLines {
			cut++
			continue
		}
		l := readPasteLine(n, raw)
		if l.verdict != vBad {
			if at, ok := first[l.tracking]; ok {
				l.verdict, l.why = vDuplicate, "same number as line "+strconv.Itoa(at)
			} else {
				first[l.tracking] = n
			}
		}
		lines = append(lines, l)
	}
	return lines, cut
}

// readPasteLine reads one non-blank line.
func readPasteLine(n int, raw string) pasteLine {
	s := strings.TrimSpace(raw)
	l := pasteLine{n: n}
	if len(s) > maxPasteLine {
		l.verdict, l.orderNo, l.why = vBad, bounded(s), "too long for an order number and a tracking number"
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
		l.verdict = vBad
		l.orderNo = bounded(s)
		l.why = strconv.Itoa(len(parts)) + " values: want a tracking number, or an order number and a tracking number"
		return l
	}
	l.orderNo = bounded(order)
	l.tracking = Sanitize(det.Number)
	l.carrier = det.Carrier
	if len(det.Candidates) > 0 {
		l.conf = det.Candidates[0].Confidence
	}
	l.sugg = det.Suggestions
	l.why = Sanitize(det.Note)
	switch {
	case det.Number == "":
		l.verdict, l.why = vBad, "no tracking number"
	case order != "" && number.Normalize(order) == det.Number:
		l.verdict, l.why = vBad, "the order number and the tracking number are the same"
	case !det.Valid:
		l.verdict = vInvalid
		if len(l.sugg) > 0 {
			l.why = "did you mean " + strings.Join(l.sugg, " or ") + "? " + l.why
		}
	case !det.Tracked:
		l.verdict = vUntracked
	default:
		l.verdict = vOK
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
// maxPasteValue runes.
func bounded(s string) string {
	s = strings.TrimSpace(Sanitize(s))
	if r := []rune(s); len(r) > maxPasteValue {
		s = string(r[:maxPasteValue])
	}
	return s
}

// pasteOrders groups the lines that are written into orders, in the order
// they came; lines without an order number go to bare.
func pasteOrders(lines []pasteLine, bare string, force bool, now tracker.Clock) []tracker.OrderDetail {
	t := now.Now()
	var out []tracker.OrderDetail
	at := map[string]int{}
	for _, l := range lines {
		if !l.adds(force) {
			continue
		}
		no := l.orderNo
		if no == "" {
			no = bare
		}
		k := orderKey(no)
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
			TrackingNo: l.tracking, Carrier: l.carrier, Status: tracker.StatusPending,
			NextCheckAt: t, Unverified: l.verdict == vInvalid,
		}})
	}
	return out
}
