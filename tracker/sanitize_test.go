package tracker

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII is kept", "Arrived at sorting centre", "Arrived at sorting centre"},
		{"CJK and emoji are kept", "深圳市 到达 📦", "深圳市 到达 📦"},
		{"accents and Cyrillic are kept", "Hélène Алексей", "Hélène Алексей"},
		{"CSI colour", "\x1b[31mred\x1b[0m", "red"},
		{"CSI clear screen and home", "a\x1b[2J\x1b[Hb", "ab"},
		{"CSI with private and intermediate bytes", "a\x1b[?1049hb\x1b[1 qc", "abc"},
		{"OSC 52 clipboard with BEL", "x\x1b]52;c;cm0gLXJmIH4=\x07y", "xy"},
		{"OSC 8 hyperlink with ST", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC title", "\x1b]0;pwned\x07ok", "ok"},
		{"DCS", "a\x1bP+q544e\x1b\\b", "ab"},
		{"APC, PM, SOS", "a\x1b_G payload\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d", "abcd"},
		{"unterminated OSC swallows the rest", "safe\x1b]52;c;AAAA", "safe"},
		{"bare ESC at the end", "end\x1b", "end"},
		{"two-byte ESC sequence (RIS)", "a\x1bcb", "ab"},
		{"ESC with intermediate (charset)", "a\x1b(0b", "ab"},
		{"8-bit CSI", "a\u009b31mb", "ab"},
		{"8-bit OSC to 8-bit ST", "a\u009d0;t\u009cb", "ab"},
		{"8-bit DCS to BEL", "a\u0090x\x07b", "ab"},
		{"other C1 controls", "a\u0085b\u0084c\u008ed", "a bcd"},
		{"raw 8-bit byte becomes U+FFFD", "a\x9b31mb", "a\uFFFD31mb"},
		{"BEL, BS, NUL, DEL dropped", "be\x07l\x08l\x00o\x7f", "bello"},
		{"tabs and newlines become one space", "line1\r\n\tline2", "line1 line2"},
		{"bidi override dropped", "abc\u202edcba\u202c", "abcdcba"},
		{"isolates dropped", "\u2066x\u2069", "x"},
		// Right-to-left text is text: only the controls go.
		{"Hebrew and Arabic letters are kept", "שלום רב, מספר הזמנה WB-7 مرحبًا بكم", "שלום רב, מספר הזמנה WB-7 مرحبًا بكم"},
		{"Arabic vowel signs and Hebrew points are kept", "مُحَمَّد שָׁלוֹם", "مُحَمَّد שָׁלוֹם"},
		{"an override inside Arabic goes, the letters stay", "طلب\u202e 123\u202c كم", "طلب 123 كم"},
		{"broken CSI stops at the control", "a\x1b[31\x07mb", "amb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestAnsiStripIsNotEnough documents why we do not use ansi.Strip: it
// removes sequences but keeps C0 controls that still act on a terminal.
func TestAnsiStripIsNotEnough(t *testing.T) {
	if s := ansi.Strip("a\x07\x08b\rc"); !strings.ContainsAny(s, "\x07\x08\r") {
		t.Skip("ansi.Strip now drops C0 controls; Sanitize could build on it")
	}
	if s := Sanitize("a\x07\x08b\rc"); strings.ContainsAny(s, "\x07\x08\r") {
		t.Errorf("Sanitize kept controls: %q", s)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mx", "\x1b]52;c;x\x07", "\u009b1m", "\x9b", "深圳\x1bP\x1b\\", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", in, out)
		}
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidi(r) {
				t.Fatalf("control %U survived in %q from %q", r, out, in)
			}
		}
		if len(out) > maxText {
			t.Fatalf("%d bytes out, more than %d", len(out), maxText)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
	})
}

func TestSanitizeBoundsLength(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"plain ASCII", strings.Repeat("W", 1<<20)},
		{"wide", strings.Repeat("宽", 1<<18)},
		{"controls between", strings.Repeat("a\x1b[2Jb", 1<<16)},
		{"invalid bytes", strings.Repeat("\x9b", 1<<16)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Sanitize(tt.in)
			if len(out) > maxText || !strings.HasSuffix(out, "…") || !utf8.ValidString(out) {
				t.Errorf("%d bytes, suffix %q, valid %v", len(out), out[max(0, len(out)-6):], utf8.ValidString(out))
			}
			if Sanitize(out) != out {
				t.Error("the bounded text is not a fixed point")
			}
		})
	}
	exact := strings.Repeat("x", maxText)
	if Sanitize(exact) != exact {
		t.Error("text of exactly maxText bytes was cut")
	}
}
