package tracker

// The store's errors a person reads (the command line's stderr, the
// screen's status line), as formats for Wrapf: the store writes them by
// these, so a reader in another language says them in its words, with
// the path, the URL and the database's or the OS's own words inside as
// they were said. English is what the store always wrote. A store's
// sentinel (ErrNoFolder, ErrLocked …) is a Wrapf of its format alone, so
// errors.Is still finds it by identity.
const (
	StoreOpen         = "open store %s: %v"
	StoreNoFolder     = "folder does not exist"
	StoreNoFolderAt   = "%v: %s (create it first; waybill makes only its default folder)"
	StoreNotFolder    = "%s is not a folder"
	StoreIsDirectory  = "is a directory"
	StoreLocked       = "database is locked (another waybill is writing?)"
	StoreLockedGaveUp = "%v, gave up: %v"
	StoreNotDatabase  = "file is not a database"
	StoreFull         = "disk full: nothing of this write was kept; free some space and run it again"
	StoreReadOnly     = "read-only: nothing was written; check the permissions of the file and its folder"
	StoreDiskErr      = "store %s: %v (%v)"
	StoreWriteFailed  = "store %s: the disk failed a write; nothing of it was kept (%v)"
	StoreSchemaNewer  = "schema version %d is newer than this waybill knows (%d): upgrade waybill"
	StoreBadPGURL     = "bad PostgreSQL URL (check its form: postgres://user:password@host:port/database)"
	StoreConnectPG    = "connect to PostgreSQL: %v"
	StoreIntegrity    = "integrity check of %s: %v"
	// migrate's copy to PostgreSQL (store.CopyToPG).
	StoreCopyOnPG        = "copy store %s: it is on PostgreSQL already; migrate copies an SQLite store"
	StoreCopyNotURL      = "copy store to %q: not a PostgreSQL URL (postgres://user@host/database)"
	StoreCopyTo          = "copy store to %s: %v"
	StoreTargetHoldsRows = "holds waybill rows"
	StoreCopyNotEmpty    = "copy store to %s: the database %v (in %s); migrate copies only into an empty one"
	// Triage the store refuses (a screen or the command line checks first;
	// a script's call may not).
	StoreSnoozePast   = "snooze %s until %s: that is not after now (%s)"
	StoreAssignNobody = "assign %s to %q: that name means \"nobody\" in filters"
	// A second case on one parcel for one kind (store.CaseOpenError).
	StoreCaseOpen = "case %d is already open for %s on this shipment: resume it"
)

// storeFormats are the formats above, for the catalog's test.
var storeFormats = []string{StoreOpen, StoreNoFolder, StoreNoFolderAt, StoreNotFolder, StoreIsDirectory,
	StoreLocked, StoreLockedGaveUp, StoreNotDatabase, StoreFull, StoreReadOnly, StoreDiskErr, StoreWriteFailed,
	StoreSchemaNewer, StoreBadPGURL, StoreConnectPG, StoreIntegrity, StoreCopyOnPG, StoreCopyNotURL,
	StoreCopyTo, StoreTargetHoldsRows, StoreCopyNotEmpty, StoreSnoozePast, StoreAssignNobody, StoreCaseOpen}
