package tracker

import (
	"strings"
	"testing"
)

func TestLifecycleConfig(t *testing.T) {
	cases := []struct {
		name   string
		src    string
		want   string // in the error; "" for none
		follow int
		budget int
	}{
		{"defaults", "", "", DefaultFollowDays, DefaultRestartsPerDay},
		{"set", "[tracking]\nfollow_days = 120\nrestarts_per_day = 0\n", "", 120, 0},
		{"follow_days 0", "[tracking]\nfollow_days = 0\n", "c.toml line 2: tracking.follow_days = 0: want 1 to 365", 0, 0},
		{"follow_days 400", "[tracking]\n\nfollow_days = 400\n", "c.toml line 3: tracking.follow_days = 400", 0, 0},
		{"negative budget", "[tracking]\nrestarts_per_day = -1\n", "c.toml line 2: tracking.restarts_per_day = -1: want 0", 0, 0},
		{"not a number", "[tracking]\nfollow_days = \"ninety\"\n", "tracking.follow_days", 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ParseConfig("c.toml", []byte(tc.src))
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error %v, want one saying %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			l := cfg.Lifecycle(nil)
			if l.FollowDays != tc.follow || l.RestartsPerDay != tc.budget {
				t.Fatalf("lifecycle %+v, want follow %d, budget %d", l, tc.follow, tc.budget)
			}
		})
	}
}
