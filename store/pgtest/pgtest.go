// Package pgtest gives tests a throwaway PostgreSQL database.
//
// A test binary that wants one calls Main from its TestMain and URL from a
// test. The first URL starts a cluster of its own (initdb into a temporary
// folder, listening only on a unix socket in that folder, fsync off) and
// prepares a template database once (the caller's prepare: the store's
// migrations); each URL after that is a fresh database copied from the
// template, which takes milliseconds rather than a migration run. Main stops
// the cluster and removes its folder when the tests end.
//
// WAYBILL_TEST_PG=postgres://… uses that server instead of starting one
// (its user must be allowed CREATE DATABASE). Without PostgreSQL on the
// machine URL skips the test, saying how to install it, unless
// WAYBILL_REQUIRE_PG=1, which makes it fail: CI sets that, so the
// PostgreSQL half of the suite cannot silently not run.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Prepare brings the template database at url to the state every test's
// database starts from (for the store: its migrations applied).
type Prepare func(ctx context.Context, url string) error

var (
	once     sync.Once
	srv      *server
	startErr error // why there is no server; errNoPG when PostgreSQL is not installed
	prepare  Prepare
	seq      atomic.Int64
)

var errNoPG = errors.New("PostgreSQL is not installed (apt-get install postgresql, or set WAYBILL_TEST_PG=postgres://… to use a running server)")

const template = "waybill_template"

type server struct {
	admin string // URL of a database to run CREATE/DROP DATABASE from
	dir   string // the cluster's folder when we started it; "" for WAYBILL_TEST_PG
	bin   string
	asPG  bool // run pg_ctl as the postgres user (we are root)
	pfx   string
	// strategy is how CREATE DATABASE copies the template: FILE_COPY on a
	// cluster of our own (fsync off) is several times faster than
	// PostgreSQL 15's default of writing every page to the WAL.
	strategy string

	ready   chan made   // databases made ahead (makeAhead)
	drop    chan string // databases tests are done with (dropDone)
	dropped chan struct{}
	cancel  context.CancelFunc
}

// Main runs the tests with prep as the template's preparation and stops
// the cluster, if one was started, when they end. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, prep)) }
func Main(m *testing.M, prep Prepare) int {
	prepare = prep
	code := m.Run()
	if srv != nil {
		if err := srv.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	return code
}

// Required reports whether WAYBILL_REQUIRE_PG asks for PostgreSQL tests to
// fail rather than skip when there is no PostgreSQL.
func Required() bool { return os.Getenv("WAYBILL_REQUIRE_PG") == "1" }

// URL returns the URL of a new database for t, made from the template, and
// drops it when t ends.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() { srv, startErr = start() })
	if startErr != nil {
		if errors.Is(startErr, errNoPG) && !Required() {
			t.Skip(startErr)
		}
		t.Fatalf("start PostgreSQL for tests: %v", startErr)
	}
	made := <-srv.ready
	if made.err != nil {
		t.Fatalf("create test database %s: %v", made.name, made.err)
	}
	t.Cleanup(func() { srv.drop <- made.name })
	return withDB(srv.admin, made.name)
}

// Copy returns the URL of a new database for t that is a copy of the
// database at from (one URL gave): for a test that prepares a store once
// and acts on several copies of it, as it would copy an SQLite file.
// Nothing may be connected to from while it is copied. The copy is
// dropped when t ends.
func Copy(t testing.TB, from string) string {
	t.Helper()
	if srv == nil {
		t.Fatalf("pgtest.Copy(%s): no test database was made to copy (call URL first)", from)
	}
	p, err := url.Parse(from)
	if err != nil {
		t.Fatalf("pgtest.Copy: %v", err)
	}
	src := strings.TrimPrefix(p.Path, "/")
	name := fmt.Sprintf("%s_t%d", srv.pfx, seq.Add(1))
	if err := srv.exec(context.Background(), `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()+` TEMPLATE `+pgx.Identifier{src}.Sanitize()+srv.strategy); err != nil {
		t.Fatalf("copy test database %s to %s: %v", src, name, err)
	}
	t.Cleanup(func() { srv.drop <- name })
	return withDB(srv.admin, name)
}

// made is a database made ahead for the next test, or why it was not.
type made struct {
	name string
	err  error
}

// makeAhead keeps a few databases made ahead of the tests that will ask
// for them, and drops the ones tests are done with, so a test waits for
// neither (making one copies the template and checkpoints: about 0.2 s).
func (s *server) makeAhead(ctx context.Context) {
	for {
		name := fmt.Sprintf("%s_t%d", s.pfx, seq.Add(1))
		err := s.exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()+` TEMPLATE `+pgx.Identifier{s.pfx + "_" + template}.Sanitize()+s.strategy)
		select {
		case s.ready <- made{name, err}:
		case <-ctx.Done():
			return
		}
	}
}

func (s *server) dropDone() {
	defer close(s.dropped)
	for name := range s.drop {
		if err := s.exec(context.Background(), `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: drop test database %s: %v\n", name, err)
		}
	}
}

