package i18n

import "testing"

// Plain prints as T does, but a number as fmt prints it: no grouping, so
// an id or a flag's value reads as it is typed back.
func TestPlainPrintsNumbersAsTyped(t *testing.T) {
	var nilP *Printer
	for _, tt := range []struct {
		p    *Printer
		key  string
		args []any
		want string
	}{
		{New(En), "%d parcels", []any{1}, "1 parcel"},
		{New(En), "%d parcels", []any{1234567}, "1234567 parcels"},
		{New(Zh), "%d parcels", []any{1234567}, "共 1234567 个包裹"},
		{New(Zh), "%s of %s %s", []any{"3", "12", "待处理"}, "12 中的 3 条 · 待处理"},
		{New(Zh), "In transit", nil, "运输中"},
		{New(Zh), "not in the catalog %d", []any{20000}, "not in the catalog 20000"},
		{nilP, "%d parcels", []any{2}, "2 parcels"},
	} {
		if got := tt.p.Plain(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s %q %v: %q, want %q", tt.p.Lang(), tt.key, tt.args, got, tt.want)
		}
	}
	// T, for contrast: x/text groups the digits.
	if got := New(En).T("%d parcels", 1234567); got == "1234567 parcels" {
		t.Logf("x/text no longer groups digits: Plain may be T")
	}
}
