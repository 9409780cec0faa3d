package track17_test

import (
	"encoding/json"
	"strings"
	"testing"

	"waybill/carriers/track17/track17fake"
	"waybill/tracker"
)

// -18019903 reaches the user as what to do about it, by what the parcel
// names; once the parcel's carrier is set, the next check tracks it.
func TestCarrierUnknownSaysWhatToDo(t *testing.T) {
	cases := []struct {
		name, slug string
		want       []string
	}{
		{"no carrier on the parcel", "", []string{"17TRACK cannot tell the carrier of ", ": set the parcel's carrier: waybill add --order ORDER --tracking ", "--carrier SLUG", "waybill detect "}},
		{"a carrier 17TRACK has no code for from us", "dhl-ecommerce", []string{"17TRACK cannot tell the carrier of ", `no code for carrier "dhl-ecommerce"`, "--carrier SLUG"}},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake, c := newPair(t)
			n := s10(26000000+i*10, 1)[0]
			fake.AddDelivered(n, shipped)
			fake.Undetectable(n)
			res := track(t, c, reqs(tc.slug, n))
			if res[0].NotFound || tracker.FailKindOf(res[0].Err) != tracker.FailRequest {
				t.Fatalf("%+v, want the number's own request error, not NotFound", res[0])
			}
			for _, w := range tc.want {
				if !strings.Contains(res[0].Err.Error(), w) {
					t.Errorf("error %q lacks %q", res[0].Err, w)
				}
			}
			// The user sets the carrier (waybill add … --carrier yanwen):
			// the number is registered with it and tracked.
			res = track(t, c, reqs("yanwen", n))
			if res[0].Err != nil || len(res[0].Events) == 0 {
				t.Fatalf("after setting the carrier: %+v", res[0])
			}
			if got, ok := fake.Registered(n); !ok || got != 190012 {
				t.Fatalf("registered under %d (%v), want Yanwen's 190012", got, ok)
			}
		})
	}
}

// A number registered by 17TRACK's detection moves to the carrier the
// parcel names once it names one, by changecarrier (free, no second
// registration), once.
func TestChangeCarrierToTheParcels(t *testing.T) {
	fake, c := newPair(t)
	n := s10(27000000, 1)[0]
	fake.AddDelivered(n, shipped) // detected as China Post, 3011
	track(t, c, reqs("", n))
	if got, _ := fake.Registered(n); got != 3011 {
		t.Fatalf("detected %d, want 3011", got)
	}
	res := track(t, c, reqs("yanwen", n))
	if res[0].Err != nil || len(res[0].Events) == 0 {
		t.Fatalf("%+v", res[0])
	}
	if got, _ := fake.Registered(n); got != 190012 || fake.Changes(n) != 1 {
		t.Fatalf("registered under %d after %d changes, want 190012 after 1", got, fake.Changes(n))
	}
	var body []map[string]any
	for _, r := range fake.Requests() {
		if r.Path == "/track/v2.2/changecarrier" {
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(body) != 1 || body[0]["number"] != n || body[0]["carrier_old"] != 3011.0 || body[0]["carrier_new"] != 190012.0 {
		t.Fatalf("changecarrier body %v", body)
	}
	track(t, c, reqs("yanwen", n))
	if fake.Changes(n) != 1 {
		t.Fatalf("%d changes, want the one", fake.Changes(n))
	}
}

// Should gettrackinfo answer -18019903 for a registered number whose parcel
// names a carrier, that carrier is set and the number asked about again.
func TestChangeCarrierAfterUnknownOnGettrackinfo(t *testing.T) {
	fake, c := newPair(t)
	n := s10(28000000, 1)[0]
	fake.AddDelivered(n, shipped)
	fake.Register(n, 3011) // by another process
	fake.Reject("gettrackinfo", n, track17fake.CodeCarrierUnknown, track17fake.MsgCarrierUnknown)
	res := track(t, c, reqs("usps", n))
	if res[0].Err != nil || len(res[0].Events) == 0 {
		t.Fatalf("%+v, want the history once the carrier is set", res[0])
	}
	if got, _ := fake.Registered(n); got != 21051 || fake.Changes(n) != 1 {
		t.Fatalf("registered under %d after %d changes, want USPS's 21051 after 1", got, fake.Changes(n))
	}
}
