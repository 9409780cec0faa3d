package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// Paths in [ssh] are taken from the config file's folder, or the home
// folder with ~/, never from wherever the server was started.
func TestSSHConfigPaths(t *testing.T) {
	home, _ := os.UserHomeDir()
	for in, want := range map[string]string{
		"":                 "",
		"team_keys":        "/etc/waybill/team_keys",
		"keys/team":        "/etc/waybill/keys/team",
		"/srv/keys":        "/srv/keys",
		"~/.ssh/team":      filepath.Join(home, ".ssh/team"),
		"../shared/keys":   "/etc/shared/keys",
		"~":                home,
		"host/ssh_key.pem": "/etc/waybill/host/ssh_key.pem",
	} {
		if got := cfgRelative("/etc/waybill/config.toml", in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}
