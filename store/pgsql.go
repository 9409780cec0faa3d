package store

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// The store's SQL is written once, for SQLite, with ? (and ?N, :name)
// placeholders. On PostgreSQL each query text goes through pgRewrite once
// (the result is cached by text) on its way to pgx: placeholders become
// $N, and the few SQLite words PostgreSQL lacks become what it has. Where
// portable SQL would do, the store uses it instead; a rewrite here is for
// what SQLite's query plans need as it is (INDEXED BY, scalar min, FTS5,
// json_each) and so cannot change there.

// pgQuery is a query as PostgreSQL runs it.
type pgQuery struct {
	sql string
	// names are the :name placeholders in the order of their $N, so named
	// arguments can be put in that order.
	names []string
	// returning says an INSERT into a table with an id column had
	// RETURNING id added: its Exec reads the ids back to give
	// LastInsertId, which pgx does not have.
	returning bool
}

var pgQueries sync.Map // SQL text -> pgQuery

func pgRewrite(q string) pgQuery {
	if v, ok := pgQueries.Load(q); ok {
		return v.(pgQuery)
	}
	pq := rewritePG(q)
	pgQueries.Store(q, pq)
	return pq
}

// idTables are the tables whose rows have an id that INSERT gives back
// (SQLite's rowid, which LastInsertId reads).
var idTables = map[string]bool{
	"orders": true, "shipments": true, "events": true, "exceptions": true, "exception_log": true,
	"outbox": true, "cases": true, "case_log": true, "deadlines": true, "deadline_log": true,
	"claims": true, "claim_log": true,
}

var pgRewrites = []struct {
	re   *regexp.Regexp
	with string
}{
	// Index hints steer SQLite's planner; PostgreSQL's chooses by cost.
	{regexp.MustCompile(`\s(INDEXED BY \w+|NOT INDEXED)\b`), ""},
	// json_each(?) j lists ids (compared with id columns); a bare
	// json_each(?) lists order numbers or other texts.
	{regexp.MustCompile(`\bjson_each\((\$\d+)\) j\b`), "waybill_ids($1) j"},
	// json_each(?) r lists the rows of a set-based write, each a JSON
	// array (applywrites.go), whose values r.value ->> N reads.
	{regexp.MustCompile(`\bjson_each\((\$\d+)\) r\b`), "jsonb_array_elements($1::jsonb) r(value)"},
	{regexp.MustCompile(`\bjson_each\(`), "waybill_texts("},
	// A batch's parcels joined to their events with a carrier-reported
	// problem (ApplyUpdates' ruleViewSQL): PostgreSQL hashed every such
	// event in the store (its partial index events_problems read whole,
	// 70-450 ms a batch at 20k orders, growing with the store) rather than
	// look up the batch's few hundred parcels in it. A LATERAL subquery
	// that OFFSET 0 keeps from being flattened is looked up per parcel.
	{regexp.MustCompile(`\bCROSS JOIN events e ON e\.shipment_id = j\.value WHERE e\.exception != ''`),
		"JOIN LATERAL (SELECT * FROM events e WHERE e.shipment_id = j.value AND e.exception != '' OFFSET 0) e ON true"},
	// And to each one's newest event (the same query): the subquery
	// inside ON left PostgreSQL free to hash the whole events table, which
	// it did with a plan made while the table was small (a writer's
	// prepared statement keeps its generic plan until ANALYZE: 430-500 ms
	// a batch at 20k orders, auto_explain). A LIMIT subquery in LATERAL is
	// one index lookup per parcel whatever the statistics say.
	{regexp.MustCompile(`\bCROSS JOIN events e ON e\.id =\s*\(SELECT x\.id FROM events x WHERE x\.shipment_id = j\.value AND \(x\.time IS NULL OR x\.time <= (\$\d+)\) ORDER BY x\.time DESC, x\.id DESC LIMIT 1\)`),
		"JOIN LATERAL (SELECT * FROM events e WHERE e.shipment_id = j.value AND (e.time IS NULL OR e.time <= $1) ORDER BY e.time DESC, e.id DESC LIMIT 1) e ON true"},
	// The queue's rest (queueRestFrom): PostgreSQL hashed every parcel
	// of the store against every open exception (a Seq Scan of shipments,
	// and of cases by their coalesce), sorted the matches and kept the
	// first 200: 12,301 buffers and 60-120 ms at 20k orders, growing with
	// the store, on every screen's first frame. As LATERAL subqueries that
	// OFFSET 0 keeps from being flattened, each row is looked up by key as
	// exceptions_queue is walked in order, and the walk stops at LIMIT, as
	// SQLite's CROSS JOIN does: 2,057 buffers, whatever the store's size.
	{regexp.MustCompile(regexp.QuoteMeta(queueRestFrom)), pgQueueRestFrom},
	// SQLite's CROSS JOIN fixes the join order and may have ON;
	// PostgreSQL's may not.
	{regexp.MustCompile(`\bCROSS JOIN (\w+ \w+) ON\b`), "JOIN $1 ON"},
	// SQLite's two-argument min and max are NULL when either side is;
	// LEAST and GREATEST skip NULLs. waybill_min and _max are STRICT.
	{regexp.MustCompile(`\bmin\(([^(),]+),\s*([^(),]+)\)`), "waybill_min($1, $2)"},
	{regexp.MustCompile(`\bmax\(([^(),]+),\s*([^(),]+)\)`), "waybill_max($1, $2)"},
	{regexp.MustCompile(`(coalesce\(nullif\([\w.]+, ''\), [\w.]+\)|[\w.]+) = (\$\d+) COLLATE NOCASE`), "lower($1) = lower($2)"},
	// FTS5's MATCH: the table's rowid column, its tsvector doc (see
	// migrations/postgres); search.go writes the query as a tsquery there.
	{regexp.MustCompile(`\bshipments_fts MATCH (\$\d+)`), "shipments_fts.doc @@ to_tsquery('simple', unaccent($1))"},
	// The queue's urgent part (openExceptionsQuery) groups by exception
	// and reads the other tables' columns bare, and the kind of the
	// soonest deadline beside min(due_at): SQLite takes the bare columns
	// from the row of the min. PostgreSQL wants the joined rows' keys in
	// GROUP BY (one row each per exception) and the kind asked for.
	{regexp.MustCompile(`, min\(d\.due_at\), d\.kind FROM`), ", min(d.due_at), (array_agg(d.kind ORDER BY d.due_at, d.id))[1] FROM"},
	{regexp.MustCompile(`GROUP BY x\.id ORDER BY min\(d\.due_at\)`), "GROUP BY x.id, s.id, o.id, c.id ORDER BY min(d.due_at)"},
	// SQLite reads a negative LIMIT as none; PostgreSQL refuses it, and
	// reads NULL as none.
	{regexp.MustCompile(`\bLIMIT (\$\d+)`), "LIMIT (CASE WHEN $1::bigint < 0 THEN NULL ELSE $1::bigint END)"},
}

