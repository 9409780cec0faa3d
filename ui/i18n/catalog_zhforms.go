package i18n

// formsMessages are the forms, prompts and sheets over the panes: the add
// form and the order edit form, the paste confirmation, the import sheet,
// and the prompts. Typed values, tracking and order numbers, carrier names
// and amounts are arguments; tracker's own errors are shown as tracker
// wrote them, but for the reasons a write refuses a field, which are here.
func formsMessages() []msg {
	return concat(addFormMessages(), editFormMessages(), fieldErrorMessages(), detectorMessages(), pasteMessages(), importMessages(), promptMessages())
}

// addFormMessages are the add form (ui/addform.go). Its labels fit the
// 13-cell label column in Chinese too.
func addFormMessages() []msg {
	return []msg{
		e("Add an order", "添加订单"),
		e("saving…", "保存中…"),
		e("the parcel is checked from today", "包裹从今天起开始查询"),
		// Labels the catalog has not already (Carrier, Buyer, Email …
		// are the order view's).
		e("Order no", "订单号"),
		e("Shipped", "发货日期"),
		e("Promised", "承诺送达"),
		// Field names inside a sentence.
		e("shipped", "发货日期"),
		e("promised", "承诺送达日期"),
		e("amount", "金额"),
		e("declared value", "申报价值"),
		e("packaging", "包装"),
		e("%s is required", "%s为必填项"),
		// Hints beside the fields. Date words stay as they are typed.
		e("detected: %s", "已识别：%s"),
		e("empty: detected from the number", "留空：按单号识别"),
		e("destination: DE, Germany, 德国 …", "目的地：DE、Germany、德国 …"),
		e("YYYY-MM-DD, today, yesterday, -2d…", "YYYY-MM-DD、today、yesterday、-2d…"),
		e("YYYY-MM-DD, +20d, +3w, fri…", "YYYY-MM-DD、+20d、+3w、fri…"),
		e("the marketplace's order number", "平台的订单号"),
		e("what is in it: batteries, liquids, magnets… are flagged", "包裹内容：电池、液体、磁铁等会被标记"),
		e("e.g. %s", "例如 %s"),
		e("customs tariff code, 6-10 digits", "海关税则编码，6-10 位数字"),
		e("yes or no", "是 或 否"),
		// The tracking number as it is typed.
		e("type or paste a number: its carrier is detected as you type", "输入或粘贴运单号：边输入边识别承运商"),
		e("%s · %s sure", "%s · 可信度 %s"),
		e(" · or %s %s", " · 或 %s %s"),
		e("⚠ untracked: %s; no carrier reports it", "⚠ 无跟踪服务：%s；承运商不提供轨迹"),
		e("✗ invalid check digit: %s", "✗ 校验位错误：%s"),
		e("✗ not a valid tracking number", "✗ 不是有效的运单号"),
		e("did you mean:", "是否为："),
		e("store unverified: keep a number that does not validate", "存为未验证：保留未通过校验的运单号"),
		// Checks of the fields, naming the field and the value.
		e("order no %q is the tracking number; give the marketplace's order number", "订单号 %q 与运单号相同；请填写平台的订单号"),
		e("carrier %q is not a carrier slug (e.g. china-post); empty: detected", "承运商 %q 不是承运商代码（如 china-post）；留空则自动识别"),
		e("country %q is not an ISO 3166 code or a country's name (DE, Germany, 德国, Deutschland)",
			"国家/地区 %q 不是 ISO 3166 代码或国家名称（DE、Germany、德国、Deutschland）"),
		e("email %q is not an address such as ana@example.com", "邮箱 %q 不是有效地址，例如 ana@example.com"),
		e("shipped %s is in the future", "发货日期 %s 晚于今天"),
		e("promised %s is before the ship date %s", "承诺送达日期 %s 早于发货日期 %s"),
		e("currency %q is not an ISO 4217 code such as USD", "币种 %q 不是 ISO 4217 代码，例如 USD"),
		e("HS code %q: want 6 to 10 digits", "HS编码 %q：应为 6 到 10 位数字"),
		e("insured %q: want yes or no", "保险 %q：请填 是 或 否"),
		e("%s %q: %s", "%s %q：%s"),
		e("tracking no %q does not validate: %s; fix it, take a suggestion, or tick \"store unverified\"",
			"运单号 %q 未通过校验：%s；请修改、选用建议，或勾选“存为未验证”"),
		// After the write.
		e("nothing added", "未添加"),
		e("add order %s: %s", "添加订单 %s：%s"),
		e("added %s (%s) to order %s", "已将 %s（%s）加入订单 %s"),
		e("; stored unverified: it did not validate", "；未通过校验，已存为未验证"),
		e("; untracked: the carrier will not report it", "；无跟踪服务：承运商不会提供轨迹"),
	}
}

