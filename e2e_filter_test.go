package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"waybill/store"
	"waybill/tracker"
	"waybill/ui"
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
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
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

// The screen's `/` and `waybill list --query` are one query: each query of
// one table finds exactly the same parcels through both, on one store.
// Parcels added to an order by their number alone go where the order goes,
// so a query with the order's country finds all of them.
func TestFilterIsOneQueryOnScreenAndCommandLine(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	a, b, c := s10("RB", 12345678, "GB"), s10("RR", 23456789, "CN"), s10("LX", 34567890, "CN")
	d, e := s10("EE", 45678901, "CN"), s10("RR", 56789012, "CN")
	for _, args := range [][]string{
		{"--order", "AE-TEST", "--tracking", a, "--country", "DE", "--buyer", "Anna Weber"},
		{"--order", "AE-TEST", "--tracking", b}, // pasted onto the order: no country given
		{"--order", "AE-TEST", "--tracking", c},
		{"--order", "AE-2", "--tracking", d, "--country", "US", "--buyer", "Dennis Moore"},
		{"--order", "SHOP-9", "--tracking", e, "--country", "FR", "--buyer", "Luc Martin"},
	} {
		if r := waybill(t, append([]string{"add", "--db", db}, args...)...); r.code != 0 {
			t.Fatalf("add %v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"AE-TEST DE", []string{a, b, c}},
		{"ae test", []string{a, b, c}},
		{"DE", []string{a, b, c, d}}, // Germany, and Dennis
		{"weber", []string{a, b, c}},
		{"RR", []string{b, e}},
		{"fr luc", []string{e}},
		{"pend", []string{a, b, c, d, e}},
		{"AE-TEST FR", nil},
		{"zzzz", nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			slices.Sort(tc.want)
			// The command line.
			r := waybill(t, "list", "--json", "--query", tc.query, "--db", db)
			var listedOrders []listed
			if err := json.Unmarshal([]byte(r.stdout), &listedOrders); err != nil || r.code != 0 {
				t.Fatalf("list --query %q: exit %d %v\n%s", tc.query, r.code, err, r.stderr)
			}
			var cli []string
			for _, o := range listedOrders {
				for _, s := range o.Shipments {
					cli = append(cli, s.TrackingNo)
				}
			}
			slices.Sort(cli)
			if !slices.Equal(cli, tc.want) {
				t.Errorf("list --query %q lists %v, want %v", tc.query, cli, tc.want)
			}
			// The screen: / and the query typed, as a person does.
			dr := ui.NewDriver(ctx, ui.Options{Reader: st, Clock: tracker.SystemClock{}}, 160, 45)
			dr.Start(160, 45)
			dr.Key(ui.KeyPress("/"))
			for _, k := range tc.query {
				dr.KeyUntilShown(ui.KeyPress(string(k)))
			}
			view := ansi.Strip(dr.View())
			var screen []string
			for _, n := range []string{a, b, c, d, e} {
				if strings.Contains(view, n) {
					screen = append(screen, n)
				}
			}
			slices.Sort(screen)
			if !slices.Equal(screen, tc.want) || dr.Matches() != len(tc.want) {
				t.Errorf("/%s shows %v (%d matches), want %v\n%s", tc.query, screen, dr.Matches(), tc.want, view)
			}
		})
	}
}
