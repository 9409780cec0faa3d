package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"waybill/tracker"
)

// controlIn is the first terminal control in s (ESC, C0 but newline and
// tab, DEL, C1, bidi overrides and isolates), or "" when there is none.
func controlIn(s string) string {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return fmt.Sprintf("%U", r)
		}
	}
	return ""
}

const osc52 = "\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07"

// Whatever a run prints, to stdout or stderr, reaches them cleaned: a
// command's output, its error, cobra's own messages.
func TestRunCleansEveryLine(t *testing.T) {
	evilConfig := func(string) (tracker.Config, string, error) {
		return tracker.Config{}, "", errors.New("config \x1b[2Jline 3: key \u202eevil\u009b31m: " + osc52)
	}
	tests := []struct {
		name string
		args []string
		// want is text that must still show, cleaned.
		want string
	}{
		{"cobra's unknown flag echoes the flag", []string{"list", "--x" + osc52}, "unknown flag: --x"},
		{"cobra's unknown shorthand echoes it", []string{"list", "-\x1b[2J"}, "unknown shorthand flag"},
		{"a command's error carries outside text", []string{"list"}, "line 3: key evil"},
		{"an unknown help topic", []string{"help", "x" + osc52}, "no command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Run(context.Background(), Wiring{LoadConfig: evilConfig}, tt.args, strings.NewReader(""), &out, &errOut)
			if code == 0 {
				t.Fatalf("exit 0\n%s%s", out.String(), errOut.String())
			}
			if c := controlIn(out.String() + errOut.String()); c != "" {
				t.Errorf("%s reached the output: %q", c, out.String()+errOut.String())
			}
			if !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("stderr %q, want it to say %q", errOut.String(), tt.want)
			}
		})
	}
}

// JSON carries outside text cleaned as the tables do, escaped ESC and raw
// C1, DEL and bidi overrides alike; a message's lines are kept.
func TestWriteJSONCleansStrings(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"OSC 52 (escaped by encoding/json)", "A" + osc52 + "B", `"AB"`},
		{"C1 CSI as a character", "A\u009b31mB", `"AB"`},
		{"DEL", "A\x7fB", `"AB"`},
		{"bidi override and isolate", "\u202eA\u2066B", `"AB"`},
		{"lines of a message kept", "Dear Ann,\n\nsorry", `"Dear Ann,\n\nsorry"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeJSON(&b, map[string]string{"v": tt.in}); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); !strings.Contains(got, `"v": `+tt.want) {
				t.Errorf("writeJSON(%q) = %s, want the value %s", tt.in, got, tt.want)
			}
		})
	}
}

// The command line's own control, the progress line erased in place,
// passes to the terminal under the cleaning; the same bytes printed
// through it do not.
func TestOutputKeepsOnlyItsOwnControls(t *testing.T) {
	var raw bytes.Buffer
	o := newOutput(&raw)
	fmt.Fprintf(o, "ORDER\tBUYER\nA-1\t%s\n", "Ann\r\x1b[K"+osc52)
	eraseLine(o)
	fmt.Fprint(o, "importing 5/10 orders…")
	o.Flush()
	want := "ORDER\tBUYER\nA-1\tAnn\n\r\x1b[Kimporting 5/10 orders…"
	if raw.String() != want {
		t.Errorf("got %q\nwant %q", raw.String(), want)
	}
}
