package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"waybill/tracker"
	"waybill/ui/cli"
)

func TestCLIAddStoresContentsAndWarns(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	db := e2eStore(t)
	r := waybill(t, "add", "--db", db, "--order", "A-1", "--tracking", "RB123456785GB", "--address", "1 High St, Leeds",
		"--product", "Lithium battery pack", "--amount", "$1,250.5", "--currency", "usd", "--insured=false")
	want := "added RB123456785GB (royal-mail) to order A-1 (1 shipment(s))\n" +
		"warning: order A-1: sensitive_goods: product mentions \"battery\", \"lithium\": check the carrier accepts it\n" +
		"warning: order A-1: missing_hs_code: no HS code for the customs declaration\n" +
		"warning: order A-1: missing_declared_value: no declared value for customs\n" +
		"warning: order A-1: high_value_uninsured: value 1250.50 USD is over 300.00 and the parcel is not insured\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("add: exit %d\n%s%s\nwant\n%s", r.code, r.stdout, r.stderr, want)
	}
	// Adding the rest later merges, and the order is judged again.
	r = waybill(t, "add", "--db", db, "--order", "A-1", "--tracking", "RB123456785GB", "--hs-code", "8507.60",
		"--declared-value", "120", "--insured")
	if r.code != 0 || strings.Count(r.stdout, "warning:") != 1 || !strings.Contains(r.stdout, "sensitive_goods") {
		t.Fatalf("second add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = waybill(t, "show", "--json", "--db", db, "A-1")
	var o tracker.OrderJSON
	if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
		t.Fatalf("show --json: %v\n%s", err, r.stdout)
	}
	yes := true
	if o.Address != "1 High St, Leeds" || o.Product != "Lithium battery pack" || *o.Amount != "1250.50" || o.Currency != "USD" ||
		o.HSCode != "8507.60" || *o.DeclaredValue != "120.00" || !reflect.DeepEqual(o.Insured, &yes) ||
		len(o.Checks) != 1 || o.Checks[0].Kind != tracker.CheckSensitive {
		t.Errorf("show --json: %s", r.stdout)
	}
	r = waybill(t, "list", "--json", "--db", db)
	if !strings.Contains(r.stdout, `"checks": [`) || !strings.Contains(r.stdout, `"kind": "sensitive_goods"`) {
		t.Errorf("list --json has no checks:\n%s", r.stdout)
	}
	r = waybill(t, "show", "--db", db, "A-1")
	if !strings.Contains(r.stdout, "product Lithium battery pack  amount 1250.50 USD  HS 8507.60  declared 120.00 USD  insured yes  address 1 High St, Leeds\n") ||
		!strings.Contains(r.stdout, "warning: sensitive_goods: product mentions") {
		t.Errorf("show:\n%s", r.stdout)
	}

	bad := []struct {
		flag, value, want string
	}{
		{"--amount", "12.345", `waybill add: --amount "12.345": more than two decimals: want at most cents, such as 12.50`},
		{"--amount", "lots", `waybill add: --amount "lots": not an amount: want a number such as 1234.50`},
		{"--declared-value", "-3", `waybill add: --declared-value "-3": a negative amount`},
		{"--currency", "dollars", `waybill add: --currency "dollars": want an ISO 4217 code such as USD`},
		{"--hs-code", "12", `waybill add: --hs-code "12": want 6 to 10 digits`},
	}
	for _, b := range bad {
		r := waybill(t, "add", "--db", db, "--order", "B-1", "--tracking", "RB123456785GB", b.flag, b.value)
		if r.code != 2 || !strings.Contains(r.stderr, b.want) {
			t.Errorf("add %s %s: exit %d\n%s\nwant %s", b.flag, b.value, r.code, r.stderr, b.want)
		}
	}
	if r := waybill(t, "show", "--db", db, "B-1"); r.code == 0 {
		t.Error("a rejected add stored order B-1")
	}
}

func TestCLIPrechecksConfig(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db, cfg := e2eStoreIn(t, dir, "w.db"), filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, []byte("[prechecks]\nrequire_hs_code = false\nrequire_declared_value = false\nsensitive_keywords = [\"glitter\"]\nhigh_value = 50\n"), 0o600)
	r := waybill(t, "add", "--config", cfg, "--db", db, "--order", "A-1", "--tracking", "RB123456785GB", "--product", "Glitter & batteries", "--amount", "60")
	want := "added RB123456785GB (royal-mail) to order A-1 (1 shipment(s))\n" +
		"warning: order A-1: sensitive_goods: product mentions \"glitter\": check the carrier accepts it\n" +
		"warning: order A-1: high_value_uninsured: value 60.00 is over 50.00 and the parcel is not insured\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	os.WriteFile(cfg, []byte("[prechecks]\nhigh_value = \"a lot\"\n"), 0o600)
	r = waybill(t, "add", "--config", cfg, "--db", db, "--order", "A-2", "--tracking", "RB123456785GB")
	if r.code == 0 || !strings.Contains(r.stderr, "line 2: prechecks.high_value = \"a lot\"") || !strings.Contains(r.stderr, `"a lot"`) {
		t.Fatalf("bad config: exit %d\n%s", r.code, r.stderr)
	}
}

