package cli

import (
	"path/filepath"
	"testing"
)

// A server whose store is a URL keeps its host key beside its config, else
// in the user's config folder: never in a folder named after the URL under
// the working directory, as it did when the key went "beside the store".
func TestHostKeyDirForAStoreURL(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "cfg"))
	t.Setenv("HOME", home)
	for _, tc := range []struct{ cfg, want string }{
		{filepath.Join(home, "etc", "waybill.toml"), filepath.Join(home, "etc")},
		{"", filepath.Join(home, "cfg", "waybill")},
	} {
		got, err := hostKeyDir(tc.cfg)
		if err != nil || got != tc.want {
			t.Errorf("hostKeyDir(%q) = %q, %v; want %q", tc.cfg, got, err, tc.want)
		}
	}
}
