package tracker

import (
	"cmp"
	"slices"
)

// ClaimOutcome is a claim as the scorecard counts it.
type ClaimOutcome struct {
	State     ClaimState
	Currency  string
	Claimed   Money
	Recovered Money
}

// ClaimMoney is a scorecard line's money in one currency, from closed
// claims only (paid, rejected, withdrawn): an open claim's outcome is not
// known yet. Amounts in different currencies are never added together.
type ClaimMoney struct {
	Currency  string
	Parcels   int   // parcels with a closed claim in this currency
	Claimed   Money // per parcel, the largest amount claimed (see claimMoney)
	Recovered Money
}

// NetLoss is what was claimed and did not come back.
func (m ClaimMoney) NetLoss() Money { return m.Claimed - m.Recovered }

// claimMoney adds one parcel's closed claims to a line's money. A parcel
// claimed twice (a second complaint after a rejection, or the insurer after
// the carrier) asks for the same loss again, so the parcel's claimed money
// is the largest amount among its closed claims, not their sum; what came
// back is the sum of every payment.
func claimMoney(lines []ClaimMoney, claims []ClaimOutcome) []ClaimMoney {
	type perParcel struct{ claimed, recovered Money }
	byCur := map[string]*perParcel{}
	for _, c := range claims {
		if !c.State.Closed() {
			continue
		}
		p := byCur[c.Currency]
		if p == nil {
			p = &perParcel{}
			byCur[c.Currency] = p
		}
		p.claimed = max(p.claimed, c.Claimed)
		p.recovered += c.Recovered
	}
	for cur, p := range byCur {
		i := slices.IndexFunc(lines, func(m ClaimMoney) bool { return m.Currency == cur })
		if i < 0 {
			lines = append(lines, ClaimMoney{Currency: cur})
			i = len(lines) - 1
		}
		lines[i].Parcels++
		lines[i].Claimed += p.claimed
		lines[i].Recovered += p.recovered
	}
	slices.SortFunc(lines, func(a, b ClaimMoney) int { return cmp.Compare(a.Currency, b.Currency) })
	return lines
}

// ClaimMoneyJSON is a line's money in one currency as `report carriers
// --json` prints it: exact decimal strings.
type ClaimMoneyJSON struct {
	Currency  string `json:"currency"`
	Parcels   int    `json:"parcels"`
	Claimed   string `json:"claimed"`
	Recovered string `json:"recovered"`
	NetLoss   string `json:"net_loss"`
}

func claimMoneyJSON(ms []ClaimMoney) []ClaimMoneyJSON {
	out := make([]ClaimMoneyJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, ClaimMoneyJSON{Currency: m.Currency, Parcels: m.Parcels, Claimed: m.Claimed.String(),
			Recovered: m.Recovered.String(), NetLoss: m.NetLoss().String()})
	}
	return out
}
