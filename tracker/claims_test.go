package tracker

import (
	"strings"
	"testing"
	"time"
)

var claimNow = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

// claimIn is a valid claim in state st, with what that state needs.
func claimIn(st ClaimState) Claim {
	c := Claim{ID: 7, PartyKind: PartyCarrier, Party: "cainiao", Claimed: 4500, Currency: "USD", State: st}
	if st != ClaimDraft {
		c.FiledAt, c.Reference = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), "CN-123"
	}
	if st == ClaimWithdrawn {
		c.FiledAt, c.Reference = time.Time{}, ""
	}
	if st == ClaimPaid {
		c.Recovered = 4500
	}
	return c
}

func money(m Money) *Money    { return &m }
func str(s string) *string    { return &s }
func day(s string) *time.Time { t, _ := time.Parse(time.DateOnly, s); return &t }

// TestClaimTransitions is the state machine as a table: every move that is
// allowed with what it needs, and moves refused with the field and value
// the error must name.
func TestClaimTransitions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		from    ClaimState
		ch      ClaimChange
		want    ClaimState
		wantErr []string // substrings of the refusal; nil: allowed
	}{
		{"draft filed with date and ref", ClaimDraft, ClaimChange{State: ClaimFiled, Reference: str("R1"), FiledAt: day("2026-11-20")}, ClaimFiled, nil},
		{"draft filed without a ref", ClaimDraft, ClaimChange{State: ClaimFiled, FiledAt: day("2026-11-20")}, "", []string{"state filed", "reference", "--ref"}},
		{"draft filed without a date", ClaimDraft, ClaimChange{State: ClaimFiled, Reference: str("R1")}, "", []string{"state filed", "filed date", "--filed"}},
		{"draft filed in the future", ClaimDraft, ClaimChange{State: ClaimFiled, Reference: str("R1"), FiledAt: day("2027-01-01")}, "", []string{"filed date 2027-01-01", "future"}},
		{"draft withdrawn", ClaimDraft, ClaimChange{State: ClaimWithdrawn}, ClaimWithdrawn, nil},
		{"draft cannot be paid", ClaimDraft, ClaimChange{State: ClaimPaid, Recovered: money(100)}, "", []string{"state paid", "a draft claim cannot become paid", "filed, withdrawn"}},
		{"filed answered", ClaimFiled, ClaimChange{State: ClaimAnswered}, ClaimAnswered, nil},
		{"filed paid in full", ClaimFiled, ClaimChange{State: ClaimPaid, Recovered: money(4500)}, ClaimPaid, nil},
		{"filed paid in part", ClaimFiled, ClaimChange{State: ClaimPaid, Recovered: money(1234)}, ClaimPaid, nil},
		{"paid without recovered", ClaimFiled, ClaimChange{State: ClaimPaid}, "", []string{"state paid", "recovered 0.00", "--recovered"}},
		{"paid more than claimed", ClaimFiled, ClaimChange{State: ClaimPaid, Recovered: money(4501)}, "", []string{"recovered 45.01", "more than the 45.00 claimed"}},
		{"paid a negative amount", ClaimFiled, ClaimChange{State: ClaimPaid, Recovered: money(-1)}, "", []string{"recovered -0.01", "0 or more"}},
		{"rejected with money", ClaimFiled, ClaimChange{State: ClaimRejected, Recovered: money(100)}, "", []string{"state rejected", "recovered 1.00", "partial payment is paid"}},
		{"filed rejected", ClaimFiled, ClaimChange{State: ClaimRejected}, ClaimRejected, nil},
		{"filed cannot be appealed", ClaimFiled, ClaimChange{State: ClaimAppealed}, "", []string{"state appealed", "a filed claim cannot become appealed"}},
		{"answered appealed", ClaimAnswered, ClaimChange{State: ClaimAppealed}, ClaimAppealed, nil},
		{"rejected appealed", ClaimRejected, ClaimChange{State: ClaimAppealed}, ClaimAppealed, nil},
		{"rejected cannot be withdrawn", ClaimRejected, ClaimChange{State: ClaimWithdrawn}, "", []string{"state withdrawn", "it may become: appealed"}},
		{"appealed paid", ClaimAppealed, ClaimChange{State: ClaimPaid, Recovered: money(2000)}, ClaimPaid, nil},
		{"paid is final", ClaimPaid, ClaimChange{State: ClaimAnswered}, "", []string{"state answered", "none (it is final)"}},
		{"withdrawn is final", ClaimWithdrawn, ClaimChange{State: ClaimFiled}, "", []string{"state filed", "none (it is final)"}},
		{"unknown state", ClaimFiled, ClaimChange{State: "lost"}, "", []string{`state "lost"`, "want one of"}},
		{"a note alone", ClaimFiled, ClaimChange{Note: "called them"}, ClaimFiled, nil},
		{"nothing", ClaimFiled, ClaimChange{}, "", []string{"nothing to change"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := claimIn(tc.from)
			got, err := ApplyClaimChange(before, tc.ch, claimNow)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if got.State != tc.want {
					t.Fatalf("state %s, want %s", got.State, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("allowed (%+v), want refused", got)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if got != before {
				t.Errorf("a refused change returned %+v, want the claim unchanged", got)
			}
		})
	}
}

// TestClaimTransitionsCoverEveryState keeps the table whole: every state
// has a row, and every target is a state.
func TestClaimTransitionsCoverEveryState(t *testing.T) {
	for _, s := range ClaimStates {
		next, ok := claimTransitions[s]
		if !ok {
			t.Errorf("state %s has no row in claimTransitions", s)
		}
		for _, n := range next {
			if !n.Valid() {
				t.Errorf("%s → %s: not a state", s, n)
			}
		}
	}
}

func TestCheckClaimFields(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(*Claim)
		wantErr string
	}{
		{"ok", func(*Claim) {}, ""},
		{"no party", func(c *Claim) { c.Party = " " }, "party: empty"},
		{"bad party kind", func(c *Claim) { c.PartyKind = "bank" }, `party kind "bank"`},
		{"zero amount", func(c *Claim) { c.Claimed = 0 }, "amount claimed 0.00"},
		{"bad currency", func(c *Claim) { c.Currency = "usd" }, `currency "usd"`},
		{"long currency", func(c *Claim) { c.Currency = "EURO" }, `currency "EURO"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := claimIn(ClaimDraft)
			tc.edit(&c)
			err := CheckClaim(c, claimNow)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestClaimAttempts(t *testing.T) {
	rows := []ClaimRow{
		{Claim: Claim{ID: 1, PartyKind: PartyCarrier, Party: "cainiao", State: ClaimRejected, FiledAt: claimNow}},
		{Claim: Claim{ID: 2, PartyKind: PartyCarrier, Party: "cainiao", State: ClaimDraft}},                        // never sent
		{Claim: Claim{ID: 3, PartyKind: PartyCarrier, Party: "cainiao", State: ClaimWithdrawn}},                    // withdrawn as a draft
		{Claim: Claim{ID: 4, PartyKind: PartyCarrier, Party: "cainiao", State: ClaimWithdrawn, FiledAt: claimNow}}, // sent, then withdrawn
		{Claim: Claim{ID: 5, PartyKind: PartyInsurer, Party: "cainiao", State: ClaimFiled, FiledAt: claimNow}},     // another party
		{Claim: Claim{ID: 6, PartyKind: PartyCarrier, Party: "dhl", State: ClaimFiled, FiledAt: claimNow}},
	}
	if got := attempts(rows, PartyCarrier, "cainiao", 0); len(got) != 2 || got[0] != 1 || got[1] != 4 {
		t.Fatalf("attempts %v, want [1 4]", got)
	}
	if got := attempts(rows, PartyCarrier, "cainiao", 4); len(got) != 1 {
		t.Fatalf("attempts skipping 4: %v, want [1]", got)
	}
}

func TestClaimsConfig(t *testing.T) {
	for _, tc := range []struct {
		name, src, wantErr string
		check              func(t *testing.T, c Config)
	}{
		{"defaults", "", "", func(t *testing.T, c Config) {
			s := c.ClaimsSettings()
			if s.CarrierWindow("dhl") != DefaultClaimDays || s.InsurerWindow("Any") != DefaultInsurerDays || s.AttemptLimit("cainiao") != 2 || s.AttemptLimit("dhl") != 0 {
				t.Fatalf("defaults: %+v", s)
			}
		}},
		{"windows", "[claims.windows.carriers]\ndefault = 90\ncainiao = 30\n[claims.windows.insurers]\n\"Shipsure\" = 45\n[claims.attempts]\ncainiao = 3\ndhl = 1\n", "", func(t *testing.T, c Config) {
			s := c.ClaimsSettings()
			if s.CarrierWindow("Cainiao") != 30 || s.CarrierWindow("dhl") != 90 || s.InsurerWindow("shipsure") != 45 || s.AttemptLimit("cainiao") != 3 || s.AttemptLimit("DHL") != 1 {
				t.Fatalf("windows: %+v", s)
			}
			if got := c.Policy().Deadlines.ClaimWindow("cainiao"); got != 30 {
				t.Fatalf("the rules' carrier_claim window for cainiao: %d, want 30 from [claims.windows.carriers]", got)
			}
		}},
		{"old alias still works", "[deadlines.claim_days]\nchina-post = 120\n", "", func(t *testing.T, c Config) {
			if c.ClaimsSettings().CarrierWindow("china-post") != 120 || c.Policy().Deadlines.ClaimWindow("china-post") != 120 {
				t.Fatal("[deadlines.claim_days] lost")
			}
		}},
		{"both places", "[deadlines.claim_days]\ncainiao = 120\n[claims.windows.carriers]\ncainiao = 30\n", "deadlines.claim_days.cainiao", nil},
		{"bad window", "[claims.windows.insurers]\nx = 0\n", "claims.windows.insurers.x", nil},
		{"bad attempts", "[claims.attempts]\ncainiao = -1\n", "claims.attempts.cainiao", nil},
		{"unknown key", "[claims.windows]\ncainiao = 30\n", "claims.windows.cainiao", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseConfig("config.toml", []byte(tc.src))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}
