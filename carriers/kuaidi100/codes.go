package kuaidi100

import (
	"strings"

	"waybill/tracker"
)

// Mapping is where one Kuaidi100 state lands in our model.
type Mapping struct {
	Status    tracker.Status
	Exception tracker.ExceptionKind
}

// states maps every documented state (物流状态值) and advanced state (高级物流
// 状态值, sent per trail entry as statusCode with resultv2=4). Source: the
// real-time query document's table "运单快递状态(state)说明"
// (https://api.kuaidi100.com/document/5f0ffb5ebc8da837cbd8aefc, section
// 1.6; the same table at https://apifox.com/apidoc/project-514987/api-8562559),
// which several independent copies agree on; names in the comments are
// Kuaidi100's. The push document's lastResult.state lists the main states
// 0 1 2 3 4 5 6 7 8 14 (https://apifox.com/apidoc/project-514987/api-8568518).
// Checked for issue 21 against that table: every code below is in it, and
// it has no others (no 1401 or other sub-state of 14, no 8xx).
var states = map[string]Mapping{
	// 1 揽收: collected.
	"1":   {tracker.StatusInTransit, ""},    // 揽收: picked up by the carrier
	"101": {tracker.StatusInfoReceived, ""}, // 已下单: waybill created
	"102": {tracker.StatusInfoReceived, ""}, // 待揽收: awaiting pickup
	"103": {tracker.StatusInTransit, ""},    // 已揽收: picked up
	// 0 在途: in transit.
	"0":    {tracker.StatusInTransit, ""}, // 在途
	"1001": {tracker.StatusInTransit, ""}, // 到达派件城市: arrived in the delivery city
	"1002": {tracker.StatusInTransit, ""}, // 干线: line haul
	"1003": {tracker.StatusInTransit, ""}, // 转递: forwarded to a new address
	// 5 派件: out for delivery.
	"5":   {tracker.StatusOutForDelivery, ""},     // 派件
	"501": {tracker.StatusAvailableForPickup, ""}, // 投柜或驿站: put in a locker or pickup station
	// 3 签收: delivered.
	"3":   {tracker.StatusDelivered, ""}, // 签收
	"301": {tracker.StatusDelivered, ""}, // 本人签收: signed by the recipient
	"302": {tracker.StatusDelivered, ""}, // 派件异常后签收: signed after a delivery problem
	"303": {tracker.StatusDelivered, ""}, // 代签: signed by someone else
	"304": {tracker.StatusDelivered, ""}, // 投柜或站签收: collected from a locker or station
	// 6 退回: on its way back.
	"6": {tracker.StatusReturning, tracker.ExReturning}, // 退回
	// 4 退签: returned and signed for by the sender.
	"4":   {tracker.StatusReturned, ""}, // 退签
	"401": {tracker.StatusReturned, ""}, // 已销单: waybill cancelled; nothing more will move
	// 14 拒签, "收件人拒签快件": the recipient refused the parcel. A failed
	// delivery, not the end: the parcel still has to go back (6 退回) and be
	// signed for by the sender (4 退签), or be delivered after all, and a
	// final status here would stop the polling that fetches those.
	"14": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},
	// 7 转投: handed to another carrier.
	"7": {tracker.StatusInTransit, ""}, // 转投 (older documents: 转单)
	// 2 疑难: a problem.
	"2":   {tracker.StatusException, tracker.ExDeliveryFailed},          // 疑难: unspecified problem; most are delivery problems
	"201": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},     // 超时未签收: long out for delivery, not signed
	"202": {tracker.StatusException, tracker.ExStale},                   // 超时未更新: no update for a long time
	"203": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},     // 拒收: recipient refuses, awaiting the sender
	"204": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},     // 派件异常: delivery exception
	"205": {tracker.StatusAvailableForPickup, tracker.ExDeliveryFailed}, // 柜或驿站超时未取: not collected from locker or station
	"206": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},     // 无法联系: recipient cannot be reached
	"207": {tracker.StatusDeliveryFailed, tracker.ExDeliveryFailed},     // 超区: outside the carrier's delivery area
	"208": {tracker.StatusException, tracker.ExStale},                   // 滞留: held at the outlet, not dispatched
	"209": {tracker.StatusException, tracker.ExDamaged},                 // 破损: damaged
	"210": {tracker.StatusException, ""},                                // 销单: the sender cancelled the shipment
	// 8 清关: customs.
	"8":  {tracker.StatusCustoms, ""},                // 清关
	"10": {tracker.StatusCustoms, ""},                // 待清关: awaiting clearance
	"11": {tracker.StatusCustoms, ""},                // 清关中: in clearance
	"12": {tracker.StatusInTransit, ""},              // 已清关: cleared
	"13": {tracker.StatusCustoms, tracker.ExCustoms}, // 清关异常: customs exception
}

