package i18n

// zhrest2Messages are what issue 26 left in English after catalog_zhrest:
// an order file's problems with the file itself (orderfile.FileError),
// keyed by their English format; the file's own bytes, its header's
// cells, the field names and a reader's nested error stay as they are;
// the detector's notes that have values (tracker.DetectorNotePhrase) and
// a case's reissue refused for its number.
func zhrest2Messages() []msg {
	return []msg{
		// The detector's notes with values (tracker/number's Note…): the
		// number's characters, counts and the scheme's name are values.
		e("Looks like a UPU S10 number, but those have 9 digits between the two-letter prefix and the country code; this one has %d.",
			"看起来像 UPU S10 单号，但这类单号在两位字母前缀和国家代码之间应有 9 位数字；此单号有 %d 位。"),
		e("%s is not a country code, so this is not a valid UPU S10 number (the last two letters name the country whose post issued it).",
			"%s 不是国家代码，因此不是有效的 UPU S10 单号（最后两个字母是寄出国邮政的国家代码）。"),
		// The order number mix-up leading another note: Chinese runs on
		// without a space.
		e("This looks like an AliExpress order number, not a tracking number: the tracking number is under the order's \"Track order\" page. %s",
			"这像是速卖通订单号，不是运单号：运单号在订单的“Track order”（物流跟踪）页面。%s"),
		e("the check digit does not match. %s", "校验位不符。%s"),
		// A case's reissue refused for its number (tracker.Solution): the
		// number as typed, and the detector's note.
		e("reissue tracking number %q: %s", "补发运单号 %q：%s"),
		e("not a valid tracking number", "不是有效的运单号"),
		// The deadline log's details (tracker.DeadlineLogDetailPhrase):
		// due times, sources and alert keys are values; an alert's lead is
		// a span (3天).
		e("due %s (%s)", "到期 %s（%s）"),
		e("due moved from %s to %s (%s)", "到期时间由 %s 改为 %s（%s）"),
		e("%sh before due (%s)", "到期前 %s（%s）"),
		// The refresh command's lifecycle, quota and push lines (and the
		// quota's text, ui.QuotaTextIn); service names are values.
		e("lifecycle %s: %s", "跟踪周期 %s：%s"),
		e("restarted %d", "重新跟踪 %d 个"),
		e("%d over today's budget ([tracking] restarts_per_day)", "%d 个超出今日额度（[tracking] restarts_per_day）"),
		e("stopped following %d", "停止跟踪 %d 个"),
		e("%d refused", "%d 个被拒绝"),
		e("quota %s: %s", "额度 %s：%s"),
		e("unknown: %s", "未知：%s"),
		e("%d of %d used", "已用 %d / 共 %d"),
		e(" (last read failed: %s)", "（上次读取失败：%s）"),
		e("    subscribed %d for pushes", "    已订阅推送 %d 个"),
		e("%s paused: %s", "%s 已暂停：%s"),
		// A case action refused (tracker.Case.Apply): the action, the
		// step the case is at, and why; dates, amounts, the person's
		// words as typed are values.
		e("%s at step %s: %s", "处于“%[2]s”步骤时不能%[1]s：%[3]s"),
		e("the message sent is empty", "发送的消息为空"),
		e("reassure the buyer first", "请先安抚买家"),
		e("verify the delivery status first", "请先核实派送状态"),
		e("no solution given", "未给出解决方案"),
		e("a follow-up comes after the solution", "跟进须在解决之后"),
		e("follow-up date %s is not in the future", "跟进日期 %s 不是将来的日期"),
		e("updates to the buyer come after the solution", "须在解决之后再告知买家进展"),
		e("the note is empty", "备注为空"),
		e("go to %q: want reassure, verify, solve or follow_up", "转到 %q：应为 reassure、verify、solve 或 follow_up"),
		e("step %s needs step %s done first", "步骤 %s 需先完成步骤 %s"),
		e("a case closes after a solution", "工单须在解决之后关闭"),
		e("root cause %q: want one of %v", "根本原因 %q：应为 %v 之一"),
		e("the case is open", "工单仍处于打开状态"),
		e("unknown action", "未知操作"),
		// A solution refused (tracker.Solution): its type, the case's
		// kind, dates and amounts are values.
		e("solution %q does not fit a %s case (want one of %v)", "解决方案 %q 不适用于%s工单（应为 %v 之一）"),
		e("new ETA %s: want a date after today", "新的预计送达时间 %s：应为今天之后的日期"),
		e("refund amount %s %s: want an amount above 0 and a currency", "退款金额 %s %s：应为大于 0 的金额并注明币种"),
		e("customs: tick the documents supplied (invoice, packing list, HS code, certificates)", "清关：请勾选已提供的单据（发票、装箱单、HS编码、证书）"),
		e("shared duties: the seller's share %s must lie between 0 and the total %s", "分担关税：卖家承担部分 %s 应在 0 与总额 %s 之间"),
		e("customs duties %q: want buyer, seller or shared", "关税承担方 %q：应为 buyer、seller 或 shared"),
		e("redelivery: verify the address and the phone with the buyer first", "重新派送：请先与买家核实地址和电话"),
		e("claim: give the evidence (photo file paths) and the amount claimed", "索赔：请提供证据（照片文件路径）和索赔金额"),
		// orderfile.FileError: the whole file.
		e("the file is empty: want a header row and one row per parcel", "文件为空：应有一行表头，每个包裹一行"),
		e("not readable as CSV: %v", "无法按 CSV 读取：%v"),
		e("refused as CSV: line %d: more than %d rows, the limit: split the file", "CSV 被拒绝：第 %d 行：超过 %d 行的上限，请拆分文件"),
		e("line %d is longer than %d MB: not an order file", "第 %d 行超过 %d MB：不是订单文件"),
		e("refused as XLSX: %v", "XLSX 被拒绝：%v"),
		e("not readable as XLSX: %v", "无法按 XLSX 读取：%v"),
		e("encoding %q: want one of %s", "编码 %q：应为 %s 之一"),
		e("the file does not decode: %v", "文件无法解码：%v"),
		// A byte the encoding refuses: line, byte of the line, the byte,
		// the text around it as the file has it, and why.
		e("line %d, byte %d: 0x%02X in %q %s", "第 %d 行第 %d 字节：0x%02X（在 %q 中）%s"),
		e("is not UTF-8, which --encoding utf-8 says the file is", "不是 UTF-8，但 --encoding utf-8 指定文件为 UTF-8"),
		e("starts no GB18030 character, which --encoding gb18030 says the file is", "不是 GB18030 字符的开头，但 --encoding gb18030 指定文件为 GB18030"),
		e("is not UTF-8, and the file is not GB18030 Chinese text either: save it as UTF-8, or import it with waybill import --encoding latin1 (or windows-1252, gb18030)",
			"不是 UTF-8，文件也不是 GB18030 中文文本：请另存为 UTF-8，或用 waybill import --encoding latin1（或 windows-1252、gb18030）导入"),
		// The header: the field names and the header's cells are values.
		e("import.columns: %q is not a field (want one of %s)", "import.columns：%q 不是字段（应为 %s 之一）"),
		e("import.columns: %s = %q, but the file has no such column (it has %s)", "import.columns：%s = %q，但文件中没有此列（现有列：%s）"),
		e("no order number column: name one %s, or map it with [import.columns] order_no = \"…\" (the header is %s)",
			"没有订单号列：请将一列命名为 %s，或用 [import.columns] order_no = \"…\" 指定（表头为 %s）"),
	}
}
