package i18n

import (
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Printer prints one session's messages in its language. A nil Printer
// prints English, so a component made without one still reads well.
type Printer struct {
	lang Lang
	p    *message.Printer
}

// builtCatalog is the catalog, built once: it never changes after, so every
// session may read it; the language is the Printer's.
var builtCatalog = sync.OnceValue(func() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, m := range messages() {
		for _, l := range Langs {
			if err := b.Set(tag(l), m.key, m.in(l)...); err != nil {
				panic("i18n: message " + m.key + ": " + err.Error())
			}
		}
	}
	return b
})

func tag(l Lang) language.Tag {
	if l == Zh {
		return language.SimplifiedChinese
	}
	return language.English
}

// New returns a Printer of language l (English for anything else).
func New(l Lang) *Printer {
	if l != Zh {
		l = En
	}
	return &Printer{lang: l, p: message.NewPrinter(tag(l), message.Catalog(builtCatalog()))}
}

// Lang is the printer's language.
func (p *Printer) Lang() Lang {
	if p == nil {
		return En
	}
	return p.lang
}

// T is the message key in the printer's language, formatted with args.
// The key is the English text (or, for a plural, its format); a key the
// catalog lacks prints as itself, and TestCatalogCoversTheSource fails.
func (p *Printer) T(key string, args ...any) string {
	if p == nil {
		p = New(En)
	}
	return p.p.Sprintf(key, args...)
}

// keySet is every key of the catalog, for Word.
var keySet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, msg := range messages() {
		m[msg.key] = true
	}
	return m
})

// Word is s in the printer's language when the catalog has it, else s
// itself, never read as a format: for text that may hold a '%' or come
// from elsewhere (a key's description, a view's title with a number in it).
func (p *Printer) Word(s string) string {
	if !keySet()[s] {
		return s
	}
	return p.T(s)
}

// WordOr is key in the printer's language when the catalog has it, else
// fallback: for a word asked for by an id ("step:verify") whose value may
// be one the catalog does not know yet (a newer store's).
func (p *Printer) WordOr(key, fallback string) string {
	if !keySet()[key] {
		return fallback
	}
	return p.T(key)
}
