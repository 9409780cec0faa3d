package i18n

// checkMessages are the pre-shipment warnings (tracker/precheck.go): each
// kind's name, keyed "check:" and the kind, and the details Precheck
// writes, keyed by their English format. The product's words that matched
// and the amounts are values and stay as written.
func checkMessages() []msg {
	return []msg{
		id("check:sensitive_goods", "sensitive_goods", "敏感货物"),
		id("check:missing_hs_code", "missing_hs_code", "缺少HS编码"),
		id("check:missing_declared_value", "missing_declared_value", "缺少申报价值"),
		id("check:high_value_uninsured", "high_value_uninsured", "高货值未投保"),
		e("product mentions %s: check the carrier accepts it", "商品含 %s：请确认承运商接收此类货物"),
		e("no HS code for the customs declaration", "报关缺少HS编码"),
		e("no declared value for customs", "报关缺少申报价值"),
		e("value %s is over %s and the parcel is not insured", "货值 %s 超过 %s，包裹未投保"),
	}
}
