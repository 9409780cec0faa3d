package tracker

import (
	"strings"
	"sync"

	"waybill/tracker/number"
)

// The detector's notes on a tracking number that does not validate
// (number.Result.Note, and Reason that leads with the check digit), read
// back into the formats the detector writes them by (number.Note…), so a
// screen or the command line in another language says them in its words:
// the number's own characters and the scheme's name stay values. A note
// in no known form (a valid number's service, a newer detector's) reads
// as written.

// reissueBadNumber is a case's reissue refused for its tracking number:
// the number as typed, and why (a detector's note, as a Phrase).
const reissueBadNumber = "reissue tracking number %q: %s"

// notValidNumber is the reissue's reason when the detector gave none.
const notValidNumber Hint = "not a valid tracking number"

var (
	// noteForms are the detector's notes on a refused number.
	noteForms = []phraseForm{form(number.NoteEmpty), form(number.NoteBadChars), form(number.NoteTooShort),
		form(number.NoteUnknown), form(number.NoteNearMiss), form(number.NoteOrder), form(number.NoteS10Digits),
		form(number.NoteNotCountry), form(number.NoteBadCheck), form(number.NoteBadCheck91)}
	plainNotes = sync.OnceValue(func() *phraseReader { return newPhraseReader(noteForms...) })
	// noteReader is a note, and the AliExpress order number mix-up
	// leading another note (a known one, or a valid number's, as it is).
	noteReader = sync.OnceValue(func() *phraseReader {
		return newPhraseReader(append(append([]phraseForm(nil), noteForms...),
			form(number.NoteOrder+" %s", phraseArg(plainNotes)))...)
	})
	// reasonReader is Result.Reason: a note, led by the check digit's.
	reasonReader = sync.OnceValue(func() *phraseReader {
		return newPhraseReader(form(number.ReasonUnknown), form(number.ReasonBadCheck+"%s", phraseArg(noteReader)))
	})
)

// DetectorNotePhrase is number.Result.Note as the Phrase the detector
// wrote it from; ok false for a note in no known form.
func DetectorNotePhrase(note string) (Phrase, bool) {
	if p, ok := noteReader().read(note); ok {
		return p, true
	}
	return validNotePhrase(note)
}

// CountryOf is a country by its ISO 3166-1 code inside a phrase: it prints
// as the ISO table's English short name, and a screen can name the country
// in its language.
type CountryOf string

func (c CountryOf) String() string { return number.CountryName(string(c)) }

var (
	// s10ServiceReader is an S10 service's words that have a value (the
	// service indicator's letters).
	s10ServiceReader = sync.OnceValue(func() *phraseReader {
		return newPhraseReader(form(number.NoteS10Bilateral), form(number.NoteS10Unassigned))
	})
	// routingReader is a USPS number behind a 420 + ZIP prefix.
	routingReader = sync.OnceValue(func() *phraseReader { return newPhraseReader(form(number.NoteUSPSRouting)) })
	s10Services   = sync.OnceValue(func() map[string]bool {
		m := map[string]bool{}
		for _, s := range number.S10Services() {
			m[s] = true
		}
		return m
	})
)

// The pieces of number.NoteS10Issued and NoteS10National around their
// values, to read a note by hand: a post's or a country's name may hold
// parentheses ("Correos (Spain)", "Cocos (Keeling) Islands"), which a
// form's pattern would cut at the wrong one.
var (
	issuedBy     = strings.Split(number.NoteS10Issued, "%s")[1]   // ", issued by "
	nationalPost = strings.Split(number.NoteS10National, "%s")[1] // ", issued by the national post of "
	untracked    = strings.TrimPrefix(number.NoteS10Untracked, "%s")
)

// validNotePhrase is a valid S10 number's note, or a routed USPS number's,
// as the Phrase the detector wrote it from: the service in its words, the
// post's name as it is (a carrier's name), the country as a CountryOf.
func validNotePhrase(note string) (Phrase, bool) {
	if p, ok := routingReader().read(note); ok {
		return p, true
	}
	if inner, ok := strings.CutSuffix(note, untracked); ok {
		p, ok := s10IssuedPhrase(inner)
		return Phrase{Format: number.NoteS10Untracked, Args: []any{p}}, ok
	}
	return s10IssuedPhrase(note)
}

// s10IssuedPhrase reads "<service>, issued by <post> (<country>)." and
// "<service>, issued by the national post of <country>.".
func s10IssuedPhrase(note string) (Phrase, bool) {
	svc, rest, ok := strings.Cut(note, issuedBy)
	rest, dot := strings.CutSuffix(rest, ".")
	if !ok || !dot {
		return Phrase{}, false
	}
	var service any = Hint(svc)
	if p, ok := s10ServiceReader().read(svc); ok {
		service = p
	} else if !s10Services()[svc] {
		return Phrase{}, false
	}
	var p Phrase
	if name, ok := strings.CutPrefix(note[len(svc):len(note)-1], nationalPost); ok {
		code := number.CountryCode(name)
		if code == "" {
			return Phrase{}, false
		}
		p = Phrase{Format: number.NoteS10National, Args: []any{service, CountryOf(code)}}
	} else {
		// The country is the last parenthesis that names one.
		body, ok := strings.CutSuffix(rest, ")")
		for i := strings.LastIndex(body, " ("); ok && i > 0; i = strings.LastIndex(body[:i], " (") {
			if code := number.CountryCode(body[i+2:]); code != "" {
				p = Phrase{Format: number.NoteS10Issued, Args: []any{service, body[:i], CountryOf(code)}}
				break
			}
		}
	}
	if p.Format == "" || p.String() != note {
		return Phrase{}, false
	}
	return p, true
}

// NumberReasonPhrase is number.Result.Reason (an import's problem with a
// tracking number) as a Phrase; ok false for one in no known form.
func NumberReasonPhrase(reason string) (Phrase, bool) {
	if p, ok := reasonReader().read(reason); ok {
		return p, true
	}
	return noteReader().read(reason)
}

// noteOf is a refused number's note as a Phrase within a refusal: the
// detector's form when it has one, the note as it is otherwise, and a
// reason of tracker's own when the detector gave none.
func noteOf(note string) any {
	if note == "" {
		return notValidNumber
	}
	if p, ok := DetectorNotePhrase(note); ok {
		return p
	}
	return note
}

// numberFormats are the notes' and the reissue's formats, for the
// catalog's test.
func numberFormats() []string {
	out := append(noteReader().formats(), reasonReader().formats()...)
	out = append(out, s10ServiceReader().formats()...)
	out = append(out, routingReader().formats()...)
	out = append(out, number.NoteS10Issued, number.NoteS10National, number.NoteS10Untracked)
	out = append(out, number.S10Services()...)
	return append(out, reissueBadNumber, string(notValidNumber))
}
