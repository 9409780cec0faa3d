package i18n

import "testing"

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestChooseLanguage(t *testing.T) {
	for _, tt := range []struct {
		name    string
		setting string
		env     map[string]string
		want    Lang
	}{
		{"auto, LANG zh_CN.UTF-8", "auto", map[string]string{"LANG": "zh_CN.UTF-8"}, Zh},
		{"unset setting is auto", "", map[string]string{"LANG": "zh_CN.UTF-8"}, Zh},
		{"LC_ALL beats LANG", "auto", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, En},
		{"LC_MESSAGES beats LANG", "", map[string]string{"LC_MESSAGES": "zh_CN", "LANG": "C"}, Zh},
		{"the config beats the locale", "en", map[string]string{"LC_ALL": "zh_CN.UTF-8"}, En},
		{"zh by config in a C locale", "zh", map[string]string{"LANG": "C"}, Zh},
		{"no locale at all", "auto", nil, En},
		{"C.UTF-8", "", map[string]string{"LANG": "C.UTF-8"}, En},
		{"zh_TW reads Simplified", "", map[string]string{"LANG": "zh_TW.UTF-8"}, Zh},
		{"zh@modifier", "", map[string]string{"LANG": "zh_CN.GB18030@stroke"}, Zh},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Choose(tt.setting, env(tt.env)); got != tt.want {
				t.Errorf("Choose(%q, %v) = %s, want %s", tt.setting, tt.env, got, tt.want)
			}
		})
	}
}

func TestSSHSessionLanguage(t *testing.T) {
	for _, tt := range []struct {
		name    string
		agent   string
		environ []string
		server  Lang
		want    Lang
	}{
		{"the agent's setting first", "en", []string{"LANG=zh_CN.UTF-8"}, Zh, En},
		{"then the client's LANG", "", []string{"TERM=xterm", "LANG=zh_CN.UTF-8"}, En, Zh},
		{"auto is the client's LANG", "auto", []string{"LANG=zh_CN.UTF-8"}, En, Zh},
		{"the client's LC_ALL beats its LANG", "", []string{"LANG=zh_CN.UTF-8", "LC_ALL=en_GB.UTF-8"}, Zh, En},
		{"nothing sent: the server's", "", []string{"TERM=xterm"}, Zh, Zh},
		{"nothing at all: English", "", nil, "", En},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ForSSH(tt.agent, tt.environ, tt.server); got != tt.want {
				t.Errorf("ForSSH(%q, %v, %s) = %s, want %s", tt.agent, tt.environ, tt.server, got, tt.want)
			}
		})
	}
}

func TestCheckSetting(t *testing.T) {
	for _, ok := range []string{"", "auto", "en", "zh"} {
		if err := CheckSetting(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"cn", "zh_CN", "EN", "chinese"} {
		if CheckSetting(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
