package orderfile

import (
	"reflect"
	"strings"
	"testing"

	"waybill/tracker"
)

func TestInsuredAliases(t *testing.T) {
	for _, h := range append([]string{"insured"}, Aliases[Insured]...) {
		t.Run(h, func(t *testing.T) {
			cols, _, err := MapHeader([]string{"order no", h}, nil)
			if err != nil || cols[Insured] != 1 {
				t.Errorf("MapHeader with %q = %v, %v; want insured in column 1", h, cols, err)
			}
		})
	}
}

func TestInsuredValues(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		cell string
		want *bool
	}{
		{"yes", &yes}, {"Y", &yes}, {"TRUE", &yes}, {"1", &yes}, {"是", &yes},
		{"no", &no}, {"n", &no}, {"false", &no}, {"0", &no}, {"否", &no},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			res, err := ParseCSV([]byte("order no,是否投保\nA-1,"+tt.cell+"\n"), opt)
			if err != nil || len(res.Problems) > 0 {
				t.Fatalf("%v %v", err, res.Problems)
			}
			if got := res.Orders[0].Insured; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("insured = %v, want %v", got, tt.want)
			}
		})
	}
	res, err := ParseCSV([]byte("order no,insurance\nA-1,maybe\n"), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].String() != `line 2: column "insurance": value "maybe": not yes or no: want yes, no, true, false, 1, 0, 是 or 否` {
		t.Errorf("problems %v", res.Problems)
	}
}

// Every content field lands on the order, exactly; rows of one order fill
// each other's gaps.
func TestOrderContents(t *testing.T) {
	csv := "订单号,运单号,收货地址,商品名称,订单金额,币种,海关编码,申报价值,保险\n" +
		"A-1,RB123456785GB,\"1 High St, Leeds\",锂电池 3.7V,\"¥1,234.50\",cny,850650,19.9,否\n" +
		"A-1,EA123456785CN,,,,,,,\n"
	res, err := ParseCSV([]byte(csv), opt)
	if err != nil || len(res.Problems) > 0 {
		t.Fatalf("%v %v", err, res.Problems)
	}
	no := false
	o := res.Orders[0].Order
	got := tracker.Order{Address: o.Address, Product: o.Product, Amount: o.Amount, Currency: o.Currency,
		HSCode: o.HSCode, DeclaredValue: o.DeclaredValue, Insured: o.Insured}
	want := tracker.Order{Address: "1 High St, Leeds", Product: "锂电池 3.7V", Amount: 1234_50, Currency: "CNY",
		HSCode: "850650", DeclaredValue: 19_90, Insured: &no}
	if !reflect.DeepEqual(got, want) || len(res.Orders[0].Shipments) != 2 {
		t.Errorf("order %+v\nwant %+v", got, want)
	}
}

func TestAmountProblems(t *testing.T) {
	csv := "order no,amount,declared value\nA-1,19.999,1e3\nA-2,-4,¥\n"
	res, err := ParseCSV([]byte(csv), opt)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`line 2: column "amount": value "19.999": more than two decimals: want at most cents, such as 12.50`,
		`line 2: column "declared value": value "1e3": not an amount: want a number such as 1234.50`,
		`line 3: column "amount": value "-4": a negative amount`,
		`line 3: column "declared value": value "¥": not an amount: want a number such as 1234.50`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
