package i18n

// cli2Messages are the rest of the command line's human output: cases and
// claims, deadlines, import, export and report carriers, and sync,
// extend, connect, version, demo and paste. Steps, kinds, causes and
// claim states are the screen's words (step:, cause:, claim:, act:).
func cli2Messages() []msg {
	return concat(cliCaseMessages(), cliDeadlineMessages(), cliImportMessages(), cliExportMessages())
}

// cliCaseMessages are case open, list, show, do and export, claim add
// and set, and claims.
func cliCaseMessages() []msg {
	return []msg{
		e("parcel %s of order %s had %s case %d, closed %s: %s (root cause: %s)\nreopen it with `waybill case do %d reopen`, or open a new case with --new",
			"订单 %[2]s 的包裹 %[1]s 曾有%[3]s工单 %[4]d，已于 %[5]s 关闭：%[6]s（根本原因：%[7]s）\n"+
				"用 `waybill case do %[8]d reopen` 重新打开，或用 --new 开立新工单"),
		e("case %d is already open for %s on parcel %s of order %s: resumed at step %d/4 %s (carry on with `waybill case do %d ACTION`)",
			"订单 %[4]s 的包裹 %[3]s 已有处理中的%[2]s工单 %[1]d：在第 %[5]d/4 步 %[6]s 继续（用 `waybill case do %[7]d ACTION` 接着处理）"),
		e("no open exception of that kind", "没有该类型的未处理异常"),
		e("exception %d", "异常 %d"),
		e("opened case %d: %s on order %s, parcel %s (%s), language %s; step 1/4 reassure",
			"已开立工单 %d：%s，订单 %s，包裹 %s（%s），语言 %s；第 1/4 步 安抚买家"),
		e("note: waybill has no built-in texts in %q; template overrides in the config folder must provide them",
			"注意：waybill 没有 %q 的内置文本，须由配置目录中的自定义模板提供"),
		e("STEP", "步骤"),
		e("FOLLOW-UP", "跟进"),
		e("DEADLINE", "截止日期"),
		id("cli:case OPENED", "OPENED", "开立时间"),
		e("BY", "开立人"),
		e("step %d/4 %s", "第 %d/4 步 %s"),
		e("Case %d  %s  %s", "工单 %d  %s  %s"),
		e("Order %s  buyer %s  parcel %s (%s) to %s", "订单 %s  买家 %s  包裹 %s（%s）寄往 %s"),
		e("Opened %s by %s · language %s · reassured %s · verified %s", "开立于 %s，开立人 %s · 语言 %s · 已安抚 %s · 已核实 %s"),
		e("Carrier: %s", "承运商：%s"),
		e(" [ref %s]", " [参考号 %s]"),
		e(" · investigation requested", " · 已申请物流调查"),
		e("Solution: %s", "解决方案：%s"),
		e("Next follow-up: %s", "下次跟进：%s"),
		e("Resolution: %s (root cause: %s)", "处理结果：%s（根本原因：%s）"),
		e("Log:", "记录："),
		e("cases exported", "已导出工单"),
		e("case %d: %s; closed (root cause: %s)", "工单 %d：%s；已关闭（根本原因：%s）"),
		e("case %d: %s; now at step %d/4 %s", "工单 %d：%s；现处于第 %d/4 步 %s"),
		e("added the new parcel %s to the case's order", "已将新包裹 %s 加入工单的订单"),
		id("party:carrier", "carrier", "承运商"),
		id("party:insurer", "insurer", "保险公司"),
		e("added claim %d to case %d: %s %s, %s %s claimed, %s", "已为工单 %[2]d 添加索赔 %[1]d：%[3]s %[4]s，索赔 %[5]s %[6]s，%[7]s"),
		e("claim %d: %s, %s of %s %s recovered", "索赔 %d：%s，已追回 %s / %s %s"),
		e("no %s claims", "没有%s的索赔"),
		e("no claims (add one with: waybill claim add CASE …)", "没有索赔（用 waybill claim add CASE … 添加）"),
		e("CLAIMED", "索赔金额"),
		e("RECOVERED", "已追回"),
		e("PARTY", "索赔对象"),
		e("REF", "参考号"),
		e("FILED", "提交日期"),
		e("AGE", "天数"),
		e("CASE", "工单"),
	}
}

