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
		// A config's rarer reasons (tracker.ConfigError.ReasonPhrase): the
		// settings, services, limits and keys in them stay as written.
		e("set store.path or store.url, not both", "store.path 和 store.url 只能设置一个"),
		e("not a PostgreSQL URL: postgres://user:password@host:port/database (an SQLite file goes in store.path)", "不是 PostgreSQL 地址：应为 postgres://user:password@host:port/database（SQLite 文件请填 store.path）"),
		e("want a duration from %s to %s", "应为 %s 到 %s 之间的时长"),
		e("shorter than pending_min (%s)", "短于 pending_min（%s）"),
		e("want more days than stale_days (%d), at most 365, or 0 to turn it off", "应大于 stale_days（%d）天、至多 365 天，或填 0 关闭"),
		e("unknown tracking service %q (want one of %s)", "未知的跟踪服务 %q（应为 %s 之一）"),
		e("needs api_key or api_key_env", "需要 api_key 或 api_key_env"),
		e("needs customer (the Kuaidi100 customer id)", "需要 customer（快递100 的客户编号）"),
		e("want a duration from 100ms to %s, or 0 for 20s", "应为 100ms 到 %s 之间的时长，或填 0 表示 20s"),
		e("want a finite number of calls a second from %g to %d (0: the service's documented rate)", "应为每秒 %g 到 %d 次调用（0：按服务公布的速率）"),
		e("want 0 (the service's documented maximum) or more", "应为 0（服务公布的上限）或更大"),
		e("not an enabled [carriers.%s] table", "不是已启用的 [carriers.%s] 表"),
		e("tracks only its own numbers; name an aggregator (17track, aftership, ship24, kuaidi100, track123, trackingmore)", "只跟踪自家单号；请指定一个聚合服务（17track、aftership、ship24、kuaidi100、track123、trackingmore）"),
		e("%d aggregators are configured (%s): name the one for numbers no direct carrier covers", "已配置 %d 个聚合服务（%s）：请指定用于直连承运商不覆盖的单号的那个"),
		e("%v, e.g. 127.0.0.1:23234", "%v，例如 127.0.0.1:23234"),
		e("agent %s: want viewer, agent or admin", "客服 %s：应为 viewer、agent 或 admin"),
		e("agent %s: not a public key in authorized_keys form (\"ssh-ed25519 AAAA… comment\"): %v", "客服 %s：不是 authorized_keys 格式的公钥（\"ssh-ed25519 AAAA… comment\"）：%v"),
		e("agent %s: authorized_keys options (%s) are not supported here; give the key alone", "客服 %s：此处不支持 authorized_keys 选项（%s）；请只填公钥"),
		e("agent %s: one key per entry", "客服 %s：每项只能一个公钥"),
		e("agent %s has the same key as agent %s (%s): a key must name one agent", "客服 %s 与客服 %s 的公钥相同（%s）：一个公钥只能对应一个客服"),
		e("not the name of an environment variable (letters, digits and _, e.g. WAYBILL_17TRACK_KEY); the value is not shown in case it is the secret itself", "不是环境变量名（字母、数字和 _，例如 WAYBILL_17TRACK_KEY）；为防其本身就是密钥，不显示其值"),
		e("%q is not an exception kind (want one of %v)", "%q 不是异常类型（应为 %v 之一）"),
		e("%v, e.g. smtp.example.com:587", "%v，例如 smtp.example.com:587"),
		e("needs a sender address", "需要发件人地址"),
		e("needs at least one recipient", "至少需要一个收件人"),
		e("needs the account SID", "需要账户 SID"),
		e("needs auth_token or auth_token_env", "需要 auth_token 或 auth_token_env"),
		e("needs the sending number", "需要发送号码"),
		e("want an E.164 number such as +15550111, or a sender ID of 1–11 letters and digits", "应为 E.164 号码（如 +15550111），或 1–11 位字母数字的发送方 ID"),
		e("needs at least one number", "至少需要一个号码"),
		e("%q: want an E.164 number such as +15550111", "%q：应为 E.164 号码，如 +15550111"),
		e("want 1024 to 268435456", "应为 1024 到 268435456"),
		e("an empty key", "空的按键"),
		e("key %q twice", "按键 %q 重复"),
		e("want 1 to 365 days after shipping (the buyer's protection, e.g. 90)", "应为发货后 1 到 365 天（买家保护期，如 90）"),
		e("want 0 (never restart) to 100000 restarts a day per service", "应为每个服务每天 0（从不重新跟踪）到 100000 次重新跟踪"),
		e("needs app_key (the app's key from the AliExpress Open Platform console)", "需要 app_key（速卖通开放平台控制台中应用的 key）"),
		e("needs app_secret or app_secret_env", "需要 app_secret 或 app_secret_env"),
		e("want a finite number of calls a second from %g to %d (0: the default, 10)", "应为每秒 %g 到 %d 次调用（0：默认 10）"),
		e("want 1 to %d orders a list call (0: the default, %d)", "应为每次列表调用 1 到 %d 个订单（0：默认 %d）"),
		e("want %d to %d days (0: the default, %d)", "应为 %d 到 %d 天（0：默认 %d）"),
		e("needs shop (my-shop or my-shop.myshopify.com)", "需要 shop（my-shop 或 my-shop.myshopify.com）"),
		e("want the shop's name or its host, e.g. my-shop or my-shop.myshopify.com", "应为店铺名或其域名，例如 my-shop 或 my-shop.myshopify.com"),
		e("needs access_token_env (or access_token): the Admin API access token of the shop's custom app", "需要 access_token_env（或 access_token）：店铺自定义应用的 Admin API 访问令牌"),
		e("want a quarterly Admin API version such as 2025-01, or unstable", "应为季度 Admin API 版本（如 2025-01）或 unstable"),
		e("environment variable %s is not set or empty (it should hold the %s)", "环境变量 %s 未设置或为空（应存放 %s）"),
		e("want 1h to 720h (how close a deadline rises to the top of the queue)", "应为 1h 到 720h（期限临近多久时升到队列顶部）"),
		e("want each lead time 1m to 720h (item %d)", "每个提前时间应为 1m 到 720h（第 %d 项）"),
		e("want %d to %d days (what the extend key offers)", "应为 %d 到 %d 天（延长键提供的天数）"),
		e("want 0s to 2160h (how close to the parcel's likely arrival protection may end)", "应为 0s 到 2160h（保护期可在包裹预计送达前多久结束）"),
		e("want 1h to 720h (how long a supplier has to answer a Trade Assurance refund request)", "应为 1h 到 720h（供应商答复信保退款申请的时限）"),
		e("entry %d (%q): want a word or phrase of 1–40 characters", "第 %d 项（%q）：应为 1–40 个字符的词语"),
		e("%q: want an ISO 4217 code in capitals, such as USD", "%q：应为大写的 ISO 4217 币种代码，如 USD"),
		e("%q: %v", "%q：%v"),
		e("want 0 (no limit) to 100 claims per parcel", "应为每个包裹 0（不限）到 100 次索赔"),
		e("no keys: an action needs at least one (leave it out to keep its default)", "没有按键：每个操作至少需要一个（不填则保持默认）"),
		e("want 1 to 365 days", "应为 1 到 365 天"),
		e("also set in [claims.windows.carriers]: keep it there only ([deadlines.claim_days] is the older name)", "[claims.windows.carriers] 中也已设置：只保留那里的设置（[deadlines.claim_days] 是旧名称）"),
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
