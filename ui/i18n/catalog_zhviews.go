package i18n

// zhviewsMessages are the views over the panes translated in the zhviews
// lane (issue 26): the carrier scorecard and its charts, the alert list,
// the boxes over the panes and the status line's words.
func zhviewsMessages() []msg {
	return concat(scorecardMessages(), alertListMessages(), overlayMessages(), editingKeyMessages(), viewerMessages())
}

// scorecardMessages are the carrier scorecard (S, ui/scorecard.go) and its
// charts (ui/chart.go). Column heads fit their English column's width in
// cells where they can (titled widens the rest); a Chinese head names the
// figure as logistics staff do: 揽收 for the first scan, 签收 for delivered.
func scorecardMessages() []msg {
	return []msg{
		e("Carrier scorecard", "承运商评分"),
		e("all time", "全部时间"),
		msg{key: "last %d days", en: pl(1, "one", "last %d day", "other", "last %d days"), zh: pl(1, "other", "最近 %d 天")},
		e("by carrier", "按承运商"),
		e("by carrier and route", "按承运商和线路"),
		e("by carrier, route and method", "按承运商、线路和运输方式"),
		e("No parcels shipped in this window.", "此时间范围内没有发出的包裹。"),
		e("no scorecard: this session reads no shipment history", "无法打开承运商评分：本会话不读取发货历史"),
		// Column heads.
		e("Route", "线路"),
		e("Method", "运输方式"),
		e("Parcels", "包裹数"),
		e("Deliv", "已签收"),
		e("OnTime", "准时率"),
		e("p50 d", "p50天"),
		e("p90 d", "p90天"),
		e("1st scan", "揽收天数"),
		e("Lost", "丢件"),
		e("Dmg", "破损"),
		e("Refund", "退款"),
		e("Reiss", "补发"),
		e("Root causes", "根本原因"),
		e("Net loss", "净损失"),
		// The charts.
		e("Transit days, %s (p50 %s, p90 %s)", "运输天数 · %s（p50 %s，p90 %s）"),
		e("On time by week, %s (full bar 100%%)", "每周准时率 · %s（满格 100%%）"),
		e("no delivered parcels", "没有已签收的包裹"),
		e("no promise settled yet", "尚无到期的承诺送达"),
	}
}

// alertListMessages are the alert list (!, ui/alerts.go, ui/alertopen.go).
// An alert's subject and text are written when it is made, for every
// channel (mail, webhooks) at once, and shown as stored.
func alertListMessages() []msg {
	return []msg{
		e("Alerts", "提醒"),
		msg{key: "%d unread", en: pl(1, "other", "%d unread"), zh: pl(1, "other", "%d 条未读")},
		e("No alert matches /%s (Esc clears it).", "没有匹配 /%s 的提醒（按 Esc 清除）。"),
		e("No alerts yet. They come when an exception opens or a watched order changes.",
			"还没有提醒。出现异常或关注的订单有变化时会有提醒。"),
		e("When", "时间"),
		e("Alert", "提醒"),
		e("new", "新"),
		id("alertkind:watch", "watch", "关注订单"),
		id("alertkind:deadline", "deadline", "临近截止"),
		e("this alert names no parcel", "此提醒没有关联包裹"),
	}
}

// overlayMessages are the boxes over the panes and the status line's
// words: the command palette (:), an event in full (enter in the
// timeline), an exception's log (l), a service down or a plan's use in
// the status bar, a page not opened, a case's evidence bundle.
func overlayMessages() []msg {
	return []msg{
		// The palette: entries are help's words (helpMessages).
		e("Commands · %s", "命令 · %s"),
		e("no action here matches", "没有匹配的操作"),
		// An event in full; its labels fit the 13-cell label column.
		e("Event", "轨迹事件"),
		e("Event · %s", "轨迹事件 · %s"),
		e("Carrier code", "承运商代码"),
		e("no description from the carrier", "承运商未提供描述"),
		e("↕ more: j/k scroll", "↕ 更多：j/k 滚动"),
		// An exception's log.
		e("Log of exception %d · %s · %s", "异常 %d 的记录 · %s · %s"),
		id("exhead:opened %s", "opened %s", "产生于 %s"), // "opened %s" is a page opened
		e("Nothing logged yet: the log starts with the first change.", "尚无记录：首次变更时开始记录。"),
		e("%d–%d of %d, newest first · ↑ ↓ scroll", "第 %d–%d 条，共 %d 条，最新的在前 · ↑ ↓ 滚动"),
		id("actor:rules", "rules", "规则"),
		id("exlog:opened", "opened", "产生"),
		id("exlog:closed", "closed", "关闭"),
		id("exlog:acknowledged", "acknowledged", "确认"),
		id("exlog:snoozed", "snoozed", "暂缓"),
		id("exlog:assigned", "assigned", "指派"),
		id("exlog:resolved", "resolved", "解决"),
		id("exlog:unacknowledged", "unacknowledged", "取消确认"),
		id("exlog:unsnoozed", "unsnoozed", "取消暂缓"),
		id("exlog:reassigned", "reassigned", "改派"),
		id("exlog:reopened", "reopened", "重新打开"),
		// A service down, a plan's use (the status bar's own words are in
		// screenMessages).
		e("%s: not checked, %s", "%s：未查询，%s"),
		e("quota ?", "额度 ?"),
		msg{key: "%d used", en: pl(1, "other", "%d used"), zh: pl(1, "other", "已用 %d")},
		e("no %s on this machine", "本机没有 %s"),
		// A case's evidence bundle.
		e("bundles are written on the server: run waybill case bundle %d there", "证据包在服务器上生成：请在服务器上运行 waybill case bundle %d"),
		e("writing the evidence bundle for a dispute…", "正在生成纠纷证据包…"),
		e("no bundle: %s", "未生成证据包：%s"),
		e("wrote %s but MISSING evidence: %s", "已写入 %s，但缺少证据：%s"),
		e("wrote %s for a dispute (no buyer name or address); for a claims desk: waybill case bundle %d --for claim",
			"已写入 %s，用于纠纷（不含买家姓名和地址）；用于索赔：waybill case bundle %d --for claim"),
	}
}

