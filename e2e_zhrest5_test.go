package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// The English issue 26 left after e2e_zhrest4_test, under a Chinese
// locale: our words around a tracking service's and a marketplace's
// error, cobra's unknown command, pflag's bad flag syntax and the
// secrets warning. The service's slug, status and own words are as they
// were sent; English is what it was, byte for byte, and the exit status
// the same in both languages.

// zhrest5Service answers every call as a service that refuses the key
// "bad" (401) and fails for any other (500), in JSON words of its own.
func zhrest5Service(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := http.StatusInternalServerError
		if r.Header.Get("17token") == "bad" || r.Header.Get("X-Shopify-Access-Token") == "bad" {
			code = http.StatusUnauthorized
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"code":%d,"message":"carrier says no"}`, code)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// zhrest5Config writes a private config file of src.
func zhrest5Config(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A tracking service that fails: refresh's reason, the paused service's
// reason and show's last check say the frame and the kind in Chinese.
func TestZhRest5CarrierErrors(t *testing.T) {
	t.Parallel()
	base := zhrest5Service(t)
	failing := zhrest5Config(t, "[carriers.17track]\napi_key = \"k\"\nbase_url = \""+base+"\"\n")
	refusing := zhrest5Config(t, "[carriers.17track]\napi_key = \"bad\"\nbase_url = \""+base+"\"\n")
	body := `"{\"code\":500,\"message\":\"carrier says no\"}"`
	zhDB, enDB := e2eStore(t), e2eStore(t)
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"--config", failing, "add", "--order", "ZR5-1", "--tracking", "RB000000218GB"}},
		{args: []string{"--config", failing, "refresh", "--once"}, code: 1,
			zh:      []string{"1× 17track：服务端出错（HTTP 500）：register（1 个单号）：" + body},
			en:      []string{"1× 17track: server (HTTP 500): register 1 numbers: " + body},
			notInZh: []string{"(HTTP 500)", "numbers"}},
		{args: []string{"--config", failing, "show", "ZR5-1"},
			zh:      []string{"上次查询失败：17track：服务端出错（HTTP 500）：register（1 个单号）：" + body},
			en:      []string{"last check failed: 17track: server (HTTP 500): register 1 numbers: " + body},
			notInZh: []string{"server (HTTP"}},
	})
	zhDB, enDB = e2eStore(t), e2eStore(t)
	body = `"{\"code\":401,\"message\":\"carrier says no\"}"`
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"--config", refusing, "add", "--order", "ZR5-2", "--tracking", "RB000000218GB"}},
		{args: []string{"--config", refusing, "refresh", "--once"}, code: 1,
			zh:      []string{"17track 已停止：密钥被拒绝：17track：密钥或权限被拒（HTTP 401）：register（1 个单号）：" + body},
			en:      []string{"17track stopped: key rejected: 17track: auth (HTTP 401): register 1 numbers: " + body},
			notInZh: []string{"auth (HTTP"}},
	})
}

// A marketplace's sync that stops: its frames, the marketplace's frame,
// the kind and the advice after Shopify's words in Chinese.
func TestZhRest5MarketSyncStopped(t *testing.T) {
	t.Parallel()
	cfg := zhrest5Config(t, "[marketplaces.shopify]\nshop = \"my-shop\"\naccess_token = \"bad\"\nbase_url = \""+zhrest5Service(t)+"\"\n")
	body := `"{\"code\":401,\"message\":\"carrier says no\"}"`
	zhDB, enDB := e2eStore(t), e2eStore(t)
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"--config", cfg, "sync", "--once"}, code: 1,
			zh: []string{`已中断：shopify 订单（自 0001-01-01T00:00:00Z 起，页 ""）：shopify 订单：shopify：密钥或权限被拒（HTTP 401）：` + body +
				"：请检查 [marketplaces.shopify] 中的 access_token_env（或 access_token）和 shop（下次同步从中断处继续）"},
			en: []string{`stopped: shopify orders since 0001-01-01T00:00:00Z page "": shopify orders: shopify: auth (HTTP 401): ` + body +
				": check access_token_env (or access_token) and shop in [marketplaces.shopify] (the next sync resumes where this one stopped)"},
			notInZh: []string{"orders since", "auth (HTTP", "check access_token_env"}},
	})
}

// cobra's unknown command (the root's, with a suggestion, and a
// subcommand's), pflag's bad flag syntax, and the warning on a config
// holding a secret that others may read.
func TestZhRest5UnknownCommandsAndWarnings(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name            string
		args            []string
		zh, en, notInZh []string
	}{
		{"unknown", []string{"bogus"}, []string{`waybill: 未知命令 "bogus"（waybill --help 列出所有命令）`},
			[]string{`waybill: unknown command "bogus" (waybill --help lists the commands)`}, []string{"unknown command"}},
		{"a suggestion", []string{"lisst"}, []string{`waybill: 未知命令 "lisst"；是否为 list？（waybill --help 列出所有命令）`},
			[]string{`waybill: unknown command "lisst"; did you mean list? (waybill --help lists the commands)`}, []string{"unknown command", "did you mean"}},
		{"a subcommand", []string{"exception", "bogus"}, []string{`waybill exception: "waybill exception" 没有子命令 "bogus"`},
			[]string{`waybill exception: unknown command "bogus" for "waybill exception"`}, []string{"unknown command"}},
		{"bad flag syntax", []string{"list", "---x"}, []string{"waybill list: 选项写法有误：---x"},
			[]string{"waybill list: bad flag syntax: ---x"}, []string{"bad flag syntax"}},
	} {
		t.Run(tt.name, func(t *testing.T) { zhPair(t, tt.args, 2, tt.zh, tt.en, tt.notInZh) })
	}
	cfg := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(cfg, []byte("[carriers.17track]\napi_key = \"k\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(cfg, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	zhPair(t, []string{"--config", cfg, "--db", e2eStore(t), "version"}, 0,
		[]string{"警告：" + cfg + " 含有密钥（carriers.17track.api_key），权限为 0644，其他用户可读：请执行 chmod 600 " + cfg},
		[]string{"warning: " + cfg + " holds secrets (carriers.17track.api_key) and has mode 0644, readable by others: chmod 600 " + cfg},
		[]string{"holds secrets"})
}
