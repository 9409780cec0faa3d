package tracker

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestFieldProblem(t *testing.T) {
	tests := []struct {
		name, field, value string
		want               string // part of the reason; "" when taken
	}{
		{"an address", FieldEmail, "ana@example.com", ""},
		{"not an address", FieldEmail, "not-mail", "not an email address"},
		{"an address without a dotted domain", FieldEmail, "ana@example", "not an email address"},
		{"a name and an address", FieldEmail, "Ana <ana@example.com>", "not an email address"},
		{"an address with a control", FieldEmail, "ana@example.com\x1b]52;c;x\x07", "not an email address"},
		{"a product of 1000 bytes", FieldProduct, strings.Repeat("p", 1000), ""},
		{"a product of 100 KB", FieldProduct, strings.Repeat("p", 100_000), "not text of at most 1000 bytes"},
		{"a buyer that is not UTF-8", FieldBuyer, "Jos\xe9", "not text of at most 1000 bytes"},
		{"an order number of 1001 bytes", FieldOrderNo, strings.Repeat("9", 1001), "not text of at most 1000 bytes"},
		{"a currency", FieldCurrency, "USD", ""},
		{"a currency in small letters", FieldCurrency, "usd", "not a currency"},
		{"an HS code with dots", FieldHSCode, "8506.50", ""},
		{"an HS code too short", FieldHSCode, "12", "not an HS code"},
		{"packaging of 300 Chinese characters", FieldPackaging, strings.Repeat("箱", 300), ""},
		{"packaging of 301 characters", FieldPackaging, strings.Repeat("b", 301), "longer than 300 characters"},
		{"a product of 301 characters", FieldProduct, strings.Repeat("b", 301), ""},
		{"nothing given", FieldEmail, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FieldProblem(tt.field, tt.value)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("FieldProblem(%s, %q) = %q, want %q", tt.field, ShortValue(tt.value), got, tt.want)
			}
		})
	}
}

// writeSpy is a store that takes orders and nothing else.
type writeSpy struct {
	ActionStore
	got []OrderDetail
}

func (s *writeSpy) ImportOrders(_ context.Context, _ time.Time, orders []OrderDetail) (Added, error) {
	s.got = append(s.got, orders...)
	return Added{Orders: len(orders)}, nil
}

// Every write of an order is held to the same rules, whichever screen or
// command sent it: the error names the order, the field and the value.
func TestWriteOrdersChecksEveryField(t *testing.T) {
	parcel := []ShipmentDetail{{Shipment: Shipment{TrackingNo: "RB123456785GB"}}}
	tests := []struct {
		name string
		od   OrderDetail
		want []string // in the error; none when written
	}{
		{"a good order", OrderDetail{Order: Order{OrderNo: "A-1", Email: "ana@example.com", Product: "socks", Currency: "EUR"}, Shipments: parcel}, nil},
		{"an order with no fields but its number", OrderDetail{Order: Order{OrderNo: "A-1"}}, nil},
		{"a bad email", OrderDetail{Order: Order{OrderNo: "A-2", Email: "nobody"}, Shipments: parcel},
			[]string{`order A-2: email "nobody": not an email address`}},
		{"a product of 100 KB", OrderDetail{Order: Order{OrderNo: "A-3", Product: strings.Repeat("x", 100_000)}},
			[]string{`order A-3: product "xxxxxxxxxx`, "not text of at most 1000 bytes"}},
		{"two bad fields, both said", OrderDetail{Order: Order{OrderNo: "A-4", Email: "x@y", HSCode: "12"}},
			[]string{`email "x@y"`, `hs_code "12": not an HS code`}},
		{"packaging notes pasted as a letter", OrderDetail{Order: Order{OrderNo: "A-6", Packaging: strings.Repeat("double box ", 40)}},
			[]string{`order A-6: packaging "double box double box`, "longer than 300 characters"}},
		{"a parcel's carrier of 2 KB", OrderDetail{Order: Order{OrderNo: "A-5"}, Shipments: []ShipmentDetail{{Shipment: Shipment{TrackingNo: "RB123456785GB", Carrier: strings.Repeat("c", 2000)}}}},
			[]string{`carrier "cccc`, "not text of at most 1000 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spy := &writeSpy{}
			svc := NewService(spy, NewFixedClock(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)), nil, nil)
			_, err := svc.WriteOrders(context.Background(), LocalActor("ana"), []OrderDetail{tt.od}, time.Time{})
			if len(tt.want) == 0 {
				if err != nil || len(spy.got) != 1 {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || len(spy.got) != 0 {
				t.Fatalf("written (err %v)", err)
			}
			var fe FieldErrors
			if !errors.As(err, &fe) {
				t.Errorf("%v is not a FieldErrors", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if len(err.Error()) > 400 {
				t.Errorf("an error of %d bytes: the value is not cut", len(err.Error()))
			}
		})
	}
}
