package i18n

// zhrestMessages are what issue 26 left in English last: a digest's
// subject (its parts typed, tracker.AlertCounts), the case log's customs,
// redelivery and pickup solutions, a tracking number refused as typed,
// lookups that match nothing, a config's problems, case bundle's and
// report eta-backtest's human output.
func zhrestMessages() []msg {
	return []msg{
		e("[waybill] %d alerts: %s", "[waybill] %d 条提醒：%s"),
		// A digest's part: how many alerts of a kind ("2 stale"); Chinese
		// names the kind first (停滞 2 条) and lists with 、 (as it does
		// a customs solution's documents).
		id("%d alerts of kind %s", "%d %s", "%[2]s %[1]d 条"),
		id("list:sep", ", ", "、"),
		// The case log's customs, redelivery and pickup solutions
		// (tracker.Solution.String): the documents, who pays, the address
		// and phone are values.
		e("customs: %s; duties paid by %s", "清关处理：%s；关税承担方：%s"),
		e("customs: %s; duties paid by %s (seller %s of %s %s)", "清关处理：%s；关税承担方：%s（卖家承担 %s，共 %s %s）"),
		e("%s to %s, phone %s", "%s，地址 %s，电话 %s"),
		e("%s to %s", "%s，地址 %s"),
		e("%s, phone %s", "%s，电话 %s"),
		// A tracking number refused as typed (tracker.NumberRefusal): the
		// flag and the number as typed, the detector's reason.
		e("--tracking %q: %s (use --force to store it anyway, marked unverified)", "--tracking %q：%s（加 --force 仍可保存，标记为未验证）"),
		// Lookups that matched nothing (tracker.NotFound, the command
		// line's own): the id, number and store path are values.
		e("no case %d in %s", "%[2]s 中没有工单 %[1]d"),
		e("no order or tracking number %q in %s", "%[2]s 中没有订单号或运单号 %[1]q"),
		e("case %d: not found (waybill case list shows the cases)", "工单 %d：未找到（waybill case list 可列出工单）"),
		e("claim %d: not found (waybill claims shows the claims)", "索赔 %d：未找到（waybill claims 可列出索赔）"),
		e("order %q: no such order", "订单 %q：没有此订单"),
		e("order %q: no such order in waybill (sync the marketplace first)", "订单 %q：waybill 中没有此订单（请先同步平台订单）"),
		// A config's problems (tracker.ConfigError): the file, setting and
		// value as written; the reasons tracker gives most, by their
		// English (others stay English).
		e("config %s line %d: %s", "配置文件 %s 第 %d 行：%s"),
		e("config %s: %s", "配置文件 %s：%s"),
		e("%s = %s: %s", "%s = %s：%s"),
		e("want 0 (never) or a duration from 10s to 7d", "应为 0（从不）或 10s 到 7d 之间的时长"),
		e("want 0 (one message per alert) or a duration from 1m to 7d", "应为 0（每条提醒一封消息）或 1m 到 7d 之间的时长"),
		e("want 1 to 1000", "应为 1 到 1000"),
		e("want 1 to 10000", "应为 1 到 10000"),
		e("want 1 to 100000", "应为 1 到 100000"),
		e("want 1 to 1000000", "应为 1 到 1000000"),
		e("want 1 to 32", "应为 1 到 32"),
		e("want 1 to 60 days", "应为 1 到 60 天"),
		e("want 1 to 90 days", "应为 1 到 90 天"),
		e("want 1 to 3650 days after shipping", "应为发货后 1 到 3650 天"),
		e("want a duration from 1s to 10m", "应为 1s 到 10m 之间的时长"),
		e("want a fraction from 0 to 0.5", "应为 0 到 0.5 之间的小数"),
		e("want a number from 1 to 100", "应为 1 到 100 之间的数字"),
		e("want a number from 1 to 100000", "应为 1 到 100000 之间的数字"),
		e("want en, zh or auto", "应为 en、zh 或 auto"),
		e("want json or slack", "应为 json 或 slack"),
		e("want low, medium, high or critical", "应为 low、medium、high 或 critical"),
		e("want none, starttls or tls", "应为 none、starttls 或 tls"),
		e("want viewer, agent or admin", "应为 viewer、agent 或 admin"),
		// case bundle's report: file names, hashes and paths are values.
		e("wrote %s: case %d for %s, %s, %s, %s, %d evidence files", "已写入 %s：工单 %d（用于%s），含 %s、%s、%s 及 %d 个证据文件"),
		id("audience:dispute", "dispute", "纠纷"),
		id("audience:claim", "claim", "索赔"),
		id("audience:buyer", "buyer", "买家"),
		e("  %s  %s  %s (%d bytes)", "  %s  %s  %s（%d 字节）"),
		e("missing evidence file %s: %s (named in the PDF and case.json, not in the bundle)", "缺少证据文件 %s：%s（PDF 和 case.json 中列出，但未打包）"),
		// report eta-backtest's table; the figures are fmt's.
		e("ETA backtest: %d simulated orders (seed %d); trained on %d parcels delivered before %s,\npredicting the %d delivered parcels shipped after it.\n\n",
			"预计送达回测：%[1]d 个模拟订单（种子 %[2]d）；以 %[4]s 前签收的 %[3]d 个包裹训练，\n预测其后发货并已签收的 %[5]d 个包裹。\n\n"),
		e("AS OF", "预测时点"),
		e("PREDICTED", "已预测"),
		e("MEDIAN ERROR", "误差中位数"),
		e("BY P90", "P90 前送达"),
		e("IN P10–P90", "落在 P10–P90"),
		e("shipping day", "发货当天"),
		e("halfway", "运输途中"),
		e("%.2f days", "%.2f 天"),
		e("carrier's ETA", "承运商预计"),
		e("%.1f%% by it", "%.1f%% 按时"),
		e("\nWithout a promise, the overdue rule would call %.1f%% of these parcels overdue before they arrived\ngoing by the carrier's ETA alone, and %.1f%% going by the later of it and history's p90.\n",
			"\n没有承诺日期时，仅按承运商预计，超时规则会在 %.1f%% 的包裹送达前判其超时；\n按承运商预计与历史 p90 中较晚者，则为 %.1f%%。\n"),
		e("below the goal: at least 85%% of deliveries by the p90 date", "未达目标：至少 85%% 的包裹应在 p90 日期前签收"),
	}
}
