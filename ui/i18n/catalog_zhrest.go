package i18n

// zhrestMessages are what issue 26 left in English last: a digest's
// subject (its parts typed, tracker.AlertCounts).
func zhrestMessages() []msg {
	return []msg{
		e("[waybill] %d alerts: %s", "[waybill] %d 条提醒：%s"),
		// A digest's part: how many alerts of a kind ("2 stale"); Chinese
		// names the kind first (停滞 2 条) and lists with 、.
		id("%d alerts of kind %s", "%d %s", "%[2]s %[1]d 条"),
		id("digest:sep", ", ", "、"),
	}
}
