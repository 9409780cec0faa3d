package tracker

import (
	"strings"
	"testing"
	"time"
)

func TestEveryKindHasASuggestedAction(t *testing.T) {
	for _, k := range ExceptionKinds {
		if SuggestedAction(k) == "" {
			t.Errorf("no suggested action for %s", k)
		}
	}
	if SuggestedAction("nonsense") != "" {
		t.Error("a suggested action for an unknown kind")
	}
}

func TestOneLine(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		max      int
		want     string
	}{
		{"plain", "ORD-8123", 0, "ORD-8123"},
		{"header injection", "8123\r\nBcc: x@evil.example", 0, "8123 Bcc: x@evil.example"},
		{"terminal escape, dropped whole", "lost\x1b[2J\x07 parcel", 0, "lost parcel"},
		{"OSC 52 clipboard write, dropped whole", "A\x1b]52;c;Y3VybA==\x07B", 0, "AB"},
		{"C1 CSI as a character, dropped whole", "A\u009b31mB", 0, "AB"},
		{"bidi override", "abc\u202Edcba", 0, "abcdcba"},
		{"right-to-left letters kept", "שלום רב, مرحبًا بكم", 0, "שלום רב, مرحبًا بكم"},
		{"invalid UTF-8", "a\xffb", 0, "a\uFFFDb"},
		{"spaces trimmed and joined", "  a \t\n b  ", 0, "a b"},
		{"cut", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10, "ABCDEFGHIJ…"},
		{"no cut at the limit", "ABCDEFGHIJ", 10, "ABCDEFGHIJ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := OneLine(tc.in, tc.max); got != tc.want {
				t.Errorf("OneLine(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestExceptionAlertText(t *testing.T) {
	x := Exception{ID: 7, Kind: ExLost, Severity: SeverityCritical, Detail: "carrier: Item lost\r\nX-Evil: 1"}
	sh := Shipment{ID: 3, TrackingNo: "RB123456785GB", Carrier: "royal-mail", Destination: "GB"}
	o := Order{OrderNo: "8123456789012345678901234567"}
	subject, body := ExceptionAlert(x, sh, o)
	if subject != "[waybill] lost: RB123456785GB (order 812345678901234567890123…)" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"Exception: lost (critical)\n", "Detail: carrier: Item lost X-Evil: 1\n", "Carrier: royal-mail\n",
		"Destination: GB\n", "Suggested next action: claim (transaction proof); reissue or refund\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	_, body = WatchAlert(sh, o, Event{Time: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), Location: "Leeds", Description: "Out for delivery"}, 2)
	if !strings.Contains(body, "Latest event: 2026-01-02 03:04 UTC · Leeds · Out for delivery\n") {
		t.Errorf("watch body:\n%s", body)
	}
}
