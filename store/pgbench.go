package store

import (
	"context"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"

	"waybill/tracker"
)

// What `waybill bench --db postgres://…` needs of a PostgreSQL database
// besides the store: that it is empty, PostgreSQL's own COPY as the
// yardstick of ingest, and a second store beside the first for the
// refresher's measure.

// PGTables lists the tables in the schemas of the database at u that are
// not PostgreSQL's own: none means the database is empty.
func PGTables(ctx context.Context, u string) ([]string, error) {
	c, err := pgConnect(ctx, u)
	if err != nil {
		return nil, err
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT table_schema || '.' || table_name FROM information_schema.tables
		WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\_%'
		ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("list tables of %s: %w", Redact(u), pgClassify(err))
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list tables of %s: %w", Redact(u), pgClassify(err))
	}
	return names, nil
}

// PGSibling makes the schema name in the database at u, replacing any,
// and returns the URL of a store in it (u with search_path=name), and a
// func that drops the schema. The bench's refresher measures a store of
// its own; on PostgreSQL that is a schema beside the one measured, since
// its user may not be allowed CREATE DATABASE.
func PGSibling(ctx context.Context, u, name string) (string, func(context.Context) error, error) {
	p, err := url.Parse(u)
	if err != nil {
		return "", nil, fmt.Errorf("store URL %s: %w", Redact(u), err)
	}
	q := p.Query()
	q.Set("search_path", name)
	p.RawQuery = q.Encode()
	schema := pgx.Identifier{name}.Sanitize()
	exec := func(ctx context.Context, sql string) error {
		c, err := pgConnect(ctx, u)
		if err != nil {
			return err
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, sql); err != nil {
			return fmt.Errorf("%s on %s: %w", sql, Redact(u), pgClassify(err))
		}
		return nil
	}
	// The store's migrations CREATE EXTENSION unaccent IF NOT EXISTS: it
	// exists, in the measured store's schema, which the sibling's
	// search_path leaves out (else the sibling would find that store's
	// schema_version and tables). A function of the sibling's own calls it.
	if err := exec(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema+`;
		DO $$ DECLARE ext text; BEGIN
			SELECT quote_ident(extnamespace::regnamespace::text) INTO ext FROM pg_extension WHERE extname = 'unaccent';
			IF ext IS NOT NULL THEN
				EXECUTE 'CREATE FUNCTION `+schema+`.unaccent(text) RETURNS text LANGUAGE sql STABLE STRICT AS '
					|| quote_literal('SELECT ' || ext || '.unaccent($1)');
			END IF;
		END $$`); err != nil {
		return "", nil, err
	}
	return p.String(), func(ctx context.Context) error { return exec(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`) }, nil
}

// PGPlain is the yardstick of ingest on PostgreSQL: PostgreSQL's own COPY
// (pgx CopyFrom) of the same event rows into a table with no key, no
// index and no rules, one transaction per call. The table is dropped on
// Close.
type PGPlain struct {
	c     *pgx.Conn
	table pgx.Identifier
}

// OpenPGPlain creates the table name in the database at u, replacing any.
func OpenPGPlain(ctx context.Context, u, name string) (*PGPlain, error) {
	c, err := pgConnect(ctx, u)
	if err != nil {
		return nil, err
	}
	p := &PGPlain{c: c, table: pgx.Identifier{name}}
	// The columns of the store's events table, as store/plain.go's.
	if _, err := c.Exec(ctx, `DROP TABLE IF EXISTS `+p.table.Sanitize()+`;
		CREATE TABLE `+p.table.Sanitize()+` (shipment_id bigint NOT NULL, time bigint,
		status text NOT NULL, raw_status text NOT NULL, location text NOT NULL, description text NOT NULL,
		exception text NOT NULL, key bytea NOT NULL)`); err != nil {
		c.Close(ctx)
		return nil, fmt.Errorf("plain insert table %s on %s: %w", name, Redact(u), pgClassify(err))
	}
	return p, nil
}

var plainColumns = []string{"shipment_id", "time", "status", "raw_status", "location", "description", "exception", "key"}

// Insert copies every event of updates, repeats and all, in one
// transaction, and returns how many rows it wrote.
func (p *PGPlain) Insert(ctx context.Context, updates []tracker.Update) (int, error) {
	var rows [][]any
	for _, u := range updates {
		for _, e := range u.Events {
			rows = append(rows, eventArgs(u.ShipmentID, e, eventKey(e)))
		}
	}
	tx, err := p.c.Begin(ctx)
	if err != nil {
		return 0, pgClassify(err)
	}
	defer tx.Rollback(ctx)
	n, err := tx.CopyFrom(ctx, p.table, plainColumns, pgx.CopyFromRows(rows))
	if err != nil {
		return int(n), fmt.Errorf("plain insert: copy into %s: %w", p.table.Sanitize(), pgClassify(err))
	}
	return int(n), pgClassify(tx.Commit(ctx))
}

// Close drops the table and closes the connection.
func (p *PGPlain) Close() error {
	ctx := context.Background()
	_, err := p.c.Exec(ctx, `DROP TABLE IF EXISTS `+p.table.Sanitize())
	if cerr := p.c.Close(ctx); err == nil {
		err = cerr
	}
	return pgClassify(err)
}

// pgConnect opens one connection to the database at u.
func pgConnect(ctx context.Context, u string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		return nil, fmt.Errorf("store URL %s: %w", Redact(u), tracker.Wrapf(tracker.StoreBadPGURL))
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(u), pgClassify(err))
	}
	return c, nil
}
