package tracker

import "strings"

// PhoneDigits is the digits of a phone's main number, as carriers that
// check the recipient's phone want them: an extension ("… x12", "…#12",
// "…转12", "…, 12") is cut off, full-width digits are read as ASCII, and
// everything else (+, spaces, dashes, brackets) is dropped.
func PhoneDigits(phone string) string {
	if i := strings.IndexAny(phone, "xX#转,;"); i >= 0 {
		phone = phone[:i]
	}
	var b strings.Builder
	for _, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteByte(byte('0' + r - '０'))
		}
	}
	return b.String()
}

// PhoneLast4 is the last four digits of a phone's main number, "" with
// fewer: what Kuaidi100 and Track123 take to match the recipient.
func PhoneLast4(phone string) string {
	d := PhoneDigits(phone)
	if len(d) < 4 {
		return ""
	}
	return d[len(d)-4:]
}
