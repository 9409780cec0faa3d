package i18n

// zhrest4Messages are what issue 26 left in English after catalog_zhrest3:
// the store's errors a person reads, the command line's frames around an
// error, and the paste command's suggestions.
func zhrest4Messages() []msg {
	return []msg{
		// The store's errors (tracker.Store…): a path, a URL, a count and
		// the database's or the OS's own words inside as they were said.
		e("open store %s: %v", "打开数据库 %s：%v"),
		e("folder does not exist", "文件夹不存在"),
		e("%v: %s (create it first; waybill makes only its default folder)", "%v：%s（请先创建；waybill 只会创建默认文件夹）"),
		e("%s is not a folder", "%s 不是文件夹"),
		e("is a directory", "是文件夹，不是文件"),
		e("database is locked (another waybill is writing?)", "数据库已锁定（另一个 waybill 正在写入？）"),
		e("%v, gave up: %v", "%v，已放弃：%v"),
		e("file is not a database", "文件不是数据库"),
		e("disk full: nothing of this write was kept; free some space and run it again", "磁盘已满：本次写入未保存任何内容；请腾出空间后重试"),
		e("read-only: nothing was written; check the permissions of the file and its folder", "只读：未写入任何内容；请检查文件及其文件夹的权限"),
		e("store %s: %v (%v)", "数据库 %s：%v（%v）"),
		e("store %s: the disk failed a write; nothing of it was kept (%v)", "数据库 %s：磁盘写入失败；本次写入未保存任何内容（%v）"),
		e("schema version %d is newer than this waybill knows (%d): upgrade waybill", "数据库结构版本 %d 比本 waybill 支持的（%d）更新：请升级 waybill"),
		e("bad PostgreSQL URL (check its form: postgres://user:password@host:port/database)", "PostgreSQL 网址有误（请检查格式：postgres://user:password@host:port/database）"),
		e("connect to PostgreSQL: %v", "连接 PostgreSQL：%v"),
		e("integrity check of %s: %v", "%s 完整性检查：%v"),
		e("copy store %s: it is on PostgreSQL already; migrate copies an SQLite store", "复制数据库 %s：它已在 PostgreSQL 上；migrate 只复制 SQLite 数据库"),
		e("copy store to %q: not a PostgreSQL URL (postgres://user@host/database)", "复制数据库到 %q：不是 PostgreSQL 网址（postgres://user@host/database）"),
		e("copy store to %s: %v", "复制数据库到 %s：%v"),
		e("holds waybill rows", "已有 waybill 数据"),
		e("copy store to %s: the database %v (in %s); migrate copies only into an empty one", "复制数据库到 %s：该数据库%v（在 %s 中）；migrate 只复制到空数据库"),
		e("snooze %s until %s: that is not after now (%s)", "暂缓 %s 至 %s：该时间不晚于现在（%s）"),
		e("assign %s to %q: that name means \"nobody\" in filters", "指派 %s 给 %q：该名称在筛选中表示“无人负责”"),
		// The frames tracker's services wrap around a cause (tracker.Wrap…).
		e("case %d: %v", "工单 %d：%v"),
		e("bundle of case %d: %v", "工单 %d 的证据包：%v"),
		e("add claim to case %d: %v", "为工单 %d 添加索赔：%v"),
		// The command line's own errors (ui/cli problemf and wrapf): flag
		// names, paths, order numbers and counts are values; the cause
		// after a frame is said as far as it has a phrase, else as it was.
		e("--text -: read standard input: %v", "--text -：读取标准输入：%v"),
		e("--eta auto: no ETA ahead is known for case %d's parcel (delivered, or no carrier estimate and too little history): give --eta YYYY-MM-DD",
			"--eta auto：工单 %d 的包裹没有可用的预计送达时间（已签收，或承运商未给出预计时间且历史数据太少）：请用 --eta YYYY-MM-DD 指定"),
		e("order %s has no parcel to open a case on", "订单 %s 没有可开立工单的包裹"),
		e("no [marketplaces.aliexpress] table in %s: add one with app_key and app_secret_env (config.example.toml shows it)",
			"%s 中没有 [marketplaces.aliexpress] 表：请添加，并填写 app_key 和 app_secret_env（见 config.example.toml）"),
		e("this build cannot connect marketplaces", "此版本无法关联平台"),
		e("no code read: paste the code from the consent page, or pass --code", "未读到授权码：请粘贴授权页上的授权码，或使用 --code"),
		e("the pasted address is not a URL: paste the code alone, or the whole address", "粘贴的地址不是网址：请只粘贴授权码，或粘贴完整地址"),
		e("the pasted address is from another connect attempt (its state differs): open the address above and try again",
			"粘贴的地址来自另一次关联（state 不同）：请打开上面的地址重试"),
		e("%v (orders before %d are stored; import the file again once fixed: it changes nothing twice)",
			"%v（第 %d 个之前的订单已保存；修正后再次导入该文件即可：已导入的不会重复改动）"),
		e("the file changed while it was imported: a problem the first reading did not find; the first %d rows are stored, and importing the file again once fixed completes it",
			"导入期间文件被改动：出现了第一遍读取时没有的问题；前 %d 行已保存，修正后再次导入该文件即可补全"),
		e("%v (the first %d rows are stored; import the file again once fixed: it changes nothing twice)",
			"%v（前 %d 行已保存；修正后再次导入该文件即可：已导入的不会重复改动）"),
		e("the file changed while it was imported: %d rows read to check, %d to write; import it again",
			"导入期间文件被改动：检查时读取 %d 行，写入时 %d 行；请重新导入"),
		e("no order %q in %s (waybill add adds one with its parcel)", "%[2]s 中没有订单 %[1]q（waybill add 可连同包裹一起添加）"),
		e("edit order %s: %v", "编辑订单 %s：%v"),
		e("add order %s: %v", "添加订单 %s：%v"),
		e("add order %s: read it back: %v", "添加订单 %s：读回时出错：%v"),
		e("read the list: %v", "读取列表：%v"),
		e("refresh %q: %v", "刷新 %q：%v"),
		e("serve --ssh: no agent can log in: add [[agents]] entries or [ssh] authorized_keys to %s (the README shows how)",
			"serve --ssh：没有客服可以登录：请在 %s 中添加 [[agents]] 条目或 [ssh] authorized_keys（见 README）"),
		e("ssh host key: set [ssh] host_key_path (the store is a URL and there is no config folder: %v)",
			"SSH 主机密钥：请设置 [ssh] host_key_path（存储是网址，且没有配置文件夹：%v）"),
		e("terminal UI: %v", "终端界面：%v"),
		// A pasted number that does not validate (the paste sheet's detail
		// line, `waybill paste`): the suggestions as they are, the
		// detector's note after them in the reader's language.
		e("did you mean %s? %s", "是否为 %s？%s"),
		// A deadline kind a person may not add by hand (tracker.CheckManualKind):
		// "kind" is the flag --kind (usagef("--%v")), the kind as typed.
		e("kind %q: want trade_assurance_reply or follow_up", "kind %q：应为 trade_assurance_reply 或 follow_up"),
		e("kind %q: set by a marketplace or the rules, not by hand; want trade_assurance_reply or follow_up",
			"kind %q：由平台或规则设定，不能手动添加；应为 trade_assurance_reply 或 follow_up"),
		// A claim refused (tracker's refuseClaim…): states, amounts,
		// currencies, parties and flags as typed are values.
		e("state %q: want one of %s", "状态 %q：应为以下之一：%s"),
		e("party kind %q: want carrier or insurer", "索赔对象类型 %q：应为 carrier（承运商）或 insurer（保险公司）"),
		e("party: empty: name the carrier (its slug) or the insurer", "索赔对象为空：请填写承运商（其代号）或保险公司"),
		e("amount claimed %s: want more than 0", "索赔金额 %s：应大于 0"),
		e("amount claimed %s: too large", "索赔金额 %s：太大"),
		e("currency %q: want a three-letter ISO code such as USD or EUR", "币种 %q：应为三个字母的 ISO 代码，如 USD 或 EUR"),
		e("amount recovered %s: want 0 or more", "已追回金额 %s：应不小于 0"),
		e("amount recovered %s: more than the %s claimed", "已追回金额 %s：超过索赔金额 %s"),
		e("filed date %s: in the future", "提交日期 %s：在将来"),
		e("state %s: needs the filed date (--filed YYYY-MM-DD)", "状态 %s：需要提交日期（--filed YYYY-MM-DD）"),
		e("state %s: needs the party's reference (--ref)", "状态 %s：需要对方的受理编号（--ref）"),
		e("state paid: recovered %s: want the amount that came back, more than 0 (--recovered)", "状态 paid：已追回 %s：请填写实际追回的金额，应大于 0（--recovered）"),
		e("state %s: recovered %s: only a paid claim has money recovered (a partial payment is paid)", "状态 %s：已追回 %s：只有已赔付（paid）的索赔才有追回金额（部分赔付也算 paid）"),
		e("state %s: a %s claim cannot become %s (it may become: %s)", "状态 %s：%s 状态的索赔不能改为 %s（可改为：%s）"),
		e("nothing to change: give --state, --recovered, --ref, --filed or --note", "没有要改的：请给出 --state、--recovered、--ref、--filed 或 --note"),
		e("state %q: a new claim is draft or filed (change it later with claim set)", "状态 %q：新索赔只能是 draft 或 filed（之后用 claim set 修改）"),
		e("party %s: %s allows %d claims per parcel ([claims.attempts]) and this parcel has %d already (%s)",
			"索赔对象 %s：%s 每个包裹最多 %d 次索赔（[claims.attempts]），此包裹已有 %d 次（%s）"),
		e("none (it is final)", "无（已是最终状态）"),
		e("claim %d: %v", "索赔 %d：%v"),
		// A case bundle that cannot be written (tracker/evidence): paths,
		// the case's number, the setting [evidence] font and the OS's words
		// as they are.
		e("no font covering Chinese, Japanese and Korean was found for the bundle's PDF: install one (Debian, Ubuntu: apt-get install fonts-droid-fallback) or name a TrueType file (.ttf) in [evidence] font",
			"没有找到可用于证据包 PDF 的中日韩字体：请安装一个（Debian、Ubuntu：apt-get install fonts-droid-fallback），或在 [evidence] font 中指定一个 TrueType 字体文件（.ttf）"),
		e("%s %q: %v", "%s %q：%v"),
		e("no such file", "文件不存在"),
		e("not a regular file", "不是普通文件"),
		e("read: %v", "读取：%v"),
		e("a font collection (.ttc): name a single TrueType font (.ttf)", "这是字体集（.ttc）：请指定单个 TrueType 字体（.ttf）"),
		e("an OpenType font with PostScript outlines (.otf): name a TrueType font (.ttf)", "这是 PostScript 轮廓的 OpenType 字体（.otf）：请指定 TrueType 字体（.ttf）"),
		e("not a TrueType font (.ttf)", "不是 TrueType 字体（.ttf）"),
		e("bundle %s: the file exists; give another --out, or move it away first", "证据包 %s：文件已存在；请换一个 --out，或先把它移走"),
		e("bundle %s: %v", "证据包 %s：%v"),
		e("bundle of case %d: font: %v", "工单 %d 的证据包：字体：%v"),
		e("bundle of case %d: %s %q: %v", "工单 %d 的证据包：%s %q：%v"),
		e("bundle of case %d: evidence %q: %v", "工单 %d 的证据包：证据 %q：%v"),
		// The help's title and heading over a case (ui keyHelp).
		e("case %d", "工单 %d"),
		e("%s · a text field", "%s · 输入框"),
		// A deadline added or closed by hand, refused (tracker's
		// AddDeadline and DeadlineDone): times as given, an id, the
		// setting's and the kinds' names as they are typed.
		e("due %s: a trade_assurance_reply is due at its refund request's time (from) plus [deadlines] trade_assurance_reply; give from instead",
			"截止 %s：trade_assurance_reply 的截止时间是退款申请时间（from）加上 [deadlines] trade_assurance_reply；请改给 from"),
		e("from %s: the refund request's time is in the future", "from %s：退款申请时间在将来"),
		e("from %s: only a trade_assurance_reply counts from a time; a follow_up takes due", "from %s：只有 trade_assurance_reply 从某个时间起算；follow_up 请给 due"),
		e("due: a follow_up needs its time", "截止时间：follow_up 需要给出时间"),
		e("due %s: already past", "截止 %s：已经过了"),
		e("order: want an order number or tracking number", "订单：应为订单号或运单号"),
		e("deadline id %d: want the id `waybill deadlines` shows", "截止日期编号 %d：应为 `waybill deadlines` 显示的编号"),
		e("deadline id %d: no open deadline has it (`waybill deadlines` lists them)", "截止日期编号 %d：没有这个未完成的截止日期（`waybill deadlines` 可列出）"),
		// A config file that cannot be read (tracker.WrapConfigFile): the
		// OS's words after it.
		e("config %s: %v", "配置文件 %s：%v"),
		// A case, a claim, a viewer, an extension and a snooze refused
		// (tracker's refuse… formats): order numbers, a marketplace's name,
		// days, times and a setting's name are values.
		e("the claim was changed by someone else meanwhile: read it again", "索赔已被他人修改：请重新读取"),
		e("the case is closed: reopen it first", "工单已关闭：请先重新打开"),
		e("the case was changed by someone else meanwhile: reload it", "工单已被他人修改：请重新加载"),
		e("a case is already open for this parcel and kind", "此包裹的这类问题已有处理中的工单"),
		e("read only: the viewer role cannot change anything", "只读：查看者角色不能做任何修改"),
		e("cannot extend the buyer's protection", "无法延长买家保护期"),
		e("days %d: want %d to %d days more of buyer protection", "天数 %d：买家保护期应延长 %d 到 %d 天"),
		e("order: want the marketplace order number", "订单：应为平台订单号"),
		e("days %d: more than %s = %d allows (the marketplace's own cap is not published; raise the setting if you know it)",
			"天数 %d：超过 %s = %d 的上限（平台未公布自己的上限；如果你知道，可调高该设置）"),
		e("order %s: %v: it is not a marketplace's order (imported or typed in)", "订单 %s：%v：不是平台订单（导入或手动输入的）"),
		e("order %s: %v: %s has no way to extend it", "订单 %s：%v：%s 不支持延长"),
		e("order %s: %v: %s is not connected (README: Marketplaces)", "订单 %s：%v：%s 未关联（见 README：Marketplaces）"),
		e("snooze until %s: that is not after now (%s)", "暂缓至 %s：该时间不晚于现在（%s）"),
		e("snooze for %v: want a time ahead", "暂缓 %v：应为将来的时长"),
		e("case %d is already open for %s on this shipment: resume it", "此包裹已有处理中的%[2]s工单 %[1]d：请继续处理该工单"),
		// The case view's frames when the buyer's message cannot be made:
		// the facts' read failed, or the template did.
		e("message: %s", "消息：%s"),
		e("template: %s", "模板：%s"),
		// A status typed that is none of the statuses: the list as typed.
		e("status %q: want one of %v", "状态 %q：应为以下之一：%v"),
		// pflag's errors of a flag (ui/cli flagError): the flag and the value
		// as typed, strconv's words after them as it said them.
		e("unknown flag: --%s", "未知选项：--%s"),
		e("flag needs an argument: --%s", "选项需要一个值：--%s"),
		e("invalid argument %q for %q flag: %v", "选项 %[2]q 的值 %[1]q 无效：%[3]v"),
		e("unknown shorthand flag: %q in -%s", "未知短选项：-%[2]s 中的 %[1]q"),
		e("flag needs an argument: %q in -%s", "选项需要一个值：-%[2]s 中的 %[1]q"),
		e("severity %q: want low, medium, high or critical", "级别 %q：应为 low、medium、high 或 critical"),
		e("role %q: want viewer, agent or admin", "角色 %q：应为 viewer、agent 或 admin"),
		e("case filter %q: want open, due, mine, closed or all", "工单筛选 %q：应为 open、due、mine、closed 或 all"),
		e("bundle audience %q: want dispute, claim or buyer", "证据包用途 %q：应为 dispute、claim 或 buyer"),
		// A login or an SSH session refused or closed (ui/serve's why…
		// words), on the agent's terminal in the session's language: an
		// agent's name, a count and a time are values.
		e("the key may not log in", "此密钥不能登录"),
		e("this key may not log in", "此密钥不能登录"),
		e("this connection's key is no longer listed as it was: log in again", "此连接的密钥已不再按原样登记：请重新登录"),
		e("no terminal: connect with ssh -t", "没有终端：请用 ssh -t 连接"),
		e("waybill serves its screen only: connect without a command", "waybill 只提供界面：连接时不要带命令"),
		e("the server is stopping", "服务器正在停止"),
		e("all %d sessions are in use", "全部 %d 个会话都在使用中"),
		e("%s already has %d sessions open, the most one key may", "%s 已打开 %d 个会话，已达一个密钥的上限"),
		e("%s; try again later", "%s；请稍后再试"),
		e("%s already has %d connections open, the most one key may; close one and try again", "%s 已打开 %d 个连接，已达一个密钥的上限；请关闭一个后重试"),
		e("closed: %s", "已关闭：%s"),
		e("closed after %s without a key press", "%s 内无按键，已关闭"),
		e("the key is no longer listed", "此密钥已不再登记"),
		e("the key is now listed as %s · %s", "此密钥现登记为 %s · %s"),
	}
}
