package i18n

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// byKey is every message of the catalog by its key, for Plain.
var byKey = sync.OnceValue(func() map[string]msg {
	m := map[string]msg{}
	for _, x := range messages() {
		m[x.key] = x
	}
	return m
})

// Plain is the message key in the printer's language, as T gives it, but
// formatted by fmt: a number prints as Go prints it, 1234567 and not
// golang.org/x/text's 1,234,567. The command line prints through it,
// where a number is an id to type back (case 1234), a flag's value to
// quote verbatim or a count a script reads, and where English must stay
// byte for byte what it was. A key the catalog lacks prints as itself.
func (p *Printer) Plain(key string, args ...any) string {
	m, ok := byKey()[key]
	if !ok {
		return fmt.Sprintf(key, args...)
	}
	t := m.text(p.Lang())
	if t.cases == nil {
		return fmt.Sprintf(t.s, args...)
	}
	return fmt.Sprintf(t.pick(args), args...)
}

// pick is a plural text's form for the count in its argument: "=N" for
// exactly N, "one" for 1, "other" for any. The catalog's plurals use no
// other selector; Chinese has only "other".
func (t text) pick(args []any) string {
	n, ok := int64(-1), false
	if t.arg >= 1 && t.arg <= len(args) {
		if v := reflect.ValueOf(args[t.arg-1]); v.CanInt() {
			n, ok = v.Int(), true
		}
	}
	for i := 0; i+1 < len(t.cases); i += 2 {
		sel, form := t.cases[i], t.cases[i+1]
		switch {
		case sel == "other",
			sel == "one" && ok && n == 1,
			strings.HasPrefix(sel, "=") && ok && sel[1:] == fmt.Sprint(n):
			return form
		}
	}
	return t.cases[len(t.cases)-1]
}
