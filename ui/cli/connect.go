package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"waybill/tracker"
)

// MarketConnector is what `waybill connect` needs of a marketplace's
// adapter: the page where the seller grants access, and the exchange of
// the code that page hands back for tokens, which the adapter keeps in
// its own file (never in the store, an output or a log).
type MarketConnector interface {
	ConsentURL(state string) string
	Exchange(ctx context.Context, code string) (MarketGrant, error)
}

// MarketGrant is what `waybill connect` may show of a grant: who granted
// it, until when, and where its tokens are kept; never the tokens.
type MarketGrant struct {
	SellerID, UserNick string
	ExpiresAt          time.Time
	RefreshExpiresAt   time.Time // zero when the answer did not say
	TokenPath          string
}

const connectUsage = `Connect a marketplace account: waybill connect aliexpress [--code CODE]

Without --code, waybill prints the address of the marketplace's consent page
and reads the code from the line you paste (the code, or the whole address
the page sent you to). The tokens go to a file of mode 0600 beside the
config and are refreshed before they expire.
`

func (a *app) connectCmd() *cobra.Command {
	cmd := leaf("connect aliexpress", "link a marketplace account: aliexpress", func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("say which marketplace to connect: aliexpress")
		}
		return usagef("no marketplace %q: want aliexpress", args[0])
	})
	cmd.Long = connectUsage
	cmd.AddCommand(a.connectAliExpressCmd())
	return cmd
}

func (a *app) connectAliExpressCmd() *cobra.Command {
	var code string
	cmd := leaf("aliexpress [--code CODE]", "grant waybill access to your AliExpress store", func(cmd *cobra.Command, args []string) error {
		if err := noArgs(args); err != nil {
			return err
		}
		codeGiven := cmd.Flags().Changed("code")
		if codeGiven && strings.TrimSpace(code) == "" {
			return usagef("--code is empty: give the code the consent page sent you")
		}
		return a.connectAliExpress(cmd.Context(), code, codeGiven)
	})
	cmd.Long = connectUsage
	cmd.Flags().StringVar(&code, "code", "", "the consent page's `code`; without it, waybill asks for it")
	return cmd
}

func (a *app) connectAliExpress(ctx context.Context, code string, codeGiven bool) error {
	cfg, cfgPath, err := a.config()
	if err != nil {
		return err
	}
	if cfg.Marketplaces.AliExpress == nil {
		return problemf("no [marketplaces.aliexpress] table in %s: add one with app_key and app_secret_env (config.example.toml shows it)", cfgPath)
	}
	if a.wiring.Connect == nil {
		return problemf("this build cannot connect marketplaces")
	}
	conn, err := a.wiring.Connect(ctx, "aliexpress", cfg, cfgPath)
	if err != nil {
		return err
	}
	if !codeGiven {
		state := newState()
		tr := a.tr()
		fmt.Fprintf(a.stdout, "%s\n\n  %s\n\n", tr.Plain("Open this address, sign in as the seller and grant access:"), conn.ConsentURL(state))
		fmt.Fprint(a.stderr, tr.Plain("Paste the code (or the whole address the page sent you to): "))
		if code, err = readCode(a.stdin, state); err != nil {
			return err
		}
	}
	g, err := conn.Exchange(ctx, code)
	if err != nil {
		return err
	}
	tr := a.tr()
	var who string
	switch nick, id := tracker.Sanitize(g.UserNick), tracker.Sanitize(g.SellerID); {
	case nick != "" && id != "":
		who = tr.Plain("the AliExpress seller %s (seller id %s)", nick, id)
	case nick != "":
		who = tr.Plain("the AliExpress seller %s", nick)
	case id != "":
		who = tr.Plain("the AliExpress seller with seller id %s", id)
	default:
		who = tr.Plain("the AliExpress seller")
	}
	fmt.Fprintln(a.stdout, tr.Plain("connected %s", who))
	fmt.Fprintln(a.stdout, tr.Plain("the access token expires %s; waybill refreshes it before then", g.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC")))
	if !g.RefreshExpiresAt.IsZero() {
		fmt.Fprintln(a.stdout, tr.Plain("the grant ends %s: run waybill connect aliexpress again before then", g.RefreshExpiresAt.UTC().Format("2006-01-02 15:04 UTC")))
	}
	fmt.Fprintln(a.stdout, tr.Plain("tokens kept in %s (mode 0600)", g.TokenPath))
	return nil
}

// newState is the consent request's state: an address pasted back with
// another state is from another attempt (or someone else's), and refused.
func newState() string {
	b := make([]byte, 12)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// readCode reads one pasted line: the code itself, or the callback
// address that carries it as ?code=…&state=….
func readCode(in interface{ Read([]byte) (int, error) }, state string) (string, error) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	if !sc.Scan() {
		return "", problemf("no code read: paste the code from the consent page, or pass --code")
	}
	line := strings.TrimSpace(sc.Text())
	if strings.Contains(line, "code=") {
		u, err := url.Parse(line)
		if err != nil {
			return "", problemf("the pasted address is not a URL: paste the code alone, or the whole address")
		}
		q := u.Query()
		if s := q.Get("state"); s != "" && s != state {
			return "", problemf("the pasted address is from another connect attempt (its state differs): open the address above and try again")
		}
		line = q.Get("code")
	}
	if line == "" {
		return "", problemf("no code read: paste the code from the consent page, or pass --code")
	}
	return line, nil
}
