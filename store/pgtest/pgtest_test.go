package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) {
	os.Exit(Main(m, func(ctx context.Context, url string) error {
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			return err
		}
		defer c.Close(ctx)
		_, err = c.Exec(ctx, `CREATE TABLE t (n int); INSERT INTO t VALUES (1)`)
		return err
	}))
}

// Each URL is a database of its own, copied from the prepared template:
// what one test writes another never sees.
func TestURLGivesFreshDatabasesFromTheTemplate(t *testing.T) {
	ctx := context.Background()
	for _, step := range []string{"first", "second"} {
		c, err := pgx.Connect(ctx, URL(t))
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := c.QueryRow(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%s database: %d rows of the template's 1 (%v)", step, n, err)
		}
		if _, err := c.Exec(ctx, `INSERT INTO t VALUES (2)`); err != nil {
			t.Fatal(err)
		}
		c.Close(ctx)
	}
}

// A copy holds what its source held when copied, and the two part ways
// after: what one test writes to the copy its source never sees.
func TestCopyIsADatabaseOfItsOwn(t *testing.T) {
	ctx := context.Background()
	src := URL(t)
	c, err := pgx.Connect(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, `INSERT INTO t VALUES (2)`); err != nil {
		t.Fatal(err)
	}
	c.Close(ctx)
	cp := Copy(t, src)
	if cp == src {
		t.Fatalf("Copy gave its source's URL %s", cp)
	}
	c, err = pgx.Connect(ctx, cp)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("copy has %d rows of its source's 2 (%v)", n, err)
	}
	if _, err := c.Exec(ctx, `INSERT INTO t VALUES (3)`); err != nil {
		t.Fatal(err)
	}
	s, err := pgx.Connect(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if err := s.QueryRow(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("source has %d rows after a write to its copy, want 2 (%v)", n, err)
	}
}
