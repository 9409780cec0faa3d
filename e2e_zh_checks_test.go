package main

import (
	"os"
	"path/filepath"
	"testing"
)

// A pre-shipment warning is said in Chinese by add, show and import under
// a Chinese locale (the kind and the sentence; the product's words as
// typed), and in the English it always was in the C locale.
func TestZhCLIPreshipmentWarnings(t *testing.T) {
	t.Parallel() // its own stores; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	csv := filepath.Join(dir, "orders.csv")
	if err := os.WriteFile(csv, []byte("order no,tracking no,buyer,country,product\nCHK-2,RB123456785GB,Ann,GB,Perfume\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runZhSteps(t, e2eStoreIn(t, dir, "zh.db"), e2eStoreIn(t, dir, "en.db"), []zhStep{
		{[]string{"add", "--order", "CHK-1", "--tracking", "LX123456785CN", "--product", "Battery case"}, 0,
			[]string{`敏感货物：商品含 "battery"：请确认承运商接收此类货物`, "缺少HS编码：报关缺少HS编码"},
			[]string{`sensitive_goods: product mentions "battery": check the carrier accepts it`, "missing_hs_code: no HS code for the customs declaration"},
			[]string{"sensitive_goods", "customs declaration"}},
		{[]string{"show", "CHK-1"}, 0,
			[]string{"缺少申报价值：报关缺少申报价值"},
			[]string{"missing_declared_value: no declared value for customs"},
			[]string{"missing_declared_value", "no declared value"}},
		{[]string{"import", csv}, 0,
			[]string{"敏感货物 1", `商品含 "perfume"`},
			[]string{"sensitive_goods 1", `product mentions "perfume"`},
			[]string{"sensitive_goods"}},
	})
}
