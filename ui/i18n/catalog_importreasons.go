package i18n

// importReasonMessages are the reasons an order file's cell is refused
// (tracker/orderfile, tracker.ErrNotCountry), keyed by their English
// format; the cell's value and the file's words stay as written.
func importReasonMessages() []msg {
	return []msg{
		e("the order number is missing", "缺少订单号"),
		e("not a country: want an ISO 3166 alpha-2 code such as DE, or the country's name in English, Chinese or its own language (Germany, 德国, Deutschland)",
			"不是国家：应为 ISO 3166 两位代码(如 DE)，或国家的英文、中文或本国语言名称(Germany、德国、Deutschland)"),
		e("not a carrier waybill knows (`waybill detect NUMBER` names one; the README lists the slugs)",
			"不是 waybill 认识的承运商(`waybill detect 单号` 可识别承运商；README 列出了全部代码)"),
		e("the same as the order number: that is not the parcel's tracking number", "与订单号相同：这不是包裹的运单号"),
		e("a carrier is given but no tracking number", "填了承运商但没有运单号"),
		e("not yes or no: want yes, no, true, false, 1, 0, 是 or 否", "不是“是”或“否”：应为 yes、no、true、false、1、0、是 或 否"),
		e("not a date: want YYYY-MM-DD (or YYYY/M/D, D/M/YYYY, 2006年1月2日, RFC 3339)",
			"不是日期：应为 YYYY-MM-DD(或 YYYY/M/D、D/M/YYYY、2006年1月2日、RFC 3339)"),
		e("ambiguous date: %d/%d could be day/month or month/day; write it as YYYY-MM-DD", "日期有歧义：%d/%d 可能是日/月，也可能是月/日；请写成 YYYY-MM-DD"),
		e("not a date", "不是日期"),
		e("not a time of day: %q", "不是有效时间：%q"),
	}
}
