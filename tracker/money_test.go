package tracker

import (
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want Money
	}{
		{"12.50", 1250},
		{"19.9", 1990},
		{"0.05", 5},
		{"7", 700},
		{"1,234.50", 123450},
		{"1.234,50", 123450},
		{"12,50", 1250},
		{"1,234", 123400},
		{"1,234,567", 123456700},
		{"1.234.567", 123456700},
		{"¥120", 12000},
		{"￥ 99.90", 9990},
		{"$1,000", 100000},
		{"US$ 12.00", 1200},
		{"USD 19.90", 1990},
		{"19.90 EUR", 1990},
		{"19,90 €", 1990},
		{"120元", 12000},
		{"1 234,50", 123450},
		{".5", 50},
		{"-0", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMoney(tt.in)
			if err != nil {
				t.Fatalf("ParseMoney(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseMoney(%q) = %d, want %d", tt.in, got, tt.want)
			}
			// What String writes reads back exactly.
			again, err := ParseMoney(got.String())
			if err != nil || again != got {
				t.Errorf("round trip of %s = %d, %v", got, again, err)
			}
		})
	}
}

func TestParseMoneyErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty"},
		{"abc", "not an amount"},
		{"12.345", "more than two decimals"},
		{"1.2.3,4.5", "more than one decimal mark"},
		{"-5", "negative"},
		{"1e5", "not an amount"},
		{"NaN", "not an amount"},
		{"99999999999999999999", "too large"},
		{"12 apples", "not an amount"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseMoney(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseMoney(%q) error = %v, want one with %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestMoneyString(t *testing.T) {
	for m, want := range map[Money]string{0: "0.00", 5: "0.05", 1250: "12.50", 123456789: "1234567.89"} {
		if got := m.String(); got != want {
			t.Errorf("Money(%d).String() = %q, want %q", int64(m), got, want)
		}
	}
}

// The fast path and the general one agree.
func TestPlainMoney(t *testing.T) {
	for _, s := range []string{"0", "7", "19.9", "19.90", "0.05", ".5", "5.", "123456789012.34", "1.234", "1,5", "", ".", "12a"} {
		fast, ok := plainMoney(s)
		if !ok {
			continue
		}
		slow, err := ParseMoney(" " + s) // the space skips the fast path
		if err != nil || slow != fast {
			t.Errorf("plainMoney(%q) = %d; ParseMoney = %d, %v", s, fast, slow, err)
		}
	}
}
