package i18n

// pgbenchMessages are `waybill bench --db postgres://…`'s refusals.
func pgbenchMessages() []msg {
	return []msg{
		e("--db %s with --scales or --keep: a sitting of several stores is for SQLite files; on PostgreSQL measure one size per empty database with --orders",
			"--db %s 不能与 --scales 或 --keep 同用：一次测量多个存储只适用于 SQLite 文件；在 PostgreSQL 上请用 --orders 每个空数据库测量一种规模"),
		e("--db %s: this build cannot bench on PostgreSQL", "--db %s：此版本无法在 PostgreSQL 上运行 bench"),
		e("--db %s: database %s is not empty (%d tables: %s%s); bench builds a new store in an empty database and will not touch one",
			"--db %s：数据库 %s 不是空的（%d 个表：%s%s）；bench 只在空数据库中新建存储，不会动已有的存储"),
	}
}
