package kuaidi100

import (
	"errors"
	"testing"
	"time"

	"waybill/carriers/contract"
	"waybill/tracker"
)

func TestDecodeResultV2Sample(t *testing.T) {
	res, err := Interpret(contract.Testdata(t, "query_resultv2_4.json"), "RR123456785CN")
	if err != nil {
		t.Fatal(err)
	}
	if res.NotFound || res.Err != nil || !res.ETA.IsZero() || res.TrackingNo != "RR123456785CN" {
		t.Fatalf("%+v", res)
	}
	want := []tracker.Event{
		{Time: time.Date(2026, 10, 25, 1, 41, 7, 0, time.UTC), Status: tracker.StatusCustoms, RawStatus: "13", Location: "Los Angeles", Description: "[Los Angeles] 海关查验，需补充商业发票", Exception: tracker.ExCustoms},
		{Time: time.Date(2026, 10, 24, 14, 15, 0, 0, time.UTC), Status: tracker.StatusCustoms, RawStatus: "11", Location: "美国,洛杉矶", Description: "[Los Angeles] 到达目的国，进口清关中"},
		{Time: time.Date(2026, 10, 20, 19, 2, 44, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "1002", Location: "广东,深圳市", Description: "【深圳市】离开深圳国际互换局，发往美国"},
		{Time: time.Date(2026, 10, 20, 10, 2, 33, 0, time.UTC), Status: tracker.StatusInTransit, RawStatus: "103", Location: "广东,深圳市", Description: "【深圳市】深圳国际小包中心已收寄"},
	}
	contract.SameEvents(t, res.Events, want)
}

func TestDecodeResultV1Sample(t *testing.T) {
	res, err := Interpret(contract.Testdata(t, "query_resultv2_1.json"), "SF1234567890123")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		at  time.Time
		raw string
		st  tracker.Status
	}{
		{time.Date(2026, 10, 22, 6, 10, 0, 0, time.UTC), "签收", tracker.StatusDelivered},
		{time.Date(2026, 10, 22, 0, 0, 0, 0, time.UTC), "派件", tracker.StatusOutForDelivery},
		{time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC), "在途", tracker.StatusInTransit},
	}
	if len(res.Events) != len(want) {
		t.Fatalf("%+v", res)
	}
	for i, w := range want {
		g := res.Events[i]
		if !g.Time.Equal(w.at) || g.RawStatus != w.raw || g.Status != w.st || g.Location != "" {
			t.Errorf("event %d: %+v, want %+v", i, g, w)
		}
	}
}

func TestDecodeWithoutEntryStates(t *testing.T) {
	// resultv2 off: entries carry no state; the newest takes the answer's.
	body := `{"message":"ok","nu":"1234567","state":"5","status":"200","data":[{"time":"2026-10-21 08:00:00","context":"派送中"},{"time":"2026-10-20 08:00:00","context":"已揽收"}]}`
	res, err := Interpret([]byte(body), "1234567")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 2 || res.Events[0].RawStatus != "5" || res.Events[0].Status != tracker.StatusOutForDelivery ||
		res.Events[1].RawStatus != "" || res.Events[1].Status != tracker.StatusInTransit {
		t.Fatalf("%+v", res.Events)
	}
}

func TestInterpretShapes(t *testing.T) {
	cases := []struct {
		name     string
		body     string
		notFound bool
		ownErr   bool
		vendor   tracker.FailKind
		bad      bool
		events   int
	}{
		{"empty trail", `{"message":"ok","nu":"1","state":"0","status":"200","data":[]}`, true, false, "", false, 0},
		{"no result", `{"result":false,"returnCode":"500","message":"查询无结果，请隔段时间再查"}`, true, false, "", false, 0},
		{"numeric returnCode", `{"result":false,"returnCode":503,"message":"验证签名失败"}`, false, false, tracker.FailAuth, false, 0},
		{"result false without code", `{"result":false,"message":"查询无结果"}`, true, false, "", false, 0},
		{"result false, unknown", `{"result":false,"message":"?"}`, false, true, "", false, 0},
		{"returnCode 200 with a trail", `{"result":true,"returnCode":"200","message":"ok","nu":"1","data":[{"time":"2026-10-20 08:00:00","status":"在途"}]}`, false, false, "", false, 1},
		{"entries with bad times are dropped", `{"message":"ok","nu":"1","data":[{"time":"soon","status":"在途"},{"time":"","ftime":"2026-10-20 08:00","status":"在途"}]}`, false, false, "", false, 1},
		{"not an object", `[]`, false, false, "", true, 0},
		{"empty object", `{}`, false, false, "", true, 0},
		{"html", `<html>`, false, false, "", true, 0},
		{"wrong data type", `{"message":"ok","data":{}}`, false, false, "", true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Interpret([]byte(tc.body), "1")
			var ve *VendorError
			switch {
			case tc.vendor != "":
				if !errors.As(err, &ve) || ve.Kind != tc.vendor {
					t.Fatalf("%v, want %s", err, tc.vendor)
				}
				return
			case tc.bad:
				if err == nil || errors.As(err, &ve) {
					t.Fatalf("%v, want a decoding error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.NotFound != tc.notFound || (res.Err != nil) != tc.ownErr || len(res.Events) != tc.events {
				t.Fatalf("%+v", res)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-10-20 18:02:33", time.Date(2026, 10, 20, 10, 2, 33, 0, time.UTC), true},
		{"2026-10-21 03:00:00", time.Date(2026, 10, 20, 19, 0, 0, 0, time.UTC), true}, // crosses the date line back
		{"2026-10-20 18:02", time.Date(2026, 10, 20, 10, 2, 0, 0, time.UTC), true},
		{"2026/10/20 18:02:33", time.Date(2026, 10, 20, 10, 2, 33, 0, time.UTC), true},
		{"2026-10-20T18:02:33", time.Date(2026, 10, 20, 10, 2, 33, 0, time.UTC), true},
		{"2026-10-20T18:02:33+09:00", time.Date(2026, 10, 20, 9, 2, 33, 0, time.UTC), true},
		{"2026-10-20", time.Date(2026, 10, 19, 16, 0, 0, 0, time.UTC), true},
		{"", time.Time{}, false},
		{"20.10.2026", time.Time{}, false},
		{"1900-01-01 00:00:00", time.Time{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseTime(tc.in)
			if (err == nil) != tc.ok || !got.Equal(tc.want) || (tc.ok && got.Location() != time.UTC) {
				t.Fatalf("ParseTime(%q) = %v, %v", tc.in, got, err)
			}
		})
	}
}