// pgQueueRestFrom is queueRestFrom as PostgreSQL reads it in order.
const pgQueueRestFrom = ` FROM exceptions x
	JOIN LATERAL (SELECT * FROM shipments s WHERE s.id = x.shipment_id OFFSET 0) s ON true
	JOIN LATERAL (SELECT * FROM orders o WHERE o.id = s.order_id OFFSET 0) o ON true
	LEFT JOIN LATERAL (SELECT * FROM cases c WHERE c.id = ` + caseOfException + ` OFFSET 0) c ON true`

var insertInto = regexp.MustCompile(`^\s*INSERT INTO (\w+)`)

// pgWalksList finds a list page that walks the list in order because its
// filter matches many parcels (listQuery's dense read, which tells SQLite
// so with INDEXED BY); pgFTSIn is the filter's words there.
var (
	pgWalksList = regexp.MustCompile(`\bFROM shipments s INDEXED BY shipments_(status_)?list\b`)
	pgFTSIn     = regexp.MustCompile(`\bs\.id IN \(SELECT rowid FROM shipments_fts WHERE shipments_fts MATCH (\$\d+)\)`)
)

// pgFTSRow is pgFTSIn asked of one parcel's own row. PostgreSQL guesses
// that a prefix (lp:*) matches a few parcels whatever it matches (its
// statistics hold whole words; tracking numbers are each unique): it read
// every match from the GIN index and sorted them, 1.1-1.5 s for a page
// of a word found on 42,000 of 103,000 parcels (EXPLAIN ANALYZE, load
// 14). Asked of each row as the list index is walked, the page stops
// after its rows: 19-37 ms. Since migration 0032 a filter with words is
// read in windows of the list instead (pgwords.go); this walk is left for
// one the windows decline (statuses it must be in hold few parcels) that
// still counts more than sparseMatches matches.
const pgFTSRow = `(SELECT f.doc FROM shipments_fts f WHERE f.rowid = s.id) @@ to_tsquery('simple', unaccent($1))`

func rewritePG(q string) pgQuery {
	var pq pgQuery
	q, pq.names = pgPlaceholders(q)
	if pgWalksList.MatchString(q) {
		q = pgFTSIn.ReplaceAllString(q, pgFTSRow)
	}
	for _, r := range pgRewrites {
		q = r.re.ReplaceAllString(q, r.with)
	}
	q = pgAliasSubqueries(q)
	q = pgGroupConcat(q)
	q = pgNullsOrder(q)
	if m := insertInto.FindStringSubmatch(q); m != nil && idTables[m[1]] && !strings.Contains(q, "RETURNING") {
		q = strings.TrimRight(q, "; \t\n") + " RETURNING id"
		pq.returning = true
	}
	pq.sql = q
	return pq
}

