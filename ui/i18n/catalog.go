package i18n

import (
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/message/catalog"
)

// text is one language's form of a message: a plain format, or cases by
// the plural of argument arg (1-based), as plural.Selectf takes them.
type text struct {
	s     string
	arg   int
	cases []string // selector, format, selector, format, …
}

// msg is one message: its key (the English text, or its format when its
// English has plural forms) and its forms. An empty en is the key itself.
type msg struct {
	key    string
	en, zh text
}

func s(x string) text { return text{s: x} }

// pl is a message by the plural of argument arg: pl(1, "one", "%d parcel",
// "other", "%d parcels"). Chinese has one form: pl(1, "other", "%d 个包裹").
func pl(arg int, cases ...string) text { return text{arg: arg, cases: cases} }

// forms are the formats a text can print, for the catalog test.
func (t text) forms() []string {
	if t.cases == nil {
		return []string{t.s}
	}
	var out []string
	for i := 1; i < len(t.cases); i += 2 {
		out = append(out, t.cases[i])
	}
	return out
}

func (t text) empty() bool { return t.s == "" && len(t.cases) == 0 }

func (m msg) text(l Lang) text {
	if l == Zh {
		return m.zh
	}
	if m.en.empty() {
		return s(m.key)
	}
	return m.en
}

func (m msg) in(l Lang) []catalog.Message {
	t := m.text(l)
	if t.cases == nil && strings.Contains(t.s, "${") {
		// The catalog reads "${name}" as a variable, and has no escape
		// for it: a text that says it (zsh's "${fpath[1]}" in cobra's
		// instructions) says its "$" through a variable of its own.
		return []catalog.Message{catalog.Var("dollar", catalog.String("$")), catalog.String(strings.ReplaceAll(t.s, "${", "${dollar}{"))}
	}
	if t.cases == nil {
		return []catalog.Message{catalog.String(t.s)}
	}
	cases := make([]any, len(t.cases))
	for i, c := range t.cases {
		cases[i] = c
	}
	return []catalog.Message{plural.Selectf(t.arg, "%d", cases...)}
}

// Key is one message key and its formats in each language, for tests that
// walk the catalog.
type Key struct {
	Key   string
	Forms map[Lang][]string
}

// Keys lists every message of the catalog.
func Keys() []Key {
	var out []Key
	for _, m := range messages() {
		k := Key{Key: m.key, Forms: map[Lang][]string{}}
		for _, l := range Langs {
			t := m.text(l)
			if !t.empty() {
				k.Forms[l] = t.forms()
			}
		}
		out = append(out, k)
	}
	return out
}

// LackingChinese is those of keys the catalog says nothing of in
// Chinese: a package whose formats a person reads checks its list with it.
func LackingChinese(keys []string) []string {
	zh := map[string]bool{}
	for _, k := range Keys() {
		zh[k.Key] = len(k.Forms[Zh]) > 0
	}
	var out []string
	for _, k := range keys {
		if !zh[k] {
			out = append(out, k)
		}
	}
	return out
}

// id is a message under an id, for an English text that means two things.
func id(key, en, zh string) msg { return msg{key: key, en: s(en), zh: s(zh)} }

// e is a message whose English is its key.
func e(key, zh string) msg { return msg{key: key, zh: s(zh)} }

// messages is the catalog. The Chinese uses the words Chinese sellers and
// logistics staff use (揽收, 运输中, 清关, 派送中, 待取件, 投递失败, 已签收,
// 退回, 异常, 物流调查, 索赔, 补发, 退款, 纠纷). Tracking numbers, order
// numbers and carrier names are never in a message: they are arguments.
func messages() []msg {
	return concat(statusMessages(), exceptionMessages(), screenMessages(), helpMessages(), viewMessages(), cliMessages(), zhviewsMessages(), formsMessages(), cli2Messages(), migrateMessages(), helpCLIMessages(), pgbenchMessages(), zhstoredMessages(), zhrestMessages(), checkMessages(), importReasonMessages(), zhrest2Messages(), zhbenchMessages(), zhrest3Messages(), zhrest4Messages(), zhrest5Messages())
}

