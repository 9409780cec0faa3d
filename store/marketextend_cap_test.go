package store

import (
	"context"
	"strings"
	"testing"
)

// cappedExtender is a marketplace with its own most days an extension
// may ask for (tracker.ExtendCapper).
type cappedExtender struct {
	*fakeExtender
	most int
}

func (c cappedExtender) MaxExtendDays() (int, string) {
	return c.most, "marketplaces.aliexpress.max_extend_days"
}

// Days over the marketplace's configured cap are refused before any call,
// naming the setting and the value; within it the call goes out.
func TestExtendKeepsToTheConfiguredCap(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name      string
		days      int
		wantCalls int
		err       string
	}{
		{"over the cap", 31, 0, "days 31: more than marketplaces.aliexpress.max_extend_days = 30 allows"},
		{"at the cap", 30, 1, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, svc, _, _ := extendFixture(t, false)
			ext := &fakeExtender{fakeMarket: fakeMarket{name: "aliexpress"}}
			svc.WithMarketplaces(cappedExtender{fakeExtender: ext, most: 30})
			res, err := svc.ExtendProtection(ctx, syncer, "AE-1", tt.days)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || res.Called {
					t.Fatalf("err = %v, called %v; want %q before any call", err, res.Called, tt.err)
				}
			} else if err != nil || !res.Extended {
				t.Fatalf("= %+v, %v; want extended", res, err)
			}
			if ext.calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", ext.calls, tt.wantCalls)
			}
		})
	}
}
