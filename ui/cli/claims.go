package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker"
	"waybill/ui"
	"waybill/ui/i18n"
)

// `waybill claim add|set` and `waybill claims`: the claims ledger, money
// asked back from a carrier or an insurer, through the service (the same
// actions as the claims view).

const claimUsage = `Usage:
  waybill claim add CASE --party NAME [--insurer] --amount N --currency CUR
                         [--ref R] [--filed DATE] [--state draft|filed]
  waybill claim set ID --state S [--recovered N] [--ref R] [--filed DATE]
                       [--note TEXT]
  waybill claims [--json] [--state S]

States: draft → filed → answered → paid | rejected (→ appealed) | withdrawn.
Filing needs --ref and --filed; paid needs --recovered (more than 0, at most
the amount claimed).
`

func (a *app) claimCmd() *cobra.Command {
	cmd := leaf("claim add|set ...", "money claimed from a carrier or insurer (waybill claim help)", func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("say what to do with a claim: add or set (waybill claim help)")
		}
		if args[0] == "help" {
			fmt.Fprint(a.stdout, claimUsage)
			return nil
		}
		return usagef("claim %q: want add or set (waybill claim help)", args[0])
	})
	cmd.Long = "Record money claimed from a carrier or an insurer for a case's parcel.\n\n" + claimUsage
	cmd.AddCommand(a.claimAddCmd(), a.claimSetCmd())
	return cmd
}

// parseClaimID reads a claim's number.
func parseClaimID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("claim id %q: want a claim number such as 3 (waybill claims shows them)", s)
	}
	return id, nil
}

func (a *app) claimAddCmd() *cobra.Command {
	var party, amount, currency, ref, filed, state string
	var insurer, asJSON bool
	cmd := leaf("add CASE --party NAME [--insurer] --amount N --currency CUR", "add a claim to a case's parcel", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one case id, got %d arguments", len(args))
		}
		caseID, err := parseCaseID(args[0])
		if err != nil {
			return err
		}
		if strings.TrimSpace(party) == "" {
			return usagef("--party: say whom the claim is made to (a carrier's slug, or with --insurer the insurer)")
		}
		if amount == "" {
			return usagef("--amount: say how much is claimed, such as 45.99")
		}
		claimed, err := parseAmount("--amount", amount)
		if err != nil {
			return err
		}
		req := tracker.ClaimRequest{CaseID: caseID, PartyKind: tracker.PartyCarrier, Party: party, Reference: ref,
			Claimed: claimed, Currency: currency}
		if insurer {
			req.PartyKind = tracker.PartyInsurer
		}
		if state != "" {
			if req.State, err = tracker.ParseClaimState(state); err != nil {
				return usagef("--state: %v", err)
			}
			if req.State != tracker.ClaimDraft && req.State != tracker.ClaimFiled {
				return usagef("--state %q: a new claim is draft or filed (move it on with waybill claim set)", state)
			}
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		if filed != "" {
			if req.FiledAt, err = tracker.ParseDate(filed, svc.Now()); err != nil {
				return usagef("--filed: %v", err)
			}
		}
		c, err := svc.AddClaim(cmd.Context(), actor(), req)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.stdout, claimJSONOf(tracker.ClaimRow{Claim: c}, svc.Now()))
		}
		tr := a.tr()
		_, err = fmt.Fprintln(a.stdout, tr.Plain("added claim %d to case %d: %s %s, %s %s claimed, %s", c.ID, c.CaseID,
			partyKindWord(tr, c.PartyKind), ui.Sanitize(c.Party), c.Claimed, c.Currency, claimStateWord(tr, c.State)))
		return err
	})
	fs := cmd.Flags()
	fs.StringVar(&party, "party", "", "the carrier's `slug` (cainiao, dhl …), or the insurer's name with --insurer")
	fs.BoolVar(&insurer, "insurer", false, "the party is an insurer, not the carrier")
	fs.StringVar(&amount, "amount", "", "the `amount` claimed, such as 45.99")
	fs.StringVar(&currency, "currency", "", "the amount's `code` (USD, EUR …)")
	fs.StringVar(&ref, "ref", "", "the party's claim `reference`")
	fs.StringVar(&filed, "filed", "", "the `date` it was filed (YYYY-MM-DD, today …)")
	fs.StringVar(&state, "state", "", "draft (the default) or filed")
	fs.BoolVar(&asJSON, "json", false, "print the claim as JSON")
	return cmd
}

