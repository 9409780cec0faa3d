package tracker

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestMarketplacesSyncInterval(t *testing.T) {
	tests := []struct {
		src  string
		want time.Duration
		err  string // a part of the error; "" for none
	}{
		{"", DefaultSyncInterval, ""},
		{"[marketplaces]\nsync_interval = \"5m\"\n", 5 * time.Minute, ""},
		{"[marketplaces]\nsync_interval = \"1m\"\n", time.Minute, ""},
		{"[marketplaces]\nsync_interval = \"1d\"\n", 24 * time.Hour, ""},
		{"[marketplaces]\nsync_interval = \"30s\"\n", 0, `c.toml line 2: marketplaces.sync_interval = "30s": want a duration from 1m0s to 24h0m0s`},
		{"[marketplaces]\nsync_interval = \"2d\"\n", 0, `line 2: marketplaces.sync_interval = "2d": want a duration from 1m0s to 24h0m0s`},
		{"[marketplaces]\n\nsync_interval = \"soon\"\n", 0, `line 3: marketplaces.sync_interval = "soon"`},
		{"[marketplaces]\nsync_intervall = \"5m\"\n", 0, "marketplaces.sync_intervall: unknown setting"},
	}
	for _, tt := range tests {
		cfg, err := ParseConfig("c.toml", []byte(tt.src))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want one with %q", tt.src, err, tt.err)
			}
			continue
		}
		if err != nil || cfg.Marketplaces.SyncInterval.Duration != tt.want {
			t.Errorf("%q: sync_interval %v, %v; want %v", tt.src, cfg.Marketplaces.SyncInterval, err, tt.want)
		}
	}
}

// config.example.toml documents the key with its default.
func TestExampleConfigSyncInterval(t *testing.T) {
	src, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig("config.example.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "sync_interval =") || cfg.Marketplaces.SyncInterval != DefaultConfig().Marketplaces.SyncInterval {
		t.Errorf("config.example.toml: sync_interval %v, want it documented as the default %v", cfg.Marketplaces.SyncInterval, DefaultSyncInterval)
	}
}
