package tracker

import (
	"reflect"
	"strings"
	"testing"
)

func TestPrecheckSensitiveGoods(t *testing.T) {
	cfg := DefaultPrechecks()
	tests := []struct {
		product string
		want    []string // keywords named in the detail; nil: no check
	}{
		{"AA Batteries x4", []string{"batteries"}},
		{"Spare battery for drone", []string{"battery"}},
		{"Lithium cell 18650", []string{"lithium"}},
		{"20000mAh Power Bank", []string{"power bank"}},
		{"Eye drops (liquid, 10ml)", []string{"liquid"}},
		{"PERFUME 50ml", []string{"perfume"}},
		{"Hair spray aerosol", []string{"aerosol", "spray"}},
		{"Protein powder 1kg", []string{"powder"}},
		{"Fridge magnets set", []string{"magnet"}},
		{"Razor blades", []string{"blade"}},
		{"Kitchen knives", []string{"knives"}},
		{"Pocket knife", []string{"knife"}},
		{"锂电池 3.7V", []string{"电池", "锂"}},
		{"香水小样", []string{"香水"}},
		{"蛋白粉", []string{"蛋白粉"}},
		{"强力磁铁", []string{"磁铁", "磁"}},
		{"水果刀", []string{"刀"}},
		{"锂电池battery pack", []string{"battery", "电池", "锂"}},
		// Whole words only, for English.
		{"Magnetic-free phone case", nil},
		{"Non-magnetic tweezers", nil},
		{"Bladerunner poster", nil},
		{"Sprayable? no: T-shirt", nil},
		{"Liquidity report (book)", nil},
		// 粉色 is pink, not powder.
		{"粉色连衣裙", nil},
		{"Cotton T-shirt", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.product, func(t *testing.T) {
			var got []Check
			for _, c := range Precheck(Order{Product: tt.product, HSCode: "610910", DeclaredValue: 500}, cfg) {
				if c.Kind == CheckSensitive {
					got = append(got, c)
				}
			}
			if tt.want == nil {
				if len(got) > 0 {
					t.Fatalf("checks = %v, want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("checks = %v, want one %s", got, CheckSensitive)
			}
			var quoted []string
			for _, w := range tt.want {
				quoted = append(quoted, `"`+w+`"`)
			}
			want := "product mentions " + strings.Join(quoted, ", ") + ": check the carrier accepts it"
			if got[0].Detail != want {
				t.Errorf("detail = %q, want %q", got[0].Detail, want)
			}
		})
	}
}

func TestPrecheck(t *testing.T) {
	yes, no := true, false
	def := DefaultPrechecks()
	loose := def
	loose.RequireHSCode, loose.RequireDeclared = false, false
	perCurrency := def
	perCurrency.HighValueByCurrency = map[string]Money{"CNY": 2000_00}
	custom := def
	custom.SensitiveKeywords = []string{"Glitter"}
	full := Order{Product: "T-shirt", HSCode: "610910", DeclaredValue: 1500, Amount: 1990, Currency: "USD"}
	with := func(f func(*Order)) Order { o := full; f(&o); return o }
	tests := []struct {
		name  string
		order Order
		cfg   PrecheckConfig
		want  []Check
	}{
		{"complete order", full, def, nil},
		{"no HS code", with(func(o *Order) { o.HSCode = " " }), def, []Check{{CheckNoHSCode, "no HS code for the customs declaration"}}},
		{"no declared value", with(func(o *Order) { o.DeclaredValue = 0 }), def, []Check{{CheckNoDeclaredValue, "no declared value for customs"}}},
		{"neither required", Order{Product: "T-shirt"}, loose, nil},
		{"high value, insurance unknown", with(func(o *Order) { o.Amount = 450_00 }), def,
			[]Check{{CheckUninsured, "value 450.00 USD is over 300.00 and the parcel is not insured"}}},
		{"high value, not insured", with(func(o *Order) { o.Amount = 450_00; o.Insured = &no }), def,
			[]Check{{CheckUninsured, "value 450.00 USD is over 300.00 and the parcel is not insured"}}},
		{"high value, insured", with(func(o *Order) { o.Amount = 450_00; o.Insured = &yes }), def, nil},
		{"exactly the limit", with(func(o *Order) { o.Amount = 300_00 }), def, nil},
		{"high declared value counts too", with(func(o *Order) { o.DeclaredValue = 301_00 }), def,
			[]Check{{CheckUninsured, "value 301.00 USD is over 300.00 and the parcel is not insured"}}},
		{"currency limit applies", with(func(o *Order) { o.Amount = 1500_00; o.Currency = "CNY" }), perCurrency, nil},
		{"over the currency limit", with(func(o *Order) { o.Amount = 2500_00; o.Currency = "CNY" }), perCurrency,
			[]Check{{CheckUninsured, "value 2500.00 CNY is over 2000.00 and the parcel is not insured"}}},
		{"high value off", with(func(o *Order) { o.Amount = 999999_00 }), func() PrecheckConfig { c := def; c.HighValue = 0; return c }(), nil},
		{"own keywords", with(func(o *Order) { o.Product = "GLITTER pens, battery-free" }), custom,
			[]Check{{CheckSensitive, `product mentions "glitter": check the carrier accepts it`}}},
		{"everything at once", Order{Product: "Power bank", Amount: 500_00}, def, []Check{
			{CheckSensitive, `product mentions "power bank": check the carrier accepts it`},
			{CheckNoHSCode, "no HS code for the customs declaration"},
			{CheckNoDeclaredValue, "no declared value for customs"},
			{CheckUninsured, "value 500.00 is over 300.00 and the parcel is not insured"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Precheck(tt.order, tt.cfg); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Precheck = %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestPrecheckConfig(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte(`
[prechecks]
sensitive_keywords = ["glitter", "胶水"]
high_value = 199.99
require_hs_code = false

[prechecks.high_value_by_currency]
CNY = "1,500"
JPY = 40000
`))
	if err != nil {
		t.Fatal(err)
	}
	want := PrecheckConfig{SensitiveKeywords: []string{"glitter", "胶水"}, HighValue: 199_99,
		HighValueByCurrency: map[string]Money{"CNY": 1500_00, "JPY": 40000_00}, RequireDeclared: true}
	if !reflect.DeepEqual(cfg.Prechecks, want) {
		t.Errorf("prechecks = %+v\nwant %+v", cfg.Prechecks, want)
	}
	def, err := ParseConfig("c.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(def.Prechecks, DefaultPrechecks()) || len(def.Prechecks.SensitiveKeywords) < 20 {
		t.Errorf("default prechecks = %+v", def.Prechecks)
	}
}

func TestPrecheckConfigErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"empty keyword", "[prechecks]\nsensitive_keywords = [\"battery\", \" \"]\n",
			[]string{"c.toml line 2", "prechecks.sensitive_keywords = [\"battery\", \" \"]", `entry 2 (" ")`}},
		{"negative high value", "[prechecks]\n\nhigh_value = -5\n", []string{"line 3", "prechecks.high_value", "-5 is out of range"}},
		{"three decimals", "[prechecks]\nhigh_value = 1.234\n", []string{"line 2", "prechecks.high_value", "at most two decimals"}},
		{"not an amount", "[prechecks]\nhigh_value = \"lots\"\n", []string{"line 2", "prechecks.high_value", `"lots"`, "not an amount"}},
		{"bad currency", "[prechecks.high_value_by_currency]\nusd = 100\n",
			[]string{"line 2: prechecks.high_value_by_currency.usd = 100", `"usd": want an ISO 4217 code`}},
		{"not a bool", "[prechecks]\nrequire_hs_code = \"yes\"\n", []string{"line 2", "prechecks.require_hs_code"}},
		{"unknown key", "[prechecks]\nhigh_values = 3\n", []string{"line 2", "prechecks.high_values", "unknown setting"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestPrecheckConfigEmptyKeywordsTurnTheCheckOff(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte("[prechecks]\nsensitive_keywords = []\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cs := Precheck(Order{Product: "Lithium battery", HSCode: "850650", DeclaredValue: 100}, cfg.Prechecks); len(cs) != 0 {
		t.Errorf("checks %v with sensitive_keywords = []", cs)
	}
}
