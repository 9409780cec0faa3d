package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/carriers/dhl/dhlfake"
)

// DHL's used-up daily quota, learned by one process, is known to every
// other process on the same store: a second `refresh --once` (a cron job)
// asks DHL nothing, even about a parcel added since, and says DHL is
// paused until 00:00 GMT and why; the screen opened on the store says so
// in its status bar. The exit status stays as it was: 1 when a parcel was
// skipped, 0 when nothing was due.
func TestCLIDHLQuotaPauseIsSharedByTheStore(t *testing.T) {
	t.Setenv("TZ", "UTC") // the pause is printed in the reader's zone
	fake := dhlfake.New(t, 1)
	fake.UseUpQuota()
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.dhl]\napi_key_env = \"DHL_KEY\"\nbase_url = %q\n", fake.URL())), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DHL_KEY", fake.Key())
	add := func(order, num string) {
		t.Helper()
		if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", order, "--tracking", num, "--carrier", "dhl-express"); r.code != 0 {
			t.Fatalf("add %s: exit %d\n%s%s", num, r.code, r.stdout, r.stderr)
		}
	}
	// DHL Express waybill numbers: ten digits, the last the first nine mod 7.
	add("S", "3318810025")

	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	now := time.Now().UTC()
	reset := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	paused := "dhl paused until " + reset.Format("2006-01-02 15:04 MST")
	const why = "daily quota used up, resets 00:00 GMT"
	if r.code != 1 || !strings.Contains(r.stdout, paused) || !strings.Contains(r.stdout, why) {
		t.Fatalf("first refresh: exit %d, want 1 and %q: %q\n%s%s", r.code, paused, why, r.stdout, r.stderr)
	}
	calls := fake.Stats().Requests // the 429 and one retry after DHL's interval

	cases := []struct {
		name    string
		prep    func()
		code    int
		skipped string
	}{
		{"nothing due: says the pause it did not learn itself", func() {}, 0, "skipped 0"},
		{"a parcel added since: skipped without a call", func() { add("T", "3318889243") }, 1, "skipped 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.prep()
			r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
			if n := fake.Stats().Requests; n != calls {
				t.Fatalf("%d DHL calls, want still %d: the quota is used up until 00:00 GMT\n%s%s", n, calls, r.stdout, r.stderr)
			}
			if r.code != tc.code || !strings.Contains(r.stdout, paused) || !strings.Contains(r.stdout, why) || !strings.Contains(r.stdout, tc.skipped) {
				t.Fatalf("exit %d, want %d, %q and %q: %q\n%s%s", r.code, tc.code, tc.skipped, paused, why, r.stdout, r.stderr)
			}
		})
	}

	// The screen on the same store and config says it from its first pass,
	// and asks nothing either.
	add("U", "3318897164")
	screen, quit := tmuxWaybill(t, newHome(t), 120, 35, "--db", db, "--config", cfg)
	waitScreen(t, screen, "dhl paused until 00:00: "+why)
	quit()
	if n := fake.Stats().Requests; n != calls {
		t.Fatalf("the screen made %d DHL calls, want none", n-calls)
	}

	// The pause was about the key it was learned with: a process with
	// another key (a new app with a quota of its own) asks DHL.
	t.Setenv("DHL_KEY", "another-app-key")
	r = waybill(t, "refresh", "--once", "--db", db, "--config", cfg, "S")
	if n := fake.Stats().Requests; n == calls || strings.Contains(r.stdout, why) {
		t.Fatalf("with another key: %d DHL calls, want some, and not the old key's pause\n%s%s", n-calls, r.stdout, r.stderr)
	}
}
