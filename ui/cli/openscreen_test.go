package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"waybill/tracker"
)

// Only the screen and serve open the store for the screen (Wiring.Open's
// screen, store.Warm on PostgreSQL: five readers connected and warmed as
// it opens); a one-shot command opens without, and pays for no reader it
// does not use (issue 25 item 4).
func TestOnlyTheScreenAndServeOpenForTheScreen(t *testing.T) {
	errOpened := errors.New("opened")
	for _, tt := range []struct {
		args   []string
		screen bool
	}{
		{[]string{"--db", "x.db"}, true},
		{[]string{"serve", "--db", "x.db"}, true},
		{[]string{"serve", "--http", "127.0.0.1:0", "--db", "x.db"}, true},
		{[]string{"list", "--db", "x.db"}, false},
		{[]string{"add", "--db", "x.db", "--order", "A1", "--tracking", "RR123456785CN"}, false},
		{[]string{"show", "--db", "x.db", "1"}, false},
		{[]string{"export", "--db", "x.db"}, false},
		{[]string{"refresh", "--once", "--db", "x.db"}, false},
		{[]string{"refresh", "--watch", "--db", "x.db"}, false},
		{[]string{"report", "carriers", "--db", "x.db"}, false},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var opened, screen bool
			w := Wiring{
				LoadConfig: func(string) (tracker.Config, string, error) { return tracker.Config{}, "", nil },
				Open: func(_ context.Context, _ string, _ tracker.Config, s bool) (Env, error) {
					opened, screen = true, s
					return nil, errOpened
				},
			}
			var out, errOut bytes.Buffer
			Run(context.Background(), w, tt.args, strings.NewReader(""), &out, &errOut)
			if !opened {
				t.Fatalf("the store was not opened\n%s%s", out.String(), errOut.String())
			}
			if screen != tt.screen {
				t.Errorf("opened with screen %v, want %v", screen, tt.screen)
			}
		})
	}
}