// Standalone returns the URL of an empty database on a cluster of t's
// own (or on WAYBILL_TEST_PG's server), gone when t ends: for a test
// binary without pgtest.Main, such as the end-to-end tests of the
// command, which hand the URL to the program. It skips or fails as URL
// does without PostgreSQL.
func Standalone(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	s := &server{pfx: fmt.Sprintf("waybill%d_s%d", os.Getpid(), seq.Add(1))}
	var err error
	if u := os.Getenv("WAYBILL_TEST_PG"); u != "" {
		s.admin = u
	} else {
		err = s.initCluster(ctx)
	}
	if err != nil {
		if errors.Is(err, errNoPG) && !Required() {
			t.Skip(err)
		}
		t.Fatalf("start PostgreSQL for tests: %v", err)
	}
	// stop drops the template by this name on a server we did not start.
	name := s.pfx + "_" + template
	if err := s.exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		s.stop()
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Errorf("stop PostgreSQL: %v", err)
		}
	})
	return withDB(s.admin, name)
}

// withDB is u with its database replaced by name.
func withDB(u, name string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.Path = "/" + name
	return p.String()
}

func start() (*server, error) {
	ctx := context.Background()
	s := &server{pfx: "waybill" + strconv.Itoa(os.Getpid())}
	if u := os.Getenv("WAYBILL_TEST_PG"); u != "" {
		s.admin = u
	} else if err := s.initCluster(ctx); err != nil {
		return nil, err
	} else {
		s.strategy = " STRATEGY FILE_COPY"
	}
	tpl := s.pfx + "_" + template
	if err := s.exec(ctx, `CREATE DATABASE `+pgx.Identifier{tpl}.Sanitize()); err != nil {
		s.stop()
		return nil, fmt.Errorf("create template database %s: %w", tpl, err)
	}
	if prepare != nil {
		if err := prepare(ctx, withDB(s.admin, tpl)); err != nil {
			s.stop()
			return nil, fmt.Errorf("prepare template database %s: %w", tpl, err)
		}
	}
	s.ready, s.drop, s.dropped = make(chan made, 1), make(chan string, 64), make(chan struct{})
	ctx, s.cancel = context.WithCancel(ctx)
	go s.makeAhead(ctx)
	go s.dropDone()
	return s, nil
}

// findBin finds the folder of initdb and pg_ctl: PATH first, else the
// newest of Debian's /usr/lib/postgresql/*/bin.
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	best, bestV := "", -1
	for _, d := range dirs {
		v, err := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		if err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil && v > bestV {
			best, bestV = d, v
		}
	}
	if best == "" {
		return "", errNoPG
	}
	return best, nil
}

// initCluster makes and starts a cluster in a new temporary folder.
// PostgreSQL refuses to run as root, so as root the folder belongs to the
// postgres user and initdb and pg_ctl run as that user.
func (s *server) initCluster(ctx context.Context) error {
	bin, err := findBin()
	if err != nil {
		return err
	}
	s.bin = bin
	dir, err := os.MkdirTemp("", "waybill-pg-")
	if err != nil {
		return err
	}
	s.dir = dir
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		return err
	}
	if os.Geteuid() == 0 {
		s.asPG = true
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root, and there is no postgres user to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, p := range []string{dir, data} {
			if err := os.Chown(p, uid, gid); err != nil {
				return fmt.Errorf("give %s to the postgres user: %w", p, err)
			}
		}
	}
	if out, err := s.run(ctx, "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("initdb %s: %w\n%s", data, err, out)
	}
	// Only a unix socket in our own folder: nothing else on the machine can
	// reach it, and two test binaries never fight over a port.
	opts := "-c listen_addresses='' -c unix_socket_directories=" + dir +
		" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
	if out, err := s.run(ctx, "pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return fmt.Errorf("pg_ctl start: %w\n%s\n%s", err, out, log)
	}
	s.admin = (&url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres",
		RawQuery: url.Values{"host": {dir}, "sslmode": {"disable"}}.Encode()}).String()
	return nil
}

// run runs a PostgreSQL program, as the postgres user when we are root.
func (s *server) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	path := filepath.Join(s.bin, prog)
	var cmd *exec.Cmd
	if s.asPG {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, path, args...)
	}
	cmd.Dir = os.TempDir() // postgres may not be allowed into our working folder
	return cmd.CombinedOutput()
}

func (s *server) exec(ctx context.Context, sql string) error {
	c, err := pgx.Connect(ctx, s.admin)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}

// stop drops the template (on a server we did not start) or stops our
// cluster and removes its folder.
func (s *server) stop() error {
	ctx := context.Background()
	if s.cancel != nil {
		s.cancel()
		close(s.drop)
		<-s.dropped
		// The one made ahead that no test took.
		select {
		case m := <-s.ready:
			if m.err == nil {
				s.exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{m.name}.Sanitize()+` WITH (FORCE)`)
			}
		default:
		}
	}
	if s.dir == "" {
		return s.exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{s.pfx + "_" + template}.Sanitize()+` WITH (FORCE)`)
	}
	var errs []error
	if s.admin != "" {
		if out, err := s.run(ctx, "pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop"); err != nil {
			errs = append(errs, fmt.Errorf("pg_ctl stop: %w: %s", err, strings.TrimSpace(string(out))))
		}
	}
	errs = append(errs, os.RemoveAll(s.dir))
	return errors.Join(errs...)
}
