package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A sync interval out of bounds stops `refresh --watch` before it starts,
// naming the file, the line, the key and the value. (The background sync
// itself against a marketplace is not tested end to end here: no
// marketplace can be configured until carriers/aliexpress adds its case
// to carriers.Marketplaces; tracker's TestMarketSyncer* cover the loop.)
func TestE2EMarketSyncIntervalWatch(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("[marketplaces]\nsync_interval = \"30s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := waybill(t, "refresh", "--watch", "--config", cfg, "--db", e2eStoreIn(t, dir, "w.db"))
	want := `line 2: marketplaces.sync_interval = "30s": want a duration from 1m0s to 24h0m0s`
	if r.code == 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("refresh --watch: exit %d, stderr %q; want it refused with %q", r.code, r.stderr, want)
	}
}
