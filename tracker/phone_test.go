package tracker

import "testing"

func TestPhoneDigits(t *testing.T) {
	for _, tc := range []struct{ in, digits, last4 string }{
		{"+86 138-0013-8000", "8613800138000", "8000"},
		{"(555) 123-4567 x89", "5551234567", "4567"},
		{"0755-8888 8888转123", "075588888888", "8888"},
		{"１３８００１３８０００", "13800138000", "8000"},
		{"12", "12", ""},
		{"", "", ""},
	} {
		if got := PhoneDigits(tc.in); got != tc.digits {
			t.Errorf("PhoneDigits(%q) = %q, want %q", tc.in, got, tc.digits)
		}
		if got := PhoneLast4(tc.in); got != tc.last4 {
			t.Errorf("PhoneLast4(%q) = %q, want %q", tc.in, got, tc.last4)
		}
	}
}
