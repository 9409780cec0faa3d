package ui

import (
	"strings"
	"testing"

	"waybill/tracker"
)

// The scorecard shows a line's net loss from closed claims where the
// screen is wide enough, and claimed and recovered beside it on wider ones.
func TestScorecardShowsClaimMoney(t *testing.T) {
	fh := scoreFake()
	// slow-mail's lost parcel: 30.00 claimed, 12.50 back, so 17.50 lost;
	// an open claim on it counts for nothing.
	fh.recs[3].Claims = []tracker.ClaimOutcome{
		{State: tracker.ClaimPaid, Currency: "USD", Claimed: 3000, Recovered: 1250},
		{State: tracker.ClaimFiled, Currency: "USD", Claimed: 9900},
	}
	for _, tc := range []struct {
		w    int
		want []string
	}{
		{160, []string{"Net loss", "17.50 USD"}},
		{240, []string{"Claimed", "30.00 USD", "Recovered", "12.50 USD", "Net loss", "17.50 USD"}},
	} {
		h := newHarness(t, Options{Reader: newFakeReader(10), History: fh}, tc.w, 35)
		h.press("S")
		out := h.view()
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%d columns: the scorecard lacks %q:\n%s", tc.w, w, out)
			}
		}
		if strings.Contains(out, "99.00") {
			t.Errorf("%d columns: an open claim counted", tc.w)
		}
	}
}