// editFormMessages are the order edit form (ui/orderedit.go).
func editFormMessages() []msg {
	return []msg{
		e("Edit order %s", "编辑订单 %s"),
		e("only the fields you change are written", "只写入修改过的字段"),
		e("changed", "已修改"),
		e("for the courier", "供快递员联系"),
		e("double box, bubble wrap, fragile sticker…", "双层纸箱、气泡膜、易碎标签…"),
		e("%s %q cannot be emptied here: an empty field keeps what is stored", "%s %q 不能在此清空：留空会保留已存的值"),
		e("edit order %s: %s", "编辑订单 %s：%s"),
		e("order %s changed: %s", "订单 %s 已修改：%s"),
		e(", ", "、"),
		e("order %s left as it was", "订单 %s 未修改"),
		e("nothing changed on order %s", "订单 %s 没有改动"),
	}
}

// fieldErrorMessages are tracker.FieldError's frame in Chinese: the
// field by its name in FieldError, and the reasons of
// tracker.FieldProblem (ui/formwords.go asks tracker for them).
func fieldErrorMessages() []msg {
	return []msg{
		id("field:order_no", "order_no", "订单号"),
		id("field:marketplace", "marketplace", "平台"),
		id("field:tracking_no", "tracking_no", "运单号"),
		id("field:carrier", "carrier", "承运商"),
		id("field:buyer", "buyer", "买家"),
		id("field:email", "email", "邮箱"),
		id("field:phone", "phone", "电话"),
		id("field:country", "country", "国家/地区"),
		id("field:address", "address", "地址"),
		id("field:product", "product", "商品"),
		id("field:currency", "currency", "币种"),
		id("field:shipping_method", "shipping_method", "运输方式"),
		id("field:hs_code", "hs_code", "HS编码"),
		id("field:packaging", "packaging", "包装"),
		e("not text of at most %d bytes", "不是不超过 %d 字节的文本"),
		e("not an email address such as ana@example.com", "不是有效的邮箱地址，例如 ana@example.com"),
		e("not a currency: want an ISO 4217 code such as USD", "不是币种：应为 ISO 4217 代码，例如 USD"),
		e("not an HS code: want 6 to 10 digits", "不是 HS编码：应为 6 到 10 位数字"),
		e("longer than %d characters: packaging notes are a few words, such as \"double box, bubble wrap\"",
			"超过 %d 个字符：包装说明只需几个词，例如“双层纸箱、气泡膜”"),
	}
}

// detectorMessages are the tracking number detector's notes that do not
// name a carrier's service (tracker/number): the screen shows those in
// Chinese, and the others as the detector wrote them.
func detectorMessages() []msg {
	return []msg{
		e("This looks like an AliExpress order number, not a tracking number: the tracking number is under the order's \"Track order\" page.",
			"这像是速卖通订单号，不是运单号：运单号在订单的“Track order”（物流跟踪）页面。"),
		e("Empty input: paste a tracking number.", "未输入：请粘贴运单号。"),
		e("Contains characters that never appear in tracking numbers (they have only letters and digits).",
			"含有运单号中不会出现的字符（运单号只有字母和数字）。"),
		e("Too short for a tracking number.", "太短，不是运单号。"),
		e("Not a known tracking number format.", "不是已知的运单号格式。"),
		e("Not a valid tracking number as typed, but changing one letter that looks like a digit gives a number whose check digit matches; see the suggestions.",
			"按输入的内容不是有效运单号，但把一个形似数字的字母改为数字后校验位吻合；请看建议。"),
		e("The check digit (%s) does not match: by %s the other characters call for %s. A character is probably mistyped or swapped; see the suggestions.",
			"校验位（%s）不符：按 %s 计算应为 %s。可能有字符输错或颠倒；请看建议。"),
		e("The check digit does not match (%s, with or without the implied 91 prefix): a character is probably mistyped or swapped; see the suggestions.",
			"校验位不符（%s，含或不含隐含的 91 前缀）：可能有字符输错或颠倒；请看建议。"),
		e("not a known tracking number format", "不是已知的运单号格式"),
		e("the check digit does not match. ", "校验位不符。"),
		e("; did you mean %s?", "；是否为 %s？"),
		e(" or ", " 或 "),
	}
}