// An import stores every field, warns without stopping, changes nothing
// when repeated, and its export imports into a fresh store as the same
// orders, field for field.
func TestCLIImportContentsRoundTrip(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	file := filepath.Join(dir, "orders.csv")
	csv := "订单号,运单号,收件人,邮箱,电话,国家,收货地址,商品名称,订单金额,币种,下单时间,承诺时间,物流方式,海关编码,申报价值,是否投保\n" +
		"A-1,RB123456785GB,Ann,ann@example.com,+44 20 7946 0000,GB,\"1 High St, Leeds\",锂电池 3.7V,\"¥1,234.50\",cny,2026-03-01 09:30,2026-04-01,EMS,850650,19.9,否\n" +
		"A-1,EA123456785CN,,,,,,,,,,,,,,\n" +
		"A-2,LX123456785CN,Bob,,,US,\"5 Elm St, \"\"Apt 2\"\"\",Cotton T-shirt,19.90,USD,2026/3/2,,AliExpress Standard Shipping,6109.10,12.50,yes\n" +
		"A-3,,Cid,,,DE,,=cmd|' /C calc'!A0,,,,,,,,\n"
	os.WriteFile(file, []byte(csv), 0o600)
	r := waybill(t, "import", "--db", db, file)
	want := "warning: order A-1: sensitive_goods: product mentions \"电池\", \"锂\": check the carrier accepts it\n" +
		"warning: order A-1: high_value_uninsured: value 1234.50 CNY is over 300.00 and the parcel is not insured\n" +
		"warning: order A-3: missing_hs_code: no HS code for the customs declaration\n" +
		"warning: order A-3: missing_declared_value: no declared value for customs\n" +
		"4 rows read: 3 orders, 3 shipments imported (3 new orders, 3 new shipments); 0 rows skipped, 0 errors\n" +
		"pre-shipment warnings on 2 orders: sensitive_goods 1, missing_hs_code 1, missing_declared_value 1, high_value_uninsured 1\n"
	// The last line, its time and rates, varies run to run.
	if r.code != 0 || withoutRateLine(t, r.stdout) != want {
		t.Fatalf("import: exit %d\n%s%s\nwant\n%s", r.code, r.stdout, r.stderr, want)
	}
	r = waybill(t, "import", "--json", "--dry-run", "--db", db, file)
	var sum cli.ImportSummary
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatal(err)
	}
	wantChecks := map[string]int{"sensitive_goods": 1, "missing_hs_code": 1, "missing_declared_value": 1, "high_value_uninsured": 1}
	if sum.CheckedOrders != 2 || !reflect.DeepEqual(sum.Checks, wantChecks) {
		t.Errorf("import --json: %d orders with checks, %v", sum.CheckedOrders, sum.Checks)
	}

	export := func(db, format string) string {
		t.Helper()
		r := waybill(t, "export", "--db", db, "--format", format)
		if r.code != 0 {
			t.Fatalf("export: exit %d %s", r.code, r.stderr)
		}
		return r.stdout
	}
	first := export(db, "csv")
	wantRows := []string{
		"order_no,tracking_no,carrier,buyer,email,phone,country,order_date,ship_date,promised_date,shipping_method,order_status,shipment_status,address,product,amount,currency,hs_code,declared_value,insured",
		",EA123456785CN,china-ems,Ann,ann@example.com,'+44 20 7946 0000,GB,2026-03-01 09:30:00,",
		",EMS,shipped,pending,\"1 High St, Leeds\",锂电池 3.7V,1234.50,CNY,850650,19.90,no",
		",\"5 Elm St, \"\"Apt 2\"\"\",Cotton T-shirt,19.90,USD,6109.10,12.50,yes",
		"A-3,,,Cid,,,DE,,,,,received,,,'=cmd|' /C calc'!A0,,,,,",
	}
	for _, w := range wantRows {
		if !strings.Contains(first, w) {
			t.Errorf("export lacks %q:\n%s", w, first)
		}
	}
	// Importing the same file again changes nothing.
	r = waybill(t, "import", "--db", db, file)
	if r.code != 0 || !strings.Contains(r.stdout, "(0 new orders, 0 new shipments)") {
		t.Fatalf("re-import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if again := export(db, "csv"); again != first {
		t.Fatalf("re-import changed the store:\n%s\nwas\n%s", again, first)
	}
	firstJSON := export(db, "json")

	// The export, imported into a fresh store, exports the same, in CSV
	// and in JSON (which carries the checks).
	out := filepath.Join(dir, "export.csv")
	os.WriteFile(out, []byte(first), 0o600)
	db2 := e2eStoreIn(t, dir, "w2.db")
	r = waybill(t, "import", "--db", db2, out)
	if r.code != 0 || !strings.Contains(r.stdout, "(3 new orders, 3 new shipments)") {
		t.Fatalf("import of the export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if second := export(db2, "csv"); second != first {
		t.Errorf("CSV round trip differs:\n%s\nwant\n%s", second, first)
	}
	if second := export(db2, "json"); second != firstJSON {
		t.Errorf("JSON export after the round trip differs:\n%s\nwant\n%s", second, firstJSON)
	}
	if !strings.Contains(firstJSON, `"amount": "1234.50"`) || !strings.Contains(firstJSON, `"insured": false`) ||
		!strings.Contains(firstJSON, `"kind": "high_value_uninsured"`) || !strings.Contains(firstJSON, `"ordered_at": "2026-03-01T`) {
		t.Errorf("JSON export:\n%s", firstJSON)
	}
}
