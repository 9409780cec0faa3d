package tracker

import (
	"errors"
	"testing"
)

// FuzzParseConfig: any config text either loads into a config that passes
// validation or fails with a ConfigError naming the file; never a panic.
// Seeds: config.example.toml's settings and testdata/fuzz/FuzzParseConfig.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("[refresh]\ninterval = \"5s\"\nin_transit = \"2d\"\n"))
	f.Add([]byte("[carriers.17track]\napi_key_env = \"K\"\nrate_per_second = 3.0\n"))
	f.Add([]byte("[ssh]\nlisten = \"127.0.0.1:23234\"\nmax_sessions = 5\n[[agents]]\nname = \"a\"\nrole = \"agent\"\npublic_key = \"ssh-ed25519 AAAA\"\n"))
	f.Add([]byte("[alerts.webhook]\nurl = \"https://h.example/x\"\nkinds = [\"lost\"]\nmin_severity = \"high\"\n"))
	f.Add([]byte("[rules.promised_days]\n\"A/BR\" = 60\n"))
	f.Add([]byte("[demo]\nspeed = 1e309\n"))
	f.Add([]byte("[carriers.17track]\napi_key = \"k\"\nrate_per_second = inf\nbatch_size = \"x\"\ntimeout = \"nand\"\n[demo]\norders = 1.5\n"))
	f.Add([]byte("[carriers]\n17track = { api_key = \"k\", base_url = \"ftp://x\" }\n[[agents]]\nname = 3\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, err := ParseConfig("fuzz.toml", src)
		if err != nil {
			var ce *ConfigError
			if errors.As(err, &ce) && ce.File != "fuzz.toml" {
				t.Fatalf("error names file %q: %v", ce.File, err)
			}
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if errs := cfg.validate(); len(errs) > 0 {
			t.Fatalf("accepted a config that does not validate: %v", ConfigErrors(errs))
		}
	})
}
