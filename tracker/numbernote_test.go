package tracker

import (
	"strings"
	"testing"
	"time"

	"waybill/tracker/number"
)

// Every note the detector writes on a refused number reads back into the
// format it was written by, and so does Reason; the phrase's English is
// the note byte for byte.
func TestDetectorNotesReadBack(t *testing.T) {
	for _, in := range []string{"", "RR12#4", "12345", "ABCDEFGHIJKLMN", "8123456789012345", "RR1234567CN",
		"RR123456785XX", "RR123456784CN", "RR12345G785CN", "420902109412345678901234567890"} {
		r := number.Detect(in)
		if r.Valid {
			t.Fatalf("%q is valid: the table wants refused numbers", in)
		}
		p, ok := DetectorNotePhrase(r.Note)
		if !ok || p.String() != r.Note {
			t.Errorf("note of %q (%q) reads back as %v, %q", in, r.Note, ok, p.String())
		}
		if p, ok := NumberReasonPhrase(r.Reason()); !ok || p.String() != r.Reason() {
			t.Errorf("reason of %q (%q) reads back as %v, %q", in, r.Reason(), ok, p.String())
		}
	}
	// The order number mix-up leading another note keeps both.
	note := number.NoteOrder + " " + number.NoteTooShort
	if p, ok := DetectorNotePhrase(note); !ok || len(p.Args) != 1 {
		t.Errorf("%q reads as %v %#v", note, ok, p)
	}
}

// A case's refusals are Refusals of the action, the step and the reason,
// whose English is what it was; a reissue's nests the detector's note.
func TestCaseRefusalsArePhrases(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		c    Case
		a    CaseAction
		want string
	}{
		{Case{Kind: ExLost, Step: StepReassure}, CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveRefund}},
			"solve at step reassure: verify the delivery status first"},
		{Case{Kind: ExLost, Step: StepSolve}, CaseAction{Type: ActSolve, Solution: &Solution{Type: SolveReissue, ReissueTrackingNo: "RB123456784GB"}},
			`solve at step solve: reissue tracking number "RB123456784GB": The check digit (4) does not match`},
	} {
		_, _, err := tt.c.Apply(tt.a, "ana", now)
		var r *Refusal
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%v, want %q", err, tt.want)
		} else if !asRefusal(err, &r) || r.String() != err.Error() {
			t.Errorf("%v is no Refusal of its own text", err)
		}
	}
}

func asRefusal(err error, r **Refusal) bool {
	x, ok := err.(*Refusal)
	*r = x
	return ok
}