// editingKeyMessages are help's "In a text field" section: a line field's
// editing keys (ui/helpview.go lineEditHelp) and the message editor's,
// which are bubbles textarea's own key map, described by its words.
func editingKeyMessages() []msg {
	return []msg{
		e("move the cursor", "移动光标"),
		e("to the start, to the end", "到行首、到行尾"),
		e("delete before the cursor", "删除光标前的字符"),
		e("delete at the cursor", "删除光标处的字符"),
		e("delete the word before", "删除前一个词"),
		e("delete to the end", "删除到行尾"),
		// bubbles textarea's KeyMap (v2): "page up" and "page down" are
		// helpMessages'.
		e("character forward", "右移一个字符"),
		e("character backward", "左移一个字符"),
		e("word forward", "右移一个词"),
		e("word backward", "左移一个词"),
		e("next line", "下一行"),
		e("previous line", "上一行"),
		e("delete word backward", "删除前一个词"),
		e("delete word forward", "删除后一个词"),
		e("delete after cursor", "删除光标后的内容"),
		e("delete before cursor", "删除光标前的内容"),
		e("insert newline", "换行"),
		e("delete character backward", "删除前一个字符"),
		e("delete character forward", "删除后一个字符"),
		e("line start", "行首"),
		e("line end", "行尾"),
		e("paste", "粘贴"),
		e("input begin", "全文开头"),
		e("input end", "全文末尾"),
		e("capitalize word forward", "后一个词首字母大写"),
		e("lowercase word forward", "后一个词转小写"),
		e("uppercase word forward", "后一个词转大写"),
		e("transpose character backward", "交换前两个字符"),
		e("select character forward", "向右选择一个字符"),
		e("select character backward", "向左选择一个字符"),
		e("select word forward", "向右选择一个词"),
		e("select word backward", "向左选择一个词"),
		e("select line up", "向上选择一行"),
		e("select line down", "向下选择一行"),
		e("select all", "全选"),
		e("copy selection", "复制所选"),
	}
}

// viewerMessages are what a session that may change nothing says when a
// key would (ui/viewernote.go): the sentence, and what it cannot do by id,
// as a phrase that completes 不能… (ui/*.go mayChange, mayAdd,
// readOnlyNoteIn callers).
func viewerMessages() []msg {
	return []msg{
		e("read only: the viewer role cannot %s", "只读：查看者角色不能%s"),
		e("this session cannot %s (read-only store)", "本会话不能%s（存储为只读）"),
		e("no open case to show, and %s", "没有可显示的处理中工单，且%s"),
		e("%s (esc goes back)", "%s（按 esc 返回）"),
		id("cannot:open one", "open one", "开立工单"),
		id("cannot:reopen cases", "reopen cases", "重新打开工单"),
		id("cannot:work cases", "work cases", "处理工单"),
		id("cannot:ask a carrier now; the refresher keeps parcels current", "ask a carrier now; the refresher keeps parcels current",
			"立即向承运商查询；自动刷新会保持包裹最新"),
		id("cannot:open complaint cases", "open complaint cases", "开立售后工单"),
		id("cannot:change exceptions", "change exceptions", "修改异常"),
		id("cannot:watch orders", "watch orders", "关注订单"),
		id("cannot:undo", "undo", "撤销"),
		id("cannot:edit orders", "edit orders", "编辑订单"),
		id("cannot:extend protection", "extend protection", "延长买家保护期"),
		id("cannot:add orders", "add orders", "添加订单"),
		id("cannot:import orders", "import orders", "导入订单"),
	}
}