// pasteMessages are the paste confirmation (ui/pastesheet.go). Counts are
// %s, formatted by the caller: the printer would group their digits.
func pasteMessages() []msg {
	return []msg{
		e("Add pasted parcels", "添加粘贴的包裹"),
		e("checking…", "检查中…"),
		e("writing…", "写入中…"),
		e("%s lines", "共 %s 行"),
		e("Order no for numbers without one", "无订单号的单号归入订单"),
		e("checking the pasted lines…", "正在检查粘贴的行…"),
		// Column heads (Order, Tracking, Carrier are the orders pane's).
		e("Line", "行号"),
		e("Verdict", "结果"),
		// What becomes of a line (orderfile.Verdict), by id.
		id("verdict:ok", "ok", "有效"),
		id("verdict:untracked", "untracked", "无跟踪"),
		id("verdict:invalid", "invalid", "无效"),
		id("verdict:duplicate", "duplicate", "重复"),
		id("verdict:already stored", "already stored", "已存在"),
		id("verdict:unreadable", "unreadable", "无法识别"),
		e("%s: added, no carrier reports it", "%s：会添加，承运商不提供轨迹"),
		e("%s, added unverified", "%s，添加为未验证"),
		e("%s, skipped", "%s，跳过"),
		e("%s, skipped: %s", "%s，跳过：%s"),
		e(": did you mean %s (+%s)?", "：是否为 %s（另 %s 个）？"),
		e(": did you mean %s?", "：是否为 %s？"),
		e("line %s: %s", "第 %s 行：%s"),
		e("%s, %s", "%s，%s"),
		e(": the store has %s already; it is not added again", "：库中已有 %s，不再添加"),
		// The totals and the keys.
		e("%s lines: %s → %s to add", "%s 行：%s → 添加 %s 条"),
		e(" (invalid skipped; f adds them unverified)", "（跳过无效的；按 f 添加为未验证）"),
		e("; %s more lines left out (over %s)", "；另有 %s 行未读入（超过 %s 行）"),
		e("add %s", "添加 %s 条"),
		// What the sheet says after a key.
		e("nothing to add: no line has a good new number", "没有可添加的：没有一行是有效的新单号"),
		e(" (f adds the invalid ones, unverified)", "（按 f 把无效的也添加为未验证）"),
		e("order no is empty: %s numbers have no order number beside them; type the order they belong to",
			"订单号为空：%s 个单号旁没有订单号；请输入它们所属的订单号"),
		e("check the pasted numbers: %s", "检查粘贴的单号：%s"),
		e("nothing added: %s", "未添加：%s"),
		e("nothing added from the paste", "未从粘贴内容添加任何包裹"),
		e("added %s parcels to %s orders (%s new)", "已添加 %s 个包裹到 %s 个订单（%s 个新订单）"),
		e("; %s lines skipped", "；跳过 %s 行"),
	}
}

