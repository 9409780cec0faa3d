package i18n

// zhrest3Messages are what issue 26 left in English after catalog_zhrest2.
func zhrest3Messages() []msg {
	return []msg{
		// The detector's notes on a valid S10 number (tracker/number's
		// NoteS10…): the service in its words, the post's name as it is
		// (a carrier's name), the country in the reader's language; and
		// on a USPS number behind a routing prefix: the ZIP code and the
		// number as they are.
		e("%s, issued by %s (%s).", "%s，由 %s（%s）签发。"),
		e("%s, issued by the national post of %s.", "%s，由%s国家邮政签发。"),
		e("%s U… items are not tracked end to end: expect an acceptance scan and perhaps an arrival scan, not delivery.",
			"%sU… 类邮件不提供全程跟踪：通常只有收寄扫描，或许还有到达扫描，没有签收记录。"),
		e("UPU S10 item for domestic or bilateral service (%s)", "UPU S10 国内或双边业务邮件（%s）"),
		e("UPU S10 item with a service indicator (%s) the UPU has not assigned", "UPU S10 邮件，业务标识（%s）未经 UPU 分配"),
		e("USPS barcode with the routing prefix 420 + ZIP %s; track it as %s.", "带路由前缀 420 + 邮编 %s 的 USPS 条码；请按 %s 跟踪。"),
		e("UPU S10 parcel post item (C…)", "UPU S10 包裹（C…）"),
		e("UPU S10 EMS express item (E…)", "UPU S10 EMS 特快专递（E…）"),
		e("UPU S10 e-commerce parcel (H…)", "UPU S10 电商包裹（H…）"),
		e("UPU S10 letter post express item / tracked packet (L…)", "UPU S10 函件快递 / 可跟踪小包（L…）"),
		e("UPU S10 M-bag of printed matter (M…)", "UPU S10 印刷品专袋（M…）"),
		e("UPU S10 International Business Reply item (Q…)", "UPU S10 国际商业回函（Q…）"),
		e("UPU S10 registered letter post item (R…)", "UPU S10 挂号函件（R…）"),
		e("UPU S10 untracked letter post item (U…)", "UPU S10 无跟踪函件（U…）"),
		e("UPU S10 insured letter post item (V…)", "UPU S10 保价函件（V…）"),
		// Why a tracking service is paused or stopped (tracker.Reason…):
		// the carrier's error in it is the service's own text (its slug,
		// its fail kind, its HTTP status and its body), kept verbatim; a
		// count and a reset time are values.
		e("key rejected: %s", "密钥被拒绝：%s"),
		e("redirected to another host, key withheld: %s", "被重定向到其他主机，未发送密钥：%s"),
		e("no trusted TLS connection: %s", "无法建立可信的 TLS 连接：%s"),
		e("circuit open after %d failed calls: %s", "连续 %d 次调用失败，已暂停调用：%s"),
		e("quota used up", "额度已用完"),
		e("rate limited", "调用过于频繁，已限流"),
		e("daily quota used up, resets 00:00 GMT", "今日额度已用完，GMT 00:00 重置"),
		e("plan's request limit used up, resets %s", "套餐请求额度已用完，%s 重置"),
		// The causes inside a config problem that are ours (tracker's
		// refuse… formats): a port, a scheme, an agent's name as written
		// are values. A library's cause (the TOML decoder's, the SSH key
		// parser's, net/mail's address errors) stays as it wrote it.
		e("want host:port", "应为 host:port"),
		e("port %q: want %d to 65535", "端口 %q：应为 %d 到 65535"),
		e("no host: want host:port", "缺少主机：应为 host:port"),
		e("not a URL: want http:// or https:// and a host", "不是网址：应为 http:// 或 https:// 加主机名"),
		e("scheme %q: want an http:// or https:// URL", "协议 %q：应为 http:// 或 https:// 网址"),
		e("no host: want http://host or https://host", "缺少主机：应为 http://host 或 https://host"),
		e("a user or password in the URL ends up in logs: give secrets in the *_env settings", "网址中的用户名或密码会写进日志：请在 *_env 设置中提供密钥"),
		e("a base URL takes no query (?) or fragment (#)", "基础网址不能带查询（?）或片段（#）"),
		e("the name is empty", "名称为空"),
		e("name %q has space around it", "名称 %q 首尾有空格"),
		e("name %q is longer than %d characters", "名称 %q 超过 %d 个字符"),
		e("name %q has a control character", "名称 %q 含控制字符"),
		e("name %q has an invisible formatting character (U+%04X)", "名称 %q 含不可见的格式字符（U+%04X）"),
		e("name %q shows nothing", "名称 %q 不显示任何内容"),
		// An XLSX workbook past a limit, or not one, as we find it
		// (orderfile's limit… and part… formats), inside "refused as
		// XLSX" or "not readable as XLSX": the part's name, the sizes and
		// counts are values. The zip and XML readers' own errors stay as
		// they wrote them.
		e("%s inflates past the %s limit of an XLSX part (to %d MB): split the workbook or save the sheet as CSV", "%s 解压后超过 XLSX 部件的 %s 上限（达 %d MB）：请拆分工作簿或将工作表另存为 CSV"),
		e("%s inflates past the %s limit of an XLSX part: split the workbook or save the sheet as CSV", "%s 解压后超过 XLSX 部件的 %s 上限：请拆分工作簿或将工作表另存为 CSV"),
		e("%s holds more than %d shared strings, the limit: split the workbook or save the sheet as CSV", "%s 的共享字符串超过上限 %d 个：请拆分工作簿或将工作表另存为 CSV"),
		e("%s: more than %d cells, the limit: split the workbook or save the sheet as CSV", "%s：单元格超过上限 %d 个：请拆分工作簿或将工作表另存为 CSV"),
		e("%s: the cells hold more than %s of text, the limit: split the workbook or save the sheet as CSV", "%s：单元格文本超过上限 %s：请拆分工作簿或将工作表另存为 CSV"),
		e("%s: more than %d rows, the limit: split the workbook or save the sheet as CSV", "%s：行数超过上限 %d 行：请拆分工作簿或将工作表另存为 CSV"),
		e("%s: a text or tag longer than %s, the limit: not a workbook a spreadsheet writes", "%s：文本或标签长于上限 %s：不是电子表格软件写出的工作簿"),
		e("%s is missing", "缺少 %s"),
		e("%s inflates past the size its zip header gives: a damaged or forged workbook", "%s 解压后超过其 zip 头记录的大小：工作簿已损坏或被伪造"),
		// The frames main wraps around a cause (tracker.Wrap…): the
		// cause is the OS's or the store's words as they wrote them, or
		// ours in Chinese where it has its own phrase.
		e("create the store's folder: %v", "创建数据库文件夹：%v"),
		e("add demo orders: %v", "添加演示订单：%v"),
		// A bench sitting's errors a person reads (bench.ErrorFormats):
		// a store's path and a scale are values, the cause as it was said.
		e("bench --reuse: the store of %d orders: %v", "bench --reuse：%d 个订单的数据库：%v"),
		e("bench: %s exists; --reuse measures it, or remove it", "bench：%s 已存在；用 --reuse 测量它，或将其删除"),
		e("bench: build %d orders: %v", "bench：生成 %d 个订单：%v"),
		e("bench: %d orders: %v", "bench：%d 个订单：%v"),
		// The exception log's details a case writes (tracker.LogCase…):
		// the case's number, and its resolution as the person wrote it.
		e("case %d closed", "工单 %d 已关闭"),
		e("case %d closed: %s", "工单 %d 已关闭：%s"),
		e("case %d reopened", "工单 %d 已重新打开"),
		// A pasted line's reasons of the paste's own (orderfile's paste…
		// formats; "no tracking number" is the views'
		// word already): a line's number and a count are values.
		e("same number as line %d", "与第 %d 行单号相同"),
		e("too long for an order number and a tracking number", "太长，不是订单号加运单号"),
		e("%d values: want a tracking number, or an order number and a tracking number", "%d 个值：应为一个运单号，或一个订单号加一个运单号"),
		e("the order number and the tracking number are the same", "订单号与运单号相同"),
		e("already stored", "已存在"),
	}
}
