package tracker

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// cleanAll writes in through a CleanWriter in pieces of n bytes (all at
// once for n <= 0) and returns what came out.
func cleanAll(t *testing.T, in string, n int) string {
	t.Helper()
	var b bytes.Buffer
	cw := NewCleanWriter(&b)
	if n <= 0 {
		n = len(in) + 1
	}
	for i := 0; i < len(in); i += n {
		p := []byte(in[i:min(len(in), i+n)])
		if got, err := cw.Write(p); err != nil || got != len(p) {
			t.Fatalf("Write(%q) = %d, %v", p, got, err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCleanWriter(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lines and tabs are kept", "ORDER\tTRACKING\nA-1\tRB123\n", "ORDER\tTRACKING\nA-1\tRB123\n"},
		{"CJK, accents and emoji are kept", "深圳 Hélène 📦 — …\n", "深圳 Hélène 📦 — …\n"},
		{"OSC 52 clipboard write", "added to order A\x1b]52;c;cm0gLXJmIH4=\x07 (1)\n", "added to order A (1)\n"},
		{"OSC ended by ST", "a\x1b]8;;https://evil.example\x1b\\b\n", "ab\n"},
		{"CSI clear screen", "a\x1b[2J\x1b[Hb", "ab"},
		{"two-byte ESC and charset", "a\x1bcb\x1b(0c", "abc"},
		{"DCS, APC, PM, SOS", "a\x1bP+q\x1b\\b\x1b_G\x1b\\c\x1b^p\x1b\\d\x1bXs\x1b\\e", "abcde"},
		{"C1 as characters: CSI, OSC, NEL", "a\u009b31mb\u009d0;t\u009cc\u0085d", "abc d"},
		{"C1 as raw bytes become U+FFFD", "a\x9b2Jb", "a\uFFFD2Jb"},
		{"DEL, BEL, BS, NUL dropped", "be\x7fl\x07l\x08\x00o", "bello"},
		{"carriage return dropped", "safe\rEVIL\r\n", "safeEVIL\n"},
		{"vertical tab and form feed are a space", "a\v\fb", "a b"},
		{"bidi overrides and isolates dropped", "abc\u202edcba\u202c \u2066x\u2069", "abcdcba x"},
		{"a newline ends an unterminated OSC", "A\x1b]52;c;AAAA\nnext line\n", "A\nnext line\n"},
		{"unterminated CSI at the end", "end\x1b[31", "end"},
		{"bare ESC at the end", "end\x1b", "end"},
		{"a cut character at the end shows as U+FFFD", "ok\xe6\xb7", "ok\uFFFD\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range []int{0, 1, 2, 3} {
				if got := cleanAll(t, tt.in, n); got != tt.want {
					t.Errorf("in writes of %d bytes: %q -> %q, want %q", n, tt.in, got, tt.want)
				}
			}
		})
	}
}

// A large document goes through in bounded pieces and comes out whole.
func TestCleanWriterLarge(t *testing.T) {
	in := strings.Repeat("row\t深圳\x1b[31mred\x1b[0m\n", 20_000)
	want := strings.Repeat("row\t深圳red\n", 20_000)
	if got := cleanAll(t, in, 0); got != want {
		t.Fatalf("%d bytes out, want %d", len(got), len(want))
	}
}

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("disk full") }

func TestCleanWriterReportsTheWriterError(t *testing.T) {
	if _, err := NewCleanWriter(failWriter{}).Write([]byte("x\n")); err == nil {
		t.Fatal("the writer's error was lost")
	}
}

func FuzzCleanWriter(f *testing.F) {
	for _, s := range []string{"", "plain\n", "\x1b[31mx", "\x1b]52;c;x\x07", "\u009b1m", "\x9b", "深圳\x1bP\x1b\\", "\u202e", "a\nb\tc\r"} {
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, in string, n uint8) {
		whole := cleanAll(t, in, 0)
		if split := cleanAll(t, in, int(n)); split != whole {
			t.Fatalf("%q: whole %q, in writes of %d bytes %q", in, whole, n, split)
		}
		if !utf8.ValidString(whole) {
			t.Fatalf("invalid UTF-8 out of %q: %q", in, whole)
		}
		for _, r := range whole {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidi(r) {
				t.Fatalf("control %U survived in %q from %q", r, whole, in)
			}
		}
		if again := cleanAll(t, whole, 0); again != whole {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, whole, again)
		}
	})
}

func TestSanitizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Dear Ana,", "Dear Ana,"},
		{"lines kept, CRLF as LF", "Dear Ana,\r\n\r\nyour parcel", "Dear Ana,\n\nyour parcel"},
		{"each line cleaned", "a\x1b]52;c;x\x07b\n\u202ec\td", "ab\nc d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeText(tt.in); got != tt.want {
				t.Errorf("SanitizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want any // what the document decodes to
	}{
		{"plain strings untouched", map[string]any{"order_no": "A-1", "n": 3.0}, map[string]any{"order_no": "A-1", "n": 3.0}},
		{"ESC sequences, escaped as \\u001b, removed", map[string]any{"buyer": "Ann\x1b]52;c;Y3VybA==\x07 B\x1b[2J"}, map[string]any{"buyer": "Ann B"}},
		{"C1 characters removed", []any{"a\u009b31mb", "c\u0085d"}, []any{"ab", "c d"}},
		{"DEL and bidi overrides removed", []any{"x\x7fy", "\u202eexe.txt\u2066"}, []any{"xy", "exe.txt"}},
		{"line breaks of a message kept", map[string]any{"body": "Dear Ann,\n\nsorry"}, map[string]any{"body": "Dear Ann,\n\nsorry"}},
		{"nested and in keys", map[string]any{"cols\u202e": map[string]any{"k": []any{"\x1b[1mv"}}}, map[string]any{"cols": map[string]any{"k": []any{"v"}}}},
		{"HTML characters stay escaped and decode the same", []any{"<a>&\u009b"}, []any{"<a>&"}},
		{"escaped quotes and backslashes", []any{`say "hi" \ \u001b` + "\x1b"}, []any{`say "hi" \ \u001b`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetIndent("", "  ")
			if err := enc.Encode(tt.v); err != nil {
				t.Fatal(err)
			}
			out := SanitizeJSON(b.Bytes())
			var got any
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("not JSON any more: %v\n%s", err, out)
			}
			if gj, wj := mustJSON(t, got), mustJSON(t, tt.want); gj != wj {
				t.Errorf("decodes to %s, want %s", gj, wj)
			}
			for _, r := range string(out) {
				if r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidi(r) {
					t.Errorf("control %U left raw in %s", r, out)
				}
			}
			if strings.Contains(strings.ReplaceAll(string(out), `\\`, ""), `\u001b`) {
				t.Errorf("an escaped ESC is left in %s", out)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
