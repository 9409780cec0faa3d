package tracker

import (
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
func DetectorNotePhrase(note string) (Phrase, bool) { return noteReader().read(note) }

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
	return append(out, reissueBadNumber, string(notValidNumber))
}
