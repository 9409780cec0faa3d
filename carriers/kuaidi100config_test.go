package carriers

import (
	"os"
	"strings"
	"testing"

	"waybill/carriers/kuaidi100"
	"waybill/tracker"
)

// callback_url and send_phone are checked when any command starts, each
// error with the file's line, the key and the value (not a password).
func TestCheckKuaidi100Settings(t *testing.T) {
	const head = "[carriers.kuaidi100]\napi_key = \"k\"\ncustomer = \"C\"\n"
	cases := []struct {
		name, src string
		want      string // "" for no error
	}{
		{"public https callback with a secret", head + "webhook_secret = \"salt\"\ncallback_url = \"https://shop.example/webhooks/kuaidi100?callbackid=7\"\n", ""},
		{"secret from the environment", head + "webhook_secret_env = \"KD_SALT\"\ncallback_url = \"https://shop.example/webhooks/kuaidi100\"\n", ""},
		{"send_phone modes", head + "send_phone = \"full\"\n", ""},
		{"no secret", head + "callback_url = \"https://shop.example/webhooks/kuaidi100\"\n",
			`c.toml line 4: carriers.kuaidi100.callback_url = "https://shop.example/webhooks/kuaidi100": needs webhook_secret`},
		{"loopback", head + "webhook_secret = \"s\"\ncallback_url = \"http://127.0.0.1:8080/webhooks/kuaidi100\"\n",
			`line 5: carriers.kuaidi100.callback_url = "http://127.0.0.1:8080/webhooks/kuaidi100": Kuaidi100 calls it from the internet`},
		{"localhost", head + "webhook_secret = \"s\"\ncallback_url = \"http://localhost/webhooks/kuaidi100\"\n", "from the internet"},
		{"private network", head + "webhook_secret = \"s\"\ncallback_url = \"http://192.168.1.5/webhooks/kuaidi100\"\n", "from the internet"},
		{"not http", head + "webhook_secret = \"s\"\ncallback_url = \"ftp://shop.example/x\"\n", `scheme "ftp"`},
		{"no host", head + "webhook_secret = \"s\"\ncallback_url = \"https:///webhooks/kuaidi100\"\n", "no host"},
		{"a password is not shown", head + "webhook_secret = \"s\"\ncallback_url = \"https://u:hunter2@shop.example/webhooks/kuaidi100\"\n", "a user or password"},
		{"unknown send_phone", head + "send_phone = \"last5\"\n", `line 4: carriers.kuaidi100.send_phone = "last5": want last4, full, none`},
		{"callback_url on another service", "[carriers.17track]\napi_key = \"k\"\ncallback_url = \"https://shop.example/x\"\n",
			"line 3: carriers.17track.callback_url: 17track pushes to the address set in its own console"},
		{"send_phone on another service", "[carriers.17track]\napi_key = \"k\"\nsend_phone = \"full\"\n", "line 3: carriers.17track.send_phone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tracker.ParseConfig("c.toml", []byte(tc.src), CheckConfig)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want %q", err, tc.want)
			case err != nil && strings.Contains(err.Error(), "hunter2"):
				t.Fatalf("the password is shown: %v", err)
			}
		})
	}
}

// Kuaidi100 subscribes (tracker.Subscriber) only with a callback URL and
// a secret; either way it keeps its webhook and the phone mode.
func TestBuildKuaidi100Pushes(t *testing.T) {
	const head = "[carriers.kuaidi100]\napi_key = \"k\"\ncustomer = \"C\"\n"
	cases := []struct {
		name, src string
		env       map[string]string
		subscribe bool
		err       string
	}{
		{"polling only", head + "webhook_secret = \"salt\"\n", nil, false, ""},
		{"pushes", head + "webhook_secret = \"salt\"\ncallback_url = \"https://shop.example/webhooks/kuaidi100\"\n", nil, true, ""},
		{"secret env set", head + "webhook_secret_env = \"KD\"\ncallback_url = \"https://shop.example/webhooks/kuaidi100\"\n", map[string]string{"KD": "salt"}, true, ""},
		{"secret env empty", head + "webhook_secret_env = \"KD\"\ncallback_url = \"https://shop.example/webhooks/kuaidi100\"\n", nil, false, "webhook_secret_env KD"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			set, err := Build(cfgOf(t, tc.src), func(k string) string { return tc.env[k] })
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := set.Route("china-post")
			if _, ok := c.(tracker.Subscriber); ok != tc.subscribe {
				t.Fatalf("%T subscribes %v, want %v", c, ok, tc.subscribe)
			}
			if _, paths := set.Webhooks(nil); len(paths) != 1 || paths[0] != "/webhooks/kuaidi100" {
				t.Fatalf("webhooks %v", paths)
			}
		})
	}
	if _, err := Build(cfgOf(t, head+"send_phone = \"none\"\n"), func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
}

// The example config documents both settings, and its commented table
// passes the check once uncommented.
func TestExampleConfigDocumentsKuaidi100Settings(t *testing.T) {
	src, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"callback_url =", "send_phone =", kuaidi100.PhoneLast4} {
		if !strings.Contains(string(src), key) {
			t.Errorf("config.example.toml does not document %s", key)
		}
	}
}
