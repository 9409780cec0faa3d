package kuaidi100_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"waybill/carriers/kuaidi100/kuaidi100fake"
	"waybill/tracker"
)

// SF Express answers 408 without the phone on the waybill. The adapter
// sends the order's phone in param.phone: by default its last four digits
// (send_phone = "last4"), the whole number's digits with "full", nothing
// with "none".
func TestPhoneIsSent(t *testing.T) {
	const waybillPhone = "13800138000"
	cases := []struct {
		name      string
		mode      string
		phone     string
		wantParam string // param.phone as sent, "" for none
		want408   bool
	}{
		{"last four by default", "", "+86 138-0013-8000", "8000", false},
		{"last four", "last4", "138 0013 8000", "8000", false},
		{"full number's digits", "full", "138-0013-8000", "13800138000", false},
		{"an extension is not sent", "full", "138-0013-8000 ext. 12", "13800138000", false},
		{"none sends nothing", "none", "13800138000", "", true},
		{"no phone on the order", "", "", "", true},
		{"too short to be a phone", "", "12", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := kuaidi100fake.New(t, 0)
			c, err := newCarrier(f.URL(), f.Key(), time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.SetPhone(tc.mode); err != nil {
				t.Fatal(err)
			}
			f.Add("SF1234567890123", kuaidi100fake.Trail{Com: "shunfeng", Phone: waybillPhone,
				Events: []kuaidi100fake.Event{{Time: "2026-10-20 10:00:00", Context: "已揽收", Status: "揽收", StatusCode: "103"}}})
			res, err := c.Track(context.Background(), []tracker.TrackRequest{{TrackingNo: "SF1234567890123", Carrier: "sf-express", Phone: tc.phone}})
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Requests()[0].Param["phone"]; got != tc.wantParam {
				t.Fatalf("param.phone %q, want %q", got, tc.wantParam)
			}
			if got408 := res[0].Err != nil && strings.Contains(res[0].Err.Error(), "408"); got408 != tc.want408 {
				t.Fatalf("%+v, want 408 %v", res[0], tc.want408)
			}
			if !tc.want408 && len(res[0].Events) != 1 {
				t.Fatalf("%+v", res[0])
			}
		})
	}
}

func TestSetPhoneRefusesUnknownModes(t *testing.T) {
	c, _ := newCarrier("http://127.0.0.1:1", "k", time.Second)
	if err := c.SetPhone("last5"); err == nil || !strings.Contains(err.Error(), "send_phone") {
		t.Fatalf("%v", err)
	}
}
