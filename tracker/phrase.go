package tracker

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Phrase is a sentence of tracker's with its structure kept: its English
// format and the values it was made with. Tracker stores and prints the
// English (Phrase.String: the store, mail, --json and the English screen
// read exactly that); a screen in another language renders the format
// through its catalog, where the format is the key. Values that are
// tracker's own words are typed (ExceptionKind, Severity, Status,
// DeadlineWords, or a Phrase within a Phrase), so a screen can say them in
// its language too; strings and numbers (tracking and order numbers,
// dates, counts, a carrier's or a person's text) stay as they are.
type Phrase struct {
	Format string
	Args   []any
}

// String is the phrase in English, as tracker writes it.
func (p Phrase) String() string {
	if len(p.Args) == 0 {
		return p.Format
	}
	return fmt.Sprintf(p.Format, p.Args...)
}

// Refusal is an error that refuses a value a person typed (a date, an
// amount), as a Phrase: its Error is the English, which the command line
// and the English screen print as before, and a screen in another language
// renders the Phrase instead of matching the English text.
type Refusal struct{ Phrase }

func (r *Refusal) Error() string { return r.String() }

// refusal is a Refusal of format and args.
func refusal(format string, args ...any) error {
	return &Refusal{Phrase{Format: format, Args: args}}
}

// Hint is a fixed sentence of tracker's inside a phrase (DateForms): a
// screen says it as its catalog does.
type Hint string

// DeadlineWords is a deadline kind as an alert says it ("dispute reply"):
// it prints as DeadlineKindWords, and a screen can say the kind in its
// language.
type DeadlineWords DeadlineKind

func (d DeadlineWords) String() string { return DeadlineKindWords(DeadlineKind(d)) }

// phraseForm is one format tracker writes text in, and how to read each
// of its values back from that text.
type phraseForm struct {
	format string
	args   []argReader // by verb; nil takes the verb's plain reading
}

// argReader reads one value of a phrase from its text; ok false when the
// text is not such a value (the form does not fit, the next is tried).
type argReader func(s string) (any, bool)

// form is a phraseForm of format whose values are read by args in order;
// a verb past args, or a nil reader, reads as a number (%d) or text.
func form(format string, args ...argReader) phraseForm {
	return phraseForm{format: format, args: args}
}

// verbRE finds the verbs a phrase form may use: %d, %s and %q.
var verbRE = regexp.MustCompile(`%[dsq]`)

// pattern is the form as an anchored regular expression, one group a verb.
func (f phraseForm) pattern() *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, loc := range verbRE.FindAllStringIndex(f.format, -1) {
		b.WriteString(regexp.QuoteMeta(f.format[last:loc[0]]))
		switch f.format[loc[1]-1] {
		case 'd':
			b.WriteString(`(-?\d+)`)
		case 'q':
			b.WriteString(`("(?:[^"\\]|\\.)*")`)
		default:
			b.WriteString(`(.*?)`)
		}
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(f.format[last:]))
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// phraseReader reads text back into the Phrase it was written from, by a
// list of forms tried in order.
type phraseReader struct {
	forms []phraseForm
	res   []*regexp.Regexp
}

func newPhraseReader(forms ...phraseForm) *phraseReader {
	r := &phraseReader{forms: forms}
	for _, f := range forms {
		r.res = append(r.res, f.pattern())
	}
	return r
}

// read is s as the first form that reads it back exactly (its String is s
// again, so a loose match never stands for the text); ok false when none
// does, and the text is shown as it is.
func (r *phraseReader) read(s string) (Phrase, bool) {
	for i, f := range r.forms {
		m := r.res[i].FindStringSubmatch(s)
		if m == nil {
			continue
		}
		verbs := verbRE.FindAllString(f.format, -1)
		args := make([]any, 0, len(verbs))
		ok := true
		for j, v := range verbs {
			read := plainArg(v)
			if j < len(f.args) && f.args[j] != nil {
				read = f.args[j]
			}
			a, fits := read(m[j+1])
			if !fits {
				ok = false
				break
			}
			args = append(args, a)
		}
		if !ok {
			continue
		}
		p := Phrase{Format: f.format, Args: args}
		if p.String() == s {
			return p, true
		}
	}
	return Phrase{}, false
}

// formats are the forms' formats, for the catalog's test.
func (r *phraseReader) formats() []string {
	out := make([]string, len(r.forms))
	for i, f := range r.forms {
		out[i] = f.format
	}
	return out
}

// plainArg reads a verb's value as it is: a number, a quoted or plain text.
func plainArg(verb string) argReader {
	switch verb {
	case "%d":
		return func(s string) (any, bool) {
			n, err := strconv.Atoi(s)
			return n, err == nil
		}
	case "%q":
		return func(s string) (any, bool) {
			u, err := strconv.Unquote(s)
			return u, err == nil
		}
	}
	return func(s string) (any, bool) { return s, true }
}

// kindArg reads an exception kind ("no_tracking").
func kindArg(s string) (any, bool) {
	for _, k := range ExceptionKinds {
		if string(k) == s {
			return k, true
		}
	}
	return nil, false
}

// severityArg reads a severity by its name ("high").
func severityArg(s string) (any, bool) {
	if s == "" {
		return nil, false
	}
	v, err := ParseSeverity(s)
	return v, err == nil
}

// statusArg reads a parcel status ("in_transit").
func statusArg(s string) (any, bool) {
	st := Status(s)
	return st, st.Valid()
}

// deadlineArg reads a deadline kind as an alert says it ("dispute reply").
func deadlineArg(s string) (any, bool) {
	for _, k := range DeadlineKinds {
		if DeadlineKindWords(k) == s {
			return DeadlineWords(k), true
		}
	}
	return nil, false
}

// phraseArg reads a value that is itself a phrase of r when it is one, and
// text as it is otherwise (a carrier's words where a rule's would be).
func phraseArg(r func() *phraseReader) argReader {
	return func(s string) (any, bool) {
		if p, ok := r().read(s); ok {
			return p, true
		}
		return s, true
	}
}

// The refusals of a typed date (ParseDate, ParseDay) and amount
// (ParseMoney), the values people type most in forms and flags.
const (
	refuseNoDate    = "no date: write %s"
	refuseNotADate  = "%q is not a date: write %s"
	refuseNotFuture = "%s is not in the future"
	refuseNoAmount  = "empty: want a number such as 12.50"
	refuseNotAmount = "not an amount: want a number such as 1234.50"
	refuseTwoMarks  = "not an amount: more than one decimal mark"
	refuseDecimals  = "more than two decimals: want at most cents, such as 12.50"
	refuseTooLarge  = "not an amount: too large"
	refuseNegative  = "a negative amount"
)

// refusalFormats are the refusals' formats, for the catalog's test.
var refusalFormats = []string{refuseNoDate, refuseNotADate, refuseNotFuture, refuseNoAmount,
	refuseNotAmount, refuseTwoMarks, refuseDecimals, refuseTooLarge, refuseNegative, refuseManualKind, refuseAutoKind,
	refuseDueTA, refuseFromFuture, refuseFromFollowUp, refuseNoDue, refuseDuePast, refuseNoOrderKey, refuseDeadlineID, refuseDeadlineNone}
