package tracker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigExposure(t *testing.T) {
	tests := []struct {
		name, src string
		mode      os.FileMode
		warn      string // "" for no warning
	}{
		{"key in a private file", "[carriers.17track]\napi_key = \"k\"\n", 0o600, ""},
		{"key readable by others", "[carriers.17track]\napi_key = \"k\"\n", 0o644, "carriers.17track.api_key"},
		{"key readable by the group", "[carriers.ship24]\napi_key = \"k\"\n", 0o640, "mode 0640"},
		{"key from the environment", "[carriers.17track]\napi_key_env = \"K\"\n", 0o644, ""},
		{"smtp password", "[alerts.email]\nsmtp_addr = \"h:25\"\npassword = \"p\"\nfrom = \"a@b.co\"\nto = [\"c@d.co\"]\n", 0o604, "alerts.email.password"},
		{"no secrets", "[refresh]\ninterval = \"5s\"\n", 0o666, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(p, []byte(tt.src), 0o600); err != nil {
				t.Fatal(err)
			}
			os.Chmod(p, tt.mode)
			cfg, err := LoadConfig(p, false)
			if err != nil {
				t.Fatal(err)
			}
			got := ConfigExposure(p, cfg)
			switch {
			case tt.warn == "" && got != "":
				t.Errorf("warned %q", got)
			case tt.warn != "" && (!strings.Contains(got, tt.warn) || !strings.Contains(got, p)):
				t.Errorf("warning %q, want it to name %q and the file", got, tt.warn)
			}
			if strings.Contains(got, `"k"`) || strings.Contains(got, `"p"`) {
				t.Errorf("the warning shows the secret: %q", got)
			}
		})
	}
}
