package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"waybill/tracker"
)

// ErrFull means a write found no room: the disk (or the file system's
// quota) is full. The transaction was rolled back whole.
var ErrFull = tracker.Wrapf(tracker.StoreFull)

// ErrReadOnly means the store cannot be written: the file, its folder or
// the file system is read-only for this user.
var ErrReadOnly = tracker.Wrapf(tracker.StoreReadOnly)

// diskErr turns the failures a person fixes outside waybill (a full or
// read-only disk) into errors that name the store's file, and leaves
// every other error as it is.
func (db *DB) diskErr(err error) error {
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) {
		switch pe.Code {
		case "53100": // disk_full
			return tracker.Wrapf(tracker.StoreDiskErr, db.path, ErrFull, err)
		case "25006": // read_only_sql_transaction: a standby, or a read-only user
			return tracker.Wrapf(tracker.StoreDiskErr, db.path, ErrReadOnly, err)
		}
		return err
	}
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return tracker.Wrapf(tracker.StoreDiskErr, db.path, ErrFull, err)
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN:
		return tracker.Wrapf(tracker.StoreDiskErr, db.path, ErrReadOnly, err)
	case sqlite3.SQLITE_IOERR:
		return tracker.Wrapf(tracker.StoreWriteFailed, db.path, err)
	}
	return err
}