// importMessages are the import sheet (ui/importsheet.go). The file's
// problems (orderfile.Problem) are the reader's, in English.
func importMessages() []msg {
	return []msg{
		e("Import an order file", "导入订单文件"),
		e("reading…", "读取中…"),
		e("writing %s/%s orders…", "正在写入 %s/%s 个订单…"),
		e("File", "文件"),
		e("a CSV or XLSX export; ~ is your home folder. Rows are checked before anything is written.",
			"CSV 或 XLSX 导出文件；~ 表示主目录。写入前会先检查每一行。"),
		e("reading and checking %s…", "正在读取并检查 %s…"),
		id("import:read", "read", "读取"),
		e("import is off in this session: it would read files on the server; `waybill import` there, or [ssh] allow_import for admins",
			"本会话已关闭导入：它会读取服务器上的文件；请在服务器上用 `waybill import`，或由管理员设置 [ssh] allow_import"),
		e("path %q is a folder; give a CSV or XLSX file", "路径 %q 是文件夹；请指定 CSV 或 XLSX 文件"),
		e("path %q: %s MB is more than the screen imports (%s MB); use waybill import",
			"路径 %q：%s MB 超过屏幕导入上限（%s MB）；请用 waybill import"),
		e("path is empty: type the path of a CSV or XLSX file", "路径为空：请输入 CSV 或 XLSX 文件的路径"),
		// The report.
		e("%s rows read: %s orders, %s shipments · %s bad rows, %s problems",
			"已读取 %s 行：%s 个订单，%s 个包裹 · %s 行错误，%s 个问题"),
		e("ignored columns: %s", "忽略的列：%s"),
		e("%s %s (lines %s–%s)", "%s %s 个（第 %s–%s 行）"),
		e("the first %s problems are listed, %s more are not; all by column: %s",
			"列出了前 %s 个问题，另有 %s 个未列出；按列统计：%s"),
		e("Column", "列"),
		e("line %s: ", "第 %s 行："),
		e("column %q: ", "列 %q："),
		e("value %q: ", "值 %q："),
		e("Value", "值"),
		e("Reason", "原因"),
		e("w: write all %s orders", "w：写入全部 %s 个订单"),
		e("w: write all (refused: bad rows, all or nothing)", "w：全部写入（已拒绝：有错误行，导入须全部正确）"),
		e("s: write the %s good orders, skip the bad rows", "s：写入 %s 个正确的订单，跳过错误行"),
		e("esc: cancel, write nothing", "esc：取消，不写入"),
		e("write all refused: %s bad rows, and an import is all or nothing; s writes the good rows only",
			"拒绝全部写入：有 %s 行错误，导入须全部正确；按 s 只写入正确的行"),
		e("nothing to write: the file has no good rows", "没有可写入的：文件中没有正确的行"),
		// Writing, and the last word.
		e(" %s/%s orders", " %s/%s 个订单"),
		e("import stopped: %s (the %s orders before it are stored; importing the file again changes nothing twice)",
			"导入已中止：%s（之前的 %s 个订单已保存；再次导入该文件不会重复写入）"),
		e("%s orders of %s written (%s new orders, %s new shipments)", "已写入 %s/%s 个订单（新订单 %s 个，新包裹 %s 个）"),
		e("; stopped: import the file again to write the rest (it changes nothing twice)",
			"；已停止：再次导入该文件可写入其余部分（不会重复写入）"),
		e("; %s bad rows skipped", "；跳过 %s 行错误"),
		e("nothing imported", "未导入"),
		e("nothing imported from %s", "未从 %s 导入"),
	}
}

// promptMessages are the prompts over the panes (ui/prompt.go,
// ui/resolveprompt.go, ui/extend.go): snooze, owner, the queue's filter,
// resolve, extend. Their labels end where the field begins, whatever
// their width.
func promptMessages() []msg {
	return []msg{
		e("Snooze %s", "暂缓 %s"),
		e("Until", "截至"),
		e("until: %s", "日期：%s"),
		// tracker.DateForms: the words stay as they are typed.
		e("YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday (fri)", "YYYY-MM-DD、today、tomorrow、+3d、+2w 或星期几（fri）"),
		e("Owner of %s", "%s的负责人"),
		e("Name", "姓名"),
		e("empty: nobody owns them", "留空：无人负责"),
		e("%q means nobody in filters; leave the name empty to unassign", "%q 在筛选中表示无人负责；留空即可取消指派"),
		e("Filter exceptions", "筛选异常"),
		e("kind: names or prefixes, a,b · owner -: nobody's · empty: any",
			"类型：中文名、英文名或其前缀，a,b · 负责人 -：无人负责 · 留空：不限"),
		e("no kind %q; kinds: %s", "没有类型 %q；可用类型：%s"),
		e("%q could be %s", "%q 可能是 %s"),
		e("Resolve %s", "解决 %s"),
		e("Why", "原因"),
		e("say why: it is logged with your name", "请写明原因：会与你的名字一起记录"),
		e("logged with your name · u undoes it", "与你的名字一起记录 · 按 u 撤销"),
		e("Extend protection of %s", "延长 %s 的买家保护期"),
		e("days %q: want a whole number of days", "天数 %q：请填整数天"),
		e("asks the marketplace; refused while a dispute is open", "向平台申请；有纠纷未结时会被拒绝"),
		e("not a marketplace's order: there is no protection to extend", "不是平台订单：没有可延长的保护期"),
		e("asking the marketplace for %s more days…", "正在向平台申请延长 %s 天…"),
		e("extend: %s", "延长：%s"),
		e("order %s: no buyer protection end is kept (not a synced marketplace order): nothing to extend",
			"订单 %s：没有记录买家保护期的结束时间（不是同步的平台订单）：无法延长"),
	}
}