func concat(lists ...[]msg) []msg {
	var out []msg
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// statusMessages are the parcel statuses (tracker.Status.Label) and their
// short forms for narrow columns.
func statusMessages() []msg {
	return []msg{
		e("Pending", "暂无信息"),
		e("Info received", "待揽收"),
		e("In transit", "运输中"),
		e("Customs", "清关"),
		e("Out for delivery", "派送中"),
		e("Pickup ready", "待取件"),
		e("Delivery failed", "投递失败"),
		e("Delivered", "已签收"),
		e("Exception", "异常"),
		e("Returning", "退回中"),
		e("Returned", "已退回"),
		e("Expired", "已过期"),
		// Short forms (ui/columns.go statusShort): the Chinese labels fit
		// the narrowest column already, so they are the same.
		e("Info rcvd", "待揽收"),
		e("Delivering", "派送中"),
		e("Dlv failed", "投递失败"),
		e("Pickup", "待取件"),
	}
}

// exceptionMessages are the exception kinds, their short forms, severities
// and the next action of each kind (tracker.SuggestedAction).
func exceptionMessages() []msg {
	return []msg{
		e("no tracking", "无轨迹"),
		e("stale", "停滞"),
		e("customs", "清关"),
		e("delivery failed", "投递失败"),
		e("damaged", "破损"),
		e("missing items", "少件"),
		e("lost", "丢件"),
		e("overdue", "超时"),
		e("returning", "退回"),
		e("untracked", "无跟踪号"),
		e("carrier problem", "承运商异常"),
		e("no track", "无轨迹"),
		e("dlv failed", "投递失败"),
		e("missing", "少件"),
		e("carr. prob", "承运商异常"),
		e("CRIT", "紧急"),
		e("HIGH", "高"),
		e("MED", "中"),
		e("LOW", "低"),
		e("check the number, ask the carrier", "核对单号，询问承运商"),
		e("request a logistics investigation", "申请物流调查"),
		e("supply invoice, packing list, HS code; agree duties", "提供发票、装箱单、HS编码；确认关税"),
		e("verify phone and address with the buyer; redeliver or pickup point", "与买家核实电话和地址；重新派送或改自提点"),
		e("photos as evidence; claim; resend or refund", "拍照留证；索赔；补发或退款"),
		e("claim (transaction proof); reissue or refund", "索赔（附交易凭证）；补发或退款"),
		e("give the buyer a new ETA", "告知买家新的预计送达时间"),
		e("contact buyer; resend or refund", "联系买家；补发或退款"),
		e("ask the seller/carrier for a tracked number", "向卖家/承运商索取可跟踪单号"),
		e("ask the carrier what happened; tell the buyer", "询问承运商原因；告知买家"),
		// The queue's views and states.
		// The queue's views by name (tracker.ExceptionView.Name): ids,
		// since "open" and "ack" are also what keys do.
		id("view:open", "open", "待处理"),
		id("view:acknowledged", "acknowledged", "已确认"),
		id("view:snoozed", "snoozed", "已暂缓"),
		id("view:resolved", "resolved", "已解决"),
		id("view:all", "all", "全部"),
		e("in all", "全部"),
		id("state:ack", "ack", "已确认"),
		e("follow-up due", "待跟进"),
		e("f/u due", "待跟进"),
		e("snoozed→%s", "暂缓→%s"),
		e("snz→%s", "缓→%s"),
		e("nobody's", "无人负责"),
		e("to %s", "寄往 %s"),
		e("by %s", "由 %s"),
		e("by the rules", "由规则"),
		e("until %s", "至 %s"),
		e("nothing logged", "无记录"),
	}
}

// screenMessages are the main screen: pane titles, column heads, the
// status bar, footers, empty panes.
func screenMessages() []msg {
	return []msg{
		// Pane titles.
		e("Orders", "订单"),
		e("Timeline", "物流轨迹"),
		e("Exceptions", "异常"),
		// Column heads (orders, queue, timeline).
		e("Order", "订单号"),
		e("Tracking", "运单号"),
		e("Carrier", "承运商"),
		e("Dest", "目的地"),
		e("Status", "状态"),
		e("Days", "天数"),
		e("Upd", "更新"),
		e("Buyer", "买家"),
		e("Sev", "级别"),
		e("Kind", "类型"),
		e("Age", "时长"),
		e("State", "处理状态"),
		e("Detail", "详情"),
		e("Next action", "下一步"),
		e("Last change", "最近变更"),
		e("Time", "时间"),
		e("Location", "地点"),
		e("Description", "描述"),
		// Pane corners and empty panes.
		e("read failed", "读取失败"),
		e("loading…", "加载中…"),
		e("counting…", "统计中…"),
		e("No shipments yet.", "还没有包裹。"),
		e("No shipment matches. Esc clears the filter.", "没有匹配的包裹。按 Esc 清除筛选。"),
		e("No shipment selected.", "未选择包裹。"),
		e("No events from the carrier yet.", "承运商尚无轨迹。"),
		e("No exceptions yet.", "还没有异常。"),
		e("No exceptions match the filter.", "没有符合筛选的异常。"),
		e("No %s exceptions.", "没有%s的异常。"),
		e("No %s exceptions match the filter.", "没有符合筛选的%s异常。"),
		e("No row matches /%s (Esc clears it).", "没有匹配 /%s 的行（按 Esc 清除）。"),
		e("%s of %s %s", "%[2]s 中的 %[1]s 条 · %[3]s"),
		e("%s %s", "%[1]s 条%[2]s"),
		msg{key: "%d marked", en: pl(1, "other", "%d marked"), zh: pl(1, "other", "已标记 %d 条")},
		e("closed by a person or by the rules, the last closed first · l: who did what · v: next view",
			"由人或规则关闭，最近关闭的在前 · l：操作记录 · v：下一视图"),
		e("every exception, open or closed, the newest first · l: who did what · v: next view",
			"全部异常（含已关闭），最新的在前 · l：操作记录 · v：下一视图"),
		e("counts: %s", "统计：%s"),
		// The status bar.
		msg{key: "⚠ %d orders to check", en: pl(1, "one", "⚠ %d order to check", "other", "⚠ %d orders to check"),
			zh: pl(1, "other", "⚠ %d 个订单待检查")},
		msg{key: "%d parcels", en: pl(1, "one", "%d parcel", "other", "%d parcels"), zh: pl(1, "other", "共 %d 个包裹")},
		e("no parcels", "没有包裹"),
		msg{key: "+%d more", en: pl(1, "other", "+%d more"), zh: pl(1, "other", "另 %d 项")},
		e("refresher off", "自动刷新关闭"),
		e("⟳ refreshing…", "⟳ 刷新中…"),
		e("idle", "空闲"),
		e("last %s", "上次 %s"),
		e("next %s", "下次 %s"),
		e("last ok %s", "上次成功 %s"),
		e("%d checked/%d new", "已查 %d/新增 %d"),
		e("refresher: %s", "自动刷新：%s"),
		e("%s stopped: %s", "%s 已停止：%s"),
		e("%s paused until %s: %s", "%s 暂停至 %s：%s"),
		// The help and the short help line.
		e("Help · %s", "帮助 · %s"),
		e("Everywhere here", "此处通用"),
		e("In a text field", "在输入框中"),
		e("Mouse", "鼠标"),
		e("this view", "此视图"),
		e("the help", "帮助"),
		e("the orders pane", "订单面板"),
		e("the timeline pane", "物流轨迹面板"),
		e("the exceptions pane", "异常面板"),
		e("the orders filter", "订单筛选"),
		e("the exceptions filter", "异常筛选"),
		e("the alerts filter", "提醒筛选"),
		e("the command palette", "命令面板"),
		e("the order", "订单"),
		e("the cases", "售后工单"),
		e("the claims", "索赔"),
		e("the carrier scorecard", "承运商评分"),
		e("the alert list", "提醒列表"),
		e("click", "单击"),
		e("wheel", "滚轮"),
		e("focus a pane and pick the row clicked", "聚焦面板并选中所点的行"),
		e("scroll the pane under the pointer", "滚动指针下的面板"),
		e("scroll", "滚动"),
		e("scroll the case", "滚动工单"),
		e("scroll the order", "滚动订单"),
	}
}

// helpMessages are what each key does, as help and the short help line
// say it (ui/keys.go and each view's withHelp).
func helpMessages() []msg {
	return []msg{
		e("1 day", "1 天"),
		e("3 days", "3 天"),
		e("acknowledge", "确认"),
		e("add", "添加"),
		e("add invalid too", "无效的也添加"),
		e("add order (or paste numbers)", "添加订单（或粘贴单号）"),
		e("alerts", "提醒"),
		e("apply", "应用"),
		e("assign owner", "指派负责人"),
		e("back", "返回"),
		e("bottom", "底部"),
		e("cancel", "取消"),
		e("case", "工单"),
		e("cases", "售后工单"),
		e("change", "修改"),
		e("choose", "选择"),
		e("claims", "索赔"),
		e("clear", "清空"),
		e("clear (a prefilled value is replaced by what you type)", "清空（输入内容会替换预填值）"),
		e("clear filter", "清除筛选"),
		e("clear find", "清除查找"),
		e("close", "关闭"),
		e("close case", "关闭工单"),
		e("commands", "命令"),
		e("complaint case", "售后工单"),
		e("copy", "复制"),
		e("copy tracking number", "复制运单号"),
		e("down", "下移"),
		e("edit", "编辑"),
		e("edit order", "编辑订单"),
		e("edit the first field", "编辑第一个字段"),
		e("email buyer", "邮件联系买家"),
		e("event", "轨迹事件"),
		e("event in full", "完整轨迹事件"),
		e("evidence bundle", "证据包"),
		e("extend", "延长"),
		e("extend protection", "延长买家保护期"),
		e("field", "字段"),
		e("fields", "字段"),
		e("filter", "筛选"),
		e("filter as you type", "边输入边筛选"),
		e("filter by state", "按状态筛选"),
		e("filter: order, tracking, buyer, dest, carrier, status", "筛选：订单号、运单号、买家、目的地、承运商、状态"),
		e("find", "查找"),
		e("state", "状态"),
		e("group by", "分组"),
		e("help", "帮助"),
		e("import", "导入"),
		e("import CSV/XLSX", "导入 CSV/XLSX"),
		e("investigation", "物流调查"),
		e("keep filter", "保留筛选"),
		e("language", "语言"),
		e("leave field", "离开字段"),
		e("link", "链接"),
		e("list", "列表"),
		e("list / order no", "列表 / 订单号"),
		e("log", "记录"),
		e("mark", "标记"),
		e("mark / unmark", "标记 / 取消标记"),
		e("move", "移动"),
		e("new case", "新工单"),
		e("next choice", "下一选项"),
		e("next field", "下一字段"),
		e("next filter", "下一筛选"),
		e("next kind", "下一类型"),
		e("next pane", "下一面板"),
		e("next parcel", "下一包裹"),
		e("next view", "下一视图"),
		e("open", "打开"),
		e("ack", "确认"),
		e("open case", "打开工单"),
		e("open parcel", "打开包裹"),
		e("open the claim's case", "打开索赔的工单"),
		e("open tracking page", "打开查询页面"),
		e("open·due·mine·closed·all", "未结·到期·我的·已关·全部"),
		e("order", "订单"),
		e("order no", "订单号"),
		e("owner", "负责人"),
		e("page", "翻页"),
		e("top/end", "顶部/底部"),
		e("close help", "关闭帮助"),
		e("page down", "下一页"),
		e("page up", "上一页"),
		e("pane", "面板"),
		e("prev field", "上一字段"),
		e("prev pane", "上一面板"),
		e("prev parcel", "上一包裹"),
		e("previous choice", "上一选项"),
		e("previous kind", "上一类型"),
		e("quit", "退出"),
		e("read", "已读"),
		e("record", "记录"),
		e("record sent", "记为已发送"),
		e("record solution", "记录解决方案"),
		e("record update sent", "记为已发送进展"),
		e("record verified", "记为已核实"),
		e("refresh", "刷新"),
		e("refresh now", "立即刷新"),
		e("refresh parcel", "刷新包裹"),
		e("reopen", "重新打开"),
		e("reopen closed case", "重新打开已关闭工单"),
		e("reopen it", "重新打开"),
		e("resolve", "解决"),
		e("resume", "继续"),
		e("resume case", "继续工单"),
		e("run", "执行"),
		e("save", "保存"),
		e("save changes", "保存修改"),
		e("scorecard", "承运商评分"),
		e("scroll a line down", "向下滚动一行"),
		e("scroll a line up", "向上滚动一行"),
		e("scroll down", "向下滚动"),
		e("scroll to the end", "滚动到底部"),
		e("scroll to the top", "滚动到顶部"),
		e("scroll up", "向上滚动"),
		e("set follow-up", "设置跟进日期"),
		e("snooze", "暂缓"),
		e("solution", "解决方案"),
		e("step back", "上一步"),
		e("step on", "下一步"),
		e("stop", "停止"),
		e("store unverified", "存为未验证"),
		e("time window", "时间范围"),
		e("toggle", "切换"),
		e("top", "顶部"),
		e("undo", "撤销"),
		e("unmark all", "全部取消标记"),
		e("until a date", "直到某日"),
		e("up", "上移"),
		e("use suggestion", "使用建议"),
		e("view", "视图"),
		e("view it", "查看"),
		e("watch", "关注"),
		e("watch order ★", "关注订单 ★"),
		e("who did what", "操作记录"),
		e("write all", "全部写入"),
		e("write good rows", "写入正确行"),
		e("write good rows, skip bad", "写入正确行，跳过错误行"),
	}
}
