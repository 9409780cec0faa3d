package i18n

// viewMessages are the views over the panes: the order view so far (its
// fields, parcels, cases and what its keys say on the status line), the
// case steps as every column shows them, and ages.
func viewMessages() []msg {
	return concat(orderViewMessages(), caseStepMessages(), ageMessages(), titleBarMessages(), caseViewMessages(), casesListMessages(), claimsMessages(), actionMessages())
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
		e("Packaging", "包装"),
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

// caseViewMessages are the case view (ui/caseview*.go): its header and
// steps, each step's work area and form, the log, and what its actions say
// on the status line. Buyer messages are the templates', in the buyer's
// language, never these.
func caseViewMessages() []msg {
	return []msg{
		e("Case %d", "工单 %d"),
		e("loading the case…", "正在加载工单…"),
		id("casestate:open", "open", "处理中"),
		id("casestate:closed", "closed", "已关闭"),
		e("Order ", "订单 "),
		e(" · parcel ", " · 包裹 "),
		e(" · buyer ", " · 买家 "),
		e("closed %s", "已关闭 %s"),
		e("Message to the buyer", "给买家的消息"),
		e("Update to the buyer", "给买家的进展"),
		e(" in ", " · 语言 "),
		e(" · to ", " · 发送至 "),
		e(" · no email address on the order", " · 订单没有邮箱地址"),
		e(" · copied", " · 已复制"),
		// Labels of the work area and its forms (17 cells, › included).
		e("Solution", "解决方案"),
		e("Parcel", "包裹"),
		e("Last event", "最新轨迹"),
		e("Carrier ETA", "承运商预计"),
		e("Investigation", "物流调查"),
		e("Recorded", "已记录"),
		e("Resolution", "处理结果"),
		e("Root cause", "根本原因"),
		e("Carrier said", "承运商答复"),
		e("Subject", "主题"),
		e("Reference", "编号"),
		e("Next follow-up", "下次跟进"),
		e("New ETA", "新预计送达"),
		e("Tracking no", "运单号"),
		e("Currency", "币种"),
		e("partial refund", "部分退款"),
		e("Duties paid by", "关税承担方"),
		e("Duties total", "关税总额"),
		e("Seller's share", "卖家承担"),
		e("Photos", "照片"),
		e("commercial invoice", "商业发票"),
		e("packing list", "装箱单"),
		e("certificates", "证书"),
		id("choice:buyer", "buyer", "买家"),
		id("choice:seller", "seller", "卖家"),
		id("choice:shared", "shared", "共同承担"),
		// The verify step.
		e("last news %s ago", "最新消息 %s前"),
		e("last news now", "最新消息 刚刚"),
		e("none yet", "暂无"),
		e("none from the carrier", "承运商未提供"),
		e("requested", "已申请"),
		e("ref %s", "编号 %s"),
		e(" · ref ", " · 编号 "),
		e("no news for %d days", "%d 天无更新"),
		e("a %s parcel", "%s包裹"),
		e("%s: i requests a logistics investigation", "%s：按 i 申请物流调查"),
		// The solve step.
		id("solution:new_eta", "new ETA", "新预计送达"),
		id("solution:reissue", "reissue", "补发"),
		id("solution:refund", "refund", "退款"),
		id("solution:customs", "customs", "清关处理"),
		id("solution:redelivery", "redelivery", "重新派送"),
		id("solution:pickup", "pickup", "自提"),
		id("solution:return", "return", "退回"),
		id("solution:claim", "claim", "索赔"),
		id("solution:resend", "resend", "补寄"),
		id("solution:none", "none needed", "无需处理"),
		e("suggested: 9 in 10 by %s, likely %s", "建议：九成在 %s 前送达，最可能 %s"),
		e("from %s", "依据：%s"),
		e("the carrier's estimate", "承运商预估"),
		e("%s delivered parcels, same %s", "%s 个已签收包裹，同%s"),
		id("basis:carrier, route and method", "carrier, route and method", "承运商、线路和运输方式"),
		id("basis:carrier and route", "carrier and route", "承运商和线路"),
		id("basis:carrier and destination", "carrier and destination", "承运商和目的地"),
		id("basis:carrier", "carrier", "承运商"),
		id("basis:all carriers", "all carriers", "所有承运商"),
		e("not found: %s", "未找到：%s"),
		e("nothing more to fill in: enter records it", "无需再填写：按 enter 记录"),
		e("type the new parcel's tracking number", "输入新包裹的运单号"),
		e("✓ valid", "✓ 有效"),
		e("not a tracking number we recognize", "无法识别的运单号"),
		e("did you mean ", "是否为 "),
		// A closed case.
		id("cause:carrier", "carrier", "承运商"),
		id("cause:packaging", "packaging", "包装"),
		id("cause:address", "address", "地址"),
		id("cause:customs_documents", "customs documents", "清关文件"),
		id("cause:buyer", "buyer", "买家"),
		id("cause:other", "other", "其他"),
		e("closed: o reopens it at the follow-up step", "已关闭：按 o 在跟进步骤重新打开"),
		// The log.
		e("Log · %d", "记录 · %d"),
		id("act:reassure", "reassure", "安抚买家"),
		id("act:verify", "verify", "核实"),
		id("act:investigate", "investigate", "物流调查"),
		id("act:solve", "solve", "解决"),
		id("act:follow_up", "follow_up", "跟进"),
		id("act:update_buyer", "update_buyer", "告知进展"),
		id("act:note", "note", "备注"),
		id("act:go_to", "go_to", "转到步骤"),
		id("act:close", "close", "关闭"),
		id("act:reopen", "reopen", "重新打开"),
		id("act:open", "open", "开立"),
		// The status line after an action.
		e("no message templates loaded: write the message (e)", "未加载消息模板：请自行编写（e）"),
		e("case reopened", "工单已重新打开"),
		e("this session cannot keep complaint cases (no case store)", "本会话无法保存售后工单（没有工单存储）"),
		e("case for %s: %s", "%s 的工单：%s"),
		e("case opened on %s", "已为 %s 开立工单"),
		// The prompts on the way to and out of a case.
		e("Open a case on %s", "为 %s 开立工单"),
		e("What is the complaint about?", "买家投诉的是什么问题？"),
		e("  (open exception)", "  （待处理异常）"),
		e("Case %d is closed", "工单 %d 已关闭"),
		e("%s case on %s, opened by %s", "%[2]s 的%[1]s工单，由 %[3]s 开立"),
		e("%s: %s (root cause: %s)", "%s：%s（根本原因：%s）"),
		e("solution: %s", "解决方案：%s"),
		e("Reopen it, or open a new case about the same problem?", "重新打开它，还是就同一问题开立新工单？"),
		e("Close the case", "关闭工单"),
		e("say how it was resolved", "请填写处理结果"),
		e("back to %s", "返回 %s"),
		e("on to %s", "进入 %s"),
		e("logistics investigation requested", "已申请物流调查"),
		e("message in %s", "消息语言 %s"),
		e("the message is empty", "消息为空"),
		e("copied %d characters via OSC 52 (some terminals ignore it); enter records it",
			"已通过 OSC 52 复制 %d 个字符（部分终端不支持）；按 enter 记录"),
		e("copied %d characters via OSC 52", "已通过 OSC 52 复制 %d 个字符"),
		e("%s recorded as sent (%s)", "%s已记为发送（%s）"),
		e("update to the buyer", "给买家的进展"),
		id("via:clipboard", "clipboard", "剪贴板"),
		id("via:email", "email", "邮件"),
		id("via:manual", "manual", "手动"),
		e("reassurance", "安抚消息"),
		e("no email address on the order: copy the message (y) instead", "订单没有邮箱地址：请按 y 复制消息"),
		e("emailing %s…", "正在发送邮件至 %s…"),
		e("%s emailed to %s and recorded", "%s已发送至 %s 并记录"),
		e("next follow-up %s", "下次跟进 %s"),
		e("delivery status verified", "已核实投递状态"),
		e("solution recorded: %s", "已记录解决方案：%s"),
		e("still working on the last action…", "上一操作仍在进行…"),
		e("; parcel %s added to the order", "；包裹 %s 已加入订单"),
		e("reloaded: someone else changed this case", "已重新加载：他人修改了此工单"),
		e("checking %s with the carrier…", "正在向承运商查询 %s…"),
		e("refresh: %s", "刷新：%s"),
		e("refresh: the carrier reported a failure", "刷新：承运商报告查询失败"),
		msg{key: "checked now: %d new events", en: pl(1, "one", "checked now: %d new event", "other", "checked now: %d new events"),
			zh: pl(1, "other", "已查询：%d 条新轨迹")},
	}
}

// casesListMessages are the cases list (ui/casesview.go, C).
func casesListMessages() []msg {
	return []msg{
		e("Cases %s", "售后工单 %s"),
		id("cases:open", "open", "处理中"),
		id("cases:due today", "due today", "今日到期"),
		id("cases:mine", "mine", "我的"),
		id("cases:closed", "closed", "已关闭"),
		id("cases:all", "all", "全部"),
		e("#", "#"),
		e("Step", "步骤"),
		e("Owner", "负责人"),
		e("Follow-up", "跟进"),
		e("Deadline", "截止日期"),
		e("today %s", "今天 %s"),
		e("No open cases. Press c on an order or an exception to open one.", "没有处理中的工单。在订单或异常上按 c 开立。"),
		e("No follow-up is due today.", "今天没有到期的跟进。"),
		e("No open case is yours (%s): assigned to you, or opened by you.", "没有属于你（%s）的处理中工单：指派给你或由你开立的。"),
		e("No closed cases.", "没有已关闭的工单。"),
		e("No cases yet. Press c on an order or an exception to open one.", "还没有工单。在订单或异常上按 c 开立。"),
		e("case %d is open: enter resumes it", "工单 %d 处理中：按 enter 继续"),
		e("still reopening the last one…", "仍在重新打开上一个…"),
		e("case %d reopened, at step 4 follow up", "工单 %d 已重新打开，处于第 4 步跟进"),
	}
}

// claimsMessages are the claims ledger ($, ui/claimsview.go).
func claimsMessages() []msg {
	return []msg{
		e("Claims", "索赔"),
		e("all states", "全部状态"),
		msg{key: "%d claims", en: pl(1, "one", "%d claim", "other", "%d claims"), zh: pl(1, "other", "%d 笔索赔")},
		e("Claimed", "索赔金额"),
		e("Recovered", "已追回"),
		e("Party", "索赔对象"),
		e(" (insurer)", "（保险公司）"),
		e("No claims. Add one with: waybill claim add CASE --party … --amount … --currency …",
			"没有索赔。用命令添加：waybill claim add CASE --party … --amount … --currency …"),
		e("no claims: this session has no service to read them through", "没有索赔：本会话没有可读取它们的服务"),
		id("claim:draft", "draft", "草稿"),
		id("claim:filed", "filed", "已提交"),
		id("claim:answered", "answered", "已答复"),
		id("claim:appealed", "appealed", "已申诉"),
		id("claim:paid", "paid", "已赔付"),
		id("claim:rejected", "rejected", "被拒绝"),
		id("claim:withdrawn", "withdrawn", "已撤回"),
	}
}

// actionMessages are what the status line says after an action on the
// main screen: triage, watch, undo, refresh.
func actionMessages() []msg {
	return []msg{
		e("acknowledged", "已确认"),
		e("resolved", "已解决"),
		e("snoozed %s", "已暂缓 %s"),
		e("assigned to %s", "已指派给 %s"),
		e("unassigned", "已取消指派"),
		e("assign", "指派"),
		e("for 1 day", "1 天"),
		e("for 3 days", "3 天"),
		e("%s: %s", "%s：%s"),
		msg{key: "%d exceptions", en: pl(1, "one", "%d exception", "other", "%d exceptions"), zh: pl(1, "other", "%d 条异常")},
		msg{key: " (%d already so, or closed)", en: pl(1, "other", " (%d already so, or closed)"),
			zh: pl(1, "other", "（%d 条原本如此或已关闭）")},
		e("the exceptions are still loading: press it again in a moment", "异常仍在加载：请稍后再按"),
		e("no exception selected", "未选择异常"),
		e("watch %s: %s", "关注 %s：%s"),
		e("watching order %s", "关注订单 %s"),
		e("stopped watching order %s", "已取消关注订单 %s"),
		e("watching order %s: every change comes as an alert", "已关注订单 %s：每次变化都会提醒"),
		e(" · %s undoes", " · 按 %s 撤销"),
		e("nothing to undo: this session has not changed anything yet", "没有可撤销的操作：本会话尚未做任何修改"),
		e("undo %s: %s", "撤销 %s：%s"),
		e("undone: %s", "已撤销：%s"),
		msg{key: " (%d changed since: left as they are)", en: pl(1, "one", " (%d changed since: left as it is)", "other", " (%d changed since: left as they are)"),
			zh: pl(1, "other", "（其中 %d 条之后有改动：保持原样）")},
		e("refresh %s: %s", "刷新 %s：%s"),
		e("refresh %s: the carrier reported a failure", "刷新 %s：承运商报告查询失败"),
		msg{key: "%s: %d new events", en: pl(2, "one", "%s: %d new event", "other", "%s: %d new events"), zh: pl(2, "other", "%s：%d 条新轨迹")},
	}
}
