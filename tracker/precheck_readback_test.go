package tracker

import (
	"reflect"
	"testing"
)

// What Precheck writes reads back into the Phrase it was made from, so a
// screen can say a stored warning in its reader's language; the product's
// words and the amounts are values and come back as written.
func TestCheckDetailsReadBack(t *testing.T) {
	no := false
	cfg := DefaultPrechecks()
	for _, tt := range []struct {
		name   string
		order  Order
		kind   CheckKind
		format string
		args   []any
	}{
		{"sensitive", Order{Product: "Lithium battery pack", HSCode: "8507", DeclaredValue: 100}, CheckSensitive,
			CheckDetailSensitive, []any{`"battery", "lithium"`}},
		{"no HS code", Order{Product: "Socks", DeclaredValue: 100}, CheckNoHSCode, CheckDetailNoHSCode, nil},
		{"no declared value", Order{Product: "Socks", HSCode: "6115"}, CheckNoDeclaredValue, CheckDetailNoDeclared, nil},
		{"uninsured", Order{Product: "Watch", HSCode: "9102", DeclaredValue: 450_00, Currency: "USD", Insured: &no}, CheckUninsured,
			CheckDetailUninsured, []any{"450.00 USD", "300.00"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got *Check
			for _, c := range Precheck(tt.order, cfg) {
				if c.Kind == tt.kind {
					got = &c
				}
			}
			if got == nil {
				t.Fatalf("Precheck(%+v) has no %s", tt.order, tt.kind)
			}
			want := Phrase{Format: tt.format, Args: tt.args}
			if got.Detail != want.String() {
				t.Fatalf("Precheck wrote %q, want %q: write the detail through its format", got.Detail, want.String())
			}
			ph, ok := CheckDetailPhrase(got.Detail)
			if !ok {
				t.Fatalf("%q does not read back", got.Detail)
			}
			if ph.Format != tt.format || (len(tt.args) > 0 && !reflect.DeepEqual(ph.Args, tt.args)) {
				t.Errorf("read back %q %#v, want %q %#v", ph.Format, ph.Args, tt.format, tt.args)
			}
		})
	}
	if _, ok := CheckDetailPhrase("an older store's own words"); ok {
		t.Error("text in no known form read back as a phrase")
	}
}
