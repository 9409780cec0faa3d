package kuaidi100

import (
	"testing"

	"waybill/tracker"
)

// wantStates restates every documented state and advanced state,
// independently of codes.go.
var wantStates = map[string]Mapping{
	"1":    {tracker.StatusInTransit, ""},
	"101":  {tracker.StatusInfoReceived, ""},
	"102":  {tracker.StatusInfoReceived, ""},
	"103":  {tracker.StatusInTransit, ""},
	"0":    {tracker.StatusInTransit, ""},
	"1001": {tracker.StatusInTransit, ""},
	"1002": {tracker.StatusInTransit, ""},
	"1003": {tracker.StatusInTransit, ""},
	"5":    {tracker.StatusOutForDelivery, ""},
	"501":  {tracker.StatusAvailableForPickup, ""},
	"3":    {tracker.StatusDelivered, ""},
	"301":  {tracker.StatusDelivered, ""},
	"302":  {tracker.StatusDelivered, ""},
	"303":  {tracker.StatusDelivered, ""},
	"304":  {tracker.StatusDelivered, ""},
	"6":    {tracker.StatusReturning, tracker.ExReturning},
	"4":    {tracker.StatusReturned, ""},
	"401":  {tracker.StatusReturned, ""},
	"14":   {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed}, // 收件人拒签快件: refused, not yet back
	"7":    {tracker.StatusInTransit, ""},
	"2":    {tracker.StatusException, tracker.ExDeliveryFailed},
	"201":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"202":  {tracker.StatusException, tracker.ExStale},
	"203":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"204":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"205":  {tracker.StatusAvailableForPickup, tracker.ExDeliveryFailed},
	"206":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"207":  {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	"208":  {tracker.StatusException, tracker.ExStale},
	"209":  {tracker.StatusException, tracker.ExDamaged},
	"210":  {tracker.StatusException, ""},
	"8":    {tracker.StatusCustoms, ""},
	"10":   {tracker.StatusCustoms, ""},
	"11":   {tracker.StatusCustoms, ""},
	"12":   {tracker.StatusInTransit, ""},
	"13":   {tracker.StatusCustoms, tracker.ExCustoms},
}

func TestStateTable(t *testing.T) {
	if len(states) != len(wantStates) {
		t.Fatalf("table has %d states, test %d", len(states), len(wantStates))
	}
	for code, want := range wantStates {
		t.Run(code, func(t *testing.T) {
			if got, ok := states[code]; !ok || got != want {
				t.Fatalf("table %+v (present %v), want %+v", got, ok, want)
			}
			if got := MapState(" " + code + " "); got != want {
				t.Fatalf("MapState = %+v, want %+v", got, want)
			}
		})
	}
}

// TestStateNames checks that every name maps to the state of its code.
func TestStateNames(t *testing.T) {
	want := map[string]string{
		"揽收": "1", "已下单": "101", "待揽收": "102", "已揽收": "103",
		"在途": "0", "到达派件城市": "1001", "干线": "1002", "转递": "1003",
		"派件": "5", "投柜或驿站": "501",
		"签收": "3", "本人签收": "301", "派件异常后签收": "302", "代签": "303", "投柜或站签收": "304", "投柜或驿站签收": "304",
		"退回": "6", "退签": "4", "已销单": "401", "拒签": "14", "收件人拒签": "14",
		"转投": "7", "转单": "7",
		"疑难": "2", "超时未签收": "201", "超时未更新": "202", "拒收": "203", "派件异常": "204",
		"柜或驿站超时未取": "205", "无法联系": "206", "超区": "207", "滞留": "208", "破损": "209", "销单": "210",
		"清关": "8", "待清关": "10", "清关中": "11", "已清关": "12", "清关异常": "13",
	}
	if len(stateNames) != len(want) {
		t.Fatalf("table has %d names, test %d", len(stateNames), len(want))
	}
	for name, code := range want {
		t.Run(name, func(t *testing.T) {
			if stateNames[name] != code {
				t.Fatalf("%s → %q, want %q", name, stateNames[name], code)
			}
			if MapState(name) != wantStates[code] {
				t.Fatalf("MapState(%s) = %+v", name, MapState(name))
			}
		})
	}
}

func TestUnknownStatesFallBack(t *testing.T) {
	cases := []struct {
		raw  string
		want Mapping
	}{
		{"1004", wantStates["0"]},                     // a new in-transit sub-state
		{"1401", wantStates["14"]},                    // a refusal's sub-state, none documented yet
		{"305", wantStates["3"]},                      // a new kind of signature
		{"211", wantStates["2"]},                      // a new problem
		{"502", wantStates["5"]},                      // a new delivery sub-state
		{"999", Mapping{tracker.StatusInTransit, ""}}, // no family 9
		{"15", Mapping{tracker.StatusInTransit, ""}},
		{"", Mapping{tracker.StatusInTransit, ""}},
		{"未知状态", Mapping{tracker.StatusInTransit, ""}},
		{"10a", Mapping{tracker.StatusInTransit, ""}},
	}
	for _, tc := range cases {
		t.Run(tc.raw, func(t *testing.T) {
			if got := MapState(tc.raw); got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	// The raw code is kept as sent.
	evs := Events([]datum{{Time: "2026-10-20 10:00:00", StatusCode: "1004", Context: "x"}}, "")
	if len(evs) != 1 || evs[0].RawStatus != "1004" {
		t.Fatalf("%+v", evs)
	}
}

func TestComTable(t *testing.T) {
	want := map[string]string{
		"china-post": "youzhengguoji", "china-ems": "emsguoji", "sf-express": "shunfeng",
		"yunexpress": "yuntrack", "4px": "disifang", "cainiao": "aliexpress", "yanwen": "yw56",
		"sunyou": "sypost", "jt-express": "jtexpress", "ups": "ups", "fedex": "fedex",
		"dhl-express": "dhl", "usps": "usps", "deutsche-post": "deutschepost", "canada-post": "canpost",
		"australia-post": "auspost", "japan-post": "japanposten", "korea-post": "koreapost",
		"postnl": "postnl", "hongkong-post": "hkpost", "singpost": "singpost", "la-poste": "csuivi",
		"poste-italiane": "italiane", "correos": "correosdees", "correios": "brazilposten",
	}
	if len(comBySlug) != len(want) {
		t.Fatalf("table has %d slugs, test %d", len(comBySlug), len(want))
	}
	for slug, com := range want {
		t.Run(slug, func(t *testing.T) {
			if got, ok := Com(slug); !ok || got != com {
				t.Fatalf("Com(%q) = %q %v, want %q", slug, got, ok, com)
			}
		})
	}
	for _, slug := range []string{"", "royal-mail", "dhl-ecommerce", "sim"} {
		if c, ok := Com(slug); ok {
			t.Errorf("Com(%q) = %q: no code is confirmed", slug, c)
		}
	}
}
