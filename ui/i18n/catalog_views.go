package i18n

// viewMessages are the views over the panes: the order view so far (its
// fields, parcels, cases and what its keys say on the status line), the
// case steps as every column shows them, and ages.
func viewMessages() []msg {
	return concat(orderViewMessages(), caseStepMessages(), ageMessages(), titleBarMessages())
}

// titleBarMessages are the title bar (ui/app.go titleBar, ui/alerts.go
// titleBadge) and the screen too small to draw.
func titleBarMessages() []msg {
	return []msg{
		msg{key: "! %d unread", en: pl(1, "other", "! %d unread"), zh: pl(1, "other", "! %d 条未读")},
		msg{key: "%d alerts failed to send", en: pl(1, "one", "%d alert failed to send", "other", "%d alerts failed to send"),
			zh: pl(1, "other", "%d 条提醒发送失败")},
		e("DEMO", "演示"),
		e("Terminal too small", "终端窗口太小"),
		e("need %d×%d, have %d×%d", "需要 %d×%d，当前 %d×%d"),
		e("q to quit", "按 q 退出"),
	}
}

// orderViewMessages are the order view (ui/orderview*.go).
func orderViewMessages() []msg {
	return []msg{
		e("loading the order…", "正在加载订单…"),
		e("esc: back to the panes", "esc：返回面板"),
		e("Order %s", "订单 %s"),
		// Field labels: each fits the 12-cell label column in both.
		e("Email", "邮箱"),
		e("Phone", "电话"),
		e("Address", "地址"),
		e("Country", "国家/地区"),
		e("Ordered", "下单"),
		e("Product", "商品"),
		e("Amount", "金额"),
		e("HS code", "HS编码"),
		e("Declared", "申报价值"),
		e("Insured", "保险"),
		e("Market", "平台状态"),
		e("Protection", "买家保护"),
		e("Warnings", "发货提醒"),
		e("promised %s", "承诺送达 %s"),
		e("yes", "是"),
		e("no", "否"),
		e("none", "无"),
		// The marketplace's state of the order (tracker.OrderStatus), by id.
		id("order:received", "received", "已接单"),
		id("order:in_progress", "in progress", "处理中"),
		id("order:packed", "packed", "已打包"),
		id("order:shipped", "shipped", "已发货"),
		id("order:arrived", "arrived", "已到达"),
		id("order:cancelled", "cancelled", "已取消"),
		id("order:refunded", "refunded", "已退款"),
		id("order:unfulfillable", "unfulfillable", "无法履约"),
		id("order:abandoned", "abandoned", "已放弃"),
		id("order:awaiting_clarification", "awaiting clarification", "待买家确认"),
		e("overdue %s", "已超时 %s"),
		e("ends %s (%s)", "%s 到期（%s）"),
		e("protection ends before the parcel is likely to arrive: extend (%s)", "保护期可能在包裹送达前结束：延长（%s）"),
		// Parcels.
		e("Parcels · %d", "包裹 · %d"),
		e("no parcel on this order", "此订单没有包裹"),
		e("no tracking number", "无运单号"),
		e("carrier unknown", "承运商未知"),
		e("unknown", "未知"),
		e(" · unverified", " · 未验证"),
		e("delivered %s", "%s 已签收"),
		e("ETA %s · carrier's estimate", "预计 %s · 承运商预估"),
		e("ETA %s · %s–%s", "预计 %s · %s–%s"),
		e("ETA %s", "预计 %s"),
		e(" · carrier's estimate", " · 承运商预估"),
		e("no ETA yet", "暂无预计送达"),
		e("last mile %s", "末端单号 %s"),
		e("last check failed: %s", "上次查询失败：%s"),
		e("shipped %s · ", "%s 发货 · "),
		e("last news %s ago: %s", "最新消息 %s前：%s"),
		e("last news now: %s", "最新消息 刚刚：%s"),
		e("no news from the carrier yet", "承运商尚无消息"),
		e("no open exception", "无待处理异常"),
		e("open: %s", "待处理：%s"),
		// Cases of the order.
		e("Cases · %d", "售后工单 · %d"),
		e("no case store in this session", "本会话没有工单存储"),
		e("no complaint case on this order", "此订单没有售后工单"),
		e("closed", "已关闭"),
		e("follow-up %s", "跟进 %s"),
		// What its keys say on the status line.
		e("copied %s", "已复制 %s"),
		e("the refresher is off: no check now", "自动刷新已关闭：现在不查询"),
		e("no tracking page for this parcel", "此包裹没有查询页面"),
		e("not opened here (remote session): click the link, or y copies the number",
			"远程会话无法在此打开：请点击链接，或按 y 复制单号"),
		e("not opened: %s", "未打开：%s"),
		e("opened %s", "已打开 %s"),
		e("refreshing %s…", "正在刷新 %s…"),
	}
}

// caseStepMessages are a complaint case's steps (tracker.CaseSteps) as the
// order view, the orders pane and the queue's State column show them.
func caseStepMessages() []msg {
	return []msg{
		id("step:reassure", "reassure", "安抚买家"),
		id("step:verify", "verify", "核实"),
		id("step:solve", "solve", "解决"),
		id("step:follow_up", "follow up", "跟进"),
		id("step:closed", "closed", "已关闭"),
		e("case closed", "工单已关闭"),
		e("case %s", "工单 %s"),
		e("case %d/4 %s", "工单 %d/4 %s"),
		e("case %d/4", "工单 %d/4"),
		e("c%d/4", "工单%d/4"),
	}
}

// ageMessages are ages in one short unit (ui/common.go since) and the
// weekday of a date.
func ageMessages() []msg {
	return []msg{
		e("now", "刚刚"),
		e("%dm", "%d分钟"),
		e("%dh", "%d小时"),
		e("%dd", "%d天"),
		id("wd:Mon", "Mon", "周一"),
		id("wd:Tue", "Tue", "周二"),
		id("wd:Wed", "Wed", "周三"),
		id("wd:Thu", "Thu", "周四"),
		id("wd:Fri", "Fri", "周五"),
		id("wd:Sat", "Sat", "周六"),
		id("wd:Sun", "Sun", "周日"),
	}
}
