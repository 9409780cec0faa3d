package i18n

// zhbenchMessages are `waybill bench`'s human output (ui/cli/bench): its
// tables' heads (NOTE, yes and no are the other tables'), each line's
// note and the progress lines on stderr. Measure names (first_frame …),
// units, figures and the budgets' ≤ and ≥ stay as they are: they are what
// --json, DESIGN §8 and README's Performance section name.
func zhbenchMessages() []msg {
	return []msg{
		// The tables' heads; P99 is P99 in both.
		e("MEASURE", "测量项"),
		e("MEDIAN", "中位数"),
		e("UNIT", "单位"),
		e("BUDGET", "预算"),
		e("OK", "达标"),
		e("GROWTH", "增长"),
		e("FLAT", "持平"),

		// The notes: what each line measured.
		e("%d events, all new, in batches of 40 parcels through the refresher's writer: batches that queue commit together, up to %d parcels",
			"%d 条轨迹事件，全部为新事件，经自动刷新的写入器每批 40 个包裹写入：排队的批次合并提交，最多 %d 个包裹"),
		e("the same histories polled again: every event a repeat, dropped by dedupe",
			"再次查询同样的轨迹：每条事件都是重复的，被去重丢弃"),
		e("the same rows into a table with no key or index, %d parcels a transaction, this run (on PostgreSQL: its own COPY)",
			"同样的行写入无主键、无索引的表，每个事务 %d 个包裹，本次运行测得（PostgreSQL 上用其自带的 COPY）"),
		e("sent to the disk for each new event: the WAL and its checkpoints (write_bytes of /proc/self/io)",
			"每条新事件写入磁盘的字节：WAL 及其检查点（/proc/self/io 的 write_bytes）"),
		e("sent to the disk for each row of the plain insert",
			"无索引表每插入一行写入磁盘的字节"),
		e("open the store, read and render the first complete 160×45 screen (the timeline's ETA fills in after it), the ETA model saved by a process within 10 min (5 runs; p99 is the worst)",
			"打开存储，读取并渲染第一个完整的 160×45 界面（时间线的预计送达随后填入），预计送达模型由某进程在 10 分钟内保存过（5 次；p99 为最慢一次）"),
		e("the same with no saved ETA model, which is built from every delivered parcel after the frame (5 runs)",
			"同上，但没有已保存的预计送达模型，首帧后由全部已签收包裹建立（5 次）"),
		e("from opening until the timeline's ETA, built from every delivered parcel, is on screen too (the cold runs)",
			"从打开到时间线的预计送达（由全部已签收包裹建立）也显示在界面上（冷启动的几次）"),
		e("Update+View of %d keys: j k PgDn PgUp g G; reads run after, untimed",
			"%d 次按键的 Update+View：j k PgDn PgUp g G；之后的读取不计时"),
		e("%d keystrokes typing names, numbers, countries, statuses: until the count (up to 10,000, then 10000+) and the narrowed page are on screen",
			"输入姓名、单号、国家、状态共 %d 次按键：直到计数（最多 10,000，超过显示 10000+）和筛选后的页面显示在界面上"),
		e("the exact count of each prefix typed, which the screen reads once typing pauses for 300 ms",
			"每个已输入前缀的精确计数，输入停顿 300 毫秒后界面才读取"),
		e("peak RSS (VmHWM) of a process that opens the store, renders, moves and filters",
			"打开存储、渲染、移动和筛选的进程的峰值 RSS（VmHWM）"),
		e("%d sessions dialled at once: from each dial until its orders rows are on the client's screen (p99 is the worst; seen every 20 ms)",
			"同时连接 %d 个会话：从每次连接到其订单行显示在客户端界面上（p99 为最慢一次；每 20 毫秒查看一次）"),
		e("parcels of 5,000 orders, 50 calls/s of 40 numbers; %d calls over a limit",
			"5,000 个订单的包裹，每秒 50 次调用，每次 40 个单号；%d 次调用超出限额"),
		e("20 sessions at once: a key typed until its frame is on the client's screen",
			"同时 20 个会话：从按下一个键到其画面显示在客户端界面上"),
		e("CPU of the server and its 20 idle sessions over %g s, %% of one core",
			"服务端及其 20 个空闲会话在 %g 秒内的 CPU，占一个核心的 %%"),

		// The progress lines on stderr, after "bench: ".
		e("building a store of %d demo orders at %s", "正在建立含 %d 个演示订单的存储：%s"),
		e("built: %d shipments, %d events in %v", "已建好：%d 个包裹，%d 条轨迹事件，用时 %v"),
		e("first frame", "首帧"),
		e("navigation keys", "导航按键"),
		e("filter keystrokes", "筛选输入"),
		e("resident memory of a TUI on the store", "在此存储上运行界面的常驻内存"),
		e("%d SSH sessions opening at once", "%d 个 SSH 会话同时打开"),
		e("refresher against a rate-limited service", "自动刷新对接限速的服务"),
		e("20 SSH sessions", "20 个 SSH 会话"),
		e("measuring the store at %s", "正在测量存储：%s"),
		e("building a store at %s", "正在建立存储：%s"),
		e("%d orders (%d of %d), %v: %s", "%d 个订单（第 %d 个，共 %d 个），%v：%s"),
	}
}
