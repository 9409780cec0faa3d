package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrFull means a write found no room: the disk (or the file system's
// quota) is full. The transaction was rolled back whole.
var ErrFull = errors.New("disk full: nothing of this write was kept; free some space and run it again")

// ErrReadOnly means the store cannot be written: the file, its folder or
// the file system is read-only for this user.
var ErrReadOnly = errors.New("read-only: nothing was written; check the permissions of the file and its folder")

// diskErr turns the failures a person fixes outside waybill (a full or
// read-only disk) into errors that name the store's file, and leaves
// every other error as it is.
func (db *DB) diskErr(err error) error {
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) {
		switch pe.Code {
		case "53100": // disk_full
			return fmt.Errorf("store %s: %w (%w)", db.path, ErrFull, err)
		case "25006": // read_only_sql_transaction: a standby, or a read-only user
			return fmt.Errorf("store %s: %w (%w)", db.path, ErrReadOnly, err)
		}
		return err
	}
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("store %s: %w (%w)", db.path, ErrFull, err)
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN:
		return fmt.Errorf("store %s: %w (%w)", db.path, ErrReadOnly, err)
	case sqlite3.SQLITE_IOERR:
		return fmt.Errorf("store %s: the disk failed a write; nothing of it was kept (%w)", db.path, err)
	}
	return err
}
