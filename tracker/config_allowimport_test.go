package tracker

import "testing"

// Import from the screen over SSH reads server files: off unless the
// config says so.
func TestSSHAllowImport(t *testing.T) {
	for _, tt := range []struct {
		name, toml string
		want       bool
	}{
		{"default", "", false},
		{"on", "[ssh]\nallow_import = true\n", true},
		{"off", "[ssh]\nallow_import = false\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig("c.toml", []byte(tt.toml))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.SSH.AllowImport != tt.want {
				t.Errorf("allow_import = %v, want %v", cfg.SSH.AllowImport, tt.want)
			}
		})
	}
}
