package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// listed is what the filter looks at in `list --json`.
type listed struct {
	OrderNo   string `json:"order_no"`
	Buyer     string `json:"buyer"`
	Shipments []struct {
		TrackingNo  string `json:"tracking_no"`
		Carrier     string `json:"carrier"`
		Destination string `json:"destination"`
		Status      string `json:"status"`
	} `json:"shipments"`
}

// wordsOf splits as the filter does: letters and digits make words.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// matches is the filter's promise, written out in Go to check the SQL:
// every word of q begins a word of one parcel's fields.
func matches(o listed, q string) bool {
	for _, s := range o.Shipments {
		var words []string
		for _, f := range []string{o.OrderNo, o.Buyer, s.TrackingNo, s.Carrier, s.Destination, s.Status} {
			words = append(words, wordsOf(f)...)
		}
		ok := true
		for _, w := range wordsOf(q) {
			if !slices.ContainsFunc(words, func(x string) bool { return strings.HasPrefix(x, w) }) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func TestCLIListQuery(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	if r := waybill(t, "demo", "--orders", "60", "--seed", "3", "--db", db); r.code != 0 {
		t.Fatalf("demo: exit %d: %s", r.code, r.stderr)
	}
	list := func(args ...string) []listed {
		t.Helper()
		r := waybill(t, append([]string{"list", "--json", "--db", db}, args...)...)
		if r.code != 0 {
			t.Fatalf("list %v: exit %d: %s", args, r.code, r.stderr)
		}
		var out []listed
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("list %v: %v\n%s", args, err, r.stdout)
		}
		return out
	}
	all := list()
	first := all[0]
	surname := wordsOf(first.Buyer)[len(wordsOf(first.Buyer))-1]
	for _, tc := range []struct{ name, query string }{
		{"a buyer's surname", surname},
		{"the start of a tracking number", first.Shipments[0].TrackingNo[:6]},
		{"a whole order number", first.OrderNo},
		{"a destination", first.Shipments[0].Destination},
		{"a status", "delivered"},
		{"a status and a carrier", "transit " + first.Shipments[0].Carrier[:3]},
		{"nothing matches", "zzzz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, o := range all {
				if matches(o, tc.query) {
					want = append(want, o.OrderNo)
				}
			}
			var got []string
			for _, o := range list("--query", tc.query) {
				got = append(got, o.OrderNo)
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("list --query %q = %v, want %v", tc.query, got, want)
			}
			if tc.query != "zzzz" && len(got) == 0 {
				t.Errorf("list --query %q found nothing", tc.query)
			}
		})
	}
}
