package main

import "testing"

// The last English of issue 26 on the command line under a Chinese
// locale: a case's customs, redelivery and pickup solutions (in case
// show's solution line and log), a tracking number refused as typed. English is what it was, and --json keeps
// the stored English.
func TestZhRestCLICaseSolutions(t *testing.T) {
	t.Parallel() // its own stores; env goes to the subprocess
	zhDB, enDB := twoStores(t)
	order := firstOrder(t, enDB)
	if o := firstOrder(t, zhDB); o != order {
		t.Fatalf("the two demo stores differ: %s and %s", o, order)
	}
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"case", "open", order, "--kind", "delivery_failed"}},
		{args: []string{"case", "do", "1", "reassure", "--text", "sorry"}},
		{args: []string{"case", "do", "1", "verify", "--text", "at depot"}},
		{args: []string{"case", "do", "1", "solve", "--type", "redelivery", "--address", "Hauptstr. 5, Berlin", "--phone", "+49 30 1234"}},
		{args: []string{"case", "show", "1"},
			zh:      []string{"解决方案：重新派送，地址 Hauptstr. 5, Berlin，电话 +49 30 1234", "解决      重新派送，地址 Hauptstr. 5, Berlin，电话 +49 30 1234"},
			en:      []string{"Solution: redelivery to Hauptstr. 5, Berlin, phone +49 30 1234", "solve     redelivery to Hauptstr. 5, Berlin, phone +49 30 1234"},
			notInZh: []string{"redelivery to", ", phone"}},
	})
	runZhSteps(t, zhDB, enDB, []zhStep{
		// A tracking number refused as typed (tracker.NumberRefusal), on
		// add and on a reissue.
		{args: []string{"add", "--order", "WB-ZR1", "--tracking", "RR123"}, code: 1,
			zh:      []string{`waybill: --tracking "RR123"：太短，不是运单号。（加 --force 仍可保存，标记为未验证）`},
			en:      []string{`waybill: --tracking "RR123": Too short for a tracking number. (use --force to store it anyway, marked unverified)`},
			notInZh: []string{"Too short", "use --force"}},
		{args: []string{"case", "do", "1", "solve", "--type", "reissue", "--tracking", "RR123"}, code: 2,
			zh:      []string{`--tracking "RR123"：太短，不是运单号。`},
			en:      []string{`--tracking "RR123": Too short for a tracking number.`},
			notInZh: []string{"Too short"}},
	})
	sameMachineOutput(t, zhDB, [][]string{{"case", "show", "1", "--json"}})
}