// stateNames maps the state names Kuaidi100 puts in a trail entry's status
// field (resultv2=1, or beside statusCode with 4) to their codes. 转单 and
// 收件人拒签 are the names older documents use.
var stateNames = map[string]string{
	"揽收": "1", "已下单": "101", "待揽收": "102", "已揽收": "103",
	"在途": "0", "到达派件城市": "1001", "干线": "1002", "转递": "1003",
	"派件": "5", "投柜或驿站": "501",
	"签收": "3", "本人签收": "301", "派件异常后签收": "302", "代签": "303", "投柜或站签收": "304", "投柜或驿站签收": "304",
	"退回": "6", "退签": "4", "已销单": "401", "拒签": "14", "收件人拒签": "14",
	"转投": "7", "转单": "7",
	"疑难": "2", "超时未签收": "201", "超时未更新": "202", "拒收": "203", "派件异常": "204",
	"柜或驿站超时未取": "205", "无法联系": "206", "超区": "207", "滞留": "208", "破损": "209", "销单": "210",
	"清关": "8", "待清关": "10", "清关中": "11", "已清关": "12", "清关异常": "13",
}

// MapState maps a state code, an advanced state code or a state name.
// Unknown codes fall back to their family: 100x is in transit (0), 14xx a
// refusal (14; no sub-state of it is documented, but the advanced codes
// are the main state followed by two digits), other three-digit codes
// belong to the state of their first digit (305 → 3 delivered); anything
// else is in transit, a scan of a parcel that moves.
func MapState(raw string) Mapping {
	raw = strings.TrimSpace(raw)
	if m, ok := states[raw]; ok {
		return m
	}
	if code, ok := stateNames[raw]; ok {
		return states[code]
	}
	if len(raw) == 4 && strings.HasPrefix(raw, "100") && digits(raw) {
		return states["0"]
	}
	if len(raw) == 4 && strings.HasPrefix(raw, "14") && digits(raw) {
		return states["14"]
	}
	if len(raw) == 3 && digits(raw) {
		if m, ok := states[raw[:1]]; ok {
			return m
		}
	}
	return Mapping{tracker.StatusInTransit, ""}
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// comBySlug maps our carrier slugs to Kuaidi100 company codes (公司编码).
// Source: Kuaidi100's company code table (kdbm) as exported in 2023 by a
// public SDK (dongasai/kuaidi100, doc/new.csv: name, code, type) and the
// same codes in other integrations. Where Kuaidi100 has a domestic and an
// international code, we take the international one: our china-post and
// china-ems slugs come from UPU S10 numbers, which are international items.
var comBySlug = map[string]string{
	"china-post":     "youzhengguoji", // 国际包裹 (domestic parcels: youzhengguonei)
	"china-ems":      "emsguoji",      // EMS-国际件 (domestic EMS: ems)
	"sf-express":     "shunfeng",      // 顺丰速运; Kuaidi100 requires a phone number for SF (408 without)
	"yunexpress":     "yuntrack",      // "YunExpress"; the code yunexpress is 德国云快递, another company
	"4px":            "disifang",      // 递四方 (4PX); zhuanyunsifang is TransRush's forwarding brand
	"cainiao":        "aliexpress",    // 无忧物流 (AliExpress Standard, run by Cainiao); unconfirmed for LP numbers
	"yanwen":         "yw56",          // 燕文物流
	"sunyou":         "sypost",        // 顺友物流
	"jt-express":     "jtexpress",     // 极兔速递 (JT + 13 digits, China domestic)
	"ups":            "ups",           // UPS
	"fedex":          "fedex",         // FedEx-国际件
	"dhl-express":    "dhl",           // DHL-中国件 (dhlen: DHL-全球件)
	"usps":           "usps",          // USPS
	"deutsche-post":  "deutschepost",  // 德国(Deutsche Post)
	"canada-post":    "canpost",       // 加拿大(Canada Post)
	"australia-post": "auspost",       // 澳大利亚(Australia Post)
	"japan-post":     "japanposten",   // 日本（Japan Post）
	"korea-post":     "koreapost",     // 韩国（Korea Post）
	"postnl":         "postnl",        // 荷兰邮政 (PostNL international registered mail)
	"hongkong-post":  "hkpost",        // 中国香港(HongKong Post)
	"singpost":       "singpost",      // 新加坡小包(Singapore Post)
	"la-poste":       "csuivi",        // 法国(La Poste)
	"poste-italiane": "italiane",      // 意大利(Poste Italiane)
	"correos":        "correosdees",   // 西班牙(Correos de España)
	"correios":       "brazilposten",  // 巴西(Brazil Post/Correios)
}

// Com returns the Kuaidi100 company code for our carrier slug.
func Com(slug string) (string, bool) {
	c, ok := comBySlug[slug]
	return c, ok
}
