package i18n

// cli2Messages are the rest of the command line's human output: cases and
// claims, deadlines, import, export and report carriers, and sync,
// extend, connect, version, demo and paste. Steps, kinds, causes and
// claim states are the screen's words (step:, cause:, claim:, act:).
func cli2Messages() []msg {
	return concat(cliCaseMessages(), cliDeadlineMessages(), cliImportMessages(), cliExportMessages(), cliMarketMessages(), cliDemoMessages())
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

// cliMarketMessages are sync, extend and connect: marketplace names,
// reasons and messages, addresses and paths are arguments.
func cliMarketMessages() []msg {
	return []msg{
		e("no marketplace is configured: add [marketplaces.aliexpress] or [marketplaces.shopify] to the config (README: Connect AliExpress, Connect Shopify)",
			"未配置平台：在配置中添加 [marketplaces.aliexpress] 或 [marketplaces.shopify]（见 README：Connect AliExpress、Connect Shopify）"),
		e("%s: orders %d new, %d changed, %d unchanged; parcels %d new; disputes %d opened, %d updated, %d finished",
			"%s：订单 新增 %d、变更 %d、未变 %d；包裹 新增 %d；纠纷 新开 %d、更新 %d、结束 %d"),
		e("  problem: %s", "  问题：%s"),
		e("  stopped: %s (the next sync resumes where this one stopped)", "  已中断：%s（下次同步从中断处继续）"),
		e("order %s: buyer protection extended by %d days", "订单 %s：买家保护期已延长 %d 天"),
		e("; now ends %s UTC", "；现于 %s UTC 结束"),
		e(" (derived)", "（推算）"),
		e("order %s: not extended: %s", "订单 %s：未延长：%s"),
		e("note: %s", "注意：%s"),
		e("Open this address, sign in as the seller and grant access:", "打开以下地址，以卖家身份登录并授权："),
		e("Paste the code (or the whole address the page sent you to): ", "粘贴授权码（或页面跳转到的完整地址）："),
		e("the AliExpress seller %s (seller id %s)", "速卖通卖家 %s（卖家 ID %s）"),
		e("the AliExpress seller %s", "速卖通卖家 %s"),
		e("the AliExpress seller with seller id %s", "卖家 ID 为 %s 的速卖通卖家"),
		e("the AliExpress seller", "速卖通卖家"),
		e("connected %s", "已连接%s"),
		e("the access token expires %s; waybill refreshes it before then", "访问令牌于 %s 过期；waybill 会在此之前自动刷新"),
		e("the grant ends %s: run waybill connect aliexpress again before then", "授权于 %s 结束：请在此之前再次运行 waybill connect aliexpress"),
		e("tokens kept in %s (mode 0600)", "令牌保存在 %s（权限 0600）"),
	}
}

// cliDemoMessages are version, demo (adding, --status, --remove) and
// paste.
func cliDemoMessages() []msg {
	return []msg{
		// The title bar's words for the open store (ui/cli storeTitle).
		e("throwaway store", "临时库"),
		e("demo store · leave: waybill add, a carrier or --db", "演示库 · 退出：waybill add、接入承运商或 --db"),
		e("%s: demo order", "%s：演示订单"),
		e("commit unknown (not stamped: `go build` in a git checkout records it)", "提交未知（未记录：在 git 检出目录中 `go build` 会记录）"),
		e("commit %s", "提交 %s"),
		e("added %d demo orders (seed %d) to %s: %d events, %d exceptions open", "已向 %[3]s 添加 %[1]d 个演示订单（种子 %[2]d）：轨迹 %[4]d 条，未处理异常 %[5]d 条"),
		e("opens:  %s (%s)", "打开：  %s（%s）"),
		e("store.path in %s", "%s 中的 store.path"),
		e("store.url in %s", "%s 中的 store.url"),
		e("the demo: nothing is configured and the default store %s holds no order", "演示：未做任何配置，且默认存储 %s 没有订单"),
		e("the default store: a tracking service is configured", "默认存储：已配置查询服务"),
		e("the default store: a marketplace is configured", "默认存储：已配置平台"),
		e("the default store: it holds orders", "默认存储：其中有订单"),
		e("orders: none yet; waybill fills it with %d demo orders", "订单：暂无；waybill 会填入 %d 个演示订单"),
		e("orders: none yet (no store there)", "订单：暂无（该处没有存储）"),
		e("wall", "真实时间"),
		e("demo ×%s", "演示 ×%s"),
		e("orders: %d demo, %d real\nclock:  %s", "订单：演示 %d 个，真实 %d 个\n时钟：  %s"),
		e("leave:  add or import an order (waybill add, waybill import), or configure a tracking service\n        or a [store] path in %s; --db PATH opens another store",
			"退出：  添加或导入订单（waybill add、waybill import），或配置查询服务\n        或在 %s 中设置 [store] path；--db PATH 可打开其他存储"),
		e("no demo orders in %s; real orders kept: %d", "%s 中没有演示订单；保留真实订单 %d 个"),
		e("removed %d demo orders from %s: %d parcels, %d events, %d exceptions, %d cases, %d alerts; real orders kept: %d",
			"已从 %[2]s 删除 %[1]d 个演示订单：包裹 %[3]d 个，轨迹 %[4]d 条，异常 %[5]d 条，工单 %[6]d 个，提醒 %[7]d 条；保留真实订单 %[8]d 个"),
		e("LINE", "行"),
		e("VERDICT", "结果"),
		id("paste:ok", "ok", "正常"),
		id("paste:untracked", "untracked", "无法跟踪"),
		id("paste:invalid", "invalid", "无效"),
		id("paste:duplicate", "duplicate", "重复"),
		id("paste:already stored", "already stored", "已存在"),
		id("paste:unreadable", "unreadable", "无法识别"),
		e("%d lines: %d ok", "%d 行：%d 行正常"),
		e(", %d %s", "，%d %s"),
		e("; %d more left out past %d lines", "；超出 %[2]d 行的 %[1]d 行未处理"),
		e("; dry run: nothing written (%d would be added)", "；试运行：未写入（将添加 %d 个）"),
		e("; nothing to add", "；没有可添加的"),
		e("; added %d parcel(s) (%d new orders, %d new parcels)", "；已添加 %d 个包裹（新订单 %d 个，新包裹 %d 个）"),
		e("invalid numbers were not added: fix them, or add them unverified with --force", "无效单号未添加：请修正，或用 --force 以未验证状态添加"),
	}
}
