package orderfile

import (
	"strings"
	"testing"

	"waybill/tracker"
)

// A bad [import.columns] entry is refused when the config is read, naming
// the line, the key and the value, not when the first import fails.
func TestCheckConfigColumns(t *testing.T) {
	tests := []struct {
		name, columns string
		want          string // "": no error
	}{
		{"fields mapped to headers", "order_no = \"Bestellnummer\"\ntracking_no = \"Sendungsnummer\"\n", ""},
		{"field names fold case", "Order_No = \"Nr\"\n", ""},
		{"not a field", "ordernumber = \"Nr\"\n", `config c.toml line 2: import.columns.ordernumber = "Nr": "ordernumber" is not a field (want one of order_no, `},
		{"empty header", "order_no = \"\"\n", `line 2: import.columns.order_no = "": want the header of the column that holds order_no`},
		{"header of punctuation only", "order_no = \" - \"\n", `line 2: import.columns.order_no = " - ": want the header`},
		{"one column for two fields", "buyer = \"Name\"\norder_no = \"name\"\n", `line 3: import.columns.order_no = "name": the same column as import.columns.buyer`},
		{"one field twice", "order_no = \"A\"\nORDER_NO = \"B\"\n", `line 2: import.columns.order_no = "A": the same field as import.columns.ORDER_NO`},
		{"a header far too long", "order_no = \"" + strings.Repeat("x", 300) + "\"\n", "import.columns.order_no = \"xxxx"},
		{"a quoted key", "\"tracking no\" = \"T\"\n", `line 2: import.columns."tracking no" = "T": "tracking no" is not a field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tracker.ParseConfig("c.toml", []byte("[import.columns]\n"+tt.columns), CheckConfig)
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v\nwant %q", err, tt.want)
			}
		})
	}
}
