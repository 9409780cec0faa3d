package orderfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var opt = Options{Location: time.UTC, Now: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)}

func TestMapHeader(t *testing.T) {
	tests := []struct {
		name      string
		header    []string
		overrides map[string]string
		want      map[Field]int
		ignored   []string
	}{
		{"english", []string{"Order No", "Tracking Number", "Carrier", "Buyer", "Email", "Phone", "Country", "Address",
			"Product", "Amount", "Currency", "Order Date", "Ship Date", "Promised Date", "Shipping Method", "HS Code", "Declared Value", "Insured", "Packaging Notes"},
			nil, nil, nil},
		{"chinese", []string{"订单号", "运单号", "物流公司", "收件人", "邮箱", "电话", "国家", "地址",
			"商品", "金额", "币种", "下单时间", "发货时间", "承诺时间", "物流方式", "HS编码", "申报价值", "是否投保", "包装说明"},
			nil, nil, nil},
		{"snake case and noise", []string{"order_no", "TRACKING-NO", " 快递单号 ", "Order ID:"}, nil,
			map[Field]int{OrderNo: 0, TrackingNo: 1}, []string{" 快递单号 ", "Order ID:"}},
		{"override wins over alias", []string{"Order No", "Ref", "物流单号"}, map[string]string{"order_no": "ref"},
			map[Field]int{OrderNo: 1, TrackingNo: 2}, []string{"Order No"}},
		{"unknown headers ignored", []string{"订单编号", "SKU"}, nil, map[Field]int{OrderNo: 0}, []string{"SKU"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ignored, err := MapHeader(tt.header, tt.overrides)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == nil { // every field, in Fields order
				want = map[Field]int{}
				for i, f := range Fields {
					want[f] = i
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("columns = %v, want %v", got, want)
			}
			if !reflect.DeepEqual(ignored, tt.ignored) {
				t.Errorf("ignored = %q, want %q", ignored, tt.ignored)
			}
		})
	}
}

func TestMapHeaderErrors(t *testing.T) {
	tests := []struct {
		header    []string
		overrides map[string]string
		want      string
	}{
		{[]string{"Tracking No"}, nil, "no order number column"},
		{[]string{"Order No"}, map[string]string{"parcel": "X"}, `import.columns: "parcel" is not a field`},
		{[]string{"Order No"}, map[string]string{"tracking_no": "Parcel"}, `tracking_no = "Parcel", but the file has no such column`},
	}
	for _, tt := range tests {
		_, _, err := MapHeader(tt.header, tt.overrides)
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tt.want) {
			t.Errorf("MapHeader(%q, %v) = %v, want %q", tt.header, tt.overrides, err, tt.want)
		}
	}
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodingAndDelimiter(t *testing.T) {
	const body = "订单号%s运单号%s收件人\nA-1%sRB123456785GB%s张三\n"
	for _, d := range []string{",", ";", "\t", "|"} {
		text := fmt.Sprintf(body, d, d, d, d)
		for _, enc := range []struct {
			name string
			data []byte
		}{
			{"utf8", []byte(text)},
			{"bom", append([]byte("\xef\xbb\xbf"), text...)},
			{"gbk", gbk(t, text)},
		} {
			t.Run(fmt.Sprintf("%q/%s", d, enc.name), func(t *testing.T) {
				if enc.name == "gbk" && bytes.Equal(enc.data, []byte(text)) {
					t.Fatal("the GBK encoding left the text unchanged")
				}
				res, err := ParseCSV(enc.data, opt)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Problems) > 0 || len(res.Orders) != 1 {
					t.Fatalf("orders %d, problems %v", len(res.Orders), res.Problems)
				}
				o := res.Orders[0]
				if o.OrderNo != "A-1" || o.Buyer != "张三" || o.Shipments[0].TrackingNo != "RB123456785GB" || o.Shipments[0].Carrier != "royal-mail" {
					t.Errorf("read %+v", o)
				}
			})
		}
	}
}

func TestDelimiterQuoted(t *testing.T) {
	if d := Delimiter([]byte("\"a;b;c\",x,y\n1;2")); d != ',' {
		t.Errorf("Delimiter = %q, want ','", d)
	}
}

