package kuaidi100

import (
	"fmt"
	"strings"

	"waybill/tracker"
)

// Phone modes: what of the order's phone goes in param.phone (the query)
// and parameters.phone (the subscription), the config's
// carriers.kuaidi100.send_phone.
//
// The query document asks for the sender's or recipient's phone, required
// for SF Express (顺丰速运, 顺丰快运) and ZTO (中通快递), optional for the
// others, without an extension, and for a marketplace's virtual number the
// four digits after its "-"
// (https://api.kuaidi100.com/document/5f0ffb5ebc8da837cbd8aefc); the
// java-demo's SubscribeParameters says the last four digits will do
// ("也可以填写后四位"). The last four are what SF checks, whatever form the
// order holds the number in (+86 138…, 0044 7700…), and they tell
// Kuaidi100 and the carrier the least about the buyer: the default. The
// query document does not say in so many words that it takes the last
// four for any number, so "full" sends every digit of the number instead.
const (
	PhoneLast4 = "last4"
	PhoneFull  = "full"
	PhoneNone  = "none"
)

// PhoneModes are the values send_phone takes ("" is PhoneLast4).
var PhoneModes = []string{PhoneLast4, PhoneFull, PhoneNone}

// SetPhone chooses what of an order's phone is sent; "" is PhoneLast4.
func (c *Carrier) SetPhone(mode string) error {
	switch mode {
	case "":
		mode = PhoneLast4
	case PhoneLast4, PhoneFull, PhoneNone:
	default:
		return fmt.Errorf("carriers.kuaidi100.send_phone %q: want %s", mode, strings.Join(PhoneModes, ", "))
	}
	c.phone = mode
	return nil
}

// phoneParam is what of phone goes to Kuaidi100 under mode: its digits
// before any extension, or their last four; "" when there are fewer than
// four digits (no phone Kuaidi100 could check).
func phoneParam(phone, mode string) string {
	digits := tracker.PhoneDigits(phone)
	switch {
	case mode == PhoneNone, len(digits) < 4:
		return ""
	case mode == PhoneFull:
		return digits
	}
	return digits[len(digits)-4:]
}