// cliDeadlineMessages are deadlines and deadline add and done.
func cliDeadlineMessages() []msg {
	return []msg{
		e("no open deadlines due within %s", "%s 内没有到期的未完成截止日期"),
		e("no open deadlines", "没有未完成的截止日期"),
		e("LEFT", "剩余"),
		e("DUE", "截止时间"),
		id("cli:deadline KIND", "KIND", "类型"),
		e("SOURCE", "来源"),
		id("deadline:dispute_reply", "dispute_reply", "纠纷回复"),
		id("deadline:protection_end", "protection_end", "保护期结束"),
		id("deadline:ship_by", "ship_by", "发货截止"),
		id("deadline:trade_assurance_reply", "trade_assurance_reply", "信保回复"),
		id("deadline:carrier_claim", "carrier_claim", "承运商索赔"),
		id("deadline:follow_up", "follow_up", "跟进"),
		e("deadline %d: %s on order %s due %s (%s left)", "截止日期 %d：订单 %[3]s 的%[2]s，截止 %[4]s（剩余 %[5]s）"),
		e("deadline %d met", "截止日期 %d 已完成"),
	}
}

// cliImportMessages are import's report: bad rows (the frame; the reason
// is orderfile's), warnings, totals, rates and its progress lines.
func cliImportMessages() []msg {
	return []msg{
		e("importing %d/%d orders…", "正在导入 %d/%d 个订单…"),
		e("warning: … and %d more (waybill list --json shows each order's checks)", "警告：… 另有 %d 条（waybill list --json 可查看每个订单的检查）"),
		e("… and %d more problems, not listed; all %d by column:", "… 另有 %d 个问题未列出；全部 %d 个按列统计："),
		e("  column %q: %d bad values, lines %d to %d", "  列 %q：%d 个错误值，第 %d 行至第 %d 行"),
		e("ignored columns: %s", "已忽略的列：%s"),
		e("dry run: nothing written. ", "试运行：未写入任何内容。"),
		e("nothing imported: %d bad row(s); fix them, or import the good rows with --skip-invalid. ",
			"未导入：%d 行有错误；请修正，或用 --skip-invalid 导入正确的行。"),
		e("%d rows read: %d orders, %d shipments", "已读取 %d 行：%d 个订单，%d 个包裹"),
		e(" imported (%d new orders, %d new shipments)", "，已导入（新订单 %d 个，新包裹 %d 个）"),
		e("; %d rows skipped, %d errors", "；跳过 %d 行，错误 %d 个"),
		e("pre-shipment warnings on %d orders: %s", "%d 个订单有发货前警告：%s"),
		e("rows checked", "已检查行"),
		e("rows imported", "已导入行"),
		e("%d rows in %.1f s: %s rows/s", "%d 行，用时 %.1f 秒：每秒 %s 行"),
		e(", %s rows per CPU-second", "，每 CPU 秒 %s 行"),
		e("line %d: ", "第 %d 行："),
		e("column %q: ", "列 %q："),
		e("value %q: ", "值 %q："),
		e("; did you mean %s?", "；是否为 %s？"),
		e(" or ", " 或 "),
	}
}

// cliExportMessages are the progress lines of export, case export and
// report carriers, and report carriers' table.
func cliExportMessages() []msg {
	return []msg{
		e("orders exported", "已导出订单"),
		e("shipments exported", "已导出包裹"),
		e("exceptions exported", "已导出异常"),
		e("parcels read", "已读取包裹"),
		e("no shipments in the window", "时间范围内没有包裹"),
		e("ROUTE", "线路"),
		e("METHOD", "运输方式"),
		e("SHIPPED", "发货数"),
		e("DELIVERED", "签收数"),
		e("ON TIME", "准时率"),
		e("P50 DAYS", "P50 天数"),
		e("P90 DAYS", "P90 天数"),
		e("1ST SCAN", "首次扫描"),
		e("LOST", "丢件"),
		e("DAMAGED", "破损"),
		e("REFUNDS", "退款"),
		e("REISSUES", "补发"),
		e("ROOT CAUSES", "根本原因"),
	}
}