func (a *app) claimSetCmd() *cobra.Command {
	var state, recovered, ref, filed, note string
	var asJSON bool
	cmd := leaf("set ID --state S [--recovered N] [--ref R] [--note TEXT]", "move a claim on, or set what came back", func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("want one claim id, got %d arguments", len(args))
		}
		id, err := parseClaimID(args[0])
		if err != nil {
			return err
		}
		var ch tracker.ClaimChange
		if state != "" {
			if ch.State, err = tracker.ParseClaimState(state); err != nil {
				return usagef("--state: %v", err)
			}
		}
		if cmd.Flags().Changed("recovered") {
			m, err := parseAmount("--recovered", recovered)
			if err != nil {
				return err
			}
			ch.Recovered = &m
		}
		if cmd.Flags().Changed("ref") {
			ch.Reference = &ref
		}
		ch.Note = note
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		if cmd.Flags().Changed("filed") {
			d, err := tracker.ParseDate(filed, svc.Now())
			if err != nil {
				return usagef("--filed: %v", err)
			}
			ch.FiledAt = &d
		}
		c, err := svc.ChangeClaim(cmd.Context(), actor(), id, ch)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a.stdout, claimJSONOf(tracker.ClaimRow{Claim: c}, svc.Now()))
		}
		_, err = fmt.Fprintln(a.stdout, a.tr().Plain("claim %d: %s, %s of %s %s recovered", c.ID, claimStateWord(a.tr(), c.State), c.Recovered, c.Claimed, c.Currency))
		return err
	})
	fs := cmd.Flags()
	fs.StringVar(&state, "state", "", "the new `state`: filed, answered, paid, rejected, appealed, withdrawn")
	fs.StringVar(&recovered, "recovered", "", "the `amount` that came back")
	fs.StringVar(&ref, "ref", "", "the party's claim `reference`")
	fs.StringVar(&filed, "filed", "", "the `date` it was filed")
	fs.StringVar(&note, "note", "", "a `note` for the claim's log")
	fs.BoolVar(&asJSON, "json", false, "print the claim as JSON")
	return cmd
}

func (a *app) claimsCmd() *cobra.Command {
	var state string
	var asJSON bool
	cmd := leaf("claims [--json] [--state S]", "the claims ledger: what was claimed and what came back", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		var q tracker.ClaimQuery
		if state != "" {
			st, err := tracker.ParseClaimState(state)
			if err != nil {
				return usagef("--state: %v", err)
			}
			q.State = st
		}
		s, svc, err := a.openService(cmd.Context())
		if err != nil {
			return err
		}
		defer s.Close()
		rows, err := svc.Claims(cmd.Context(), q)
		if err != nil {
			return err
		}
		if asJSON {
			list := make([]claimJSON, 0, len(rows))
			for _, r := range rows {
				list = append(list, claimJSONOf(r, svc.Now()))
			}
			return writeJSON(a.stdout, list)
		}
		return printClaims(a.stdout, a.tr(), rows, svc.Now(), state)
	})
	fs := cmd.Flags()
	fs.BoolVar(&asJSON, "json", false, "print a JSON array of claims (amounts as decimal strings)")
	fs.StringVar(&state, "state", "", "only claims in this `state`")
	return cmd
}

// claimJSON is a claim as --json prints it: amounts as exact decimal
// strings ("45.99"), filed_on a date or null.
type claimJSON struct {
	ID         int64   `json:"id"`
	CaseID     int64   `json:"case_id"`
	OrderNo    string  `json:"order_no,omitempty"`
	TrackingNo string  `json:"tracking_no,omitempty"`
	PartyKind  string  `json:"party_kind"`
	Party      string  `json:"party"`
	Reference  string  `json:"reference"`
	FiledOn    *string `json:"filed_on"`
	Claimed    string  `json:"claimed"`
	Recovered  string  `json:"recovered"`
	Currency   string  `json:"currency"`
	State      string  `json:"state"`
	AgeDays    int     `json:"age_days"`
	Note       string  `json:"note"`
}

func claimJSONOf(r tracker.ClaimRow, now time.Time) claimJSON {
	j := claimJSON{ID: r.ID, CaseID: r.CaseID, OrderNo: r.OrderNo, TrackingNo: r.TrackingNo, PartyKind: string(r.PartyKind),
		Party: r.Party, Reference: r.Reference, Claimed: r.Claimed.String(), Recovered: r.Recovered.String(),
		Currency: r.Currency, State: string(r.State), AgeDays: int(r.Age(now) / (24 * time.Hour)), Note: r.Note}
	if !r.FiledAt.IsZero() {
		d := r.FiledAt.Format(time.DateOnly)
		j.FiledOn = &d
	}
	return j
}

func printClaims(out io.Writer, tr *i18n.Printer, rows []tracker.ClaimRow, now time.Time, state string) error {
	if len(rows) == 0 {
		if state != "" {
			_, err := fmt.Fprintln(out, tr.Plain("no %s claims", claimStateWord(tr, tracker.ClaimState(state))))
			return err
		}
		_, err := fmt.Fprintln(out, tr.Plain("no claims (add one with: waybill claim add CASE …)"))
		return err
	}
	tw := newTable(out)
	fmt.Fprintln(tw, heads(tr, "ID", "STATE", "CLAIMED", "RECOVERED", "PARTY", "REF", "FILED", "AGE", "ORDER", "CASE"))
	for _, r := range rows {
		filed, ref := "—", "—"
		if !r.FiledAt.IsZero() {
			filed = r.FiledAt.Format(time.DateOnly)
		}
		if r.Reference != "" {
			ref = ui.Sanitize(r.Reference)
		}
		party := ui.Sanitize(r.Party)
		if r.PartyKind == tracker.PartyInsurer {
			party += tr.Plain(" (insurer)")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s %s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", r.ID, claimStateWord(tr, r.State), r.Claimed, r.Currency, r.Recovered,
			party, ref, filed, tr.Plain("%dd", int(r.Age(now)/(24*time.Hour))), ui.Sanitize(r.OrderNo), r.CaseID)
	}
	return tw.Flush()
}