// xlsxFile builds a minimal workbook: shared strings, an inline string, a
// number and a date serial.
func xlsxFile(t *testing.T, sheet string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"xl/workbook.xml":            `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" sheetId="1" r:id="rId7"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="worksheet" Target="worksheets/orders.xml"/></Relationships>`,
		"xl/sharedStrings.xml":       `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>订单号</t></si><si><t>运单号</t></si><si><r><t>下单</t></r><r><t>时间</t></r></si><si><t>金额</t></si><si><t>A-7</t></si></sst>`,
		"xl/worksheets/orders.xml":   `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheet + `</sheetData></worksheet>`,
	}
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSX(t *testing.T) {
	data := xlsxFile(t, `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`+
		`<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="inlineStr"><is><t>RB123456785GB</t></is></c><c r="C3"><v>46082.5</v></c><c r="D3"><v>19.9</v></c></row>`)
	res, err := Read("orders.xlsx", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 || len(res.Orders) != 1 {
		t.Fatalf("orders %d, problems %v", len(res.Orders), res.Problems)
	}
	o := res.Orders[0]
	if want := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC); !o.OrderedAt.Equal(want) {
		t.Errorf("order date %v, want %v (Excel serial 46082.5)", o.OrderedAt, want)
	}
	if o.OrderNo != "A-7" || o.Shipments[0].TrackingNo != "RB123456785GB" || o.Amount != 19_90 {
		t.Errorf("read %+v", o)
	}
	// A bad value in XLSX reports the sheet's row number.
	data = xlsxFile(t, `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="5"><c r="A5" t="s"><v>4</v></c><c r="B5" t="inlineStr"><is><t>RB123456784GB</t></is></c></row>`)
	res, err = Read("x.xlsx", data, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != 5 || res.Problems[0].Column != "运单号" {
		t.Errorf("problems %+v", res.Problems)
	}
	if _, err := Read("x.xlsx", []byte("PK\x03\x04junk"), opt); err == nil {
		t.Error("a broken XLSX read without error")
	}
}

func TestRowValidation(t *testing.T) {
	csv := "Order No,Tracking No,Country,Order Date,Amount,Email,Currency,HS Code,Carrier\n" +
		"A-1,RB123456785GB,GB,2026-03-01,12.50,a@b.co,gbp,8504.40,royal-mail\n" + // good
		"A-2,RB123456784GB,,,,,,,\n" + // mistyped S10
		",RB123456785GB,ZZ,05/06/2026,-3,not-mail,dollars,12,Pony Express\n" +
		"A-4,A-4,Germany,31/12/2026,\"1.234,50\",,,,\n"
	res, err := ParseCSV([]byte(csv), opt)
	if err != nil {
		t.Fatal(err)
	}
	type p struct {
		line          int
		column, value string
		reason        string
	}
	want := []p{
		{3, "Tracking No", "RB123456784GB", "the check digit does not match"},
		{4, "Order No", "", "the order number is missing"},
		{4, "Country", "ZZ", "not a country"},
		{4, "Order Date", "05/06/2026", "ambiguous date"},
		{4, "Amount", "-3", "a negative amount"},
		{4, "Email", "not-mail", "not an email address"},
		{4, "Currency", "dollars", "not a currency"},
		{4, "HS Code", "12", "not an HS code"},
		{4, "Carrier", "Pony Express", "not a carrier waybill knows"},
		{5, "Tracking No", "A-4", "the same as the order number"},
	}
	if len(res.Problems) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(res.Problems), len(want), res.Problems)
	}
	for i, w := range want {
		g := res.Problems[i]
		if g.Line != w.line || g.Column != w.column || g.Value != w.value || !strings.Contains(g.Reason, w.reason) {
			t.Errorf("problem %d = %+v, want %+v", i, g, w)
		}
	}
	s10 := res.Problems[0]
	if !contains(s10.Suggestions, "RB123456785GB") || !strings.Contains(s10.String(), "did you mean") {
		t.Errorf("S10 problem: %s (suggestions %v)", s10, s10.Suggestions)
	}
	if res.Rows != 4 || res.BadRows != 3 || len(res.Orders) != 1 {
		t.Errorf("rows %d bad %d orders %d", res.Rows, res.BadRows, len(res.Orders))
	}
	if o := res.Orders[0]; o.Currency != "GBP" || o.Amount != 12_50 || o.HSCode != "8504.40" {
		t.Errorf("order %+v", o)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestValues(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"2026/3/1 08:30", time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC)},
		{"2026年3月1日", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"25/12/2026", time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC)},
		{"12/25/2026 10:00", time.Date(2026, 12, 25, 10, 0, 0, 0, time.UTC)},
		{"2026-03-01T08:00:00Z", time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)},
	} {
		got, err := parseDate(tt.in, time.UTC, false)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"31/02/2026", "yesterday", "46082"} {
		if _, err := parseDate(bad, time.UTC, false); err == nil {
			t.Errorf("parseDate(%q) accepted", bad)
		}
	}
}

func TestMergeAndDuplicates(t *testing.T) {
	csv := "order no,tracking no,buyer\nA-1,RB123456785GB,\nA-1,RB123456785GB,Ann\nA-1,EA123456785CN,\n"
	res, err := ParseCSV([]byte(csv), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Orders) != 1 || len(res.Orders[0].Shipments) != 2 || res.Orders[0].Buyer != "Ann" {
		t.Fatalf("orders %+v", res.Orders)
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("order no,tracking no\nA-1,RB123456785GB\n"))
	f.Add([]byte("\xef\xbb\xbf订单号;运单号\nA;B\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ParseCSV(data, opt)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if len(res.Orders)+res.BadRows > res.Rows {
			t.Fatalf("%d orders + %d bad rows > %d rows", len(res.Orders), res.BadRows, res.Rows)
		}
		for _, o := range res.Orders {
			if o.OrderNo == "" {
				t.Fatal("an order without a number")
			}
			for _, s := range o.Shipments {
				if s.TrackingNo == "" {
					t.Fatal("a shipment without a tracking number")
				}
			}
		}
		for _, p := range res.Problems {
			if p.Line <= 0 || p.Reason == "" {
				t.Fatalf("problem without line or reason: %+v", p)
			}
		}
	})
}

// Countries are read by tracker.ParseCountry: a code, or a name in English,
// Chinese or the country's own language (the issue: 德国 and Deutschland
// were refused); a name of no country is reported with its column and
// value.
func TestImportCountryNames(t *testing.T) {
	tests := []struct{ country, want, problem string }{
		{"德国", "DE", ""},
		{"Deutschland", "DE", ""},
		{"Allemagne", "DE", ""},
		{"de", "DE", ""},
		{"United States of America", "US", ""},
		{"美国", "US", ""},
		{"ישראל", "IL", ""},
		{"대한민국", "KR", ""},
		{"المملكة العربية السعودية", "SA", ""},
		{"Česká republika", "CZ", ""},
		{"Magyarorszag", "HU", ""},
		{"XX", "", "not a country"},
		{"Germania Magna", "", "not a country"},
	}
	var b strings.Builder
	b.WriteString("订单号,运单号,国家\n")
	for i, tt := range tests {
		fmt.Fprintf(&b, "C-%d,%s,%s\n", i, s10("RB", 100+i, "GB"), tt.country)
	}
	res, err := ParseCSV([]byte(b.String()), opt)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range res.Orders {
		got[o.OrderNo] = o.Country
	}
	for i, tt := range tests {
		no := fmt.Sprintf("C-%d", i)
		if tt.problem == "" {
			if got[no] != tt.want {
				t.Errorf("%q: country %q, want %q", tt.country, got[no], tt.want)
			}
			continue
		}
		found := false
		for _, p := range res.Problems {
			if p.Line == i+2 && p.Column == "国家" && p.Value == tt.country && strings.Contains(p.Reason, tt.problem) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: no problem naming the column and the value: %v", tt.country, res.Problems)
		}
	}
}
