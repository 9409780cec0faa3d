package i18n

// migrateMessages are `waybill migrate --to` (ui/cli/migrate.go): its
// usage errors, progress, table and verdict. Table names and URLs are
// arguments.
func migrateMessages() []msg {
	return []msg{
		e("--to is required: the PostgreSQL database to copy the store into (postgres://…)", "必须给出 --to：要把存储复制到的 PostgreSQL 数据库(postgres://…)"),
		e("--to %q is not a PostgreSQL URL (postgres://user@host/database)", "--to %q 不是 PostgreSQL 地址(postgres://用户@主机/数据库)"),
		e("rows copied to %s", "已复制到 %s 的行"),
		e("TABLE\tSQLITE ROWS\tPOSTGRESQL ROWS\tSHA-256 (SQLITE / POSTGRESQL)\t", "表\tSQLITE 行数\tPOSTGRESQL 行数\tSHA-256(SQLITE / POSTGRESQL)\t"),
		id("migrate:equal", "equal", "一致"),
		id("migrate:DIFFERS", "DIFFERS", "不一致"),
		e("(rebuilt by PostgreSQL)", "(由 PostgreSQL 重建)"),
		e("every table is equal: the store is copied to %s; set [store] url to it", "所有表均一致：存储已复制到 %s；请把 [store] url 设为它"),
		e("a table differs: nothing was kept in %s", "有表不一致：%s 中未保留任何内容"),
	}
}
