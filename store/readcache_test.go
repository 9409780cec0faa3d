package store

import (
	"context"
	"testing"
)

// The read pool's connections keep a small page cache each (readCacheKB:
// five of SQLite's 2 MB caches made the screen's memory grow with the
// store), and the writer keeps its 32 MB for ingest.
func TestPageCachePerConnection(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	sqliteOnly(t, "SQLite page caches")
	for _, tc := range []struct {
		name string
		kb   int // negative cache_size: kibibytes
		q    func() (int, error)
	}{
		{"read pool", readCacheKB, func() (n int, err error) {
			return n, db.read.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&n)
		}},
		{"data version connection", readCacheKB, func() (n int, err error) {
			return n, db.dv.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&n)
		}},
		{"writer", 32768, func() (n int, err error) {
			return n, db.write.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&n)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := tc.q()
			if err != nil {
				t.Fatalf("PRAGMA cache_size on the %s: %v", tc.name, err)
			}
			if n != -tc.kb {
				t.Errorf("PRAGMA cache_size on the %s = %d, want %d (%d KB)", tc.name, n, -tc.kb, tc.kb)
			}
		})
	}
	// At 512 KB a screen on 1,000,000 orders ended its filter keys 13 MB
	// higher than on 10,000 (the bench's tui_rss, 1.28x); at 128 KB, 4 MB.
	if readCacheKB > 128 {
		t.Errorf("readCacheKB = %d: the pool's five caches would hold more than the screen's flat memory allows", readCacheKB)
	}
}
