package tracker

import (
	"strings"
	"testing"
	"time"
)

// [deadlines] extend_days and extend_before: defaults 15 days (UNCONFIRMED)
// and 5 days; a value out of bounds is refused naming the key and line.
func TestExtendConfig(t *testing.T) {
	for _, tc := range []struct {
		name, src, wantErr string
		days               int
		before             time.Duration
	}{
		{"defaults", "", "", 15, 120 * time.Hour},
		{"set", "[deadlines]\nextend_days = 10\nextend_before = \"72h\"\n", "", 10, 72 * time.Hour},
		{"days 0", "[deadlines]\nextend_days = 0\n", "deadlines.extend_days", 0, 0},
		{"days 400", "[deadlines]\nextend_days = 400\n", "deadlines.extend_days", 0, 0},
		{"before too far", "[deadlines]\nextend_before = \"2400h\"\n", "deadlines.extend_before", 0, 0},
	} {
		c, err := ParseConfig("config.toml", []byte(tc.src))
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "config.toml line ")):
			t.Errorf("%s: %v, want an error naming %s with its line", tc.name, err, tc.wantErr)
		case tc.wantErr == "" && (c.Deadlines.ExtendDays != tc.days || c.Deadlines.ExtendBefore.Duration != tc.before):
			t.Errorf("%s: extend_days %d extend_before %v, want %d %v", tc.name, c.Deadlines.ExtendDays, c.Deadlines.ExtendBefore.Duration, tc.days, tc.before)
		}
	}
}