// pgPlaceholders turns ?, ?N and :name outside quotes and comments into
// $N. Bare ? are numbered in order; each :name gets a number the first
// time it appears, and names lists them in that order.
func pgPlaceholders(q string) (string, []string) {
	var b strings.Builder
	var names []string
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				b.WriteString(q[i:])
				return b.String(), names
			}
			b.WriteString(q[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i+1 {
				b.WriteString("$" + q[i+1:j])
				i = j - 1
				continue
			}
			n++
			b.WriteString("$" + strconv.Itoa(n))
		case c == ':' && i+1 < len(q) && isWordStart(q[i+1]) && (i == 0 || q[i-1] != ':'):
			j := i + 1
			for j < len(q) && (isWordStart(q[j]) || q[j] >= '0' && q[j] <= '9') {
				j++
			}
			name := q[i+1 : j]
			k := -1
			for x, have := range names {
				if have == name {
					k = x
				}
			}
			if k < 0 {
				names = append(names, name)
				k = len(names) - 1
			}
			b.WriteString("$" + strconv.Itoa(k+1))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), names
}

func isWordStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

var (
	fromSubquery = regexp.MustCompile(`\b(FROM|JOIN)\s*\(\s*(SELECT|WITH)\b`)
	nextWord     = regexp.MustCompile(`^\s*([A-Za-z_]\w*)`)
	notAliases   = map[string]bool{"WHERE": true, "ORDER": true, "GROUP": true, "LIMIT": true, "JOIN": true, "ON": true,
		"UNION": true, "LEFT": true, "CROSS": true, "INNER": true, "EXCEPT": true, "INTERSECT": true, "HAVING": true,
		"WINDOW": true, "OFFSET": true, "RETURNING": true}
)

// pgAliasSubqueries names each subquery in FROM or JOIN that has no name:
// SQLite lets it go without one, PostgreSQL before 16 does not.
func pgAliasSubqueries(q string) string {
	var b strings.Builder
	n, last := 0, 0
	for _, m := range fromSubquery.FindAllStringIndex(q, -1) {
		open := strings.IndexByte(q[m[0]:m[1]], '(') + m[0]
		depth, end := 0, -1
		for i := open; i < len(q) && end < 0; i++ {
			switch q[i] {
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					end = i
				}
			}
		}
		if end < 0 || end < last {
			continue
		}
		if w := nextWord.FindStringSubmatch(q[end+1:]); w != nil && !notAliases[strings.ToUpper(w[1])] {
			continue // named already (AS x, or x)
		}
		n++
		b.WriteString(q[last : end+1])
		b.WriteString(" AS _sub" + strconv.Itoa(n))
		last = end + 1
	}
	b.WriteString(q[last:])
	return b.String()
}

var (
	orderBy  = regexp.MustCompile(`\bORDER BY\s`)
	orderEnd = regexp.MustCompile(`^\s*(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|RETURNING|FOR|;)\b`)
)

// pgNullsOrder writes SQLite's order of NULLs into every ORDER BY: SQLite
// sorts NULL before every value (first ascending, last descending),
// PostgreSQL after. The store relies on it (an event without a time is
// the oldest). The PostgreSQL indexes are made with the same order of
// NULLs (migrations/postgres), so an ORDER BY can still walk them.
func pgNullsOrder(q string) string {
	var b strings.Builder
	last := 0
	for _, m := range orderBy.FindAllStringIndex(q, -1) {
		if m[0] < last {
			continue
		}
		b.WriteString(q[last:m[1]])
		i, depth, start := m[1], 0, m[1]
		item := func(end int) {
			it := q[start:end]
			t := strings.TrimRight(it, " \t\n")
			switch up := strings.ToUpper(t); {
			case strings.Contains(up, "NULLS"):
			case strings.HasSuffix(up, " DESC"):
				t += " NULLS LAST"
			default:
				t += " NULLS FIRST"
			}
			b.WriteString(t + it[len(strings.TrimRight(it, " \t\n")):])
		}
		for ; i < len(q); i++ {
			c := q[i]
			if c == '(' {
				depth++
			} else if c == ')' {
				if depth == 0 {
					break
				}
				depth--
			} else if c == ',' && depth == 0 {
				item(i)
				b.WriteByte(',')
				start = i + 1
			} else if depth == 0 && (c == ' ' || c == '\n' || c == '\t') && orderEnd.MatchString(q[i:]) {
				break
			}
		}
		item(i)
		last = i
	}
	b.WriteString(q[last:])
	return b.String()
}

// pgGroupConcat turns SQLite's group_concat(x) and group_concat(x, sep)
// into string_agg, whose separator is not optional.
func pgGroupConcat(q string) string {
	const word = "group_concat("
	for {
		i := strings.Index(q, word)
		if i < 0 {
			return q
		}
		open := i + len(word) - 1
		depth, comma, end := 0, -1, -1
		for j := open; j < len(q) && end < 0; j++ {
			switch q[j] {
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					end = j
				}
			case ',':
				if depth == 1 {
					comma = j
				}
			}
		}
		if end < 0 {
			return q
		}
		args := q[open+1:end] + ", ','"
		if comma >= 0 {
			args = q[open+1 : end]
		}
		q = q[:i] + "string_agg(" + args + ")" + q[end+1:]
	}
}
