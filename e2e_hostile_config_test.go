package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"waybill/carriers/track17/track17fake"
)

// A config holding values no service could want is refused by every
// command when it starts, before anything is read from or written to the
// store, with one line per problem naming the file, the line, the key and
// the value (issue 19, item 8).
func TestHostileConfigRefusedAtStart(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	if r := waybill(t, "add", "--db", db, "--order", "SHOP-1", "--tracking", "RB123456785GB"); r.code != 0 {
		t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE3z0M5Cq9kq2wM3o1gYgq8n1cY7Yc6C8yq1O0x3Zs5V c"
	k17 := "[carriers.17track]\napi_key = \"k\"\n"
	tests := []struct {
		name, src string
		want      string // after "config FILE "
	}{
		{"rate inf", k17 + "rate_per_second = inf\n", "line 3: carriers.17track.rate_per_second = inf: want a finite number"},
		{"rate nan", k17 + "rate_per_second = nan\n", "line 3: carriers.17track.rate_per_second = nan: want a finite number"},
		{"base_url not http", k17 + "base_url = \"ftp://x\"\n", `line 3: carriers.17track.base_url = "ftp://x": scheme "ftp"`},
		{"batch over the service's maximum", k17 + "batch_size = 100000\n", "line 3: carriers.17track.batch_size = 100000: want 1 to 40"},
		{"api_key_env unset", "[carriers.17track]\napi_key_env = \"WAYBILL_HOSTILE_NO_SUCH_KEY\"\n",
			`line 2: carriers.17track.api_key_env = "WAYBILL_HOSTILE_NO_SUCH_KEY": environment variable WAYBILL_HOSTILE_NO_SUCH_KEY is not set or empty`},
		{"alert email to", "[alerts.email]\nsmtp_addr = \"mail.example.com:587\"\nfrom = \"shop@example.com\"\nto = [\"nobody\"]\n",
			`line 4: alerts.email.to = ["nobody"]: "nobody": not an email address`},
		{"alert email from", "[alerts.email]\nsmtp_addr = \"mail.example.com:587\"\nfrom = \"<>\"\nto = [\"ops@example.com\"]\n",
			`line 3: alerts.email.from = "<>": not an email address`},
		{"alert webhook url", "[alerts.webhook]\nurl = \"javascript:alert(1)\"\n", `line 2: alerts.webhook.url = "javascript:…": scheme "javascript"`},
		{"alert sms to", "[alerts.sms]\naccount_sid = \"AC1\"\nauth_token = \"t\"\nfrom = \"+15550100\"\nto = [\"call me\"]\n",
			`line 5: alerts.sms.to = ["call me"]: "call me": want an E.164 number`},
		{"import column", "[import.columns]\norder_number = \"Nr\"\n", `line 2: import.columns.order_number = "Nr": "order_number" is not a field`},
		{"agent with an empty name", "[[agents]]\nname = \"\"\nrole = \"agent\"\npublic_key = \"" + key + "\"\n", `line 2: agents[0].name = "": the name is empty`},
		{"store folder missing", "[store]\npath = \"" + filepath.Join(dir, "none", "w.db") + "\"\n",
			`line 2: store.path = "` + filepath.Join(dir, "none", "w.db") + `": folder does not exist`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "c.toml")
			os.WriteFile(cfg, []byte(tt.src), 0o600)
			want := "waybill: config " + cfg + " " + tt.want
			fresh := filepath.Join(t.TempDir(), "fresh.db")
			for _, args := range [][]string{
				{"add", "--db", db, "--order", fmt.Sprintf("HOSTILE-%d", i), "--tracking", "RB000000005GB"},
				{"list", "--db", db},
				{"list", "--db", fresh},
				{"detect", "RB123456785GB"}, // needs no store, and still checks the config
				{"import", "--db", db, cfg},
			} {
				r := waybill(t, append(args, "--config", cfg)...)
				if r.code == 0 || !strings.Contains(r.stderr, want) {
					t.Errorf("%s: exit %d, stderr\n%s\nwant a line\n%s", args[0], r.code, r.stderr, want)
				}
				if r.stdout != "" {
					t.Errorf("%s: ran despite the config:\n%s", args[0], r.stdout)
				}
			}
			if _, err := os.Stat(fresh); !os.IsNotExist(err) {
				t.Errorf("a store was made under a bad config: %v", err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); !os.IsNotExist(err) {
		t.Errorf("store.path's missing folder was made: %v", err)
	}
	r := waybill(t, "list", "--json", "--db", db)
	var orders []struct {
		OrderNo string `json:"order_no"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &orders); err != nil || len(orders) != 1 || orders[0].OrderNo != "SHOP-1" {
		t.Fatalf("the store changed under bad configs: %v %+v\n%s", err, orders, r.stderr)
	}
}

// rate_per_second = inf made 104 calls in 0.35 s to a service limited to
// 3 a second: now the refresh that would make them does not start.
func TestHostileConfigInfiniteRateMakesNoCall(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	db := e2eStoreIn(t, dir, "w.db")
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	base := fmt.Sprintf("[carriers.17track]\napi_key = %q\nbase_url = %q\n", fake.Key(), fake.URL())
	os.WriteFile(good, []byte(base), 0o600)
	os.WriteFile(bad, []byte(base+"rate_per_second = inf\n"), 0o600)
	for i := range 20 {
		num := s10("RB", i+1, "GB")
		if r := waybill(t, "add", "--db", db, "--config", good, "--order", "SHOP-"+num, "--tracking", num); r.code != 0 {
			t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
		}
	}
	r := waybill(t, "refresh", "--once", "--db", db, "--config", bad)
	if r.code == 0 || !strings.Contains(r.stderr, "carriers.17track.rate_per_second = inf") {
		t.Fatalf("refresh under rate inf: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Fatalf("%d calls to the service under rate_per_second = inf", n)
	}
}

// A config with several problems reports all of them in one run, one a
// line in the file's order, wrong types among them.
func TestHostileConfigReportsEveryProblem(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	cfg := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(cfg, []byte(`[demo]
speed = nan

[refresh]
interval = "soon"

[carriers.17track]
api_key = "k"
rate_per_second = inf
base_url = "ftp://x"
batch_size = 100000

[alerts.webhook]
url = "http://"

[import.columns]
nonsense = "X"
`), 0o600)
	r := waybill(t, "list", "--db", filepath.Join(t.TempDir(), "w.db"), "--config", cfg)
	want := []string{
		"line 2: demo.speed = nan",
		`line 5: refresh.interval = "soon"`,
		"line 9: carriers.17track.rate_per_second = inf",
		`line 10: carriers.17track.base_url = "ftp://x"`,
		"line 11: carriers.17track.batch_size = 100000",
		`line 14: alerts.webhook.url = "http://"`,
		`line 17: import.columns.nonsense = "X"`,
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code == 0 || len(lines) != len(want) {
		t.Fatalf("exit %d, %d lines, want %d:\n%s", r.code, len(lines), len(want), r.stderr)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], "waybill: config "+cfg+" "+w+": ") {
			t.Errorf("line %d: %q, want %q…", i+1, lines[i], w)
		}
	}
}

// --db naming a folder that does not exist is an error naming the path,
// and nothing is made there.
func TestHostileConfigDBFolderMissing(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	dir := t.TempDir()
	db := filepath.Join(dir, "nonexistent", "dir", "w.db")
	for _, args := range [][]string{{"list"}, {"add", "--order", "A-1", "--tracking", "RB123456785GB"}, {"demo", "--orders", "3"}} {
		r := waybill(t, append(args, "--db", db)...)
		if r.code == 0 || !strings.Contains(r.stderr, db) || !strings.Contains(r.stderr, "folder does not exist: "+filepath.Join(dir, "nonexistent", "dir")) {
			t.Errorf("%s --db %s: exit %d\n%s%s", args[0], db, r.code, r.stdout, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nonexistent")); !os.IsNotExist(err) {
		t.Fatalf("a folder was made for --db: %v", err)
	}
}

// The default store's folder is made, private to the user (0700), under
// $XDG_DATA_HOME or ~/.local/share.
func TestHostileConfigDefaultStoreFolderIsPrivate(t *testing.T) {
	t.Parallel() // its own store, files and servers; env goes to the subprocess, never t.Setenv
	for _, xdg := range []bool{true, false} {
		home := t.TempDir()
		env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "cfg")}
		folder := filepath.Join(home, ".local", "share", "waybill")
		if xdg {
			env = append(env, "XDG_DATA_HOME="+filepath.Join(home, "data"))
			folder = filepath.Join(home, "data", "waybill")
		}
		cmd := exec.Command(binary, "list")
		cmd.Env = append(withoutXDG(os.Environ()), env...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("list: %v\n%s", err, out.String())
		}
		fi, err := os.Stat(folder)
		if err != nil {
			t.Fatalf("XDG_DATA_HOME set %v: %v", xdg, err)
		}
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("XDG_DATA_HOME set %v: %s has mode %04o, want 0700", xdg, folder, fi.Mode().Perm())
		}
		if _, err := os.Stat(filepath.Join(folder, "waybill.db")); err != nil {
			t.Errorf("no store in the default folder: %v", err)
		}
	}
}

// withoutXDG drops the XDG folders of the environment the test runs in.
func withoutXDG(env []string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, "XDG_DATA_HOME=") && !strings.HasPrefix(e, "XDG_CONFIG_HOME=") && !strings.HasPrefix(e, "HOME=") {
			out = append(out, e)
		}
	}
	return out
}
