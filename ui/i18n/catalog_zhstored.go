package i18n

// zhstoredMessages are the stored text a person reads, rendered at view
// time from the form tracker wrote it in (tracker.Phrase, issue 26): the
// exceptions' details, the alerts' subjects and lines, the exception log's
// details, and the refusals of a typed date or amount. Their keys are
// tracker's English formats (tracker.StoredFormats, which the catalog test
// walks); tracking and order numbers, dates and a carrier's own words are
// values and stay as they are.
func zhstoredMessages() []msg {
	return concat(detailMessages(), alertTextMessages(), logDetailMessages(), refusalMessages(), caseLogMessages())
}

// detailMessages are the details of the exceptions the rules open
// (tracker/rules.go).
func detailMessages() []msg {
	return []msg{
		e("untracked service: the number cannot be followed to the buyer", "无跟踪服务：此单号无法跟踪到买家"),
		e("carrier unknown: ask the seller or carrier which service shipped it", "承运商未知：请向卖家或承运商询问发货渠道"),
		// The carrier's words follow as they came.
		e("carrier: %s", "承运商：%s"),
		e("carrier: exception, no reason given", "承运商：异常，未说明原因"),
		e("parcel is on its way back to the sender", "包裹正在退回发件人"),
		e("no tracking information %d days after shipping", "发货 %d 天后仍无轨迹"),
		e("no update for %d days: presumed lost", "%d 天无更新：疑似丢件"),
		e("no update for %d days: request an investigation", "%d 天无更新：请申请物流调查"),
		e("promised by %s, not delivered", "承诺 %s 前送达，尚未签收"),
		e("carrier ETA %s passed, not delivered", "已过承运商预计送达日 %s，尚未签收"),
		e("carrier ETA %s passed, and 9 in 10 similar parcels arrived by %s", "已过承运商预计送达日 %s，且九成同类包裹在 %s 前已签收"),
		e("9 in 10 similar parcels arrived by %s, not delivered", "九成同类包裹在 %s 前已签收，此包裹尚未签收"),
		id("severity:low", "low", "低"),
		id("severity:medium", "medium", "中"),
		id("severity:high", "high", "高"),
		id("severity:critical", "critical", "紧急"),
	}
}

// alertTextMessages are the alerts' subjects and the lines of their bodies
// (tracker/alerttext.go, tracker/deadline_alerts.go), and what a deadline
// alert says to do. A kind's next action is exceptionMessages'; "Carrier:
// %s" is the command line's already (cli2Messages).
func alertTextMessages() []msg {
	return []msg{
		e("[waybill] %s: %s (order %s)", "[waybill] %s：%s（订单 %s）"),
		e("[waybill] watch: %s %s (order %s)", "[waybill] 关注：%s %s（订单 %s）"),
		e("[waybill] %s due in %s (order %s)", "[waybill] %s 剩 %s 到期（订单 %s）"),
		e("Watched order %s has %d new event(s).", "关注的订单 %s 有 %d 条新轨迹。"),
		e("Exception: %s (%s)", "异常：%s（%s）"),
		e("Detail: %s", "详情：%s"),
		e("Order: %s", "订单号：%s"),
		e("Tracking: %s", "运单号：%s"),
		e("Destination: %s", "目的地：%s"),
		e("Suggested next action: %s", "建议下一步：%s"),
		e("Status: %s", "状态：%s"),
		e("Latest event: %s", "最新轨迹：%s"),
		e("Deadline: %s (alert %s before)", "截止：%s（提前 %s 提醒）"),
		e("Due: %s", "到期：%s"),
		e("Time left: %s", "剩余时间：%s"),
		e("Case: %s", "工单：%s"),
		e("Source: %s", "来源：%s"),
		e("What to do: %s", "处理方法：%s"),
		e("answer the dispute on AliExpress before it is due, or it is refunded to the buyer", "请在到期前到速卖通回复纠纷，否则将退款给买家"),
		e("extend the buyer's protection: waybill extend %s --days N, or from the order view", "延长买家保护期：waybill extend %s --days N，或在订单视图中操作"),
		e("ship the order and add its tracking number before it is due", "请在到期前发货并填写运单号"),
		e("answer the buyer on Alibaba.com before it is due", "请在到期前到 Alibaba.com 回复买家"),
		e("file the claim with the carrier before the window closes", "请在索赔期结束前向承运商提交索赔"),
		e("look at the case again and take its next step", "请再次查看工单并进行下一步"),
		e("act before it is due", "请在到期前处理"),
	}
}

// logDetailMessages are the exception log's details the store writes
// (store/triage.go, store/apply.go); "until %s" is exceptionMessages'.
func logDetailMessages() []msg {
	return []msg{
		e("no longer found by the rules", "规则不再判定为异常"),
		e("snooze until %s ended", "暂缓（至 %s）结束"),
		e("nobody", "无人"),
		e("nobody (was %s)", "无人（原为 %s）"),
		e("%s (was %s)", "%s（原为 %s）"),
		e("by hand", "手动"),
	}
}

// refusalMessages are the refusals of a typed date or amount
// (tracker.ParseDate, ParseDay, ParseMoney). The date forms (today, +3d,
// fri) are what a person types, so they stay as they are.
func refusalMessages() []msg {
	return []msg{
		e("no date: write %s", "未填日期：请写 %s"),
		e("%q is not a date: write %s", "%q 不是日期：请写 %s"),
		e("%s is not in the future", "%s 不是将来的日期"),
		e("empty: want a number such as 12.50", "为空：应为数字，如 12.50"),
		e("not an amount: want a number such as 1234.50", "不是金额：应为数字，如 1234.50"),
		e("not an amount: more than one decimal mark", "不是金额：有多个小数点"),
		e("more than two decimals: want at most cents, such as 12.50", "超过两位小数：最多到分，如 12.50"),
		e("not an amount: too large", "不是金额：数值过大"),
		e("a negative amount", "金额为负数"),
		e("follow-up: %s", "跟进：%s"),
	}
}

// caseLogMessages are the case log's details that have a form
// (tracker.Case.Apply, Solution.String); "next follow-up %s" is the case
// view's already (viewMessages). Steps and root causes are their words.
func caseLogMessages() []msg {
	return []msg{
		e("%s → %s", "%s → %s"),
		e("%s (root cause: %s)", "%s（根本原因：%s）"),
		e("%s [ref %s]", "%s（编号 %s）"),
		e("new ETA %s", "新预计送达 %s"),
		e("reissue as %s", "补发，新单号 %s"),
		e("full refund %s %s", "全额退款 %s %s"),
		e("partial refund %s %s", "部分退款 %s %s"),
		e("claim %s %s with %d photos", "索赔 %s %s，附 %d 张照片"),
		e("claim %s %s [ref %s] with %d photos", "索赔 %s %s（编号 %s），附 %d 张照片"),
		e("none needed", "无需处理"),
	}
}
