package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waybill/carriers/track17/track17fake"
)

// The English issue 26 left after e2e_zhrest2_test, under a Chinese
// locale; English is what it was, byte for byte.

// A valid S10 number's note and a routed USPS number's, in `detect` and
// in `add` (an untracked U… item's warning): the service and the country
// in Chinese, the post's name and the numbers as they are.
func TestZhRest3ValidNumberNotes(t *testing.T) {
	t.Parallel()
	zhDB, enDB := twoStores(t)
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"detect", "RR123456785GB", "420787459400111206206406260787"},
			zh: []string{"UPU S10 挂号函件（R…），由 Royal Mail（英国）签发。", "带路由前缀 420 + 邮编 78745 的 USPS 条码；请按 9400111206206406260787 跟踪。"},
			en: []string{"UPU S10 registered letter post item (R…), issued by Royal Mail (United Kingdom).",
				"USPS barcode with the routing prefix 420 + ZIP 78745; track it as 9400111206206406260787."},
			notInZh: []string{"issued by", "routing prefix"}},
		{args: []string{"add", "--order", "WB-ZR3", "--tracking", "UA123456785DE"},
			zh:      []string{"UPU S10 无跟踪函件（U…），由 Deutsche Post（德国）签发。U… 类邮件不提供全程跟踪"},
			en:      []string{"UPU S10 untracked letter post item (U…), issued by Deutsche Post (Germany). U… items are not tracked end to end"},
			notInZh: []string{"issued by", "not tracked"}},
	})
}

// A service stopped for a rejected key, in `refresh`: why in Chinese,
// the carrier's own answer after it as the service gave it; the exit
// status is the same in both languages and English is what it was.
func TestZhRest3ServiceStoppedReason(t *testing.T) {
	t.Parallel() // its own store, files and fake; env goes to the subprocess
	fake := track17fake.New(t, 40)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte(fmt.Sprintf("[carriers.17track]\napi_key = \"wrong\"\nbase_url = %q\n", fake.URL())), 0o600); err != nil {
		t.Fatal(err)
	}
	var out [2]result
	for i, env := range [][]string{zhEnv, cEnv} {
		db := e2eStoreIn(t, dir, fmt.Sprintf("w%d.db", i))
		if r := waybillLang(t, env, "add", "--db", db, "--config", bad, "--order", "SHOP-2", "--tracking", "RB000000005GB"); r.code != 0 {
			t.Fatalf("add: %s", r.stderr)
		}
		out[i] = waybillLang(t, env, "refresh", "--once", "--db", db, "--config", bad)
	}
	zh, en := out[0], out[1]
	if zh.code != 1 || en.code != 1 {
		t.Errorf("exit %d in Chinese, %d in English, want 1", zh.code, en.code)
	}
	if !strings.Contains(en.stdout, "17track stopped: key rejected: 17track: auth") {
		t.Errorf("English: %q", en.stdout)
	}
	// The carrier's error's frame and kind are ours too (zhrest5); its
	// own words after them as it sent them.
	if !strings.Contains(zh.stdout, "17track 已停止：密钥被拒绝：17track：密钥或权限被拒") || strings.Contains(zh.stdout, "key rejected") ||
		!strings.Contains(zh.stdout, "The security key is invalid.") {
		t.Errorf("Chinese: %q", zh.stdout)
	}
}

// A config problem's cause that is ours reads in Chinese inside the
// problem's Chinese frame, the value as written in the file; the exit
// status is the same and English is what it was.
func TestZhRest3ConfigCause(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(cfg, []byte("[carriers.17track]\napi_key = \"k\"\nbase_url = \"ftp://x\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "w.db")
	zh := waybillLang(t, zhEnv, "--db", db, "--config", cfg, "list")
	en := waybillLang(t, cEnv, "--db", db, "--config", cfg, "list")
	if zh.code != en.code || en.code == 0 {
		t.Errorf("exit %d in Chinese, %d in English, want the same failure", zh.code, en.code)
	}
	if !strings.Contains(en.stderr, `carriers.17track.base_url = "ftp://x": scheme "ftp": want an http:// or https:// URL`) {
		t.Errorf("English: %q", en.stderr)
	}
	if !strings.Contains(zh.stderr, `协议 "ftp"：应为 http:// 或 https:// 网址`) || strings.Contains(zh.stderr, "want an http") {
		t.Errorf("Chinese: %q", zh.stderr)
	}
}

// main's frame around a cause reads in Chinese, the OS's words after it
// as the OS said them: the default store's folder cannot be made under a
// file.
func TestZhRest3MainWrapper(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(lang []string) []string { return append([]string{"XDG_DATA_HOME=" + file}, lang...) }
	zh := waybillLang(t, env(zhEnv), "list")
	en := waybillLang(t, env(cEnv), "list")
	if zh.code != en.code || en.code == 0 {
		t.Errorf("exit %d in Chinese, %d in English, want the same failure", zh.code, en.code)
	}
	if !strings.Contains(en.stderr, "create the store's folder: mkdir "+file) {
		t.Errorf("English: %q", en.stderr)
	}
	if !strings.Contains(zh.stderr, "创建数据库文件夹：mkdir "+file) || strings.Contains(zh.stderr, "create the store") {
		t.Errorf("Chinese: %q", zh.stderr)
	}
}
