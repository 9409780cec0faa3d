package i18n

// zhrestMessages are what issue 26 left in English last: a digest's
// subject (its parts typed, tracker.AlertCounts), and the case log's
// customs, redelivery and pickup solutions.
func zhrestMessages() []msg {
	return []msg{
		e("[waybill] %d alerts: %s", "[waybill] %d 条提醒：%s"),
		// A digest's part: how many alerts of a kind ("2 stale"); Chinese
		// names the kind first (停滞 2 条) and lists with 、.
		id("%d alerts of kind %s", "%d %s", "%[2]s %[1]d 条"),
		id("digest:sep", ", ", "、"),
		// The case log's customs, redelivery and pickup solutions
		// (tracker.Solution.String): the documents, who pays, the address
		// and phone are values.
		e("customs: %s; duties paid by %s", "清关处理：%s；关税承担方：%s"),
		e("customs: %s; duties paid by %s (seller %s of %s %s)", "清关处理：%s；关税承担方：%s（卖家承担 %s，共 %s %s）"),
		e("%s to %s, phone %s", "%s，地址 %s，电话 %s"),
		e("%s to %s", "%s，地址 %s"),
		e("%s, phone %s", "%s，电话 %s"),
		// A tracking number refused as typed (tracker.NumberRefusal): the
		// flag and the number as typed, the detector's reason.
		e("--tracking %q: %s (use --force to store it anyway, marked unverified)", "--tracking %q：%s（加 --force 仍可保存，标记为未验证）"),
	}
}
