package cli

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseScales(t *testing.T) {
	for _, c := range []struct {
		list string
		want []int
		err  string // in the usage error
	}{
		{"10000,100000,1000000", []int{10_000, 100_000, 1_000_000}, ""},
		{"400, 200", []int{200, 400}, ""}, // smallest first, spaces allowed
		{"100,1000000", []int{100, 1_000_000}, ""},
		{"200", nil, "want two sizes or more"},
		{"200,200", nil, "200 twice"},
		{"99,200", nil, "99: want 100 to 1000000"},
		{"200,1000001", nil, "1000001: want 100 to 1000000"},
		{"200,1e6", nil, `"1e6" is not a number`},
		{"200,", nil, `"" is not a number`},
	} {
		t.Run(c.list, func(t *testing.T) {
			got, err := parseScales(c.list)
			if c.err == "" {
				if err != nil || !slices.Equal(got, c.want) {
					t.Errorf("parseScales(%q) = %v, %v; want %v", c.list, got, err, c.want)
				}
				return
			}
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "--scales") {
				t.Errorf("parseScales(%q) = %v, %v; want a usage error naming --scales with %q", c.list, got, err, c.err)
			}
		})
	}
}
