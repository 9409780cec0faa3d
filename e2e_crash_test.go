package main

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigOrderFile writes a CSV of n orders, one parcel each (norace writes
// it: 200,000 rows took seconds under -race).
func bigOrderFile(t *testing.T, path string, n int) {
	t.Helper()
	norace(t, "orders", path, strconv.Itoa(n))
}

// norace runs testdata/norace with args and returns what it prints; it
// fails the test with what norace says when a check fails.
func norace(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(noraceBinary, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("norace %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// ordersStored is the highest order id: what a poll for the first
// committed batch needs, read from the index alone.
func ordersStored(t *testing.T, db string) int {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n sql.NullInt64
	if err := conn.QueryRow(`SELECT max(id) FROM orders`).Scan(&n); err != nil {
		return 0 // not created yet, or busy: the next poll will tell
	}
	return int(n.Int64)
}

// storeShape reads the store with SQL beside it: orders and parcels, and
// fails on a duplicate or half-written row (an order without its parcel,
// a parcel without its order) or a failed integrity check.
func storeShape(t *testing.T, db string) (orders, shipments int) {
	t.Helper()
	// In norace: these reads took 84 s of a 20,000-order store under
	// -race, 2.6 s without.
	if _, err := fmt.Sscan(norace(t, "shape", db), &orders, &shipments); err != nil {
		t.Fatalf("norace shape %s: %v", db, err)
	}
	return orders, shipments
}

// Killing an import halfway keeps whole batches only, and importing the
// file again completes it: every order once, with its parcel.
func TestImportSurvivesSIGKILL(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	sqliteOnlyE2E(t, "its check reads the SQLite file beside the store (norace shape: integrity_check, orders and parcels)")
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	file := filepath.Join(dir, "big.csv")
	const n = 40000
	bigOrderFile(t, file, n)
	if r := waybill(t, "add", "--db", db, "--order", "FIRST-1", "--tracking", "RB123456785GB"); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}

	cmd := exec.Command(binary, "import", "--db", db, file)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Poll with the cheapest read there is: storeShape's integrity check
	// takes longer under -race than the whole import takes to commit.
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if ordersStored(t, db) > 1 {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	mid, ships := storeShape(t, db)
	if mid <= 1 || mid >= n+1 {
		t.Fatalf("the kill came at the wrong time: %d of %d orders stored\n%s", mid-1, n, out.String())
	}
	if ships != mid {
		t.Fatalf("%d parcels for %d orders", ships, mid)
	}
	t.Logf("killed with %d of %d orders stored", mid-1, n)

	r := waybill(t, "import", "--db", db, file)
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("(%d new orders, %d new shipments)", n+1-mid, n+1-mid)) {
		t.Fatalf("rerun: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if orders, ships := storeShape(t, db); orders != n+1 || ships != n+1 {
		t.Fatalf("after the rerun: %d orders, %d parcels; want %d each", orders, ships, n+1)
	}
}

// mountTmpfs mounts a tmpfs of size at dir, or skips: it needs root and a
// kernel that lets this process mount.
func mountTmpfs(t *testing.T, dir, size string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a full disk is simulated with a small tmpfs, which needs root (store's max_page_count test covers the rest)")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
}

// A disk that fills up during an import: a clear error naming the store,
// nothing half-written, the batches before it kept; with room again the
// same import completes.
func TestImportOnAFullDisk(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	sqliteOnlyE2E(t, "the full disk is a small tmpfs under the SQLite file")
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	os.Mkdir(small, 0o700)
	mountTmpfs(t, small, "1200k") // a new store migrated (0001-0027) with one order, its WAL at the peak, and little more
	db := filepath.Join(small, "w.db")
	file := filepath.Join(dir, "big.csv")
	const n = 20000
	bigOrderFile(t, file, n)
	if r := waybill(t, "add", "--db", db, "--order", "FIRST-1", "--tracking", "RB123456785GB"); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	r := waybill(t, "import", "--db", db, file)
	if r.code == 0 || !strings.Contains(r.stderr, "store "+db) || !strings.Contains(r.stderr, "disk full") {
		t.Fatalf("import on a full disk: exit %d, want an error naming %s and the full disk\n%s%s", r.code, db, r.stdout, r.stderr)
	}
	t.Logf("full disk: %s", strings.TrimSpace(r.stderr))
	orders, ships := storeShape(t, db)
	if orders < 1 || orders >= n+1 || (orders-1)%1000 != 0 || ships != orders {
		t.Fatalf("after the full disk: %d orders, %d parcels: want whole batches of 1000 after the first order", orders, ships)
	}
	if out, err := exec.Command("mount", "-o", "remount,size=64m", small).CombinedOutput(); err != nil {
		t.Fatalf("grow the tmpfs: %v %s", err, out)
	}
	if r := waybill(t, "import", "--db", db, file); r.code != 0 {
		t.Fatalf("import with room again: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if orders, ships := storeShape(t, db); orders != n+1 || ships != n+1 {
		t.Fatalf("after the rerun: %d orders, %d parcels, want %d", orders, ships, n+1)
	}
}

// A store this user may not write: a clear error naming the file, and the
// store as it was. Root can write anything, so as root the binary runs as
// nobody.
func TestReadOnlyStore(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	sqliteOnlyE2E(t, "a read-only store is a folder and file mode")
	dir, err := os.MkdirTemp("", "waybill-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700); os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	db := filepath.Join(dir, "w.db")
	cfg := filepath.Join(dir, "c.toml")
	os.WriteFile(cfg, nil, 0o644)
	if r := waybill(t, "add", "--db", db, "--config", cfg, "--order", "FIRST-1", "--tracking", "RB123456785GB"); r.code != 0 {
		t.Fatalf("add: %s", r.stderr)
	}
	file := filepath.Join(dir, "more.csv")
	bigOrderFile(t, file, 10)
	os.Chmod(file, 0o644)
	bin := binary
	if os.Geteuid() == 0 { // nobody cannot enter the test binary's private folder
		b, err := os.ReadFile(binary)
		if err != nil {
			t.Fatal(err)
		}
		bin = filepath.Join(dir, "waybill")
		if err := os.WriteFile(bin, b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	before := storeDigest(t, db)
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		os.Chmod(f, 0o444)
	}
	os.Chmod(dir, 0o555)

	for _, args := range [][]string{
		{"add", "--order", "NEW-1", "--tracking", "EA123456785CN"},
		{"import", file},
	} {
		cmd := exec.Command(bin, append(args, "--db", db, "--config", cfg)...)
		cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%s on a read-only store: %v\n%s", args[0], err, out)
		}
		if err == nil {
			t.Fatalf("%s on a read-only store succeeded:\n%s", args[0], out)
		}
		t.Logf("%s: %s", args[0], strings.TrimSpace(string(out)))
		if !strings.Contains(string(out), db) || !strings.Contains(string(out), "denied") && !strings.Contains(string(out), "read-only") {
			t.Errorf("%s: %q: want an error naming %s and why", args[0], out, db)
		}
	}
	os.Chmod(dir, 0o755)
	if after := storeDigest(t, db); after != before {
		t.Fatal("the read-only store changed")
	}
}
