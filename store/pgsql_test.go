package store

import (
	"strings"
	"testing"
)

// The rewrite of the store's SQLite SQL for PostgreSQL, one case per rule.
func TestPGRewrite(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"placeholders in order, not in quotes", `SELECT ? FROM t WHERE a = '?' AND b = ?`, `SELECT $1 FROM t WHERE a = '?' AND b = $2`},
		{"numbered placeholders", `SELECT ?1, ?2, ?1`, `SELECT $1, $2, $1`},
		{"named placeholders", `UPDATE t SET a = :until WHERE b = :now AND c <= :now`, `UPDATE t SET a = $1 WHERE b = $2 AND c <= $2`},
		{"casts are not names", `SELECT a::bigint FROM t`, `SELECT a::bigint FROM t`},
		{"index hints go", `SELECT id FROM shipments s INDEXED BY shipments_list WHERE 1 = 1`, `SELECT id FROM shipments s WHERE 1 = 1`},
		{"scalar min stays NULL with a NULL", `SET f = coalesce(min(f, ?), ?)`, `SET f = coalesce(waybill_min(f, $1), $2)`},
		{"aggregate min stays", `SELECT min(d.due_at) FROM d`, `SELECT min(d.due_at) FROM d`},
		{"json_each of ids", `SELECT 1 FROM json_each(?) j JOIN s ON s.id = j.value`, `SELECT 1 FROM waybill_ids($1) j JOIN s ON s.id = j.value`},
		{"json_each of texts", `WHERE o IN (SELECT value FROM json_each(?))`, `WHERE o IN (SELECT value FROM waybill_texts($1))`},
		{"subqueries get a name", `SELECT count(*) FROM (SELECT 1 FROM t LIMIT 1)`, `SELECT count(*) FROM (SELECT 1 FROM t LIMIT 1) AS _sub1`},
		{"a named subquery keeps its name", `SELECT n FROM (SELECT 1 AS n) x`, `SELECT n FROM (SELECT 1 AS n) x`},
		{"NULLs sort as in SQLite", `SELECT 1 FROM e ORDER BY e.time DESC, e.id LIMIT ?`,
			`SELECT 1 FROM e ORDER BY e.time DESC NULLS LAST, e.id NULLS FIRST LIMIT (CASE WHEN $1::bigint < 0 THEN NULL ELSE $1::bigint END)`},
		{"LastInsertId from RETURNING", `INSERT INTO cases (a) VALUES (?)`, `INSERT INTO cases (a) VALUES ($1) RETURNING id`},
		{"tables without ids return nothing", `INSERT INTO meta (key, value) VALUES (?, ?)`, `INSERT INTO meta (key, value) VALUES ($1, $2)`},
		{"group_concat", `SELECT group_concat(x.kind), group_concat(a || coalesce(b, ''), ';') FROM x`,
			`SELECT string_agg(x.kind, ','), string_agg(a || coalesce(b, ''), ';') FROM x`},
		{"problem events looked up per parcel", `SELECT e.id FROM json_each(?1) j CROSS JOIN events e ON e.shipment_id = j.value WHERE e.exception != ''`,
			`SELECT e.id FROM waybill_ids($1) j JOIN LATERAL (SELECT * FROM events e WHERE e.shipment_id = j.value AND e.exception != '' OFFSET 0) e ON true`},
		{"newest event looked up per parcel", `SELECT e.id FROM json_each(?1) j CROSS JOIN events e ON e.id =
		(SELECT x.id FROM events x WHERE x.shipment_id = j.value AND (x.time IS NULL OR x.time <= ?2) ORDER BY x.time DESC, x.id DESC LIMIT 1)`,
			`SELECT e.id FROM waybill_ids($1) j JOIN LATERAL (SELECT * FROM events e WHERE e.shipment_id = j.value AND (e.time IS NULL OR e.time <= $2) ORDER BY e.time DESC NULLS LAST, e.id DESC NULLS LAST LIMIT 1) e ON true`},
		{"no case", `x.owner = ? COLLATE NOCASE`, `lower(x.owner) = lower($1)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := rewritePG(tc.in).sql; got != tc.want {
				t.Errorf("rewritePG(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// Ingest's read of what the rules look at is one index lookup per parcel
// on PostgreSQL, both halves (see the LATERAL rewrites): joined as
// SQLite's text has it, PostgreSQL hashed every problem event, or the
// whole events table, of the store at every batch.
func TestPGRuleViewLooksUpPerParcel(t *testing.T) {
	got := rewritePG(ruleViewSQL).sql
	if n := strings.Count(got, "JOIN LATERAL ("); n != 2 {
		t.Errorf("ruleViewSQL on PostgreSQL has %d LATERAL lookups, want 2:\n%s", n, got)
	}
}
