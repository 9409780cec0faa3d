package aliexpress

import (
	"bytes"
	"encoding/json"
)

// str is an id or number that AliExpress sends as a JSON number or a
// string (order ids are 16-digit numbers in one answer and strings in the
// next); it is kept as its digits, never a float.
type str string

func (s *str) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = str(v)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*s = str(n.String())
	return nil
}

// list is a list that simplify=false wraps in an object of one key
// ({"aeop_order_item_dto": [...]}) and simplify=true sends bare; an empty
// wrapper ({}) is an empty list.
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var v []T
		err := json.Unmarshal(b, &v)
		*l = v
		return err
	}
	var wrapped map[string]json.RawMessage
	if err := json.Unmarshal(b, &wrapped); err != nil {
		return err
	}
	for _, raw := range wrapped { // one key: the element type's name
		var v []T
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		*l = append(*l, v...)
	}
	return nil
}

type money struct {
	Amount       string `json:"amount"`
	CurrencyCode string `json:"currency_code"`
}
