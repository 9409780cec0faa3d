package tracker

import (
	"reflect"
	"testing"
)

// The scorecard's claim money on hand-made parcels, the answers worked out
// by hand in the comments.
func TestScorecardClaimMoney(t *testing.T) {
	cl := func(st ClaimState, cur string, claimed, recovered Money) ClaimOutcome {
		return ClaimOutcome{State: st, Currency: cur, Claimed: claimed, Recovered: recovered}
	}
	history := []HistoryRecord{
		// cainiao CN→DE, parcel 1: paid in part. Claimed 45.99, back 30.00.
		{ShipmentID: 1, Carrier: "cainiao", Origin: "CN", Destination: "DE", ShippedAt: dayN(0),
			Claims: []ClaimOutcome{cl(ClaimPaid, "USD", 4599, 3000)}},
		// cainiao CN→DE, parcel 2: rejected (20.00, nothing back), then a
		// second complaint for the same loss paid in full (20.00 back). The
		// loss is asked for twice, so it counts once: claimed 20.00 (the
		// larger of 20.00 and 20.00), back 20.00.
		{ShipmentID: 2, Carrier: "cainiao", Origin: "CN", Destination: "DE", ShippedAt: dayN(1),
			Claims: []ClaimOutcome{cl(ClaimRejected, "USD", 2000, 0), cl(ClaimPaid, "USD", 2000, 2000)}},
		// cainiao CN→DE, parcel 3: an open claim (filed) and a draft: not
		// closed, so not counted; the parcel adds nothing.
		{ShipmentID: 3, Carrier: "cainiao", Origin: "CN", Destination: "DE", ShippedAt: dayN(2),
			Claims: []ClaimOutcome{cl(ClaimFiled, "USD", 9900, 0), cl(ClaimDraft, "USD", 100, 0)}},
		// cainiao CN→FR, parcel 4: withdrawn (12.50 given up) and, in
		// another currency, the insurer paid 80.00 of 100.00 EUR.
		{ShipmentID: 4, Carrier: "cainiao", Origin: "CN", Destination: "FR", ShippedAt: dayN(3),
			Claims: []ClaimOutcome{cl(ClaimWithdrawn, "USD", 1250, 0), cl(ClaimPaid, "EUR", 10000, 8000)}},
		// dhl CN→DE, parcel 5: rejected, 15.00 lost whole.
		{ShipmentID: 5, Carrier: "dhl", Origin: "CN", Destination: "DE", ShippedAt: dayN(4),
			Claims: []ClaimOutcome{cl(ClaimRejected, "USD", 1500, 0)}},
		// dhl, parcel 6: no claims.
		{ShipmentID: 6, Carrier: "dhl", Origin: "CN", Destination: "DE", ShippedAt: dayN(5)},
	}
	money := func(s []Score) map[ScoreKey][]ClaimMoney {
		out := map[ScoreKey][]ClaimMoney{}
		for _, sc := range s {
			out[sc.ScoreKey] = sc.ClaimMoney
		}
		return out
	}
	for _, tc := range []struct {
		name string
		by   Grouping
		want map[ScoreKey][]ClaimMoney
	}{
		{"by carrier", ByCarrier, map[ScoreKey][]ClaimMoney{
			// cainiao USD: parcels 1, 2 and 4 (3 has nothing closed).
			// Claimed 45.99 + 20.00 + 12.50 = 78.49; back 30.00 + 20.00 +
			// 0 = 50.00; net loss 28.49. EUR: parcel 4 alone, 100.00
			// claimed, 80.00 back, 20.00 lost.
			{Carrier: "cainiao"}: {{Currency: "EUR", Parcels: 1, Claimed: 10000, Recovered: 8000},
				{Currency: "USD", Parcels: 3, Claimed: 7849, Recovered: 5000}},
			// dhl: parcel 5, 15.00 claimed, nothing back, 15.00 lost.
			{Carrier: "dhl"}: {{Currency: "USD", Parcels: 1, Claimed: 1500, Recovered: 0}},
		}},
		{"by route", ByRoute, map[ScoreKey][]ClaimMoney{
			// CN→DE: parcels 1 and 2: 45.99 + 20.00 = 65.99 claimed, 30.00
			// + 20.00 = 50.00 back, 15.99 lost.
			{Carrier: "cainiao", Origin: "CN", Destination: "DE"}: {{Currency: "USD", Parcels: 2, Claimed: 6599, Recovered: 5000}},
			// CN→FR: parcel 4: 100.00 EUR claimed, 80.00 back; 12.50 USD
			// claimed, nothing back.
			{Carrier: "cainiao", Origin: "CN", Destination: "FR"}: {{Currency: "EUR", Parcels: 1, Claimed: 10000, Recovered: 8000},
				{Currency: "USD", Parcels: 1, Claimed: 1250, Recovered: 0}},
			{Carrier: "dhl", Origin: "CN", Destination: "DE"}: {{Currency: "USD", Parcels: 1, Claimed: 1500, Recovered: 0}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := money(Scorecard(history, ScoreOptions{Now: scoreNow, By: tc.by}))
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("claim money\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
	// Net loss and the JSON's exact strings: cainiao USD 78.49 − 50.00.
	var cainiao Score
	for _, s := range Scorecard(history, ScoreOptions{Now: scoreNow, By: ByCarrier}) {
		if s.Carrier == "cainiao" {
			cainiao = s
		}
	}
	j := cainiao.JSON().Claims
	want := []ClaimMoneyJSON{{Currency: "EUR", Parcels: 1, Claimed: "100.00", Recovered: "80.00", NetLoss: "20.00"},
		{Currency: "USD", Parcels: 3, Claimed: "78.49", Recovered: "50.00", NetLoss: "28.49"}}
	if !reflect.DeepEqual(j, want) {
		t.Fatalf("json claims %+v, want %+v", j, want)
	}
}
