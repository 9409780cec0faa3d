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

// DHL answers a used-up daily quota with the same 429 as its 1 call/s
// limit. The built binary, pointed at a fake whose day of calls is used
// up, must say that DHL is paused until the reset at 00:00 GMT, and not
// keep asking: one call, one retry after DHL's interval, then nothing
// until midnight, in this pass or the next.
func TestCLIDHLDailyQuotaPausesUntilReset(t *testing.T) {
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

	// Three DHL Express waybill numbers: ten digits, the last the first
	// nine mod 7.
	for i := range 3 {
		base := 331881002 + i*7919
		num := fmt.Sprintf("%09d%d", base, base%7)
		if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", fmt.Sprintf("SHOP-%d", i), "--tracking", num, "--carrier", "dhl-express"); r.code != 0 {
			t.Fatalf("add %s: exit %d\n%s%s", num, r.code, r.stdout, r.stderr)
		}
	}

	start := time.Now()
	r := waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	now := time.Now().UTC()
	reset := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	want := "dhl paused until " + reset.Format("2006-01-02 15:04 MST")
	if r.code != 1 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "daily quota used up, resets 00:00 GMT") {
		t.Fatalf("refresh: exit %d, want 1 and %q with the reason\n%s%s", r.code, want, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "skipped 3") {
		t.Errorf("refresh does not say the 3 parcels were skipped:\n%s", r.stdout)
	}
	if took := time.Since(start); took < time.Second {
		t.Errorf("called it the quota after %v, before DHL's 1 s interval had passed", took)
	}
	if n := fake.Stats().Requests; n != 2 {
		t.Fatalf("%d calls in the first pass, want 2: the 429 and one retry after the interval", n)
	}

	// The parcels wait for the reset: another pass (a cron job, the next
	// `refresh --watch` tick) asks DHL nothing before midnight.
	r = waybill(t, "refresh", "--once", "--db", db, "--config", cfg)
	if n := fake.Stats().Requests; n != 2 {
		t.Fatalf("%d calls after a second pass, want still 2: the parcels wait for 00:00 GMT\n%s%s", n, r.stdout, r.stderr)
	}
	if s := fake.Stats(); s.OverLimit != 0 {
		t.Fatalf("%d calls came within DHL's second of another", s.OverLimit)
	}
}
