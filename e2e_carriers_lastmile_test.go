package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"waybill/carriers/track17/track17fake"
	"waybill/tracker/templates"
)

// A Cainiao parcel that changes number at the destination, end to end
// through the built binary and a fake 17TRACK: before the hand-over the
// buyer's message links Cainiao's page; once 17TRACK names the USPS number
// the parcel keeps it, `show` prints both numbers (text, JSON), the order
// is found by the new number (show, list --query), the export carries it,
// and the buyer's message links the USPS page for it.
func TestCLILastMileEndToEnd(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\n", fake.Key(), fake.URL())), 0o600)
	run := func(args ...string) result {
		t.Helper()
		r := asAgent(t, append(args, "--db", db, "--config", cfg)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}

	const lp, lastMile = "LP00123456789012", track17fake.CrossBorderLastMile
	cainiao, usps := 190271, 21051
	shipped := time.Now().Add(-8 * 24 * time.Hour).UTC()
	h := time.Hour
	fake.AddEvents(lp,
		track17fake.Event{Time: shipped, Zone: "+08:00", Stage: "InfoReceived", SubStatus: "InfoReceived", Description: "Order information received", Location: "Shenzhen", Provider: cainiao},
		track17fake.Event{Time: shipped.Add(8 * h), Zone: "+08:00", Stage: "PickedUp", SubStatus: "InTransit_PickedUp", Description: "Picked up", Location: "Shenzhen", Provider: cainiao},
		track17fake.Event{Time: shipped.Add(100 * h), Zone: "-05:00", Stage: "Arrival", SubStatus: "InTransit_Arrival", Description: "Arrived at the destination country", Location: "New York, NY", Provider: cainiao})
	run("add", "--order", "AE-1", "--tracking", lp, "--country", "US")
	run("add", "--order", "AE-2", "--tracking", "LP00999999999999", "--country", "US")
	run("refresh", "--once", lp)

	r := run("case", "open", lp, "--kind", "stale", "--json")
	var opened struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &opened); err != nil || opened.ID == 0 {
		t.Fatalf("case open --json: %v\n%s", err, r.stdout)
	}
	message := func() string {
		return run("case", "message", fmt.Sprint(opened.ID), "--purpose", "reassure", "--lang", "en").stdout
	}
	if m := message(); !strings.Contains(m, templates.TrackingURL("cainiao", lp)) {
		t.Fatalf("before the hand-over the message should link Cainiao's page:\n%s", m)
	}
	if r := run("show", lp); strings.Contains(r.stdout, "last mile") {
		t.Fatalf("a last mile before any service named one:\n%s", r.stdout)
	}

	// The hand-over: USPS scans the parcel under its own number, and
	// 17TRACK names it.
	fake.AddEvents(lp,
		track17fake.Event{Time: shipped.Add(140 * h), Zone: "-05:00", SubStatus: "InTransit_Other", Description: "Accepted at USPS Regional Facility", Location: "Jamaica, NY", Provider: usps},
		track17fake.Event{Time: shipped.Add(150 * h), Zone: "-05:00", SubStatus: "InTransit_Other", Description: "In transit to next facility", Location: "Brooklyn, NY", Provider: usps})
	fake.SetLastMile(lp, lastMile, usps)
	if r := run("refresh", "--once", lp); !strings.Contains(r.stdout, "new events 2") {
		t.Fatalf("refresh after the hand-over:\n%s", r.stdout)
	}

	show := run("show", lp).stdout
	if !strings.Contains(show, lp+"  cainiao") || !strings.Contains(show, "last mile "+lastMile+" (USPS)") {
		t.Fatalf("show should print both numbers:\n%s", show)
	}
	var o struct {
		OrderNo   string `json:"order_no"`
		Shipments []struct {
			TrackingNo      string `json:"tracking_no"`
			LastMileNo      string `json:"last_mile_no"`
			LastMileCarrier string `json:"last_mile_carrier"`
		} `json:"shipments"`
	}
	if err := json.Unmarshal([]byte(run("show", "--json", lp).stdout), &o); err != nil {
		t.Fatal(err)
	}
	if s := o.Shipments[0]; s.TrackingNo != lp || s.LastMileNo != lastMile || s.LastMileCarrier != "usps" {
		t.Fatalf("show --json: %+v", o)
	}
	// Found by the new number, spaced as a buyer reads it out.
	if r := run("show", "9400 1112 0620 6406 2607 87"); !strings.Contains(r.stdout, "Order AE-1") {
		t.Fatalf("show by the last-mile number:\n%s", r.stdout)
	}
	var listed []struct {
		OrderNo string `json:"order_no"`
	}
	if err := json.Unmarshal([]byte(run("list", "--json", "--query", "94001112").stdout), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed) != 1 || listed[0].OrderNo != "AE-1" {
		t.Fatalf("list --query by the last-mile number: %+v", listed)
	}
	rows, err := csv.NewReader(strings.NewReader(run("export", "--what", "shipments").stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows[1:] {
		col := map[string]string{}
		for i, h := range rows[0] {
			col[h] = row[i]
		}
		if col["tracking_no"] == lp {
			found = col["last_mile_no"] == lastMile && col["last_mile_carrier"] == "usps"
		}
	}
	if !found {
		t.Fatalf("export of shipments without the last mile:\n%v", rows)
	}

	m := message()
	if !strings.Contains(m, templates.TrackingURL("usps", lastMile)) || strings.Contains(m, templates.TrackingURL("cainiao", lp)) {
		t.Fatalf("after the hand-over the message should link the USPS page for %s:\n%s", lastMile, m)
	}
	if !strings.Contains(m, lp) {
		t.Fatalf("the message no longer names the buyer's number %s:\n%s", lp, m)
	}
}
