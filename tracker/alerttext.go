package tracker

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ExceptionAlert writes the subject and body of the alert for an exception
// that just opened. Order numbers, carrier text and the like come from
// outside, so every value is made one plain line: a channel can put the
// subject in a header and the body in a message without either breaking out.
func ExceptionAlert(x Exception, sh Shipment, o Order) (subject, body string) {
	subject = fmt.Sprintf(subjectException, x.Kind, OneLine(sh.TrackingNo, 40), OneLine(o.OrderNo, 24))
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\n", label, value)
		}
	}
	line("Exception", fmt.Sprintf("%s (%s)", x.Kind, x.Severity))
	line("Detail", OneLine(x.Detail, 300))
	line("Order", OneLine(o.OrderNo, 80))
	line("Tracking", OneLine(sh.TrackingNo, 80))
	line("Carrier", orDash(OneLine(sh.Carrier, 80)))
	line("Destination", orDash(OneLine(sh.Destination, 10)))
	line("Suggested next action", SuggestedAction(x.Kind))
	return subject, b.String()
}

// WatchAlert writes the subject and body of the alert that tells a watcher
// their order's parcel has news: newest is the newest of the added events.
func WatchAlert(sh Shipment, o Order, newest Event, added int) (subject, body string) {
	subject = fmt.Sprintf(subjectWatch, OneLine(sh.TrackingNo, 40), sh.Status, OneLine(o.OrderNo, 24))
	var b strings.Builder
	fmt.Fprintf(&b, watchNews+"\n", OneLine(o.OrderNo, 80), added)
	fmt.Fprintf(&b, "Status: %s\n", sh.Status)
	when := "time unknown"
	if !newest.Time.IsZero() {
		when = newest.Time.UTC().Format("2006-01-02 15:04 UTC")
	}
	parts := []string{when}
	for _, s := range []string{OneLine(newest.Location, 80), OneLine(firstNonEmpty(newest.Description, newest.RawStatus), 300)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	fmt.Fprintf(&b, "Latest event: %s\n", strings.Join(parts, " · "))
	fmt.Fprintf(&b, "Tracking: %s\n", OneLine(sh.TrackingNo, 80))
	fmt.Fprintf(&b, "Carrier: %s\n", orDash(OneLine(sh.Carrier, 80)))
	fmt.Fprintf(&b, "Destination: %s\n", orDash(OneLine(sh.Destination, 10)))
	return subject, b.String()
}

// DigestText gathers several alerts into one subject and body, for channels
// that send a digest.
func DigestText(alerts []Alert) (subject, body string) {
	if len(alerts) == 1 {
		return alerts[0].Subject, alerts[0].Body
	}
	var counts AlertCounts
	at := map[string]int{}
	for _, a := range alerts {
		i, ok := at[a.Kind]
		if !ok {
			i = len(counts)
			at[a.Kind] = i
			counts = append(counts, AlertCount{Kind: a.Kind})
		}
		counts[i].N++
	}
	subject = fmt.Sprintf(subjectDigest, len(alerts), counts)
	var b strings.Builder
	for i, a := range alerts {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s\n%s", a.Subject, a.Body)
		if !strings.HasSuffix(a.Body, "\n") {
			b.WriteString("\n")
		}
	}
	return subject, b.String()
}

// OneLine makes untrusted text one plain line of at most max runes (0: no
// limit): escape sequences and bidi controls go whole, as Sanitize drops
// them (not just their ESC, which would leave "]52;c;…" in a message);
// other control characters (CR, LF, …) become spaces, runs of spaces one
// space, and invalid UTF-8 U+FFFD. A cut is marked with "…".
func OneLine(s string, max int) string {
	s = stripControls(s)
	var b strings.Builder
	b.Grow(len(s))
	n, space := 0, false
	for _, r := range strings.ToValidUTF8(s, string(utf8.RuneError)) {
		if unicode.IsControl(r) || unicode.IsSpace(r) || isBidi(r) {
			space = n > 0
			continue
		}
		if max > 0 && n >= max {
			b.WriteString("…")
			return b.String()
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// isBidi reports the Unicode bidi controls, which can make text read in a
// misleading order.
func isBidi(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// AlertCount is one part of a digest's subject: how many of its alerts
// are of one kind (an ExceptionKind, AlertWatch or AlertDeadline).
type AlertCount struct {
	N    int
	Kind string
}

// AlertCounts are a digest's parts in the order their kinds first came;
// its String is the subject's English ("2 stale, 1 lost"), and a screen
// says each kind in its language.
type AlertCounts []AlertCount

func (c AlertCounts) String() string {
	parts := make([]string, len(c))
	for i, p := range c {
		parts[i] = fmt.Sprintf("%d %s", p.N, p.Kind)
	}
	return strings.Join(parts, ", ")
}

// countsArg reads a digest's parts back ("2 stale, 1 lost"); a kind is
// any word the store may hold, so one this build does not know still
// reads, and a screen shows it as it is.
func countsArg(s string) (any, bool) {
	var out AlertCounts
	for _, part := range strings.Split(s, ", ") {
		n, kind, ok := strings.Cut(part, " ")
		v, err := strconv.Atoi(n)
		if !ok || err != nil || v < 1 || kind == "" {
			return nil, false
		}
		out = append(out, AlertCount{N: v, Kind: kind})
	}
	return out, true
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
